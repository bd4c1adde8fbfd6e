// The per-revision facet table counts exactly what reading the facet slot
// counts; snippet highlighting by stem still finds every inflected form.
#include <gtest/gtest.h>

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <random>

#include "index/facets.h"
#include "index/index_terms.h"
#include "index/snippets.h"
#include "index/word_pairs.h"
#include "util/compression.h"
#include "util/word_tokenizer.h"

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

// Many values with equal counts, non-ASCII values among them: counted by the
// table, the top values of each facet and their order (count, then value's
// bytes) are those counted from the slot, for any limit, scaled or not.
TEST(FacetTable, TopValuesAndTheirOrderAreThoseOfTheSlot) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 random(7);
  const std::vector<std::string> names = {"Nagy", "Kadar", "Tito", "Хрущёв", "Mao Zedong", "Dulles", "Éden", "zz",
                                          "Nagy Imre", "A", "a", "Z"};
  const std::vector<char> codes = {'Y', 'P', 'T', 'L', 'C'};
  for (int i = 0; i < 400; ++i) {
    FacetValueSet set;
    for (int k = 0; k < 4; ++k) {
      const char code = codes[random() % codes.size()];
      set.add(code, code == 'Y' ? std::to_string(1940 + random() % 30) : names[random() % names.size()]);
    }
    Xapian::Document doc;
    doc.add_value(index_terms::kFacetSlot, set.encode());
    db.add_document(doc);
  }
  db.commit();
  auto table = FacetTable::build(db);
  for (int round = 0; round < 6; ++round) {
    FacetCounter by_slot;
    FacetCounter by_table(table);
    for (Xapian::docid did = 1; did <= 400; ++did) {
      if (random() % 3 == 0) continue;
      const Xapian::Document doc = db.get_document(did);
      by_slot(doc, 0);
      by_table(doc, 0);
    }
    const std::int64_t seen = by_slot.documents_seen();
    for (const int limit : {1, 3, 10, 1000}) {
      for (const std::int64_t total : {seen, seen * 3}) {
        auto expected = by_slot.results(limit, total);
        auto got = by_table.results(limit, total);
        ASSERT_EQ(got.size(), expected.size());
        for (const auto& [name, values] : expected) {
          ASSERT_EQ(got[name].size(), values.size()) << name << " limit " << limit;
          for (std::size_t i = 0; i < values.size(); ++i) {
            EXPECT_EQ(got[name][i].value, values[i].value) << name << " limit " << limit << " at " << i;
            EXPECT_EQ(got[name][i].count, values[i].count) << name << " limit " << limit << " at " << i;
          }
        }
      }
    }
  }
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

// count_set() is the bulk form of count(): a shard's docid set, mapped to the
// whole database's docids, counts what counting them one at a time counts
// (docids past the table included: seen, but without values).
TEST(FacetTable, CountingASetOfShardDocidsEqualsCountingThemOneByOne) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 random(7);
  const char* years[] = {"1955", "1956", "1957"};
  const char* persons[] = {"Nagy", "Kadar", "Tito", "Dulles", "Eden"};
  for (int i = 0; i < 300; ++i) {
    db.add_document(doc_with({{'Y', years[random() % 3]},
                              {'P', persons[random() % 5]},
                              {'P', persons[random() % 5]},
                              {'T', i % 7 == 0 ? "telegram" : "memorandum"}}));
  }
  db.commit();
  auto table = FacetTable::build(db);
  for (const unsigned shards : {1u, 2u, 3u}) {
    for (unsigned shard = 0; shard < shards; ++shard) {
      // A shard's docids 1..180: with 3 shards, some lie past the 300 documents.
      std::vector<std::uint64_t> set(180 / 64 + 1, 0);
      FacetCounter one_by_one(table, shards);
      for (Xapian::docid did = 1; did <= 180; ++did) {
        if (random() % 3 == 0) continue;
        set[did / 64] |= std::uint64_t{1} << (did % 64);
        one_by_one.count((did - 1) * shards + shard + 1);
      }
      FacetCounter bulk(table, shards);
      bulk.count_set(set, shard, shards);
      EXPECT_EQ(bulk.documents_seen(), one_by_one.documents_seen());
      auto expected = one_by_one.results(10, one_by_one.documents_seen());
      auto got = bulk.results(10, bulk.documents_seen());
      for (const auto& [name, values] : expected) {
        ASSERT_EQ(got[name].size(), values.size()) << name;
        for (std::size_t i = 0; i < values.size(); ++i) {
          EXPECT_EQ(got[name][i].value, values[i].value) << name;
          EXPECT_EQ(got[name][i].count, values[i].count) << name << " " << shards << "/" << shard;
        }
      }
      EXPECT_FALSE(got["person"].empty());
    }
  }
}
QueryWord query_word(std::string key) {
  QueryWord word;
  word.key = std::move(key);
  return word;
}

