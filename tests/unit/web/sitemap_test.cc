// Sitemaps and robots.txt: every public document, collection and authority
// page is listed once, with the time it last changed, in files of a bounded
// size; closed and withdrawn records and closed collections are not; a
// record changed after the index was fetched is still in one of its files;
// robots.txt keeps crawlers out of the endless pages and names the sitemap.
#include <gtest/gtest.h>

#include <map>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "archive/archive.h"
#include "web/views.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

std::string volume(int documents, const std::string& first_body) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v98">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Lighthouses, Volume XCVIII</title>
  </titleStmt></fileDesc></teiHeader>
  <text><body>
)";
  for (int i = 1; i <= documents; ++i) {
    const std::string n = std::to_string(i);
    out += "<div type=\"document\" xml:id=\"d" + n + "\" n=\"" + n + "\"><head>" + n +
           ". Telegram From the Embassy in France to the Department of State</head><opener><dateline><date "
           "when=\"1999-01-0" + n + "\">January " + n + ", 1999</date></dateline></opener><p>" +
           (i == 1 ? first_body : "Lighthouse number " + n + ".") + "</p></div>\n";
  }
  out += "</body></text>\n</TEI>\n";
  return out;
}

constexpr const char* kBase = "http://127.0.0.1:8080";

class SitemapTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    site_->sitemap_urls = 2;
    write_and_import("frus1999v98.xml", volume(5, "The lamp of Ouessant."));
  }

  // The <loc> (and <lastmod>) of every entry of the XML at `target`.
  std::vector<std::pair<std::string, std::string>> entries(const std::string& target, const char* element) {
    HttpResponse response = get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    EXPECT_EQ(response.content_type, "application/xml; charset=utf-8");
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(response.body.c_str())) << response.body;
    std::vector<std::pair<std::string, std::string>> out;
    pugi::xml_node root = doc.first_child();
    EXPECT_STREQ(root.attribute("xmlns").value(), "http://www.sitemaps.org/schemas/sitemap/0.9");
    for (pugi::xml_node node : root.children(element)) {
      out.emplace_back(node.child_value("loc"), node.child_value("lastmod"));
    }
    return out;
  }

  // The sitemap files the index names, as targets on this site.
  std::vector<std::string> files() {
    std::vector<std::string> out;
    for (const auto& [loc, lastmod] : entries("/sitemap.xml", "sitemap")) {
      EXPECT_EQ(loc.rfind(kBase, 0), 0u) << loc;
      out.push_back(loc.substr(std::string(kBase).size()));
    }
    return out;
  }

  // Every page the files list: path -> how many times.
  std::map<std::string, int> listed(const std::vector<std::string>& files) {
    std::map<std::string, int> out;
    for (const std::string& file : files) {
      for (const auto& [loc, lastmod] : entries(file, "url")) {
        EXPECT_EQ(loc.rfind(kBase, 0), 0u) << loc;
        ++out[loc.substr(std::string(kBase).size())];
      }
    }
    return out;
  }
};

TEST_F(SitemapTest, ListsEveryDocumentOnceInFilesOfBoundedSize) {
  std::vector<std::string> names = files();
  ASSERT_EQ(names.size(), 4u);   // pages, then 5 documents 2 a file
  EXPECT_EQ(names[0], "/sitemap/pages.xml");
  for (std::size_t i = 1; i < names.size(); ++i) {
    EXPECT_EQ(names[i].rfind("/sitemap/documents.xml?after=", 0), 0u) << names[i];
    EXPECT_LE(entries(names[i], "url").size(), 2u);
  }
  EXPECT_EQ(names.back().find("through="), std::string::npos) << "the last stretch has no end";
  std::map<std::string, int> pages = listed(names);
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(pages[document_path("frus1999v98/d" + std::to_string(i))], 1) << i;
  EXPECT_EQ(pages["/"], 1);
  EXPECT_EQ(pages["/collection/frus1999v98"], 1);
  EXPECT_EQ(pages.size(), 5u + 3u);   // documents, home, timeline, the volume
  // Each document comes with the time of its latest revision.
  std::map<std::string, std::string> lastmods;
  for (std::size_t i = 1; i < names.size(); ++i) {
    for (const auto& [loc, lastmod] : entries(names[i], "url")) lastmods[loc] = lastmod;
  }
  for (int i = 1; i <= 5; ++i) {
    const std::string id = "frus1999v98/d" + std::to_string(i);
    auto version = archive_->record_version(id);
    ASSERT_TRUE(version.has_value()) << id;
    EXPECT_EQ(lastmods[kBase + document_path(id)], version->created_at) << id;
    EXPECT_FALSE(version->created_at.empty());
  }
}

