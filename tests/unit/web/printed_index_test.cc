// A volume's printed index on its own page and in the API: entries as printed,
// escaped, filed by letter, each page a link to the documents printed there
// with their numbers, each "see" a link to the entry it names; filtered by
// `q`; linked from the collection's page; absent where a volume has none.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "archive/names_directory.h"
#include "archive/names_authority.h"
#include "web/dispatcher.h"
#include "web/printed_index_headings.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

// Page 12 holds documents 1 and 2; the index prints "12" for Sukarno, a
// "see" from Soekarno, a sub-entry, and markup that must stay text.
constexpr const char* kVolume = R"JSON({"chancery_export": 1,
  "collections": [{"id": "vol", "title": "A Volume", "record_ids": ["vol/d1", "vol/d2"]},
                  {"id": "plain", "title": "No Index", "record_ids": []}],
  "records": [{"id": "vol/d1", "title": "1. A telegram", "collections": ["vol"]},
              {"id": "vol/d2", "title": "2. A letter", "collections": ["vol"]}],
  "about": [{"id": "vol", "texts": [], "index": [
    {"text": "<b>Bold</b> heading, 12", "heading": "<b>Bold</b> heading",
     "locators": [{"start": 21, "end": 23, "records": ["vol/d1", "vol/d2"]}]},
    {"text": "Soekarno. see Sukarno.", "heading": "Soekarno", "locators": [],
     "references": [{"start": 14, "end": 21, "also": false}]},
    {"text": "Sukarno (Soekarno), 12, 99", "heading": "Sukarno (Soekarno)", "person": "vol/p_S1",
     "locators": [{"start": 20, "end": 22, "records": ["vol/d1", "vol/d2"]}, {"start": 24, "end": 26, "records": []}],
     "entries": [{"text": "Hatta and, 12", "heading": "Hatta and",
                  "locators": [{"start": 11, "end": 13, "records": ["vol/d2"]}]}]},
    {"text": "Ball, George (printed after the S's)", "heading": "Ball, George (printed after the S's)", "locators": []}]}]})JSON";

class PrintedIndexTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("vol.json", kVolume);
  }
};

TEST_F(PrintedIndexTest, TheSitemapListsIt) {
  HttpResponse pages = get("/sitemap/pages.xml");
  ASSERT_EQ(pages.status, 200) << pages.body;
  EXPECT_NE(pages.body.find("/collection/vol</loc>"), std::string::npos) << pages.body;
  EXPECT_NE(pages.body.find("/printed-index/vol</loc>"), std::string::npos) << pages.body;
  EXPECT_NE(pages.body.find("/collection/plain</loc>"), std::string::npos);
  EXPECT_EQ(pages.body.find("/printed-index/plain"), std::string::npos);   // no index, no page
}

TEST_F(PrintedIndexTest, TheCollectionPageLinksToIt) {
  HttpResponse page = get("/collection/vol");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<a href=\"/printed-index/vol\">Index</a> <span class=\"count\">4 entries"), std::string::npos)
      << page.body;
  EXPECT_EQ(get("/collection/plain").body.find("/printed-index/"), std::string::npos);
  EXPECT_EQ(get("/printed-index/plain").status, 404);
  EXPECT_EQ(get("/printed-index/nothing").status, 404);
}

