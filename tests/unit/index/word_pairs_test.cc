// Word pairs (index/word_pairs.h): phrases of common words require the pair
// terms of their adjacent common words, and must find exactly what the
// position check alone finds.
#include <xapian.h>

#include <random>
#include <set>
#include <sstream>

#include "index/index_terms.h"
#include "index/word_pairs.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

using WordPairs = IndexTest;

TEST(CommonWords, ListIsFixedAndFolded) {
  EXPECT_EQ(common_word("of").word, "of");
  EXPECT_TRUE(common_word("of").function);
  EXPECT_EQ(common_word("secretary").word, "secretary");
  EXPECT_FALSE(common_word("secretary").function);
  EXPECT_TRUE(common_word("Of").word.empty());          // folded words only
  EXPECT_TRUE(common_word("khrushchev").word.empty());
  EXPECT_TRUE(common_word("").word.empty());
  EXPECT_TRUE(common_word("conversationalist").word.empty());
  EXPECT_TRUE(makes_pair(common_word("secretary"), common_word("of")));
  EXPECT_TRUE(makes_pair(common_word("of"), common_word("state")));
  EXPECT_FALSE(makes_pair(common_word("of"), common_word("the")));      // two function words
  EXPECT_FALSE(makes_pair(common_word("secretary"), common_word("dulles")));
  EXPECT_EQ(word_pair_term("secretary", "of"), "XGsecretary of");
}

TEST_F(WordPairs, PhraseOfCommonWordsMatchesOnlyTheExactPhrase) {
  put_all({make_record("a", "A", "The Secretary of State met the Ambassador."),
           make_record("b", "B", "The state of the Secretary's health."),
           make_record("c", "C", "Secretary of the State Department."),
           make_record("d", "D", "He saw the secretary; of state matters nothing was said.")});
  EXPECT_EQ(ids("\"Secretary of State\""), (Ids{"a", "d"}));
  EXPECT_EQ(ids("\"state of the\""), (Ids{"b"}));
  EXPECT_EQ(ids("\"of the state\""), (Ids{"c"}));
  EXPECT_EQ(ids("\"the state department\""), (Ids{"c"}));
}

TEST_F(WordPairs, PairsDoNotSpanFields) {
  // The title ends with "Secretary of" and the text starts with "State":
  // neither the phrase nor a pair crosses the field gap.
  put_all({make_record("a", "Letter to the Secretary of", "State business was discussed."),
           make_record("b", "Letter", "The Secretary of State wrote.")});
  EXPECT_EQ(ids("\"Secretary of State\""), (Ids{"b"}));
  EXPECT_EQ(ids("\"secretary of\""), (Ids{"a", "b"}));
}

TEST_F(WordPairs, PhrasesMixingCommonAndRareWords) {
  put_all({make_record("a", "A", "The Secretary of State for Commonwealth Relations arrived."),
           make_record("b", "B", "Commonwealth relations of the state were discussed."),
           make_record("c", "C", "Die Sowjetunion und the Soviet Union of the East.")});
  EXPECT_EQ(ids("\"state for commonwealth relations\""), (Ids{"a"}));
  EXPECT_EQ(ids("\"commonwealth relations of the state\""), (Ids{"b"}));
  EXPECT_EQ(ids("\"the soviet union of the\""), (Ids{"c"}));
  // Hyphenated: phrase or joined form, as before.
  EXPECT_EQ(ids("\"of-the\""), (Ids{"b", "c"}));
}

// Random texts over a small vocabulary of common and rare words: every phrase
// query finds exactly the records whose words hold it, by brute force.
TEST_F(WordPairs, RandomPhrasesAgreeWithBruteForce) {
  const std::vector<std::string> vocabulary = {"the", "of", "state", "secretary", "soviet", "to",
                                               "aswan", "dam", "in", "a", "treaty", "would"};
  std::mt19937 random(20261130);
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
  std::vector<std::vector<std::string>> texts;
  std::vector<Record> records;
  for (int i = 0; i < 150; ++i) {
    std::vector<std::string> words;
    std::string text;
    const int length = 3 + static_cast<int>(random() % 25);
    for (int w = 0; w < length; ++w) {
      words.push_back(vocabulary[pick(random)]);
      text += (w ? " " : "") + words.back();
    }
    texts.push_back(words);
    records.push_back(make_record("r" + std::to_string(1000 + i), "Untitled", text));
  }
  put_all(records);
  for (int q = 0; q < 200; ++q) {
    const int length = 2 + static_cast<int>(random() % 3);
    std::vector<std::string> phrase;
    std::string query = "\"";
    for (int w = 0; w < length; ++w) {
      phrase.push_back(vocabulary[pick(random)]);
      query += (w ? " " : "") + phrase.back();
    }
    query += "\"";
    Ids expected;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const auto& words = texts[i];
      for (std::size_t start = 0; start + phrase.size() <= words.size(); ++start) {
        if (std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(start))) {
          expected.push_back(records[i].id);
          break;
        }
      }
    }
    std::sort(expected.begin(), expected.end());
    SearchRequest request;
    request.limit = 1000;
    EXPECT_EQ(ids(query, request), expected) << query;
  }
}

// An index written before word pairs (layout 2) has none: a reader must not
// require them, or its phrases would find nothing until a writer rebuilds it.
TEST(WordPairsLayout, IndexWithoutPairsStillMatchesPhrases) {
  std::random_device random;
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("chancery-pairs-test-" + std::to_string(random()));
  std::filesystem::create_directories(dir);
  {
    Xapian::WritableDatabase db((dir / "shard0").string(), Xapian::DB_CREATE_OR_OPEN);
    db.set_metadata(std::string(index_terms::kLayoutKey), "2");
    Xapian::Document doc;
    doc.add_boolean_term("Qold");
    doc.add_posting("secretary", 1);
    doc.add_posting("of", 2);
    doc.add_posting("state", 3);
    db.add_document(doc);
    db.commit();
  }
  {
    auto reader = open_xapian_index(dir, false);
    ASSERT_TRUE(reader.has_value()) << reader.error().message;
    SearchRequest request;
    request.query = "\"secretary of state\"";
    auto results = (*reader)->search(request);
    ASSERT_TRUE(results.has_value()) << results.error().message;
    EXPECT_EQ(results->total, 1);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace chancery::testing
