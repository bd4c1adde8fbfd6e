// A search finds the collections' own texts (prefaces, lists of sources):
// the best few under a search page's documents, all of them on /texts, as
// JSON from /api/v1/texts; each linked to its place on the collection's page;
// a changed text is found as it now reads.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

using testing::occurrences;

std::string volume(const std::string& sources) {
  return R"({"chancery_export": 1,
  "collections": [{"id": "vol", "title": "A <Volume>", "record_ids": ["vol/d1"]},
                  {"id": "vol2", "title": "Another Volume", "record_ids": []}],
  "records": [{"id": "vol/d1", "title": "Talks on Berlin", "collections": ["vol"],
               "body": [{"kind": "paragraph", "text": "Berlin and the Whitman papers."}]}],
  "about": [{"id": "vol", "texts": [
    {"id": "preface", "title": "Preface", "body": [
       {"kind": "paragraph", "text": "The editors used the Ann Whitman File at the Eisenhower Library."}]},
    {"id": "sources", "title": "Sources", "body": [{"kind": "list_item", "text": ")" + sources + R"("}]}]},
   {"id": "vol2", "texts": [{"id": "intro", "title": "Introduction <1>", "body": [
       {"kind": "paragraph", "text": "Papers of the Eisenhower Library, opened in 1990."}]}]}]})";
}

class CollectionTextsSearchTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("vol.json", volume("Eisenhower Library, Whitman File, Dulles-Herter Series"));
  }
};

TEST_F(CollectionTextsSearchTest, TheSearchPageShowsTheBestTextsUnderItsDocuments) {
  HttpResponse page = get("/search?q=Whitman");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::size_t box = page.body.find("<section class=\"found-texts\" id=\"found-texts\"");
  ASSERT_NE(box, std::string::npos) << page.body;
  EXPECT_LT(page.body.find("/document/vol/d1"), box);   // the documents first
  EXPECT_NE(page.body.find("In the collections' prefaces and sources <span class=\"count\">(2 texts)</span>"),
            std::string::npos);
  EXPECT_NE(page.body.find("<a href=\"/collection/vol#about-preface\">Preface</a>"), std::string::npos);
  EXPECT_NE(page.body.find("<a href=\"/collection/vol#about-sources\">Sources</a>"), std::string::npos);
  EXPECT_NE(page.body.find("in <a href=\"/collection/vol\">A &lt;Volume&gt;</a>"), std::string::npos);
  EXPECT_NE(page.body.find("Ann <mark>Whitman</mark> File"), std::string::npos);
  EXPECT_EQ(page.body.find("All 2 texts"), std::string::npos);   // all shown

  // Three at most, then a link to them all.
  page = get("/search?q=Eisenhower");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("(3 texts)"), std::string::npos) << page.body;
  EXPECT_EQ(occurrences(page.body, "<li class=\"text-hit\">"), 3u);
  EXPECT_EQ(page.body.find("/texts?q="), std::string::npos);
  write_and_import("more.json", R"({"chancery_export": 1, "collections": [{"id": "vol3", "title": "Third"}],
    "about": [{"id": "vol3", "texts": [{"id": "sources", "title": "Sources", "body": [
      {"kind": "paragraph", "text": "Eisenhower Library again."}]}]}]})");
  page = get("/search?q=Eisenhower");
  EXPECT_EQ(occurrences(page.body, "<li class=\"text-hit\">"), 3u);
  EXPECT_NE(page.body.find("<a href=\"/texts?q=Eisenhower\">All 4 texts</a>"), std::string::npos) << page.body;

  // Not on later pages, nor for a search that finds no text.
  EXPECT_EQ(get("/search?q=Whitman&page=2").body.find("id=\"found-texts\""), std::string::npos);
  EXPECT_EQ(get("/search?q=Berlin").body.find("id=\"found-texts\""), std::string::npos);
  // A search that finds texts and no documents says so.
  page = get("/search?q=Dulles");
  EXPECT_NE(page.body.find("id=\"found-texts\""), std::string::npos);
  EXPECT_NE(page.body.find("No documents matched."), std::string::npos);
  EXPECT_EQ(page.body.find("Nothing matched."), std::string::npos);
  EXPECT_NE(get("/search?q=Zzyzx").body.find("Nothing matched."), std::string::npos);
}

