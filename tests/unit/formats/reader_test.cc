// read_input_file: format detection, limits, and the test data files.
#include "formats/reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "formats/record_text.h"
#include "model/record_json.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(CHANCERY_SOURCE_DIR) / "tests" / "data" / "record-text";
const fs::path kExamples = fs::path(CHANCERY_SOURCE_DIR) / "examples" / "records";
const fs::path kSeed = fs::path(CHANCERY_CORPUS_DIR) / "seed" / "000_d9aa3093ddf865fe.txt";

// A fresh temporary folder per test, removed afterwards.
class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("chancery-reader-test-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path write(const std::string& name, std::string_view bytes) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  fs::path dir_;
};

Error error_of(const fs::path& p) {
  auto unit = read_input_file(p);
  EXPECT_FALSE(unit) << p << " was accepted";
  return unit ? Error{} : unit.error();
}

TEST(ReadInputFile, MalformedTestDataFailsWithFileAndLine) {
  struct Case {
    const char* file;
    int line;
    const char* message;
  } cases[] = {
      {"bad_no_title.txt", 2, "no title"},
      {"bad_empty_section.txt", 3, "\"Summary\" has no value"},
      {"bad_invalid_utf8.txt", 5, "invalid UTF-8"},
      {"bad_binary.txt", 4, "NUL"},
  };
  for (const Case& c : cases) {
    Error e = error_of(kData / c.file);
    EXPECT_EQ(e.code, ErrorCode::kInvalidInput) << c.file;
    EXPECT_EQ(e.file, (kData / c.file).string());
    EXPECT_EQ(e.line, c.line) << e.describe();
    EXPECT_NE(e.message.find(c.message), std::string::npos) << e.describe();
  }
}

TEST(ReadInputFile, IrregularTestDataIsAcceptedWithWarnings) {
  auto unreferenced = read_input_file(kData / "irregular_unreferenced_note.txt");
  ASSERT_TRUE(unreferenced) << unreferenced.error().describe();
  ASSERT_EQ(unreferenced->records.size(), 1u);
  EXPECT_EQ(unreferenced->records[0].notes.size(), 3u);
  ASSERT_EQ(unreferenced->warnings.size(), 1u);
  EXPECT_EQ(unreferenced->warnings[0],
            (kData / "irregular_unreferenced_note.txt").string() + ":14: note 2 is never referenced in the body");
  EXPECT_EQ(unreferenced->records[0].id, "irregular-unreferenced-note");

  auto gap = read_input_file(kData / "irregular_note_gap.txt");
  ASSERT_TRUE(gap) << gap.error().describe();
  EXPECT_EQ(gap->records[0].notes.size(), 3u);
  EXPECT_EQ(gap->records[0].notes[2].marker, "[4]");
  ASSERT_EQ(gap->warnings.size(), 1u);
  EXPECT_EQ(gap->warnings[0],
            (kData / "irregular_note_gap.txt").string() + ":14: gap in note numbering: 2 is followed by 4");
}

TEST(ReadInputFile, SeedAndExamplesAreRecordText) {
  for (const auto& entry : fs::directory_iterator(kExamples)) {
    auto unit = read_input_file(entry.path());
    ASSERT_TRUE(unit) << unit.error().describe();
    EXPECT_EQ(unit->path, entry.path().string());
    ASSERT_EQ(unit->records.size(), 1u);
    EXPECT_EQ(unit->records[0].source_format, "record-text");
  }
  if (!fs::exists(kSeed)) GTEST_SKIP() << "seed record not found at " << kSeed << " (the shared corpus is absent)";
  auto seed = read_input_file(kSeed);
  ASSERT_TRUE(seed) << seed.error().describe();
  EXPECT_EQ(seed->records.at(0).id, "117079");
}

