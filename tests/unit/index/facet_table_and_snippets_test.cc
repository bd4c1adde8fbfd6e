// The per-revision facet table counts exactly what reading the facet slot
// counts; snippet highlighting by stem still finds every inflected form.
#include <gtest/gtest.h>

#include <xapian.h>

#include <random>

#include "index/facets.h"
#include "index/index_terms.h"
#include "index/snippets.h"
#include "util/compression.h"

namespace chancery {
namespace {

Xapian::Document doc_with(std::initializer_list<std::pair<char, std::string>> values) {
  FacetValueSet set;
  for (const auto& [code, value] : values) set.add(code, value);
  Xapian::Document doc;
  doc.add_value(index_terms::kFacetSlot, set.encode());
  return doc;
}

TEST(FacetTable, CountsLikeTheValueSlot) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.add_document(doc_with({{'Y', "1956"}, {'P', "Nagy"}, {'P', "Kadar"}}));
  db.add_document(Xapian::Document());  // no facet values at all
  db.add_document(doc_with({{'Y', "1956"}, {'P', "Kadar"}}));
  db.add_document(doc_with({{'Y', "1957"}, {'T', "telegram"}}));
  db.commit();

  auto table = FacetTable::build(db);
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->value_count(), 5u);  // Y1956 PNagy PKadar Y1957 Ttelegram

  FacetCounter by_slot;
  FacetCounter by_table(table);
  for (Xapian::docid did : {1u, 2u, 3u, 4u}) {
    const Xapian::Document doc = db.get_document(did);
    by_slot(doc, 0);
    by_table(doc, 0);
  }
  EXPECT_EQ(by_table.documents_seen(), 4);
  auto expected = by_slot.results(10, 4);
  auto got = by_table.results(10, 4);
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [name, values] : expected) {
    ASSERT_EQ(got[name].size(), values.size()) << name;
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(got[name][i].value, values[i].value) << name;
      EXPECT_EQ(got[name][i].count, values[i].count) << name;
    }
  }
  ASSERT_EQ(got["year"].size(), 2u);
  EXPECT_EQ(got["year"][0].value, "1956");
  EXPECT_EQ(got["year"][0].count, 2);
}

TEST(FacetTable, DocumentsOutsideTheTableCountNothing) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.add_document(doc_with({{'Y', "1956"}}));
  db.commit();
  FacetCounter counter(FacetTable::build(db));
  Xapian::Document unknown;  // docid 0: not in the table
  counter(unknown, 0);
  EXPECT_EQ(counter.documents_seen(), 1);
  EXPECT_TRUE(counter.results(10, 1)["year"].empty());
}

TEST(FacetTable, CountersSharingScratchCountOnlyTheirOwnDocuments) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.add_document(doc_with({{'Y', "1956"}, {'P', "Nagy"}}));
  db.add_document(doc_with({{'Y', "1957"}, {'P', "Nagy"}}));
  db.commit();
  auto table = FacetTable::build(db);
  std::vector<std::uint32_t> scratch;
  {
    FacetCounter first(table, 1, &scratch);
    first.count(1);
    first.count(2);
    auto got = first.results(10, 2);
    ASSERT_EQ(got["person"].size(), 1u);
    EXPECT_EQ(got["person"][0].count, 2);
    EXPECT_EQ(got["year"].size(), 2u);
  }
  for (std::uint32_t count : scratch) EXPECT_EQ(count, 0u);   // handed back clean
  FacetCounter second(table, 1, &scratch);
  second.count(2);
  auto got = second.results(10, 1);
  ASSERT_EQ(got["year"].size(), 1u);
  EXPECT_EQ(got["year"][0].value, "1957");
  EXPECT_EQ(got["year"][0].count, 1);
  ASSERT_EQ(got["person"].size(), 1u);
  EXPECT_EQ(got["person"][0].count, 1);
}

QueryWord query_word(std::string key) {
  QueryWord word;
  word.key = std::move(key);
  return word;
}

TEST(Highlighter, StemMatchesSurviveTheFirstByteFilter) {
  Highlighter highlighter({query_word("negotiations"), query_word("hope")}, {Xapian::Stem("english")});
  EXPECT_TRUE(highlighter.matches("negotiated"));
  EXPECT_TRUE(highlighter.matches("negotiation"));
  EXPECT_TRUE(highlighter.matches("hoping"));
  EXPECT_TRUE(highlighter.matches("hopes"));
  EXPECT_FALSE(highlighter.matches("renegotiated"));
  EXPECT_FALSE(highlighter.matches("hop"));
  const std::string snippet = make_snippet("They were Hoping that NEGOTIATED terms would hold.", highlighter);
  EXPECT_NE(snippet.find("<mark>Hoping</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>NEGOTIATED</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<mark>terms"), std::string::npos) << snippet;
}

// Filler text of about `bytes` bytes with no query word in it.
std::string filler(std::size_t bytes) {
  std::string text;
  while (text.size() < bytes) text += "The delegation discussed the agenda at length. ";
  return text;
}

TEST(Snippet, FindsAMatchFarIntoALongText) {
  Highlighter highlighter({query_word("uranium")}, {Xapian::Stem("english")});
  const std::string text = filler(40 * 1024) + "Deliveries of uranium resumed in May. " + filler(8 * 1024);
  const std::string snippet = make_snippet(text, highlighter);
  EXPECT_NE(snippet.find("<mark>uranium</mark>"), std::string::npos) << snippet;
  EXPECT_TRUE(snippet.starts_with("\xE2\x80\xA6")) << snippet;
  EXPECT_TRUE(snippet.ends_with("\xE2\x80\xA6")) << snippet;
}

