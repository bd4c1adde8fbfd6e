// A record's revisions as readers meet them: the document page names its
// revision, an earlier text stays readable and citable at its own address with
// a notice, the history lists every revision with what it changed, and two
// revisions compare word by word; the API gives the same. A closed record's
// history and earlier texts are closed with it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>
#include <string>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web/views.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

std::string volume(const std::string& d2_body, const std::string& d2_extra = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v97">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Harbours, Volume XCVII</title>
  </titleStmt></fileDesc></teiHeader>
  <text><body>
    <div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-01-05">January 5, 1999</date></dateline></opener><p>Harbours and lighthouses of Brittany.</p></div>
    <div type="document" xml:id="d2" n="2"><head>2. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-02-03">February 3, 1999</date></dateline></opener><p>)" +
         d2_body + "</p>" + d2_extra + R"(</div>
  </body></text>
</TEI>
)";
}

constexpr const char* kFirst = "Harbours of Normandy, with the secret plan of Minister Malnasanu.";
constexpr const char* kSecond = "Harbours of Normandy, with the secret plan of Minister Malnasan.";

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

class RevisionsTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("frus1999v97.xml", volume(kFirst));
    write_and_import("frus1999v97.xml", volume(kSecond));
    write_and_import("frus1999v97.xml", volume(kSecond, "<p>A paragraph added by the third printing.</p>"));
  }
};

TEST_F(RevisionsTest, TheDocumentPageNamesItsRevisionAndLinksItsHistory) {
  HttpResponse page = get("/document/frus1999v97/d2");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<dt>Revision</dt><dd class=\"revision\">3 of 3, <time"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("href=\"/history/frus1999v97/d2\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/changes/frus1999v97/d2?from=2&amp;to=3\">Last change"), std::string::npos);
  // A permanent link: this text, whatever later imports change.
  EXPECT_NE(page.body.find("<a href=\"/document/frus1999v97/d2?revision=3\" title=\"This text as it is now"),
            std::string::npos);
  EXPECT_EQ(page.body.find("An earlier text"), std::string::npos);
  EXPECT_EQ(page.body.find("noindex"), std::string::npos);

  HttpResponse unchanged = get("/document/frus1999v97/d1");
  ASSERT_EQ(unchanged.status, 200);
  EXPECT_NE(unchanged.body.find("<dd class=\"revision\">1, <time"), std::string::npos);
  EXPECT_EQ(unchanged.body.find("Last change"), std::string::npos);
}

TEST_F(RevisionsTest, AnEarlierTextIsShownAndCitedAtItsOwnAddress) {
  Annotation note;
  note.target = "frus1999v97/d2";
  note.type = AnnotationType::kNote;
  note.text = "The third printing adds a paragraph.";
  note.author = "editor:ann";
  ASSERT_TRUE(archive_->annotate(note));

  HttpResponse old = get("/document/frus1999v97/d2?revision=1");
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_NE(old.body.find("Malnasanu"), std::string::npos);
  EXPECT_EQ(old.body.find("third printing."), std::string::npos) << "the later paragraph";
  EXPECT_NE(old.body.find("An earlier text of this document:</strong> revision 1 of 3"), std::string::npos);
  EXPECT_NE(old.body.find("href=\"/changes/frus1999v97/d2?from=1&amp;to=3\">What changed since"), std::string::npos);
  EXPECT_NE(old.body.find("<meta name=\"robots\" content=\"noindex\">"), std::string::npos);
  // Cited at its own address; its downloads are of the same text.
  EXPECT_NE(old.body.find("/document/frus1999v97/d2?revision=1"), std::string::npos);
  EXPECT_NE(old.body.find("href=\"/document/frus1999v97/d2.ris?revision=1\""), std::string::npos);
  // The editor's note is about the current text and shows only there.
  EXPECT_EQ(old.body.find("The third printing adds a paragraph."), std::string::npos);
  EXPECT_NE(get("/document/frus1999v97/d2").body.find("The third printing adds a paragraph."), std::string::npos);
  // The canonical page is the document's.
  std::string link;
  for (const auto& [name, value] : old.headers) {
    if (name == "Link") link = value;
  }
  EXPECT_NE(link.find("/document/frus1999v97/d2>"), std::string::npos) << link;

  HttpResponse text = get("/document/frus1999v97/d2.txt?revision=1");
  ASSERT_EQ(text.status, 200);
  EXPECT_NE(text.body.find("Malnasanu"), std::string::npos);
  HttpResponse ris = get("/document/frus1999v97/d2.ris?revision=2");
  ASSERT_EQ(ris.status, 200);
  EXPECT_NE(ris.body.find("/document/frus1999v97/d2?revision=2"), std::string::npos) << ris.body;
  // The latest asked for by number is the current page.
  HttpResponse latest = get("/document/frus1999v97/d2?revision=3");
  ASSERT_EQ(latest.status, 200);
  EXPECT_EQ(latest.body.find("An earlier text"), std::string::npos);
}

