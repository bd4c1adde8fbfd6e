// Word positions kept per record (index/word_positions.h): the block a record
// keeps, the phrase check on it, the queries that check phrases lazily, and the
// cache of blocks read.
#include "index/word_positions.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <random>
#include <string>
#include <vector>

#include "index/index_terms.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

PhrasePattern pattern(std::string prefix, std::vector<std::vector<std::string>> words) {
  return PhrasePattern{std::move(prefix), std::move(words)};
}

// A record: a title indexed unprefixed and under "S", a body unprefixed, and a
// field only under "XP" (as the preferred names of linked persons are).
std::string sample_block() {
  PositionsWriter writer;
  writer.begin_field(1, {"", "S"});
  for (const char* w : {"notes", "of", "a", "secure", "phone", "call"}) writer.add_word(w, "");
  writer.begin_field(107, {""});
  writer.add_word("call", "");
  writer.add_word("", "");            // a word not indexed (too long): a gap
  writer.add_word("hrushchev", "");
  writer.add_word("хрущёв", "khrushchev");   // a non-ASCII word and its Latin key
  writer.add_word("spoke", "");
  writer.begin_field(300, {"XP"});
  writer.add_word("nikita", "");
  writer.add_word("khrushchev", "");
  return writer.encode();
}

TEST(WordPositions, FindsPhrasesWhereTheirWordsFollowEachOther) {
  const std::string block = sample_block();
  ASSERT_FALSE(block.empty());
  EXPECT_TRUE(block_has_phrase(block, pattern("", {{"secure"}, {"phone"}, {"call"}})));
  EXPECT_TRUE(block_has_phrase(block, pattern("", {{"notes"}, {"of"}})));
  EXPECT_FALSE(block_has_phrase(block, pattern("", {{"phone"}, {"secure"}})));          // order
  EXPECT_FALSE(block_has_phrase(block, pattern("", {{"secure"}, {"call"}})));           // not adjacent
  EXPECT_FALSE(block_has_phrase(block, pattern("", {{"call"}, {"call"}})));             // fields apart
  EXPECT_FALSE(block_has_phrase(block, pattern("", {{"call"}, {"hrushchev"}})));        // a gap between
  EXPECT_FALSE(block_has_phrase(block, pattern("", {{"missing"}, {"call"}})));
  EXPECT_TRUE(block_has_phrase(block, pattern("", {{"hrushchev"}, {"хрущёв"}, {"spoke"}})));
}

TEST(WordPositions, AWordMayBeAnyOfItsAlternativesAndItsLatinKeyCounts) {
  const std::string block = sample_block();
  // The Latin key stands at its word's position.
  EXPECT_TRUE(block_has_phrase(block, pattern("", {{"khrushchev"}, {"spoke"}})));
  EXPECT_TRUE(block_has_phrase(block, pattern("", {{"хрущёв", "khrushchev"}, {"spoke"}})));
  EXPECT_TRUE(block_has_phrase(block, pattern("", {{"nothing", "hrushchev"}, {"хрущёв"}})));
  EXPECT_FALSE(block_has_phrase(block, pattern("", {{"nothing", "other"}, {"spoke"}})));
}

TEST(WordPositions, APrefixedPhraseMustBeInAFieldOfThatPrefix) {
  const std::string block = sample_block();
  EXPECT_TRUE(block_has_phrase(block, pattern("S", {{"secure"}, {"phone"}})));
  EXPECT_FALSE(block_has_phrase(block, pattern("S", {{"хрущёв"}, {"spoke"}})));   // body only
  EXPECT_TRUE(block_has_phrase(block, pattern("XP", {{"nikita"}, {"khrushchev"}})));
  // The XP-only field has no unprefixed copy.
  EXPECT_FALSE(block_has_phrase(block, pattern("", {{"nikita"}, {"khrushchev"}})));
  EXPECT_FALSE(block_has_phrase(block, pattern("XL", {{"secure"}, {"phone"}})));
}

TEST(WordPositions, ManyTermsAndLongRecords) {
  // More than one group of dictionary terms, terms sharing their first four
  // bytes, and positions needing several bytes.
  PositionsWriter writer;
  writer.begin_field(1, {""});
  std::vector<std::string> words;
  for (int i = 0; i < 3000; ++i) words.push_back("word" + std::to_string(i % 700));
  for (const std::string& w : words) writer.add_word(w, "");
  const std::string block = writer.encode();
  for (int start : {0, 1, 15, 16, 17, 699, 700, 2997}) {
    EXPECT_TRUE(block_has_phrase(block, pattern("", {{words[start]}, {words[start + 1]}, {words[start + 2]}})))
        << start;
  }
  EXPECT_FALSE(block_has_phrase(block, pattern("", {{"word5"}, {"word7"}})));
  EXPECT_FALSE(block_has_phrase(block, pattern("", {{"word699"}, {"word699"}})));
  EXPECT_TRUE(block_has_phrase(block, pattern("", {{"word699"}, {"word0"}})));
}