TEST(Snippet, PrefersAnEarlyMatch) {
  Highlighter highlighter({query_word("uranium")}, {Xapian::Stem("english")});
  const std::string text = "Uranium was on the agenda. " + filler(20 * 1024) + "uranium uranium uranium uranium";
  const std::string snippet = make_snippet(text, highlighter);
  EXPECT_TRUE(snippet.starts_with("<mark>Uranium</mark> was on the agenda.")) << snippet;
}

TEST(Snippet, WithoutQueryWordsIsTheBeginning) {
  Highlighter none({}, {});
  const std::string text = "First words of a long record. " + filler(30 * 1024);
  const std::string snippet = make_snippet(text, none, 5);
  EXPECT_EQ(snippet, "First words of a long\xE2\x80\xA6");
  EXPECT_EQ(make_snippet("Just four short words.", none, 5), "Just four short words.");
}

TEST(SnippetText, IsStoredCompressedBeyondTheFirstStepAndComesBackExactly) {
  const std::string text = "Mălnăşan & Хрущёв <said> \"no\".\n" + filler(40 * 1024);
  const std::string slot = encode_snippet_text(text);
  EXPECT_LT(slot.size(), 4096 + text.size() / 4);
  EXPECT_TRUE(slot.starts_with(text.substr(0, 2048)));   // the first step as it is
  EXPECT_EQ(decode_snippet_text(slot), text);
  // Bytes that read as a frame in the first step (not valid UTF-8): all compressed.
  const std::string odd = "a \x28\xB5\x2F\xFD b " + filler(10 * 1024);
  EXPECT_TRUE(is_compressed_frame(encode_snippet_text(odd)));
  EXPECT_EQ(decode_snippet_text(encode_snippet_text(odd)), odd);
  EXPECT_EQ(decode_snippet_text(slot), text);
  EXPECT_EQ(encode_snippet_text(""), "");
  EXPECT_EQ(decode_snippet_text(""), "");
}

// Random texts of words, some multi-byte, with query words at random depths.
std::string random_text(std::mt19937& rng, std::size_t bytes) {
  static const char* const kWords[] = {"the", "delegation", "Mălnăşan", "uranium", "Хрущёв", "negotiated",
                                       "treaty,", "(Danube)", "a", "\n", "and", "—", "1956.", "minister"};
  std::string text;
  while (text.size() < bytes) {
    text += kWords[rng() % std::size(kWords)];
    text += (rng() % 7 == 0) ? "\n" : " ";
  }
  return text;
}

TEST(SnippetText, SnippetsFromTheSlotEqualThoseFromThePlainText) {
  std::mt19937 rng(11);
  const Highlighter none({}, {});
  const Highlighter uranium({query_word("uranium")}, {Xapian::Stem("english")});
  const Highlighter negotiation({query_word("negotiations"), query_word("danube")}, {Xapian::Stem("english")});
  const Highlighter absent({query_word("zanzibar")}, {Xapian::Stem("english")});
  for (int i = 0; i < 60; ++i) {
    const std::size_t bytes = std::vector<std::size_t>{10, 300, 5000, 17000, 70000, 150000}[i % 6] + rng() % 900;
    std::string text = random_text(rng, bytes);
    if (i % 4 == 0) {
      // The only match deep in the text.
      std::string plain(text.size(), 'x');
      for (std::size_t j = 0; j < plain.size(); j += 9) plain[j] = ' ';
      text = plain.substr(0, bytes / 2) + " uranium " + plain.substr(bytes / 2);
    }
    const std::string slot = encode_snippet_text(text);
    EXPECT_EQ(decode_snippet_text(slot), text);
    for (const Highlighter* h : {&none, &uranium, &negotiation, &absent}) {
      SnippetText from_slot = SnippetText::from_slot(slot);
      EXPECT_EQ(make_snippet(from_slot, *h), make_snippet(text, *h)) << "text " << i << " of " << text.size() << " bytes";
    }
  }
}

TEST(SnippetText, AMatchNearTheStartDecodesOnlyTheFirstStep) {
  const std::string text = "Uranium first. " + filler(60 * 1024);
  SnippetText source = SnippetText::from_slot(encode_snippet_text(text));
  Highlighter uranium({query_word("uranium")}, {Xapian::Stem("english")});
  EXPECT_TRUE(make_snippet(source, uranium).starts_with("<mark>Uranium</mark> first."));
  EXPECT_LE(source.decoded().size(), 1024u);
  EXPECT_GT(source.decoded().size(), 512u);
}

TEST(SnippetText, AMatchDeeperDecodesTheStepsItNeeds) {
  const std::string text = filler(10 * 1024) + " uranium " + filler(60 * 1024);
  SnippetText source = SnippetText::from_slot(encode_snippet_text(text));
  Highlighter uranium({query_word("uranium")}, {Xapian::Stem("english")});
  EXPECT_NE(make_snippet(source, uranium).find("<mark>uranium</mark>"), std::string::npos);
  EXPECT_LE(source.decoded().size(), 16384u);
  EXPECT_GT(source.decoded().size(), 10u * 1024);
}

TEST(SnippetText, PlainTextOfOlderIndexesIsReadAsIs) {
  EXPECT_EQ(decode_snippet_text("Text written before compression."), "Text written before compression.");
}

TEST(SnippetText, ADamagedFrameGivesNoText) {
  std::string slot = encode_snippet_text(filler(8 * 1024));
  slot[slot.size() - 2] = static_cast<char>(slot[slot.size() - 2] ^ 0x20);
  EXPECT_EQ(decode_snippet_text(slot), "");
}

}  // namespace
}  // namespace chancery
