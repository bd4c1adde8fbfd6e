#include "index/text_words.h"

#include <algorithm>
#include <functional>

#include "index/index_terms.h"
#include "index/snippets.h"
#include "util/text_fold.h"

namespace chancery {
namespace {

namespace t = index_terms;

bool is_lowercase_ascii_word(std::string_view word) {
  return !word.empty() && word.size() <= t::kMaxWordBytes &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// A byte that continues a word: an ASCII letter or digit, or any byte of a
// multibyte UTF-8 character (accented letters, other scripts).
bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
}

bool same_letter(char text, char folded) {
  return (static_cast<unsigned char>(text) | 0x20) == static_cast<unsigned char>(folded);
}

// A joiner between two letters of a hyphenated word: "-", "'" or U+2019
// (three bytes); its length at `at`, or 0.
std::size_t joiner_at(std::string_view text, std::size_t at) {
  if (at >= text.size()) return 0;
  if (text[at] == '-' || text[at] == '\'') return 1;
  if (text.substr(at, 3) == "\xe2\x80\x99") return 3;
  return 0;
}

// Where `word` (lowercase letters) ends in `text` from `at`, as a whole word
// (std::string_view::npos when it does not): with `joined`, joiners may stand
// between its letters.
std::size_t word_end(std::string_view text, std::string_view word, std::size_t at, bool joined) {
  if (at > 0 && word_byte(text[at - 1])) return std::string_view::npos;
  std::size_t pos = at;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (joined && i > 0) {
      if (const std::size_t joiner = joiner_at(text, pos); joiner > 0 && pos + joiner < text.size() &&
                                                           same_letter(text[pos + joiner], word[i])) {
        pos += joiner;
      }
    }
    if (pos >= text.size() || !same_letter(text[pos], word[i])) return std::string_view::npos;
    ++pos;
  }
  if (pos < text.size() && word_byte(text[pos])) return std::string_view::npos;
  return pos;
}

// Whether `text` from `from` on writes `word`: in lowercase (its first letter
// so, the rest in any case: "long", "lONG" a typist's slip, not "Long"), or
// in any case with joiners between its letters.
bool has_word_from(std::string_view text, std::string_view word, std::size_t from, bool lowercase) {
  const char either[2] = {word.front(), static_cast<char>(word.front() - 'a' + 'A')};
  for (std::size_t at = from; at < text.size(); ++at) {
    at = lowercase ? text.find(either[0], at) : text.find_first_of(std::string_view(either, 2), at);
    if (at == std::string_view::npos) return false;
    if (word_end(text, word, at, !lowercase) != std::string_view::npos) return true;
  }
  return false;
}

// Whether a text slot's text writes `word`, read a step at a time: most
// words are found in the first. A word in any case is also looked for in the
// text folded as the index folds it.
bool slot_has_word(std::string slot, std::string_view word, bool lowercase) {
  SnippetText text = SnippetText::from_slot(std::move(slot));
  std::size_t searched = 0;   // where the next step's search starts: a written word's length of overlap
  while (text.extend()) {
    const std::string_view decoded = text.decoded();
    if (has_word_from(decoded, word, searched, lowercase)) return true;
    const std::size_t overlap = 4 * word.size();   // the word with a joiner between each two letters
    searched = decoded.size() > overlap ? decoded.size() - overlap : 0;
  }
  // Written with letters the index folds ("Gomułka" for "gomulka")?
  const std::string_view whole = text.decoded();
  if (lowercase || std::all_of(whole.begin(), whole.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return false;
  }
  return has_word_from(fold(whole), word, 0, false);
}

// How many of the first kSampledRecords records holding `word` write it,
// counting no further than `enough`.
unsigned records_writing(const Xapian::Database& db, const std::string& word, bool lowercase, unsigned enough) {
  unsigned read = 0;
  unsigned writing = 0;
  for (Xapian::PostingIterator it = db.postlist_begin(word); it != db.postlist_end(word) && read < kSampledRecords;
       ++it, ++read) {
    const Xapian::Document doc = db.get_document(*it, Xapian::DOC_ASSUME_VALID);
    if (slot_has_word(doc.get_value(t::kTextSlot), word, lowercase) && ++writing == enough) break;
    if (writing + (kSampledRecords - read - 1) < enough) break;   // too few records left to read
  }
  return writing;
}

bool remembered(std::unordered_map<std::string, bool>& known, const std::string& word,
                const std::function<bool()>& answer) {
  if (auto found = known.find(word); found != known.end()) return found->second;
  const bool value = answer();
  if (known.size() >= TextWords::kMaxWords) known.clear();
  known.emplace(word, value);
  return value;
}

}  // namespace

bool has_lowercase_word(std::string_view text, std::string_view word) {
  return is_lowercase_ascii_word(word) && has_word_from(text, word, 0, true);
}

bool has_written_word(std::string_view text, std::string_view word) {
  return is_lowercase_ascii_word(word) && has_word_from(text, word, 0, false);
}

bool written_in_lowercase(const Xapian::Database& db, const std::string& word) {
  if (!is_lowercase_ascii_word(word) || db.get_termfreq(word) < kLowercaseRecords) return false;
  return records_writing(db, word, true, kLowercaseRecords) >= kLowercaseRecords;
}

bool written_in_text(const Xapian::Database& db, const std::string& word) {
  if (!is_lowercase_ascii_word(word)) return true;
  return records_writing(db, word, false, 1) >= 1;
}

bool TextWords::common(const Xapian::Database& db, const std::string& word) {
  if (!is_lowercase_ascii_word(word)) return false;
  return remembered(common_, word, [&] { return written_in_lowercase(db, word); });
}

bool TextWords::written(const Xapian::Database& db, const std::string& word) {
  if (!is_lowercase_ascii_word(word)) return true;
  return remembered(written_, word, [&] { return written_in_text(db, word); });
}

}  // namespace chancery
