// Text folding for search: one spelling per word, whatever the case, accents
// or script it was written in.
//
// Both functions are thread-safe: each thread lazily creates and keeps its own
// ICU transliterators, so no ICU object is created per call. ASCII input takes
// a fast path that never touches ICU.
#pragma once

#include <string>
#include <string_view>

namespace chancery {

// Lower-cases `text` and removes diacritics and compatibility forms:
// "Mălnăşan" -> "malnasan", "Gomułka" -> "gomulka", "Straße" -> "strasse",
// "Ørsted" -> "orsted", "Đinh" -> "dinh", "ﬁnal" -> "final". Non-Latin scripts
// keep their script: "Хрущёв" -> "хрущев". Invalid UTF-8 becomes U+FFFD.
std::string fold(std::string_view text);

// The Latin transliteration key of a word in another script, for a secondary
// index term: Russian Cyrillic by BGN/PCGN ("Хрущёв" -> "khrushchev"), other
// scripts by ICU's Any-Latin ("Ελλάδα" -> "ellada"); then folded as by fold()
// and reduced to [a-z0-9]. Returns "" when `text` has no non-Latin letters,
// i.e. when fold() already gives the Latin form.
std::string latin_key(std::string_view text);

// True when the first letter of `text` is Cyrillic (such words are stemmed
// as Russian whatever the record's language).
bool starts_cyrillic(std::string_view text);

// True when every byte of `text` is ASCII.
bool is_ascii(std::string_view text);

// `text` with the first letter of each space-separated word in title case
// ("хрущев" -> "Хрущев", "khrushchev" -> "Khrushchev"): a folded name shown
// to a reader. Invalid UTF-8 is left as it is.
std::string capitalise_words(std::string_view text);

}  // namespace chancery
