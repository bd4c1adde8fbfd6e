#include "index/snippets.h"

#include <algorithm>
#include <cctype>

#include "util/text_fold.h"
#include "util/word_tokenizer.h"

namespace chancery {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026
// A snippet is looked for in the first kFirstScanBytes of the text, and only
// when that has no match, in the first kMaxScanBytes.
constexpr std::size_t kFirstScanBytes = 16 * 1024;
constexpr std::size_t kMaxScanBytes = 64 * 1024;

std::string_view cut_utf8(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// The folded key of `word` into `key`, reusing its buffer: ASCII words (most
// of them) are lower-cased in place, exactly as fold() would.
void fold_word_into(std::string_view text, const Word& word, std::string& key) {
  const std::string_view raw = text.substr(word.begin, word.end - word.begin);
  if (word.acronym || !is_ascii(raw)) {
    key = folded_word(text, word);
    return;
  }
  key.assign(raw);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Highlighter::Highlighter(const std::vector<QueryWord>& words, std::vector<Xapian::Stem> stemmers)
    : stemmers_(std::move(stemmers)) {
  for (const QueryWord& word : words) {
    if (word.key.empty()) continue;
    if (word.wildcard) {
      word_starts_.push_back(word.key);
      continue;
    }
    keys_.insert(word.key);
    for (const Xapian::Stem& stemmer : stemmers_) stems_.insert(stemmer(word.key));
  }
  for (const std::string& stem : stems_) {
    if (!stem.empty()) stem_first_byte_[static_cast<unsigned char>(stem[0])] = true;
  }
  first_byte_ = stem_first_byte_;
  for (const std::string& key : keys_) first_byte_[static_cast<unsigned char>(key[0])] = true;
  for (const std::string& start : word_starts_) first_byte_[static_cast<unsigned char>(start[0])] = true;
}

bool Highlighter::matches(const std::string& key) const {
  if (key.empty()) return false;
  // Most words of a text share no first byte with any query word, stem or
  // wildcard start: they are answered without hashing.
  if (!first_byte_[static_cast<unsigned char>(key[0])]) return false;
  if (keys_.contains(key)) return true;
  auto [it, inserted] = seen_.try_emplace(key, false);
  if (inserted) {
    for (const std::string& start : word_starts_) {
      if (key.starts_with(start)) {
        it->second = true;
        return true;
      }
    }
    const bool numeric = key[0] >= '0' && key[0] <= '9';
    const bool may_stem_alike = stem_first_byte_[static_cast<unsigned char>(key[0])];
    for (const Xapian::Stem& stemmer : stemmers_) {
      if (numeric || !may_stem_alike) break;
      if (stems_.contains(stemmer(key))) {
        it->second = true;
        break;
      }
    }
  }
  return it->second;
}

std::string make_snippet(std::string_view full_text, const Highlighter& highlighter, std::size_t max_words) {
  if (max_words == 0) return {};
  std::string_view text = cut_utf8(full_text, kFirstScanBytes);
  std::vector<Word> words;
  std::vector<char> matched;
  for (bool widened = false;; widened = true) {
    words = split_words(text);
    matched.assign(words.size(), 0);
    bool any = false;
    if (!highlighter.empty()) {
      std::string key;
      for (std::size_t i = 0; i < words.size(); ++i) {
        fold_word_into(text, words[i], key);
        matched[i] = highlighter.matches(key);
        any = any || matched[i];
      }
    }
    if (any || highlighter.empty() || widened || full_text.size() <= kFirstScanBytes) break;
    text = cut_utf8(full_text, kMaxScanBytes);
  }
  if (words.empty()) return {};
  // The window of max_words words with the most matches (earliest wins).
  const std::size_t window = std::min(max_words, words.size());
  std::size_t best_start = 0;
  std::size_t best_count = 0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    count += matched[i];
    if (i >= window) count -= matched[i - window];
    if (i + 1 >= window && count > best_count) {
      best_count = count;
      best_start = i + 1 - window;
    }
  }
  // Start a little before the first match so it has some context.
  if (best_count > 0) {
    std::size_t first = best_start;
    while (!matched[first]) ++first;
    const std::size_t lead = std::min<std::size_t>(first - best_start, window / 4);
    best_start = first - lead;
    if (best_start + window > words.size()) best_start = words.size() - window;
  }
  const std::size_t last = best_start + window - 1;

  std::string out;
  if (best_start > 0) out += kEllipsis;
  std::size_t pos = best_start == 0 ? 0 : words[best_start].begin;
  for (std::size_t i = best_start; i <= last; ++i) {
    out += html_escape(text.substr(pos, words[i].begin - pos));
    std::string_view word = text.substr(words[i].begin, words[i].end - words[i].begin);
    if (matched[i]) {
      out += "<mark>";
      out += html_escape(word);
      out += "</mark>";
    } else {
      out += html_escape(word);
    }
    pos = words[i].end;
  }
  // Keep closing punctuation up to the next space ("1956." or "word)").
  std::size_t tail = pos;
  while (tail < text.size() && tail < pos + 8 && std::ispunct(static_cast<unsigned char>(text[tail]))) ++tail;
  if (last + 1 < words.size() && tail > words[last + 1].begin) tail = pos;
  out += html_escape(text.substr(pos, tail - pos));
  if (last + 1 < words.size()) out += kEllipsis;
  for (char& c : out) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace chancery