TEST_F(RevisionsTest, RevisionNumbersAreChecked) {
  EXPECT_EQ(get("/document/frus1999v97/d2?revision=0").status, 400);
  EXPECT_EQ(get("/document/frus1999v97/d2?revision=x").status, 400);
  EXPECT_EQ(get("/document/frus1999v97/d2?revision=99999999999999999999").status, 400);
  HttpResponse missing = get("/document/frus1999v97/d2?revision=9");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("has no revision 9; it has 3"), std::string::npos) << missing.body;
  EXPECT_EQ(get("/document/frus1999v97/d2.txt?revision=9").status, 404);
  EXPECT_EQ(get("/document/frus1999v97/d9?revision=1").status, 404);
  EXPECT_EQ(get("/api/v1/documents/frus1999v97/d2?revision=9").status, 404);
  EXPECT_EQ(get("/api/v1/documents/frus1999v97/d2?revision=-1").status, 400);
}

TEST_F(RevisionsTest, TheHistoryListsEveryRevisionNewestFirstWithWhatChanged) {
  HttpResponse page = get("/history/frus1999v97/d2");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::size_t third = page.body.find("id=\"revision-3\"");
  const std::size_t second = page.body.find("id=\"revision-2\"");
  const std::size_t first = page.body.find("id=\"revision-1\"");
  ASSERT_NE(third, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(third, second);
  EXPECT_LT(second, first);
  EXPECT_NE(page.body.find("Changed the text"), std::string::npos);
  EXPECT_NE(page.body.find("First imported"), std::string::npos);
  EXPECT_EQ(count_of(page.body, "(current)"), 1u);
  // Sources by file name: the server's folders are not published.
  EXPECT_NE(page.body.find(">frus1999v97.xml<"), std::string::npos);
  EXPECT_EQ(page.body.find(dir_.string()), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/document/frus1999v97/d2?revision=1\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/changes/frus1999v97/d2?from=1&amp;to=2\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/changes/frus1999v97/d2?from=1&amp;to=3\""), std::string::npos);

  HttpResponse single = get("/history/frus1999v97/d1");
  ASSERT_EQ(single.status, 200);
  EXPECT_NE(single.body.find("has not changed since it was first imported"), std::string::npos);
  EXPECT_EQ(get("/history/frus1999v97/d9").status, 404);
  EXPECT_EQ(get("/history/frus1999v97/d2?page=0").status, 400);
}

