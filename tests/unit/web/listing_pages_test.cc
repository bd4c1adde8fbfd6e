// Pages that list: the home page's top collections grouped by series, each
// title without the series it repeats; counts that read "1 document", "2
// documents" there and on search and timeline pages; a long collection's
// documents in pages, on its page and in the API.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web/router.h"
#include "web/site.h"
#include "web/url.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

std::string volume(const std::string& id, const std::string& series, const std::string& title, int documents) {
  std::string tei = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id=")" + id + R"("><teiHeader><fileDesc><titleStmt>
)";
  if (!series.empty()) tei += "<title type=\"series\">" + series + "</title>\n";
  tei += "<title type=\"complete\">" + title + "</title>\n";
  tei += "</titleStmt></fileDesc></teiHeader><text><body>\n";
  for (int i = 1; i <= documents; ++i) {
    const std::string n = std::to_string(i);
    const std::string dateline = i <= 9 ? "<opener><dateline><date when=\"1999-01-0" + n + "\">January " + n +
                                               ", 1999</date></dateline></opener>"
                                         : "";
    tei += "<div type=\"document\" xml:id=\"d" + n + "\" n=\"" + n + "\"><head>" + n + ". Harbour Telegram " + id +
           "</head>" + dateline + "<p>Harbours " + (i == 1 ? "and " + id : std::string("only")) + ".</p></div>\n";
  }
  tei += "</body></text></TEI>\n";
  return tei;
}

class HomePageTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    const std::string frus = "Foreign Relations of the United States";
    write_and_import("frus1999v01.xml", volume("frus1999v01", frus, frus + ", 1999, Volume I, Harbours", 2));
    write_and_import("board1.xml", volume("board1", "", "Papers of the &lt;Harbour&gt; Board", 1));
    write_and_import("frus1999v02.xml", volume("frus1999v02", frus, frus + ", 1999, Volume II, Lighthouses", 1));
  }
};

TEST_F(HomePageTest, CollectionsGroupedBySeries) {
  HttpResponse home = get("/");
  ASSERT_EQ(home.status, 200) << home.body;
  const std::string& page = home.body;
  EXPECT_NE(page.find("Search 4 documents"), std::string::npos) << page;
  const std::size_t series = page.find(
      "<h3 class=\"series-heading\">Foreign Relations of the United States <span class=\"count\">2 collections</span></h3>");
  const std::size_t first = page.find(
      "<a href=\"/collection/frus1999v01\" title=\"Foreign Relations of the United States, 1999, Volume I, Harbours\">"
      "1999, Volume I, Harbours</a> <span class=\"count\">2 documents</span>");
  const std::size_t second = page.find(
      ">1999, Volume II, Lighthouses</a> <span class=\"count\">1 document</span>");
  const std::size_t other = page.find("<h3 class=\"series-heading\">Other collections</h3>");
  const std::size_t board = page.find(
      "<a href=\"/collection/board1\">Papers of the &lt;Harbour&gt; Board</a> <span class=\"count\">1 document</span>");
  ASSERT_NE(series, std::string::npos) << page;
  ASSERT_NE(first, std::string::npos) << page;
  ASSERT_NE(second, std::string::npos) << page;
  ASSERT_NE(other, std::string::npos) << page;
  ASSERT_NE(board, std::string::npos) << page;
  EXPECT_LT(series, first);
  EXPECT_LT(first, second);
  EXPECT_LT(second, other);
  EXPECT_LT(other, board);
  EXPECT_EQ(page.find("documents</span><span class=\"series\">"), std::string::npos) << "no series line per item";
}

TEST_F(HomePageTest, WithoutSeriesNoHeadings) {
  archive_ = testing::create_archive(dir_ / "plain");
  ASSERT_NE(archive_, nullptr);
  write_and_import("board1.xml", volume("board1", "", "Papers of the &lt;Harbour&gt; Board", 1));
  HttpResponse home = get("/");
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_EQ(home.body.find("series-heading"), std::string::npos) << home.body;
  EXPECT_NE(home.body.find("Papers of the &lt;Harbour&gt; Board</a>"), std::string::npos) << home.body;
}

TEST_F(HomePageTest, OneDocumentIsSingular) {
  HttpResponse one = get("/search?q=board1");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_NE(one.body.find(">1 document for “board1”</h2>"), std::string::npos) << one.body;
  HttpResponse two = get("/search?q=only");
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_NE(two.body.find(">1 document for “only”</h2>"), std::string::npos) << two.body;
  HttpResponse all = get("/search?q=harbours");
  EXPECT_NE(all.body.find(">4 documents for “harbours”</h2>"), std::string::npos) << all.body;
  HttpResponse month = get("/timeline?year=1999&month=1");
  ASSERT_EQ(month.status, 200) << month.body;
  EXPECT_NE(month.body.find("January 1999: 4 documents</h2>"), std::string::npos) << month.body;
}

