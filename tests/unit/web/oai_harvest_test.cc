// OAI-PMH over a real archive, answered in-process as the server answers:
// whole harvests paged by resumption tokens (each record once, also while
// records change), collections as sets, deletions, windows in time, the
// protocol's errors, POSTed forms, and XML that parses whatever the records
// hold.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "archive/archive.h"
#include "store/store.h"
#include "web/dispatcher.h"
#include "web/oai_pmh.h"
#include "web/url.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

// A volume of `chapters` chapters of `per_chapter` documents each.
std::string volume(const std::string& id, int chapters, int per_chapter) {
  std::string tei = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id=")" + id + R"("><teiHeader><fileDesc><titleStmt>
<title type="complete">Foreign Relations of the United States, 1999, Harvest Tests</title>
</titleStmt></fileDesc></teiHeader><text><body>
)";
  int n = 0;
  for (int c = 1; c <= chapters; ++c) {
    tei += "<div type=\"chapter\" xml:id=\"ch" + std::to_string(c) + "\"><head>Chapter " + std::to_string(c) + "</head>\n";
    for (int d = 1; d <= per_chapter; ++d) {
      const std::string number = std::to_string(++n);
      tei += "<div type=\"document\" xml:id=\"d" + number + "\" n=\"" + number + "\"><head>" + number +
             ". Telegram Number " + number + "</head><opener><dateline><date when=\"1999-01-05\">January 5, 1999</date>"
             "</dateline></opener><p>Harbours " + number + ".</p></div>\n";
    }
    tei += "</div>\n";
  }
  tei += "</body></text></TEI>\n";
  return tei;
}

std::string loose(const std::string& title) {
  return "**November 3, 1956**  \n**" + title +
         "**\n\n**Original Language:**\n\nEnglish\n\nOne more note, in no volume.\n";
}

struct Page {
  std::vector<std::string> identifiers;
  std::vector<std::string> deleted;
  std::string token;          // empty when the list ended (or had no token)
  bool has_token = false;
  std::string cursor;
  std::string error;          // the error code, if any
};

class OaiHarvestTest : public testing::ArchivePagesTest {
 protected:
  // GETs `query` at /oai; the answer must be an OAI-PMH document.
  pugi::xml_node oai(const std::string& query) {
    HttpResponse response = get("/oai?" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.content_type, "text/xml; charset=utf-8");
    body_ = response.body;
    auto loaded = document_.load_buffer(body_.data(), body_.size());
    EXPECT_TRUE(loaded) << loaded.description() << "\n" << body_;
    pugi::xml_node root = document_.child("OAI-PMH");
    EXPECT_TRUE(root) << body_;
    return root;
  }

  std::string error_of(const std::string& query) {
    pugi::xml_node root = oai(query);
    return root.child("error").attribute("code").value();
  }

  Page list(const std::string& verb, const std::string& query) {
    pugi::xml_node root = oai("verb=" + verb + "&" + query);
    Page page;
    page.error = root.child("error").attribute("code").value();
    pugi::xml_node list = root.child(verb.c_str());
    for (pugi::xml_node item : list.children()) {
      pugi::xml_node header = verb == "ListRecords" ? item.child("header") : item;
      if (std::string(item.name()) == "resumptionToken") {
        page.has_token = true;
        page.token = item.child_value();
        page.cursor = item.attribute("cursor").value();
        continue;
      }
      std::string id = header.child_value("identifier");
      page.identifiers.push_back(id);
      if (std::string(header.attribute("status").value()) == "deleted") {
        page.deleted.push_back(id);
        if (verb == "ListRecords") {
          EXPECT_FALSE(item.child("metadata")) << id;
        }
      } else if (verb == "ListRecords") {
        EXPECT_TRUE(item.child("metadata").child("oai_dc:dc")) << id;
      }
    }
    return page;
  }

