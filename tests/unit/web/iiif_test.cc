// IIIF as a viewer meets it: every scanned page an Image API 3.0 service
// (info.json and image requests, with their errors), each record with pages
// a Presentation 3.0 manifest, each collection a IIIF collection; a closed
// record's pages closed with it; thumbnails on the document page.
#include <gtest/gtest.h>

#include <map>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "../images/test_image.h"
#include "archive/archive.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

using chancery::testing::decode_test_image;
using chancery::testing::make_test_image;
using chancery::testing::write_test_file;
using nlohmann::json;

constexpr const char* kVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v96">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Harbours, Volume XCVI</title>
  </titleStmt></fileDesc></teiHeader>
  <text><body>
    <div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-01-05">January 5, 1999</date></dateline></opener><p>Harbours and lighthouses of Brittany.</p></div>
    <div type="document" xml:id="d2" n="2"><head>2. Memorandum for the Record</head><opener><dateline><date when="1999-02-03">February 3, 1999</date></dateline></opener><p>Harbours of Normandy.</p></div>
    <div type="document" xml:id="d3" n="3"><head>3. Letter From the Ambassador</head><p>Nothing scanned.</p></div>
  </body></text>
</TEI>
)";

constexpr const char* kBase = "http://127.0.0.1:8080";

std::string header_of(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

class IiifTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("frus1999v96.xml", kVolume);
    const auto page1 = write_test_file(dir_ / "0031.jpg", make_test_image(1200, 1600, ".jpg"));
    const auto page2 = write_test_file(dir_ / "0032.png", make_test_image(800, 1000, ".png"));
    auto added = archive_->add_scans("frus1999v96/d1", {{page1, "p. 31"}, {page2, "p. 32"}}, false, "editor:ann");
    ASSERT_TRUE(added) << added.error().describe();
    ASSERT_TRUE(archive_->add_scans("frus1999v96/d2", {{page2, ""}}, false, "editor:ann"));
  }

  json get_json(const std::string& target, int status = 200) {
    HttpResponse response = get(target);
    EXPECT_EQ(response.status, status) << target << ": " << response.body;
    EXPECT_EQ(header_of(response, "Access-Control-Allow-Origin"), "*") << target;
    return json::parse(response.body, nullptr, false);
  }
};

TEST_F(IiifTest, EachPageIsAnImageServiceAtLevelTwo) {
  const json info = get_json("/iiif/image/frus1999v96/d1/1/info.json");
  EXPECT_EQ(info["@context"], "http://iiif.io/api/image/3/context.json");
  EXPECT_EQ(info["id"], std::string(kBase) + "/iiif/image/frus1999v96/d1/1");
  EXPECT_EQ(info["type"], "ImageService3");
  EXPECT_EQ(info["protocol"], "http://iiif.io/api/image");
  EXPECT_EQ(info["profile"], "level2");
  EXPECT_EQ(info["width"], 1200);
  EXPECT_EQ(info["height"], 1600);
  ASSERT_FALSE(info["sizes"].empty());
  EXPECT_EQ(info["sizes"].back()["width"], 1200);   // the largest size a viewer may ask for whole
  EXPECT_EQ(info["tiles"][0]["width"], 512);
  EXPECT_EQ(info["tiles"][0]["scaleFactors"], json::array({1, 2, 4}));   // 1600 / 4 fits one tile
  // A tile as a viewer asks for it: at scale factor 2, the second column.
  HttpResponse tile = get("/iiif/image/frus1999v96/d1/1/1024,0,176,1024/88,/0/default.jpg");
  ASSERT_EQ(tile.status, 200) << tile.body;
  EXPECT_EQ(decode_test_image(tile.body).width(), 88);
  EXPECT_EQ(decode_test_image(tile.body).height(), 512);
  EXPECT_EQ(get_json("/iiif/image/frus1999v96/d1/2/info.json")["width"], 800);

  // The base URI sends the viewer on to info.json.
  HttpResponse base = get("/iiif/image/frus1999v96/d1/2");
  EXPECT_EQ(base.status, 303);
  EXPECT_EQ(header_of(base, "Location"), std::string(kBase) + "/iiif/image/frus1999v96/d1/2/info.json");
}

TEST_F(IiifTest, ImageRequestsAreRendered) {
  HttpResponse response = get("/iiif/image/frus1999v96/d1/1/0,0,600,1600/150,/0/default.jpg");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "image/jpeg");
  vips::VImage left = decode_test_image(response.body);
  EXPECT_EQ(left.width(), 150);
  EXPECT_EQ(left.height(), 400);
  EXPECT_LT(left.avg(), 80);   // the dark half of the page

  response = get("/iiif/image/frus1999v96/d1/1/full/!100,100/90/gray.png");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "image/png");
  vips::VImage turned = decode_test_image(response.body);
  EXPECT_EQ(turned.width(), 100);   // 75 x 100, turned a quarter
  EXPECT_EQ(turned.height(), 75);
  EXPECT_EQ(turned.bands(), 1);
}

