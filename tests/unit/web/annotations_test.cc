// Editors' corrections, notes and restrictions as readers meet them: a
// correction shows beside the text as published; a closed record (or every
// record of a closed collection) is kept out of every page, answer, search,
// export and harvest that would show its content, and comes back when the
// restriction ends or is lifted.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <chrono>
#include <filesystem>
#include <thread>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web/oai_pmh.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

constexpr const char* kVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v96">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Harbours, Volume XCVI</title>
  </titleStmt></fileDesc></teiHeader>
  <text><body>
    <div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-01-05">January 5, 1999</date></dateline></opener><p>Harbours and lighthouses of Brittany.</p></div>
    <div type="document" xml:id="d2" n="2"><head>2. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-02-03">February 3, 1999</date></dateline></opener><p>Harbours and lighthouses of Normandy, with the secret zanzibarite plan of Minister Malnasanu.</p></div>
    <div type="document" xml:id="d3" n="3"><head>3. Telegram From the Embassy in France to the Department of State</head><opener><dateline><date when="1999-03-09">March 9, 1999</date></dateline></opener><p>Harbours and lighthouses of Provence.</p></div>
  </body></text>
</TEI>
)";

// A document page's "Related documents" section.
std::string related_part(const std::string& page) {
  const std::size_t at = page.find("id=\"related\"");
  return at == std::string::npos ? std::string() : page.substr(at);
}

class AnnotationsTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    write_and_import("frus1999v96.xml", kVolume);
  }

  Annotation restrict(const std::string& target, const std::string& until = "") {
    Annotation draft;
    draft.target = target;
    draft.type = AnnotationType::kRestriction;
    draft.text = "Privacy of persons still living";
    draft.until = until;
    draft.author = "editor:ann";
    auto stored = archive_->annotate(draft);
    EXPECT_TRUE(stored) << stored.error().describe();
    return stored ? *stored : Annotation{};
  }

  std::int64_t total(const std::string& query) {
    SearchRequest request;
    request.query = query;
    auto results = archive_->search(request);
    EXPECT_TRUE(results) << results.error().describe();
    return results ? results->total : -1;
  }

  pugi::xml_document oai(const std::string& query) {
    pugi::xml_document doc;
    HttpResponse response = get("/oai?" + query);
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(doc.load_string(response.body.c_str())) << response.body;
    return doc;
  }
};