  // Every page of a list, following its tokens; `between` runs after each page.
  std::vector<std::string> harvest(const std::string& verb, const std::string& query,
                                   const std::function<void(int)>& between = {}) {
    std::vector<std::string> all;
    Page page = list(verb, query);
    int pages = 1;
    for (;;) {
      EXPECT_TRUE(page.error.empty()) << body_;
      if (!page.error.empty()) break;
      all.insert(all.end(), page.identifiers.begin(), page.identifiers.end());
      if (between) between(pages);
      if (page.token.empty()) break;
      EXPECT_EQ(page.cursor, std::to_string(all.size() - page.identifiers.size()));
      page = list(verb, "resumptionToken=" + percent_encode(page.token));
      if (++pages > 100) {
        ADD_FAILURE() << "no end to the list";
        break;
      }
    }
    return all;
  }

  static std::string item(const std::string& id) { return oai::item_identifier("chancery.local", id); }

  std::string body_;
  pugi::xml_document document_;
};

TEST_F(OaiHarvestTest, IdentifyDescribesTheRepository) {
  write_and_import("loose.txt", loose("A Loose Note"));
  pugi::xml_node root = oai("verb=Identify");
  pugi::xml_node identify = root.child("Identify");
  EXPECT_STREQ(identify.child_value("baseURL"), "http://127.0.0.1:8080/oai");
  EXPECT_STREQ(identify.child_value("protocolVersion"), "2.0");
  EXPECT_STREQ(identify.child_value("deletedRecord"), "persistent");
  EXPECT_STREQ(identify.child_value("granularity"), "YYYY-MM-DDThh:mm:ssZ");
  EXPECT_TRUE(oai::valid_datestamp(identify.child_value("earliestDatestamp"))) << body_;
  EXPECT_TRUE(oai::valid_datestamp(root.child_value("responseDate"))) << body_;
  EXPECT_STREQ(identify.child("description").child("oai-identifier").child_value("repositoryIdentifier"),
               "chancery.local");
  EXPECT_STREQ(root.child("request").attribute("verb").value(), "Identify");
}

TEST_F(OaiHarvestTest, AWholeHarvestMeetsEveryRecordOnce) {
  write_and_import("frus1999v90.xml", volume("frus1999v90", 3, 80));
  write_and_import("loose.txt", loose("A Loose Note"));
  const std::size_t expected = 3 * 80 + 1;

  std::vector<std::string> records = harvest("ListRecords", "metadataPrefix=oai_dc");
  EXPECT_EQ(records.size(), expected);
  EXPECT_EQ(std::set<std::string>(records.begin(), records.end()).size(), expected);
  EXPECT_NE(std::find(records.begin(), records.end(), item("frus1999v90/d240")), records.end());
  EXPECT_NE(std::find(records.begin(), records.end(), item("frus1999v90/d1")), records.end());

  std::vector<std::string> identifiers = harvest("ListIdentifiers", "metadataPrefix=oai_dc");
  EXPECT_EQ(identifiers, records);

  // Pages of 100 records: the first has a token and no cursor before it; the
  // last an empty token.
  Page first = list("ListRecords", "metadataPrefix=oai_dc");
  EXPECT_EQ(first.identifiers.size(), 100u);
  EXPECT_EQ(first.cursor, "0");
  ASSERT_FALSE(first.token.empty());
  Page second = list("ListRecords", "resumptionToken=" + percent_encode(first.token));
  Page third = list("ListRecords", "resumptionToken=" + percent_encode(second.token));
  EXPECT_EQ(third.identifiers.size(), expected - 200);
  EXPECT_TRUE(third.has_token);
  EXPECT_TRUE(third.token.empty());
  EXPECT_EQ(third.cursor, "200");
}