// A word of a quoted phrase ("free world"), as the parser gives it.
QueryWord phrase_word(std::string key) {
  QueryWord word = query_word(std::move(key));
  word.single = false;
  word.together = true;
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

TEST(Highlighter, StemmersThatTakeOffPrefixesMatchWordsStartingOtherwise) {
  // Irish drops initial mutations, Indonesian prefixes, Arabic the article.
  Highlighter irish({query_word("capall")}, {Xapian::Stem("irish")});
  EXPECT_TRUE(irish.may_match('g'));
  EXPECT_TRUE(irish.matches("gcapall"));
  Highlighter indonesian({query_word("gunakan")}, {Xapian::Stem("indonesian")});
  EXPECT_TRUE(indonesian.matches("menggunakan"));
  Highlighter arabic({query_word("\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8")}, {Xapian::Stem("arabic")});
  EXPECT_TRUE(arabic.matches("\xd8\xa7\xd9\x84\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8"));
  const std::string snippet = make_snippet("An Irish text: an gcapall mor.", irish);
  EXPECT_NE(snippet.find("<mark>gcapall</mark>"), std::string::npos) << snippet;
  // English keeps the first letter: a word starting otherwise is not stemmed.
  Highlighter english({query_word("capall")}, {Xapian::Stem("english")});
  EXPECT_FALSE(english.may_match('g'));
}

// Whether `word` matches `query` by definition: the same key, or a stem in
// common under any two of the stemmers (numbers are not stemmed).
bool matches_by_definition(const std::string& word, const std::string& query, const std::vector<Xapian::Stem>& stemmers) {
  if (word == query) return true;
  if (word[0] >= '0' && word[0] <= '9') return false;
  for (const Xapian::Stem& a : stemmers) {
    for (const Xapian::Stem& b : stemmers) {
      if (a(word) == b(query)) return true;
    }
  }
  return false;
}

TEST(Highlighter, FiltersOnTheFirstBytesMissNoMatchOfAnyStemmer) {
  // Inflected words in several languages, folded (lower case, no accents).
  const std::vector<std::string> vocabulary = {
      "negotiate", "negotiated", "negotiations", "renegotiated", "hope", "hoping", "hopes", "skies", "sky", "dying",
      "die", "ties", "tie", "as", "a", "i", "is", "us", "soviet", "soviets", "sovietskii", "states", "stated",
      "government", "governments", "governing", "1956", "19", "verhandlungen", "verhandlung", "regierung",
      "regierungen", "gouvernement", "gouvernements", "negociation", "negociations", "gobierno", "gobiernos",
      "governo", "governi", "\xd1\x81\xd0\xbe\xd1\x8e\xd0\xb7", "\xd1\x81\xd0\xbe\xd1\x8e\xd0\xb7\xd0\xb0",
      "\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x82\xd0\xb5\xd0\xbb\xd1\x8c\xd1\x81\xd1\x82\xd0\xb2\xd0\xbe",
      "\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x82\xd0\xb5\xd0\xbb\xd1\x8c\xd1\x81\xd1\x82\xd0\xb2\xd0\xb0",
      "kormany", "kormanyok", "hukumet", "hukumetler", "regering", "regeringen", "hallitus", "hallituksen",
      "guvern", "guvernul", "vyriausybe", "vyriausybes", "x", "xs", "ab", "abs", "lying", "lie", "tying", "idly",
      "gently", "ugly", "early", "only", "singly", "news", "howe", "atlas", "cosmos", "bias", "andes", "skis", "ski",
      "generously", "general", "communism", "arsenal", "y", "yes", "yelling", "cry", "cries", "by", "hauser", "haus",
      "oei", "ee", "eyes", "aa", "aas", "ii"};
  const std::vector<std::vector<std::string>> stemmer_sets = {
      {"english"}, {"russian", "english"}, {"german"}, {"french"}, {"spanish", "italian", "portuguese"},
      {"hungarian"}, {"turkish"}, {"dutch", "swedish", "danish", "norwegian"}, {"finnish"}, {"romanian"},
      {"lithuanian"}, {"catalan", "basque"}, {"irish", "english"}, {"indonesian"}, {"arabic"}};
  int checked = 0;
  for (const auto& names : stemmer_sets) {
    std::vector<Xapian::Stem> stemmers;
    for (const std::string& name : names) stemmers.emplace_back(name);
    for (const std::string& query : vocabulary) {
      const Highlighter highlighter({query_word(query)}, stemmers);
      for (const std::string& word : vocabulary) {
        EXPECT_EQ(highlighter.matches(word), matches_by_definition(word, query, stemmers))
            << "query " << query << ", word " << word << ", stemmers " << names.front();
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100000);
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

TEST(Snippet, MarksFunctionWordsOnlyBesideAnotherMatch) {
  Highlighter phrase({query_word("secretary"), query_word("of"), query_word("state")}, {Xapian::Stem("english")});
  const std::string text =
      "A copy of the report of the Embassy went to the Secretary of State, who spoke of it to the press.";
  EXPECT_EQ(make_snippet(text, phrase, 40),
            "A copy of the report of the Embassy went to the <mark>Secretary</mark> <mark>of</mark> "
            "<mark>State</mark>, who spoke of it to the press.");
  // Only function words matched: they are all marked.
  Highlighter function_words({query_word("of"), query_word("the")}, {Xapian::Stem("english")});
  EXPECT_EQ(make_snippet("Most of the time.", function_words, 40), "Most <mark>of</mark> <mark>the</mark> time.");
  // A run of function words alone ("of the") is not marked beside other matches.
  Highlighter mixed({query_word("of"), query_word("the"), query_word("embassy")}, {Xapian::Stem("english")});
  EXPECT_EQ(make_snippet("Most of the time the embassy waited.", mixed, 40),
            "Most of the time <mark>the</mark> <mark>embassy</mark> waited.");
  // Nor alone: with the other words of the query absent, nothing is marked.
  EXPECT_EQ(make_snippet("Most of the time.", mixed, 40), "Most of the time.");
}

TEST(Snippet, LooksPastEarlyFunctionWordsForTheOtherWords) {
  // The first step (about 1 KiB) has many an "of" but not "Secretary": the
  // scan goes on to the phrase.
  Highlighter phrase({query_word("secretary"), query_word("of"), query_word("state")}, {Xapian::Stem("english")});
  std::string text;
  while (text.size() < 3000) text += "The view of the delegation of Romania was one of caution. ";
  text += "Then the Secretary of State spoke.";
  const std::string snippet = make_snippet(text, phrase, 12);
  EXPECT_NE(snippet.find("<mark>Secretary</mark> <mark>of</mark> <mark>State</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<mark>of</mark> the"), std::string::npos) << snippet;
}

TEST(Snippet, APhraseIsShownWhereItsWordsStandTogether) {
  Highlighter phrase({phrase_word("free"), phrase_word("world")}, {Xapian::Stem("english")});
  EXPECT_TRUE(phrase.wants_adjacent());
  // The first step has "free" and "world" apart, the phrase comes later.
  const std::string text = "A free trade area was proposed for the world market. " + filler(3000) +
                           "Communist parties in the free world followed the line. " + filler(3000);
  const std::string snippet = make_snippet(text, phrase, 12);
  EXPECT_NE(snippet.find("<mark>free</mark> <mark>world</mark> followed"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("trade"), std::string::npos) << snippet;
  // From the slot, as a search reads it, the same.
  SnippetText slot = SnippetText::from_slot(encode_snippet_text(text));
  EXPECT_EQ(make_snippet(slot, phrase, 12), snippet);
  // The same words unquoted stop at the first step, as before.
  Highlighter words({query_word("free"), query_word("world")}, {Xapian::Stem("english")});
  EXPECT_FALSE(words.wants_adjacent());
  EXPECT_TRUE(make_snippet(text, words, 12).starts_with("A <mark>free</mark> trade")) << make_snippet(text, words, 12);
  // Within one step, the window with the words together wins over one with
  // as many matches apart.
  const std::string close = "Free ports and world prices were discussed at length by the delegation. "
                            "Later the minister spoke of the free world and its unity.";
  const std::string near = make_snippet(close, phrase, 8);
  EXPECT_NE(near.find("<mark>free</mark> <mark>world</mark>"), std::string::npos) << near;
  // A phrase in a field (title:"free world") does not ask the text for it.
  QueryWord in_title = phrase_word("free");
  in_title.prefix = "S";
  EXPECT_FALSE(Highlighter({in_title}, {}).wants_adjacent());
}

// The words of a text a query matched, as written.
std::vector<std::string> matched_texts(std::string_view text, const Highlighter& all, const Highlighter* loose) {
  std::vector<std::string> out;
  for (const Word& w : matched_words(text, all, loose)) out.emplace_back(text.substr(w.begin, w.end - w.begin));
  return out;
}

TEST(MatchedWords, MarkAPhraseOnlyWhereItsWordsStandTogether) {
  const std::vector<Xapian::Stem> english{Xapian::Stem("english")};
  const Highlighter all({phrase_word("free"), phrase_word("world"), query_word("berlin")}, english);
  const Highlighter loose({query_word("berlin")}, english);
  const std::string text = "The free sector of Berlin, the free world and Berlin's free worlds; a world apart.";
  EXPECT_EQ(matched_texts(text, all, &loose),
            (std::vector<std::string>{"Berlin", "free", "world", "Berlin's", "free", "worlds"}));
  // Without `loose`, every match, as a snippet marks them.
  EXPECT_EQ(matched_texts(text, all, nullptr).size(), 8u);
  // A phrase with a function word: "of" only inside the phrase, the phrase's
  // other words only beside it.
  const Highlighter phrase({phrase_word("secretary"), phrase_word("of"), phrase_word("state")}, english);
  const Highlighter none({}, english);
  EXPECT_EQ(matched_texts("A state at war; the Secretary of State spoke; the secretary left.", phrase, &none),
            (std::vector<std::string>{"Secretary", "of", "State"}));
  // Function words alone in the query: a run of two of them.
  const Highlighter function_words({phrase_word("of"), phrase_word("the")}, english);
  EXPECT_EQ(matched_texts("Most of the time, of course, the end.", function_words, &none),
            (std::vector<std::string>{"of", "the"}));
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

// The snippet as the specification gives it, by brute force: every word of
// the scanned text tokenised and checked (the scan reads about 1, 4, 16 and
// 64 KiB, each step ending at whitespace, and stops after the first step with
// a match of a word other than a function word, or with any match when the
// query has only function words, or, when the query wants words side by side,
// with two matches side by side that are not both function words), then the
// window of max_words words with the most matches (the earliest of equals; a
// match right after another in the window counting twice when the query wants
// words side by side), started a little before its first match.
std::string reference_snippet(std::string_view text, const Highlighter& highlighter, std::size_t max_words) {
  auto cut_utf8 = [](std::string_view t, std::size_t max) {
    if (t.size() <= max) return t;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(t[end]) & 0xC0) == 0x80) --end;
    return t.substr(0, end);
  };
  auto whitespace_cut = [&](std::string_view t, std::size_t max) {
    if (t.size() <= max) return t.size();
    for (std::size_t end = max; end > max / 2; --end) {
      if (t[end] == ' ' || t[end] == '\n' || t[end] == '\t' || t[end] == '\r') return end;
    }
    return cut_utf8(t, max).size();
  };
  const std::string_view limit = cut_utf8(text, 64 * 1024);
  std::vector<Word> words;
  std::vector<char> matched;
  std::size_t scanned = 0;
  bool enough = false;
  bool previous_function = false;
  for (std::size_t step = 1024; step <= 64 * 1024 && !enough; step *= 4) {
    const std::size_t end = std::max(scanned, whitespace_cut(limit, step));
    for (Word word : split_words(limit.substr(scanned, end - scanned))) {
      word.begin += scanned;
      word.end += scanned;
      const std::string key = folded_word(text, word);
      const bool hit = highlighter.matches(key);
      words.push_back(word);
      matched.push_back(hit);
      const bool function = common_word(key).function;
      if (highlighter.wants_adjacent() && !highlighter.only_function_words()) {
        const std::size_t n = words.size();
        enough = enough || (hit && n >= 2 && matched[n - 2] && (!function || !previous_function));
      } else {
        enough = enough || (hit && (highlighter.only_function_words() || !function));
      }
      previous_function = function;
    }
    scanned = end;
  }
  // Function words are marked only in runs of adjacent matches that hold
  // another word, unless the query has only function words.
  {
    std::vector<char> function(words.size(), 0);
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (matched[i]) function[i] = common_word(folded_word(text, words[i])).function ? 1 : 0;
    }
    if (!highlighter.only_function_words()) {
      for (std::size_t i = 0; i < words.size();) {
        if (!matched[i]) {
          ++i;
          continue;
        }
        std::size_t end = i;
        bool other = false;
        for (; end < words.size() && matched[end]; ++end) {
          if (!function[end]) other = true;
        }
        for (std::size_t k = i; k < end; ++k) {
          if (function[k] && !other) matched[k] = 0;
        }
        i = end;
      }
    }
  }
  const bool any = std::find(matched.begin(), matched.end(), 1) != matched.end();
  if (!any) {   // the beginning, as far as the window and the word after it
    words.clear();
    scanned = std::min(limit.size(), std::max<std::size_t>(16 * 1024, scanned));
    for (const Word& word : split_words(limit.substr(0, scanned))) words.push_back(word);
    matched.assign(words.size(), 0);
  }
  if (words.empty()) return {};
  const std::size_t window = std::min(max_words, words.size());
  std::size_t best_start = 0;
  std::size_t best_count = 0;
  for (std::size_t start = 0; start + window <= words.size(); ++start) {
    std::size_t count = 0;
    for (std::size_t i = start; i < start + window; ++i) {
      if (!matched[i]) continue;
      count += highlighter.wants_adjacent() && i > start && matched[i - 1] ? 2 : 1;
    }
    if (count > best_count) {
      best_count = count;
      best_start = start;
    }
  }
  if (best_count > 0) {
    std::size_t first = best_start;
    while (!matched[first]) ++first;
    best_start = first - std::min<std::size_t>(first - best_start, window / 4);
    if (best_start + window > words.size()) best_start = words.size() - window;
  }
  const std::size_t last = best_start + window - 1;
  std::string out;
  if (best_start > 0) out += "\xE2\x80\xA6";
  std::size_t pos = best_start == 0 ? 0 : words[best_start].begin;
  for (std::size_t i = best_start; i <= last; ++i) {
    out += html_escape(text.substr(pos, words[i].begin - pos));
    const std::string word = html_escape(text.substr(words[i].begin, words[i].end - words[i].begin));
    out += matched[i] ? "<mark>" + word + "</mark>" : word;
    pos = words[i].end;
  }
  std::size_t tail = pos;
  while (tail < scanned && tail < pos + 8 && std::ispunct(static_cast<unsigned char>(text[tail]))) ++tail;
  if (last + 1 < words.size() && tail > words[last + 1].begin) tail = pos;
  out += html_escape(text.substr(pos, tail - pos));
  if (last + 1 < words.size() || text.find_first_not_of(" \t\r\n", scanned) != std::string_view::npos) {
    out += "\xE2\x80\xA6";
  }
  for (char& c : out) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return out;
}

// Texts of awkward words: apostrophes, hyphens, acronyms, curly quotes,
// non-ASCII letters, punctuation alone, runs without whitespace.
std::string awkward_text(std::mt19937& rng, std::size_t bytes) {
  static const char* const kWords[] = {
      "the", "Soviet", "Soviets", "soviet's", "Khrushchev's", "U.S.", "U.S.S.R.", "Soviet-American", "\xE2\x80\x9CSoviet\xE2\x80\x9D",
      "\xE2\x80\x94", "M\xC4\x83ln\xC4\x83\xC5\x9F" "an", "\xD0\xA5\xD1\x80\xD1\x83\xD1\x89\xD1\x91\xD0\xB2", "d'Estaing",
      "1956.", "(uranium)", "uranium,", "A.", "-", "'", "...", "negotiated", "x-", "e.g.", "Sov", "SOVIETS:", "&", "<b>",
      "Khrushchev\xE2\x80\x99s", "\xE2\x80\x98soviet\xE2\x80\x99", "Soviet\xE2\x80\x90" "American", "1956\xE2\x80\x93" "1957",
      "soviet\xE2\x80\x99soviet", "\xE2\x80\xA6soviet", "caf\xC3\xA9"};
  std::string text;
  while (text.size() < bytes) {
    if (rng() % 400 == 0) {
      text += std::string(300 + rng() % 1500, 'y');   // no whitespace for a while
    } else {
      text += kWords[rng() % std::size(kWords)];
    }
    const unsigned gap = rng() % 10;
    text += gap == 0 ? "\n" : gap == 1 ? "\t" : gap == 2 ? "" : " ";
  }
  return text;
}

const char* scan_name(SnippetScan scan) {
  switch (scan) {
    case SnippetScan::avx512: return "AVX-512";
    case SnippetScan::avx2: return "AVX2";
    case SnippetScan::sse2: return "SSE2";
  }
  return "?";
}

TEST(Snippet, EqualsTheBruteForceSpecificationOnAwkwardTexts) {
  std::mt19937 rng(29);
  QueryWord wildcard = query_word("negot");
  wildcard.wildcard = true;
  const std::vector<Highlighter> highlighters = [&] {
    std::vector<Highlighter> out;
    out.emplace_back(std::vector<QueryWord>{query_word("soviet")}, std::vector<Xapian::Stem>{Xapian::Stem("english")});
    out.emplace_back(std::vector<QueryWord>{query_word("uranium"), query_word("us")}, std::vector<Xapian::Stem>{Xapian::Stem("english")});
    out.emplace_back(std::vector<QueryWord>{query_word("malnasan"), query_word("\xD1\x85\xD1\x80\xD1\x83\xD1\x89\xD0\xB5\xD0\xB2")},
                     std::vector<Xapian::Stem>{Xapian::Stem("english"), Xapian::Stem("russian")});
    out.emplace_back(std::vector<QueryWord>{wildcard, query_word("estaing")}, std::vector<Xapian::Stem>{});
    out.emplace_back(std::vector<QueryWord>{query_word("zanzibar")}, std::vector<Xapian::Stem>{Xapian::Stem("english")});
    // Function words: beside other words (found, rare or absent), or alone.
    out.emplace_back(std::vector<QueryWord>{query_word("the"), query_word("treaty")}, std::vector<Xapian::Stem>{Xapian::Stem("english")});
    out.emplace_back(std::vector<QueryWord>{query_word("a"), query_word("minister"), query_word("and")},
                     std::vector<Xapian::Stem>{Xapian::Stem("english")});
    out.emplace_back(std::vector<QueryWord>{query_word("the"), query_word("zanzibar")}, std::vector<Xapian::Stem>{Xapian::Stem("english")});
    out.emplace_back(std::vector<QueryWord>{query_word("the"), query_word("and")}, std::vector<Xapian::Stem>{Xapian::Stem("english")});
    // Phrases: words that must stand together, with and without function words.
    out.emplace_back(std::vector<QueryWord>{phrase_word("soviet"), phrase_word("american")},
                     std::vector<Xapian::Stem>{Xapian::Stem("english")});
    out.emplace_back(std::vector<QueryWord>{phrase_word("the"), phrase_word("delegation"), query_word("uranium")},
                     std::vector<Xapian::Stem>{Xapian::Stem("english")});
    out.emplace_back(std::vector<QueryWord>{phrase_word("agenda"), phrase_word("at"), phrase_word("length")},
                     std::vector<Xapian::Stem>{Xapian::Stem("english")});
    // More first letters than the masks look for at once.
    std::vector<QueryWord> many;
    for (const char* w : {"treaty", "delegation", "agenda", "minister", "uranium", "negotiated", "length", "bonn", "1956", "x"}) {
      many.push_back(query_word(w));
    }
    out.emplace_back(many, std::vector<Xapian::Stem>{Xapian::Stem("english")});
    return out;
  }();
  // With each scan this CPU has (AVX-512, AVX2, SSE2): the same texts, the
  // same snippets.
  int compared = 0;
  const std::mt19937 start = rng;
  for (const SnippetScan scan : {SnippetScan::avx512, SnippetScan::avx2, SnippetScan::sse2}) {
  const SnippetScan used = limit_snippet_scan(scan);
  if (used != scan) std::cout << "[ NOTE     ] this CPU has no " << scan_name(scan) << ": " << scan_name(used) << " is compared again\n";
  const char* const scan_label = scan_name(used);
  rng = start;
  for (int i = 0; i < 300; ++i) {
    const std::size_t bytes = std::vector<std::size_t>{40, 700, 3000, 9000, 30000, 90000}[i % 6] + rng() % 2000;
    // Awkward words, or mostly running text (read from bit masks).
    std::string text = i % 2 == 0 ? awkward_text(rng, bytes) : random_text(rng, bytes);
    if (i % 5 == 0) text = filler(rng() % 20000) + text;   // the matches deeper
    const std::string slot = encode_snippet_text(text);
    for (const Highlighter& h : highlighters) {
      const std::size_t max_words = std::vector<std::size_t>{1, 5, 30, 200}[rng() % 4];
      const std::string expected = reference_snippet(text, h, max_words);
      EXPECT_EQ(make_snippet(text, h, max_words), expected)
          << "text " << i << " of " << text.size() << " bytes, " << scan_label << " scan";
      SnippetText from_slot = SnippetText::from_slot(slot);
      EXPECT_EQ(make_snippet(from_slot, h, max_words), expected) << "slot of text " << i;
      ++compared;
    }
  }
  }
  limit_snippet_scan(SnippetScan::avx512);
  EXPECT_EQ(compared, 11700);
}

// matched_words by brute force: every word of the text tokenised and
// checked; a word only `all` matches (a phrase's) kept in a run of two or
// more adjacent matches holding a word other than a function word; then
// function words only in runs holding another word (unless only function
// words matched).
std::vector<std::pair<std::size_t, std::size_t>> reference_matched(std::string_view text, const Highlighter& all,
                                                                   const Highlighter* loose) {
  const std::vector<Word> words = split_words(text);
  std::vector<std::size_t> hits;   // word numbers
  std::vector<char> alone;
  std::vector<char> function;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string key = folded_word(text, words[i]);
    if (!all.matches(key)) continue;
    hits.push_back(i);
    alone.push_back(loose == nullptr || loose->matches(key));
    function.push_back(common_word(key).function);
  }
  auto runs = [&](const std::vector<char>& keep_alone, bool phrase_rule) {
    std::vector<char> keep(hits.size(), 0);
    for (std::size_t i = 0; i < hits.size();) {
      std::size_t end = i + 1;
      while (end < hits.size() && hits[end] == hits[end - 1] + 1) ++end;
      bool content = false;
      for (std::size_t k = i; k < end; ++k) content = content || !function[k];
      for (std::size_t k = i; k < end; ++k) {
        if (phrase_rule) {
          keep[k] = keep_alone[k] || (end - i >= 2 && (content || all.only_function_words()));
        } else {
          keep[k] = !function[k] || content || all.only_function_words();
        }
      }
      i = end;
    }
    return keep;
  };
  if (loose != nullptr) {
    const std::vector<char> keep = runs(alone, true);
    std::vector<std::size_t> h;
    std::vector<char> a, f;
    for (std::size_t k = 0; k < hits.size(); ++k) {
      if (!keep[k]) continue;
      h.push_back(hits[k]);
      a.push_back(alone[k]);
      f.push_back(function[k]);
    }
    hits.swap(h);
    alone.swap(a);
    function.swap(f);
  }
  const std::vector<char> keep = runs(alone, false);
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t k = 0; k < hits.size(); ++k) {
    if (keep[k]) out.emplace_back(words[hits[k]].begin, words[hits[k]].end);
  }
  return out;
}

TEST(MatchedWords, EqualTheBruteForceSpecificationOnAwkwardTexts) {
  std::mt19937 rng(31);
  const std::vector<Xapian::Stem> english{Xapian::Stem("english")};
  struct Query {
    std::vector<QueryWord> all;
    std::vector<QueryWord> alone;
  };
  std::vector<Query> queries{
      {{phrase_word("soviet"), phrase_word("american")}, {}},
      {{phrase_word("the"), phrase_word("delegation"), query_word("uranium")}, {query_word("uranium")}},
      {{query_word("treaty"), query_word("the")}, {query_word("treaty"), query_word("the")}},
      {{phrase_word("us"), phrase_word("soviet"), query_word("minister")}, {query_word("minister")}},
      {{phrase_word("the"), phrase_word("and")}, {}},
      {{phrase_word("m\xC4\x83ln\xC4\x83\xC5\x9F" "an"), query_word("negotiated")}, {query_word("negotiated")}},
  };
  int compared = 0;
  for (int i = 0; i < 200; ++i) {
    const std::size_t bytes = std::vector<std::size_t>{30, 500, 4000, 20000}[i % 4] + rng() % 500;
    const std::string text = i % 2 == 0 ? awkward_text(rng, bytes) : random_text(rng, bytes);
    for (const Query& q : queries) {
      const Highlighter all(q.all, english);
      const Highlighter loose(q.alone, english);
      for (const Highlighter* with : {static_cast<const Highlighter*>(nullptr), &loose}) {
        std::vector<std::pair<std::size_t, std::size_t>> got;
        for (const Word& w : matched_words(text, all, with)) got.emplace_back(w.begin, w.end);
        ASSERT_EQ(got, reference_matched(text, all, with)) << "text " << i << ", loose " << (with != nullptr);
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 2400);
}

TEST(SnippetText, PlainTextOfOlderIndexesIsReadAsIs) {
  EXPECT_EQ(decode_snippet_text("Text written before compression."), "Text written before compression.");
}

TEST(SnippetText, ADamagedFrameGivesNoText) {
  std::string slot = encode_snippet_text(filler(8 * 1024));
  slot[slot.size() - 2] = static_cast<char>(slot[slot.size() - 2] ^ 0x20);
  EXPECT_EQ(decode_snippet_text(slot), "");
}

TEST(SnippetNotes, ComeBackAsTheyWereStoredWithSeparatorsInTheirTextBlanked) {
  const std::vector<SnippetNote> notes = {{"1", true, "Source: Eisenhower Library, Whitman File."},
                                          {"*", false, "A note\x1e with\x1f odd bytes."},
                                          {"3", false, filler(9 * 1024)}};
  const std::vector<SnippetNote> back = decode_snippet_notes(encode_snippet_notes(notes, 64 * 1024));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].number, "1");
  EXPECT_TRUE(back[0].source);
  EXPECT_EQ(back[0].text, notes[0].text);
  EXPECT_EQ(back[1].number, "*");
  EXPECT_FALSE(back[1].source);
  EXPECT_EQ(back[1].text, "A note  with  odd bytes.");
  EXPECT_EQ(back[2].text, notes[2].text);
  EXPECT_EQ(encode_snippet_notes({}, 64 * 1024), "");
  EXPECT_TRUE(decode_snippet_notes("").empty());
}

TEST(SnippetNotes, AreBoundedInAllAndCutAtACharacterBoundary) {
  const std::string cyrillic = "\xD0\xA5\xD1\x80\xD1\x83\xD1\x89\xD1\x91\xD0\xB2 ";   // "Хрущёв "
  std::string long_text;
  while (long_text.size() < 3000) long_text += cyrillic;
  const std::vector<SnippetNote> notes = {{"1", false, long_text}, {"2", false, long_text}, {"3", false, "Never kept."}};
  const std::vector<SnippetNote> back = decode_snippet_notes(encode_snippet_notes(notes, 4000));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].text, long_text);
  EXPECT_LT(back[1].text.size(), long_text.size());
  EXPECT_TRUE(long_text.starts_with(back[1].text));
  // Not inside a character: the byte after the cut starts one.
  EXPECT_NE(static_cast<unsigned char>(long_text[back[1].text.size()]) & 0xC0, 0x80);
}

