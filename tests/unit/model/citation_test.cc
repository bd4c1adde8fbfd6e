#include "model/citation.h"

#include <gtest/gtest.h>

namespace chancery {
namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kSeedCitation =
    "\"Notes of a Secure Phone Call from the Soviet Ambassador in Romania, A. A. Epishev\", November 3, 1956, "
    "Wilson Center Digital Archive, TsKhSD, F. 3, Op. 12, D. 1005, LI. 67-69, compiled by V. N. Malin. "
    "Translated for CWIHP by Mark Kramer.  \n"
    "<https://wilson-center-digital-archive.dvincitest.com/document/117079>";

TEST(ParseCitation, SeedCitationParts) {
  Citation c = parse_citation(kSeedCitation);
  EXPECT_EQ(c.as_written, kSeedCitation);
  EXPECT_EQ(c.title, "Notes of a Secure Phone Call from the Soviet Ambassador in Romania, A. A. Epishev");
  EXPECT_EQ(c.date, "November 3, 1956");
  EXPECT_EQ(c.publisher, "Wilson Center Digital Archive");
  EXPECT_EQ(c.archive, "TsKhSD");
  EXPECT_EQ(c.reference, "F. 3, Op. 12, D. 1005, LI. 67-69");
  EXPECT_EQ(c.reference_parts,
            (Parts{{"fond", "3"}, {"opis", "12"}, {"delo", "1005"}, {"listy", "67-69"}}));
  EXPECT_EQ(c.compiler, "V. N. Malin");
  EXPECT_EQ(c.translator, "Mark Kramer");
  EXPECT_EQ(c.translated_for, "CWIHP");
  EXPECT_EQ(c.url, "https://wilson-center-digital-archive.dvincitest.com/document/117079");
}

TEST(ParseCitation, GermanReferenceAndTranslator) {
  Citation c = parse_citation(
      "\"Chancellor's Meeting with the Ambassador\", March 2, 1987, Wilson Center Digital Archive, BArch, "
      "B 136/59748, 403-410. Translated by Jane Roe.\n<https://example.org/document/chancellors-meeting>");
  EXPECT_EQ(c.title, "Chancellor's Meeting with the Ambassador");
  EXPECT_EQ(c.date, "March 2, 1987");
  EXPECT_EQ(c.archive, "BArch");
  EXPECT_EQ(c.reference, "B 136/59748, 403-410");
  EXPECT_EQ(c.reference_parts, (Parts{{"bestand", "B 136"}, {"file", "59748"}, {"pages", "403-410"}}));
  EXPECT_EQ(c.translator, "Jane Roe");
  EXPECT_EQ(c.translated_for, "");
  EXPECT_EQ(c.url, "https://example.org/document/chancellors-meeting");
}

TEST(ParseCitation, MissingPartsStayEmpty) {
  Citation c = parse_citation("Some free-text citation without structure");
  EXPECT_EQ(c.as_written, "Some free-text citation without structure");
  EXPECT_EQ(c.title, "");
  EXPECT_EQ(c.url, "");
  EXPECT_EQ(c.compiler, "");
  EXPECT_TRUE(c.reference_parts.empty());
  EXPECT_EQ(parse_citation("").as_written, "");
}

TEST(ParseCitation, ArchiveWithoutReference) {
  Citation c = parse_citation("\"A Letter\", 1949, Wilson Center Digital Archive, Hoover Institution Archives.");
  EXPECT_EQ(c.title, "A Letter");
  EXPECT_EQ(c.date, "1949");
  EXPECT_EQ(c.archive, "Hoover Institution Archives");
  EXPECT_EQ(c.reference, "");
}

TEST(ParseArchivalReference, RussianForms) {
  EXPECT_EQ(parse_archival_reference("F. 3, Op. 12, D. 1005, Ll. 67-69"),
            (Parts{{"fond", "3"}, {"opis", "12"}, {"delo", "1005"}, {"listy", "67-69"}}));
  EXPECT_EQ(parse_archival_reference("F. 3, Op. 12, D. 1005, LI. 67-69"),
            (Parts{{"fond", "3"}, {"opis", "12"}, {"delo", "1005"}, {"listy", "67-69"}}));
  EXPECT_EQ(parse_archival_reference("f. 5, op. 49, d. 12, l. 3"),
            (Parts{{"fond", "5"}, {"opis", "49"}, {"delo", "12"}, {"list", "3"}}));
  EXPECT_EQ(parse_archival_reference("Fond 89, Opis 45, Delo 1"),
            (Parts{{"fond", "89"}, {"opis", "45"}, {"delo", "1"}}));
}

TEST(ParseArchivalReference, RussianPapka) {
  EXPECT_EQ(parse_archival_reference("f. 0100, op. 48, p. 393, d. 9, ll. 39-42"),
            (Parts{{"fond", "0100"}, {"opis", "48"}, {"papka", "393"}, {"delo", "9"}, {"listy", "39-42"}}));
  EXPECT_EQ(parse_archival_reference("Box 2, p. 14"), (Parts{{"box", "2"}, {"pages", "14"}}));
}

TEST(ParseCitation, ObtainedAndTranslated) {
  Citation c = parse_citation(
      "\"Record of Conversation\", May 19, 1955, Wilson Center Digital Archive, AVPRF, f. 0100, op. 48, p. 393, "
      "d. 9, ll. 39-42. Obtained and translated for CWIHP by Gary Goldberg.");
  EXPECT_EQ(c.date, "May 19, 1955");
  EXPECT_EQ(c.archive, "AVPRF");
  EXPECT_EQ(c.reference, "f. 0100, op. 48, p. 393, d. 9, ll. 39-42");
  EXPECT_EQ(c.translated_for, "CWIHP");
  EXPECT_EQ(c.translator, "Gary Goldberg");
  Citation curly = parse_citation("\xE2\x80\x9C" "A Title,\xE2\x80\x9D 1949, Some Archive.");
  EXPECT_EQ(curly.title, "A Title");
  EXPECT_EQ(curly.date, "1949");
}

TEST(ParseArchivalReference, GermanSignature) {
  EXPECT_EQ(parse_archival_reference("BArch, B 136/59748, 403-410"),
            (Parts{{"archive", "BArch"}, {"bestand", "B 136"}, {"file", "59748"}, {"pages", "403-410"}}));
}

TEST(ParseArchivalReference, BoxFolderFilePages) {
  EXPECT_EQ(parse_archival_reference("Box 12, Folder 3, File 7, pp. 4-9"),
            (Parts{{"box", "12"}, {"folder", "3"}, {"file", "7"}, {"pages", "4-9"}}));
  EXPECT_EQ(parse_archival_reference("Box 4, Meeting notes"), (Parts{{"box", "4"}, {"other", "Meeting notes"}}));
}

TEST(ParseArchivalReference, NothingRecognised) {
  EXPECT_TRUE(parse_archival_reference("").empty());
  EXPECT_TRUE(parse_archival_reference("Hoover Institution Archives").empty());
  EXPECT_TRUE(parse_archival_reference("Diary of a diplomat").empty());
}

}  // namespace
}  // namespace chancery