TEST_F(IiifTest, BadRequestsGetTheStatusTheApiNames) {
  EXPECT_EQ(get_json("/iiif/image/frus1999v96/d1/1/full/max/45/default.jpg", 501)["status"], 501);
  get_json("/iiif/image/frus1999v96/d1/1/full/max/0/default.gif", 501);
  get_json("/iiif/image/frus1999v96/d1/1/nowhere/max/0/default.jpg", 400);
  get_json("/iiif/image/frus1999v96/d1/1/5000,0,10,10/max/0/default.jpg", 400);   // outside the page
  get_json("/iiif/image/frus1999v96/d1/1/full/2400,/0/default.jpg", 400);        // larger, without ^
  get_json("/iiif/image/frus1999v96/d1/1/full/^2400,/0/default.jpg", 200);
  get_json("/iiif/image/frus1999v96/d1/3/info.json", 404);   // two pages only
  get_json("/iiif/image/frus1999v96/d1/0/info.json", 404);
  get_json("/iiif/image/frus1999v96/d3/1/info.json", 404);   // a record without pages
  get_json("/iiif/image/frus1999v96/d9/1/info.json", 404);   // no such record
  get_json("/iiif/manifest/frus1999v96/d3", 404);
}

TEST_F(IiifTest, ARecordWithPagesIsAManifest) {
  const json manifest = get_json("/iiif/manifest/frus1999v96/d1");
  EXPECT_EQ(manifest["@context"], "http://iiif.io/api/presentation/3/context.json");
  EXPECT_EQ(manifest["type"], "Manifest");
  EXPECT_EQ(manifest["id"], std::string(kBase) + "/iiif/manifest/frus1999v96/d1");
  EXPECT_EQ(manifest["label"]["none"][0], "1. Telegram From the Embassy in France to the Department of State");
  EXPECT_EQ(manifest["homepage"][0]["id"], std::string(kBase) + "/document/frus1999v96/d1");
  ASSERT_EQ(manifest["items"].size(), 2u);
  const json& canvas = manifest["items"][1];
  EXPECT_EQ(canvas["type"], "Canvas");
  EXPECT_EQ(canvas["label"]["none"][0], "p. 32");
  EXPECT_EQ(canvas["width"], 800);
  EXPECT_EQ(canvas["height"], 1000);
  const json& painting = canvas["items"][0]["items"][0];
  EXPECT_EQ(painting["motivation"], "painting");
  EXPECT_EQ(painting["target"], canvas["id"]);
  EXPECT_EQ(painting["body"]["service"][0]["id"], std::string(kBase) + "/iiif/image/frus1999v96/d1/2");
  EXPECT_EQ(painting["body"]["service"][0]["type"], "ImageService3");
  const bool dated = std::any_of(manifest["metadata"].begin(), manifest["metadata"].end(), [](const json& m) {
    return m["label"]["en"][0] == "Date" && m["value"]["none"][0] == "January 5, 1999";
  });
  EXPECT_TRUE(dated) << manifest["metadata"].dump();
  // Every image the manifest names is served.
  for (const json& c : manifest["items"]) {
    const std::string url = c["thumbnail"][0]["id"];
    EXPECT_EQ(get(url.substr(std::string(kBase).size())).status, 200) << url;
    const std::string full = c["items"][0]["items"][0]["body"]["id"];
    EXPECT_EQ(get(full.substr(std::string(kBase).size())).status, 200) << full;
  }
  // JSON-LD when asked for.
  HttpRequest request = testing::request_for("/iiif/manifest/frus1999v96/d1");
  request.headers["accept"] = "application/ld+json";
  HttpResponse ld = answer(router_, *site_, archive_.get(), request);
  EXPECT_EQ(ld.content_type, "application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\"");
}

TEST_F(IiifTest, ACollectionListsTheManifestsOfItsRecordsWithPages) {
  const json collection = get_json("/iiif/collection/frus1999v96");
  EXPECT_EQ(collection["type"], "Collection");
  ASSERT_EQ(collection["items"].size(), 2u);   // d3 has no pages
  EXPECT_EQ(collection["items"][0]["id"], std::string(kBase) + "/iiif/manifest/frus1999v96/d1");
  EXPECT_EQ(collection["items"][0]["type"], "Manifest");
  get_json("/iiif/collection/frus1999v99", 404);
}

