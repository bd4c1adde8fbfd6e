// Specification of the TEI reader (src/formats/tei.h) against the FRUS corpus
// (../shared/corpus/frus) and small hand-written volumes.
#include "formats/tei.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "formats/place_name.h"
#include "formats/tei_text.h"
#include "formats/tei_title.h"
#include "model/record_json.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

const fs::path kFrusDir = fs::path(CHANCERY_CORPUS_DIR) / "frus";
const fs::path kV25 = kFrusDir / "frus1955-57v25.xml";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<fs::path> corpus_volumes() {
  std::vector<fs::path> out;
  if (!fs::is_directory(kFrusDir)) return out;
  for (const auto& entry : fs::directory_iterator(kFrusDir)) {
    if (entry.path().extension() == ".xml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

#define REQUIRE_CORPUS()                                                              \
  if (!fs::exists(kV25)) {                                                            \
    GTEST_SKIP() << "FRUS corpus not found at " << kFrusDir                           \
                 << " (CHANCERY_CORPUS_DIR); corpus tests skipped";                   \
  }

// Reads the v25 volume once for the tests that look at its records.
const ImportUnit& v25() {
  static const ImportUnit unit = [] {
    auto result = read_tei(read_file(kV25), kV25.string());
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().describe());
    return result ? *result : ImportUnit{};
  }();
  return unit;
}

const Record* find_record(const ImportUnit& unit, const std::string& id) {
  for (const Record& r : unit.records) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const Collection* find_collection(const ImportUnit& unit, const std::string& id) {
  for (const Collection& c : unit.collections) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// The corpus

TEST(TeiCorpus, EveryVolumeParsesWithOneRecordPerDocumentDiv) {
  REQUIRE_CORPUS();
  std::size_t total_bytes = 0, total_docs = 0;
  double seconds = 0, cpu_seconds = 0;
  for (const fs::path& path : corpus_volumes()) {
    SCOPED_TRACE(path.filename().string());
    std::string bytes = read_file(path);

    // Counted independently of the reader, with an XPath query.
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_buffer(bytes.data(), bytes.size()));
    std::size_t expected =
        doc.select_nodes("//*[local-name()='div'][@type='document']").size();

    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu_start = std::clock();
    auto unit = read_tei(bytes, path.string());
    cpu_seconds += static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(unit.has_value()) << unit.error().describe();
    total_bytes += bytes.size();
    total_docs += unit->records.size();
    // The store keeps canonical_json(); it must equal nlohmann's dump of the
    // record's tree on real records too (record_json_test has the edge cases).
    std::size_t json_mismatches = 0;
    for (const Record& record : unit->records) {
      if (canonical_json(record) != to_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) {
        if (++json_mismatches == 1) ADD_FAILURE() << "canonical_json differs for " << record.id;
      }
    }
    EXPECT_EQ(json_mismatches, 0u);

    EXPECT_EQ(unit->records.size(), expected);
    EXPECT_EQ(unit->persons.size(),
              doc.select_nodes("//*[local-name()='div'][@xml:id='persons']"
                               "//*[local-name()='persName'][@xml:id]").size());
    EXPECT_EQ(unit->terms.size(),
              doc.select_nodes("//*[local-name()='div'][@xml:id='terms']"
                               "//*[local-name()='term'][@xml:id]").size());
    ASSERT_FALSE(unit->collections.empty());
    const Collection& volume = unit->collections.front();
    EXPECT_EQ(volume.id, path.stem().string());
    EXPECT_FALSE(volume.title.empty());
    EXPECT_EQ(volume.series, "Foreign Relations of the United States");
    EXPECT_EQ(volume.record_ids.size(), unit->records.size());
    std::set<std::string> ids;
    for (const Record& r : unit->records) {
      EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
      EXPECT_EQ(r.source_format, "tei");
      EXPECT_FALSE(r.title.empty()) << r.id;
      ASSERT_FALSE(r.collections.empty());
      EXPECT_EQ(r.collections.front(), volume.id);
      EXPECT_TRUE(r.original.starts_with("<div")) << r.id;
      std::set<std::string> numbers;
      for (const Note& n : r.notes) numbers.insert(n.number);
      for (const Block& b : r.body) {
        for (const std::string& ref : b.note_refs) {
          EXPECT_TRUE(numbers.contains(ref)) << r.id << " refers to a missing note " << ref;
          EXPECT_NE(b.text.find("[" + ref + "]"), std::string::npos) << r.id;
        }
      }
      for (const Link& l : r.links) EXPECT_FALSE(l.target.empty()) << r.id;
    }
  }
  // Throughput, printed for the record; never asserted. CPU time is the fairer
  // figure on a shared machine.
  std::printf("[ TEI      ] %zu documents, %.1f MB: wall %.3f s (%.1f MB/s, %.0f docs/s), "
              "cpu %.3f s (%.1f MB/s, %.0f docs/s)\n",
              total_docs, total_bytes / 1e6, seconds, total_bytes / 1e6 / seconds, total_docs / seconds,
              cpu_seconds, total_bytes / 1e6 / cpu_seconds, total_docs / cpu_seconds);
}

TEST(TeiCorpus, TelegramFromMoscowHasDatePlaceSourceAndCorrespondents) {
  REQUIRE_CORPUS();
  const Record* r = find_record(v25(), "frus1955-57v25/d159");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->number, "159");
  EXPECT_EQ(r->title, "159. Telegram From the Embassy in the Soviet Union to the Department of State");
  EXPECT_EQ(r->record_type, "telegram");
  EXPECT_EQ(r->sender, "Embassy in the Soviet Union");
  EXPECT_EQ(r->recipient, "Department of State");
  EXPECT_EQ(r->place, "Moscow");
  EXPECT_EQ(r->date.from, (Date{1956, 11, 3, DatePrecision::kDay}));
  EXPECT_EQ(r->date.to, r->date.from);
  EXPECT_EQ(r->date.time, "12:00:00");
  EXPECT_EQ(r->date.as_written, "November 3, 1956—noon");
  EXPECT_TRUE(r->source.starts_with("Source: Department of State, Central Files, 764.00/11–556."));
  EXPECT_EQ(r->citation.as_written, r->source);
  EXPECT_EQ(r->citation.title, r->title);
  EXPECT_EQ(r->citation.url, "https://history.state.gov/historicaldocuments/frus1955-57v25/d159");
  EXPECT_EQ(r->citation.publisher,
            "Foreign Relations of the United States, 1955–1957, Eastern Europe, Volume XXV");
  EXPECT_EQ(r->archive, "Department of State, Central Files");
  EXPECT_EQ(r->classification, "Secret");
  EXPECT_EQ(r->languages, std::vector<std::string>{"English"});

  // The source note is kept as a note, first, typed "source".
  ASSERT_GE(r->notes.size(), 5u);
  EXPECT_EQ(r->notes[0].type, "source");
  EXPECT_EQ(r->notes[0].id, "d159fn1");
  EXPECT_EQ(r->notes[0].text, r->source);
  EXPECT_EQ(r->notes[3].number, "4");
  EXPECT_EQ(r->notes[3].id, "d159fn4");
  EXPECT_TRUE(r->notes[3].text.starts_with("Marshal Vasili Danilovich Sokolovsky"));

  // Body: the dateline, then paragraphs with note markers where the notes sit.
  ASSERT_GE(r->body.size(), 3u);
  EXPECT_EQ(r->body[0].kind, BlockKind::kDateline);
  EXPECT_EQ(r->body[0].text, "Moscow, November 3, 1956—noon.");
  EXPECT_EQ(r->body[1].kind, BlockKind::kParagraph);
  EXPECT_TRUE(r->body[1].text.starts_with("1048. Embtel 1044.[2] Soviet press today"));
  EXPECT_EQ(r->body[1].note_refs, std::vector<std::string>{"2"});
  auto page = std::find_if(r->body.begin(), r->body.end(),
                           [](const Block& b) { return b.kind == BlockKind::kPageBreak; });
  ASSERT_NE(page, r->body.end());
  EXPECT_EQ(page->attr, "371");
  EXPECT_EQ(r->body.back().kind, BlockKind::kSignature);
  EXPECT_EQ(r->body.back().text, "Bohlen");

  EXPECT_NE(std::find(r->people.begin(), r->people.end(),
                      NameRef{"Khrushchev", "frus1955-57v25/p_KNS1"}),
            r->people.end());
  EXPECT_EQ(std::count(r->people.begin(), r->people.end(),
                       NameRef{"Zhukov", "frus1955-57v25/p_ZMGK1"}),
            1);  // named three times, listed once
  EXPECT_EQ(r->places, (std::vector<NameRef>{NameRef{"Moscow", ""}}));
  EXPECT_EQ(r->collections,
            (std::vector<std::string>{"frus1955-57v25", "frus1955-57v25/comp3", "frus1955-57v25/ch7"}));
  EXPECT_TRUE(r->original.starts_with("<div type=\"document\" xml:id=\"d159\" n=\"159\">\n<head>159. "));
  EXPECT_TRUE(r->original.ends_with("</div>"));
}

TEST(TeiCorpus, OriginalIsTheDocumentsXml) {
  REQUIRE_CORPUS();
  for (const Record& r : v25().records) {
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_buffer(r.original.data(), r.original.size())) << r.id;
    pugi::xml_node div = doc.document_element();
    EXPECT_STREQ(div.name(), "div");
    EXPECT_STREQ(div.attribute("type").value(), "document");
    EXPECT_EQ("frus1955-57v25/" + std::string(div.attribute("xml:id").value()), r.id);
  }
}

TEST(TeiCorpus, FootnoteLinksToAnotherDocumentsNote) {
  REQUIRE_CORPUS();
  const Record* r = find_record(v25(), "frus1955-57v25/d158");
  ASSERT_NE(r, nullptr);
  Link expected{"d158fn7", "frus1955-57v25/d156#d156fn2", "footnote 2, Document 156"};
  EXPECT_NE(std::find(r->links.begin(), r->links.end(), expected), r->links.end());
  const Record* d159 = find_record(v25(), "frus1955-57v25/d159");
  ASSERT_NE(d159, nullptr);
  EXPECT_NE(std::find(d159->links.begin(), d159->links.end(),
                      Link{"d159fn3", "frus1955-57v25/d138", "Documents 138"}),
            d159->links.end());
}

TEST(TeiCorpus, PersonsAndTermsLists) {
  REQUIRE_CORPUS();
  const ImportUnit& unit = v25();
  auto adams = std::find_if(unit.persons.begin(), unit.persons.end(),
                            [](const Person& p) { return p.id == "frus1955-57v25/p_AS1"; });
  ASSERT_NE(adams, unit.persons.end());
  EXPECT_EQ(adams->name, "Adams, Sherman");
  EXPECT_EQ(adams->description, "Assistant to President Eisenhower");
  EXPECT_EQ(adams->source, "frus1955-57v25");

  auto acen = std::find_if(unit.terms.begin(), unit.terms.end(),
                           [](const Term& t) { return t.term == "ACEN"; });
  ASSERT_NE(acen, unit.terms.end());
  EXPECT_EQ(acen->id, "frus1955-57v25/t_ACEN1");
  EXPECT_EQ(acen->expansion, "Assembly of Captive European Nations");
  EXPECT_GT(unit.persons.size(), 100u);
  EXPECT_GT(unit.terms.size(), 100u);
}

TEST(TeiCorpus, PrefaceAndSourcesAreTheVolumesOwnTexts) {
  REQUIRE_CORPUS();
  const ImportUnit& unit = v25();
  ASSERT_EQ(unit.abouts.size(), 1u);
  std::vector<std::string> ids;
  for (const CollectionText& t : unit.abouts[0].texts) ids.push_back(t.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"preface", "sources"}));
  const CollectionText& preface = unit.abouts[0].texts[0];
  EXPECT_EQ(preface.title, "Preface");
  EXPECT_GT(preface.body.size(), 10u);
  EXPECT_TRUE(preface.body[0].text.starts_with("The publication Foreign Relations of the United States constitutes the official record"))
      << preface.body[0].text;
}