TEST_F(RevisionsTest, AWithdrawalAndTheReinstatementShowInTheHistory) {
  ASSERT_TRUE(archive_->withdraw_record("frus1999v97/d2", "Withdrawn in error", "editor:ann"));
  EXPECT_EQ(get("/history/frus1999v97/d2").status, 410);
  ASSERT_EQ(archive_->reinstate_record("frus1999v97/d2", "editor:ann").value(), 5);
  HttpResponse page = get("/history/frus1999v97/d2");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::size_t fifth = page.body.find("id=\"revision-5\"");
  const std::size_t fourth = page.body.find("id=\"revision-4\"");
  ASSERT_NE(fifth, std::string::npos);
  ASSERT_NE(fourth, std::string::npos);
  const std::string line5 = page.body.substr(fifth, fourth - fifth);
  EXPECT_NE(line5.find("Brought back into the archive<"), std::string::npos) << line5;
  // Compared with the text before the withdrawal, not with the tombstone.
  EXPECT_NE(line5.find("href=\"/changes/frus1999v97/d2?from=3&amp;to=5\""), std::string::npos) << line5;
  const std::string line4 = page.body.substr(fourth, page.body.find("id=\"revision-3\"") - fourth);
  EXPECT_NE(line4.find("Withdrawn from the archive: Withdrawn in error<"), std::string::npos) << line4;
  EXPECT_EQ(line4.find("/changes/"), std::string::npos) << line4;
  EXPECT_EQ(get("/changes/frus1999v97/d2?from=3&to=5").status, 200);

  // The feed says so too, and links the same comparison.
  pugi::xml_document feed;
  ASSERT_TRUE(feed.load_string(get("/feed.atom").body.c_str()));
  pugi::xml_node newest = feed.child("feed").child("entry");
  EXPECT_STREQ(newest.child("category").attribute("term").value(), "reinstated");
  EXPECT_STREQ(newest.child_value("summary"), "Brought back into the archive.");
  EXPECT_NE(std::string(newest.find_child_by_attribute("link", "rel", "related").attribute("href").value())
                .find("/changes/frus1999v97/d2?from=3&to=5"),
            std::string::npos);

  const nlohmann::json api = nlohmann::json::parse(get("/api/v1/history/frus1999v97/d2").body);
  ASSERT_EQ(api["revisions"].size(), 5u);
  EXPECT_EQ(api["revisions"][0]["reinstated"], true);
  EXPECT_EQ(api["revisions"][0]["changed"].size(), 0u);
  EXPECT_EQ(api["revisions"][0]["changes"], "/api/v1/changes/frus1999v97/d2?from=3&to=5");
  EXPECT_EQ(api["revisions"][1]["deleted"], true);
  EXPECT_EQ(api["revisions"][1]["withdrawal_reason"], "Withdrawn in error");
  EXPECT_FALSE(api["revisions"][1].contains("changes"));
}

TEST_F(RevisionsTest, AWithdrawalMayHideTheRecordsDescription) {
  ASSERT_TRUE(archive_->withdraw_record("frus1999v97/d2", "Removed at the request of the rights holder", "editor:ann",
                                        /*hide_description=*/true));
  HttpResponse page = get("/document/frus1999v97/d2");
  ASSERT_EQ(page.status, 410);
  EXPECT_NE(page.body.find("Removed at the request of the rights holder"), std::string::npos);
  EXPECT_NE(page.body.find("A withdrawn document"), std::string::npos);
  // The day it was withdrawn, as readers read a date.
  const std::string today = display_day(archive_->withdrawal("frus1999v97/d2").value()->annotation.created.substr(0, 10));
  EXPECT_NE(page.body.find("class=\"withdrawn-on\">" + today + "</time>"), std::string::npos);
  EXPECT_EQ(today.find('-'), std::string::npos) << today;
  EXPECT_EQ(page.body.find("Telegram From the Embassy"), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("February 3, 1999"), std::string::npos);
  const nlohmann::json api = nlohmann::json::parse(get("/api/v1/documents/frus1999v97/d2").body);
  EXPECT_EQ(api["status"], 410);
  EXPECT_FALSE(api.contains("document_title")) << api;
  EXPECT_EQ(api["withdrawal"]["hide_description"], true);
  const nlohmann::json listed = nlohmann::json::parse(get("/api/v1/collections/frus1999v97").body);
  bool seen = false;
  for (const auto& d : listed["documents"]) {
    if (d["id"] != "frus1999v97/d2") continue;
    seen = true;
    EXPECT_EQ(d["title"], "A withdrawn document");
    EXPECT_EQ(d["withdrawn"], true);
  }
  EXPECT_TRUE(seen) << listed;
  HttpResponse collection = get("/collection/frus1999v97");
  const std::size_t link = collection.body.find("href=\"/document/frus1999v97/d2\"");
  ASSERT_NE(link, std::string::npos) << collection.body;
  const std::string item = collection.body.substr(link, collection.body.find("</li>", link) - link);
  EXPECT_NE(item.find(">A withdrawn document</a> <span class=\"closed-label\">withdrawn</span>"), std::string::npos) << item;
  // Without it, the description stays.
  ASSERT_TRUE(archive_->reinstate_record("frus1999v97/d2", "editor:ann"));
  ASSERT_TRUE(archive_->withdraw_record("frus1999v97/d2", "A duplicate", "editor:ann"));
  EXPECT_NE(get("/document/frus1999v97/d2").body.find("Telegram From the Embassy"), std::string::npos);
}

