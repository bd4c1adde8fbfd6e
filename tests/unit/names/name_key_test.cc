// word_key(): every spelling of one name collapses to one key; distinct names stay distinct.
#include "names/name_key.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace chancery::names {
namespace {

void expect_one_key(const std::vector<std::string>& spellings) {
  ASSERT_FALSE(spellings.empty());
  const std::string key = word_key(spellings.front());
  EXPECT_FALSE(key.empty()) << spellings.front();
  for (const std::string& s : spellings)
    EXPECT_EQ(word_key(s), key) << s << " vs " << spellings.front();
}

TEST(WordKey, KhrushchevInEveryScheme) {
  expect_one_key({"Khrushchev", "Khrushchov", "Khrushchëv", "Chruschtschow", "Hruščov", "Hrușciov",
                  "Hruşciov", "Krouchtchev", "Chruszczow", "Хрущёв", "Хрущев", "KHRUSHCHEV",
                  "khrushchev"});
}

TEST(WordKey, Zhukov) { expect_one_key({"Zhukov", "Schukow", "Joukov", "Žukov", "Жуков"}); }
TEST(WordKey, Gomulka) { expect_one_key({"Gomułka", "Gomulka", "GOMUŁKA"}); }
TEST(WordKey, Rakosi) { expect_one_key({"Rákosi", "Rakosi"}); }
TEST(WordKey, Epishev) { expect_one_key({"Epishev", "Yepishev", "Jepischew", "Епишев"}); }
TEST(WordKey, Malnasan) { expect_one_key({"Malnasan", "Mălnăşan", "Mălnășan"}); }
TEST(WordKey, Gheorghiu) { expect_one_key({"Gheorghiu", "GHEORGHIU"}); }
TEST(WordKey, Ulbricht) { expect_one_key({"Ulbricht", "Ульбрихт"}); }
TEST(WordKey, Brezhnev) { expect_one_key({"Brezhnev", "Breschnew", "Brejnev", "Брежнев"}); }
TEST(WordKey, Molotov) { expect_one_key({"Molotov", "Молотов"}); }
TEST(WordKey, Tito) { expect_one_key({"Tito", "Тито"}); }
TEST(WordKey, Kadar) { expect_one_key({"Kádár", "Kadar"}); }
TEST(WordKey, Novotny) { expect_one_key({"Novotný", "Novotny"}); }
TEST(WordKey, Mikoyan) { expect_one_key({"Mikoyan", "Mikojan", "Микоян"}); }
TEST(WordKey, Malenkov) { expect_one_key({"Malenkov", "Маленков"}); }
TEST(WordKey, Gromyko) { expect_one_key({"Gromyko", "Громыко"}); }

TEST(WordKey, MalnasanuIsNotMalnasan) {
  EXPECT_NE(word_key("Malnasanu"), word_key("Malnasan"));
  EXPECT_NE(word_key("Mălnăşanu"), word_key("Mălnăşan"));
}

TEST(WordKey, DistinctNamesStayDistinct) {
  const std::vector<std::string> names = {"Khrushchev", "Zhukov", "Gomulka", "Rakosi", "Epishev",
                                          "Malnasan", "Ulbricht", "Brezhnev", "Molotov", "Tito",
                                          "Kadar", "Novotny", "Mikoyan", "Malenkov", "Gromyko",
                                          "Nagy", "Bohlen", "Dulles", "Eisenhower"};
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = i + 1; j < names.size(); ++j)
      EXPECT_NE(word_key(names[i]), word_key(names[j])) << names[i] << " / " << names[j];
}

TEST(WordKey, IgnoresPunctuationAndKeepsDigits) {
  EXPECT_EQ(word_key("Ul'brikht"), word_key("Ulbricht"));
  EXPECT_EQ(word_key(""), "");
  EXPECT_EQ(word_key("--"), "");
  EXPECT_NE(word_key("1956"), word_key("1957"));
}

TEST(FoldAscii, FoldsScriptsAndDiacritics) {
  EXPECT_EQ(fold_ascii("Хрущёв"), "khrushchev");
  EXPECT_EQ(fold_ascii("Hruščov"), "hrushchov");
  EXPECT_EQ(fold_ascii("Mălnăşan Gomułka Kádár"), "malnasan gomulka kadar");
  EXPECT_EQ(fold_ascii("Imre NAGY"), "imre nagy");
}

TEST(WordKey, SafeFromManyThreads) {
  // Each thread folds non-ASCII input with its own ICU transliterator.
  const std::string expected = word_key("Khrushchev");
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i)
        if (word_key(i % 2 ? "Хрущёв" : "Hrușciov") != expected) ++wrong[t];
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

// A key of one consonant class or none is shared by initials, numerals and
// short words of every kind; two or more tell names apart, with a vowel: a
// key of consonants alone is an abbreviation's (Jr., SSSR, KGB).
TEST(WordKey, DistinctiveKeysHaveTwoConsonantClasses) {
  for (const char* word : {"Khrushchev", "Nagy", "Gheorghiu", "Hsu", "Teng", "1956"}) {
    EXPECT_TRUE(key_is_distinctive(word_key(word))) << word << ": " << word_key(word);
  }
  for (const char* word : {"Jay", "III", "Eu", "Zhou", "Joe", "Ho", "Dej", "S.", "zzzz", "qqqqqqq", "7", "Jr.", "Sr.",
                           "SSSR", "\u0421\u0421\u0421\u0420", "CCCP", "CP", "KGB"}) {
    EXPECT_FALSE(key_is_distinctive(word_key(word))) << word << ": " << word_key(word);
  }
  EXPECT_FALSE(key_is_distinctive(""));
}