TEST(TeiCorpus, SectionsNestedInThePrefaceAreTextsOfTheirOwn) {
  REQUIRE_CORPUS();
  const fs::path v08 = kFrusDir / "frus1958-60v08.xml";
  if (!fs::exists(v08)) GTEST_SKIP() << v08 << " is absent";
  auto unit = read_tei(read_file(v08), v08.string());
  ASSERT_TRUE(unit.has_value()) << unit.error().describe();
  ASSERT_EQ(unit->abouts.size(), 1u);
  const auto& texts = unit->abouts[0].texts;
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0].id, "preface");
  EXPECT_EQ(texts[1].id, "sources");
  EXPECT_EQ(texts[1].title, "List of Sources");
  for (const Block& b : texts[0].body) {
    EXPECT_EQ(b.text.find("Indexed Central Files"), std::string::npos) << "the sources are not the preface's text";
  }
}

TEST(TeiCorpus, ChaptersInPublishedOrder) {
  REQUIRE_CORPUS();
  const ImportUnit& unit = v25();
  // The chapter and compilation ids as the file orders them.
  std::string bytes = read_file(kV25);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_buffer(bytes.data(), bytes.size()));
  std::vector<std::string> expected;
  for (auto node : doc.select_nodes(
           "//*[local-name()='div'][@type='chapter' or @type='compilation']"
           "[.//*[local-name()='div'][@type='document']]")) {
    expected.push_back("frus1955-57v25/" + std::string(node.node().attribute("xml:id").value()));
  }
  std::vector<std::string> got;
  for (const Collection& c : unit.collections) {
    if (!c.parent.empty()) got.push_back(c.id);
  }
  EXPECT_EQ(got, expected);

  const Collection* comp1 = find_collection(unit, "frus1955-57v25/comp1");
  const Collection* ch1 = find_collection(unit, "frus1955-57v25/ch1");
  const Collection* comp2 = find_collection(unit, "frus1955-57v25/comp2");
  ASSERT_TRUE(comp1 && ch1 && comp2);
  EXPECT_EQ(comp1->parent, "frus1955-57v25");
  EXPECT_EQ(comp1->title, "Balkan Pact");
  EXPECT_EQ(comp1->position, 1);
  EXPECT_EQ(comp2->position, 2);
  EXPECT_EQ(ch1->parent, "frus1955-57v25/comp1");
  EXPECT_EQ(ch1->position, 1);
  EXPECT_EQ(ch1->title,
            "United States Interest in the Alliance Among Greece, Turkey, and Yugoslavia");
  EXPECT_EQ(ch1->record_ids.front(), "frus1955-57v25/d1");

  const Collection& volume = unit.collections.front();
  EXPECT_EQ(volume.title, "Foreign Relations of the United States, 1955–1957, Eastern Europe, Volume XXV");
  EXPECT_EQ(volume.editors,
            (std::vector<std::string>{"Edward C. Keefer", "Ronald D. Landa", "Stanley Shaloff"}));
  EXPECT_EQ(volume.record_ids.front(), "frus1955-57v25/d1");
  EXPECT_EQ(volume.record_ids.back(), unit.records.back().id);
  EXPECT_EQ(volume.coverage.from.year, 1955);
  EXPECT_GE(volume.coverage.to.year, 1957);

  const Record* d1 = find_record(unit, "frus1955-57v25/d1");
  ASSERT_NE(d1, nullptr);
  EXPECT_EQ(d1->record_type, "editorial note");
}