TEST_F(RevisionsTest, TwoRevisionsCompareWordByWord) {
  HttpResponse page = get("/changes/frus1999v97/d2?from=1&to=2");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<del>Malnasanu</del><ins>Malnasan</ins>"), std::string::npos) << page.body;
  EXPECT_EQ(count_of(page.body, "class=\"change change-"), 1u);
  EXPECT_NE(page.body.find("href=\"/changes/frus1999v97/d2?from=2&amp;to=3\" rel=\"next\""), std::string::npos);

  // By default the latest change: a paragraph added, shown whole.
  HttpResponse latest = get("/changes/frus1999v97/d2");
  ASSERT_EQ(latest.status, 200);
  EXPECT_NE(latest.body.find("<ins>A paragraph added by the third printing.</ins>"), std::string::npos) << latest.body;
  EXPECT_NE(latest.body.find("(added)"), std::string::npos);
  EXPECT_NE(latest.body.find("href=\"/changes/frus1999v97/d2?from=1&amp;to=2\" rel=\"prev\""), std::string::npos);

  // Any two, either way round.
  HttpResponse back = get("/changes/frus1999v97/d2?from=3&to=1");
  ASSERT_EQ(back.status, 200);
  EXPECT_NE(back.body.find("<del>Malnasan</del><ins>Malnasanu</ins>"), std::string::npos);
  EXPECT_NE(back.body.find("<del>A paragraph added by the third printing.</del>"), std::string::npos);

  EXPECT_EQ(get("/changes/frus1999v97/d2?from=2&to=2").status, 404);
  EXPECT_EQ(get("/changes/frus1999v97/d2?to=4").status, 404);
  EXPECT_EQ(get("/changes/frus1999v97/d2?from=a").status, 400);
  HttpResponse single = get("/changes/frus1999v97/d1");
  EXPECT_EQ(single.status, 404);
  EXPECT_NE(single.body.find("nothing to compare"), std::string::npos);
}

TEST_F(RevisionsTest, TheApiGivesRevisionsHistoryAndChanges) {
  HttpResponse doc = get("/api/v1/documents/frus1999v97/d2?revision=1");
  ASSERT_EQ(doc.status, 200) << doc.body;
  auto json = nlohmann::json::parse(doc.body);
  EXPECT_EQ(json["revision"], 1);
  EXPECT_EQ(json["latest_revision"], 3);
  EXPECT_EQ(json["current"], "/api/v1/documents/frus1999v97/d2");
  EXPECT_NE(json.dump().find("Malnasanu"), std::string::npos);
  auto current = nlohmann::json::parse(get("/api/v1/documents/frus1999v97/d2").body);
  EXPECT_EQ(current["revision"], 3);
  EXPECT_FALSE(current.contains("current"));
  EXPECT_EQ(current["history"], "/api/v1/history/frus1999v97/d2");

  HttpResponse history = get("/api/v1/history/frus1999v97/d2");
  ASSERT_EQ(history.status, 200) << history.body;
  auto h = nlohmann::json::parse(history.body);
  EXPECT_EQ(h["latest"], 3);
  ASSERT_EQ(h["revisions"].size(), 3u);
  EXPECT_EQ(h["revisions"][0]["number"], 3);
  EXPECT_EQ(h["revisions"][0]["changed"], nlohmann::json::array({"body"}));
  EXPECT_EQ(h["revisions"][0]["changes"], "/api/v1/changes/frus1999v97/d2?from=2&to=3");
  EXPECT_EQ(h["revisions"][2]["number"], 1);
  EXPECT_EQ(h["revisions"][2]["source"], "frus1999v97.xml");
  EXPECT_TRUE(h["next"].is_null());

  HttpResponse changes = get("/api/v1/changes/frus1999v97/d2?from=1&to=2");
  ASSERT_EQ(changes.status, 200) << changes.body;
  auto c = nlohmann::json::parse(changes.body);
  EXPECT_EQ(c["from"]["number"], 1);
  EXPECT_EQ(c["to"]["number"], 2);
  ASSERT_EQ(c["changes"].size(), 1u);
  EXPECT_EQ(c["changes"][0]["field"], "body");
  EXPECT_EQ(c["changes"][0]["kind"], "changed");
  std::string older, newer;
  for (const auto& span : c["changes"][0]["spans"]) {
    if (span["op"] != "insert") older += span["text"].get<std::string>();
    if (span["op"] != "delete") newer += span["text"].get<std::string>();
  }
  EXPECT_EQ(older, kFirst);
  EXPECT_EQ(newer, kSecond);
  EXPECT_EQ(get("/api/v1/changes/frus1999v97/d1").status, 404);
  EXPECT_EQ(get("/api/v1/history/frus1999v97/d9").status, 404);

  // The OpenAPI description documents them.
  auto openapi = nlohmann::json::parse(get("/api/v1/openapi.json").content());
  EXPECT_TRUE(openapi["paths"].contains("/history/{id}"));
  EXPECT_TRUE(openapi["paths"].contains("/changes/{id}"));
  EXPECT_TRUE(openapi["components"]["schemas"]["Record"]["properties"].contains("latest_revision"));
}

