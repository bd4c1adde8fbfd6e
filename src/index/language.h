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

// The English name of a language by its ISO 639 code, two letters or three
// (bibliographic or terminology: "ru", "rus"; "de", "ger", "deu"), any case,
// for the languages archives of the period hold: "Russian", "German". ""
// for another word. A query's lang:ru finds what lang:Russian does.
std::string_view language_for_code(std::string_view code);

// The stemmer for the language the record's text is written in. A translated
// record ("Contents: Translation - English") is in the translation's language;
// otherwise a record with exactly one original language is in that language;
// everything else (TEI, unknown) is English.
std::string record_stemmer(const Record& record);

}  // namespace chancery
