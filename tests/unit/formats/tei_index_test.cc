// Specification of a volume's printed index (src/formats/tei_index.h): its
// entries as printed, their pages and document numbers resolved to the
// volume's documents, cross-references, and the FRUS volumes' own indexes.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "formats/tei.h"
#include "model/record_json.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

const fs::path kFrusDir = fs::path(CHANCERY_CORPUS_DIR) / "frus";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// What a locator or reference spans of its entry's line.
std::string printed(const IndexEntry& e, std::size_t start, std::size_t end) { return e.text.substr(start, end - start); }

std::vector<std::string> locator_texts(const IndexEntry& e) {
  std::vector<std::string> out;
  for (const IndexLocator& l : e.locators) out.push_back(printed(e, l.start, l.end));
  return out;
}

const IndexEntry* find_entry(const std::vector<IndexEntry>& entries, const std::string& heading) {
  for (const IndexEntry& e : entries) {
    if (e.heading == heading) return &e;
    if (const IndexEntry* sub = find_entry(e.entries, heading)) return sub;
  }
  return nullptr;
}

// Four documents over pages 1-4: d1 on 1, d2 on 1-2 (it turns the page), d3
// starts a page of its own (3), d4 on 3-4.
constexpr const char* kPagedVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v98">
  <teiHeader><fileDesc><titleStmt><title type="complete">Test Volume</title></titleStmt></fileDesc></teiHeader>
  <text>
    <body>
      <pb n="1" xml:id="pg_1"/>
      <div type="chapter" xml:id="ch1"><head>One</head>
        <div type="document" xml:id="d1" n="1"><head>1. Telegram</head><p>Soekarno met Hatta.</p></div>
        <div type="document" xml:id="d2" n="2"><head>2. Telegram</head><p>First <pb n="2" xml:id="pg_2"/>then.</p></div>
        <div type="document" xml:id="d3" n="3"><pb n="3" xml:id="pg_3"/><head>3. Memorandum</head><p>Text.</p></div>
        <div type="document" xml:id="d4" n="4"><head>4. Letter</head><p>A <pb n="4" xml:id="pg_4"/>letter.</p></div>
      </div>
    </body>
    <back>
      <div type="section" xml:id="index">
        <head>Index</head>
        <pb n="5" xml:id="pg_5"/>
        <list type="index">
          <item>Abbey, Glenn A., <ref target="#pg_1">1</ref>, <ref target="#pg_2"
              >2</ref>–<ref target="#pg_3"
              >3</ref>, 4n</item>
          <item><persName corresp="#p_AD1">Acheson, Dean</persName>: <list>
              <item>Indonesian question, <ref target="#pg_1">1</ref>–<ref target="#pg_4">4</ref>
                <hi rend="italic">passim</hi></item>
              <item>Hong Kong, status of, <ref target="#pg_4">4</ref>n</item>
            </list></item>
          <item>Geneva Conference, 1954, <ref target="#pg_3">3</ref></item>
          <item>Aiken, George D., 2n</item>
          <item>Air strikes (<hi rend="italic">see also</hi> <ref target="#in2">Bombing</ref>), <ref target="#pg_4">4</ref></item>
          <item>Soekarno. <hi rend="italic">see</hi> <ref target="#in16">Sukarno</ref>.</item>
          <item>Sukarno (Soekarno), <ref target="#pg_1">1</ref>, <ref target="#pg_9">9</ref></item>
          <item>Sumitro. see Soemitro.</item>
          <item><list><item>Zorin, V.A., <ref target="#pg_3">3</ref></item></list></item>
        </list>
      </div>
    </back>
  </text>
</TEI>
)";

const CollectionAbout& paged_about() {
  static const CollectionAbout about = [] {
    auto unit = read_tei(kPagedVolume, "/tmp/paged.xml");
    EXPECT_TRUE(unit.has_value()) << (unit ? "" : unit.error().describe());
    EXPECT_TRUE(unit && unit->abouts.size() == 1);
    return unit && unit->abouts.size() == 1 ? unit->abouts[0] : CollectionAbout{};
  }();
  return about;
}