TEST_F(OaiHarvestTest, RecordsChangedDuringAHarvestAreStillMetOnce) {
  write_and_import("frus1999v90.xml", volume("frus1999v90", 2, 120));
  // After the first page, documents not yet sent change (a new revision each),
  // and so does one already sent: the harvest meets the unsent ones once, as
  // changed, and the sent one again at the end, as a harvester should.
  std::string changed = volume("frus1999v90", 2, 120);
  for (const char* number : {"150", "230", "3"}) {
    const std::string head = std::string(number) + ". Telegram Number " + number + "<";
    const std::size_t at = changed.find(head);
    ASSERT_NE(at, std::string::npos);
    changed.replace(at, head.size(), std::string(number) + ". Telegram Number " + number + " (Revised)<");
  }
  std::vector<std::string> records = harvest("ListRecords", "metadataPrefix=oai_dc", [&](int pages) {
    if (pages == 1) write_and_import("frus1999v90.xml", changed);
  });
  std::map<std::string, int> seen;
  for (const std::string& id : records) ++seen[id];
  EXPECT_EQ(seen.size(), 240u);
  for (const auto& [id, times] : seen) {
    EXPECT_EQ(times, id == item("frus1999v90/d3") ? 2 : 1) << id;
  }
  EXPECT_EQ(records.back(), item("frus1999v90/d230"));

  pugi::xml_node root = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(item("frus1999v90/d150")));
  EXPECT_STREQ(root.child("GetRecord").child("record").child("metadata").child("oai_dc:dc").child_value("dc:title"),
               "150. Telegram Number 150 (Revised)");
}

TEST_F(OaiHarvestTest, CollectionsAreSets) {
  write_and_import("frus1999v90.xml", volume("frus1999v90", 3, 4));
  write_and_import("loose.txt", loose("A Loose Note"));

  pugi::xml_node root = oai("verb=ListSets");
  std::vector<std::pair<std::string, std::string>> sets;
  for (pugi::xml_node set : root.child("ListSets").children("set")) {
    sets.emplace_back(set.child_value("setSpec"), set.child_value("setName"));
  }
  ASSERT_EQ(sets.size(), 4u) << body_;
  EXPECT_EQ(sets[0].first, "frus1999v90");
  EXPECT_EQ(sets[0].second, "Foreign Relations of the United States, 1999, Harvest Tests");
  EXPECT_EQ(sets[2].first, "frus1999v90:ch2");
  EXPECT_EQ(sets[2].second, "Chapter 2");
  EXPECT_FALSE(root.child("ListSets").child("resumptionToken"));

  std::vector<std::string> chapter = harvest("ListIdentifiers", "metadataPrefix=oai_dc&set=frus1999v90:ch2");
  EXPECT_EQ(chapter, (std::vector<std::string>{item("frus1999v90/d5"), item("frus1999v90/d6"), item("frus1999v90/d7"),
                                               item("frus1999v90/d8")}));
  EXPECT_EQ(harvest("ListRecords", "metadataPrefix=oai_dc&set=frus1999v90").size(), 12u);

  // A record's header names its sets, outermost first; its metadata the collections.
  root = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(item("frus1999v90/d5")));
  pugi::xml_node record = root.child("GetRecord").child("record");
  std::vector<std::string> specs;
  for (pugi::xml_node spec : record.child("header").children("setSpec")) specs.emplace_back(spec.child_value());
  EXPECT_EQ(specs, (std::vector<std::string>{"frus1999v90", "frus1999v90:ch2"}));
  std::vector<std::string> relations;
  for (pugi::xml_node r : record.child("metadata").child("oai_dc:dc").children("dc:relation")) {
    relations.emplace_back(r.child_value());
  }
  EXPECT_EQ(relations.back(), "Chapter 2");
  EXPECT_STREQ(record.child("metadata").child("oai_dc:dc").child_value("dc:date"), "1999-01-05");

  // The loose record is in no set.
  root = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(item(archive_->store().current_since(
                                                                                          EntityKind::kRecord, 0, 1'000'000, 100, false)
                                                                                      ->back()
                                                                                      .id)));
  EXPECT_FALSE(root.child("GetRecord").child("record").child("header").child("setSpec")) << body_;

  EXPECT_EQ(error_of("verb=ListRecords&metadataPrefix=oai_dc&set=frus1999v90:ch9"), "noRecordsMatch");
  EXPECT_EQ(error_of("verb=ListSets&resumptionToken=s1/5000"), "badResumptionToken");
}

