// Which Snowball stemmer applies to a record's text.
#pragma once

#include <string>
#include <string_view>

#include "model/record.h"

namespace chancery {

// The Xapian stemmer name for a language as archives name it ("Russian",
// "German", "français" is not recognised): "russian", "german"; "" when Xapian
// has no stemmer for it.
std::string stemmer_for_language(std::string_view language);

// The stemmer for the language the record's text is written in. A translated
// record ("Contents: Translation - English") is in the translation's language;
// otherwise a record with exactly one original language is in that language;
// everything else (TEI, unknown) is English.
std::string record_stemmer(const Record& record);

}  // namespace chancery