TEST_F(PrintedIndexTest, EntriesAsPrintedWithTheirDocuments) {
  HttpResponse page = get("/printed-index/vol");
  ASSERT_EQ(page.status, 200) << page.body;
  // Escaped; the page a link to the first document on it, their numbers after it.
  EXPECT_NE(page.body.find("&lt;b&gt;Bold&lt;/b&gt; heading, <a class=\"index-locator\" href=\"/document/vol/d1\">12</a>"
                           "<span class=\"index-documents\"> (Nos. <a href=\"/document/vol/d1\">1</a>, "
                           "<a href=\"/document/vol/d2\">2</a>)</span>"),
            std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find("<b>Bold"), std::string::npos);
  // A page with no document stays text; "see" leads to the entry it names.
  EXPECT_NE(page.body.find(", 99</span>"), std::string::npos);
  EXPECT_NE(page.body.find("Soekarno. see <a class=\"index-reference\" href=\"#i-3\">Sukarno</a>."), std::string::npos);
  EXPECT_NE(page.body.find("<li id=\"i-3\">"), std::string::npos);
  // Sub-entries nested, the person's list entry linked.
  EXPECT_NE(page.body.find("<li id=\"i-3-1\"><span class=\"index-line\">Hatta and, <a class=\"index-locator\" href=\"/document/vol/d2\">12</a>"),
            std::string::npos);
  EXPECT_NE(page.body.find("href=\"/people/vol/p_S1\""), std::string::npos);
  // Filed by letter: B, S; an entry printed out of order stays where it is
  // printed, and no letter has two sections.
  EXPECT_NE(page.body.find("<a href=\"#letter-B\">B</a> <a href=\"#letter-S\">S</a> </nav>"), std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find("id=\"letter-B\"", page.body.find("id=\"letter-B\"") + 1), std::string::npos);
  EXPECT_GT(page.body.find("Ball, George"), page.body.find("id=\"letter-S\""));
  EXPECT_NE(page.body.find("<section class=\"index-letter\" id=\"letter-S\">"), std::string::npos);
}

TEST_F(PrintedIndexTest, TheFilterKeepsEntriesWithTheWords) {
  HttpResponse page = get("/printed-index/vol?q=hatta");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("1 of 4 entries hold"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("id=\"i-3\""), std::string::npos);   // its entry, numbered as in the whole index
  EXPECT_EQ(page.body.find("id=\"i-1\""), std::string::npos);
  HttpResponse none = get("/printed-index/vol?q=%3Cscript%3E");
  ASSERT_EQ(none.status, 200);
  EXPECT_NE(none.body.find("No entry holds “&lt;script&gt;”."), std::string::npos) << none.body;
  EXPECT_EQ(get("/printed-index/vol?q=" + std::string(300, 'a')).status, 400);
}

TEST_F(PrintedIndexTest, TheApiGivesEntriesWithWhatTheyPrint) {
  HttpResponse answer = get("/api/v1/printed-indexes/vol");
  ASSERT_EQ(answer.status, 200) << answer.body;
  nlohmann::json body = nlohmann::json::parse(answer.body);
  EXPECT_EQ(body["references_are"], "pages");
  ASSERT_EQ(body["entries"].size(), 4u);
  EXPECT_EQ(body["entries"][2]["locators"][0]["printed"], "12");
  EXPECT_EQ(body["entries"][2]["locators"][0]["records"], (nlohmann::json{"vol/d1", "vol/d2"}));
  EXPECT_EQ(body["entries"][1]["references"][0]["printed"], "Sukarno");
  EXPECT_EQ(body["entries"][2]["entries"][0]["heading"], "Hatta and");
  EXPECT_EQ(get("/api/v1/printed-indexes/plain").status, 404);
  // The collection's answer says where it is, and does not carry it.
  nlohmann::json collection = nlohmann::json::parse(get("/api/v1/collections/vol").body);
  EXPECT_EQ(collection["printed_index"]["url"], "/api/v1/printed-indexes/vol");
  EXPECT_EQ(collection["printed_index"]["entries"], 4);
  EXPECT_FALSE(collection.contains("about"));
}

