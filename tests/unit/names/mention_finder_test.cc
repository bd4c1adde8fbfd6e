// MentionFinder: known people found in text under any spelling, with positions
// and every candidate when the text does not tell them apart.
#include "names/mention_finder.h"
#include "names/name_key.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace chancery::names {
namespace {

using Ids = std::vector<std::string>;

std::vector<NameVariant> known() {
  return {
      {"p/khrushchev", "Khrushchev, Nikita Sergeyevich"},
      {"p/bohlen-c", "Bohlen, Charles Eustis"},
      {"p/bohlen-a", "Bohlen, Avis"},
      {"p/mao", "Mao Tse-tung"},
      {"p/zhou", "Zhou Enlai"},
      {"p/nagy", "Nagy, Imre"},
      {"p/dej", "Gheorghiu-Dej, Gheorghe"},
      {"p/white", "White, Lincoln"},
      {"p/key", "Key, David McKendree"},
      {"p/malnasan", "Mălnăşan, Constantin"},
      {"p/malnasanu", "Malnasanu, Ion"},
  };
}

struct Found {
  std::string text;
  Ids ids;
  bool by_family_name;
  bool operator==(const Found&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Found& f) {
  os << "[" << f.text << "]";
  for (const auto& id : f.ids) os << " " << id;
  return os << (f.by_family_name ? " (family)" : "");
}

std::vector<Found> scan(const MentionFinder& f, std::string_view text) {
  std::vector<Found> out;
  for (const Mention& m : f.find(text)) {
    EXPECT_LE(m.begin, m.end);
    EXPECT_LE(m.end, text.size());
    out.push_back({std::string(text.substr(m.begin, m.end - m.begin)), m.ids, m.by_family_name});
  }
  return out;
}

TEST(MentionFinder, PositionsAndSpellings) {
  const auto variants = known();
  MentionFinder f(variants);
  const std::string text = "On 3 November Chruschtschow told Imre Nagy that Хрущёв's patience was gone.";
  const auto mentions = f.find(text);
  ASSERT_EQ(mentions.size(), 3u);
  EXPECT_EQ(mentions[0].begin, text.find("Chruschtschow"));
  EXPECT_EQ(mentions[0].end, text.find("Chruschtschow") + std::string("Chruschtschow").size());
  EXPECT_EQ(mentions[0].ids, Ids{"p/khrushchev"});
  EXPECT_TRUE(mentions[0].by_family_name);
  EXPECT_FALSE(mentions[0].exact_spelling);
  EXPECT_EQ(text.substr(mentions[1].begin, mentions[1].end - mentions[1].begin), "Imre Nagy");
  EXPECT_EQ(mentions[1].ids, Ids{"p/nagy"});
  EXPECT_TRUE(mentions[1].exact_spelling);
  EXPECT_EQ(text.substr(mentions[2].begin, mentions[2].end - mentions[2].begin), "Хрущёв");  // 's left out
  EXPECT_EQ(mentions[2].ids, Ids{"p/khrushchev"});
}

// A name's words in lower case ("de", "van") match words spelled so, in
// lower case or capitalised; a word in lower case spelled otherwise ends the
// name even where its key is the same ("dee" for "de"): most words of a
// text are in lower case and are not looked up at all.
TEST(MentionFinder, WordsInLowerCaseMatchAsSpelled) {
  ASSERT_EQ(word_key("dee"), word_key("de"));   // else the last case would pass without the rule
  const std::vector<NameVariant> variants = {{"p/de-gaulle", "de Gaulle, Charles"},
                                             {"p/van-dyke", "Van Dyke, Dick"}};
  MentionFinder f(variants);
  EXPECT_EQ(scan(f, "General Charles de Gaulle spoke."),
            (std::vector<Found>{{"Charles de Gaulle", {"p/de-gaulle"}, false}}));
  EXPECT_EQ(scan(f, "De Gaulle spoke, and de Gaulle listened."),
            (std::vector<Found>{{"De Gaulle", {"p/de-gaulle"}, true}, {"de Gaulle", {"p/de-gaulle"}, true}}));
  // A capitalised word of the name is not matched by a word in lower case.
  EXPECT_EQ(scan(f, "Dick van Dyke"), (std::vector<Found>{}));
  EXPECT_EQ(scan(f, "Dick Van Dyke"), (std::vector<Found>{{"Dick Van Dyke", {"p/van-dyke"}, false}}));
  EXPECT_EQ(scan(f, "Charles dee Gaulle"), (std::vector<Found>{}));
}

TEST(MentionFinder, AmbiguousFamilyNameKeepsAllCandidates) {
  const auto variants = known();
  MentionFinder f(variants);
  EXPECT_EQ(scan(f, "Ambassador Bohlen replied."),
            (std::vector<Found>{{"Bohlen", {"p/bohlen-a", "p/bohlen-c"}, true}}));
  EXPECT_EQ(scan(f, "Then C. E. Bohlen replied."),
            (std::vector<Found>{{"C. E. Bohlen", {"p/bohlen-c"}, true}}));
  EXPECT_EQ(scan(f, "Then Avis Bohlen replied."), (std::vector<Found>{{"Avis Bohlen", {"p/bohlen-a"}, false}}));
  EXPECT_EQ(scan(f, "Bohlen, Charles Eustis"),
            (std::vector<Found>{{"Bohlen, Charles Eustis", {"p/bohlen-c"}, false}}));
}

// A forename that is also someone's family name belongs to the family name
// after it: "Mr. Allen Dulles" is not George Allen and a Dulles.
TEST(MentionFinder, AForenameThatIsAFamilyNameGoesWithTheNameAfterIt) {
  const std::vector<NameVariant> variants = {{"p/allen", "Allen, George V."},
                                             {"p/allen-dulles", "Dulles, Allen W."},
                                             {"p/foster-dulles", "Dulles, John Foster"}};
  MentionFinder f(variants);
  EXPECT_EQ(scan(f, "And a Mr. Allen Dulles, a nephew."),
            (std::vector<Found>{{"Allen Dulles", {"p/allen-dulles"}, true}}));
  EXPECT_EQ(scan(f, "Allen W. Dulles came."), (std::vector<Found>{{"Allen W. Dulles", {"p/allen-dulles"}, false}}));
  // Allen alone, or before a name his forename does not fit, or across a
  // comma, is still Allen.
  EXPECT_EQ(scan(f, "Then Allen spoke."), (std::vector<Found>{{"Allen", {"p/allen"}, true}}));
  EXPECT_EQ(scan(f, "Ambassador Allen Hoover"), (std::vector<Found>{{"Allen", {"p/allen"}, true}}));
  EXPECT_EQ(scan(f, "Present: Allen, Dulles."),
            (std::vector<Found>{{"Allen", {"p/allen"}, true},
                                {"Dulles", {"p/allen-dulles", "p/foster-dulles"}, true}}));
}

// A capitalised common word before a family name is no forename when it fits
// only an initial: "What Carter said" is not W. Hodding Carter.
TEST(MentionFinder, ACommonWordFitsNoInitial) {
  const std::vector<NameVariant> variants = {{"p/hodding", "Carter, W. Hodding"}, {"p/jimmy", "Carter, Jimmy"},
                                             {"p/what", "What, Hans"}};
  MentionFinder f(variants);
  EXPECT_EQ(scan(f, "What Carter said was what he meant."),
            (std::vector<Found>{{"Carter", {"p/hodding", "p/jimmy"}, true}}));
  EXPECT_EQ(scan(f, "W. Carter said so."), (std::vector<Found>{{"W. Carter", {"p/hodding"}, true}}));
  EXPECT_EQ(scan(f, "Walter Carter said what he meant."), (std::vector<Found>{{"Walter Carter", {"p/hodding"}, true}}));
  // A common word may still be a forename written in full.
  const std::vector<NameVariant> rusk = {{"p/rusk", "Rusk, Dean"}, {"p/rusk-h", "Rusk, Howard"}};
  MentionFinder g(rusk);
  EXPECT_EQ(scan(g, "The dean of the corps met Dean Rusk."), (std::vector<Found>{{"Dean Rusk", {"p/rusk"}, false}}));
}

TEST(MentionFinder, NameOrdersHyphensAndSentenceBreaks) {
  const auto variants = known();
  MentionFinder f(variants);
  EXPECT_EQ(scan(f, "Nagy Imre"), (std::vector<Found>{{"Nagy Imre", {"p/nagy"}, false}}));
  EXPECT_EQ(scan(f, "Gheorghe Gheorghiu Dej"),
            (std::vector<Found>{{"Gheorghe Gheorghiu Dej", {"p/dej"}, false}}));
  EXPECT_EQ(scan(f, "Cde. Gheorghiu-Dej"), (std::vector<Found>{{"Gheorghiu-Dej", {"p/dej"}, true}}));
  // A full stop after a word ends the name: "Nagy." then "Imre".
  EXPECT_EQ(scan(f, "He saw Nagy. Imre came later."), (std::vector<Found>{{"Nagy", {"p/nagy"}, true}}));
}

// A possessive ends a name: "Vorontsov's July 12 message" is no Vorontsov,
// Yuli read family name first; and a month's name alone is the month.
TEST(MentionFinder, APossessiveEndsANameAndAMonthIsNoName) {
  const std::vector<NameVariant> variants = {{"p/vorontsov", "Vorontsov, Yuli"}, {"p/july", "July, Robert"}};
  MentionFinder f(variants);
  EXPECT_EQ(scan(f, "Vorontsov Yuli spoke."), (std::vector<Found>{{"Vorontsov Yuli", {"p/vorontsov"}, false}}));
  EXPECT_EQ(scan(f, "Vorontsov's July 12 message."),
            (std::vector<Found>{{"Vorontsov", {"p/vorontsov"}, true}}));
  EXPECT_EQ(scan(f, "Vorontsov\xE2\x80\x99s July 12 message."),
            (std::vector<Found>{{"Vorontsov", {"p/vorontsov"}, true}}));
  EXPECT_TRUE(scan(f, "On July 12 they met.").empty());
  EXPECT_EQ(scan(f, "Robert July said so."), (std::vector<Found>{{"Robert July", {"p/july"}, false}}));
}

TEST(MentionFinder, ChineseInEitherSystem) {
  const auto variants = known();
  MentionFinder f(variants);
  EXPECT_EQ(scan(f, "Mao Zedong met Chou En-lai."),
            (std::vector<Found>{{"Mao Zedong", {"p/mao"}, false}, {"Chou En-lai", {"p/zhou"}, false}}));
  EXPECT_EQ(scan(f, "Chairman Mao Tse-tung"), (std::vector<Found>{{"Mao Tse-tung", {"p/mao"}, false}}));
}

TEST(MentionFinder, CommonWordsAndCapitals) {
  const auto variants = known();
  MentionFinder f(variants);
  EXPECT_TRUE(scan(f, "the white house").empty());
  EXPECT_TRUE(scan(f, "He said so. White paper and white flags.").empty());  // "white" is common here
  EXPECT_EQ(scan(f, "Mr. White said so; the white paper."), (std::vector<Found>{{"White", {"p/white"}, true}}));
  EXPECT_EQ(scan(f, "Lincoln White said so; the white paper."),
            (std::vector<Found>{{"Lincoln White", {"p/white"}, false}}));
  // Key's key is short: only the spelling "Key" finds him, never "He".
  EXPECT_EQ(scan(f, "He met Key."), (std::vector<Found>{{"Key", {"p/key"}, true}}));
  MentionFinderOptions opts;
  opts.common_words = {"key"};
  MentionFinder g(variants, opts);
  EXPECT_TRUE(scan(g, "He met Key.").empty());
  EXPECT_EQ(scan(g, "He met David Key."), (std::vector<Found>{{"David Key", {"p/key"}, true}}));
}

TEST(MentionFinder, MalnasanAndMalnasanuStayApart) {
  const auto variants = known();
  MentionFinder f(variants);
  EXPECT_EQ(scan(f, "Malnasan and Mălnăşanu"),
            (std::vector<Found>{{"Malnasan", {"p/malnasan"}, true}, {"Mălnăşanu", {"p/malnasanu"}, true}}));
}

TEST(MentionFinder, FamilyNameAloneCanBeTurnedOff) {
  const auto variants = known();
  MentionFinderOptions opts;
  opts.family_name_alone = false;
  MentionFinder f(variants, opts);
  EXPECT_TRUE(scan(f, "Ambassador Bohlen replied.").empty());
  EXPECT_EQ(scan(f, "Charles Eustis Bohlen"), (std::vector<Found>{{"Charles Eustis Bohlen", {"p/bohlen-c"}, false}}));
}

TEST(MentionFinder, EmptyInputs) {
  MentionFinder empty(std::vector<NameVariant>{});
  EXPECT_TRUE(empty.find("Khrushchev").empty());
  const auto variants = known();
  MentionFinder f(variants);
  EXPECT_TRUE(f.find("").empty());
  EXPECT_TRUE(f.find("\xff\xfe --- ...").empty());
}

TEST(VariantsOf, NameThenVariants) {
  Person p{"pocom/x", "Bennett, William Tapley, Jr.", "", {"W. Tapley Bennett, Jr."}, "pocom"};
  const auto v = variants_of(p);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].id, "pocom/x");
  EXPECT_EQ(v[1].name, "W. Tapley Bennett, Jr.");
}

}  // namespace
}  // namespace chancery::names