TEST_F(OaiHarvestTest, AnArchiveWithoutCollectionsHasNoSets) {
  write_and_import("loose.txt", loose("A Loose Note"));
  EXPECT_EQ(error_of("verb=ListSets"), "noSetHierarchy");
  EXPECT_EQ(error_of("verb=ListIdentifiers&metadataPrefix=oai_dc&set=a"), "noSetHierarchy");
}

TEST_F(OaiHarvestTest, DeletedRecordsAreReportedAsDeleted) {
  write_and_import("frus1999v90.xml", volume("frus1999v90", 2, 3));
  ASSERT_TRUE(archive_->store().remove(EntityKind::kRecord, "frus1999v90/d5", "editor:test").has_value());

  Page all = list("ListRecords", "metadataPrefix=oai_dc");
  EXPECT_EQ(all.identifiers.size(), 6u);
  EXPECT_EQ(all.deleted, (std::vector<std::string>{item("frus1999v90/d5")}));
  EXPECT_EQ(all.identifiers.back(), item("frus1999v90/d5"));  // its deletion is its latest change
  // Still in its set, and found by GetRecord as deleted.
  Page chapter = list("ListIdentifiers", "metadataPrefix=oai_dc&set=frus1999v90:ch2");
  EXPECT_EQ(chapter.deleted, (std::vector<std::string>{item("frus1999v90/d5")}));
  pugi::xml_node root = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(item("frus1999v90/d5")));
  pugi::xml_node header = root.child("GetRecord").child("record").child("header");
  EXPECT_STREQ(header.attribute("status").value(), "deleted");
  EXPECT_STREQ(header.child("setSpec").next_sibling("setSpec").child_value(), "frus1999v90:ch2");
  EXPECT_FALSE(root.child("GetRecord").child("record").child("metadata"));
  EXPECT_TRUE(oai("verb=ListMetadataFormats&identifier=" + percent_encode(item("frus1999v90/d5")))
                  .child("ListMetadataFormats"));
}

TEST_F(OaiHarvestTest, FromAndUntilSelectByDatestamp) {
  write_and_import("frus1999v90.xml", volume("frus1999v90", 1, 3));
  pugi::xml_node root = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(item("frus1999v90/d1")));
  const std::string stamp = root.child("GetRecord").child("record").child("header").child_value("datestamp");
  ASSERT_TRUE(oai::valid_datestamp(stamp)) << stamp;
  const std::string day = stamp.substr(0, 10);

  EXPECT_EQ(harvest("ListIdentifiers", "metadataPrefix=oai_dc&from=" + day).size(), 3u);
  EXPECT_EQ(harvest("ListIdentifiers", "metadataPrefix=oai_dc&until=" + day).size(), 3u);
  EXPECT_EQ(harvest("ListIdentifiers", "metadataPrefix=oai_dc&from=" + stamp + "&until=" + stamp).size() >= 1, true);
  EXPECT_EQ(error_of("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01"), "noRecordsMatch");
  EXPECT_EQ(error_of("verb=ListIdentifiers&metadataPrefix=oai_dc&until=1999-01-01"), "noRecordsMatch");
  EXPECT_EQ(error_of("verb=ListIdentifiers&metadataPrefix=oai_dc&from=1999-01-01&until=2999-01-01"), "");
}