TEST(TeiCorpus, TruncatedVolumeIsRejectedWithLineAndColumn) {
  REQUIRE_CORPUS();
  std::string bytes = read_file(kV25);
  std::string half = bytes.substr(0, bytes.size() / 2);
  auto result = read_tei(half, "half.xml");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(result.error().file, "half.xml");
  EXPECT_GT(result.error().line, 0);
  EXPECT_GT(result.error().column, 0);
  EXPECT_NE(result.error().message.find("truncated"), std::string::npos) << result.error().message;
}

// ---------------------------------------------------------------------------
// What titles, source notes and targets say (the reader's private helpers)

TEST(TeiTitles, RecordTypeFromTitle) {
  EXPECT_EQ(tei::record_type_from_title("159. Telegram From the Embassy in the Soviet Union to the Department of State"), "telegram");
  EXPECT_EQ(tei::record_type_from_title("12. Memorandum of Conversation"), "memorandum of conversation");
  EXPECT_EQ(tei::record_type_from_title("3. Memorandum for the Record"), "memorandum for the record");
  EXPECT_EQ(tei::record_type_from_title("1. Editorial Note"), "editorial note");
  EXPECT_EQ(tei::record_type_from_title("5. Summary Paper Approved by the Operations Coordinating Board"), "paper");
  EXPECT_EQ(tei::record_type_from_title("10. Telegram 250151 From the Department of State to All Diplomatic Posts"), "telegram");
  EXPECT_EQ(tei::record_type_from_title("7. Circular Telegram From the Department of State to Certain Posts"), "circular telegram");
  EXPECT_EQ(tei::record_type_from_title("8. Despatch From the Legation in Hungary to the Department of State"), "despatch");
  EXPECT_EQ(tei::record_type_from_title("9. Minutes of a Meeting"), "minutes");
  EXPECT_EQ(tei::record_type_from_title("The Consul at Geneva to the Secretary of State"), "");
}