TEST(PrintedIndex, EntriesAsPrintedWithHeadingsAndSubEntries) {
  const CollectionAbout& about = paged_about();
  ASSERT_EQ(about.index.size(), 9u);   // the item that only wraps a list gives its entries to this level
  EXPECT_EQ(about.index[0].text, "Abbey, Glenn A., 1, 2–3, 4n");
  EXPECT_EQ(about.index[0].heading, "Abbey, Glenn A.");
  EXPECT_EQ(about.index[1].heading, "Acheson, Dean");
  EXPECT_EQ(about.index[1].person, "frus1999v98/p_AD1");
  ASSERT_EQ(about.index[1].entries.size(), 2u);
  EXPECT_EQ(about.index[1].entries[0].heading, "Indonesian question");
  EXPECT_EQ(about.index[1].entries[1].heading, "Hong Kong, status of");
  EXPECT_EQ(about.index[2].heading, "Geneva Conference, 1954");   // a number that leads nowhere stays in the heading
  EXPECT_EQ(about.index[3].heading, "Aiken, George D.");
  EXPECT_EQ(about.index[4].heading, "Air strikes");
  EXPECT_EQ(about.index[5].heading, "Soekarno");
  EXPECT_EQ(about.index[7].heading, "Sumitro");
  EXPECT_EQ(about.index[8].heading, "Zorin, V.A.");
  EXPECT_TRUE(about.index_note.empty());
}

TEST(PrintedIndex, PagesLeadToTheDocumentsPrintedOnThem) {
  const CollectionAbout& about = paged_about();
  ASSERT_GE(about.index.size(), 5u);
  const IndexEntry& abbey = about.index[0];
  EXPECT_EQ(locator_texts(abbey), (std::vector<std::string>{"1", "2–3", "4n"}));
  ASSERT_EQ(abbey.locators.size(), 3u);
  // Page 1 holds d1 and the start of d2; 2-3 the rest of d2, d3 (which
  // starts page 3) and the start of d4; 4 (a number printed without a
  // link) the end of d4.
  EXPECT_EQ(abbey.locators[0].records, (std::vector<std::string>{"frus1999v98/d1", "frus1999v98/d2"}));
  EXPECT_EQ(abbey.locators[1].records,
            (std::vector<std::string>{"frus1999v98/d2", "frus1999v98/d3", "frus1999v98/d4"}));
  EXPECT_EQ(abbey.locators[2].records, (std::vector<std::string>{"frus1999v98/d4"}));
  const IndexEntry& indonesia = about.index[1].entries[0];
  EXPECT_EQ(locator_texts(indonesia), (std::vector<std::string>{"1–4 passim"}));
  EXPECT_EQ(indonesia.locators[0].records.size(), 4u);
  EXPECT_EQ(locator_texts(about.index[1].entries[1]), (std::vector<std::string>{"4n"}));
  EXPECT_EQ(locator_texts(about.index[2]), (std::vector<std::string>{"3"}));
  EXPECT_EQ(locator_texts(about.index[3]), (std::vector<std::string>{"2n"}));
  // A page the volume does not have leads nowhere, and is kept as printed.
  const IndexEntry& sukarno = about.index[6];
  EXPECT_EQ(locator_texts(sukarno), (std::vector<std::string>{"1", "9"}));
  EXPECT_TRUE(sukarno.locators[1].records.empty());
}