TEST_F(AnnotationsTest, ARestrictedRecordIsClosedEverywhere) {
  ASSERT_EQ(total("zanzibarite"), 1);
  ASSERT_EQ(total("harbours"), 3);
  HttpResponse related = get("/document/frus1999v96/d1");
  ASSERT_EQ(related.status, 200);
  ASSERT_NE(related_part(related.body).find("href=\"/document/frus1999v96/d2\""), std::string::npos);

  Annotation closed = restrict("frus1999v96/d2", "2999-01-01");
  EXPECT_EQ(closed.id, "frus1999v96/d2#1");
  EXPECT_EQ(closed.target_kind, AnnotationTarget::kRecord);

  // The page: the published description and the notice, no content.
  HttpResponse page = get("/document/frus1999v96/d2");
  EXPECT_EQ(page.status, 403);
  EXPECT_NE(page.body.find("2. Telegram From the Embassy in France"), std::string::npos);
  EXPECT_NE(page.body.find("Privacy of persons still living"), std::string::npos);
  EXPECT_NE(page.body.find("datetime=\"2999-01-01\" class=\"restriction-until\">January 1, 2999</time>"), std::string::npos);
  EXPECT_EQ(page.body.find("zanzibarite"), std::string::npos);
  EXPECT_EQ(page.body.find("Normandy"), std::string::npos);
  for (const char* suffix : {".txt", ".json", ".ris", ".bib"}) {
    HttpResponse download = get(std::string("/document/frus1999v96/d2") + suffix);
    EXPECT_EQ(download.status, 403) << suffix;
    EXPECT_EQ(download.body.find("Normandy"), std::string::npos) << suffix;
  }
  HttpResponse api = get("/api/v1/documents/frus1999v96/d2");
  EXPECT_EQ(api.status, 403);
  auto problem = nlohmann::json::parse(api.body);
  EXPECT_EQ(problem["restriction"]["until"], "2999-01-01");
  EXPECT_EQ(problem["restriction"]["text"], "Privacy of persons still living");
  EXPECT_EQ(api.body.find("Normandy"), std::string::npos);

  // Searches, counts, exports and related documents leave it out.
  EXPECT_EQ(total("zanzibarite"), 0);
  EXPECT_EQ(total("harbours"), 2);
  EXPECT_EQ(get("/search?q=zanzibarite").body.find("/document/frus1999v96/d2"), std::string::npos);
  auto found = nlohmann::json::parse(get("/api/v1/search?q=harbours").body);
  EXPECT_EQ(found["total"], 2);
  EXPECT_EQ(found.dump().find("frus1999v96/d2"), std::string::npos);
  HttpResponse exported = get("/export/search.ris?q=harbours");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.body.find("Normandy"), std::string::npos);
  EXPECT_EQ(exported.body.find("frus1999v96/d2"), std::string::npos);
  EXPECT_EQ(related_part(get("/document/frus1999v96/d1").body).find("/document/frus1999v96/d2"), std::string::npos);

  // A harvester is told the record is gone, and given no metadata.
  pugi::xml_document got = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:chancery.local:frus1999v96/d2");
  pugi::xml_node record = got.child("OAI-PMH").child("GetRecord").child("record");
  EXPECT_STREQ(record.child("header").attribute("status").value(), "deleted");
  EXPECT_FALSE(record.child("metadata"));
  pugi::xml_document listed = oai("verb=ListRecords&metadataPrefix=oai_dc");
  int deleted = 0, shown = 0;
  for (pugi::xml_node r : listed.child("OAI-PMH").child("ListRecords").children("record")) {
    const bool gone = std::string(r.child("header").attribute("status").value()) == "deleted";
    deleted += gone ? 1 : 0;
    shown += r.child("metadata") ? 1 : 0;
    EXPECT_EQ(gone, std::string(r.child("header").child_value("identifier")).ends_with("/d2"));
  }
  EXPECT_GE(deleted, 1);   // as changed, and again as closed
  EXPECT_EQ(shown, 2);

  // An archivist's own search still finds it.
  SearchRequest all;
  all.query = "zanzibarite";
  all.include_restricted = true;
  auto everything = archive_->search(all);
  ASSERT_TRUE(everything);
  EXPECT_EQ(everything->total, 1);

  // Lifted: everything is back.
  auto withdrawn = archive_->withdraw_annotation(closed.id, "editor:ann");
  ASSERT_TRUE(withdrawn) << withdrawn.error().describe();
  EXPECT_EQ(get("/document/frus1999v96/d2").status, 200);
  EXPECT_EQ(get("/api/v1/documents/frus1999v96/d2").status, 200);
  EXPECT_EQ(total("zanzibarite"), 1);
  EXPECT_EQ(total("harbours"), 3);
  auto history = archive_->annotation_history(closed.id);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_TRUE(history->back().deleted);
  EXPECT_EQ(history->back().source, "editor:ann");
}

TEST_F(AnnotationsTest, ACollectionRestrictionClosesEveryRecordInIt) {
  Annotation closed = restrict("frus1999v96");
  EXPECT_EQ(closed.target_kind, AnnotationTarget::kCollection);
  for (const char* id : {"d1", "d2", "d3"}) {
    HttpResponse page = get(std::string("/document/frus1999v96/") + id);
    EXPECT_EQ(page.status, 403) << id;
    EXPECT_NE(page.body.find("every document of the collection frus1999v96"), std::string::npos);
  }
  EXPECT_EQ(total("harbours"), 0);
  EXPECT_EQ(total(""), 0);   // every record
  auto targets = archive_->restricted_targets();
  ASSERT_TRUE(targets);
  EXPECT_EQ(*targets, std::vector<std::string>{"frus1999v96"});
  // The collection's own page still lists what it holds, by title.
  HttpResponse volume = get("/collection/frus1999v96");
  EXPECT_EQ(volume.status, 200);
  EXPECT_NE(volume.body.find("3. Telegram From the Embassy in France"), std::string::npos);
  EXPECT_NE(volume.body.find("The documents of this collection are closed to readers until further notice: "
                             "Privacy of persons still living"),
            std::string::npos);
  std::size_t marked = 0;
  for (std::size_t at = volume.body.find("closed-label"); at != std::string::npos;
       at = volume.body.find("closed-label", at + 1)) {
    ++marked;
  }
  EXPECT_EQ(marked, 3u);
  auto api = nlohmann::json::parse(get("/api/v1/collections/frus1999v96").body);
  EXPECT_EQ(api["restriction"]["text"], "Privacy of persons still living");
  ASSERT_EQ(api["documents"].size(), 3u);
  for (const auto& document : api["documents"]) EXPECT_EQ(document.value("closed", false), true) << document;
}