TEST(TeiTitles, CorrespondentsFromTitle) {
  auto c = tei::correspondents_from_title("41. Letter From Secretary of State Dulles to Chancellor Adenauer");
  EXPECT_EQ(c.sender, "Secretary of State Dulles");
  EXPECT_EQ(c.recipient, "Chancellor Adenauer");
  c = tei::correspondents_from_title(
      "25. Memorandum From the Special Assistant to the President for National Security Affairs "
      "(Bundy) to the Secretary of State");
  EXPECT_EQ(c.sender, "Special Assistant to the President for National Security Affairs (Bundy)");
  EXPECT_EQ(c.recipient, "Secretary of State");
  c = tei::correspondents_from_title("308. Telegram From the Department of State to the Mission to the United Nations, New York");
  EXPECT_EQ(c.sender, "Department of State");
  EXPECT_EQ(c.recipient, "Mission to the United Nations");
  c = tei::correspondents_from_title("10. Memorandum from Topping (S/P) to Rostow. Observations. 3 pp.");
  EXPECT_EQ(c.recipient, "Rostow");
  c = tei::correspondents_from_title("279. Memorandum of Conversation");
  EXPECT_EQ(c.sender, "");
  EXPECT_EQ(c.recipient, "");
}

TEST(TeiTitles, ArchiveAndClassificationFromSource) {
  EXPECT_EQ(tei::archive_from_source("Source: Eisenhower Library, Whitman File, DDE Diaries. Secret."), "Eisenhower Library");
  EXPECT_EQ(tei::archive_from_source("Source: Department of State, Central Files, 764.00/11–556."), "Department of State, Central Files");
  EXPECT_EQ(tei::archive_from_source("Source: 501.BB/11–2048"), "");
  EXPECT_EQ(tei::classification_from_source("Source: ... 764.00/11–556. Secret; Priority."), "Secret");
  EXPECT_EQ(tei::classification_from_source("Source: ... Top Secret; Eyes Only. Drafted by the Secretary."), "Top Secret");
  EXPECT_EQ(tei::classification_from_source("Source: Carter Library. No classification marking."), "No classification marking");
  EXPECT_EQ(tei::classification_from_source("Source: a letter to the Secretary of State."), "");
}

TEST(TeiTitles, LinkTargets) {
  EXPECT_EQ(tei::normalise_target("#d156fn2", "v25"), "v25/d156#d156fn2");
  EXPECT_EQ(tei::normalise_target("#d12", "v25"), "v25/d12");
  EXPECT_EQ(tei::normalise_target("#d273A", "v25"), "v25/d273A");
  EXPECT_EQ(tei::normalise_target("frus1955-57v26#d3", "v25"), "frus1955-57v26/d3");
  EXPECT_EQ(tei::normalise_target("frus1955-57v26#d3fn1", "v25"), "frus1955-57v26/d3#d3fn1");
  EXPECT_EQ(tei::normalise_target("frus1952-54v08", "v25"), "frus1952-54v08");
  EXPECT_EQ(tei::normalise_target("#pg_14", "v25"), "v25#pg_14");
  EXPECT_EQ(tei::normalise_target("https://history.state.gov/x#d1", "v25"), "https://history.state.gov/x#d1");
}

// ---------------------------------------------------------------------------
// Bad input

TEST(TeiInput, NotXmlIsRejectedWithPosition) {
  auto result = read_tei("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n  <text><p>a</q>", "bad.xml");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(result.error().line, 2);
  EXPECT_GT(result.error().column, 1);
  EXPECT_NE(result.error().message.find("not well-formed XML"), std::string::npos);

  auto prose = read_tei("Dear Sir, this is plain text.", "letter.txt");
  ASSERT_FALSE(prose.has_value());
  EXPECT_EQ(prose.error().code, ErrorCode::kInvalidInput);

  EXPECT_FALSE(read_tei("", "empty.xml").has_value());
}

TEST(TeiInput, NonTeiXmlIsRejected) {
  auto html = read_tei("<?xml version=\"1.0\"?>\n<html><body/></html>", "page.xml");
  ASSERT_FALSE(html.has_value());
  EXPECT_NE(html.error().message.find("not a TEI document"), std::string::npos);
  EXPECT_EQ(html.error().line, 2);
  EXPECT_EQ(html.error().column, 1);

  // The right name in no namespace (or another one) is not TEI either.
  auto no_namespace = read_tei("<TEI><text/></TEI>", "plain.xml");
  ASSERT_FALSE(no_namespace.has_value());
  EXPECT_NE(no_namespace.error().message.find("TEI namespace"), std::string::npos);

  // A prefixed TEI root is TEI.
  auto prefixed = read_tei(
      "<tei:TEI xmlns:tei=\"http://www.tei-c.org/ns/1.0\" xml:id=\"vol\"><tei:text><tei:body>"
      "<tei:div type=\"document\" xml:id=\"d1\" n=\"1\"><tei:head>1. Letter From A to B</tei:head>"
      "<tei:p>Text</tei:p></tei:div></tei:body></tei:text></tei:TEI>",
      "prefixed.xml");
  ASSERT_TRUE(prefixed.has_value()) << prefixed.error().describe();
  ASSERT_EQ(prefixed->records.size(), 1u);
  EXPECT_EQ(prefixed->records[0].id, "vol/d1");
  EXPECT_EQ(prefixed->collections[0].title, "vol");  // no teiHeader: the id stands in
  EXPECT_EQ(prefixed->collections[0].position, 0);
  EXPECT_EQ(prefixed->records[0].sender, "A");
  EXPECT_EQ(prefixed->records[0].body, (std::vector<Block>{{BlockKind::kParagraph, "Text", "", {}}}));
}

