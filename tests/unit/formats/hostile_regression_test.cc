// Regressions found by the hostile-input corpus (tests/data/hostile/,
// tests/integration/hostile_inputs.sh): control characters that TEI and JSON
// let through, record ids that could not name an export file, and TEI titles
// too long for the record-text export to read back.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "formats/reader.h"
#include "formats/tei.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

std::string tei_with(const std::string& head, const std::string& paragraph) {
  return "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"v\"><text><body>\n"
         "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>" +
         head + "</head>\n<p>" + paragraph + "</p></div></body></text></TEI>\n";
}

TEST(HostileTei, RawControlCharacterIsRejectedWithItsLine) {
  auto result = read_tei(tei_with("1. Escape \x1b[31m red", "x"), "ctl.xml");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(result.error().line, 2);
  EXPECT_NE(result.error().message.find("control character 0x1B"), std::string::npos) << result.error().message;
}

TEST(HostileTei, ControlCharacterReferencesAndDelAreRejected) {
  for (const char* text : {"&#x1;", "&#27;", "&#x7F;", "\x7f", "\x01", "\x0b"}) {
    auto result = read_tei(tei_with("1. Letter", std::string("a ") + text + " b"), "ref.xml");
    ASSERT_FALSE(result.has_value()) << text;
    EXPECT_EQ(result.error().line, 3) << text;
  }
  auto attribute = read_tei(
      "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"v\"><text><body>\n"
      "<div type=\"document\" xml:id=\"d1\" n=\"1\" rend=\"a&#x1b;b\"><head>1. H</head></div></body></text></TEI>",
      "attr.xml");
  ASSERT_FALSE(attribute.has_value());
  EXPECT_EQ(attribute.error().line, 2);
  EXPECT_NE(attribute.error().message.find("attribute"), std::string::npos) << attribute.error().message;
}

TEST(HostileTei, TabsNewlinesAndCarriageReturnsAreFine) {
  auto result = read_tei(tei_with("1. Tab\there", "line\r\nbreak &#9; &#10; &#13; &#x202E;"), "ws.xml");
  ASSERT_TRUE(result.has_value()) << result.error().describe();
  EXPECT_EQ(result->records.size(), 1u);
}

class HostileFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("chancery-hostile-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path write(const std::string& name, const std::string& bytes) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  fs::path dir_;
};

TEST_F(HostileFiles, JsonRecordIdsThatCannotNameAFileAreRejected) {
  for (const char* id : {"../../../etc/passwd", "..", ".", "a//b", "/abs", "a/", "vol/../x"}) {
    fs::path p = write("ids.json", std::string("{\"chancery_export\": 1, \"records\": [{\"id\": \"") + id +
                                       "\", \"title\": \"t\"}]}\n");
    auto result = read_input_file(p);
    ASSERT_FALSE(result.has_value()) << id;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput) << id;
    EXPECT_EQ(result.error().file, p.string()) << id;
    EXPECT_NE(result.error().message.find("cannot name a file"), std::string::npos) << result.error().message;
  }
  fs::path good = write("good.json", "{\"chancery_export\": 1, \"records\": [{\"id\": \"vol/d1.x\", \"title\": \"t\"}]}\n");
  auto result = read_input_file(good);
  ASSERT_TRUE(result.has_value()) << result.error().describe();
  EXPECT_EQ(result->records.at(0).id, "vol/d1.x");
}

TEST_F(HostileFiles, TeiRecordIdThatCannotNameAFileIsRejected) {
  fs::path p = write("dots.xml",
                     "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"v\"><text><body>"
                     "<div type=\"document\" xml:id=\"..\" n=\"1\"><head>1. H</head></div></body></text></TEI>\n");
  auto result = read_input_file(p);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("cannot name a file"), std::string::npos) << result.error().message;
}

TEST_F(HostileFiles, TeiTitleTooLongForTheRecordTextExportIsRejected) {
  std::string head(2u << 20, 'x');
  fs::path big = write("big.xml", tei_with("1. " + head, "Body."));
  auto result = read_input_file(big);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().file, big.string());
  EXPECT_NE(result.error().message.find("the limit is 1048576"), std::string::npos) << result.error().message;
  // Just under the limit: stored.
  fs::path fits = write("fits.xml", tei_with("1. " + std::string(1000, 'x'), "Body."));
  auto ok = read_input_file(fits);
  ASSERT_TRUE(ok.has_value()) << ok.error().describe();
}

TEST_F(HostileFiles, JsonControlCharacterEscapesAreRejectedWithTheirLine) {
  for (const char* escape : {"\\u001b", "\\u0000", "\\u007F", "\\b", "\\f"}) {
    fs::path p = write("ctl.json", std::string("{\"chancery_export\": 1,\n \"records\": [{\"id\": \"r\", \"title\": \"a") +
                                       escape + "b\"}]}\n");
    auto result = read_input_file(p);
    ASSERT_FALSE(result.has_value()) << escape;
    EXPECT_EQ(result.error().line, 2) << escape;
    EXPECT_NE(result.error().message.find("control character"), std::string::npos) << result.error().message;
  }
  // An escaped backslash followed by "u0001" is text, and tab/newline escapes are fine.
  fs::path p = write("ok.json", "{\"chancery_export\": 1, \"records\": [{\"id\": \"r\", \"title\": \"a\\\\u0001 \\t \\n\"}]}\n");
  auto result = read_input_file(p);
  ASSERT_TRUE(result.has_value()) << result.error().describe();
  EXPECT_EQ(result->records.at(0).title, "a\\u0001 \t \n");
}

}  // namespace
}  // namespace chancery
