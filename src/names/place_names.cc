#include "names/place_names.h"

#include <string>
#include <unordered_set>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "names/name_key.h"

namespace chancery::names {

namespace {

std::unordered_set<std::string> one_word_country_names() {
  std::unordered_set<std::string> names;
  for (const char* const* code = icu::Locale::getISOCountries(); code != nullptr && *code != nullptr; ++code) {
    icu::UnicodeString display;
    icu::Locale("", *code).getDisplayCountry(icu::Locale::getEnglish(), display);
    std::string name;
    display.toUTF8String(name);
    if (name.empty() || name.find(' ') != std::string::npos) continue;
    if (std::string folded = fold_letters(name); !folded.empty()) names.insert(std::move(folded));
  }
  return names;
}

}  // namespace

bool is_country_name(std::string_view word) {
  static const std::unordered_set<std::string> names = one_word_country_names();
  return names.contains(fold_letters(word));
}

}  // namespace chancery::names
