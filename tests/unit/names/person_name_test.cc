// Personal names: parts, orders, initials, titles, and compatibility.
#include "names/person_name.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace chancery::names {
namespace {

using Words = std::vector<std::string>;

// Titles before a name, in any case and with their dots; every other word,
// however long, is none.
TEST(IsNameTitle, TitlesInAnyCaseAndNothingElse) {
  for (const char* title : {"Mr.", "MR", "mrs", "Dr", "Sir", "Ambassador", "representative", "Tovarishch", "Lt.",
                            "Mme", "Justice", "Countess", "Adm."}) {
    EXPECT_TRUE(is_name_title(title)) << title;
  }
  for (const char* word : {"", ".", "M", "Smith", "Bohlen", "Representatives", "ambassadorial",
                           "Representativerepresentative", "Minister2", "Khrushchev"}) {
    EXPECT_FALSE(is_name_title(word)) << word;
  }
  EXPECT_TRUE(is_name_title("Mister-"));   // letters and digits only: "Mister"
}

TEST(ParsePersonName, CommaAndNaturalOrder) {
  PersonName a = parse_person_name("Nagy, Imre");
  EXPECT_EQ(a.family, Words{"Nagy"});
  EXPECT_EQ(a.forenames, Words{"Imre"});
  EXPECT_EQ(parse_person_name("Imre Nagy"), a);
  EXPECT_EQ(a.display(), "Nagy, Imre");
}

TEST(ParsePersonName, InitialsAndPatronymics) {
  PersonName a = parse_person_name("A. A. Epishev");
  EXPECT_EQ(a.family, Words{"Epishev"});
  EXPECT_EQ(a.forenames, (Words{"A.", "A."}));
  EXPECT_EQ(parse_person_name("A.A. Epishev").forenames, (Words{"A.", "A."}));
  PersonName b = parse_person_name("Aleksei Alekseevich Epishev");
  EXPECT_EQ(b.forenames, (Words{"Aleksei", "Alekseevich"}));
}

TEST(ParsePersonName, HyphenatedFamilyTitlesSuffixesParticles) {
  PersonName a = parse_person_name("Gheorghiu-Dej, Gheorghe");
  EXPECT_EQ(a.family, (Words{"Gheorghiu", "Dej"}));
  EXPECT_EQ(a.forenames, Words{"Gheorghe"});
  PersonName b = parse_person_name("Cde. Gheorghe Gheorghiu-Dej");
  EXPECT_EQ(b.titles, Words{"Cde."});
  EXPECT_EQ(b.family, a.family);
  EXPECT_EQ(parse_person_name("General Ambassador Walter Bedell Smith").titles,
            (Words{"General", "Ambassador"}));
  EXPECT_EQ(parse_person_name("Mr. King").family, Words{"King"});
  PersonName c = parse_person_name("Charles Francis Adams, Jr.");
  EXPECT_EQ(c.family, Words{"Adams"});
  EXPECT_EQ(c.suffix, "Jr.");
  EXPECT_EQ(parse_person_name("Adams, Charles Francis, Jr."), c);
  EXPECT_EQ(parse_person_name("Charles de Gaulle").family, (Words{"de", "Gaulle"}));
  EXPECT_EQ(parse_person_name("Mao Tse-tung").family, Words{"Mao"});
  EXPECT_TRUE(parse_person_name("").family.empty());
}

// A persons list's parentheses hold another name of the person, or a remark:
// neither is part of the name, and the other names are readings of it.
TEST(ParsePersonName, ParenthesesHoldOtherNames) {
  const PersonName dulles = parse_person_name("Dulles, Allen (Ascham, Robert A.)");
  EXPECT_EQ(dulles.family, Words{"Dulles"});
  EXPECT_EQ(dulles.forenames, Words{"Allen"});
  const PersonName nasser = parse_person_name("Nasser (Nasr, Nassir), Col. Gamal Abdul");
  EXPECT_EQ(nasser.family, Words{"Nasser"});
  EXPECT_EQ(nasser.forenames, (Words{"Gamal", "Abdul"}));
  EXPECT_EQ(parse_person_name("Zhukov, Georgi (Yuri) A.").forenames, (Words{"Georgi", "A."}));
  EXPECT_EQ(parse_person_name("Bennett, William Tapley (Tap), Jr.").suffix, "Jr.");
  EXPECT_EQ(parse_person_name("Persons, General Wilton B. (ret.)").forenames, (Words{"Wilton", "B."}));
  EXPECT_EQ(parse_person_name("Hunt, E. (Howard").forenames, Words{"E."});  // unclosed: to the end
  EXPECT_EQ(parse_person_name("(Teng Hsiao-p'ing)").family, Words{"Teng"});  // nothing else
  EXPECT_EQ(name_variants("Dulles, Allen (Ascham, Robert A.)"), Words{"Allen Dulles"});

  // The same person under the list's other names.
  EXPECT_TRUE(names_compatible("Dulles, Allen (Ascham, Robert A.)", "Dulles, Allen W."));
  EXPECT_TRUE(names_compatible("Dulles, Allen (Ascham, Robert A.)", "Robert A. Ascham"));
  EXPECT_TRUE(names_compatible("Myerson, Goldie (Meir, Golda)", "Meir, Golda"));
  EXPECT_TRUE(names_compatible("Nasser (Nasr, Nassir), Col. Gamal Abdul", "Gamal Abdul Nasr"));
  EXPECT_TRUE(names_compatible("Zhukov, Georgi (Yuri) A.", "Yuri Zhukov"));
  EXPECT_TRUE(names_compatible("Whitney, John Hay (Jock)", "Jock Whitney"));
  EXPECT_TRUE(names_compatible("Ormsby Gore, David (Lord Harlech)", "Lord Harlech"));
  EXPECT_TRUE(names_compatible("Hunt, E. Howard (Walter C. Twicker)", "Twicker, Walter C."));
  // Not anyone else: the parentheses add names, they do not loosen the name.
  EXPECT_FALSE(names_compatible("Dulles, Allen (Ascham, Robert A.)", "Dulles, John Foster"));
  EXPECT_FALSE(names_compatible("Zhukov, Georgi (Yuri) A.", "Zhukov, Georgiy Konstantinovich"));
  EXPECT_FALSE(names_compatible("Myerson, Goldie (Meir, Golda)", "Meir, Ruth"));
  // Remarks name no one.
  EXPECT_EQ(person_name_readings("Persons, General Wilton B. (ret.)").size(), 1u);
  EXPECT_FALSE(names_compatible("Mai Van Bo (code named “Rupert”)", "Rupert"));
  EXPECT_FALSE(names_compatible("Duong Van Minh (“Big Minh”)", "Big Minh"));
}

TEST(NamesCompatible, OrdersAndInitials) {
  EXPECT_TRUE(names_compatible("Nagy, Imre", "Imre Nagy"));
  EXPECT_TRUE(names_compatible("Nagy Imre", "Imre Nagy"));
  EXPECT_TRUE(names_compatible("A. A. Epishev", "Aleksei Alekseevich Yepishev"));
  EXPECT_TRUE(names_compatible("Epishev", "Aleksei Alekseevich Epishev"));
  EXPECT_TRUE(names_compatible("Gen. A. A. Yepishev", "Епишев, Алексей Алексеевич"));
  EXPECT_TRUE(names_compatible("Gheorghiu-Dej, Gheorghe", "Gheorghe Gheorghiu Dej"));
  EXPECT_TRUE(names_compatible("Cde. Gheorghiu-Dej", "Gheorghe Gheorghiu-Dej"));
  EXPECT_TRUE(names_compatible("Gomułka, Władysław", "Wladyslaw Gomulka"));
  EXPECT_TRUE(names_compatible("N. S. Khrushchev", "Nikita Sergejewitsch Chruschtschow"));
  EXPECT_TRUE(names_compatible("Mao Tse-tung", "Mao Zedong"));
  EXPECT_TRUE(names_compatible("Chiang Ching-kuo", "Jiang Jingguo"));
  EXPECT_TRUE(names_compatible("John F. Kennedy", "John Fitzgerald Kennedy"));
}

TEST(NamesCompatible, Incompatible) {
  EXPECT_FALSE(names_compatible("B. A. Epishev", "Aleksei Alekseevich Epishev"));
  EXPECT_FALSE(names_compatible("Imre Nagy", "Ferenc Nagy"));
  EXPECT_FALSE(names_compatible("John F. Kennedy", "Robert F. Kennedy"));
  EXPECT_FALSE(names_compatible("Malnasan, Ion", "Malnasanu, Ion"));
  EXPECT_FALSE(names_compatible("Charles Francis Adams, Jr.", "Charles Francis Adams, Sr."));
  EXPECT_FALSE(names_compatible("Imre Nagy", "Janos Kadar"));
  EXPECT_FALSE(names_compatible("", "Imre Nagy"));
}

// A short family key is shared by different names: Young and Jiang ("Eng"),
// Sean and Chen ("sEn"). Those meet only when spelled alike or read as the
// same Chinese syllables; a long key stands alone (Chruschtschow).
TEST(NamesCompatible, AShortFamilyKeyNeedsTheNameSpelledAlike) {
  ASSERT_EQ(family_key(parse_person_name("Andrew J. Young")), family_key(parse_person_name("Jiang Jingguo")));
  EXPECT_FALSE(names_compatible("Jiang Jingguo", "Andrew J. Young"));
  EXPECT_FALSE(names_compatible("Chen Yi", "Sean E. Doocey"));
  EXPECT_TRUE(names_compatible("Chou En-lai", "Zhou Enlai"));
  EXPECT_TRUE(names_compatible("Lin Piao", "Lin Biao"));
  EXPECT_TRUE(names_compatible("Nguyen Cao Ky", "Ky"));
  EXPECT_TRUE(names_compatible("Josip Broz Tito", "Tito"));
  EXPECT_TRUE(names_compatible("Nikita Sergejewitsch Chruschtschow", "N. S. Khrushchev"));
}

// Prepared readings (an authority's, compared with every query) give the
// answer of the written names, on every pair of the two tests above.
TEST(NamesCompatible, PreparedReadingsAgreeWithWrittenNames) {
  const std::vector<std::string> names = {
      "Nagy, Imre", "Imre Nagy", "Nagy Imre", "Ferenc Nagy", "A. A. Epishev", "B. A. Epishev",
      "Aleksei Alekseevich Yepishev", "Gen. A. A. Yepishev", "Епишев, Алексей Алексеевич",
      "Gheorghiu-Dej, Gheorghe", "Gheorghe Gheorghiu Dej", "Cde. Gheorghiu-Dej", "Gomułka, Władysław",
      "Wladyslaw Gomulka", "N. S. Khrushchev", "Nikita Sergejewitsch Chruschtschow", "Mao Tse-tung",
      "Mao Zedong", "Chiang Ching-kuo", "Jiang Jingguo", "John F. Kennedy", "John Fitzgerald Kennedy",
      "Robert F. Kennedy", "Malnasan, Ion", "Malnasanu, Ion", "Charles Francis Adams, Jr.",
      "Charles Francis Adams, Sr.", "Janos Kadar", "", "John Foster Dulles", "Dulles, Allen W.",
      "Andrew J. Young", "Chen Yi", "Sean E. Doocey", "Lin Piao", "Lin Biao", "Chou En-lai", "Zhou Enlai"};
  auto prepared = [](const std::string& name) {
    std::vector<PreparedName> out;
    for (const PersonName& reading : person_name_readings(name)) out.push_back(prepare_name(reading));
    return out;
  };
  int compatible = 0;
  for (const std::string& a : names) {
    for (const std::string& b : names) {
      bool any = false;
      for (const PreparedName& x : prepared(a)) {
        for (const PreparedName& y : prepared(b)) any = any || names_compatible(x, y);
      }
      EXPECT_EQ(any, names_compatible(a, b)) << a << " / " << b;
      compatible += any ? 1 : 0;
    }
  }
  EXPECT_GT(compatible, static_cast<int>(names.size()));   // not all false
}

TEST(ForenamesCompatible, Rules) {
  EXPECT_TRUE(forenames_compatible({}, {"Imre"}));
  EXPECT_TRUE(forenames_compatible({"A.", "A."}, {"Aleksei", "Alekseevich"}));
  EXPECT_TRUE(forenames_compatible({"Yu.", "V."}, {"Yuri", "Vladimirovich"}));
  EXPECT_TRUE(forenames_compatible({"Iu."}, {"Yuri"}));
  EXPECT_FALSE(forenames_compatible({"A.", "B."}, {"Aleksei", "Alekseevich"}));
  EXPECT_FALSE(forenames_compatible({"Imre"}, {"Ferenc"}));
  // A forename in full passes over another only to meet itself: Dean Rusk is
  // David Dean Rusk; Robert Ford is not Gerald R. Ford, though "R." may be.
  EXPECT_TRUE(forenames_compatible({"Dean"}, {"David", "Dean"}));
  EXPECT_FALSE(forenames_compatible({"Robert"}, {"Gerald", "R."}));
  EXPECT_TRUE(forenames_compatible({"R."}, {"Gerald", "R."}));
  EXPECT_TRUE(forenames_compatible({"Gerald"}, {"Gerald", "R."}));
  EXPECT_TRUE(forenames_compatible({"Edgar"}, {"J.", "Edgar"}));
}

TEST(NameVariants, NaturalOrderAndChinese) {
  EXPECT_EQ(name_variants("Nagy, Imre"), Words{"Imre Nagy"});
  EXPECT_EQ(name_variants("Bennett, William Tapley, Jr."), Words{"William Tapley Bennett Jr."});
  EXPECT_EQ(name_variants("Gheorghiu-Dej, Gheorghe"), Words{"Gheorghe Gheorghiu-Dej"});
  const Words mao = name_variants("Mao Tse-tung");
  EXPECT_NE(std::find(mao.begin(), mao.end(), "Mao Zedong"), mao.end());
  EXPECT_EQ(name_variants("Zhou Enlai"), Words{"Chou En-lai"});
  EXPECT_TRUE(name_variants("Imre Nagy").empty());
  EXPECT_TRUE(name_variants("Department of State").empty());
}

}  // namespace
}  // namespace chancery::names