TEST_F(AnnotationsTest, ARestrictionEndsOnItsDay) {
  restrict("frus1999v96/d2", "2000-01-01");   // over long ago
  EXPECT_EQ(get("/document/frus1999v96/d2").status, 200);
  EXPECT_EQ(total("zanzibarite"), 1);
  restrict("frus1999v96/d2", "2999-01-01");
  EXPECT_EQ(get("/document/frus1999v96/d2").status, 403);
  EXPECT_EQ(total("zanzibarite"), 0);
  // Its collection lists it, marked, and the others not.
  HttpResponse volume = get("/collection/frus1999v96");
  ASSERT_EQ(volume.status, 200);
  const std::size_t mark = volume.body.find("closed-label");
  ASSERT_NE(mark, std::string::npos);
  EXPECT_EQ(volume.body.find("closed-label", mark + 1), std::string::npos);
  EXPECT_LT(volume.body.find("/document/frus1999v96/d2"), mark);
  EXPECT_GT(volume.body.find("/document/frus1999v96/d3"), mark);
  EXPECT_EQ(volume.body.find("closed to readers"), std::string::npos);
  auto api = nlohmann::json::parse(get("/api/v1/collections/frus1999v96").body);
  EXPECT_FALSE(api.contains("restriction"));
  ASSERT_EQ(api["documents"].size(), 3u);
  for (const auto& document : api["documents"]) {
    EXPECT_EQ(document.value("closed", false), document["id"] == "frus1999v96/d2") << document;
  }
}

TEST_F(AnnotationsTest, CorrectionsShowBesideTheTextAsPublished) {
  Annotation draft;
  draft.target = "frus1999v96/d2";
  draft.type = AnnotationType::kCorrection;
  draft.field = "body";
  draft.quote = "Malnasanu";
  draft.text = "Malnasan <script>alert(1)</script>";
  draft.comment = "The volume misprints the surname & more.";
  draft.author = "editor:ann";
  EXPECT_EQ(total("Malnasan"), 0);
  EXPECT_EQ(total("misprints"), 0);
  auto stored = archive_->annotate(draft);
  ASSERT_TRUE(stored) << stored.error().describe();
  EXPECT_EQ(stored->id, "frus1999v96/d2#1");
  EXPECT_FALSE(stored->created.empty());

  HttpResponse page = get("/document/frus1999v96/d2");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"annotation-1\""), std::string::npos);
  EXPECT_NE(page.body.find("Malnasan &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(page.body.find("The volume misprints the surname &amp; more."), std::string::npos);
  EXPECT_NE(page.body.find("Minister Malnasanu"), std::string::npos);   // the source as published
  auto api = nlohmann::json::parse(get("/api/v1/documents/frus1999v96/d2").body);
  ASSERT_EQ(api["annotations"].size(), 1u);
  EXPECT_EQ(api["annotations"][0]["quote"], "Malnasanu");
  EXPECT_EQ(api["annotations"][0]["field"], "body");
  EXPECT_EQ(api["annotations"][0]["author"], "editor:ann");
  auto source = archive_->record("frus1999v96/d2");
  ASSERT_TRUE(source);
  bool as_published = false;
  for (const Block& block : source->body) as_published |= block.text.find("Minister Malnasanu") != std::string::npos;
  EXPECT_TRUE(as_published);

  // A quote the field does not hold is refused, and nothing is stored.
  draft.quote = "Malnasanov";
  auto refused = archive_->annotate(draft);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(refused.error().message.find("not in the body"), std::string::npos);
  auto listed = archive_->annotations("frus1999v96/d2");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u);
  // A collection takes no corrections; an unknown target is not found.
  draft.quote.clear();
  draft.field.clear();
  draft.target = "frus1999v96";
  EXPECT_EQ(archive_->annotate(draft).error().code, ErrorCode::kNotFound);
  draft.target = "frus1999v96/d9";
  EXPECT_EQ(archive_->annotate(draft).error().code, ErrorCode::kNotFound);

  // The correction's words find the record (the source's too, as before).
  EXPECT_EQ(total("Malnasan"), 1);
  EXPECT_EQ(total("misprints"), 1);
  EXPECT_EQ(total("Malnasanu"), 1);

  // Withdrawn, it leaves the page and the search; a withdrawn number is never given again.
  ASSERT_TRUE(archive_->withdraw_annotation("frus1999v96/d2#1", "editor:bob"));
  EXPECT_EQ(total("misprints"), 0);
  EXPECT_EQ(get("/document/frus1999v96/d2").body.find("id=\"annotation-1\""), std::string::npos);
  EXPECT_EQ(archive_->withdraw_annotation("frus1999v96/d2#1", "editor:bob").error().code, ErrorCode::kNotFound);
  draft.target = "frus1999v96/d2";
  draft.type = AnnotationType::kNote;
  draft.comment.clear();
  draft.text = "See the Romanian record.";
  auto again = archive_->annotate(draft);
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(again->id, "frus1999v96/d2#2");
}