// Listed dates read as dates, to the precision the record has.
TEST_F(HomePageTest, ListedDatesReadAsDates) {
  write_and_import("month.txt",
                   "**November 1956**  \n**A Note of Some Day in November**\n\n**Original Language:**\n\nEnglish\n\n"
                   "Harbours in November.\n");
  HttpResponse home = get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("A Note of Some Day in November</a> <time datetime=\"1956-11\">November 1956</time>"),
            std::string::npos)
      << home.body;
  HttpResponse volume = get("/collection/frus1999v01");
  ASSERT_EQ(volume.status, 200);
  EXPECT_NE(volume.body.find("<time datetime=\"1999-01-02\">January 2, 1999</time>"), std::string::npos) << volume.body;
  HttpResponse found = get("/search?q=november");
  EXPECT_NE(found.body.find("<time datetime=\"1956-11\">November 1956</time>"), std::string::npos) << found.body;
}

// A collection page searches within the collection: its form sends the
// collection filter, and that search finds only the collection's documents.
TEST_F(HomePageTest, ACollectionPageSearchesTheCollection) {
  HttpResponse volume = get("/collection/frus1999v01");
  ASSERT_EQ(volume.status, 200);
  EXPECT_NE(volume.body.find("<label for=\"collection-q\">Search this collection</label>"), std::string::npos);
  EXPECT_NE(volume.body.find("<input type=\"hidden\" name=\"f\" value=\"collection:frus1999v01\">"),
            std::string::npos)
      << volume.body;
  HttpResponse within = get("/search?q=harbours&f=collection%3Afrus1999v01");
  ASSERT_EQ(within.status, 200);
  EXPECT_NE(within.body.find(">2 documents for “harbours”</h2>"), std::string::npos) << within.body;
}

// A volume's person names the volume that lists them, linked.
TEST_F(HomePageTest, APersonLinksTheVolumeThatListsThem) {
  write_and_import("frus1999v04.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v04"><teiHeader><fileDesc><titleStmt>
<title type="complete">Foreign Relations of the United States, 1999, Volume IV, &lt;People&gt;</title>
</titleStmt></fileDesc></teiHeader><text><front>
<div xml:id="persons"><list><item><hi rend="strong"><persName xml:id="p_GO1">Grotewohl, Otto</persName>,</hi> Prime Minister</item></list></div>
</front><body>
<div type="document" xml:id="d1" n="1"><head>1. Note</head><p><persName corresp="#p_GO1">Grotewohl</persName> spoke.</p></div>
</body></text></TEI>
)");
  HttpResponse person = get("/people/frus1999v04/p_GO1");
  ASSERT_EQ(person.status, 200) << person.body;
  EXPECT_NE(person.body.find("Listed in <a href=\"/collection/frus1999v04\">Foreign Relations of the United States, "
                             "1999, Volume IV, &lt;People&gt;</a>"),
            std::string::npos)
      << person.body;
}

