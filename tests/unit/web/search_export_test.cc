// A search's results as one citation file (/export/search.ris, .bib, .json):
// every result of the search, with its filters and order, in the formats
// reference managers import; linked from the search page; bad requests refused.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web/search_params.h"
#include "web/search_view.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

using testing::occurrences;
using testing::record_text;

class SearchExportTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("a.txt", record_text("November 3, 1956", "Harbours of Odessa", "Ships in the harbours."));
    write_and_import("b.txt", record_text("March 5, 1957", "Harbours and {Braces} & Co", "More harbours."));
    write_and_import("c.txt", record_text("June 1, 1958", "Lighthouses Only", "No ships here."));
  }
};

TEST_F(SearchExportTest, RisHoldsEveryResult) {
  HttpResponse ris = get("/export/search.ris?q=harbours");
  ASSERT_EQ(ris.status, 200) << ris.body;
  EXPECT_EQ(ris.content_type, "application/x-research-info-systems; charset=utf-8");
  bool attachment = false;
  for (const auto& [name, value] : ris.headers) {
    if (name == "Content-Disposition") attachment = value == "attachment; filename=\"chancery-search.ris\"";
  }
  EXPECT_TRUE(attachment);
  EXPECT_EQ(occurrences(ris.body, "TY  - "), 2u) << ris.body;
  EXPECT_EQ(occurrences(ris.body, "ER  - "), 2u);
  EXPECT_NE(ris.body.find("TI  - Harbours of Odessa"), std::string::npos);
  EXPECT_EQ(ris.body.find("Lighthouses"), std::string::npos);

  // Filters and order as on the search page.
  HttpResponse filtered = get("/export/search.ris?q=harbours&f=year:1957");
  ASSERT_EQ(filtered.status, 200);
  EXPECT_EQ(occurrences(filtered.body, "TY  - "), 1u);
  EXPECT_NE(filtered.body.find("TI  - Harbours and {Braces} & Co"), std::string::npos);
  HttpResponse newest = get("/export/search.ris?q=harbours&sort=-date");
  ASSERT_EQ(newest.status, 200);
  EXPECT_LT(newest.body.find("Braces"), newest.body.find("Odessa"));
  HttpResponse dated = get("/export/search.ris?from=1958");
  ASSERT_EQ(dated.status, 200);
  EXPECT_EQ(occurrences(dated.body, "TY  - "), 1u);
  EXPECT_NE(dated.body.find("Lighthouses Only"), std::string::npos);
}

TEST_F(SearchExportTest, BibtexAndCslJson) {
  HttpResponse bib = get("/export/search.bib?q=harbours");
  ASSERT_EQ(bib.status, 200) << bib.body;
  EXPECT_EQ(bib.content_type, "application/x-bibtex; charset=utf-8");
  EXPECT_EQ(occurrences(bib.body, "@misc{"), 2u) << bib.body;
  EXPECT_NE(bib.body.find("\\{Braces\\} \\& Co"), std::string::npos) << bib.body;

  HttpResponse csl = get("/export/search.json?q=harbours");
  ASSERT_EQ(csl.status, 200) << csl.body;
  EXPECT_EQ(csl.content_type, "application/vnd.citationstyles.csl+json");
  nlohmann::json items = nlohmann::json::parse(csl.body);
  ASSERT_TRUE(items.is_array());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["type"], "manuscript");
  std::set<std::string> titles{items[0]["title"], items[1]["title"]};
  EXPECT_TRUE(titles.contains("Harbours of Odessa"));

  HttpResponse none = get("/export/search.json?q=zeppelin");
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(nlohmann::json::parse(none.body), nlohmann::json::array());
}

TEST_F(SearchExportTest, TheSearchPageLinksItsExport) {
  HttpResponse page = get("/search?q=harbours&f=year:1957&page=1");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Cite these results: <a href=\"/export/search.ris?q=harbours&amp;f=year%3A1957\" download>RIS</a>"),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("href=\"/export/search.json?q=harbours&amp;f=year%3A1957\""), std::string::npos);
  HttpResponse empty = get("/search?q=zeppelin");
  EXPECT_EQ(empty.body.find("export-links"), std::string::npos);
  EXPECT_EQ(search_export_url(SearchParams{}, "bib"), "/export/search.bib");
}

TEST_F(SearchExportTest, BadRequestsAreRefused) {
  EXPECT_EQ(get("/export/search.txt?q=harbours").status, 404);
  EXPECT_EQ(get("/export/other.ris?q=harbours").status, 404);
  EXPECT_EQ(get("/export/search.ris.ris?q=harbours").status, 404);
  EXPECT_EQ(get("/export/search.ris").status, 400);
  EXPECT_EQ(get("/export/search.ris?q=harbours&f=nonsense").status, 400);
  EXPECT_EQ(get("/export/search.ris?q=harbours&sort=sideways").status, 400);
  // Never a 500 for bad input.
  EXPECT_NE(get("/export/search.ris?q=%22unclosed%20(").status, 500);
}

}  // namespace
}  // namespace chancery::web
