// A document of a published edition (a FRUS volume) is cited on its page, in
// its downloads and in search and list exports as a document in the volume,
// with the volume's primary editors (web/citation_styles.h).
#include <gtest/gtest.h>

#include <string>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

constexpr const char* kVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v93">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Citations, Volume XCIII</title>
    <editor role="primary">Ann Editor</editor>
    <editor role="primary">Bob Editor</editor>
    <editor role="general">Gene General</editor>
  </titleStmt></fileDesc></teiHeader>
  <text><body>
    <div type="document" xml:id="d2" n="2"><head>2. Telegram From the Embassy in France to the Department of State</head><opener><dateline><placeName>Paris</placeName>, <date when="1999-01-05">January 5, 1999</date></dateline></opener><p>Harbours.</p></div>
  </body></text>
</TEI>
)";

class EditionCitationTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("frus1999v93.xml", kVolume);
  }
};

TEST_F(EditionCitationTest, PageDownloadsAndExportsCiteTheVolumeAndItsEditors) {
  HttpResponse page = get("/document/frus1999v93/d2");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("\xE2\x80\x9CTelegram From the Embassy in France to the Department of State,\xE2\x80\x9D "
                           "January 5, 1999, in Foreign Relations of the United States, 1999, Citations, Volume XCIII, "
                           "ed. Ann Editor and Bob Editor, document 2."),
            std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find("Gene General"), std::string::npos);   // the general editor is no editor of the volume's text

  HttpResponse ris = get("/document/frus1999v93/d2.ris");
  ASSERT_EQ(ris.status, 200);
  EXPECT_NE(ris.body.find("TY  - CHAP\r\n"), std::string::npos) << ris.body;
  EXPECT_NE(ris.body.find("A2  - Ann Editor\r\nA2  - Bob Editor\r\n"), std::string::npos) << ris.body;

  HttpResponse json = get("/document/frus1999v93/d2.json");
  ASSERT_EQ(json.status, 200);
  EXPECT_NE(json.body.find("\"literal\": \"Bob Editor\""), std::string::npos) << json.body;

  HttpResponse search = get("/export/search.bib?q=harbours");
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_NE(search.body.find("@incollection{chancery:frus1999v93/d2,"), std::string::npos) << search.body;
  EXPECT_NE(search.body.find("editor = {Ann Editor and Bob Editor}"), std::string::npos) << search.body;

  HttpResponse list = get("/export/list.ris?id=frus1999v93/d2");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("A2  - Ann Editor\r\n"), std::string::npos) << list.body;
}

}  // namespace
}  // namespace chancery::web
