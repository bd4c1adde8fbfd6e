// Choosing a record's stemmer; facet encoding and counting.
#include <gtest/gtest.h>

#include "index/facets.h"
#include "index/index_terms.h"
#include "index/language.h"

namespace chancery {
namespace {

TEST(RecordStemmer, TranslationsAreInTheTranslationLanguage) {
  Record r;
  r.languages = {"Russian"};
  r.contents = "Translation - English";
  EXPECT_EQ(record_stemmer(r), "english");
  r.contents = "Original Scan  \nTranslation - German";
  EXPECT_EQ(record_stemmer(r), "german");
}

TEST(RecordStemmer, SingleOriginalLanguageOtherwise) {
  Record r;
  r.languages = {"Hungarian"};
  EXPECT_EQ(record_stemmer(r), "hungarian");
  r.contents = "Original Scan";
  EXPECT_EQ(record_stemmer(r), "hungarian");
  r.languages = {"Hungarian", "Russian"};
  EXPECT_EQ(record_stemmer(r), "english");
  r.languages = {"Klingon"};
  EXPECT_EQ(record_stemmer(r), "english");
  EXPECT_EQ(record_stemmer(Record{}), "english");
}

TEST(RecordStemmer, LanguageNames) {
  EXPECT_EQ(stemmer_for_language(" Romanian "), "romanian");
  EXPECT_EQ(stemmer_for_language("FRENCH"), "french");
  EXPECT_EQ(stemmer_for_language("Chinese"), "");
  EXPECT_EQ(stemmer_for_language(""), "");
}

Xapian::Document doc_with(const FacetValueSet& values) {
  Xapian::Document doc;
  doc.add_value(index_terms::kFacetSlot, values.encode());
  return doc;
}

TEST(LanguageForCode, TwoAndThreeLetterCodes) {
  EXPECT_EQ(language_for_code("ru"), "Russian");
  EXPECT_EQ(language_for_code("RUS"), "Russian");
  EXPECT_EQ(language_for_code("ger"), "German");
  EXPECT_EQ(language_for_code("deu"), "German");
  EXPECT_EQ(language_for_code("zh"), "Chinese");
  for (std::string_view none : {"", "r", "russian", "xx", "e", "engl"}) EXPECT_EQ(language_for_code(none), "") << none;
}

TEST(FacetValueSet, DeduplicatesAndTrims) {
  FacetValueSet values;
  values.add('P', " Nagy, Imre ");
  values.add('P', "Nagy, Imre");
  values.add('P', "");
  values.add('G', "Nagy, Imre");
  ASSERT_EQ(values.values().size(), 2u);
  EXPECT_EQ(values.values()[0].second, "Nagy, Imre");
}

TEST(FacetTerm, CutsLongValuesAtCharacterBoundaries) {
  std::string value;
  for (int i = 0; i < 150; ++i) value += "\xC5\x82";  // ł, two bytes
  std::string term = facet_term('P', value);
  EXPECT_LE(term.size(), 245u);
  EXPECT_EQ(term.substr(0, 2), "FP");
  EXPECT_EQ((term.size() - 2) % 2, 0u);
}

TEST(FacetCounter, CountsSortsAndLimits) {
  FacetCounter counter;
  FacetValueSet a;
  a.add('Y', "1956");
  a.add('P', "Nagy");
  a.add('P', "Kadar");
  FacetValueSet b;
  b.add('Y', "1956");
  b.add('P', "Kadar");
  FacetValueSet c;
  c.add('Y', "1957");
  counter(doc_with(a), 0);
  counter(doc_with(b), 0);
  counter(doc_with(c), 0);
  auto results = counter.results(1, 3);
  ASSERT_EQ(results["year"].size(), 1u);
  EXPECT_EQ(results["year"][0].value, "1956");
  EXPECT_EQ(results["year"][0].count, 2);
  ASSERT_EQ(results["person"].size(), 1u);
  EXPECT_EQ(results["person"][0].value, "Kadar");
  EXPECT_TRUE(results["place"].empty());
  EXPECT_EQ(counter.documents_seen(), 3);
}

TEST(FacetCounter, ScalesSampledCounts) {
  FacetCounter counter;
  FacetValueSet a;
  a.add('T', "telegram");
  FacetValueSet b;
  b.add('T', "memorandum");
  counter(doc_with(a), 0);
  counter(doc_with(a), 0);
  counter(doc_with(a), 0);
  counter(doc_with(b), 0);
  // Four documents seen of an estimated 400.
  auto results = counter.results(10, 400);
  ASSERT_EQ(results["type"].size(), 2u);
  EXPECT_EQ(results["type"][0].count, 300);
  EXPECT_EQ(results["type"][1].count, 100);
}

}  // namespace
}  // namespace chancery
