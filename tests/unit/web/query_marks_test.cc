// A document opened from a search shows the search's words marked in its
// title, summary, body and notes (numbered, with a box that counts them and
// leads back); a phrase's words only where they stand together; the search
// page's hits open their documents so; the JSON API gives the same places.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

using testing::occurrences;

constexpr const char* kVolume = R"({"chancery_export": 1,
  "collections": [{"id": "vol", "title": "A Volume", "record_ids": ["vol/d1", "vol/d2"]}],
  "records": [
    {"id": "vol/d1", "title": "Talks on the Free World", "collections": ["vol"],
     "summary": "Berlin and the free world.",
     "body": [{"kind": "paragraph", "text": "The free sector of Berlin (1) is part of the free world <b>."},
              {"kind": "paragraph", "text": "Nothing here."}],
     "notes": [{"number": "1", "text": "On the free world, see the next telegram."}]},
    {"id": "vol/d2", "title": "Other talks", "collections": ["vol"], "people": [{"name": "Berlin"}],
     "body": [{"kind": "paragraph", "text": "Trade was discussed."}]}]})";

class QueryMarksTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("vol.json", kVolume);
  }
};

TEST_F(QueryMarksTest, ADocumentOpenedFromASearchMarksItsWords) {
  HttpResponse page = get("/document/vol/d1?q=%22free+world%22+Berlin");
  ASSERT_EQ(page.status, 200) << page.body;
  // Title, summary, body and note, numbered in reading order.
  EXPECT_NE(page.body.find("Talks on the <mark class=\"query-match\" id=\"match-1\" tabindex=\"-1\">Free</mark> "
                           "<mark class=\"query-match\" id=\"match-2\" tabindex=\"-1\">World</mark>"),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("id=\"match-3\" tabindex=\"-1\">Berlin</mark> and the"), std::string::npos);
  // A lone word of the phrase is not marked; a word of the query alone is.
  EXPECT_NE(page.body.find("The free sector of <mark class=\"query-match\""), std::string::npos);
  EXPECT_NE(page.body.find(">world</mark> &lt;b&gt;."), std::string::npos);   // escaped as ever
  EXPECT_NE(page.body.find("On the <mark class=\"query-match\" id=\"match-9\" tabindex=\"-1\">free</mark>"),
            std::string::npos);
  EXPECT_EQ(page.body.find("id=\"match-11\""), std::string::npos);
  EXPECT_EQ(occurrences(page.body, "<mark class=\"query-match\""), 10u);
  // The box counts them and leads on.
  EXPECT_NE(page.body.find("<span class=\"query-marks-count\">10 places</span> in this document match your search "
                           "<q>&quot;free world&quot; Berlin</q>"),
            std::string::npos);
  EXPECT_NE(page.body.find("href=\"#match-1\">Go to the first</a>"), std::string::npos);
  EXPECT_NE(page.body.find("<a class=\"query-marks-back\" href=\"/search?q=%22free%20world%22%20Berlin\">Back to the search</a>"),
            std::string::npos);
  EXPECT_NE(page.body.find("<a href=\"/document/vol/d1\">Hide the marks</a>"), std::string::npos);
  // The page without a query has no marks and no box; its address stays the canonical one.
  HttpResponse plain = get("/document/vol/d1");
  EXPECT_EQ(plain.body.find("query-match"), std::string::npos);
  EXPECT_EQ(plain.body.find("id=\"query-marks\""), std::string::npos);
  EXPECT_NE(page.body.find("<link rel=\"canonical\" href=\"http://127.0.0.1:8080/document/vol/d1\">"),
            std::string::npos);
}