TEST_F(AnnotationsTest, AnExportKeepsAnnotationsAndAnImportRestoresThem) {
  Annotation correction;
  correction.target = "frus1999v96/d2";
  correction.type = AnnotationType::kCorrection;
  correction.field = "body";
  correction.quote = "Malnasanu";
  correction.text = "Malnasan";
  correction.author = "editor:ann";
  auto stored = archive_->annotate(correction);
  ASSERT_TRUE(stored) << stored.error().describe();
  Annotation closed = restrict("frus1999v96/d3", "2999-01-01");
  ASSERT_TRUE(archive_->withdraw_annotation(stored->id, "editor:bob"));
  auto kept = archive_->annotate(correction);   // #2: the one an export holds
  ASSERT_TRUE(kept);

  const std::filesystem::path out = dir_ / "export";
  ASSERT_TRUE(archive_->export_all(out, "json"));
  ASSERT_TRUE(std::filesystem::exists(out / "annotations.json"));

  auto copy = testing::create_archive(dir_ / "copy");
  ASSERT_NE(copy, nullptr);
  for (const FileImportReport& report : copy->import_paths({out})) {
    EXPECT_NE(report.status, ImportStatus::kFailed) << report.path << ": " << report.error->describe();
  }
  auto on_d2 = copy->annotations("frus1999v96/d2");
  ASSERT_TRUE(on_d2);
  ASSERT_EQ(on_d2->size(), 1u);
  EXPECT_EQ((*on_d2)[0], *kept);   // id, author and time as they were
  auto on_d3 = copy->annotations("frus1999v96/d3");
  ASSERT_TRUE(on_d3);
  ASSERT_EQ(on_d3->size(), 1u);
  EXPECT_EQ((*on_d3)[0], closed);
  SearchRequest request;
  request.query = "Provence";
  EXPECT_EQ(copy->search(request)->total, 0);   // still closed
  request.query = "Malnasan";
  EXPECT_EQ(copy->search(request)->total, 1);   // the correction's words, indexed as the records came in
  // Importing the export again changes nothing.
  const std::int64_t seq = copy->stats()->store.last_seq;
  copy->import_paths({out});
  EXPECT_EQ(copy->stats()->store.last_seq, seq);
  // And the next annotation on d2 does not take a number the source archive gave.
  auto next = copy->annotate(correction);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, "frus1999v96/d2#3");
}

TEST_F(AnnotationsTest, AMalformedAnnotationFailsItsFileAndStoresNothing) {
  const std::string file = R"({"chancery_export": 1, "annotations": [
    {"id": "frus1999v96/d2#1", "target": "frus1999v96/d2", "type": "note", "text": "fine"},
    {"id": "frus1999v96/d2#2", "target": "frus1999v96/d2", "type": "restriction", "text": "x", "until": "2031-02-30"}]})";
  std::ofstream(dir_ / "annotations.json", std::ios::binary) << file;
  const std::int64_t seq = archive_->stats()->store.last_seq;
  FileImportReport report = archive_->import_file(dir_ / "annotations.json");
  ASSERT_EQ(report.status, ImportStatus::kFailed);
  EXPECT_NE(report.error->describe().find("frus1999v96/d2#2"), std::string::npos) << report.error->describe();
  EXPECT_EQ(archive_->stats()->store.last_seq, seq);
  EXPECT_TRUE(archive_->annotations("frus1999v96/d2")->empty());
  // An id that is not its target's.
  std::ofstream(dir_ / "annotations.json", std::ios::binary)
      << R"({"chancery_export": 1, "annotations": [{"id": "other#1", "target": "frus1999v96/d2", "type": "note", "text": "x"}]})";
  EXPECT_EQ(archive_->import_file(dir_ / "annotations.json").status, ImportStatus::kFailed);
  EXPECT_EQ(archive_->stats()->store.last_seq, seq);
}