TEST_F(OaiHarvestTest, ProtocolErrors) {
  write_and_import("loose.txt", loose("A Loose Note"));
  EXPECT_EQ(error_of(""), "badVerb");
  EXPECT_FALSE(document_.child("OAI-PMH").child("request").first_attribute());  // no arguments echoed
  EXPECT_EQ(error_of("verb=Launch"), "badVerb");
  EXPECT_EQ(error_of("verb=ListRecords"), "badArgument");
  EXPECT_EQ(error_of("verb=ListRecords&metadataPrefix=marc21"), "cannotDisseminateFormat");
  EXPECT_STREQ(document_.child("OAI-PMH").child("request").attribute("metadataPrefix").value(), "marc21");
  EXPECT_EQ(error_of("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:chancery.local:nothing"), "idDoesNotExist");
  EXPECT_EQ(error_of("verb=GetRecord&metadataPrefix=oai_dc&identifier=nothing"), "idDoesNotExist");
  EXPECT_EQ(error_of("verb=ListMetadataFormats&identifier=oai:chancery.local:nothing"), "idDoesNotExist");
  EXPECT_EQ(error_of("verb=ListRecords&resumptionToken=r1/oai_dc/////x/0"), "badResumptionToken");
  EXPECT_EQ(error_of("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-02-30"), "badArgument");
  pugi::xml_node formats = oai("verb=ListMetadataFormats").child("ListMetadataFormats");
  EXPECT_STREQ(formats.child("metadataFormat").child_value("metadataPrefix"), "oai_dc");
  EXPECT_STREQ(formats.child("metadataFormat").child_value("metadataNamespace"),
               "http://www.openarchives.org/OAI/2.0/oai_dc/");
}

TEST_F(OaiHarvestTest, AFormPostedIsAnsweredAsAGet) {
  write_and_import("loose.txt", loose("A Loose Note"));
  HttpRequest post = testing::request_for("/oai", "POST");
  post.headers["content-type"] = "application/x-www-form-urlencoded";
  post.body = "verb=ListIdentifiers&metadataPrefix=oai_dc";
  HttpResponse response = answer(router_, *site_, archive_.get(), post);
  ASSERT_EQ(response.status, 200) << response.body;
  pugi::xml_document parsed;
  ASSERT_TRUE(parsed.load_string(response.body.c_str())) << response.body;
  EXPECT_EQ(std::distance(parsed.child("OAI-PMH").child("ListIdentifiers").children("header").begin(),
                          parsed.child("OAI-PMH").child("ListIdentifiers").children("header").end()),
            1);

  post.headers["content-type"] = "text/plain";
  EXPECT_EQ(answer(router_, *site_, archive_.get(), post).status, 415);
  // Other routes still take GET and HEAD only.
  HttpRequest search = testing::request_for("/search", "POST");
  search.headers["content-type"] = "application/x-www-form-urlencoded";
  search.body = "q=note";
  EXPECT_EQ(answer(router_, *site_, archive_.get(), search).status, 405);
}

TEST_F(OaiHarvestTest, HostileRecordsStillMakeWellFormedXml) {
  write_and_import("hostile.txt", "**November 3, 1956**  \n**<script>alert(1)</script> & \"Quotes\" ]]>**\n\n"
                                  "**Summary:**\n\nA ]]> B <!-- C --> &amp; D\n\n**Original Language:**\n\nEnglish\n\nText.\n");
  Page page = list("ListRecords", "metadataPrefix=oai_dc");
  ASSERT_EQ(page.identifiers.size(), 1u) << body_;
  pugi::xml_node dc = document_.child("OAI-PMH").child("ListRecords").child("record").child("metadata").child("oai_dc:dc");
  EXPECT_NE(std::string(dc.child_value("dc:title")).find("<script>alert(1)</script> & \"Quotes\" ]]>"), std::string::npos) << body_;
  EXPECT_EQ(std::string(dc.child_value("dc:description")), "A ]]> B <!-- C --> &amp; D");
}

}  // namespace
}  // namespace chancery::web