namespace chancery::names {
namespace {

TEST(MentionFinder, ArbitraryBytesStayInBounds) {
  // Fragments of names, punctuation and broken UTF-8, shuffled together.
  const std::vector<std::string> pieces = {"Bohlen", "Mao", "Tse", "-", "tung", "Zedong", " ", ".", "'", "s",
                                           "\xE2\x80\x99", "\xE2\x80", "\xC2", "\xD0\xA5", "Хрущёв", "C", "E",
                                           ",", "\n\n", "Nagy", "Imre", "\xff", "Mr"};
  const auto variants = known();
  MentionFinder f(variants);
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    for (const Mention& m : f.find(text)) {
      ASSERT_LT(m.begin, m.end) << text;
      ASSERT_LE(m.end, text.size()) << text;
      ASSERT_FALSE(m.ids.empty()) << text;
    }
    (void)common_lowercase_words(text, 1);
  }
}

TEST(CommonLowercaseWords, CountsLowercaseOnly) {
  const auto words = common_lowercase_words("the White House; the white paper, the white flag. White.", 2);
  EXPECT_TRUE(words.contains("the"));
  EXPECT_TRUE(words.contains("white"));
  EXPECT_FALSE(words.contains("house"));
  EXPECT_FALSE(words.contains("paper"));
}

// A thread keeps the word keys it has looked up for each finder it uses (key
// ids are a finder's own): finders used in turn, and a third that takes over
// one's memo, each find what a finder used alone finds.
TEST(MentionFinder, FindersUsedInTurnKeepTheirOwnKeys) {
  const std::vector<NameVariant> people = known();
  const std::vector<NameVariant> others = {{"o/tass", "TASS"}, {"o/white-house", "White House"},
                                           {"p/nagy-f", "Nagy, Ferenc"}};
  const std::vector<NameVariant> third = {{"p/white-h", "White, Harry Dexter"}, {"p/bohlen-c", "Bohlen, Charles"}};
  const std::vector<std::string> texts = {
      "Khrushchev told Bohlen that TASS would print it; Lincoln White said nothing.",
      "Harry White of the White House met Nagy and Ferenc Nagy.",
      "Chruschtschow und Nagy Imre. Mao Tse-tung, Zhou Enlai.",
  };
  auto alone = [&](const std::vector<NameVariant>& variants) {
    std::vector<std::vector<Mention>> out;
    const MentionFinder fresh(variants);
    for (const std::string& text : texts) out.push_back(fresh.find(text));
    return out;
  };
  const auto want_people = alone(people);
  const auto want_others = alone(others);
  const auto want_third = alone(third);
  const MentionFinder a(people);
  const MentionFinder b(others);
  const MentionFinder c(third);
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      EXPECT_EQ(a.find(texts[i]), want_people[i]) << "round " << round << ", text " << i;
      EXPECT_EQ(b.find(texts[i]), want_others[i]) << "round " << round << ", text " << i;
      if (round == 2) {
        EXPECT_EQ(c.find(texts[i]), want_third[i]) << "text " << i;
      }
    }
  }
  EXPECT_FALSE(want_people[0].empty());
  EXPECT_FALSE(want_others[1].empty());
  EXPECT_FALSE(want_third[1].empty());
}

}  // namespace
}  // namespace chancery::names