TEST_F(RevisionsTest, AClosedRecordClosesItsHistoryAndEarlierTexts) {
  Annotation closed;
  closed.target = "frus1999v97";   // the whole volume
  closed.type = AnnotationType::kRestriction;
  closed.text = "Under review";
  closed.author = "editor:ann";
  ASSERT_TRUE(archive_->annotate(closed));
  for (const char* target : {"/document/frus1999v97/d2?revision=1", "/document/frus1999v97/d2.txt?revision=1",
                             "/history/frus1999v97/d2", "/changes/frus1999v97/d2", "/api/v1/documents/frus1999v97/d2?revision=1",
                             "/api/v1/history/frus1999v97/d2", "/api/v1/changes/frus1999v97/d2?from=1&to=2"}) {
    HttpResponse r = get(target);
    EXPECT_EQ(r.status, 403) << target;
    EXPECT_EQ(r.body.find("Malnasan"), std::string::npos) << target;
  }
}

TEST_F(RevisionsTest, TheFeedListsDocumentsAddedAndRevisedNewestFirst) {
  HttpResponse feed = get("/feed.atom");
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.content_type, "application/atom+xml; charset=utf-8");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(feed.body.c_str())) << feed.body;
  std::vector<std::string> ids, categories;
  for (pugi::xml_node entry : doc.child("feed").children("entry")) {
    ids.push_back(entry.child_value("id"));
    categories.push_back(entry.child("category").attribute("term").value());
  }
  // d2 revised twice after the volume's two documents were added.
  ASSERT_EQ(ids.size(), 4u) << feed.body;
  EXPECT_NE(ids[0].find("/document/frus1999v97/d2?revision=3"), std::string::npos) << ids[0];
  EXPECT_NE(ids[1].find("/document/frus1999v97/d2?revision=2"), std::string::npos) << ids[1];
  EXPECT_EQ(categories, (std::vector<std::string>{"revised", "revised", "added", "added"}));
  pugi::xml_node newest = doc.child("feed").child("entry");
  EXPECT_STREQ(newest.child_value("summary"), "Revision 3: changed the text.");
  EXPECT_NE(std::string(newest.find_child_by_attribute("link", "rel", "related").attribute("href").value())
                .find("/changes/frus1999v97/d2?from=2&to=3"),
            std::string::npos);
  EXPECT_STREQ(doc.child("feed").child_value("updated"), newest.child_value("updated"));
  // Every page names the feed.
  EXPECT_NE(get("/").body.find("type=\"application/atom+xml\""), std::string::npos);

  // A closed record leaves the feed.
  Annotation closed;
  closed.target = "frus1999v97/d2";
  closed.type = AnnotationType::kRestriction;
  closed.text = "Under review";
  closed.author = "editor:ann";
  ASSERT_TRUE(archive_->annotate(closed));
  HttpResponse after = get("/feed.atom");
  EXPECT_EQ(after.body.find("frus1999v97/d2"), std::string::npos) << after.body;
  EXPECT_NE(after.body.find("frus1999v97/d1"), std::string::npos);
}