TEST_F(IiifTest, AClosedRecordsPagesAreClosedWithIt) {
  Annotation draft;
  draft.target = "frus1999v96/d1";
  draft.type = AnnotationType::kRestriction;
  draft.text = "Privacy";
  draft.author = "editor:ann";
  ASSERT_TRUE(archive_->annotate(draft));
  get_json("/iiif/image/frus1999v96/d1/1/info.json", 403);
  get_json("/iiif/image/frus1999v96/d1/1/full/max/0/default.jpg", 403);
  get_json("/iiif/manifest/frus1999v96/d1", 403);
  const json collection = get_json("/iiif/collection/frus1999v96");
  ASSERT_EQ(collection["items"].size(), 1u);
  EXPECT_EQ(collection["items"][0]["id"], std::string(kBase) + "/iiif/manifest/frus1999v96/d2");
  HttpResponse page = get("/document/frus1999v96/d1");
  EXPECT_EQ(page.status, 403);
  EXPECT_EQ(page.body.find("/iiif/"), std::string::npos);
  const json api = json::parse(get("/api/v1/documents/frus1999v96/d1").body);
  EXPECT_FALSE(api.contains("scans"));
}

TEST_F(IiifTest, AWithdrawnRecordsPagesAreGoneWithIt) {
  ASSERT_TRUE(archive_->withdraw_record("frus1999v96/d1", "Pages of another volume", "editor:ann"));
  const json info = get_json("/iiif/image/frus1999v96/d1/1/info.json", 410);
  EXPECT_NE(info["detail"].get<std::string>().find("Pages of another volume"), std::string::npos) << info;
  get_json("/iiif/image/frus1999v96/d1/1/full/max/0/default.jpg", 410);
  get_json("/iiif/manifest/frus1999v96/d1", 410);
  get_json("/iiif/manifest/frus1999v96/d9", 404);
  const json collection = get_json("/iiif/collection/frus1999v96");
  ASSERT_EQ(collection["items"].size(), 1u);
  EXPECT_EQ(collection["items"][0]["id"], std::string(kBase) + "/iiif/manifest/frus1999v96/d2");
  ASSERT_TRUE(archive_->reinstate_record("frus1999v96/d1", "editor:ann"));
  get_json("/iiif/manifest/frus1999v96/d1", 200);
}

TEST_F(IiifTest, SearchCountsAndFiltersTheDocumentsWithScannedPages) {
  auto scanned = [this](const std::string& query) {
    const json results = json::parse(get("/api/v1/search?q=" + query).body);
    std::map<std::string, std::int64_t> counts;
    for (const auto& v : results["facets"]["pages"]) counts[v["value"]] = v["count"];
    return std::pair{counts["Scanned"], results["total"].get<std::int64_t>()};
  };
  EXPECT_EQ(scanned("harbours"), (std::pair<std::int64_t, std::int64_t>{2, 2}));
  EXPECT_EQ(scanned("harbours%20OR%20scanned"), (std::pair<std::int64_t, std::int64_t>{2, 3}));
  // The filter keeps the documents with pages.
  const json filtered = json::parse(get("/api/v1/search?q=harbours%20OR%20scanned&f=pages:Scanned").body);
  EXPECT_EQ(filtered["total"], 2);
  // Pages removed: the record leaves the facet at once; added: it comes in.
  ASSERT_TRUE(archive_->remove_scans("frus1999v96/d2", "editor:ann"));
  EXPECT_EQ(scanned("harbours"), (std::pair<std::int64_t, std::int64_t>{1, 2}));
  ASSERT_TRUE(archive_->add_scans("frus1999v96/d3", {{dir_ / "0032.png", ""}}, false, "editor:ann"));
  EXPECT_EQ(scanned("harbours%20OR%20scanned"), (std::pair<std::int64_t, std::int64_t>{2, 3}));
  // The search page offers the filter.
  HttpResponse page = get("/search?q=harbours");
  EXPECT_NE(page.body.find("data-facet=\"pages\""), std::string::npos);
  EXPECT_NE(page.body.find("f=pages%3AScanned"), std::string::npos) << page.body.substr(0, 200);
}

TEST_F(IiifTest, TheDocumentPageShowsThumbnailsAndTheApiListsThePages) {
  HttpResponse page = get("/document/frus1999v96/d1");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Scanned pages"), std::string::npos);
  EXPECT_NE(page.body.find("src=\"/iiif/image/frus1999v96/d1/1/full/180,240/0/default.jpg\""), std::string::npos)
      << page.body.substr(page.body.find("scan-pages"), 600);
  EXPECT_NE(page.body.find("href=\"/iiif/manifest/frus1999v96/d1\""), std::string::npos);
  EXPECT_EQ(get("/document/frus1999v96/d3").body.find("Scanned pages"), std::string::npos);
  const json api = json::parse(get("/api/v1/documents/frus1999v96/d1").body);
  ASSERT_EQ(api["scans"].size(), 2u);
  EXPECT_EQ(api["scans"][0]["label"], "p. 31");
  EXPECT_EQ(api["scans"][0]["iiif_image"], "/iiif/image/frus1999v96/d1/1");
  EXPECT_EQ(api["iiif_manifest"], "/iiif/manifest/frus1999v96/d1");
  EXPECT_TRUE(json::parse(get("/api/v1/documents/frus1999v96/d3").body)["scans"].empty());
}

}  // namespace
}  // namespace chancery::web
