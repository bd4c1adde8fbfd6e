// A search the query language refuses ("free world with its quotation mark
// left open, "Berlin AND") still says why, and offers the query its writer
// most likely meant when that one runs and finds something: on the page as a
// link with its count, in the API as suggested_query and suggested_total.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web/url.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

constexpr const char* kVolume = R"({"chancery_export": 1,
  "collections": [{"id": "vol", "title": "A Volume", "record_ids": ["vol/d1", "vol/d2"]}],
  "records": [
    {"id": "vol/d1", "title": "Talks on the Free World", "collections": ["vol"], "date": {"as_written": "November 27, 1958", "from": {"year": 1958, "month": 11, "day": 27, "precision": "day"}, "to": {"year": 1958, "month": 11, "day": 27, "precision": "day"}},
     "body": [{"kind": "paragraph", "text": "The free sector of Berlin is part of the free world."}]},
    {"id": "vol/d2", "title": "Other talks", "collections": ["vol"], "date": {"as_written": "January 5, 1959", "from": {"year": 1959, "month": 1, "day": 5, "precision": "day"}, "to": {"year": 1959, "month": 1, "day": 5, "precision": "day"}},
     "body": [{"kind": "paragraph", "text": "Trade in Berlin was discussed."}]}]})";

class MendedQueryTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("vol.json", kVolume);
  }
};

TEST_F(MendedQueryTest, ARefusedSearchOffersTheQueryItMostLikelyMeant) {
  HttpResponse page = get("/search?q=" + percent_encode("\"free world"));
  EXPECT_EQ(page.status, 400);
  EXPECT_NE(page.body.find("the quotation mark before \u201cfree world\u201d is not closed"), std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("Search for <a href=\"/search?q=%22free%20world%22\">&quot;free world&quot;</a> "
                           "instead? (1 document)"),
            std::string::npos)
      << page.body;

  // The offer keeps the filters and dates, and counts with them.
  HttpResponse filtered = get("/search?q=Berlin%20AND&from=1959");
  EXPECT_EQ(filtered.status, 400);
  EXPECT_NE(filtered.body.find("AND needs a term after it"), std::string::npos);
  EXPECT_NE(filtered.body.find("instead? (1 document)"), std::string::npos) << filtered.body;
  EXPECT_NE(filtered.body.find("href=\"/search?q=Berlin&amp;from=1959\""), std::string::npos) << filtered.body;

  // A date range written backwards is turned round.
  HttpResponse dates = get("/search?q=" + percent_encode("Berlin date:1959..1958"));
  EXPECT_EQ(dates.status, 400);
  EXPECT_NE(dates.body.find("date:1958..1959</a> instead? (2 documents)"), std::string::npos) << dates.body;

  // The API says the same.
  HttpResponse api = get("/api/v1/search?q=" + percent_encode("(Berlin OR trade"));
  EXPECT_EQ(api.status, 400);
  auto problem = nlohmann::json::parse(api.body);
  EXPECT_EQ(problem["detail"], "missing ')'");
  EXPECT_EQ(problem["suggested_query"], "(Berlin OR trade)");
  EXPECT_EQ(problem["suggested_total"], 2);
}

TEST_F(MendedQueryTest, TheTextsPageOffersAMendedQueryToo) {
  const std::string about = R"({"chancery_export": 1,
    "collections": [{"id": "vol", "title": "A Volume", "record_ids": ["vol/d1", "vol/d2"]}],
    "about": [{"id": "vol", "texts": [{"id": "sources", "title": "Unpublished Sources",
      "body": [{"kind": "paragraph", "text": "The Whitman File at the Eisenhower Library."}]}]}]})";
  write_and_import("about.json", about);
  HttpResponse page = get("/texts?q=" + percent_encode("\"Whitman File"));
  EXPECT_EQ(page.status, 400);
  EXPECT_NE(page.body.find("Search for <a href=\"/texts?q=%22Whitman%20File%22\">&quot;Whitman File&quot;</a> "
                           "instead?"),
            std::string::npos)
      << page.body;
}

TEST_F(MendedQueryTest, NothingIsOfferedThatFindsNothingOrCannotBeMended) {
  // Mended to "zzyzx", which no document holds.
  HttpResponse nothing = get("/search?q=*zzyzx");
  EXPECT_EQ(nothing.status, 400);
  EXPECT_EQ(nothing.body.find("class=\"mended\""), std::string::npos) << nothing.body;
  // Nothing to mend: a date that cannot be read.
  HttpResponse date = get("/search?q=date:someday");
  EXPECT_EQ(date.status, 400);
  EXPECT_EQ(date.body.find("class=\"mended\""), std::string::npos);
  auto problem = nlohmann::json::parse(get("/api/v1/search?q=date:someday").body);
  EXPECT_FALSE(problem.contains("suggested_query"));
}

}  // namespace
}  // namespace chancery::web