TEST(TeiInput, AbsurdNestingIsRejected) {
  std::string deep = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>"
                     "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>1. Note</head>\n<p>";
  for (int i = 0; i < 100000; ++i) deep += "<hi>";
  deep += "deep";
  for (int i = 0; i < 100000; ++i) deep += "</hi>";
  deep += "</p></div></body></text></TEI>";
  auto result = read_tei(deep, "deep.xml");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().line, 2);
  EXPECT_NE(result.error().message.find("nested"), std::string::npos);
}

// Whatever the DOCTYPE declares, no entity is expanded and no file is read.
TEST(TeiInput, EntitiesAreNeverExpanded) {
  const std::string external =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE TEI [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
      "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>"
      "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>1. Note</head><p>&xxe;</p></div>"
      "</body></text></TEI>";
  auto result = read_tei(external, "xxe.xml");
  ASSERT_TRUE(result.has_value()) << result.error().describe();
  ASSERT_EQ(result->records.size(), 1u);
  EXPECT_EQ(result->records[0].body,
            (std::vector<Block>{{BlockKind::kParagraph, "&xxe;", "", {}}}));  // literal
  EXPECT_EQ(result->records[0].original.find("root:"), std::string::npos);
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_NE(result->warnings[0].find("not expanded"), std::string::npos);

  std::string laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [\n <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    laughs += " <!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) laughs += "&lol" + std::to_string(i - 1) + ";";
    laughs += "\">\n";
  }
  laughs +=
      "]>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>"
      "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>1. Note</head><p>&lol9;</p></div>"
      "</body></text></TEI>";
  auto bomb = read_tei(laughs, "lol.xml");
  ASSERT_TRUE(bomb.has_value()) << bomb.error().describe();
  ASSERT_EQ(bomb->records.size(), 1u);
  EXPECT_EQ(bomb->records[0].body, (std::vector<Block>{{BlockKind::kParagraph, "&lol9;", "", {}}}));
}

// ---------------------------------------------------------------------------
// A newer-generation volume, written by hand

constexpr const char* kNewVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"
     xml:id="frus1999v99">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Test Matters, Volume XCIX</title>
    <title type="series">Foreign Relations of the United States</title>
    <title type="subseries">1999</title>
    <title type="volume">Test Matters</title>
    <editor role="primary">Ann Editor</editor>
    <editor role="general">Gene General</editor>
  </titleStmt></fileDesc></teiHeader>
  <text>
    <front>
      <div type="section" xml:id="preface"><head>Preface</head>
        <p>Why this <hi rend="italic">volume</hi> was made.<note n="1" xml:id="prefacefn1">A note on the preface.</note></p>
        <pb n="V" xml:id="pg_V"/>
        <p>Who chose the documents.</p>
        <div type="toc" xml:id="toc"><head>Contents</head><list><item>Chapter One</item></list></div>
        <div type="section" xml:id="sources"><head>Sources</head>
          <list><item>Eisenhower Library, Whitman File</item></list>
        </div>
      </div>
      <div type="section" xml:id="persons"><head>Persons</head>
        <list type="names">
          <item><hi rend="strong"><persName xml:id="p_SJ1">Smith, John</persName>,</hi> Ambassador to <placeName>France</placeName></item>
          <item><hi rend="strong"><persName xml:id="p_DX1">Deng Xiaoping</persName>
              <persName xml:id="p_TH1">(Teng Hsiao-p’ing)</persName>,</hi> Vice Premier</item>
          <item><hi rend="strong"><persName xml:id="p_MG1">Meir, Golda</persName>,</hi> see <persName corresp="#p_MG3" type="alt">Myerson</persName></item>
          <item><hi rend="strong"><persName xml:id="p_MG3">Myerson, Goldie (Meir, Golda)</persName>,</hi> Foreign Minister</item>
          <item><hi rend="strong"><persName xml:id="p_Y1">Y</persName>,</hi> see <persName corresp="#p_SJ1">Sturm, Paul</persName></item>
          <item><hi rend="strong"><persName xml:id="p_T1">Thieu</persName>,</hi> see Nguyen Van Thieu.</item>
          <item><hi rend="strong"><persName xml:id="p_NVT1">Nguyen Van Thieu</persName>,</hi> President</item>
        </list>
      </div>
      <div type="section" xml:id="terms"><head>Abbreviations</head>
        <list type="terms"><item><term xml:id="t_UN1">UN</term>, United Nations</item>
          <item><hi><term xml:id="t_IADB1">IADB</term> or <term xml:id="t_IDB1">IDB</term>,</hi> Inter-American Development
            Bank</item></list>
      </div>
    </front>
    <body>
      <div type="chapter" xml:id="ch1"><head>Chapter One<note n="1" xml:id="ch1fn1">Chapter note.</note></head>
        <div type="document" xml:id="d1" n="1" subtype="editorial-note"><head>1. Editorial Note</head>
          <p>An editor writes.</p>
        </div>
        <div n="2" xml:id="d2" type="document" subtype="historical-document"
             frus:doc-dateTime-min="1999-03-04T09:30:00-05:00" frus:doc-dateTime-max="1999-03-04T09:30:00-05:00">
          <head>2. Telegram From the <gloss type="from">Embassy in France</gloss> to the <gloss type="to">Department of State</gloss><note n="1" xml:id="d2fn1" type="source">Source: National Archives, RG 59. Secret.</note></head>
          <opener><dateline><placeName>Paris</placeName>, <date>March 4, 1999, 9:30 a.m.</date></dateline></opener>
          <p>First <persName corresp="#p_SJ1">Smith</persName> said<note n="2" xml:id="d2fn2">See <ref target="#d1">Document 1</ref> and <ref target="frus1998v01#d7fn3">another volume</ref>.</note> that
             the page turns <pb n="12" xml:id="pg_12"/>here.</p>
          <list type="subject"><head>SUBJECT</head><item>Tests</item><label>a.</label><item>Labelled</item></list>
          <table><row><cell>Year</cell><cell>Votes</cell></row><row><cell>1999</cell><cell>12<note n="3" xml:id="d2fn3">Counted twice.</note></cell></row></table>
          <quote><p>Quoted words.</p></quote>
          <frus:attachment><head>Attachment</head><p>Attached text <unknownThing>kept</unknownThing>.</p></frus:attachment>
          <closer><signed><persName corresp="#p_SJ1">Smith</persName></signed></closer>
        </div>
      </div>
      <div type="chapter" xml:id="ch2"><head>Chapter Two</head>
        <div type="document" xml:id="d3" n="3" xml:lang="fr"><head>3. Memorandum From <persName type="from" corresp="#p_JJ1">Jones</persName> to the <persName type="to">Secretary of State</persName>, May 1, 1999</head>
          <p>Texte de l’<orgName>Organisation du traité de l’Atlantique nord</orgName>.</p>
        </div>
        <div type="document" xml:id="d4A" n="4A">
          <note rend="inline" type="source">851G.01/3–1249: Telegram</note>
          <head>The Ambassador in France (<persName corresp="#p_SJ1">
              Smith</persName>) to the Secretary of State</head>
          <p>See <ref target="#d4A">this document</ref>, <ref target="#pg_12">
            page 12</ref> and <ref target="frus1952-54v08">a volume</ref>.</p>
        </div>
      </div>
    </body>
  </text>
</TEI>
)";

