#include "util/word_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace chancery {
namespace {

std::vector<std::string> keys(std::string_view text) {
  std::vector<std::string> out;
  for (const Word& word : split_words(text)) out.push_back(folded_word(text, word));
  return out;
}

TEST(SplitWords, SplitsOnSpacesAndPunctuation) {
  EXPECT_EQ(keys("Imre Nagy, (1956) said: \"no\"."),
            (std::vector<std::string>{"imre", "nagy", "1956", "said", "no"}));
  EXPECT_TRUE(split_words("").empty());
  EXPECT_TRUE(split_words(" -- ... ").empty());
}

TEST(SplitWords, GivesByteOffsets) {
  std::string_view text = "Mălnăşan met Gomułka";
  std::vector<Word> words = split_words(text);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(text.substr(words[0].begin, words[0].end - words[0].begin), "Mălnăşan");
  EXPECT_EQ(text.substr(words[2].begin, words[2].end - words[2].begin), "Gomułka");
}

TEST(SplitWords, SplitsHyphenatedNamesIntoJoinedParts) {
  std::string_view text = "Gheorghiu-Dej and Chou En-lai - not joined";
  std::vector<Word> words = split_words(text);
  ASSERT_EQ(words.size(), 8u);
  EXPECT_EQ(folded_word(text, words[0]), "gheorghiu");
  EXPECT_FALSE(words[0].hyphen_joined);
  EXPECT_EQ(folded_word(text, words[1]), "dej");
  EXPECT_TRUE(words[1].hyphen_joined);
  EXPECT_FALSE(words[2].hyphen_joined);
  EXPECT_FALSE(words[4].hyphen_joined);  // En
  EXPECT_TRUE(words[5].hyphen_joined);   // lai
  EXPECT_FALSE(words[6].hyphen_joined);  // "not": the dash stands alone
}

TEST(SplitWords, KeepsApostrophesInsideWords) {
  EXPECT_EQ(keys("Khrushchev's and Khrushchev’s 'quoted'"),
            (std::vector<std::string>{"khrushchev's", "and", "khrushchev's", "quoted"}));
}

TEST(SplitWords, ReadsDottedAbbreviationsAsOneWord) {
  EXPECT_EQ(keys("the U.S. and the U.S.S.R. met"),
            (std::vector<std::string>{"the", "us", "and", "the", "ussr", "met"}));
  EXPECT_EQ(keys("A. Smith"), (std::vector<std::string>{"a", "smith"}));
  EXPECT_EQ(keys("end. Next"), (std::vector<std::string>{"end", "next"}));
}

TEST(SplitWords, InvalidUtf8SeparatesWords) {
  std::string text = "abc\xff" "def\xc3";
  EXPECT_EQ(keys(text), (std::vector<std::string>{"abc", "def"}));
}

TEST(SplitWords, CyrillicAndCombiningMarks) {
  EXPECT_EQ(keys("Хрущёв, Ульбрихт"), (std::vector<std::string>{"хрущев", "ульбрихт"}));
  // "e" + combining acute is one word.
  EXPECT_EQ(keys("Pe\xcc\x81tain"), (std::vector<std::string>{"petain"}));
}

}  // namespace
TEST(PartsOutsideBrackets, SplitsAtTheSeparatorOutsideBracketsOnly) {
  using Parts = std::vector<std::string_view>;
  EXPECT_EQ(parts_outside_brackets("circular airgram; Commanding General", ';'),
            (Parts{"circular airgram", "Commanding General"}));
  EXPECT_EQ(parts_outside_brackets("Deutsche Republik (East Germany; GDR)", ';'),
            Parts{"Deutsche Republik (East Germany; GDR)"});
  EXPECT_EQ(parts_outside_brackets("A (open; b", ';'), Parts{"A (open; b"});
  EXPECT_EQ(parts_outside_brackets(" a ;\n;b) ; c", ';'), (Parts{"a", "", "b)", "c"}));
  EXPECT_EQ(parts_outside_brackets("", ';'), Parts{""});
}

}  // namespace chancery