// Among the words of a coarse key, the same name is the same word folded, or
// the same Chinese syllables in the other romanisation.
TEST(WordKey, SameNameWordsAmongACoarseKeysWords) {
  ASSERT_EQ(word_key("Zhou"), word_key("Joe"));   // why a finer test is needed
  const std::vector<std::string> so = {"ch'u", "chou", "chu", "joe", "joy", "su", "sue", "tsu", "zhou"};
  EXPECT_EQ(same_name_words("Zhou", so, 16), (std::vector<std::string>{"chou", "zhou"}));
  EXPECT_EQ(same_name_words("Chou", so, 16), (std::vector<std::string>{"chou", "zhou"}));
  EXPECT_EQ(same_name_words("Zhou", so, 1), (std::vector<std::string>{"chou"}));
  // Not Chinese: only the word itself, in any script or case.
  const std::vector<std::string> e = {"e", "ee", "iaea", "iii", "ja", "ye"};
  EXPECT_TRUE(same_name_words("Jay", e, 16).empty());
  EXPECT_EQ(same_name_words("S", {"dz", "s", "ss", "\u0441"}, 16), (std::vector<std::string>{"s", "\u0441"}));
  EXPECT_EQ(same_name_words("Ho", {"co", "hou", "hu", "k'o", "ko", "kuo", "ho"}, 16), (std::vector<std::string>{"ho"}));
  EXPECT_TRUE(same_name_words("", so, 16).empty());
  // A near spelling of a longer word is the same name; another name with the
  // same skeleton is not.
  EXPECT_EQ(same_name_words("Gheorghiu", {"george", "georgia", "gheorgiu", "gheorghi", "gheorghe"}, 16),
            (std::vector<std::string>{"gheorgiu", "gheorghi"}));
}

TEST(WordKey, SpellingDistanceCountsEditsUpToABound) {
  EXPECT_EQ(spelling_distance("nasser", "nasser", 2), 0u);
  EXPECT_EQ(spelling_distance("nasser", "nassir", 2), 1u);
  EXPECT_EQ(spelling_distance("kuznetsov", "kuznetzov", 2), 1u);
  EXPECT_EQ(spelling_distance("tito", "tiot", 2), 1u);          // two neighbours swapped
  EXPECT_EQ(spelling_distance("semyonov", "semenov", 3), 2u);
  EXPECT_EQ(spelling_distance("gheorghiu", "george", 5), 4u);
  EXPECT_EQ(spelling_distance("gheorghiu", "george", 2), 3u);   // bound + 1 past the bound
  EXPECT_EQ(spelling_distance("", "abc", 5), 3u);
  EXPECT_EQ(spelling_distance("a", "abcdefgh", 2), 3u);
}

TEST(WordKey, NearSpellingsAllowMoreEditsToLongerWords) {
  EXPECT_TRUE(near_spellings("kuznetsov", "kuznetzov"));
  EXPECT_TRUE(near_spellings("nasser", "nassir"));
  EXPECT_TRUE(near_spellings("gheorghiu", "gheorgiu"));
  EXPECT_TRUE(near_spellings("khrushchev", "krushchov"));    // two edits from nine letters
  EXPECT_FALSE(near_spellings("yost", "just"));               // four letters: none
  EXPECT_FALSE(near_spellings("bell", "bill"));
  EXPECT_FALSE(near_spellings("gheorghiu", "george"));
  EXPECT_TRUE(near_spellings("bell", "bell"));
}

// A key shared by two known family names stands for neither when the word
// spells one of them; a word that spells none (a transliteration) keeps it.
TEST(WordKey, AKeyOfTwoFamilyNamesNamesAnother) {
  ASSERT_EQ(word_key("Gheorghiu"), word_key("George"));
  const std::vector<std::string> g = {"gheorghiu", "george"};
  EXPECT_TRUE(key_names_another("Gheorghiu", g));
  EXPECT_TRUE(key_names_another("George", g));
  EXPECT_TRUE(key_names_another("Gheorgiu", g));
  EXPECT_FALSE(key_names_another("Gheorghiu", {"gheorghiu"}));
  // Transliterations of one name are not another name.
  EXPECT_FALSE(key_names_another("Chruschtschow", {"khrushchev"}));
  EXPECT_FALSE(key_names_another("Khrushchev", {"khrushchev", "khrushchov"}));
  EXPECT_FALSE(key_names_another("Semyonov", {"semenov", "semyonov"}));
  EXPECT_FALSE(key_names_another("Хрущёв", {"khrushchev"}));
  EXPECT_FALSE(key_names_another("", g));
  // Short names allow no edit: Lin is not Lyon, Len or Lynn, whose key it shares.
  ASSERT_EQ(word_key("Lin"), word_key("Lyon"));
  EXPECT_TRUE(key_names_another("Lin", {"lin", "lyon", "len", "lynn"}));
  EXPECT_FALSE(key_names_another("Lin", {"lin"}));
  // A word of no known family name is not taken for one by a short key.
  EXPECT_TRUE(key_names_another("Lin", {"lyon", "len", "lynn"}));
  EXPECT_FALSE(key_names_another("Lin", {}));
  // A word of Chinese syllables is not taken for a name that is none by the
  // key they share; for a Chinese name it may be.
  ASSERT_EQ(word_key("Sichuan"), word_key("Sisson"));
  EXPECT_TRUE(key_names_another("Sichuan", {"sisson"}));
  EXPECT_FALSE(key_names_another("Chruschtschow", {"khrushchev"}));
}

}  // namespace
}  // namespace chancery::names
