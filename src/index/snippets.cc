#include "index/snippets.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "util/compression.h"
#include "util/text_fold.h"
#include "util/word_tokenizer.h"

namespace chancery {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026
// A snippet is looked for in the first kFirstStepBytes of the text, and only
// when that has no match, in steps four times as long, up to kMaxScanBytes.
// Without query words it is the beginning of the first kFirstScanBytes.
constexpr std::size_t kFirstStepBytes = 1024;
constexpr std::size_t kSteps = 4;   // 1, 4, 16 and 64 KiB
// The first steps of the text slot's value stay plain (encode_snippet_text).
constexpr std::size_t kPlainSteps = 2;
constexpr std::size_t kFirstScanBytes = 16 * 1024;
constexpr std::size_t kMaxScanBytes = 64 * 1024;

std::string_view cut_utf8(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// The length of a prefix of `text` of about `max` bytes that ends at ASCII
// whitespace (or the whole text when it is no longer; `max` cut at a
// character boundary when no whitespace is near).
std::size_t whitespace_cut(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text.size();
  for (std::size_t end = max; end > max / 2; --end) {
    const char c = text[end];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') return end;
  }
  return cut_utf8(text, max).size();
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

namespace {

// Appends `text` to `out`, escaped as html_escape does.
void append_escaped(std::string& out, std::string_view text) {
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
}

}  // namespace

namespace {

// Where the steps of the scan end in `text`: about 1, 4, 16 and 64 KiB in
// (at whitespace, the last at a character boundary), then the end.
std::array<std::size_t, kSteps + 1> step_ends(std::string_view text) {
  const std::string_view scanned = cut_utf8(text, kMaxScanBytes);
  std::array<std::size_t, kSteps + 1> ends{};
  std::size_t end = 0;
  std::size_t step = kFirstStepBytes;
  for (std::size_t i = 0; i < kSteps; ++i, step *= 4) {
    end = std::max(end, whitespace_cut(scanned, step));
    ends[i] = end;
  }
  ends[kSteps] = text.size();
  return ends;
}

// The zstd frame magic number, as it starts every frame.
constexpr std::string_view kFrameMagic = "\x28\xB5\x2F\xFD";

// A frame claiming more than this is taken for damage (the builder stores at
// most 64 KiB in all).
constexpr std::size_t kMaxStepBytes = 1024 * 1024;

}  // namespace

std::string encode_snippet_text(std::string_view text) {
  const std::array<std::size_t, kSteps + 1> ends = step_ends(text);
  const std::size_t plain_end = ends[kPlainSteps - 1];
  // The first steps stay plain unless they hold bytes that read as a frame
  // (never in valid UTF-8): a reader takes the first frame to end them.
  const bool plain_head = text.substr(0, plain_end).find(kFrameMagic) == std::string_view::npos;
  std::string out;
  std::size_t begin = 0;
  if (plain_head) {
    out.assign(text.substr(0, plain_end));
    begin = plain_end;
  }
  for (const std::size_t end : ends) {
    if (end > begin) out += compress_text(text.substr(begin, end - begin));
    begin = std::max(begin, end);
  }
  return out;
}

std::string decode_snippet_text(std::string_view slot) {
  SnippetText text = SnippetText::from_slot(std::string(slot));
  while (text.extend()) {
  }
  return text.damaged() ? std::string() : std::string(text.decoded());
}

SnippetText SnippetText::plain(std::string_view text) {
  SnippetText out;
  out.plain_ = text;
  out.ends_ = step_ends(text);
  return out;
}

SnippetText SnippetText::from_slot(std::string slot) {
  SnippetText out;
  const std::size_t first_frame = slot.find(kFrameMagic);
  out.frames_ = first_frame != std::string::npos;
  out.plain_head_ = out.frames_ ? first_frame : 0;
  out.owned_ = std::move(slot);
  out.owns_plain_ = !out.frames_;
  // The steps of a plain head end where they do in the whole text: a step
  // end depends only on the bytes before it.
  out.ends_ = step_ends(std::string_view(out.owned_).substr(0, out.frames_ ? out.plain_head_ : out.owned_.size()));
  return out;
}

std::string_view SnippetText::decoded() const {
  if (frames_) return decoded_;
  return (owns_plain_ ? std::string_view(owned_) : plain_).substr(0, consumed_);
}

bool SnippetText::extend() {
  if (!frames_) {
    for (const std::size_t end : ends_) {
      if (end > consumed_) {
        consumed_ = end;
        return true;
      }
    }
    return false;
  }
  if (damaged_ || consumed_ >= owned_.size()) return false;
  for (const std::size_t end : ends_) {
    if (end > consumed_) {   // a step of the plain head
      decoded_.assign(owned_, 0, end);
      consumed_ = end;
      return true;
    }
  }
  const std::string_view rest = std::string_view(owned_).substr(consumed_);
  const std::size_t size = compressed_frame_size(rest);
  auto step = size == 0 ? Result<std::string>(fail(ErrorCode::kStorage, "not a frame"))
                        : decompress_text(rest.substr(0, size), kMaxStepBytes);
  if (!step) {
    damaged_ = true;
    return false;
  }
  consumed_ += size;
  decoded_ += *step;
  return true;
}

bool SnippetText::has_text_after(std::size_t pos) {
  for (;;) {
    const std::string_view text = decoded();
    if (pos < text.size() && text.find_first_not_of(" \t\r\n", pos) != std::string_view::npos) return true;
    pos = std::max(pos, text.size());
    if (!extend()) return false;
  }
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  append_escaped(out, text);
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
  SnippetText text = SnippetText::plain(full_text);
  return make_snippet(text, highlighter, max_words);
}

std::string make_snippet(SnippetText& source, const Highlighter& highlighter, std::size_t max_words) {
  if (max_words == 0) return {};
  std::vector<Word> words;
  std::vector<char> matched;
  std::size_t scanned = 0;  // bytes of the text tokenised so far
  if (highlighter.empty()) {
    // No query words: the beginning, so only the first max_words + 1 words
    // (the last one tells whether text follows) are needed.
    while (source.decoded().size() <= kFirstScanBytes && source.extend()) {
    }
    const std::string_view limit = cut_utf8(source.decoded(), kFirstScanBytes);
    for (std::size_t want = std::max<std::size_t>(512, max_words * 16);; want *= 4) {
      scanned = whitespace_cut(limit, want);
      split_words(limit.substr(0, scanned), words);
      if (words.size() > max_words || scanned == limit.size()) break;
    }
    matched.assign(words.size(), 0);
  } else {
    // The steps of the text (SnippetText), each ending at whitespace (so no
    // word is cut and tokenising a step alone gives the words tokenising the
    // whole would): the scan stops after the first step that has a match.
    std::vector<Word> step_words;
    std::string key;
    bool any = false;
    while (!any && source.extend()) {
      const std::string_view text = cut_utf8(source.decoded(), kMaxScanBytes);
      if (text.size() <= scanned) break;   // the step lies beyond kMaxScanBytes
      split_words(text.substr(scanned), step_words);
      for (Word word : step_words) {
        word.begin += scanned;
        word.end += scanned;
        bool hit = false;
        if (highlighter.may_match(static_cast<unsigned char>(text[word.begin]))) {
          fold_word_into(text, word, key);
          hit = highlighter.matches(key);
        }
        words.push_back(word);
        matched.push_back(hit);
        any = any || hit;
      }
      scanned = text.size();
    }
  }
  const std::string_view scanned_text = source.decoded().substr(0, scanned);
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
    append_escaped(out, scanned_text.substr(pos, words[i].begin - pos));
    std::string_view word = scanned_text.substr(words[i].begin, words[i].end - words[i].begin);
    if (matched[i]) {
      out += "<mark>";
      append_escaped(out, word);
      out += "</mark>";
    } else {
      append_escaped(out, word);
    }
    pos = words[i].end;
  }
  // Keep closing punctuation up to the next space ("1956." or "word)").
  std::size_t tail = pos;
  while (tail < scanned_text.size() && tail < pos + 8 && std::ispunct(static_cast<unsigned char>(scanned_text[tail]))) ++tail;
  if (last + 1 < words.size() && tail > words[last + 1].begin) tail = pos;
  append_escaped(out, scanned_text.substr(pos, tail - pos));
  const bool more_text = last + 1 < words.size() || source.has_text_after(scanned);
  if (more_text) out += kEllipsis;
  for (char& c : out) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace chancery