TEST(SnippetNotes, ADamagedValueGivesNoNotes) {
  std::string slot = encode_snippet_notes({{"1", false, filler(8 * 1024)}}, 64 * 1024);
  slot[slot.size() - 2] = static_cast<char>(slot[slot.size() - 2] ^ 0x20);
  EXPECT_TRUE(decode_snippet_notes(slot).empty());
  EXPECT_FALSE(note_snippet(slot, Highlighter({query_word("words")}, {}), 30).has_value());
  // Not made of notes at all.
  EXPECT_TRUE(decode_snippet_notes(encode_snippet_text("no separators here")).empty());
}

TEST(NoteSnippet, IsFromTheNoteWithTheMostMatches) {
  const std::string slot = encode_snippet_notes({{"1", true, "Source: Department of State, Central Files."},
                                                 {"2", false, "Eisenhower wrote to Nasser."},
                                                 {"3", false, "Nothing here."},
                                                 {"4", false, "Eisenhower Library, Eisenhower Diaries."}},
                                                64 * 1024);
  const Highlighter highlighter({query_word("eisenhower")}, {Xapian::Stem("english")});
  const std::optional<NoteSnippet> found = note_snippet(slot, highlighter, 30);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->position, 4u);
  EXPECT_EQ(found->note.number, "4");
  EXPECT_EQ(found->snippet, "<mark>Eisenhower</mark> Library, <mark>Eisenhower</mark> Diaries.");
  EXPECT_TRUE(snippet_has_match(found->snippet));
  // The first of equals.
  const Highlighter nasser({query_word("nasser")}, {Xapian::Stem("english")});
  EXPECT_EQ(note_snippet(slot, nasser, 30)->position, 2u);
  EXPECT_FALSE(note_snippet(slot, Highlighter({query_word("uranium")}, {}), 30).has_value());
  EXPECT_FALSE(note_snippet(slot, Highlighter({}, {}), 30).has_value());
  EXPECT_FALSE(snippet_has_match(make_snippet("Eisenhower &lt;mark&gt;", Highlighter({query_word("uranium")}, {}))));
}

}  // namespace
}  // namespace chancery