TEST_F(AnnotationsTest, AReaderSeesARestrictionAnotherProcessMade) {
  ArchiveOptions options;
  options.dir = dir_ / "archive";
  options.read_only = true;
  auto reader = Archive::open(options);
  ASSERT_TRUE(reader) << reader.error().describe();
  SearchRequest request;
  request.query = "zanzibarite";
  EXPECT_EQ((*reader)->search(request)->total, 1);
  restrict("frus1999v96/d2");
  EXPECT_EQ((*reader)->search(request)->total, 0);
  auto record = (*reader)->record("frus1999v96/d2");
  ASSERT_TRUE(record);
  auto restriction = (*reader)->restriction(*record);
  ASSERT_TRUE(restriction);
  ASSERT_TRUE(restriction->has_value());
  EXPECT_EQ((*restriction)->id, "frus1999v96/d2#1");
  EXPECT_EQ((*restriction)->until, "");
}

// The identifiers of a ListIdentifiers answer, each with "-" appended when
// deleted, and its resumption token.
std::pair<std::vector<std::string>, std::string> identifiers(const pugi::xml_document& doc) {
  std::vector<std::string> out;
  pugi::xml_node list = doc.child("OAI-PMH").child("ListIdentifiers");
  for (pugi::xml_node header : list.children("header")) {
    std::string id = header.child_value("identifier");
    id = id.substr(id.rfind('/') + 1);
    if (std::string(header.attribute("status").value()) == "deleted") id += "-";
    out.push_back(id);
  }
  return {out, list.child_value("resumptionToken")};
}

TEST_F(AnnotationsTest, HarvestersLearnOfAccessChangesIncrementally) {
  // A harvester took everything; a second later the archive closes d2, then
  // the whole volume, then lifts both. Each change reaches a harvest from the
  // second it was made, though no record changed.
  auto stamp = [this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    return oai::datestamp_of(utc_timestamp_now());
  };
  const std::string t1 = stamp();
  Annotation one = restrict("frus1999v96/d2");
  EXPECT_EQ(identifiers(oai("verb=ListIdentifiers&metadataPrefix=oai_dc&from=" + t1)).first,
            (std::vector<std::string>{"d2-"}));
  // GetRecord dates it by the change.
  pugi::xml_document got = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:chancery.local:frus1999v96/d2");
  EXPECT_STREQ(got.child("OAI-PMH").child("GetRecord").child("record").child("header").child_value("datestamp"),
               oai::datestamp_of(one.created).c_str());

  const std::string t2 = stamp();
  Annotation all = restrict("frus1999v96");
  const std::int64_t change = archive_->store().last_seq().value();
  EXPECT_EQ(identifiers(oai("verb=ListIdentifiers&metadataPrefix=oai_dc&from=" + t2)).first,
            (std::vector<std::string>{"d1-", "d2-", "d3-"}));
  // A token that stopped after the first record of that change resumes with the second.
  auto [resumed, token] = identifiers(oai("verb=ListIdentifiers&resumptionToken=" +
                                          oai::encode_list_token({"oai_dc", t2, "", "", change - 1, 1, true, 1})));
  EXPECT_EQ(resumed, (std::vector<std::string>{"d2-", "d3-"}));
  EXPECT_EQ(token, "");
  // A set narrows them.
  EXPECT_TRUE(identifiers(oai("verb=ListIdentifiers&metadataPrefix=oai_dc&set=frus1999v96&from=" + t2)).first.size() ==
              3);

  const std::string t3 = stamp();
  ASSERT_TRUE(archive_->withdraw_annotation(all.id, "editor:ann"));
  ASSERT_TRUE(archive_->withdraw_annotation(one.id, "editor:ann"));
  auto [reopened, rest] = identifiers(oai("verb=ListIdentifiers&metadataPrefix=oai_dc&from=" + t3));
  EXPECT_EQ(reopened, (std::vector<std::string>{"d1", "d2", "d3", "d2"}));
  // The records as they stand, with their metadata again.
  pugi::xml_document records = oai("verb=ListRecords&metadataPrefix=oai_dc&from=" + t3);
  int with_metadata = 0;
  for (pugi::xml_node r : records.child("OAI-PMH").child("ListRecords").children("record")) {
    with_metadata += r.child("metadata") ? 1 : 0;
  }
  EXPECT_EQ(with_metadata, 4);
  // Corrections and notes change no harvest.
  const std::string t4 = stamp();
  Annotation note;
  note.target = "frus1999v96/d1";
  note.type = AnnotationType::kNote;
  note.text = "See d3.";
  ASSERT_TRUE(archive_->annotate(note));
  pugi::xml_document none = oai("verb=ListIdentifiers&metadataPrefix=oai_dc&from=" + t4);
  EXPECT_STREQ(none.child("OAI-PMH").child("error").attribute("code").value(), "noRecordsMatch");
}

