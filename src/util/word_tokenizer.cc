#include "util/word_tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "util/text_fold.h"

namespace chancery {
namespace {

enum class CharClass { kWord, kApostrophe, kHyphen, kDot, kOther };

struct DecodedChar {
  CharClass cls;
  std::size_t end;  // byte offset after the character
};

// A non-ASCII character (ICU's classes), kept out of line so that the ASCII
// path of decode() inlines.
[[gnu::noinline]] DecodedChar decode_non_ascii(std::string_view text, std::size_t pos) {
  auto i = static_cast<int32_t>(pos);
  const auto n = static_cast<int32_t>(text.size());
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, n, c);
  const auto end = static_cast<std::size_t>(i);
  if (c < 0) return {CharClass::kOther, end};
  if (c == 0x2019) return {CharClass::kApostrophe, end};
  if (c == 0x2010 || c == 0x2011) return {CharClass::kHyphen, end};
  if (u_isalnum(c)) return {CharClass::kWord, end};
  const auto type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK) {
    return {CharClass::kWord, end};
  }
  return {CharClass::kOther, end};
}

inline DecodedChar decode(std::string_view text, std::size_t pos) {
  const auto c0 = static_cast<unsigned char>(text[pos]);
  if (c0 >= 0x80) return decode_non_ascii(text, pos);
  CharClass cls = CharClass::kOther;
  if ((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9')) {
    cls = CharClass::kWord;
  } else if (c0 == '\'') {
    cls = CharClass::kApostrophe;
  } else if (c0 == '-') {
    cls = CharClass::kHyphen;
  } else if (c0 == '.') {
    cls = CharClass::kDot;
  }
  return {cls, pos + 1};
}

constexpr bool ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Number of word characters (code points) in text[begin, end), capped at 2.
int short_length(std::string_view text, std::size_t begin, std::size_t end) {
  int count = 0;
  for (std::size_t pos = begin; pos < end && count < 2;) {
    DecodedChar d = decode(text, pos);
    ++count;
    pos = d.end;
  }
  return count;
}

}  // namespace

void split_words(std::string_view text, std::vector<Word>& out) {
  out.clear();
  std::size_t pos = 0;
  bool next_joined = false;
  while (pos < text.size()) {
    // ASCII fast paths (most text): bytes that are not letters or digits
    // end any hyphen chain, like every non-word character.
    const auto c0 = static_cast<unsigned char>(text[pos]);
    if (c0 < 0x80 && !ascii_alnum(c0)) {
      ++pos;
      next_joined = false;
      continue;
    }
    DecodedChar d = decode(text, pos);
    if (d.cls != CharClass::kWord) {
      pos = d.end;
      next_joined = false;
      continue;
    }
    Word word;
    word.begin = pos;
    word.hyphen_joined = next_joined;
    next_joined = false;
    pos = d.end;
    while (pos < text.size()) {
      if (ascii_alnum(static_cast<unsigned char>(text[pos]))) {
        ++pos;
        continue;
      }
      d = decode(text, pos);
      if (d.cls == CharClass::kWord) {
        pos = d.end;
        continue;
      }
      if (d.cls == CharClass::kApostrophe && d.end < text.size() &&
          decode(text, d.end).cls == CharClass::kWord) {
        pos = d.end;
        continue;
      }
      break;
    }
    word.end = pos;
    // "U.S." / "U.S.S.R.": single letters each followed by a dot.
    if (short_length(text, word.begin, word.end) == 1 && pos < text.size() &&
        decode(text, pos).cls == CharClass::kDot) {
      std::size_t scan = pos;
      std::size_t acronym_end = word.end;
      int letters = 1;
      while (scan < text.size() && decode(text, scan).cls == CharClass::kDot) {
        std::size_t letter = decode(text, scan).end;
        if (letter >= text.size() || decode(text, letter).cls != CharClass::kWord) break;
        std::size_t after = decode(text, letter).end;
        if (after < text.size() && decode(text, after).cls == CharClass::kWord) break;
        ++letters;
        acronym_end = after;
        scan = after;
      }
      if (letters >= 2) {
        word.end = acronym_end;
        word.acronym = true;
        pos = acronym_end;
      }
    }
    out.push_back(word);
    if (pos < text.size()) {
      d = decode(text, pos);
      if (d.cls == CharClass::kHyphen && d.end < text.size() &&
          decode(text, d.end).cls == CharClass::kWord) {
        next_joined = true;
        pos = d.end;
      }
    }
  }
}

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> out;
  split_words(text, out);
  return out;
}

std::vector<std::string_view> parts_outside_brackets(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  auto add = [&](std::string_view part) {
    const std::size_t first = part.find_first_not_of(" \t\n");
    parts.push_back(first == std::string_view::npos ? std::string_view()
                                                    : part.substr(first, part.find_last_not_of(" \t\n") - first + 1));
  };
  std::size_t depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && depth > 0) --depth;
    if (text[i] == separator && depth == 0) {
      add(text.substr(start, i - start));
      start = i + 1;
    }
  }
  add(text.substr(start));
  return parts;
}

std::string folded_word(std::string_view text, const Word& word) {
  std::string_view raw = text.substr(word.begin, word.end - word.begin);
  if (!word.acronym) return fold(raw);
  std::string letters;
  letters.reserve(raw.size());
  for (char c : raw) {
    if (c != '.') letters += c;
  }
  return fold(letters);
}

}  // namespace chancery