TEST_F(SitemapTest, ARecordChangedAfterTheIndexWasFetchedIsStillListed) {
  std::vector<std::string> names = files();
  write_and_import("frus1999v98.xml", volume(5, "The lamp of Ouessant, relit."));
  std::map<std::string, int> pages = listed(names);
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(pages[document_path("frus1999v98/d" + std::to_string(i))], 1) << i;
}

TEST_F(SitemapTest, TheLastFileHasNoEndEvenWhenItsRecordsFillIt) {
  site_->sitemap_urls = 5;   // the 5 documents fill one file exactly
  std::vector<std::string> names = files();
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[1], "/sitemap/documents.xml?after=0");
  write_and_import("frus1999v98.xml", volume(5, "The lamp of Ouessant, relit."));
  EXPECT_EQ(listed(names)[document_path("frus1999v98/d1")], 1);
}

TEST_F(SitemapTest, LeavesOutClosedAndWithdrawnRecordsAndClosedCollections) {
  Annotation closed;
  closed.target = "frus1999v98/d2";
  closed.type = AnnotationType::kRestriction;
  closed.text = "Privacy";
  closed.author = "editor:ann";
  ASSERT_TRUE(archive_->annotate(closed));
  ASSERT_TRUE(archive_->withdraw_record("frus1999v98/d3", "A duplicate", "editor:ann"));
  std::map<std::string, int> pages = listed(files());
  EXPECT_EQ(pages.count(document_path("frus1999v98/d2")), 0u);
  EXPECT_EQ(pages.count(document_path("frus1999v98/d3")), 0u);
  EXPECT_EQ(pages[document_path("frus1999v98/d4")], 1);

  Annotation volume_closed = closed;
  volume_closed.target = "frus1999v98";
  volume_closed.target_kind = AnnotationTarget::kCollection;
  ASSERT_TRUE(archive_->annotate(volume_closed));
  pages = listed(files());
  for (const auto& [path, count] : pages) {
    EXPECT_EQ(path.find("frus1999v98"), std::string::npos) << path << " is listed while its volume is closed";
  }
  EXPECT_EQ(pages["/"], 1);
}

TEST_F(SitemapTest, RefusesWhatTheIndexDoesNotGive) {
  EXPECT_EQ(get("/sitemap/documents.xml?after=x").status, 400);
  EXPECT_EQ(get("/sitemap/documents.xml?after=5&through=5").status, 400);
  EXPECT_EQ(get("/sitemap/documents.xml?after=-1").status, 400);
  EXPECT_EQ(get("/sitemap/authorities.xml?page=0").status, 400);
  EXPECT_EQ(get("/sitemap/authorities.xml?page=9").status, 404);
  EXPECT_EQ(get("/sitemap/other.xml").status, 404);
  EXPECT_EQ(get("/sitemap/documents.xml?after=999999").status, 200);   // past the end: an empty file
}

TEST_F(SitemapTest, RobotsKeepCrawlersOutOfSearchesAndNameTheSitemap) {
  HttpResponse robots = get("/robots.txt");
  ASSERT_EQ(robots.status, 200);
  EXPECT_EQ(robots.content_type, "text/plain; charset=utf-8");
  EXPECT_NE(robots.body.find("User-agent: *\n"), std::string::npos);
  EXPECT_NE(robots.body.find("Disallow: /search\n"), std::string::npos);
  EXPECT_NE(robots.body.find("Disallow: /api/\n"), std::string::npos);
  EXPECT_NE(robots.body.find("Disallow: /list\n"), std::string::npos);
  EXPECT_NE(robots.body.find("Disallow: /texts\n"), std::string::npos);
  EXPECT_NE(robots.body.find("Sitemap: http://127.0.0.1:8080/sitemap.xml\n"), std::string::npos);
  EXPECT_EQ(robots.body.find("Disallow: /document/"), std::string::npos);
}

}  // namespace
}  // namespace chancery::web
