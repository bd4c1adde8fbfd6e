// Splitting text into words for indexing, querying and snippets.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chancery {

// One word of a text, located by byte offsets into it.
struct Word {
  std::size_t begin = 0;   // byte offset of the first byte
  std::size_t end = 0;     // byte offset one past the last byte
  // Joined to the previous word by a hyphen ("Gheorghiu-Dej": "Dej" is joined).
  bool hyphen_joined = false;
  // An abbreviation written with dots ("U.S.", "U.S.S.R."): its key drops the dots.
  bool acronym = false;
};

// Splits UTF-8 `text` into words: runs of letters, digits and combining marks,
// with an apostrophe (' or U+2019) kept inside a word ("Khrushchev's"), hyphens
// (-, U+2010, U+2011) splitting a word into joined parts, and single letters
// separated by dots read as one acronym. Invalid UTF-8 separates words.
// Appends to `out` (cleared first), so a caller can reuse its buffer.
void split_words(std::string_view text, std::vector<Word>& out);
std::vector<Word> split_words(std::string_view text);

// The parts of `text` between the `separator`s outside round brackets, each
// without the spaces, tabs and newlines around it (perhaps empty): "circular
// airgram; Commanding General" -> {"circular airgram", "Commanding General"};
// "A (B; C)" -> {"A (B; C)"}. A bracket left open runs to the end.
std::vector<std::string_view> parts_outside_brackets(std::string_view text, char separator);

// The search key of `word` in `text`: the word folded (see text_fold.h), with
// the dots of an acronym removed. ASCII words never touch ICU.
std::string folded_word(std::string_view text, const Word& word);

// Whether `raw` is written as names are: starting with a capital, or with a
// letter of a script other than Latin ("Хрущёв").
inline bool written_as_name(std::string_view raw) {
  if (raw.empty()) return false;
  const auto first = static_cast<unsigned char>(raw.front());
  return first >= 0x80 || (first >= 'A' && first <= 'Z');
}

}  // namespace chancery
