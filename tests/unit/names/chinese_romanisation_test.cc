// Wade-Giles and pinyin spellings of one Chinese name meet at one key.
#include "names/chinese_romanisation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace chancery::names {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(ChineseNameKey, WadeGilesMeetsPinyin) {
  EXPECT_EQ(chinese_name_key("Mao Tse-tung"), "mao zedong");
  EXPECT_EQ(chinese_name_key("Mao Zedong"), "mao zedong");
  EXPECT_EQ(chinese_name_key("Chou En-lai"), chinese_name_key("Zhou Enlai"));
  EXPECT_EQ(chinese_name_key("Chiang Ching-kuo"), chinese_name_key("Jiang Jingguo"));
  EXPECT_EQ(chinese_name_key("Teng Hsiao-ping"), chinese_name_key("Deng Xiaoping"));
  EXPECT_EQ(chinese_name_key("Liu Shao-ch'i"), chinese_name_key("Liu Shaoqi"));
  EXPECT_EQ(chinese_name_key("Lin Piao"), chinese_name_key("Lin Biao"));
  EXPECT_EQ(chinese_name_key("Ho Lung"), chinese_name_key("He Long"));
  EXPECT_EQ(chinese_name_key("Chu Teh"), chinese_name_key("Zhu De"));
  EXPECT_EQ(chinese_name_key("Hua Kuo-feng"), chinese_name_key("Hua Guofeng"));
  EXPECT_EQ(chinese_name_key("Chi Peng-fei"), chinese_name_key("Ji Pengfei"));
  EXPECT_EQ(chinese_name_key("毛泽东"), chinese_name_key("Mao Zedong"));
}

TEST(ChineseNameKey, DifferentPeopleDiffer) {
  EXPECT_NE(chinese_name_key("Mao Tse-tung"), chinese_name_key("Zhou Enlai"));
  EXPECT_NE(chinese_name_key("Chiang Ching-kuo"), chinese_name_key("Jiang Qing"));
  EXPECT_NE(chinese_name_key("Liu Shao-ch'i"), chinese_name_key("Lin Piao"));
}

TEST(ChineseNameKey, NonChineseNamesHaveNoKey) {
  EXPECT_EQ(chinese_name_key("Khrushchev"), "");
  EXPECT_EQ(chinese_name_key("Imre Nagy"), "");
  EXPECT_EQ(chinese_name_key("Tito"), "");
  EXPECT_EQ(chinese_name_key("Gheorghiu-Dej"), "");
  EXPECT_EQ(chinese_name_key(""), "");
}

TEST(ChineseWordKeys, HyphenatedWordsAndAmbiguousSyllables) {
  EXPECT_EQ(chinese_word_keys("Tse-tung"), std::vector<std::string>{"zedong"});
  EXPECT_EQ(chinese_word_keys("Zedong"), std::vector<std::string>{"zedong"});
  const auto chi = chinese_word_keys("Chi");
  EXPECT_TRUE(contains(chi, "ji"));   // Wade-Giles chi
  EXPECT_TRUE(contains(chi, "zhi"));  // pinyin chi
  EXPECT_TRUE(chinese_word_keys("Eisenhower").empty());
}

TEST(ChineseVariants, BothDirections) {
  EXPECT_TRUE(contains(chinese_variants("Mao Tse-tung"), "Mao Zedong"));
  EXPECT_TRUE(contains(chinese_variants("Chou En-lai"), "Zhou Enlai"));
  EXPECT_TRUE(contains(chinese_variants("Chiang Ching-kuo"), "Jiang Jingguo"));
  EXPECT_TRUE(contains(chinese_variants("Teng Hsiao-ping"), "Deng Xiaoping"));
  EXPECT_TRUE(contains(chinese_variants("Zhou Enlai"), "Chou En-lai"));
  EXPECT_TRUE(contains(chinese_variants("Mao Zedong"), "Mao Tse-tung"));
  EXPECT_TRUE(contains(chinese_variants("Jiang Jingguo"), "Chiang Ching-kuo"));
  EXPECT_TRUE(contains(chinese_variants("Deng Xiaoping"), "Teng Hsiao-p'ing"));
  EXPECT_TRUE(contains(chinese_variants("Deng Xiaoping"), "Teng Hsiao-ping"));
  EXPECT_TRUE(chinese_variants("Imre Nagy").empty());
  EXPECT_LE(chinese_variants("Chang Chih-chung Chou Tse-chang").size(), 16u);
}