TEST_F(PrintedIndexTest, ADocumentPageListsTheHeadingsItIsIndexedUnder) {
  HttpResponse page = get("/document/vol/d2");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::size_t section = page.body.find("<h2 id=\"in-index-heading\">In the volume's index</h2>");
  ASSERT_NE(section, std::string::npos) << page.body;
  EXPECT_NE(page.body.find("lists the pages this document is printed on under:"), std::string::npos);
  // In the index's order, escaped, a sub-entry after its entry's heading, each once.
  // Each also leads to every document the indexes list under its words.
  const std::string expected =
      "<ul class=\"index-headings\"><li><a href=\"/printed-index/vol#i-1\">&lt;b&gt;Bold&lt;/b&gt; heading</a> "
      "<a class=\"indexed-search\" href=\"/search?q=indexed%3A%22%3Cb%3EBold%3C%2Fb%3E%20heading%22\">every document "
      "indexed so</a></li>"
      "<li><a href=\"/printed-index/vol#i-3\">Sukarno (Soekarno)</a> <a class=\"indexed-search\" "
      "href=\"/search?q=indexed%3A%22Sukarno%20%28Soekarno%29%22\">every document indexed so</a></li>"
      "<li><a href=\"/printed-index/vol#i-3-1\">Sukarno (Soekarno): Hatta and</a> <a class=\"indexed-search\" "
      "href=\"/search?q=indexed%3A%22Sukarno%20%28Soekarno%29%3A%20Hatta%20and%22\">every document indexed "
      "so</a></li></ul>";
  EXPECT_NE(page.body.find(expected), std::string::npos) << page.body.substr(section, 1600);
  // The search it leads to: the documents listed under "Hatta and" (d2 alone).
  HttpResponse indexed = get("/api/v1/search?q=indexed%3A%22Sukarno%20%28Soekarno%29%3A%20Hatta%20and%22");
  ASSERT_EQ(indexed.status, 200) << indexed.body;
  const nlohmann::json found = nlohmann::json::parse(indexed.body);
  EXPECT_EQ(found["total"], 1) << indexed.body;
  ASSERT_EQ(found["hits"].size(), 1u);
  EXPECT_EQ(found["hits"][0]["id"], "vol/d2");
  const nlohmann::json sukarno = nlohmann::json::parse(get("/api/v1/search?q=indexed%3ASukarno").body);
  EXPECT_EQ(sukarno["total"], 2);
  // A document of a volume without an index has no such section.
  EXPECT_EQ(get("/document/vol/d1").body.find("Hatta and"), std::string::npos);
}

TEST_F(PrintedIndexTest, AnAuthorityPageCountsWhatTheIndexesListUnderItsName) {
  Authority a;
  a.id = "person/sukarno";
  a.name = "Sukarno";
  a.kind = "person";
  EntityMeta meta;
  meta.title = a.name;
  ASSERT_TRUE(archive_->store().put(EntityKind::kAuthority, a.id, to_json(a).dump(), meta, "test").has_value());
  ASSERT_TRUE(bump_names_generation(archive_->store()).has_value());
  HttpResponse page = get("/people/person/sukarno");
  ASSERT_EQ(page.status, 200) << page.body;
  // "Sukarno (Soekarno)" lists d1 and d2, though neither writes the name.
  EXPECT_NE(page.body.find("The volumes' printed indexes list <a href=\"/search?q=indexed%3A%22Sukarno%22\">2 documents</a> "
                           "under \u201cSukarno\u201d"),
            std::string::npos)
      << page.body;
  const nlohmann::json api = nlohmann::json::parse(get("/api/v1/people/person/sukarno").body);
  EXPECT_EQ(api["indexed"]["total"], 2) << api.dump();
  EXPECT_EQ(api["indexed"]["search"], "/search?q=indexed%3A%22Sukarno%22");
  // A name no heading holds: no such line.
  a.id = "person/hatta-mohammad";
  a.name = "Mohammad Hatta";
  ASSERT_TRUE(archive_->store().put(EntityKind::kAuthority, a.id, to_json(a).dump(), meta, "test").has_value());
  ASSERT_TRUE(bump_names_generation(archive_->store()).has_value());
  HttpResponse other = get("/people/person/hatta-mohammad");
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.body.find("id=\"indexed\""), std::string::npos);
  const nlohmann::json none = nlohmann::json::parse(get("/api/v1/people/person/hatta-mohammad").body);
  EXPECT_EQ(none["indexed"]["total"], 0);
  EXPECT_TRUE(none["indexed"]["search"].is_null());
}