TEST(TeiNewGeneration, FrontMatterSectionsAreTheVolumesOwnTexts) {
  auto unit = read_tei(kNewVolume, "/tmp/some-name.xml");
  ASSERT_TRUE(unit.has_value()) << unit.error().describe();
  ASSERT_EQ(unit->abouts.size(), 1u);
  const CollectionAbout& about = unit->abouts[0];
  EXPECT_EQ(about.id, "frus1999v99");
  // Preface and sources in published order (the sources, nested in the preface
  // as FRUS 1958-60 v08 nests them, a text of their own); the contents,
  // persons and terms are not texts.
  ASSERT_EQ(about.texts.size(), 2u);
  EXPECT_EQ(about.texts[0].id, "preface");
  EXPECT_EQ(about.texts[0].title, "Preface");
  ASSERT_EQ(about.texts[0].body.size(), 3u);
  EXPECT_EQ(about.texts[0].body[0].text, "Why this volume was made.[1]");   // markers as a document writes them
  EXPECT_EQ(about.texts[0].body[0].note_refs, (std::vector<std::string>{"1"}));
  EXPECT_EQ(about.texts[0].body[1].kind, BlockKind::kPageBreak);
  EXPECT_EQ(about.texts[0].body[1].attr, "V");
  EXPECT_EQ(about.texts[0].body[2].text, "Who chose the documents.");
  ASSERT_EQ(about.texts[0].notes.size(), 1u);
  EXPECT_EQ(about.texts[0].notes[0].text, "A note on the preface.");
  EXPECT_EQ(about.texts[1].id, "sources");
  ASSERT_EQ(about.texts[1].body.size(), 1u);
  EXPECT_EQ(about.texts[1].body[0].text, "Eisenhower Library, Whitman File");
  // Nothing else changes: the same records, persons and terms.
  EXPECT_EQ(unit->records.size(), 4u);
  EXPECT_FALSE(unit->persons.empty());
  EXPECT_FALSE(unit->terms.empty());
}