TEST(WordPositions, MalformedBlocksAreNoMatchNotACrash) {
  const std::string block = sample_block();
  const PhrasePattern phrase = pattern("", {{"secure"}, {"phone"}, {"call"}});
  EXPECT_FALSE(block_has_phrase("", phrase));
  EXPECT_FALSE(block_has_phrase(std::string(1, '\x01'), phrase));   // an unknown format
  for (std::size_t size = 0; size < block.size(); ++size) {
    (void)block_has_phrase(std::string_view(block).substr(0, size), phrase);
  }
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {
    std::string damaged = block;
    damaged[1 + random() % (damaged.size() - 1)] = static_cast<char>(random());
    (void)block_has_phrase(damaged, phrase);
  }
  EXPECT_TRUE(block_has_phrase(block, phrase));
  EXPECT_TRUE(PositionsWriter().encode().empty());
}

TEST(WordPositions, PhraseSourcesSurviveSerialisationAndDescription) {
  auto phrase = std::make_shared<PhrasePattern>(pattern("S", {{"secure"}, {"хрущёв", "khrushchev"}}));
  const Xapian::Query leaf((new PhraseSource(phrase))->release());
  const auto read_back = PhraseSource::pattern_of(leaf);
  ASSERT_NE(read_back, nullptr);
  EXPECT_EQ(read_back->prefix, "S");
  EXPECT_EQ(read_back->words, phrase->words);
  const Xapian::Query copy = Xapian::Query::unserialise(leaf.serialise(), PhraseSource::registry());
  const auto copied = PhraseSource::pattern_of(copy);
  ASSERT_NE(copied, nullptr);
  EXPECT_EQ(copied->words, phrase->words);
  EXPECT_EQ(PhraseSource::pattern_of(Xapian::Query("secure")), nullptr);
}

TEST(WordPositions, OnlyPhrasesEveryMatchHoldsAreCheckedLazily) {
  auto phrase = std::make_shared<PhrasePattern>(pattern("", {{"secure"}, {"phone"}}));
  const Xapian::Query words(Xapian::Query::OP_AND, Xapian::Query("secure"), Xapian::Query("phone"));
  const Xapian::Query checked(Xapian::Query::OP_FILTER, words, Xapian::Query((new PhraseSource(phrase))->release()));
  auto lazy = lazy_phrases(Xapian::Query(Xapian::Query::OP_AND, checked, Xapian::Query("call")));
  ASSERT_TRUE(lazy.has_value());
  ASSERT_EQ(lazy->patterns.size(), 1u);
  EXPECT_EQ(lazy->patterns.front()->words, phrase->words);
  EXPECT_EQ(lazy->query.get_description().find("PostingSource"), std::string::npos) << lazy->query.get_description();
  // Under OR or on the excluded side of AND_NOT a document may match without it.
  EXPECT_FALSE(lazy_phrases(Xapian::Query(Xapian::Query::OP_OR, checked, Xapian::Query("call"))).has_value());
  EXPECT_FALSE(lazy_phrases(Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query("call"), checked)).has_value());
  EXPECT_TRUE(lazy_phrases(Xapian::Query(Xapian::Query::OP_AND_NOT, checked, Xapian::Query("call"))).has_value());
  EXPECT_FALSE(lazy_phrases(words).has_value());   // nothing to check
}

TEST(WordPositions, CacheKeepsBlocksByRevisionWithinItsBudget) {
  PositionsCache& cache = PositionsCache::instance();
  const PositionsCache::Stats before = cache.stats();
  const std::uint64_t revision = 0x1234567890abcdefull;
  cache.put(revision, 7, std::make_shared<const std::string>("block seven"));
  ASSERT_NE(cache.get(revision, 7), nullptr);
  EXPECT_EQ(*cache.get(revision, 7), "block seven");
  EXPECT_EQ(cache.get(revision + 1, 7), nullptr);   // another revision of the shard
  EXPECT_EQ(cache.get(revision, 8), nullptr);
  cache.forget(revision, 7);
  EXPECT_EQ(cache.get(revision, 7), nullptr);
  const PositionsCache::Stats after = cache.stats();
  // The second lookup of 7 was found in this thread's own slots, which the
  // shared cache does not count.
  EXPECT_EQ(after.hits - before.hits, 1u);
  EXPECT_EQ(after.misses - before.misses, 3u);
  // A budget of 16 KB keeps about 16 blocks of 1 KB, the newest.
  cache.set_capacity(16 * 1024);
  for (Xapian::docid did = 1; did <= 200; ++did) {
    cache.put(revision, did, std::make_shared<const std::string>(1000, 'x'));
  }
  EXPECT_LE(cache.stats().bytes, 16u * 1024);
  EXPECT_EQ(cache.get(revision, 1), nullptr);
  cache.set_capacity(std::size_t{64} << 20);
}

// A writer that replaces a document is searched with the new words before it
// commits, although the old block was read (and cached) at the same revision.
using WordPositionsIndex = IndexTest;

TEST_F(WordPositionsIndex, AReplacedRecordIsCheckedWithItsNewWordsBeforeACommit) {
  put_all({make_record("1", "Notes of a Secure Phone Call", "")});
  EXPECT_EQ(ids("\"secure phone call\""), Ids{"1"});
  ASSERT_TRUE(index_->put(make_record("1", "Notes of a phone call, secure", "")).has_value());
  EXPECT_EQ(ids("\"secure phone call\""), Ids{});
  EXPECT_EQ(ids("\"phone call secure\""), Ids{"1"});
  ASSERT_TRUE(index_->commit(2).has_value());
  EXPECT_EQ(ids("\"secure phone call\""), Ids{});
}

}  // namespace
}  // namespace chancery::testing