TEST_F(CollectionTextsSearchTest, WarmingUpIndexesTheTextsBeforeTheFirstSearch) {
  const std::uint64_t before = collection_text_searches_built();
  ASSERT_TRUE(archive_->warm_up().has_value());
  EXPECT_EQ(collection_text_searches_built(), before + 1);
  // The first search finds them without indexing them again.
  HttpResponse page = get("/search?q=Whitman");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("(2 texts)"), std::string::npos);
  EXPECT_EQ(collection_text_searches_built(), before + 1);
  // A changed text is indexed again (AChangedTextIsFoundAsItNowReads), once.
  write_and_import("vol.json", volume("Eisenhower Library, Whitman File, Dulles-Herter Series, revised"));
  ASSERT_TRUE(archive_->warm_up().has_value());
  ASSERT_EQ(get("/search?q=Whitman").status, 200);
  EXPECT_EQ(collection_text_searches_built(), before + 2);
}

TEST_F(CollectionTextsSearchTest, TheTextsPageListsThemAll) {
  HttpResponse page = get("/texts?q=%22Eisenhower+Library%22");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("3 texts for “&quot;Eisenhower Library&quot;”"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<a href=\"/collection/vol2#about-intro\">Introduction &lt;1&gt;</a>"), std::string::npos);
  EXPECT_NE(page.body.find("<a href=\"/search?q=%22Eisenhower%20Library%22\">"), std::string::npos) << page.body;
  EXPECT_EQ(occurrences(page.body, "<li class=\"text-hit\">"), 3u);

  // The search page's help leads there.
  EXPECT_NE(get("/search").body.find("<a href=\"/texts\">Prefaces and sources</a>"), std::string::npos);
  // The form alone; a query the syntax refuses.
  page = get("/texts");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"texts-form\""), std::string::npos);
  EXPECT_EQ(page.body.find("id=\"found-texts\""), std::string::npos);
  page = get("/texts?q=%28Whitman");
  EXPECT_EQ(page.status, 400);
  EXPECT_NE(page.body.find("This query cannot be run"), std::string::npos);
}

TEST_F(CollectionTextsSearchTest, TheApiGivesThemAsJson) {
  HttpResponse answer = get("/api/v1/texts?q=Whitman&limit=1");
  ASSERT_EQ(answer.status, 200) << answer.body;
  nlohmann::json body = nlohmann::json::parse(answer.body);
  EXPECT_EQ(body["query"], "Whitman");
  EXPECT_EQ(body["total"], 2);
  ASSERT_EQ(body["items"].size(), 1u);
  const nlohmann::json& item = body["items"][0];
  EXPECT_EQ(item["collection"], "vol");
  EXPECT_EQ(item["collection_title"], "A <Volume>");
  EXPECT_TRUE(item["text"] == "preface" || item["text"] == "sources") << item;
  EXPECT_EQ(item["api_url"], "/api/v1/collections/vol");
  EXPECT_NE(item["url"].get<std::string>().find("/collection/vol#about-"), std::string::npos);
  EXPECT_NE(item["snippet_html"].get<std::string>().find("<mark>Whitman</mark>"), std::string::npos);

  EXPECT_EQ(get("/api/v1/texts").status, 400);
  EXPECT_EQ(get("/api/v1/texts?q=Whitman&limit=101").status, 400);
  EXPECT_EQ(get("/api/v1/texts?q=Whitman&limit=x").status, 400);
  EXPECT_EQ(get("/api/v1/texts?q=%28Whitman").status, 400);
}

TEST_F(CollectionTextsSearchTest, AChangedTextIsFoundAsItNowReads) {
  ASSERT_EQ(nlohmann::json::parse(get("/api/v1/texts?q=Dulles").body)["total"], 1);
  write_and_import("vol.json", volume("Eisenhower Library, Whitman File, Herter Papers"));
  EXPECT_EQ(nlohmann::json::parse(get("/api/v1/texts?q=Dulles").body)["total"], 0);
  EXPECT_EQ(nlohmann::json::parse(get("/api/v1/texts?q=Herter").body)["total"], 1);
  // A reader opened apart (as the server's workers are) sees it too.
  auto reader = Archive::open({.dir = dir_ / "archive", .read_only = true});
  ASSERT_TRUE(reader) << reader.error().message;
  auto found = (*reader)->search_collection_texts("Herter", 10);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->total, 1u);
  write_and_import("vol.json", volume("Eisenhower Library, Whitman File, Dulles Papers"));
  found = (*reader)->search_collection_texts("Herter", 10);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->total, 0u);
}

}  // namespace
}  // namespace chancery::web