TEST(TeiNewGeneration, GlossCorrespondentsDocDateTimeAndStructure) {
  auto unit = read_tei(kNewVolume, "/tmp/some-name.xml");
  ASSERT_TRUE(unit.has_value()) << unit.error().describe();
  EXPECT_TRUE(unit->warnings.empty());
  ASSERT_EQ(unit->records.size(), 4u);

  const Record& d1 = unit->records[0];
  EXPECT_EQ(d1.id, "frus1999v99/d1");
  EXPECT_EQ(d1.record_type, "editorial note");
  EXPECT_FALSE(d1.date.known());

  const Record& d2 = unit->records[1];
  EXPECT_EQ(d2.title, "2. Telegram From the Embassy in France to the Department of State");
  EXPECT_EQ(d2.record_type, "telegram");
  EXPECT_EQ(d2.sender, "Embassy in France");
  EXPECT_EQ(d2.recipient, "Department of State");
  EXPECT_EQ(d2.place, "Paris");
  EXPECT_EQ(d2.date.from, (Date{1999, 3, 4, DatePrecision::kDay}));
  EXPECT_EQ(d2.date.to, d2.date.from);
  EXPECT_EQ(d2.date.time, "09:30:00-05:00");
  EXPECT_EQ(d2.date.as_written, "March 4, 1999, 9:30 a.m.");
  EXPECT_EQ(d2.source, "Source: National Archives, RG 59. Secret.");
  EXPECT_EQ(d2.archive, "National Archives");
  EXPECT_EQ(d2.classification, "Secret");
  EXPECT_EQ(d2.citation.publisher, "Foreign Relations of the United States, 1999, Test Matters, Volume XCIX");

  std::vector<Block> expected_body{
      {BlockKind::kDateline, "Paris, March 4, 1999, 9:30 a.m.", "", {}},
      {BlockKind::kParagraph, "First Smith said[2] that the page turns here.", "", {"2"}},
      {BlockKind::kPageBreak, "", "12", {}},
      {BlockKind::kHeading, "SUBJECT", "", {}},
      {BlockKind::kListItem, "Tests", "", {}},
      {BlockKind::kListItem, "a. Labelled", "", {}},
      {BlockKind::kTableRow, "Year\tVotes", "", {}},
      {BlockKind::kTableRow, "1999\t12[3]", "", {"3"}},
      {BlockKind::kQuote, "Quoted words.", "", {}},
      {BlockKind::kHeading, "Attachment", "", {}},
      {BlockKind::kParagraph, "Attached text kept.", "", {}},
      {BlockKind::kSignature, "Smith", "", {}},
  };
  EXPECT_EQ(d2.body, expected_body);

  ASSERT_EQ(d2.notes.size(), 3u);
  EXPECT_EQ(d2.notes[0], (Note{"1", "d2fn1", "[1]", "Source: National Archives, RG 59. Secret.", "source"}));
  EXPECT_EQ(d2.notes[1], (Note{"2", "d2fn2", "[2]", "See Document 1 and another volume.", ""}));
  EXPECT_EQ(d2.links, (std::vector<Link>{{"d2fn2", "frus1999v99/d1", "Document 1"},
                                         {"d2fn2", "frus1998v01/d7#d7fn3", "another volume"}}));
  EXPECT_EQ(d2.people, (std::vector<NameRef>{{"Smith", "frus1999v99/p_SJ1"}}));
  EXPECT_EQ(d2.collections, (std::vector<std::string>{"frus1999v99", "frus1999v99/ch1"}));

  const Record& d3 = unit->records[2];
  EXPECT_EQ(d3.record_type, "memorandum");
  EXPECT_EQ(d3.sender, "Jones");
  EXPECT_EQ(d3.recipient, "Secretary of State");
  // The persons-list entry the title ties the sender to; none for a name
  // without one, nor for a gloss.
  EXPECT_EQ(d3.sender_id, "frus1999v99/p_JJ1");
  EXPECT_EQ(d3.recipient_id, "");
  EXPECT_EQ(d2.sender_id, "");
  EXPECT_EQ(d3.languages, std::vector<std::string>{"French"});
  // orgName: an organisation named by the record (for organisation authorities).
  EXPECT_EQ(d3.organisations,
            (std::vector<NameRef>{NameRef{"Organisation du traité de l’Atlantique nord", ""}}));
  EXPECT_TRUE(d2.organisations.empty());

  const Record& d4 = unit->records[3];
  EXPECT_EQ(d4.id, "frus1999v99/d4A");
  EXPECT_EQ(d4.title, "The Ambassador in France (Smith) to the Secretary of State");
  EXPECT_EQ(d4.record_type, "telegram");  // named by the inline source note
  EXPECT_EQ(d4.source, "851G.01/3–1249: Telegram");
  ASSERT_EQ(d4.notes.size(), 1u);
  EXPECT_EQ(d4.notes[0], (Note{"", "", "", "851G.01/3–1249: Telegram", "source"}));
  ASSERT_EQ(d4.body.size(), 1u);
  EXPECT_EQ(d4.body[0].text, "See this document, page 12 and a volume.");
  EXPECT_TRUE(d4.body[0].note_refs.empty());  // an inline note has no marker
  EXPECT_EQ(d4.sender, "Ambassador in France (Smith)");
  EXPECT_EQ(d4.recipient, "Secretary of State");
  EXPECT_EQ(d4.links, (std::vector<Link>{{"body", "frus1999v99/d4A", "this document"},
                                         {"body", "frus1999v99#pg_12", "page 12"},
                                         {"body", "frus1952-54v08", "a volume"}}));

  ASSERT_EQ(unit->collections.size(), 3u);
  const Collection& volume = unit->collections[0];
  EXPECT_EQ(volume.id, "frus1999v99");
  EXPECT_EQ(volume.editors, std::vector<std::string>{"Ann Editor"});
  EXPECT_EQ(volume.record_ids, (std::vector<std::string>{"frus1999v99/d1", "frus1999v99/d2",
                                                          "frus1999v99/d3", "frus1999v99/d4A"}));
  EXPECT_EQ(volume.coverage.from, (Date{1999, 3, 4, DatePrecision::kDay}));
  EXPECT_EQ(unit->collections[1].title, "Chapter One");
  EXPECT_EQ(unit->collections[1].record_ids,
            (std::vector<std::string>{"frus1999v99/d1", "frus1999v99/d2"}));
  EXPECT_EQ(unit->collections[2].position, 2);

  EXPECT_EQ(unit->persons,
            (std::vector<Person>{
                {"frus1999v99/p_SJ1", "Smith, John", "Ambassador to France", {}, "frus1999v99", ""},
                {"frus1999v99/p_DX1", "Deng Xiaoping", "Vice Premier", {"Teng Hsiao-p’ing"}, "frus1999v99", ""},
                {"frus1999v99/p_TH1", "Teng Hsiao-p’ing", "Vice Premier", {"Deng Xiaoping"}, "frus1999v99",
                 "frus1999v99/p_DX1"},
                // A cross-reference is another name of the entry it points to
                // or names; not of one whose name lacks the words it gives.
                {"frus1999v99/p_MG1", "Meir, Golda", "see Myerson", {}, "frus1999v99", "frus1999v99/p_MG3"},
                {"frus1999v99/p_MG3", "Myerson, Goldie (Meir, Golda)", "Foreign Minister", {}, "frus1999v99", ""},
                {"frus1999v99/p_Y1", "Y", "see Sturm, Paul", {}, "frus1999v99", ""},
                {"frus1999v99/p_T1", "Thieu", "see Nguyen Van Thieu.", {}, "frus1999v99", "frus1999v99/p_NVT1"},
                {"frus1999v99/p_NVT1", "Nguyen Van Thieu", "President", {}, "frus1999v99", ""}}));
  EXPECT_EQ(unit->terms,
            (std::vector<Term>{{"frus1999v99/t_UN1", "UN", "United Nations"},
                               {"frus1999v99/t_IADB1", "IADB", "Inter-American Development Bank"},
                               {"frus1999v99/t_IDB1", "IDB", "Inter-American Development Bank"}}));
}

