// Search hits show the collections their record is in (volume, chapter), on
// the search page and in the API, escaped, and nothing for a record in no
// collection.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "web/collection_cache.h"
#include "web/dispatcher.h"
#include "web/router.h"
#include "web/site.h"
#include "web/url.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

constexpr const char* kVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frus1999v97">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Trail Tests, Volume XCVII</title>
    <title type="volume">Trail Tests</title>
  </titleStmt></fileDesc></teiHeader>
  <text><body>
    <div type="chapter" xml:id="ch1"><head>Ships &amp; &lt;b&gt;Harbours&lt;/b&gt;</head>
      <div type="document" xml:id="d1" n="1" frus:doc-dateTime-min="1999-01-05T00:00:00Z" frus:doc-dateTime-max="1999-01-05T23:59:59Z"><head>1. Telegram About Lighthouses</head><opener><dateline><date when="1999-01-05">January 5, 1999</date></dateline></opener><p>Lighthouses of the coast.</p></div>
      <div type="document" xml:id="d2" n="2"><head>2. Letter About Lighthouses</head><p>More lighthouses.</p></div>
      <div type="subchapter" xml:id="ch1s1"><head>Northern Coasts</head>
        <div type="subchapter" xml:id="ch1s1a"><head>Fog Signals</head>
          <div type="document" xml:id="d3" n="3"><head>3. Note About Lighthouses</head><p>Foggy lighthouses.</p></div>
        </div>
      </div>
    </div>
    <div type="chapter" xml:id="ch2"><head>Unnumbered Papers</head>
      <div type="document" xml:id="d4" n="4"><head>Memorandum Without a Number</head><p>Buoys.</p></div>
    </div>
  </body></text>
</TEI>
)";

constexpr const char* kLoose =
    "**November 3, 1956**  \n"
    "**A Loose Note About Lighthouses**\n"
    "\n"
    "**Citation:**\n"
    "\n"
    "\"A Loose Note\", November 3, 1956, Test Archive, F. 1.  \n"
    "<https://archive.example.org/document/777>\n"
    "\n"
    "**Original Language:**\n"
    "\n"
    "English\n"
    "\n"
    "One more lighthouse, in no volume.\n";

class SearchTrailTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("frus1999v97.xml", kVolume);
    write_and_import("loose.txt", kLoose);
  }

  // The search page's hit of `id`: its <li> element.
  static std::string hit_of(const std::string& page, const std::string& id) {
    const std::size_t begin = page.find("data-id=\"" + id + "\"");
    if (begin == std::string::npos) return {};
    return page.substr(begin, page.find("</li>", begin) - begin);
  }

  void expect_trails() {
    HttpResponse page = get("/search?q=lighthouses");
    ASSERT_EQ(page.status, 200) << page.body;
    for (const char* id : {"frus1999v97/d1", "frus1999v97/d2"}) {
      const std::string hit = hit_of(page.body, id);
      ASSERT_FALSE(hit.empty()) << id;
      const std::size_t volume = hit.find(">Foreign Relations of the United States, 1999, Trail Tests, Volume XCVII</a>");
      const std::size_t chapter = hit.find(">Ships &amp; &lt;b&gt;Harbours&lt;/b&gt;</a>");
      EXPECT_NE(volume, std::string::npos) << hit;
      EXPECT_NE(chapter, std::string::npos) << hit;
      EXPECT_LT(volume, chapter) << "outermost first: " << hit;
      EXPECT_NE(hit.find("href=\"/collection/frus1999v97\""), std::string::npos) << hit;
    }
    // Four levels: the volume, an ellipsis, the innermost.
    const std::string deep = hit_of(page.body, "frus1999v97/d3");
    ASSERT_FALSE(deep.empty());
    const std::size_t volume = deep.find(">Foreign Relations of the United States, 1999, Trail Tests, Volume XCVII</a>");
    const std::size_t elided = deep.find(" › … › ");
    const std::size_t inner = deep.find(">Fog Signals</a>");
    EXPECT_NE(volume, std::string::npos) << deep;
    EXPECT_NE(elided, std::string::npos) << deep;
    EXPECT_NE(inner, std::string::npos) << deep;
    EXPECT_LT(volume, elided);
    EXPECT_LT(elided, inner);
    EXPECT_EQ(deep.find("Northern Coasts"), std::string::npos) << deep;
    EXPECT_EQ(deep.find("Harbours"), std::string::npos) << deep;

    const std::string loose = hit_of(page.body, "777");
    ASSERT_FALSE(loose.empty());
    EXPECT_EQ(loose.find("hit-trail"), std::string::npos) << loose;

    HttpResponse api = get("/api/v1/search?q=lighthouses");
    ASSERT_EQ(api.status, 200) << api.body;
    auto body = nlohmann::json::parse(api.body);
    ASSERT_EQ(body["hits"].size(), 4u);
    for (const auto& hit : body["hits"]) {
      if (hit["id"] == "777") {
        EXPECT_TRUE(hit["collections"].empty()) << hit.dump();
        continue;
      }
      if (hit["id"] == "frus1999v97/d3") {   // the API gives every level
        ASSERT_EQ(hit["collections"].size(), 4u) << hit.dump();
        EXPECT_EQ(hit["collections"][2]["title"], "Northern Coasts");
        EXPECT_EQ(hit["collections"][3]["title"], "Fog Signals");
        continue;
      }
      ASSERT_EQ(hit["collections"].size(), 2u) << hit.dump();
      EXPECT_EQ(hit["collections"][0]["id"], "frus1999v97");
      EXPECT_EQ(hit["collections"][1]["title"], "Ships & <b>Harbours</b>");
      EXPECT_EQ(hit["collections"][0]["url"], "/api/v1/collections/frus1999v97");
    }
  }

};