TEST(WordInOtherSystem, OneWordInTheOtherRomanisation) {
  EXPECT_EQ(word_in_other_system("Zedong"), std::vector<std::string>{"Tse-tung"});
  EXPECT_TRUE(contains(word_in_other_system("Tse-tung"), "Zedong"));
  EXPECT_TRUE(contains(word_in_other_system("Xiaoping"), "Hsiao-ping"));
  EXPECT_TRUE(contains(word_in_other_system("Xiaoping"), "Hsiao-p'ing"));
  EXPECT_TRUE(contains(word_in_other_system("Biao"), "Piao"));
  EXPECT_TRUE(contains(word_in_other_system("Piao"), "Biao"));
  EXPECT_TRUE(contains(word_in_other_system("zhou"), "Chou"));
  // One syllable in Wade-Giles: not read as the pinyin chi-ang.
  EXPECT_EQ(word_in_other_system("Chiang"), (std::vector<std::string>{"Jiang", "Qiang"}));
  // The word itself is not among them; a word of no Chinese syllables has none.
  EXPECT_FALSE(contains(word_in_other_system("Mao"), "Mao"));
  EXPECT_TRUE(word_in_other_system("Khrushchev").empty());
  EXPECT_TRUE(word_in_other_system("").empty());
  EXPECT_LE(word_in_other_system("Ch-ch-ch-ch-ch-ch").size(), 32u);
  // Names written in neither system, both ways.
  EXPECT_TRUE(contains(word_in_other_system("Beijing"), "Peking"));
  EXPECT_TRUE(contains(word_in_other_system("Beijing"), "Peiping"));
  EXPECT_TRUE(contains(word_in_other_system("Beijing"), "Pei-ching"));   // and its Wade-Giles
  EXPECT_TRUE(contains(word_in_other_system("peking"), "Beijing"));
  EXPECT_TRUE(contains(word_in_other_system("Amoy"), "Xiamen"));
  EXPECT_TRUE(contains(word_in_other_system("Jieshi"), "Kai-shek"));
  EXPECT_TRUE(contains(word_in_other_system("Kai-shek"), "Jieshi"));
  EXPECT_TRUE(contains(word_in_other_system("Taiwan"), "Formosa"));
  EXPECT_TRUE(contains(word_in_other_system("Jinmen"), "Quemoy"));
  EXPECT_TRUE(contains(word_in_other_system("Jinmen"), "Chin-men"));   // and its Wade-Giles
}

// English words that happen to spell Chinese syllables are not read as them:
// a country's name ("Cuba" cu+ba, "Chile" chi+le, "Sudan" su+dan), and a word
// that pinyin would write with an apostrophe ("Dean" would be De'an).
TEST(WordInOtherSystem, WordsThatOnlySpellSyllables) {
  for (std::string_view word : {"Cuba", "Chile", "Sudan", "Dean", "dean"}) {
    EXPECT_TRUE(word_in_other_system(word).empty()) << word;
    EXPECT_EQ(chinese_name_key(word), "") << word;
    EXPECT_TRUE(chinese_variants(word).empty()) << word;
  }
  // The table still answers for a country ("Taiwan"), and a pinyin word with
  // a syllable of a, o or e after an apostrophe, or first, is read.
  EXPECT_EQ(word_in_other_system("Taiwan"), std::vector<std::string>{"Formosa"});
  EXPECT_TRUE(contains(word_in_other_system("Xi'an"), "Hsi-an"));
  EXPECT_TRUE(contains(word_in_other_system("Enlai"), "En-lai"));
  EXPECT_EQ(chinese_name_key("Zhou Enlai"), chinese_name_key("Chou En-lai"));
  // Jinan reads ji+nan, not jin+an.
  EXPECT_TRUE(contains(word_in_other_system("Jinan"), "Chi-nan"));
}

}  // namespace
}  // namespace chancery::names