TEST(PrintedIndex, CrossReferences) {
  const CollectionAbout& about = paged_about();
  ASSERT_GE(about.index.size(), 8u);
  const IndexEntry& air = about.index[4];
  ASSERT_EQ(air.references.size(), 1u);
  EXPECT_EQ(printed(air, air.references[0].start, air.references[0].end), "Bombing");
  EXPECT_TRUE(air.references[0].also);
  EXPECT_EQ(locator_texts(air), (std::vector<std::string>{"4"}));
  const IndexEntry& soekarno = about.index[5];
  ASSERT_EQ(soekarno.references.size(), 1u);
  EXPECT_EQ(printed(soekarno, soekarno.references[0].start, soekarno.references[0].end), "Sukarno");
  EXPECT_FALSE(soekarno.references[0].also);
  EXPECT_TRUE(soekarno.locators.empty());
  const IndexEntry& sumitro = about.index[7];   // a reference printed without a link
  ASSERT_EQ(sumitro.references.size(), 1u);
  EXPECT_EQ(printed(sumitro, sumitro.references[0].start, sumitro.references[0].end), "Soemitro");
}

// A reference printed without a link runs to its full stop, not to the
// dots of an abbreviation ("U.N.", "U.S."), and without a closing "etc.".
TEST(PrintedIndex, AnUnlinkedReferenceRunsPastAbbreviations) {
  std::string volume = kPagedVolume;
  const std::string sumitro = "<item>Sumitro. see Soemitro.</item>";
  const std::size_t at = volume.find(sumitro);
  ASSERT_NE(at, std::string::npos);
  volume.insert(at + sumitro.size(),
                "<item>Canada. see Country positions <hi rend=\"italic\">under</hi> Indonesia: U.N. Security Council, "
                "etc.</item><item>Dulles. see U.S. policy. Other text</item>"
                "<item>Arms. see Detente; Strategic Arms Limitation (SALT).</item>");
  auto unit = read_tei(volume, "/tmp/paged.xml");
  ASSERT_TRUE(unit.has_value()) << unit.error().describe();
  ASSERT_EQ(unit->abouts.size(), 1u);
  std::map<std::string, std::string> targets;
  for (const IndexEntry& e : unit->abouts[0].index) {
    if (e.references.size() == 1) targets[e.heading] = printed(e, e.references[0].start, e.references[0].end);
  }
  EXPECT_EQ(targets["Canada"], "Country positions under Indonesia: U.N. Security Council");
  EXPECT_EQ(targets["Dulles"], "U.S. policy");
  EXPECT_EQ(targets["Sumitro"], "Soemitro");
  EXPECT_EQ(targets["Arms"], "Detente; Strategic Arms Limitation (SALT)");
}

TEST(PrintedIndex, DocumentNumbers) {
  constexpr const char* kVolume = R"(<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v97">
  <teiHeader/><text><body>
    <div type="document" xml:id="d1" n="1"><head>1. A</head><p>a</p></div>
    <div type="document" xml:id="d2" n="2"><head>2. B</head><p>b</p></div>
    <div type="document" xml:id="d3" n="3"><head>3. C</head><p>c</p></div>
  </body><back><div type="section" xml:id="index"><head>Index</head>
    <p>References are to document numbers</p>
    <list type="index">
      <item>Acheson, Dean, <ref target="#d1">1</ref>, <ref target="#d3">3</ref></item>
      <item>Allen, Harry, 2, 7</item>
      <item>Agrarian reform. See <ref target="#in1">Land reform</ref>.</item>
    </list></div></back></text></TEI>)";
  auto unit = read_tei(kVolume, "/tmp/numbers.xml");
  ASSERT_TRUE(unit.has_value()) << unit.error().describe();
  ASSERT_EQ(unit->abouts.size(), 1u);
  const CollectionAbout& about = unit->abouts[0];
  EXPECT_EQ(about.index_note, "References are to document numbers");
  ASSERT_EQ(about.index.size(), 3u);
  ASSERT_EQ(about.index[0].locators.size(), 2u);
  EXPECT_EQ(about.index[0].locators[1].records, (std::vector<std::string>{"frus1999v97/d3"}));
  EXPECT_EQ(locator_texts(about.index[1]), (std::vector<std::string>{"2", "7"}));
  EXPECT_EQ(about.index[1].locators[0].records, (std::vector<std::string>{"frus1999v97/d2"}));
  EXPECT_TRUE(about.index[1].locators[1].records.empty());
  EXPECT_EQ(about.index[2].heading, "Agrarian reform");
}

