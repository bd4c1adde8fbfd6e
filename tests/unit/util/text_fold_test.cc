#include "util/text_fold.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace chancery {
namespace {

TEST(Fold, LowerCasesAscii) {
  EXPECT_EQ(fold("Imre NAGY 1956"), "imre nagy 1956");
  EXPECT_EQ(fold(""), "");
}

TEST(Fold, RemovesDiacritics) {
  EXPECT_EQ(fold("Mălnăşan"), "malnasan");
  EXPECT_EQ(fold("MĂLNĂŞAN"), "malnasan");
  EXPECT_EQ(fold("Gomułka"), "gomulka");
  EXPECT_EQ(fold("Kádár"), "kadar");
  EXPECT_EQ(fold("Dąbrowski"), "dabrowski");
  EXPECT_EQ(fold("Ceaușescu"), "ceausescu");
}

TEST(Fold, TypographicApostropheBecomesAscii) {
  EXPECT_EQ(fold("Khrushchev\xE2\x80\x99s"), "khrushchev's");
  EXPECT_EQ(fold("\xE2\x80\x99"), "'");
  EXPECT_EQ(fold("D\xE2\x80\x99\xC3\xA9rick"), "d'erick");
}

TEST(Fold, SpellsOutSpecialLetters) {
  EXPECT_EQ(fold("Łódź"), "lodz");
  EXPECT_EQ(fold("Ørsted"), "orsted");
  EXPECT_EQ(fold("Straße"), "strasse");
  EXPECT_EQ(fold("Đilas"), "dilas");
  EXPECT_EQ(fold("ﬁnal"), "final");
}

TEST(Fold, KeepsOtherScriptsButFoldsThem) {
  EXPECT_EQ(fold("Хрущёв"), "хрущев");
  EXPECT_EQ(fold("ΕΛΛΆΔΑ"), "ελλαδα");
}

TEST(LatinKey, TransliteratesCyrillicByBgn) {
  EXPECT_EQ(latin_key("Хрущёв"), "khrushchev");
  EXPECT_EQ(latin_key("хрущев"), "khrushchev");
  EXPECT_EQ(latin_key("Ульбрихт"), "ulbrikht");
  EXPECT_EQ(latin_key("Ελλάδα"), "ellada");
}

TEST(LatinKey, IsEmptyForLatinWords) {
  EXPECT_EQ(latin_key("Khrushchev"), "");
  EXPECT_EQ(latin_key("Mălnăşan"), "");
}

TEST(Fold, StartsCyrillic) {
  EXPECT_TRUE(starts_cyrillic("Хрущёв"));
  EXPECT_FALSE(starts_cyrillic("Khrushchev"));
  EXPECT_FALSE(starts_cyrillic("Ελλάδα"));
}

TEST(Fold, InvalidUtf8DoesNotCrash) {
  std::string bad = "abc\xff\xfe\xc3";
  std::string folded = fold(bad);
  EXPECT_EQ(folded.substr(0, 3), "abc");
  EXPECT_EQ(latin_key(bad), "");
}

TEST(Fold, IsThreadSafe) {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &ok] {
      int good = 0;
      for (int i = 0; i < 500; ++i) {
        good += fold("Mălnăşan") == "malnasan" && latin_key("Хрущёв") == "khrushchev";
      }
      ok[t] = good;
    });
  }
  for (auto& thread : threads) thread.join();
  for (int good : ok) EXPECT_EQ(good, 500);
}


TEST(CapitaliseWords, TitleCasesTheFirstLetterOfEachWord) {
  EXPECT_EQ(capitalise_words("khrushchev"), "Khrushchev");
  EXPECT_EQ(capitalise_words("\u0445\u0440\u0443\u0449\u0435\u0432"), "\u0425\u0440\u0443\u0449\u0435\u0432");
  EXPECT_EQ(capitalise_words("m\u0103lna\u0219an aurel"), "M\u0103lna\u0219an Aurel");
  EXPECT_EQ(capitalise_words("o'neill 3rd"), "O'neill 3rd");
  EXPECT_EQ(capitalise_words(""), "");
  EXPECT_EQ(capitalise_words("a\xff b"), "A\xff B");   // invalid UTF-8 kept as it is
}

}  // namespace
}  // namespace chancery