namespace chancery::names {
namespace {

// The thread's memo of word keys tells words apart that share their first
// bytes (a long word is kept in two parts) and keeps finding the same names
// as it grows: thousands of other words between them, and words too long to
// keep.
TEST(MentionFinder, ItsMemoOfWordsTellsLongWordsApartAndGrows) {
  const std::vector<NameVariant> variants = {{"p/kristofferson", "Kristofferson, Kris"},
                                             {"p/oppenheimerova", "Oppenheimerova, Jana"}};
  const MentionFinder f(variants);
  // The same length and first twelve bytes, another word.
  ASSERT_NE(word_key("Oppenheimerxyz"), word_key("Oppenheimerova"));
  ASSERT_NE(word_key("Kristoffersonian"), word_key("Kristofferson"));
  const std::string text = "Oppenheimerxyz met Kristoffersonian and Kristofferson; Oppenheimerova, Oppenheimerxyz.";
  const std::vector<Found> want = scan(f, text);
  ASSERT_EQ(want.size(), 2u) << ::testing::PrintToString(want);
  EXPECT_EQ(want[0].text, "Kristofferson");
  EXPECT_EQ(want[1].text, "Oppenheimerova");
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "Word" + std::to_string(i) + "x ";
  many += std::string(300, 'K') + " Kristofferson.";
  const std::vector<Found> in_many = scan(f, many);
  ASSERT_EQ(in_many.size(), 1u);
  EXPECT_EQ(in_many[0].text, "Kristofferson");
  for (int round = 0; round < 2; ++round) EXPECT_EQ(scan(f, text), want) << round;
}

}  // namespace
}  // namespace chancery::names
