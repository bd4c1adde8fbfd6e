// Names of places from ICU's locale data (CLDR): which words name a country,
// and what a country or a city is called in the other languages archives
// write in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::names {

// Whether `word` (any case, diacritics ignored) is the one-word English name
// of a country or territory: "Jordan", "jordan", "Curacao". A family name
// alone that is also one ("Jordan", "Chad", "Israel") is the country far more
// often in diplomatic text than the person. Thread-safe; the names are read
// from ICU once.
bool is_country_name(std::string_view word);

// The names in the other languages of kPlaceLanguages of the places a word
// names in one of them: the countries and territories of ISO 3166 and the
// cities that CLDR names for their time zones (the capitals and large cities
// of every region: Moscow, Warsaw, Budapest, Prague, Belgrade, Havana).
// "Moskau" -> {"Moscow", "Moscou", "Москва", "Moskwa", "Moszkva", "Moskva", ...};
// "Moscow" -> {"Moskau", ...}; "Nordkorea" -> {"North Korea", ...}; a name of
// several words too: "North Korea" -> {"Nordkorea", ...}; {} for a word that
// names no such place ("Khrushchev"). Names are compared with
// case and diacritics ignored and other scripts read in Latin letters
// ("Москва" as "moskva"); the word's own spellings are left out; a name is
// written as the language writes it, of one to three words, at most
// kMaxPlaceNames in all. Languages written in Latin, Cyrillic and Greek
// letters only: a name in Chinese, Japanese, Arabic or Hebrew script read in
// Latin letters would meet unrelated words. Thread-safe; the names are read
// from ICU once (about 50 ms).
inline constexpr std::size_t kMaxPlaceNames = 48;
std::vector<std::string> place_in_other_languages(std::string_view word);

// Whether `word` is a name of such a place in one of those languages ("Riga",
// "Moskau", "Cuba"), as place_in_other_languages() compares.
bool is_place_name(std::string_view word);

// A place's name in other languages, with the languages (ICU locale names,
// kPlaceLanguages order) that write it so; none for a former name.
struct PlaceNameIn {
  std::string name;
  std::vector<std::string> languages;
};

// The names of the one place `name` names (place_in_other_languages), with
// their languages, for a place's page: "Moscow" -> {"Moskau", {"de"}},
// {"Moscou", {"fr", "pt"}}, {"Москва", {"ru", "bg", "sr", "mk", "uk"}}, ...;
// {} for a name of no place or of several ("Mexico": the country and the
// city).
std::vector<PlaceNameIn> place_names_by_language(std::string_view name);

// The English name of a language: "de" -> "German".
std::string language_name(std::string_view code);

// The spellings of a word in the other romanisation of Chinese
// (word_in_other_system) and its names in other languages
// (place_in_other_languages), duplicates removed: what a query word is also
// searched as ("Moskau" -> "Moscow", ...; "Zedong" -> "Tse-tung").
std::vector<std::string> word_elsewhere(std::string_view word);

// The languages (ICU locale names) whose names of places
// place_in_other_languages() knows.
const std::vector<std::string>& place_languages();

}  // namespace chancery::names
