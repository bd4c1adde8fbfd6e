#include "index/text_words.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

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

// Where `text` from `from` on first writes `word` (its start and end; npos
// for none): in lowercase (its first letter so, the rest in any case: "long",
// "lONG" a typist's slip, not "Long"), or in any case with joiners between
// its letters.
std::pair<std::size_t, std::size_t> find_word_from(std::string_view text, std::string_view word, std::size_t from,
                                                   bool lowercase) {
  const char either[2] = {word.front(), static_cast<char>(word.front() - 'a' + 'A')};
  for (std::size_t at = from; at < text.size(); ++at) {
    at = lowercase ? text.find(either[0], at) : text.find_first_of(std::string_view(either, 2), at);
    if (at == std::string_view::npos) break;
    if (const std::size_t end = word_end(text, word, at, !lowercase); end != std::string_view::npos) return {at, end};
  }
  return {std::string_view::npos, std::string_view::npos};
}

bool has_word_from(std::string_view text, std::string_view word, std::size_t from, bool lowercase) {
  return find_word_from(text, word, from, lowercase).first != std::string_view::npos;
}

// Where a slot's text, read a step at a time (most words are found in the
// first), first writes `word` (find_word_from()); npos for none. `text` is
// left as read.
std::pair<std::size_t, std::size_t> find_in_steps(SnippetText& text, std::string_view word, bool lowercase) {
  std::size_t searched = 0;   // where the next step's search starts: a written word's length of overlap
  while (text.extend()) {
    const std::string_view decoded = text.decoded();
    if (const auto found = find_word_from(decoded, word, searched, lowercase); found.first != std::string_view::npos) {
      return found;
    }
    const std::size_t overlap = 4 * word.size();   // the word with a joiner between each two letters
    searched = decoded.size() > overlap ? decoded.size() - overlap : 0;
  }
  return {std::string_view::npos, std::string_view::npos};
}

// Whether a text slot's text writes `word`. A word in any case is also
// looked for in the text folded as the index folds it.
bool slot_has_word(std::string slot, std::string_view word, bool lowercase) {
  SnippetText text = SnippetText::from_slot(std::move(slot));
  if (find_in_steps(text, word, lowercase).first != std::string_view::npos) return true;
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

template <typename Value>
Value remembered(std::unordered_map<std::string, Value>& known, const std::string& word,
                 const std::function<Value()>& answer) {
  if (auto found = known.find(word); found != known.end()) return found->second;
  Value value = answer();
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

std::vector<std::pair<std::string, unsigned>> written_forms(const Xapian::Database& db, const std::string& word) {
  std::string term;
  for (char c : word) {
    if (c != '-') term += c;
  }
  if (!is_lowercase_ascii_word(term)) return {};
  // A hyphenated spelling ("en-lai") is written with its joiners, not run
  // together ("Enlai" is another spelling, which shares its term).
  const bool hyphenated = term.size() != word.size();
  // Each record's first writing of it.
  std::vector<std::pair<std::string, unsigned>> forms;
  unsigned read = 0;
  for (Xapian::PostingIterator it = db.postlist_begin(term); it != db.postlist_end(term) && read < kSampledRecords;
       ++it, ++read) {
    const Xapian::Document doc = db.get_document(*it, Xapian::DOC_ASSUME_VALID);
    SnippetText text = SnippetText::from_slot(doc.get_value(t::kTextSlot));
    const auto [at, end] = find_in_steps(text, term, false);
    if (at == std::string_view::npos) continue;
    const std::string_view form = text.decoded().substr(at, end - at);
    if (hyphenated && form.size() == term.size()) continue;
    auto known = std::find_if(forms.begin(), forms.end(), [&](const auto& f) { return f.first == form; });
    if (known == forms.end()) {
      forms.emplace_back(std::string(form), 1);
    } else {
      ++known->second;
    }
  }
  return forms;
}

std::string written_form(const Xapian::Database& db, const std::string& word) {
  return most_written(written_forms(db, word));
}

std::string most_written(const std::vector<std::pair<std::string, unsigned>>& forms) {
  if (forms.empty()) return {};
  // The first of a tie.
  return std::max_element(forms.begin(), forms.end(), [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

bool TextWords::common(const Xapian::Database& db, const std::string& word) {
  if (!is_lowercase_ascii_word(word)) return false;
  return remembered<bool>(common_, word, [&] { return written_in_lowercase(db, word); });
}

bool TextWords::written(const Xapian::Database& db, const std::string& word) {
  if (!is_lowercase_ascii_word(word)) return true;
  return remembered<bool>(written_, word, [&] { return written_in_text(db, word); });
}

std::string TextWords::form(const Xapian::Database& db, const std::string& word) {
  return most_written(forms(db, word));
}

std::vector<std::pair<std::string, unsigned>> TextWords::forms(const Xapian::Database& db, const std::string& word) {
  return remembered<std::vector<std::pair<std::string, unsigned>>>(forms_, word,
                                                                    [&] { return written_forms(db, word); });
}

}  // namespace chancery