TEST_F(PrintedIndexTest, ASearchForAHeadingSaysWhereTheIndexSendsTheReader) {
  HttpResponse page = get("/search?q=soekarno");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("In the <a href=\"/printed-index/vol\">index of A Volume</a>: “Soekarno, see Sukarno”. "
                           "<a href=\"/search?q=Sukarno\">Search for Sukarno</a>"),
            std::string::npos)
      << page.body;
  EXPECT_EQ(get("/search?q=sukarno").body.find("index-reference-hint"), std::string::npos);
  nlohmann::json texts = nlohmann::json::parse(get("/api/v1/texts?q=Soekarno").body);
  ASSERT_TRUE(texts.contains("index_references")) << texts.dump();
  EXPECT_EQ(texts["index_references"][0]["target"], "Sukarno");
  EXPECT_EQ(texts["index_references"][0]["how"], "see");
}

// Several indexes sending a heading elsewhere: each heading they send the
// reader to once, with how many indexes do, as a search; directions ("Soviet
// subheadings under other subjects") only in each index's line.
TEST_F(PrintedIndexTest, ASearchForAHeadingManyIndexesListSaysWhereEachOnce) {
  write_and_import("two.json", R"JSON({"chancery_export": 1,
    "collections": [{"id": "v1", "title": "Volume One", "record_ids": []},
                    {"id": "v2", "title": "Volume Two", "record_ids": []}],
    "records": [],
    "about": [{"id": "v1", "texts": [], "index": [
                {"text": "Disarmament. see Arms control.", "heading": "Disarmament", "locators": [],
                 "references": [{"start": 17, "end": 29, "also": false}]}]},
              {"id": "v2", "texts": [], "index": [
                {"text": "Disarmament (see also Arms control; Nuclear weapons; Soviet subheadings under other subjects)",
                 "heading": "Disarmament", "locators": [],
                 "references": [{"start": 22, "end": 92, "also": true}]}]}]})JSON");
  HttpResponse page = get("/search?q=disarmament");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("In the printed indexes, “Disarmament”, <em>see</em> "
                           "<a href=\"/search?q=Arms%20control\">Arms control</a>; <em>see also</em> "
                           "<a href=\"/search?q=Arms%20control\">Arms control</a> · "
                           "<a href=\"/search?q=Nuclear%20weapons\">Nuclear weapons</a>."),
            std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find("Search for Soviet subheadings"), std::string::npos);
  EXPECT_NE(page.body.find("<summary>Each index's entry (2)</summary>"), std::string::npos);
  EXPECT_NE(page.body.find("In the <a href=\"/printed-index/v2\">index of Volume Two</a>: “Disarmament, see also Arms "
                           "control; Nuclear weapons; Soviet subheadings under other subjects”.</li>"),
            std::string::npos)
      << page.body;
}

// An index longer than kIndexEntriesOnOnePage: 300 entries under A, then
// 200 under B, the last of which sends the reader to the first.
std::string long_index_volume() {
  nlohmann::json entries = nlohmann::json::array();
  for (int i = 0; i < 500; ++i) {
    const std::string heading = std::string(i < 300 ? "Aa" : "Bb") + std::to_string(1000 + i);
    const std::string text = heading + ", 1";
    entries.push_back({{"text", text}, {"heading", heading},
                       {"locators", {{{"start", text.size() - 1}, {"end", text.size()}, {"records", {"long/d1"}}}}}});
  }
  entries.push_back({{"text", "Bz. see Aa1000."}, {"heading", "Bz"}, {"locators", nlohmann::json::array()},
                     {"references", {{{"start", 8}, {"end", 14}, {"also", false}}}}});
  nlohmann::json unit{{"chancery_export", 1},
                      {"collections", {{{"id", "long"}, {"title", "Long"}, {"record_ids", {"long/d1"}}}}},
                      {"records", {{{"id", "long/d1"}, {"title", "1. One"}, {"collections", {"long"}}}}},
                      {"about", {{{"id", "long"}, {"texts", nlohmann::json::array()}, {"index", entries}}}}};
  return unit.dump();
}

