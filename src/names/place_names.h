// Words that name a country: the English names of the ISO 3166 countries and
// territories, as ICU's locale data (CLDR) gives them. A family name alone
// that is also one ("Jordan", "Chad", "Israel") is the country far more often
// in diplomatic text than the person.
#pragma once

#include <string_view>

namespace chancery::names {

// Whether `word` (any case, diacritics ignored) is the one-word English name
// of a country or territory: "Jordan", "jordan", "Curacao". Thread-safe; the
// names are read from ICU once.
bool is_country_name(std::string_view word);

}  // namespace chancery::names
