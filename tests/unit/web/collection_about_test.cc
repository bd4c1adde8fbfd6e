// A collection's own texts (a volume's preface and sources) on its page, in
// a disclosure each, escaped, with note markers linked to their notes; in
// its API answer as stored; absent where a collection has none.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

constexpr const char* kVolume = R"({"chancery_export": 1,
  "collections": [{"id": "vol", "title": "A Volume", "record_ids": ["vol/d1"]},
                  {"id": "vol/ch1", "parent": "vol", "title": "A Chapter", "record_ids": []}],
  "records": [{"id": "vol/d1", "title": "A document", "collections": ["vol"]}],
  "about": [{"id": "vol", "texts": [
    {"id": "preface", "title": "Preface", "body": [
       {"kind": "paragraph", "text": "Chosen <by> the editors [1] & checked.", "note_refs": ["1"]},
       {"kind": "page_break", "attr": "V"},
       {"kind": "paragraph", "text": "A second paragraph."}],
     "notes": [{"number": "1", "id": "prefacefn1", "marker": "[1]", "text": "A note on <sources>."}]},
    {"id": "sources", "title": "Sources", "body": [{"kind": "list_item", "text": "Eisenhower Library"}]}]}]})";

class CollectionAboutTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("vol.json", kVolume);
  }
};

TEST_F(CollectionAboutTest, TheCollectionPageShowsItsTexts) {
  HttpResponse page = get("/collection/vol");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::size_t about = page.body.find("<h2 id=\"about-heading\">About this collection</h2>");
  ASSERT_NE(about, std::string::npos) << page.body;
  EXPECT_LT(about, page.body.find("id=\"documents\""));
  EXPECT_NE(page.body.find("<details class=\"collection-text\" id=\"about-preface\">\n      <summary>Preface</summary>"),
            std::string::npos);
  EXPECT_NE(page.body.find("id=\"about-sources\""), std::string::npos);
  EXPECT_LT(page.body.find("about-preface"), page.body.find("about-sources"));
  // Escaped, the marker linked to its note, the page break and list item as a document's.
  EXPECT_NE(page.body.find("Chosen &lt;by&gt; the editors"), std::string::npos);
  EXPECT_EQ(page.body.find("<by>"), std::string::npos);
  // Notes numbered by text ("t1n1": the first text's first note), so two texts' anchors never clash.
  EXPECT_NE(page.body.find("<a class=\"note-ref\" id=\"fnreft1n1\" href=\"#fnt1n1\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<li id=\"fnt1n1\" class=\"note\"><span class=\"note-marker\">[1]</span>"), std::string::npos);
  EXPECT_NE(page.body.find("A note on &lt;sources&gt;."), std::string::npos);
  EXPECT_NE(page.body.find("[Page V]"), std::string::npos);
  EXPECT_NE(page.body.find("<p class=\"block-list-item\">Eisenhower Library</p>"), std::string::npos);

  // Not on a collection without texts.
  EXPECT_EQ(get("/collection/vol/ch1").body.find("about-heading"), std::string::npos);
}

TEST_F(CollectionAboutTest, TheApiGivesTheTextsAsStored) {
  HttpResponse answer = get("/api/v1/collections/vol");
  ASSERT_EQ(answer.status, 200) << answer.body;
  nlohmann::json body = nlohmann::json::parse(answer.body);
  ASSERT_TRUE(body.contains("about"));
  ASSERT_EQ(body["about"].size(), 2u);
  EXPECT_EQ(body["about"][0]["id"], "preface");
  EXPECT_EQ(body["about"][0]["body"][0]["text"], "Chosen <by> the editors [1] & checked.");
  EXPECT_EQ(body["about"][0]["notes"][0]["id"], "prefacefn1");
  EXPECT_EQ(body["about"][1]["body"][0]["kind"], "list_item");
  EXPECT_FALSE(nlohmann::json::parse(get("/api/v1/collections/vol%2Fch1").body).contains("about"));
}

}  // namespace
}  // namespace chancery::web
