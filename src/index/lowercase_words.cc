#include "index/lowercase_words.h"

#include <algorithm>

#include "index/index_terms.h"
#include "index/snippets.h"

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

// has_lowercase_word() from `from` on.
bool has_lowercase_word_from(std::string_view text, std::string_view word, std::size_t from) {
  // Find the word's first letter in lowercase, then compare the rest
  // without regard to case: "long", "lONG" (a typist's slip) but not "Long".
  const std::string_view rest = word.substr(1);
  for (std::size_t at = text.find(word.front(), from); at != std::string_view::npos;
       at = text.find(word.front(), at + 1)) {
    if (at > 0 && word_byte(text[at - 1])) continue;
    const std::size_t end = at + word.size();
    if (end > text.size()) return false;
    if (end < text.size() && word_byte(text[end])) continue;
    bool same = true;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if ((static_cast<unsigned char>(text[at + 1 + i]) | 0x20) != static_cast<unsigned char>(rest[i])) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}

// Whether a text slot's text writes `word` in lowercase, read a step at a
// time: most common words are found in the first.
bool slot_has_lowercase_word(std::string slot, std::string_view word) {
  SnippetText text = SnippetText::from_slot(std::move(slot));
  std::size_t searched = 0;   // bytes of decoded() looked at, less a word's length of overlap
  while (text.extend()) {
    const std::string_view decoded = text.decoded();
    if (has_lowercase_word_from(decoded, word, searched)) return true;
    searched = decoded.size() > word.size() ? decoded.size() - word.size() : 0;
  }
  return false;
}

}  // namespace

bool has_lowercase_word(std::string_view text, std::string_view word) {
  return is_lowercase_ascii_word(word) && has_lowercase_word_from(text, word, 0);
}

bool written_in_lowercase(const Xapian::Database& db, const std::string& word) {
  if (!is_lowercase_ascii_word(word) || db.get_termfreq(word) < kLowercaseRecords) return false;
  unsigned read = 0;
  unsigned lowercase = 0;
  for (Xapian::PostingIterator it = db.postlist_begin(word); it != db.postlist_end(word) && read < kSampledRecords;
       ++it, ++read) {
    const Xapian::Document doc = db.get_document(*it, Xapian::DOC_ASSUME_VALID);
    if (slot_has_lowercase_word(doc.get_value(t::kTextSlot), word) && ++lowercase == kLowercaseRecords) return true;
    // Too few records left to read for the rest.
    if (lowercase + (kSampledRecords - read - 1) < kLowercaseRecords) return false;
  }
  return false;
}

bool LowercaseWords::common(const Xapian::Database& db, const std::string& word) {
  if (!is_lowercase_ascii_word(word)) return false;
  if (auto found = known_.find(word); found != known_.end()) return found->second;
  const bool answer = written_in_lowercase(db, word);
  if (known_.size() >= kMaxWords) known_.clear();
  known_.emplace(word, answer);
  return answer;
}

}  // namespace chancery