TEST(TeiNewGeneration, VolumeWithoutDocumentsIsAnEmptyCollectionWithAWarning) {
  auto unit = read_tei(
      "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt>"
      "<title type=\"subseries\">1955–1957</title><title type=\"volume\">Empty</title>"
      "</titleStmt></fileDesc></teiHeader><text><body><p>Nothing.</p></body></text></TEI>",
      "dir/frus2000v01.xml");
  ASSERT_TRUE(unit.has_value()) << unit.error().describe();
  ASSERT_EQ(unit->collections.size(), 1u);
  EXPECT_EQ(unit->collections[0].id, "frus2000v01");  // the file stem
  EXPECT_EQ(unit->collections[0].title, "Empty");
  EXPECT_EQ(unit->collections[0].coverage.from.year, 1955);  // from the title
  EXPECT_EQ(unit->collections[0].coverage.to.year, 1957);
  EXPECT_TRUE(unit->records.empty());
  ASSERT_EQ(unit->warnings.size(), 1u);
  EXPECT_NE(unit->warnings[0].find("no div[@type=\"document\"]"), std::string::npos);
}

TEST(TeiNewGeneration, TeiCorpusHoldsSeveralVolumes) {
  auto unit = read_tei(
      "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/>"
      "<TEI xml:id=\"va\"><text><body><div type=\"document\" xml:id=\"d1\" n=\"1\">"
      "<head>1. Note From A to B</head><p>One.</p></div></body></text></TEI>"
      "<TEI xml:id=\"vb\"><text><body><div type=\"document\" xml:id=\"d1\" n=\"1\">"
      "<head>1. Note From C to D</head><p>Two.</p></div></body></text></TEI>"
      "</teiCorpus>",
      "corpus.xml");
  ASSERT_TRUE(unit.has_value()) << unit.error().describe();
  ASSERT_EQ(unit->records.size(), 2u);
  EXPECT_EQ(unit->records[0].id, "va/d1");
  EXPECT_EQ(unit->records[1].id, "vb/d1");
  EXPECT_EQ(unit->records[1].record_type, "note");
  ASSERT_EQ(unit->collections.size(), 2u);
  EXPECT_EQ(unit->collections[1].record_ids, std::vector<std::string>{"vb/d1"});
}

TEST(TeiPlaces, FiledUnderThePlaceTheMarkupLetMoreWordsInto) {
  // FRUS 1961-63 v16 d134 and d30; 1917-72 PubDip d31 opens a bracket
  // before the place and closes it after the date.
  auto unit = read_tei(
      "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"va\"><text><body>"
      "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>1. Memorandum of Conversation</head>"
      "<opener><dateline><placeName>SecDel/MC/67 New York</placeName>, <date when=\"1962-10-04\">October 4, "
      "1962</date></dateline></opener><p>One.</p></div>"
      "<div type=\"document\" xml:id=\"d2\" n=\"2\"><head>2. Determination</head>"
      "<p>Two.</p><closer><dateline><placeName>Presidential Determination No. 61 \xE2\x80\x93 18\n  Washington"
      "</placeName>, <date when=\"1961-01-20\">January 20, 1961</date>.</dateline></closer></div>"
      "<div type=\"document\" xml:id=\"d3\" n=\"3\"><head>3. Letter</head>"
      "<opener><dateline><placeName>[Paris</placeName>, <date>May 2, 1919]</date></dateline></opener>"
      "<p>In <placeName>Washington,</placeName> and at <placeName>[place not declassified]</placeName>.</p></div>"
      "</body></text></TEI>",
      "va.xml");
  ASSERT_TRUE(unit.has_value()) << unit.error().describe();
  ASSERT_EQ(unit->records.size(), 3u);
  EXPECT_EQ(unit->records[0].place, "New York");
  EXPECT_EQ(unit->records[0].places, (std::vector<NameRef>{{"New York", ""}}));
  // The text keeps what the volume printed.
  ASSERT_FALSE(unit->records[0].body.empty());
  EXPECT_NE(unit->records[0].body[0].text.find("SecDel/MC/67 New York"), std::string::npos);
  EXPECT_EQ(unit->records[1].place, "Washington");
  EXPECT_EQ(unit->records[2].place, "Paris");
  EXPECT_EQ(unit->records[2].places,
            (std::vector<NameRef>{{"Paris", ""}, {"Washington", ""}, {"[place not declassified]", ""}}));
}

TEST(TeiPlaces, PlaceNamed) {
  EXPECT_EQ(place_named("  Moscow "), "Moscow");
  EXPECT_EQ(place_named("Washington,"), "Washington");
  EXPECT_EQ(place_named("St. Louis, Missouri"), "St. Louis, Missouri");
  EXPECT_EQ(place_named("[Paris"), "Paris");
  EXPECT_EQ(place_named("Paris]"), "Paris");
  EXPECT_EQ(place_named("[Camp David]"), "Camp David");   // supplied by the editors
  EXPECT_EQ(place_named("US/MC/9 Paris"), "Paris");
  EXPECT_EQ(place_named("SecDel MC/27 Geneva"), "Geneva");
  EXPECT_EQ(place_named("SET/MC/35\tLondon"), "London");
  // A number with nothing capitalised after it is kept: no place is lost.
  EXPECT_EQ(place_named("Camp 7"), "Camp 7");
  EXPECT_EQ(place_named("Sector 4 of the city"), "Sector 4 of the city");
  // Withheld: written one way, and no place to file under.
  EXPECT_EQ(place_named("place not declassified"), "[place not declassified]");
  EXPECT_EQ(place_named("[place  not declassified]"), "[place not declassified]");
  EXPECT_TRUE(is_withheld_place("[place not declassified]"));
  EXPECT_TRUE(is_withheld_place("[Location unknown]"));
  EXPECT_FALSE(is_withheld_place("Paris"));
  for (std::string_view nothing : {"", " ", "[", "]", "[]", ",", "[ ]"}) EXPECT_EQ(place_named(nothing), "") << nothing;
}

}  // namespace
}  // namespace chancery