TEST_F(QueryMarksTest, AQueryThatMatchesNoTextSaysSoAndABadOneMarksNothing) {
  // Found by its people field: nothing in the text to mark.
  HttpResponse page = get("/document/vol/d2?q=person%3ABerlin");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<mark class=\"query-match\""), std::string::npos);
  EXPECT_NE(page.body.find("No words of your search <q>person:Berlin</q> are in this document's text"),
            std::string::npos)
      << page.body;
  // A query a search refuses: the page as it is.
  page = get("/document/vol/d1?q=%22unclosed+(");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("id=\"query-marks\""), std::string::npos);
  page = get("/document/vol/d1?q=" + std::string(1001, 'x'));
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("id=\"query-marks\""), std::string::npos);
  // An earlier revision's marks lead back to that revision.
  write_and_import("vol.json", std::string(kVolume).replace(std::string(kVolume).find("Nothing here."), 13,
                                                            "Berlin again."));
  page = get("/document/vol/d1?revision=1&q=Berlin");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<a href=\"/document/vol/d1?revision=1\">Hide the marks</a>"), std::string::npos);
  EXPECT_EQ(occurrences(page.body, "<mark class=\"query-match\""), 2u);
  EXPECT_EQ(occurrences(get("/document/vol/d1?q=Berlin").body, "<mark class=\"query-match\""), 3u);
}

TEST_F(QueryMarksTest, SearchHitsOpenTheirDocumentsWithTheQuery) {
  HttpResponse page = get("/search?q=%22free+world%22");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<h3 class=\"hit-title\"><a href=\"/document/vol/d1?q=%22free%20world%22\">"),
            std::string::npos)
      << page.body;
  // Browsing without a query: the plain address.
  page = get("/search?f=collection:vol&sort=date");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<a href=\"/document/vol/d1\">"), std::string::npos) << page.body;
}

TEST_F(QueryMarksTest, TheApiGivesWhereTheWordsStand) {
  HttpResponse answer = get("/api/v1/documents/vol/d1?q=%22free+world%22");
  ASSERT_EQ(answer.status, 200) << answer.body;
  const nlohmann::json body = nlohmann::json::parse(answer.body);
  ASSERT_TRUE(body.contains("query_matches"));
  std::vector<std::string> places;
  for (const auto& m : body["query_matches"]) {
    const std::string field = m["field"];
    const std::size_t block = m["block"];
    const std::size_t begin = m["begin"];
    const std::size_t end = m["end"];
    std::string text = field == "title"     ? body["title"].get<std::string>()
                       : field == "summary" ? body["summary"].get<std::string>()
                       : field == "body"    ? body["body"][block]["text"].get<std::string>()
                                            : body["notes"][block]["text"].get<std::string>();
    places.push_back(field + ":" + text.substr(begin, end - begin));
  }
  EXPECT_EQ(places, (std::vector<std::string>{"title:Free", "title:World", "summary:free", "summary:world",
                                              "body:free", "body:world", "notes:free", "notes:world"}));
  EXPECT_FALSE(nlohmann::json::parse(get("/api/v1/documents/vol/d1").body).contains("query_matches"));
  EXPECT_EQ(get("/api/v1/documents/vol/d1?q=%22unclosed+(").status, 400);
}

// A word a glossary expands marks the expansion; the box says the search
// looked for it, as the search page does. A search that looked for nothing
// more says nothing of the kind.
TEST_F(QueryMarksTest, TheBoxSaysWhatTheSearchAlsoLookedFor) {
  write_and_import("glossary.json", R"({"chancery_export": 1,
    "records": [{"id": "g/d1", "title": "Note to the Embassy",
                 "body": [{"kind": "paragraph", "text": "The Union of Soviet Socialist Republics replied."}]}],
    "terms": [{"id": "g/t_USSR", "term": "USSR", "expansion": "Union of Soviet Socialist Republics"}]})");
  HttpResponse page = get("/document/g/d1?q=USSR");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("id=\"match-1\" tabindex=\"-1\">Union</mark>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<p class=\"query-marks-also\" id=\"query-marks-glossary\">The search also looked for its "
                           "equivalents in the glossaries: Union of Soviet Socialist Republics.</p>"),
            std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find("query-marks-spellings"), std::string::npos);
  HttpResponse plain = get("/document/vol/d1?q=Berlin");
  ASSERT_EQ(plain.status, 200);
  EXPECT_NE(plain.body.find("id=\"query-marks\""), std::string::npos);
  EXPECT_EQ(plain.body.find("query-marks-also"), std::string::npos);
}

}  // namespace
}  // namespace chancery::web