TEST_F(PrintedIndexTest, ALongIndexIsShownALetterAPage) {
  write_and_import("long.json", long_index_volume());
  HttpResponse first = get("/printed-index/long");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_NE(first.body.find("<span aria-current=\"page\">A</span> <a href=\"/printed-index/long?letter=B\">B</a>"),
            std::string::npos);
  EXPECT_NE(first.body.find("id=\"i-300\""), std::string::npos);
  EXPECT_EQ(first.body.find("id=\"i-301\""), std::string::npos);   // B's are on their own page
  HttpResponse b = get("/printed-index/long?letter=B");
  ASSERT_EQ(b.status, 200);
  EXPECT_NE(b.body.find("id=\"i-301\""), std::string::npos);
  EXPECT_EQ(b.body.find("id=\"i-300\""), std::string::npos);
  // A "see" to an entry of another letter leads to its page.
  EXPECT_NE(b.body.find("href=\"/printed-index/long?letter=A#i-1\">Aa1000</a>"), std::string::npos);
  EXPECT_EQ(get("/printed-index/long?letter=Q").status, 404);
  // The filter looks through every letter.
  HttpResponse filtered = get("/printed-index/long?q=1000");
  EXPECT_NE(filtered.body.find("id=\"i-1\""), std::string::npos);
  EXPECT_NE(filtered.body.find("id=\"i-501\""), std::string::npos);   // "Bz. see Aa1000."
  // A document page links each heading to its letter's page.
  EXPECT_NE(get("/document/long/d1").body.find("href=\"/printed-index/long?letter=B#i-301\""), std::string::npos);
}

TEST_F(PrintedIndexTest, HeadingsAreKeptWhileTheVolumesIndexIsUnchanged) {
  IndexHeadingsCache cache;
  auto first = cache.get(*archive_, "vol", 1);
  ASSERT_TRUE(first.has_value()) << first.error().describe();
  ASSERT_TRUE(*first);
  auto again = cache.get(*archive_, "vol", 1);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(first->get(), again->get());
  EXPECT_EQ(cache.reads(), 1u);
  // Another version of the store, the volume's texts as they were: kept.
  auto later = cache.get(*archive_, "vol", 2);
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(first->get(), later->get());
  EXPECT_EQ(cache.reads(), 1u);
  EXPECT_EQ(cache.kept_across_changes(), 1u);
  // The volume imported again with another index: read again.
  std::string changed = kVolume;
  const std::string from = "\"Hatta and\"";
  changed.replace(changed.find(from), from.size(), "\"Hatta, with\"");
  write_and_import("vol-changed.json", changed);
  auto reread = cache.get(*archive_, "vol", 3);
  ASSERT_TRUE(reread.has_value());
  ASSERT_TRUE(*reread);
  EXPECT_NE(first->get(), reread->get());
  EXPECT_EQ(cache.reads(), 2u);
  ASSERT_NE((*reread)->of("vol/d2"), nullptr);
  bool renamed = false;
  for (const IndexHeadings::Heading* heading : *(*reread)->of("vol/d2")) {
    renamed = renamed || heading->path.find("Hatta, with") != std::string::npos;
  }
  EXPECT_TRUE(renamed);
  auto none = cache.get(*archive_, "plain", 2);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(*none);
  ASSERT_NE((*first)->of("vol/d1"), nullptr);
  EXPECT_EQ((*first)->of("vol/d1")->size(), 2u);
  EXPECT_EQ((*first)->of("vol/nothing"), nullptr);
}

TEST_F(PrintedIndexTest, HeadingsReadAheadAreTheOnesAPageGets) {
  IndexHeadingsCache cache;
  std::stop_source stopped;
  stopped.request_stop();
  EXPECT_EQ(cache.read_ahead(*archive_, 1, stopped.get_token()), 0u);
  EXPECT_EQ(cache.read_ahead(*archive_, 1, std::stop_token()), 1u);   // "vol", the one collection with texts of its own
  // Asked of an archive without the volume, the cache answers with what it
  // read ahead; for another store version it reads (and finds none there).
  auto other = testing::create_archive(dir_ / "other");
  ASSERT_NE(other, nullptr);
  auto kept = cache.get(*other, "vol", 1);
  ASSERT_TRUE(kept.has_value());
  ASSERT_TRUE(*kept);
  EXPECT_EQ((*kept)->of("vol/d1")->size(), 2u);
  auto read = cache.get(*other, "vol", 2);
  ASSERT_TRUE(read.has_value());
  EXPECT_FALSE(*read);
}

}  // namespace
}  // namespace chancery::web