TEST_F(AnnotationsTest, HarvestersLearnOfRestrictionsEndingByTheirDate) {
  // Restrictions whose days are past: d2's ended on 2020-03-01, the volume's
  // on 2021-06-01, d1's on a day still to come. A harvest of a window holding
  // such a day (and not the moment the restriction was made) gets the
  // records it reopened, with their metadata.
  restrict("frus1999v96/d2", "2020-03-01");
  restrict("frus1999v96", "2021-06-01");
  restrict("frus1999v96/d1", "2999-01-01");
  const std::string window = "&from=2020-02-29T23:00:00Z&until=2020-03-01T01:00:00Z";
  EXPECT_EQ(identifiers(oai("verb=ListIdentifiers&metadataPrefix=oai_dc" + window)).first,
            (std::vector<std::string>{"d2"}));
  pugi::xml_document got = oai("verb=ListRecords&metadataPrefix=oai_dc" + window);
  pugi::xml_node record = got.child("OAI-PMH").child("ListRecords").child("record");
  // Dated by the later of that midnight and the record's own revision (as
  // access changes are): here the revision, made today.
  auto revision = archive_->store().latest(EntityKind::kRecord, "frus1999v96/d2");
  ASSERT_TRUE(revision && *revision);
  EXPECT_EQ(record.child("header").child_value("datestamp"),
            oai::datestamp_of(std::max((*revision)->created_at, std::string("2020-03-01T00:00:00.000Z"))));
  EXPECT_TRUE(record.child("metadata").child("oai_dc:dc"));
  // The volume's: all three records, d1 still closed by its own restriction.
  EXPECT_EQ(identifiers(oai("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2021-06-01&until=2021-06-01")).first,
            (std::vector<std::string>{"d1-", "d2", "d3"}));
  // Both, in order of their days, within a set too; none before or between.
  EXPECT_EQ(identifiers(oai("verb=ListIdentifiers&metadataPrefix=oai_dc&set=frus1999v96&from=2020-01-01&until=2022-01-01"))
                .first,
            (std::vector<std::string>{"d2", "d1-", "d2", "d3"}));
  pugi::xml_document between = oai("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-03-02&until=2021-05-31");
  EXPECT_STREQ(between.child("OAI-PMH").child("error").attribute("code").value(), "noRecordsMatch");
  // A token that stopped after the volume's first record resumes with its second.
  oai::ListWindow stopped{"oai_dc", "2020-01-01", "2022-01-01", "", 1, 2, true, 1};
  stopped.expiry = true;
  auto [resumed, token] =
      identifiers(oai("verb=ListIdentifiers&resumptionToken=" + oai::encode_list_token(stopped)));
  EXPECT_EQ(resumed, (std::vector<std::string>{"d2", "d3"}));
  EXPECT_EQ(token, "");
  // A harvest of everything ends with them too (the records' own revisions,
  // the changes of access made today, then the ended restrictions).
  auto [all, more] = identifiers(oai("verb=ListIdentifiers&metadataPrefix=oai_dc"));
  ASSERT_GE(all.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(all.end() - 4, all.end()), (std::vector<std::string>{"d2", "d1-", "d2", "d3"}));
}

}  // namespace
}  // namespace chancery::web
