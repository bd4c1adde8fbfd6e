// Names of places in other languages, from ICU's locale data (CLDR).
#include "names/place_names.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "names/chinese_romanisation.h"

namespace chancery::names {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(PlaceNames, ACityIsFoundByItsNameInEveryLanguage) {
  const std::vector<std::string> moskau = place_in_other_languages("Moskau");
  EXPECT_TRUE(contains(moskau, "Moscow"));
  EXPECT_TRUE(contains(moskau, "Москва"));
  EXPECT_TRUE(contains(moskau, "Moscou"));
  EXPECT_FALSE(contains(moskau, "Moskau"));   // the word itself is not another name
  EXPECT_TRUE(contains(place_in_other_languages("Moscow"), "Moskau"));
  EXPECT_TRUE(contains(place_in_other_languages("москва"), "Moscow"));   // any case
  EXPECT_TRUE(contains(place_in_other_languages("moscu"), "Moscow"));    // diacritics ignored
  EXPECT_TRUE(contains(place_in_other_languages("Warschau"), "Warsaw"));
  EXPECT_TRUE(contains(place_in_other_languages("Warsaw"), "Varsovie"));
  EXPECT_TRUE(contains(place_in_other_languages("Beograd"), "Belgrade"));
  EXPECT_TRUE(contains(place_in_other_languages("Tiflis"), "Tbilisi"));
  EXPECT_TRUE(is_place_name("Riga"));
  EXPECT_TRUE(is_place_name("Moskau"));
  EXPECT_FALSE(is_place_name("Khrushchev"));
  EXPECT_TRUE(place_in_other_languages("Khrushchev").empty());
  EXPECT_TRUE(place_in_other_languages("").empty());
}

TEST(PlaceNames, ACountryByItsNamesOfOneToThreeWords) {
  EXPECT_TRUE(contains(place_in_other_languages("Deutschland"), "Germany"));
  EXPECT_TRUE(contains(place_in_other_languages("Germany"), "Allemagne"));
  EXPECT_TRUE(contains(place_in_other_languages("Rumania"), "Romania"));
  EXPECT_TRUE(contains(place_in_other_languages("Nordkorea"), "North Korea"));
  for (const std::string& name : place_in_other_languages("Nordkorea")) {
    EXPECT_LE(std::count(name.begin(), name.end(), ' '), 2) << name;
    EXPECT_EQ(name.find('('), std::string::npos) << name;
  }
}

// The period's names CLDR does not give: states that are gone, cities that
// were renamed or changed hands, joined to the place's names where CLDR has it.
TEST(PlaceNames, FormerNamesOfStatesAndCities) {
  EXPECT_TRUE(contains(place_in_other_languages("Sowjetunion"), "Soviet Union"));
  EXPECT_TRUE(contains(place_in_other_languages("USSR"), "СССР"));
  EXPECT_TRUE(contains(place_in_other_languages("Tschechoslowakei"), "Czechoslovakia"));
  EXPECT_TRUE(contains(place_in_other_languages("Jugoslawien"), "Yugoslavia"));
  EXPECT_TRUE(contains(place_in_other_languages("Danzig"), "Gdańsk"));
  EXPECT_TRUE(contains(place_in_other_languages("Lemberg"), "Lviv"));
  EXPECT_TRUE(contains(place_in_other_languages("Lwów"), "Lemberg"));
  // Joined to CLDR's place: Stalingrad has Volgograd's names in every language.
  const std::vector<std::string> stalingrad = place_in_other_languages("Stalingrad");
  EXPECT_TRUE(contains(stalingrad, "Volgograd"));
  EXPECT_TRUE(contains(stalingrad, "Wolgograd"));
  EXPECT_TRUE(contains(place_in_other_languages("Iran"), "Persia"));
  EXPECT_TRUE(contains(place_in_other_languages("Persia"), "Iran"));
  EXPECT_TRUE(contains(place_in_other_languages("Constantinople"), "Istanbul"));
  EXPECT_TRUE(contains(place_in_other_languages("Batavia"), "Jakarta"));
  EXPECT_TRUE(contains(place_in_other_languages("Ceylon"), "Sri Lanka"));
}

// A place's page lists its names with the languages that write them.
TEST(PlaceNames, NamesByLanguageForAPlacesPage) {
  const std::vector<PlaceNameIn> moscow = place_names_by_language("Moscow");
  bool russian = false;
  bool czech = false;
  for (const PlaceNameIn& in : moscow) {
    EXPECT_NE(in.name, "Moscow");
    if (in.name == "Москва") russian = std::find(in.languages.begin(), in.languages.end(), "ru") != in.languages.end();
    if (in.name == "Moskva") czech = std::find(in.languages.begin(), in.languages.end(), "cs") != in.languages.end();
  }
  EXPECT_TRUE(russian);
  EXPECT_TRUE(czech);
  EXPECT_TRUE(place_names_by_language("Khrushchev").empty());
  EXPECT_EQ(language_name("de"), "German");
  // A former name has no language.
  for (const PlaceNameIn& in : place_names_by_language("Volgograd")) {
    if (in.name == "Stalingrad") {
      EXPECT_TRUE(in.languages.empty());
    }
  }
  // A city from the table has the languages the table gives; the telegrams'
  // spelling none.
  std::map<std::string, std::vector<std::string>> munich;
  for (const PlaceNameIn& in : place_names_by_language("Munich")) munich[in.name] = in.languages;
  EXPECT_EQ(munich["München"], std::vector<std::string>{"de"});
  EXPECT_EQ(munich["Monachium"], std::vector<std::string>{"pl"});
  ASSERT_TRUE(munich.contains("Muenchen"));
  EXPECT_TRUE(munich["Muenchen"].empty());
  std::map<std::string, std::vector<std::string>> trieste;
  for (const PlaceNameIn& in : place_names_by_language("Triest")) trieste[in.name] = in.languages;
  EXPECT_EQ(trieste["Trst"], (std::vector<std::string>{"sr", "hr", "sl"}));
  // And is the place's in every name: "Genf" finds "Geneva", "Ho Chi Minh" is no place.
  const std::vector<std::string> genf = place_in_other_languages("Genf");
  EXPECT_NE(std::find(genf.begin(), genf.end(), "Geneva"), genf.end());
  EXPECT_TRUE(place_in_other_languages("Ho Chi Minh").empty());
  const std::vector<std::string> saigon = place_in_other_languages("Saigon");
  EXPECT_NE(std::find(saigon.begin(), saigon.end(), "Ho-Chi-Minh-Stadt"), saigon.end());
}

// A name that is a word or a name of the English text, or another place's
// English name, is not taken for the place; nor is a word in one script for
// a name in another that reads as it in Latin letters.
TEST(PlaceNames, FalseFriendsAreLeftOut) {
  EXPECT_TRUE(place_in_other_languages("Bech").empty());   // Joseph Bech, not Beč (Vienna)
  EXPECT_TRUE(contains(place_in_other_languages("Вена"), "Vienna"));
  EXPECT_TRUE(place_in_other_languages("Vena").empty());   // Вена in Latin letters is no name of Vienna
  EXPECT_FALSE(contains(place_in_other_languages("Seoul"), "Soul"));
  EXPECT_TRUE(place_in_other_languages("Soul").empty());
  EXPECT_FALSE(contains(place_in_other_languages("Iceland"), "Island"));
  EXPECT_TRUE(place_in_other_languages("Maurice").empty());
  EXPECT_FALSE(contains(place_in_other_languages("Tunisia"), "Tunis"));   // the city
  EXPECT_FALSE(contains(place_in_other_languages("Tunis"), "Tunisia"));
  EXPECT_TRUE(place_in_other_languages("Rim").empty());   // Russian Рим (Rome) is too short to tell
}

// A place's name is not read as Chinese syllables; the period's names of a
// Chinese place lead to each other.
TEST(PlaceNames, APlaceIsNoChineseSyllables) {
  EXPECT_TRUE(word_in_other_system("Riga").empty());   // no Jih-ka
  EXPECT_TRUE(word_in_other_system("Lima").empty());   // no Li-ma
  EXPECT_TRUE(contains(word_in_other_system("Peking"), "Beijing"));
  EXPECT_TRUE(contains(word_in_other_system("Peking"), "Peiping"));
  const std::vector<std::string> elsewhere = word_elsewhere("Moskau");
  EXPECT_TRUE(contains(elsewhere, "Moscow"));
  EXPECT_TRUE(contains(word_elsewhere("Zedong"), "Tse-tung"));
}

}  // namespace
}  // namespace chancery::names
