// Who wrote to whom: a document page links its sender and recipient to every
// document from the one and to the other, and to their correspondence both
// ways by date; the links find exactly those documents.
#include <gtest/gtest.h>

#include <string>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

constexpr const char* kVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v95">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Letters, Volume XCV</title>
  </titleStmt></fileDesc></teiHeader>
  <text><body>
    <div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-01-05">January 5, 1999</date></dateline></opener><p>Harbours.</p></div>
    <div type="document" xml:id="d2" n="2"><head>2. Telegram From the Department of State to the Embassy in France</head><opener><dateline><date when="1999-01-03">January 3, 1999</date></dateline></opener><p>Harbours again.</p></div>
    <div type="document" xml:id="d3" n="3"><head>3. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-01-09">January 9, 1999</date></dateline></opener><p>Lighthouses.</p></div>
    <div type="document" xml:id="d4" n="4"><head>4. Telegram From the Embassy in Italy to the Department of State</head><opener><dateline><date when="1999-01-07">January 7, 1999</date></dateline></opener><p>Harbours of Italy.</p></div>
  </body></text>
</TEI>
)";

using testing::link_after;

// The ids of the hits of a search page, in order.
std::vector<std::string> hit_ids(const std::string& page) { return testing::linked_document_ids(page, "frus1999v95"); }

class CorrespondenceTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("frus1999v95.xml", kVolume);
  }
};

TEST_F(CorrespondenceTest, SenderRecipientAndBothWays) {
  HttpResponse page = get("/document/frus1999v95/d1");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string from = link_after(page.body, "<dt>From</dt>");
  const std::string to = link_after(page.body, "<dt>To</dt>");
  const std::string both = link_after(page.body, "<dt>Correspondence</dt>");
  EXPECT_EQ(from, "/search?q=sender%3A%22Embassy%20in%20France%22");
  EXPECT_EQ(to, "/search?q=recipient%3A%22Department%20of%20State%22");
  ASSERT_FALSE(both.empty()) << page.body;
  EXPECT_NE(page.body.find("Between Embassy in France and Department of State, by date"), std::string::npos);

  HttpResponse sent = get(from + "&sort=date");
  ASSERT_EQ(sent.status, 200);
  EXPECT_EQ(hit_ids(sent.body), (std::vector<std::string>{"d1", "d3"}));
  HttpResponse received = get(to + "&sort=date");
  ASSERT_EQ(received.status, 200);
  EXPECT_EQ(hit_ids(received.body), (std::vector<std::string>{"d1", "d4", "d3"}));
  HttpResponse correspondence = get(both);
  ASSERT_EQ(correspondence.status, 200) << correspondence.body;
  EXPECT_EQ(hit_ids(correspondence.body), (std::vector<std::string>{"d2", "d1", "d3"}));
}

TEST_F(CorrespondenceTest, ADocumentWithoutARecipientLinksItsSenderOnly) {
  write_and_import("note.txt",
                   "**November 3, 1956**  \n**A Note**\n\n**Original Language:**\n\nEnglish\n\nText.\n");
  HttpResponse page = get("/document/frus1999v95/d4");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<dt>From</dt>"), std::string::npos);
  HttpResponse note = get("/search?q=note");
  ASSERT_EQ(note.status, 200);
  std::string id;
  {
    const std::string marker = "href=\"/document/";
    std::size_t at = note.body.find(marker);
    ASSERT_NE(at, std::string::npos) << note.body;
    at += marker.size();
    id = note.body.substr(at, note.body.find('"', at) - at);
  }
  HttpResponse plain = get("/document/" + id);
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body.find("<dt>From</dt>"), std::string::npos);
  EXPECT_EQ(plain.body.find("<dt>Correspondence</dt>"), std::string::npos);
}

}  // namespace
}  // namespace chancery::web