TEST_F(SearchTrailTest, HitsShowTheirCollections) { expect_trails(); }

// Read through the collection cache, as the server does: the same trails.
TEST_F(SearchTrailTest, ThroughTheCollectionCache) {
  site_->versions = testing::store_versions(dir_ / "archive");
  ASSERT_NE(site_->versions, nullptr);
  site_->collections = std::make_shared<CollectionCache>();
  expect_trails();
  expect_trails();
}

// A collection whose records' titles all carry their numbers ("1. ...") lists
// them without numbers of its own; one with a title without does not.
TEST_F(SearchTrailTest, CollectionListsDoNotNumberNumberedTitlesTwice) {
  HttpResponse volume = get("/collection/frus1999v97");
  ASSERT_EQ(volume.status, 200) << volume.body;
  EXPECT_NE(volume.body.find("<ol class=\"record-list\">"), std::string::npos) << volume.body;
  const std::size_t link = volume.body.find("href=\"/collection/frus1999v97");
  ASSERT_NE(link, std::string::npos);
  const std::string chapter_path = volume.body.substr(link + 6, volume.body.find('"', link + 6) - link - 6);
  HttpResponse chapter = get(chapter_path);
  ASSERT_EQ(chapter.status, 200) << chapter_path;
  EXPECT_NE(chapter.body.find("Ships &amp; &lt;b&gt;Harbours&lt;/b&gt;</h1>"), std::string::npos) << chapter.body;
  EXPECT_NE(chapter.body.find("<ol class=\"record-list titles-numbered\">"), std::string::npos) << chapter.body;
}

// Collection facet values and filters are ids: they show as titles, escaped,
// a part with its volume; an id the archive lacks shows as it is.
TEST_F(SearchTrailTest, CollectionFacetValuesReadAsTitles) {
  // The volume's title runs past 70 bytes: cut at a word.
  const std::string volume = "Foreign Relations of the United States, 1999, Trail Tests, Volume\u2026";
  HttpResponse page = get("/search?q=lighthouses");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::size_t facet = page.body.find("data-facet=\"collection\"");
  ASSERT_NE(facet, std::string::npos) << page.body;
  const std::string facets = page.body.substr(facet, page.body.find("</section>", facet) - facet);
  EXPECT_NE(facets.find("class=\"facet-value\">" + volume + " <span class=\"count\">(3)</span>"), std::string::npos)
      << facets;
  EXPECT_NE(facets.find("class=\"facet-value\">Ships &amp; &lt;b&gt;Harbours&lt;/b&gt; (" + volume +
                        ") <span class=\"count\">"),
            std::string::npos)
      << facets;
  EXPECT_EQ(facets.find(">frus1999v97 <"), std::string::npos) << facets;

  HttpResponse filtered = get("/search?q=lighthouses&f=collection%3Afrus1999v97");
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_NE(filtered.body.find("aria-label=\"Remove filter Collection: " + volume + "\""), std::string::npos)
      << filtered.body;
  HttpResponse unknown = get("/search?q=lighthouses&f=collection%3Ano-such-volume");
  ASSERT_EQ(unknown.status, 200) << unknown.body;
  EXPECT_NE(unknown.body.find("Remove filter Collection: no-such-volume\""), std::string::npos) << unknown.body;
}

// The timeline's documents of a month show their collections too.
TEST_F(SearchTrailTest, TimelineHitsShowTheirCollections) {
  HttpResponse month = get("/timeline?year=1999&month=1");
  ASSERT_EQ(month.status, 200) << month.body;
  const std::string hit = hit_of(month.body, "frus1999v97/d1");
  ASSERT_FALSE(hit.empty()) << month.body;
  EXPECT_NE(hit.find("class=\"hit-trail\""), std::string::npos) << hit;
  EXPECT_NE(hit.find(">Ships &amp; &lt;b&gt;Harbours&lt;/b&gt;</a>"), std::string::npos) << hit;
}

}  // namespace
}  // namespace chancery::web