TEST_F(TempDir, JsonExportRoundTripsThroughAFile) {
  auto example = read_input_file(kExamples / "01_budapest_telephone_message.txt");
  ASSERT_TRUE(example);
  ImportUnit unit;
  unit.records = example->records;
  unit.collections = {Collection{"examples", "", 0, "Sample collection", "", {}, {}, {unit.records[0].id}}};
  unit.persons = {Person{"p1", "Хрущёв, Никита Сергеевич", "", {"Khrushchev, Nikita"}, "examples", ""},
                  Person{"p2", "Chruschtschow, Nikita", "", {}, "examples", "p1"}};
  unit.terms = {Term{"t1", "CWIHP", "Cold War International History Project"}};
  fs::path p = write("export.json", unit_to_json(unit).dump(2));
  auto back = read_input_file(p);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->path, p.string());
  EXPECT_EQ(back->records, unit.records);
  EXPECT_EQ(back->collections, unit.collections);
  EXPECT_EQ(back->persons, unit.persons);
  EXPECT_EQ(back->terms, unit.terms);
  // And the record still writes the same record-text.
  EXPECT_EQ(write_record_text(back->records[0]), write_record_text(unit.records[0]));
}

TEST_F(TempDir, MalformedJsonNamesTheLine) {
  Error e = error_of(write("broken.json", "{\n  \"chancery_export\": 1,\n  \"records\": [,]\n}\n"));
  EXPECT_EQ(e.code, ErrorCode::kInvalidInput);
  EXPECT_EQ(e.line, 3) << e.describe();
  Error version = error_of(write("v2.json", R"({"chancery_export": 2})"));
  EXPECT_NE(version.message.find("version"), std::string::npos);
  EXPECT_EQ(version.file, (dir_ / "v2.json").string());
  Error not_json = error_of(write("text.json", "**Title**\n"));
  EXPECT_NE(not_json.message.find("JSON"), std::string::npos);
}

TEST_F(TempDir, DetectsByContent) {
  // Leading whitespace and a BOM before '{' still mean JSON, whatever the extension.
  auto json = read_input_file(write("export.txt", "\xEF\xBB\xBF \n{\"chancery_export\": 1}"));
  ASSERT_TRUE(json) << json.error().describe();
  EXPECT_TRUE(json->records.empty());
  // '<' goes to the TEI reader, which rejects a document that is not TEI; the
  // record-text reader would have said "no title".
  Error xml = error_of(write("page.txt", "<html><body>not TEI</body></html>"));
  EXPECT_EQ(xml.message.find("no title"), std::string::npos) << xml.describe();
  Error not_xml = error_of(write("volume.xml", "**Title**\n"));
  EXPECT_NE(not_xml.message.find("XML"), std::string::npos);
}

TEST_F(TempDir, OversizedFileIsRejectedWithoutReadingIt) {
  fs::path p = dir_ / "huge.txt";
  { std::ofstream(p) << "**T**\n"; }
  fs::resize_file(p, (64u << 20) + 1);  // sparse: no disk space, no reading needed
  auto start = std::chrono::steady_clock::now();
  Error e = error_of(p);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
  EXPECT_NE(e.message.find("limit"), std::string::npos) << e.describe();
}

TEST_F(TempDir, MissingFileIsAnIoError) {
  Error e = error_of(dir_ / "absent.txt");
  EXPECT_EQ(e.code, ErrorCode::kIo);
  Error dir = error_of(dir_);
  EXPECT_EQ(dir.code, ErrorCode::kIo);
}

TEST(IsImportablePath, ExtensionsAndHiddenPaths) {
  EXPECT_TRUE(is_importable_path("examples/records/01.txt"));
  EXPECT_TRUE(is_importable_path("/data/notes.MD"));
  EXPECT_TRUE(is_importable_path("frus/frus1955-57v25.xml"));
  EXPECT_TRUE(is_importable_path("export.json"));
  EXPECT_TRUE(is_importable_path("../shared/corpus/seed/000_d9aa3093ddf865fe.txt"));
  EXPECT_TRUE(is_importable_path("./examples/a.txt"));
  EXPECT_FALSE(is_importable_path("image.png"));
  EXPECT_FALSE(is_importable_path("records/noextension"));
  EXPECT_FALSE(is_importable_path("records/.hidden.txt"));
  EXPECT_FALSE(is_importable_path(".git/description.txt"));
  EXPECT_FALSE(is_importable_path("data/.cache/x.json"));
  EXPECT_FALSE(is_importable_path("examples/README.md"));
  EXPECT_FALSE(is_importable_path("corpus/LICENSE.md"));
}

}  // namespace
}  // namespace chancery
