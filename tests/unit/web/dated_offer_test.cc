// A query that writes a date: the search page, the API and the command line's
// library offer, beside the query's own hits, the records dated then with the
// query's other words (index/dated_query.h), with how many it finds, and the
// offered link finds exactly those.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

constexpr const char* kVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v94">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Dates, Volume XCIV</title>
  </titleStmt></fileDesc></teiHeader>
  <text><body>
    <div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-01-05">January 5, 1999</date></dateline></opener><p>Harbours.</p></div>
    <div type="document" xml:id="d2" n="2"><head>2. Telegram From the Department of State to the Embassy in France</head><opener><dateline><date when="1999-01-07">January 7, 1999</date></dateline></opener><p>Harbours again, as on January 5, 1999.</p></div>
    <div type="document" xml:id="d3" n="3"><head>3. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-02-09">February 9, 1999</date></dateline></opener><p>Harbours and lighthouses.</p></div>
  </body></text>
</TEI>
)";

using testing::link_after;

// The ids of the hits of a search page, in order.
std::vector<std::string> hit_ids(const std::string& page) { return testing::linked_document_ids(page, "frus1999v94"); }

class DatedOfferTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("frus1999v94.xml", kVolume);
  }
};

TEST_F(DatedOfferTest, TheSearchPageOffersTheRecordsDatedThen) {
  // As words, the date finds the record that recalls it too.
  HttpResponse page = get("/search?q=Harbours%20January%205%2C%201999");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(hit_ids(page.body).size(), 2U) << page.body;
  EXPECT_NE(page.body.find("<p class=\"suggestion dated\" id=\"dated\">Documents dated January 5, 1999: "
                           "<a href=\"/search?q=Harbours%20date%3A1999-01-05\">Harbours date:1999-01-05</a> "
                           "(1 document)</p>"),
            std::string::npos)
      << page.body;
  HttpResponse dated = get(link_after(page.body, "id=\"dated\""));
  ASSERT_EQ(dated.status, 200);
  EXPECT_EQ(hit_ids(dated.body), std::vector<std::string>{"d1"});

  // A month; the offer keeps the page's filters and sort.
  HttpResponse month = get("/search?q=Harbours%20January%201999&sort=date");
  ASSERT_EQ(month.status, 200);
  const std::string url = link_after(month.body, "id=\"dated\"");
  EXPECT_EQ(url, "/search?q=Harbours%20date%3A1999-01&sort=date") << month.body;
  EXPECT_EQ(hit_ids(get(url).body), (std::vector<std::string>{"d1", "d2"}));
}

TEST_F(DatedOfferTest, TheApiGivesTheReading) {
  HttpResponse api = get("/api/v1/search?q=Harbours%201999-02");
  ASSERT_EQ(api.status, 200) << api.body;
  const nlohmann::json body = nlohmann::json::parse(api.body);
  EXPECT_EQ(body["total"], 0);   // "1999-02" is no word of the text
  ASSERT_TRUE(body["dated"].is_object()) << api.body;
  EXPECT_EQ(body["dated"]["query"], "Harbours date:1999-02");
  EXPECT_EQ(body["dated"]["label"], "Documents dated 1999-02");
  EXPECT_EQ(body["dated"]["written"], "1999-02");
  EXPECT_EQ(body["dated"]["range"], "1999-02");
  EXPECT_EQ(body["dated"]["total"], 1);
  EXPECT_EQ(body["dated"]["total_exact"], true);
}

TEST_F(DatedOfferTest, NothingOfferedWithoutADateOrWhatItFinds) {
  for (const char* target : {"/api/v1/search?q=Harbours%201999", "/api/v1/search?q=Harbours",
                             "/api/v1/search?q=Harbours%20March%201999", "/api/v1/search?q=date%3A1999-01"}) {
    HttpResponse api = get(target);
    ASSERT_EQ(api.status, 200) << target;
    EXPECT_TRUE(nlohmann::json::parse(api.body)["dated"].is_null()) << target << ": " << api.body;
  }
  HttpResponse page = get("/search?q=Harbours%20March%201999");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("id=\"dated\""), std::string::npos);
}

}  // namespace
}  // namespace chancery::web