TEST(PrintedIndex, JsonRoundTripAndBadSpansRejected) {
  const CollectionAbout& about = paged_about();
  ASSERT_FALSE(about.index.empty());
  auto back = about_from_json(to_json(about));
  ASSERT_TRUE(back.has_value()) << back.error().describe();
  EXPECT_EQ(*back, about);
  auto text = about_from_json_text(to_json(about).dump());
  ASSERT_TRUE(text.has_value()) << text.error().describe();
  EXPECT_EQ(*text, about);

  nlohmann::json bad = to_json(about);
  bad["index"][0]["locators"][0]["end"] = 1000;   // past the entry's text
  auto rejected = about_from_json(bad);
  ASSERT_FALSE(rejected.has_value());
  EXPECT_NE(rejected.error().message.find("locator"), std::string::npos) << rejected.error().message;
  bad = to_json(about);
  bad["index"][0]["locators"][1]["start"] = 0;   // before the one before it
  EXPECT_FALSE(about_from_json(bad).has_value());

  // Its texts alone: the index left unread, its size and headnote kept.
  auto texts = about_texts_from_json_text(to_json(about).dump());
  ASSERT_TRUE(texts.has_value()) << texts.error().describe();
  EXPECT_TRUE(texts->index.empty());
  EXPECT_EQ(texts->index_size, about.index.size());
  EXPECT_EQ(texts->texts, about.texts);

  // An about without an index is written as before (no "index" key).
  CollectionAbout plain;
  plain.id = "x";
  EXPECT_FALSE(to_json(plain).contains("index"));
}

// The FRUS volumes' indexes: most of what they print leads to a document.
TEST(PrintedIndex, FrusVolumes) {
  const fs::path v1949 = kFrusDir / "frus1949v07p1.xml";
  if (!fs::exists(v1949)) GTEST_SKIP() << "FRUS corpus not found at " << kFrusDir << "; corpus tests skipped";
  auto unit = read_tei(read_file(v1949), v1949.string());
  ASSERT_TRUE(unit.has_value()) << unit.error().describe();
  ASSERT_EQ(unit->abouts.size(), 1u);
  const std::vector<IndexEntry>& index = unit->abouts[0].index;
  EXPECT_GT(index.size(), 300u);
  const IndexEntry* abbey = find_entry(index, "Abbey, Glenn A.");
  ASSERT_NE(abbey, nullptr);
  EXPECT_EQ(locator_texts(*abbey),
            (std::vector<std::string>{"410", "414", "481–482", "520–521", "526–528"}));
  const IndexEntry* sukarno = find_entry(index, "Sukarno (Soekarno)");
  ASSERT_NE(sukarno, nullptr);
  EXPECT_GT(sukarno->locators.size(), 10u);
  const IndexEntry* soekarno = find_entry(index, "Soekarno");
  ASSERT_NE(soekarno, nullptr);
  ASSERT_EQ(soekarno->references.size(), 1u);
  EXPECT_EQ(printed(*soekarno, soekarno->references[0].start, soekarno->references[0].end), "Sukarno");
  std::size_t locators = 0, resolved = 0;
  auto count = [&](const auto& self, const std::vector<IndexEntry>& entries) -> void {
    for (const IndexEntry& e : entries) {
      for (const IndexLocator& l : e.locators) {
        ++locators;
        if (!l.records.empty()) ++resolved;
      }
      self(self, e.entries);
    }
  };
  count(count, index);
  std::size_t entries = 0;
  auto count_entries = [&](const auto& self, const std::vector<IndexEntry>& level) -> void {
    for (const IndexEntry& e : level) {
      ++entries;
      self(self, e.entries);
    }
  };
  count_entries(count_entries, index);
  EXPECT_GE(entries, 500u);   // 515 items, sub-entries included
  EXPECT_GT(locators, 3000u);
  EXPECT_GT(resolved * 100, locators * 98) << resolved << " of " << locators;
}

}  // namespace
}  // namespace chancery