TEST_F(RevisionsTest, ALongHistoryIsPaged) {
  for (int i = 0; i < 57; ++i) {
    write_and_import("frus1999v97.xml", volume(kSecond, "<p>Printing " + std::to_string(i) + ".</p>"));
  }
  HttpResponse first = get("/history/frus1999v97/d2");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(count_of(first.body, "class=\"history-line"), 50u);
  EXPECT_NE(first.body.find("id=\"revision-60\""), std::string::npos);
  EXPECT_NE(first.body.find("Page 1 of 2"), std::string::npos);
  EXPECT_NE(first.body.find("href=\"/history/frus1999v97/d2?page=2\" rel=\"next\""), std::string::npos);
  HttpResponse second = get("/history/frus1999v97/d2?page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(count_of(second.body, "class=\"history-line"), 10u);
  EXPECT_NE(second.body.find("id=\"revision-1\""), std::string::npos);
  EXPECT_NE(second.body.find("First imported"), std::string::npos);
  auto api = nlohmann::json::parse(get("/api/v1/history/frus1999v97/d2").body);
  EXPECT_EQ(api["pages"], 2);
  EXPECT_EQ(api["next"], "/api/v1/history/frus1999v97/d2?page=2");
}

TEST_F(RevisionsTest, TheFeedIsPagedBackToTheFirstRevision) {
  for (int i = 0; i < 57; ++i) {
    write_and_import("frus1999v97.xml", volume(kSecond, "<p>Printing " + std::to_string(i) + ".</p>"));
  }
  // 61 record revisions in all: d1 once, d2 sixty times. Walk the pages by
  // their next links, as a feed reader catching up does.
  std::vector<std::string> ids;
  std::string url = "/feed.atom";
  int pages = 0;
  while (!url.empty() && pages < 5) {
    HttpResponse r = get(url);
    ASSERT_EQ(r.status, 200) << url << r.body;
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(r.body.c_str())) << r.body;
    pugi::xml_node feed = doc.child("feed");
    EXPECT_STREQ(feed.child_value("id"), "http://127.0.0.1:8080/feed.atom");
    EXPECT_EQ(std::string(feed.find_child_by_attribute("link", "rel", "self").attribute("href").value()),
              "http://127.0.0.1:8080" + url);
    EXPECT_STREQ(feed.find_child_by_attribute("link", "rel", "first").attribute("href").value(),
                 "http://127.0.0.1:8080/feed.atom");
    std::size_t on_page = 0;
    for (pugi::xml_node entry : feed.children("entry")) {
      ids.push_back(entry.child_value("id"));
      ++on_page;
    }
    EXPECT_EQ(on_page, pages == 0 ? 50u : 11u) << url;
    const std::string next = feed.find_child_by_attribute("link", "rel", "next").attribute("href").value();
    url = next.empty() ? "" : next.substr(std::string("http://127.0.0.1:8080").size());
    ++pages;
  }
  EXPECT_EQ(pages, 2);
  ASSERT_EQ(ids.size(), 61u);
  EXPECT_NE(ids.front().find("/document/frus1999v97/d2?revision=60"), std::string::npos) << ids.front();
  EXPECT_NE(ids[49].find("/document/frus1999v97/d2?revision=11"), std::string::npos) << ids[49];
  EXPECT_NE(ids[50].find("/document/frus1999v97/d2?revision=10"), std::string::npos) << ids[50];
  EXPECT_NE(ids.back().find("?revision=1"), std::string::npos) << ids.back();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());

  EXPECT_EQ(get("/feed.atom?before=x").status, 400);
  EXPECT_EQ(get("/feed.atom?before=0").status, 400);
  HttpResponse oldest = get("/feed.atom?before=1");
  ASSERT_EQ(oldest.status, 200);
  EXPECT_EQ(oldest.body.find("<entry>"), std::string::npos);
  EXPECT_EQ(oldest.body.find("rel=\"next\""), std::string::npos);
}

}  // namespace
}  // namespace chancery::web