// 205 documents: two pages of 200 and 5, numbered on; the API gives them all
// at once, or pages of them linked by "next".
TEST_F(HomePageTest, LongCollectionsInPages) {
  write_and_import("frus1999v03.xml", volume("frus1999v03", "Foreign Relations of the United States",
                                             "Foreign Relations of the United States, 1999, Volume III, Many", 205));
  HttpResponse first = get("/collection/frus1999v03");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_NE(first.body.find("Documents (205)"), std::string::npos);
  EXPECT_NE(first.body.find("Showing 1–200"), std::string::npos) << first.body;
  EXPECT_NE(first.body.find(">200. Harbour Telegram frus1999v03</a>"), std::string::npos);
  EXPECT_EQ(first.body.find(">201. Harbour Telegram frus1999v03</a>"), std::string::npos);
  EXPECT_NE(first.body.find("href=\"/collection/frus1999v03?page=2#documents\""), std::string::npos) << first.body;
  HttpResponse second = get("/collection/frus1999v03?page=2");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_NE(second.body.find("Showing 201–205"), std::string::npos) << second.body;
  EXPECT_NE(second.body.find(" start=\"201\">"), std::string::npos) << second.body;
  EXPECT_NE(second.body.find(">201. Harbour Telegram frus1999v03</a>"), std::string::npos);
  EXPECT_NE(second.body.find(">205. Harbour Telegram frus1999v03</a>"), std::string::npos);
  EXPECT_EQ(second.body.find(">200. Harbour Telegram frus1999v03</a>"), std::string::npos);
  EXPECT_EQ(get("/collection/frus1999v03?page=3").status, 404);
  EXPECT_EQ(get("/collection/frus1999v03?page=0").status, 400);
  EXPECT_EQ(get("/collection/frus1999v03?page=x").status, 400);
  // A short collection: one page, no pagination.
  HttpResponse short_one = get("/collection/frus1999v01");
  ASSERT_EQ(short_one.status, 200);
  EXPECT_EQ(short_one.body.find("class=\"pagination\""), std::string::npos);
  EXPECT_EQ(short_one.body.find("Showing"), std::string::npos);

  HttpResponse all = get("/api/v1/collections/frus1999v03");
  ASSERT_EQ(all.status, 200) << all.body;
  auto body = nlohmann::json::parse(all.body);
  EXPECT_EQ(body["documents"].size(), 205u);
  EXPECT_EQ(body["documents_total"], 205);
  EXPECT_FALSE(body.contains("next"));
  HttpResponse page = get("/api/v1/collections/frus1999v03?offset=100&limit=100");
  ASSERT_EQ(page.status, 200) << page.body;
  body = nlohmann::json::parse(page.body);
  ASSERT_EQ(body["documents"].size(), 100u);
  EXPECT_EQ(body["documents"][0]["id"], "frus1999v03/d101");
  EXPECT_EQ(body["next"], "/api/v1/collections/frus1999v03?offset=200&limit=100");
  HttpResponse last = get(body["next"].get<std::string>());
  body = nlohmann::json::parse(last.body);
  EXPECT_EQ(body["documents"].size(), 5u);
  EXPECT_FALSE(body.contains("next"));
  EXPECT_EQ(get("/api/v1/collections/frus1999v03?limit=1001").status, 400);
  EXPECT_EQ(get("/api/v1/collections/frus1999v03?offset=-1").status, 400);
}

// Lists numbered past their last page (an old link, a hand-edited address,
// results that shrank): each says where it ends and links the last page.
// A place's page past its last once crashed the server (it read the first of
// no documents), a search page past the window failed with a 500.
TEST_F(HomePageTest, PagesPastTheLastSayWhereTheListEnds) {
  std::string tei = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v04"><teiHeader><fileDesc><titleStmt>
<title type="complete">Foreign Relations of the United States, 1999, Volume IV, Malta</title>
</titleStmt></fileDesc></teiHeader><text><body>
)";
  for (int i = 1; i <= 45; ++i) {
    const std::string n = std::to_string(i);
    tei += "<div type=\"document\" xml:id=\"d" + n + "\" n=\"" + n + "\"><head>" + n +
           ". Harbour Telegram</head><opener><dateline><placeName>Valletta</placeName>, <date when=\"1999-02-15\">"
           "February 15, 1999</date></dateline></opener><p>Harbour works.</p></div>\n";
  }
  tei += "</body></text></TEI>\n";
  write_and_import("frus1999v04.xml", tei);
  HttpResponse last = get("/search?q=works&page=3");
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_NE(last.body.find("Showing 41–45"), std::string::npos) << last.body;
  EXPECT_EQ(last.body.find("There is no page"), std::string::npos);
  for (const char* page : {"4", "9", "60", "500"}) {   // 500: the deepest page a search reaches
    HttpResponse past = get(std::string("/search?q=works&page=") + page);
    ASSERT_EQ(past.status, 200) << page << past.body;
    EXPECT_NE(past.body.find(std::string("There is no page ") + page + " here: the list ends on page 3."),
              std::string::npos) << past.body;
    EXPECT_NE(past.body.find("href=\"/search?q=works&amp;page=3\">Go to page 3</a>"), std::string::npos) << past.body;
    EXPECT_EQ(past.body.find("Showing"), std::string::npos);

    // A month's documents come 50 a page: 45 fit on the first.
    HttpResponse month = get(std::string("/timeline?year=1999&month=2&page=") + page);
    if (std::string(page) == "500") {
      EXPECT_EQ(month.status, 400);   // beyond the deepest page a month lists
    } else {
      ASSERT_EQ(month.status, 200) << page << month.body;
      EXPECT_NE(month.body.find(std::string("There is no page ") + page + " here: the list ends on page 1."),
                std::string::npos) << month.body;
    }

    HttpResponse place = get(std::string("/places/Valletta?page=") + page);
    ASSERT_EQ(place.status, 200) << page << place.body;
    EXPECT_NE(place.body.find("Valletta"), std::string::npos);
    EXPECT_NE(place.body.find(std::string("There is no page ") + page + " here: the list ends on page 3."),
              std::string::npos) << place.body;
  }
  // The server still answers after them.
  EXPECT_EQ(get("/places/Valletta").status, 200);
}

}  // namespace
}  // namespace chancery::web
