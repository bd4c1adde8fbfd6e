// Personal names: parts, and whether two written names may be one person.
//
// Sources write one person as "Nagy, Imre", "Imre Nagy", "Nagy Imre" (Hungarian
// order), "Cde. Nagy"; "A. A. Epishev", "Aleksei Alekseevich Yepishev";
// "Gheorghiu-Dej, Gheorghe" and "Gheorghe Gheorghiu Dej". parse_person_name()
// takes such a string apart; names_compatible() says whether two of them can
// refer to the same person, comparing family names by word_key() and forenames
// loosely (initials fit full forenames, missing forenames fit anything).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::names {

struct PersonName {
  std::vector<std::string> family;     // {"Nagy"}, {"Gheorghiu", "Dej"}, {"de", "Gaulle"}
  std::vector<std::string> forenames;  // {"Imre"}, {"A.", "A."}, {"Aleksei", "Alekseevich"}
  std::string suffix;                  // "Jr.", "III"; "" if none
  std::vector<std::string> titles;     // stripped titles, as written: {"Cde."}, {"General"}
  bool operator==(const PersonName&) const = default;

  // "Family, Forenames" (or just "Family"), suffix appended after a comma.
  std::string display() const;
};

// Parses a written personal name. "Family, Forenames[, Jr.]" when there is a
// comma; otherwise forenames first and the family name last ("Imre Nagy"),
// except for Chinese names (chinese_name_key() non-empty), whose family name
// comes first ("Mao Tse-tung"). Leading titles ("Cde.", "Mr.", "General",
// "Ambassador", "Prime Minister"...) go to `titles`; generational suffixes
// (Jr., Sr., II, III, IV) to `suffix`; lowercase particles before the family
// name (de, von, van) belong to it; hyphenated family names are split into
// words. An empty or title-only input gives empty `family`. What a persons
// list adds in parentheses ("Dulles, Allen (Ascham, Robert A.)", "Nasser
// (Nasr, Nassir), Col. Gamal Abdul") is not part of the name.
PersonName parse_person_name(std::string_view text);

// Every plausible reading of `text`: parse_person_name() first, then, for
// names written without a comma, the family name first (Hungarian "Nagy Imre")
// and the last two words as a two-word family name ("Gheorghiu Dej"); then
// the other names given in parentheses, each in place of the part it stands
// beside: family names ("Nasr, Gamal Abdul"), forenames or a nickname
// ("Zhukov, Yuri"; "Whitney, Jock"), whole names ("Meir, Golda"; "Ascham,
// Robert A."). Parentheses in lower case or quotation marks are remarks.
std::vector<PersonName> person_name_readings(std::string_view text);

// Other spellings of a whole written name worth indexing beside it: for the
// inverted form of a persons list ("Nagy, Imre", "Bennett, William Tapley,
// Jr.") the natural order ("Imre Nagy", "William Tapley Bennett Jr."), and for
// a romanised Chinese name its spellings in the other system
// (chinese_variants(): "Mao Tse-tung" -> "Mao Zedong"). `name` itself is not
// included; names without a comma and not Chinese give {}. Suitable for the
// index's NameHooks::variants.
std::vector<std::string> name_variants(std::string_view name);

// The family name's key: word_key() of each family word, particles (de, von,
// van, ...) left out, joined by ' '. "Gheorghiu-Dej" and "Gheorghiu Dej" share
// it. "" when there is no family name.
std::string family_key(const PersonName& name);

// True if `word` is a title or form of address that parse_person_name() strips
// before a name: "Cde.", "Mr", "General", "Ambassador", "Prime"... (case and
// dots ignored).
bool is_name_title(std::string_view word);

// A month's or a weekday's name, folded ("july", "monday"): written
// capitalised, so never seen as a common lower-case word, and far more often
// the date than a family name alone.
bool is_calendar_word(std::string_view folded);

// A forename prepared for repeated comparison (see forenames_compatible()).
struct Forename {
  std::string written;   // "A.", "Aleksei", "Tse-tung"
  std::string folded;    // lowercase ASCII letters: "a", "aleksei", "tsetung"
  std::string key;       // word_key(folded)
  bool initial = false;  // one letter, or up to three ending in '.': "A", "A.", "Yu."
  bool hyphenated = false;
  bool operator==(const Forename&) const = default;
};
Forename prepare_forename(std::string_view written);
std::vector<Forename> prepare_forenames(const std::vector<std::string>& written);

// True if the two forename lists may name the same person: either is empty,
// or the shorter is a subsequence of the longer with each pair compatible
// (same word_key() or Chinese syllable key, or an initial that begins the
// other: "A." fits "Aleksei", "Yu." fits "Yuri"; "A. A." fits "Aleksei Alekseevich").
bool forenames_compatible(const std::vector<std::string>& a, const std::vector<std::string>& b);
bool forenames_compatible(std::span<const Forename> a, std::span<const Forename> b);

// True if `a` and `b` may name the same person: some reading of each has the
// same family_key() (or Chinese syllable key) and compatible forenames. A
// family key of three characters or fewer is shared by different names
// ("Eng": Young and Jiang), so those must also be near spellings
// (near_spellings()) or the same Chinese syllables.
// Suffixes must agree where both are given ("Jr." vs "Sr.").
bool names_compatible(std::string_view a, std::string_view b);
bool names_compatible(const PersonName& a, const PersonName& b);

// A reading prepared for comparison with many others (an authority's
// spellings against a query's name): its family_key(), the Chinese syllable
// keys of each family word and its forenames, computed once.
struct PreparedName {
  std::string family_key;
  std::string family_letters;                      // fold_letters() of the family words, particles left out
  std::vector<std::vector<std::string>> chinese;   // chinese_word_keys() of each family word
  std::vector<Forename> forenames;
  std::string suffix;                              // lowercase letters: "jr"
};
PreparedName prepare_name(const PersonName& name);
// names_compatible() of two prepared readings; the same answer.
bool names_compatible(const PreparedName& a, const PreparedName& b);

}  // namespace chancery::names
