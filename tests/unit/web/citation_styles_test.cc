// Citation styles: what each style shows of a record, and escaping in the
// exchange formats.
#include "web/citation_styles.h"

#include <gtest/gtest.h>

#include "model/date.h"
#include "random_record.h"

namespace chancery::web {
namespace {

Record seed_like_record() {
  Record r;
  r.id = "117079";
  r.title = "Notes of a Secure Phone Call from the Soviet Ambassador in Romania, A. A. Epishev";
  r.date = *parse_date("November 3, 1956");
  r.citation.publisher = "Wilson Center Digital Archive";
  r.citation.archive = "TsKhSD";
  r.citation.reference = "F. 3, Op. 12, D. 1005, LI. 67-69";
  r.citation.compiler = "V. N. Malin";
  r.citation.translator = "Mark Kramer";
  r.languages = {"Russian"};
  r.subjects = {"Hungarian Revolution, 1956"};
  r.summary = "Imre Nagy reports that Soviet troops plan to enter Romania.";
  return r;
}

constexpr const char* kUrl = "http://127.0.0.1:8080/document/117079";

TEST(CitationStyles, ChicagoQuotesTheTitleAndGivesDateArchiveReferenceAndUrl) {
  std::string text = cite_chicago(seed_like_record(), kUrl);
  EXPECT_EQ(text,
            "\u201cNotes of a Secure Phone Call from the Soviet Ambassador in Romania, A. A. Epishev,\u201d "
            "November 3, 1956, TsKhSD, F. 3, Op. 12, D. 1005, LI. 67-69, compiled by V. N. Malin, translated by "
            "Mark Kramer. Wilson Center Digital Archive. http://127.0.0.1:8080/document/117079.");
}

TEST(CitationStyles, MlaAbbreviatesTheMonthAndPutsTheDayFirst) {
  std::string text = cite_mla(seed_like_record(), kUrl);
  EXPECT_NE(text.find("3 Nov. 1956."), std::string::npos) << text;
  EXPECT_NE(text.find("Translated by Mark Kramer."), std::string::npos) << text;
  EXPECT_NE(text.find("Wilson Center Digital Archive, http://127.0.0.1:8080/document/117079."), std::string::npos)
      << text;
}

TEST(CitationStyles, ApaWithoutAuthorStartsWithTitleAndDescribesTheRecord) {
  Record r = seed_like_record();
  r.record_type = "telegram";
  std::string text = cite_apa(r, kUrl);
  EXPECT_TRUE(text.starts_with("Notes of a Secure Phone Call")) << text;
  EXPECT_NE(text.find("[Telegram]. (1956, November 3)."), std::string::npos) << text;
  EXPECT_NE(text.find("TsKhSD (F. 3, Op. 12, D. 1005, LI. 67-69)."), std::string::npos) << text;
}

TEST(CitationStyles, ApaWithAuthorPutsAuthorFirst) {
  Record r = seed_like_record();
  r.author = "Epishev, A. A.";
  EXPECT_TRUE(cite_apa(r, kUrl).starts_with("Epishev, A. A. (1956, November 3).")) << cite_apa(r, kUrl);
}

TEST(CitationStyles, MonthAndYearPrecisionAreNotPaddedWithInventedDays) {
  Record r = seed_like_record();
  r.date = *parse_date("November 1967");
  EXPECT_NE(cite_chicago(r, kUrl).find("November 1967,"), std::string::npos);
  EXPECT_NE(cite_ris(r, kUrl).find("DA  - 1967/11//\r\n"), std::string::npos) << cite_ris(r, kUrl);
  r.date = *parse_date("1949");
  nlohmann::json csl = cite_csl_json(r, kUrl);
  EXPECT_EQ(csl["issued"]["date-parts"], nlohmann::json::parse("[[1949]]"));
}

TEST(CitationStyles, BibtexEscapesLatexSpecials) {
  EXPECT_EQ(bibtex_escape("50% of {A & B} #1 $5 a_b ^ ~ \\"),
            "50\\% of \\{A \\& B\\} \\#1 \\$5 a\\_b \\^{} \\~{} \\textbackslash{}");
  Record r = seed_like_record();
  r.title = "Costs: 100% & {more}";
  std::string entry = cite_bibtex(r, kUrl);
  EXPECT_TRUE(entry.starts_with("@misc{chancery:117079,\n")) << entry;
  EXPECT_NE(entry.find("  title = {{Costs: 100\\% \\& \\{more\\}}},\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find("  year = {1956},\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find("  month = nov,\n"), std::string::npos) << entry;
  EXPECT_TRUE(entry.ends_with("}\n"));
}

TEST(CitationStyles, BibtexKeyKeepsIdsReadableAndSafe) {
  EXPECT_EQ(bibtex_key("frus1955-57v25/d159"), "chancery:frus1955-57v25/d159");
  EXPECT_EQ(bibtex_key("a b,{c}"), "chancery:a_b__c_");
}

TEST(CitationStyles, RisHasOneTagPerLineAndEndsWithEr) {
  Record r = seed_like_record();
  r.summary = "Line one\nline two\twith tab\r\n";
  std::string ris = cite_ris(r, kUrl);
  EXPECT_TRUE(ris.starts_with("TY  - GEN\r\n")) << ris;
  EXPECT_TRUE(ris.ends_with("ER  - \r\n")) << ris;
  EXPECT_NE(ris.find("AB  - Line one line two with tab\r\n"), std::string::npos) << ris;
  EXPECT_NE(ris.find("DA  - 1956/11/03/\r\n"), std::string::npos) << ris;
  EXPECT_NE(ris.find("PY  - 1956\r\n"), std::string::npos);
  EXPECT_NE(ris.find("UR  - http://127.0.0.1:8080/document/117079\r\n"), std::string::npos);
  EXPECT_NE(ris.find("A4  - Mark Kramer\r\n"), std::string::npos);
  // Every line is a tag line: a newline in data cannot start a forged tag.
  std::size_t start = 0;
  while (start < ris.size()) {
    std::size_t end = ris.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    std::string line = ris.substr(start, end - start);
    EXPECT_EQ(line.substr(2, 4), "  - ") << line;
    start = end + 2;
  }
}

TEST(CitationStyles, RisValueDropsControlCharactersAndCollapsesSpace) {
  EXPECT_EQ(ris_value("  a\x01\n\nb  c \x7f"), "a b c");
}

TEST(CitationStyles, CslJsonIsAManuscriptWithTypedParts) {
  nlohmann::json csl = cite_csl_json(seed_like_record(), kUrl);
  EXPECT_EQ(csl["id"], "117079");
  EXPECT_EQ(csl["type"], "manuscript");
  EXPECT_EQ(csl["issued"]["date-parts"], nlohmann::json::parse("[[1956, 11, 3]]"));
  EXPECT_EQ(csl["archive"], "TsKhSD");
  EXPECT_EQ(csl["archive_location"], "F. 3, Op. 12, D. 1005, LI. 67-69");
  EXPECT_EQ(csl["translator"][0]["literal"], "Mark Kramer");
  EXPECT_EQ(csl["URL"], kUrl);
  EXPECT_FALSE(csl.contains("author"));
}

// A FRUS document: the published volume's document, as the volume cites it.
Record frus_record() {
  Record r;
  r.id = "frus1961-63v06/d67";
  r.source_format = "tei";
  r.number = "67";
  r.title = "67. Telegram From the Department of State to the Embassy in the Soviet Union";
  r.date = *parse_date("October 27, 1962");
  r.record_type = "telegram";
  r.archive = "Kennedy Library";
  r.citation.archive = "Kennedy Library";
  r.citation.publisher = "Foreign Relations of the United States, 1961\u20131963, Volume VI, Kennedy-Khrushchev Exchanges";
  r.languages = {"English"};
  return r;
}

constexpr const char* kFrusUrl = "http://127.0.0.1:8080/document/frus1961-63v06/d67";

TEST(CitationStyles, AnEditionsDocumentIsCitedInItsVolume) {
  const Record r = frus_record();
  const CitedEdition edition{{"Charles S. Sampson"}};
  EXPECT_TRUE(is_edition_document(r));
  EXPECT_EQ(cited_title(r), "Telegram From the Department of State to the Embassy in the Soviet Union");
  EXPECT_EQ(cite_chicago(r, kFrusUrl, edition),
            "\u201cTelegram From the Department of State to the Embassy in the Soviet Union,\u201d October 27, 1962, in "
            "Foreign Relations of the United States, 1961\u20131963, Volume VI, Kennedy-Khrushchev Exchanges, ed. Charles "
            "S. Sampson, document 67. http://127.0.0.1:8080/document/frus1961-63v06/d67.");
  EXPECT_EQ(cite_mla(r, kFrusUrl, edition),
            "\u201cTelegram From the Department of State to the Embassy in the Soviet Union.\u201d Foreign Relations of "
            "the United States, 1961\u20131963, Volume VI, Kennedy-Khrushchev Exchanges, edited by Charles S. Sampson, "
            "27 Oct. 1962, document 67, http://127.0.0.1:8080/document/frus1961-63v06/d67.");
  EXPECT_EQ(cite_apa(r, kFrusUrl, edition),
            "Telegram From the Department of State to the Embassy in the Soviet Union [Telegram]. (1962, October 27). "
            "In Charles S. Sampson (Ed.), Foreign Relations of the United States, 1961\u20131963, Volume VI, "
            "Kennedy-Khrushchev Exchanges (Document 67). http://127.0.0.1:8080/document/frus1961-63v06/d67");
  const std::string bib = cite_bibtex(r, kFrusUrl, CitedEdition{{"A. Editor", "B. Editor"}});
  EXPECT_TRUE(bib.starts_with("@incollection{chancery:frus1961-63v06/d67,\n")) << bib;
  EXPECT_NE(bib.find("  booktitle = {{Foreign Relations of the United States"), std::string::npos) << bib;
  EXPECT_NE(bib.find("  editor = {A. Editor and B. Editor},\n"), std::string::npos) << bib;
  EXPECT_NE(bib.find("  note = {Document 67},\n"), std::string::npos) << bib;
  EXPECT_EQ(bib.find("howpublished"), std::string::npos) << bib;
  const std::string ris = cite_ris(r, kFrusUrl, edition);
  EXPECT_TRUE(ris.starts_with("TY  - CHAP\r\nTI  - Telegram From the Department"));
  EXPECT_NE(ris.find("T2  - Foreign Relations of the United States"), std::string::npos);
  EXPECT_NE(ris.find("A2  - Charles S. Sampson\r\n"), std::string::npos);
  EXPECT_NE(ris.find("SE  - Document 67\r\n"), std::string::npos);
  EXPECT_EQ(ris.find("AV  -"), std::string::npos);
  const nlohmann::json csl = cite_csl_json(r, kFrusUrl, edition);
  EXPECT_EQ(csl["type"], "chapter");
  EXPECT_EQ(csl["container-title"], r.citation.publisher);
  EXPECT_EQ(csl["editor"], nlohmann::json::parse(R"([{"literal": "Charles S. Sampson"}])"));
  EXPECT_EQ(csl["number"], "67");
  EXPECT_FALSE(csl.contains("publisher"));
  // Without editors (the volume unread), the rest as before.
  EXPECT_EQ(cite_chicago(r, "", {}),
            "\u201cTelegram From the Department of State to the Embassy in the Soviet Union,\u201d October 27, 1962, in "
            "Foreign Relations of the United States, 1961\u20131963, Volume VI, Kennedy-Khrushchev Exchanges, document 67.");
  // Three editors: listed as the style lists them.
  const CitedEdition three{{"A", "B", "C"}};
  EXPECT_NE(cite_chicago(r, "", three).find(", ed. A, B, and C, document 67."), std::string::npos);
  EXPECT_NE(cite_apa(r, "", three).find("In A, B, & C (Eds.), "), std::string::npos);
  // A record of the record-text layout, or one without its number, stays an archival document.
  Record seed = seed_like_record();
  EXPECT_FALSE(is_edition_document(seed));
  Record unnumbered = r;
  unnumbered.number.clear();
  EXPECT_FALSE(is_edition_document(unnumbered));
  EXPECT_EQ(cited_title(unnumbered), unnumbered.title);
}

TEST(CitationStyles, MissingPartsAreLeftOutNotInvented) {
  Record r;
  r.id = "x";
  r.title = "Untitled list";
  EXPECT_EQ(cite_chicago(r, ""), "\u201cUntitled list.\u201d");
  EXPECT_NE(cite_apa(r, "").find("(n.d.)"), std::string::npos);
  std::string ris = cite_ris(r, "");
  EXPECT_EQ(ris.find("DA  -"), std::string::npos);
  EXPECT_EQ(ris.find("UR  -"), std::string::npos);
}

// The page's and the download's CSL-JSON text, written directly, is
// nlohmann's dump(2) of the item byte for byte (bad UTF-8 replaced as nlohmann
// replaces it).
TEST(CitationStyles, CslJsonTextIsTheDumpOfTheItem) {
  for (std::uint32_t seed = 1; seed <= 2000; ++seed) {
    const Record record = testing::RandomRecord(seed).make();
    const std::string url = seed % 3 == 0 ? std::string() : "https://archive.example/document/a%2Fb\"<>";
    const std::string spec = nlohmann::json::array({cite_csl_json(record, url)})
                                 .dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    ASSERT_EQ(cite_csl_json_text(record, url), spec) << "seed " << seed;
    // The same record as a document of an edition, with none, one or two editors.
    Record in_edition = record;
    in_edition.source_format = "tei";
    in_edition.number = std::to_string(seed);
    if (in_edition.citation.publisher.empty()) in_edition.citation.publisher = record.title;
    CitedEdition edition;
    for (std::uint32_t i = 0; i < seed % 3; ++i) edition.editors.push_back(record.summary + std::to_string(i));
    const std::string edition_spec = nlohmann::json::array({cite_csl_json(in_edition, url, edition)})
                                         .dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    ASSERT_EQ(cite_csl_json_text(in_edition, url, edition), edition_spec) << "seed " << seed << ", in an edition";
  }
  const Record seed_like = seed_like_record();
  EXPECT_EQ(cite_csl_json_text(seed_like, "https://example.org/d/1"),
            nlohmann::json::array({cite_csl_json(seed_like, "https://example.org/d/1")}).dump(2));
}

}  // namespace
}  // namespace chancery::web
