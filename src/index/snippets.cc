#include "index/snippets.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CHANCERY_WIDE_SCAN 1
#else
#define CHANCERY_WIDE_SCAN 0
#endif

#include "index/word_pairs.h"
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
// `raw` (ASCII) lower-cased into `key`, reusing its buffer: what fold() gives.
void lower_ascii_into(std::string_view raw, std::string& key) {
  key.assign(raw);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

void fold_word_into(std::string_view text, const Word& word, std::string& key) {
  const std::string_view raw = text.substr(word.begin, word.end - word.begin);
  if (word.acronym || !is_ascii(raw)) {
    key = folded_word(text, word);
    return;
  }
  lower_ascii_into(raw, key);
}

// Whether the highlighter matches `word` of `text` (`key`: a buffer).
bool word_matches(std::string_view text, const Word& word, const Highlighter& highlighter, std::string& key) {
  if (!highlighter.may_match(static_cast<unsigned char>(text[word.begin]))) return false;
  fold_word_into(text, word, key);
  return highlighter.matches(key);
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
    if (end > consumed_) {   // a step of the plain head (decoded_ holds the bytes before it)
      decoded_.append(owned_, consumed_, end - consumed_);
      consumed_ = end;
      return true;
    }
  }
  const std::string_view rest = std::string_view(owned_).substr(consumed_);
  const std::size_t size = compressed_frame_size(rest);
  if (size == 0 || !decompress_text_into(rest.substr(0, size), kMaxStepBytes, decoded_)) {
    damaged_ = true;
    return false;
  }
  consumed_ += size;
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

Highlighter::Highlighter(const std::vector<QueryWord>& words, std::vector<Xapian::Stem> stemmers,
                         const std::vector<std::string>& unmarked)
    : unmarked_(unmarked.begin(), unmarked.end()), stemmers_(std::move(stemmers)) {
  for (const Xapian::Stem& stemmer : stemmers_) stemmer_names_.push_back(stemmer.get_description());
  for (const QueryWord& word : words) {
    if (word.key.empty()) continue;
    if (word.wildcard) {
      word_starts_.push_back(word.key);
      continue;
    }
    keys_.insert(word.key);
    for (const Xapian::Stem& stemmer : stemmers_) stems_.insert(stemmer(word.key));
    wants_adjacent_ = wants_adjacent_ || (word.together && word.prefix.empty());
  }
  only_function_words_ = word_starts_.empty() && !keys_.empty() &&
                         std::all_of(keys_.begin(), keys_.end(), [](const std::string& key) { return common_word(key).function; });
  // Most Snowball stemmers rewrite the end of a word only; these also take
  // prefixes off (Arabic "al-", Irish initial mutations: "gcapall" ->
  // "capall", Indonesian "meng-"), so with one of them any word may stem to
  // a query stem.
  bool any_word_may_stem = false;
  for (const std::string& name : stemmer_names_) {
    for (const char* language : {"(arabic)", "(irish)", "(indonesian)"}) {
      any_word_may_stem = any_word_may_stem || name.find(language) != std::string::npos;
    }
  }
  any_word_may_stem = any_word_may_stem && !stems_.empty();
  for (const std::string& stem : stems_) {
    if (!stem.empty()) stem_first_byte_[static_cast<unsigned char>(stem[0])] = true;
  }
  if (any_word_may_stem) stem_first_byte_.fill(true);
  first_byte_ = stem_first_byte_;
  for (const std::string& key : keys_) first_byte_[static_cast<unsigned char>(key[0])] = true;
  for (const std::string& start : word_starts_) first_byte_[static_cast<unsigned char>(start[0])] = true;
  for (char c = 'a'; c <= 'z'; ++c) {
    if (first_byte_[static_cast<unsigned char>(c)]) ascii_first_bytes_ += c;
  }
  for (char c = '0'; c <= '9'; ++c) {
    if (first_byte_[static_cast<unsigned char>(c)]) ascii_first_bytes_ += c;
  }
  if (any_word_may_stem) return;
  // A word equal to a key starts with its two bytes, one that begins with a
  // wildcard start with its. One that stems to a stem starts with its first
  // two bytes too when the stem is longer than three bytes: the rewrites
  // that reach a word's second letter leave a short stem ("dying" -> "die",
  // "skies" -> "sky"), so a short stem lets any second byte through.
  first_pairs_.assign((1 << 16) / 64, 0);
  auto allow = [this](unsigned char first, unsigned char second) {
    const unsigned pair = first << 8 | second;
    first_pairs_[pair / 64] |= std::uint64_t{1} << (pair % 64);
  };
  auto allow_start = [&](const std::string& start, std::size_t min_size) {
    if (start.empty()) return;
    if (start.size() >= min_size) {
      allow(static_cast<unsigned char>(start[0]), static_cast<unsigned char>(start[1]));
      return;
    }
    for (unsigned second = 0; second < 256; ++second) allow(static_cast<unsigned char>(start[0]), static_cast<unsigned char>(second));
  };
  for (const std::string& key : keys_) {
    allow(static_cast<unsigned char>(key[0]), key.size() > 1 ? static_cast<unsigned char>(key[1]) : 0);
  }
  for (const std::string& stem : stems_) allow_start(stem, 4);
  for (const std::string& start : word_starts_) allow_start(start, 2);
}

namespace {

// The stems of the words snippets meet, per stemmer, kept by each thread
// across searches: the same words come back hit after hit, and a stem costs
// more than a lookup. Forgotten beyond a bound.
constexpr std::size_t kMaxMemoStems = 1 << 16;

const std::string& memo_stem(const Xapian::Stem& stemmer, const std::string& stemmer_name, const std::string& word) {
  thread_local std::unordered_map<std::string, std::unordered_map<std::string, std::string>> memo;
  auto& stems = memo[stemmer_name];
  auto it = stems.find(word);
  if (it != stems.end()) return it->second;
  if (stems.size() >= kMaxMemoStems) stems.clear();
  return stems.emplace(word, stemmer(word)).first->second;
}

}  // namespace

bool Highlighter::matches(const std::string& key) const {
  if (key.empty()) return false;
  // Most words of a text share no first byte with any query word, stem or
  // wildcard start: they are answered without hashing.
  if (!first_byte_[static_cast<unsigned char>(key[0])]) return false;
  if (!first_pairs_.empty()) {
    const unsigned pair = static_cast<unsigned char>(key[0]) << 8 | (key.size() > 1 ? static_cast<unsigned char>(key[1]) : 0u);
    if ((first_pairs_[pair / 64] >> (pair % 64) & 1) == 0) return false;
  }
  if (keys_.contains(key)) return true;
  auto [it, inserted] = seen_.try_emplace(key, false);
  if (inserted) {
    for (const std::string& start : word_starts_) {
      if (key.starts_with(start)) {
        it->second = true;
        return true;
      }
    }
    if (unmarked_.contains(key)) return false;
    const bool numeric = key[0] >= '0' && key[0] <= '9';
    const bool may_stem_alike = stem_first_byte_[static_cast<unsigned char>(key[0])];
    for (std::size_t i = 0; i < stemmers_.size(); ++i) {
      if (numeric || !may_stem_alike) break;
      if (stems_.contains(memo_stem(stemmers_[i], stemmer_names_[i], key))) {
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

namespace {

// Byte classes for reading text without the tokenizer.
enum ByteClass : unsigned char { kSpace, kAlnum, kPunct, kHigh };

constexpr std::array<unsigned char, 256> byte_classes() {
  std::array<unsigned char, 256> classes{};
  for (std::size_t c = 0; c < 256; ++c) {
    if (c >= 0x80) {
      classes[c] = kHigh;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      classes[c] = kAlnum;
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      classes[c] = kSpace;
    } else {
      classes[c] = kPunct;
    }
  }
  return classes;
}
constexpr std::array<unsigned char, 256> kByteClass = byte_classes();

bool is_space_byte(char c) { return kByteClass[static_cast<unsigned char>(c)] == kSpace; }

// A word the highlighter matched: where it starts in the text, its number
// among the words of the text, and whether it is a function word ("of",
// "the": word_pairs.h).
struct Match {
  std::size_t begin = 0;
  std::size_t index = 0;
  bool function = false;
};

bool is_function_word(const std::string& key) { return common_word(key).function; }

// Leaves out the matches of function words that stand in no run of adjacent
// matches with another word: the "of" of "Secretary of State" is marked within
// the phrase, not in every "of" of the text, and does not pull the snippet's
// window towards itself. When the query has only function words, all stay.
void drop_lone_function_words(std::vector<Match>& matches, const Highlighter& highlighter) {
  if (highlighter.only_function_words()) return;
  if (std::none_of(matches.begin(), matches.end(), [](const Match& m) { return m.function; })) return;
  std::vector<Match> kept;
  kept.reserve(matches.size());
  for (std::size_t i = 0; i < matches.size();) {
    std::size_t end = i + 1;
    bool other = !matches[i].function;
    while (end < matches.size() && matches[end].index == matches[end - 1].index + 1) {
      other = other || !matches[end].function;
      ++end;
    }
    for (std::size_t k = i; k < end; ++k) {
      if (other || !matches[k].function) kept.push_back(matches[k]);
    }
    i = end;
  }
  matches.swap(kept);
}

// The first of `matches` (in text order) whose word number is `index` or more.
std::vector<Match>::const_iterator first_match_from(const std::vector<Match>& matches, std::size_t index) {
  return std::lower_bound(matches.begin(), matches.end(), index,
                          [](const Match& m, std::size_t i) { return m.index < i; });
}

// What a scan of a text found: the matches, and how many words it read.
struct Scan {
  std::vector<Match> matches;
  std::size_t words = 0;
};

// Whether the scan may stop: it has a match that counts on its own (of a word
// other than a function word, or of any word when the query has only those).
bool found_enough(const Scan& scan, const Highlighter& highlighter) {
  if (highlighter.only_function_words()) return !scan.matches.empty();
  if (highlighter.wants_adjacent()) {
    // Two matches side by side, one of them not a function word.
    for (std::size_t i = 1; i < scan.matches.size(); ++i) {
      const Match& a = scan.matches[i - 1];
      const Match& b = scan.matches[i];
      if (b.index == a.index + 1 && !(a.function && b.function)) return true;
    }
    return false;
  }
  return std::any_of(scan.matches.begin(), scan.matches.end(), [](const Match& m) { return !m.function; });
}

// Reads the words of text[from, to) as split_words gives them, counting them
// in `scan` and keeping those the highlighter matches. ASCII whitespace ends
// every word, hyphen chain and acronym, so the stretches between whitespace
// are read one at a time (`from` must be at whitespace, or at a step end of
// the scan). Most stretches are ASCII with one run of letters and digits,
// maybe with punctuation around it ("(Soviet,"): exactly one word, read
// without the tokenizer. The others ("Khrushchev's", "U.S.", text with
// non-ASCII bytes) are tokenised.
void scan_stretches(std::string_view text, std::size_t from, std::size_t to, const Highlighter& highlighter,
                    Scan& scan, std::vector<Word>& words, std::string& key) {
  std::size_t pos = from;
  while (pos < to) {
    if (is_space_byte(text[pos])) {
      ++pos;
      continue;
    }
    const std::size_t stretch = pos;
    std::size_t run_begin = 0;
    std::size_t run_end = 0;
    int runs = 0;
    bool simple = true;
    bool in_run = false;
    for (; pos < to; ++pos) {
      const unsigned char cls = kByteClass[static_cast<unsigned char>(text[pos])];
      if (cls == kAlnum) {
        if (!in_run) {
          ++runs;
          run_begin = pos;
          in_run = true;
        }
        continue;
      }
      if (cls == kSpace) break;
      if (in_run) {
        run_end = pos;
        in_run = false;
      }
      if (cls == kHigh) simple = false;
    }
    if (in_run) run_end = pos;
    if (simple && runs <= 1) {
      if (runs == 0) continue;
      if (highlighter.may_match(static_cast<unsigned char>(text[run_begin]))) {
        lower_ascii_into(text.substr(run_begin, run_end - run_begin), key);
        if (highlighter.matches(key)) scan.matches.push_back({run_begin, scan.words, is_function_word(key)});
      }
      ++scan.words;
      continue;
    }
    split_words(text.substr(stretch, pos - stretch), words);
    for (Word word : words) {
      word.begin += stretch;
      word.end += stretch;
      if (word_matches(text, word, highlighter, key)) {
        scan.matches.push_back({word.begin, scan.words, is_function_word(key)});
      }
      ++scan.words;
    }
  }
}

#if defined(__SSE2__)
// 64 bytes at a time: bit i of each mask is about byte i.
struct ByteMasks {
  std::uint64_t alnum = 0;   // ASCII letters and digits
  std::uint64_t space = 0;   // ASCII whitespace
  std::uint64_t odd = 0;     // apostrophes and non-ASCII bytes, but for the punctuation below
  std::uint64_t dot = 0;
  std::uint64_t first = 0;   // bytes a matching word may start with
};

// `first_bytes`: lower-case ASCII letters and digits (at most kMaxFirstBytes).
constexpr std::size_t kMaxFirstBytes = 8;

// The dashes, hyphens and quotation marks of typeset text (U+2010, U+2011,
// U+2013, U+2014, U+2018, U+201C, U+201D: E2 80 xx) separate words as ASCII
// punctuation does; any other non-ASCII byte (a letter, U+2019 which may
// join "Khrushchev’s") makes the piece odd. `lead`, `second` and
// `punctuation_last`: the bytes E2, 80 and 90 91 93 94 98 9C 9D.
inline std::uint64_t odd_bytes(std::uint64_t high, std::uint64_t apostrophe, std::uint64_t lead, std::uint64_t second,
                               std::uint64_t punctuation_last) {
  const std::uint64_t marks = lead & (second >> 1) & (punctuation_last >> 2);
  return apostrophe | (high & ~(marks | marks << 1 | marks << 2));
}

constexpr char kPunctuationLast[] = {'\x90', '\x91', '\x93', '\x94', '\x98', '\x9C', '\x9D'};

ByteMasks byte_masks(const char* p, const std::string& first_bytes) {
  ByteMasks m;
  std::uint64_t high = 0;
  std::uint64_t apostrophe = 0;
  const __m128i case_bit = _mm_set1_epi8(0x20);
  __m128i blocks[4];
  auto bits = [](__m128i x) { return static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(x))); };
  for (int block = 0; block < 4; ++block) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + block * 16));
    blocks[block] = v;
    const __m128i lower = _mm_or_si128(v, case_bit);
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                         _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                        _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    const __m128i space = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
    __m128i first = _mm_setzero_si128();
    for (const char c : first_bytes) first = _mm_or_si128(first, _mm_cmpeq_epi8(lower, _mm_set1_epi8(c)));
    const int shift = block * 16;
    m.alnum |= bits(_mm_or_si128(letter, digit)) << shift;
    m.space |= bits(space) << shift;
    high |= bits(v) << shift;
    apostrophe |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('\''))) << shift;
    m.dot |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))) << shift;
    m.first |= bits(first) << shift;
  }
  m.first &= m.alnum;
  m.odd = apostrophe;
  if (high == 0) return m;   // ASCII (most of running text): no typeset punctuation to tell apart
  std::uint64_t lead = 0;
  std::uint64_t second = 0;
  std::uint64_t punctuation_last = 0;
  for (int block = 0; block < 4; ++block) {
    const __m128i v = blocks[block];
    const int shift = block * 16;
    lead |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE2)))) << shift;
    second |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0x80)))) << shift;
    __m128i third = _mm_setzero_si128();
    for (const char c : kPunctuationLast) third = _mm_or_si128(third, _mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
    punctuation_last |= bits(third) << shift;
  }
  m.odd = odd_bytes(high, apostrophe, lead, second, punctuation_last);
  return m;
}

#endif

#if CHANCERY_WIDE_SCAN
// byte_masks with AVX2: 32 bytes at a time (the same masks in about half the
// instructions), for CPUs without AVX-512 (AMD before Zen 4, Intel's small
// cores) and with AVX2 (nearly all x86-64 since 2013-2015).
#define CHANCERY_AVX2_TARGET __attribute__((target("avx2,popcnt,bmi")))
CHANCERY_AVX2_TARGET inline __m256i bytes_equal_avx2(__m256i x, char c) { return _mm256_cmpeq_epi8(x, _mm256_set1_epi8(c)); }
CHANCERY_AVX2_TARGET inline ByteMasks byte_masks_avx2(const char* p, const std::string& first_bytes) {
  ByteMasks m;
  std::uint64_t high = 0;
  std::uint64_t apostrophe = 0;
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  __m256i blocks[2];
  auto bits = [](__m256i x) CHANCERY_AVX2_TARGET {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(x)));
  };
  for (int block = 0; block < 2; ++block) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + block * 32));
    blocks[block] = v;
    const __m256i lower = _mm256_or_si256(v, case_bit);
    const __m256i letter = _mm256_and_si256(_mm256_cmpgt_epi8(lower, _mm256_set1_epi8('a' - 1)),
                                            _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), lower));
    const __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('0' - 1)),
                                           _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), v));
    const __m256i space = _mm256_or_si256(_mm256_or_si256(bytes_equal_avx2(v, ' '), bytes_equal_avx2(v, '\n')), _mm256_or_si256(bytes_equal_avx2(v, '\t'), bytes_equal_avx2(v, '\r')));
    __m256i first = _mm256_setzero_si256();
    for (const char c : first_bytes) first = _mm256_or_si256(first, bytes_equal_avx2(lower, c));
    const int shift = block * 32;
    m.alnum |= bits(_mm256_or_si256(letter, digit)) << shift;
    m.space |= bits(space) << shift;
    high |= bits(v) << shift;
    apostrophe |= bits(bytes_equal_avx2(v, '\'')) << shift;
    m.dot |= bits(bytes_equal_avx2(v, '.')) << shift;
    m.first |= bits(first) << shift;
  }
  m.first &= m.alnum;
  m.odd = apostrophe;
  if (high == 0) return m;
  std::uint64_t lead = 0;
  std::uint64_t second = 0;
  std::uint64_t punctuation_last = 0;
  for (int block = 0; block < 2; ++block) {
    const __m256i v = blocks[block];
    const int shift = block * 32;
    lead |= bits(bytes_equal_avx2(v, '\xE2')) << shift;
    second |= bits(bytes_equal_avx2(v, '\x80')) << shift;
    __m256i third = _mm256_setzero_si256();
    for (const char c : kPunctuationLast) third = _mm256_or_si256(third, bytes_equal_avx2(v, c));
    punctuation_last |= bits(third) << shift;
  }
  m.odd = odd_bytes(high, apostrophe, lead, second, punctuation_last);
  return m;
}
#endif

#if CHANCERY_WIDE_SCAN
#define CHANCERY_WIDE_TARGET __attribute__((target("avx512f,avx512bw,popcnt,bmi")))
// byte_masks with AVX-512: the 64 bytes compared at once, each comparison a
// mask of 64 bits (the same masks, in a fifth of the instructions).
CHANCERY_WIDE_TARGET inline ByteMasks byte_masks_wide(const char* p, const std::string& first_bytes) {
  const __m512i v = _mm512_loadu_si512(p);
  const __m512i lower = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
  auto eq = [](__m512i x, char c) CHANCERY_WIDE_TARGET {
    return static_cast<std::uint64_t>(_mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(c)));
  };
  const std::uint64_t letter = _mm512_cmpge_epu8_mask(lower, _mm512_set1_epi8('a')) &
                               _mm512_cmple_epu8_mask(lower, _mm512_set1_epi8('z'));
  const std::uint64_t digit = _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8('0')) &
                              _mm512_cmple_epu8_mask(v, _mm512_set1_epi8('9'));
  ByteMasks m;
  m.alnum = letter | digit;
  m.space = eq(v, ' ') | eq(v, '\n') | eq(v, '\t') | eq(v, '\r');
  const std::uint64_t high = _mm512_movepi8_mask(v);
  m.dot = eq(v, '.');
  std::uint64_t first = 0;
  for (const char c : first_bytes) first |= eq(lower, c);
  m.first = first & m.alnum;
  m.odd = eq(v, '\'');
  if (high == 0) return m;
  std::uint64_t punctuation_last = 0;
  for (const char c : kPunctuationLast) punctuation_last |= eq(v, c);
  m.odd = odd_bytes(high, m.odd, eq(v, '\xE2'), eq(v, '\x80'), punctuation_last);
  return m;
}
#endif

// scan_words with the masks of `Masks` (byte_masks or byte_masks_wide).
#if defined(__SSE2__)
template <ByteMasks (*Masks)(const char*, const std::string&)>
[[gnu::always_inline]] inline void scan_words_with(std::string_view text, std::size_t from, std::size_t to,
                                                   const Highlighter& highlighter, Scan& scan,
                                                   std::vector<Word>& words, std::string& key) {
  const std::string& first_bytes = highlighter.ascii_first_bytes();
  if (first_bytes.size() > kMaxFirstBytes) {
    scan_stretches(text, from, to, highlighter, scan, words, key);
    return;
  }
  char padded[64];
  std::size_t pos = from;
  while (pos < to) {
    const std::size_t available = std::min<std::size_t>(64, to - pos);
    const char* p = text.data() + pos;
    if (available < 64) {   // never read past the text: the rest as spaces
      std::memset(padded, ' ', sizeof padded);
      std::memcpy(padded, p, available);
      p = padded;
    }
    const ByteMasks m = Masks(p, first_bytes);
    // The piece ends at the last whitespace of the 64 bytes (the padding's
    // first byte when the text ends sooner).
    const std::uint64_t spaces = available < 63 ? m.space & ((std::uint64_t{1} << (available + 1)) - 1) : m.space;
    if (spaces == 0 || (spaces >> 1) == 0) {
      // No whitespace after the first byte: the stretch is read on its own.
      std::size_t end = pos + 1;
      while (end < to && !is_space_byte(text[end])) ++end;
      scan_stretches(text, pos, end, highlighter, scan, words, key);
      pos = end;
      continue;
    }
    const int length = 63 - __builtin_clzll(spaces);   // bytes of the piece
    const std::uint64_t piece = length >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << length) - 1;
    const bool plain = ((m.odd | (m.dot & (m.alnum >> 1))) & piece) == 0;
    if (!plain) {
      scan_stretches(text, pos, pos + static_cast<std::size_t>(length), highlighter, scan, words, key);
      pos += static_cast<std::size_t>(length);
      continue;
    }
    const std::uint64_t starts = m.alnum & ~(m.alnum << 1) & piece;
    for (std::uint64_t candidates = starts & m.first; candidates != 0; candidates &= candidates - 1) {
      const int begin = __builtin_ctzll(candidates);
      const std::uint64_t after = ~m.alnum >> begin;   // bit 0: the word's first byte (alnum)
      const int size = after == 0 ? 64 - begin : __builtin_ctzll(after);
      lower_ascii_into(std::string_view(p + begin, static_cast<std::size_t>(size)), key);
      if (highlighter.matches(key)) {
        const std::uint64_t before = starts & ((std::uint64_t{1} << begin) - 1);
        scan.matches.push_back({pos + static_cast<std::size_t>(begin),
                                scan.words + static_cast<std::size_t>(__builtin_popcountll(before)), is_function_word(key)});
      }
    }
    scan.words += static_cast<std::size_t>(__builtin_popcountll(starts));
    pos += static_cast<std::size_t>(length);
  }
}
#endif

#if CHANCERY_WIDE_SCAN
CHANCERY_WIDE_TARGET void scan_words_wide(std::string_view text, std::size_t from, std::size_t to,
                                          const Highlighter& highlighter, Scan& scan, std::vector<Word>& words,
                                          std::string& key) {
  scan_words_with<byte_masks_wide>(text, from, to, highlighter, scan, words, key);
}

CHANCERY_AVX2_TARGET void scan_words_avx2(std::string_view text, std::size_t from, std::size_t to,
                                          const Highlighter& highlighter, Scan& scan, std::vector<Word>& words,
                                          std::string& key) {
  scan_words_with<byte_masks_avx2>(text, from, to, highlighter, scan, words, key);
}

SnippetScan cpu_snippet_scan() {
  static const SnippetScan widest = [] {
    const bool bits = __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi");
    if (bits && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) return SnippetScan::avx512;
    if (bits && __builtin_cpu_supports("avx2")) return SnippetScan::avx2;
    return SnippetScan::sse2;
  }();
  return widest;
}
#else
SnippetScan cpu_snippet_scan() { return SnippetScan::sse2; }
#endif

std::atomic<SnippetScan> g_widest_scan_allowed{SnippetScan::avx512};

// Reads the words of text[from, to) as scan_stretches does, faster: the text
// goes in pieces of up to 64 bytes that end at whitespace. A piece that is
// ASCII but for typeset dashes and quotation marks, and has no apostrophe and
// no dot before a letter or digit (so no "Khrushchev's" and no "U.S."), has
// as its words exactly its runs of letters and digits, counted and checked
// from bit masks: 91% of the pieces of the 22 FRUS volumes' text (86% with
// ASCII alone). The other pieces are read by scan_stretches. The masks come
// from AVX-512 where the CPU has it, else from AVX2, else from SSE2.
void scan_words(std::string_view text, std::size_t from, std::size_t to, const Highlighter& highlighter,
                Scan& scan, std::vector<Word>& words, std::string& key) {
  const SnippetScan scan_with = std::min(cpu_snippet_scan(), g_widest_scan_allowed.load(std::memory_order_relaxed));
#if CHANCERY_WIDE_SCAN
  if (scan_with == SnippetScan::avx512) {
    scan_words_wide(text, from, to, highlighter, scan, words, key);
    return;
  }
  if (scan_with == SnippetScan::avx2) {
    scan_words_avx2(text, from, to, highlighter, scan, words, key);
    return;
  }
#endif
  (void)scan_with;
#if defined(__SSE2__)
  scan_words_with<byte_masks>(text, from, to, highlighter, scan, words, key);
#else
  scan_stretches(text, from, to, highlighter, scan, words, key);
#endif
}

// The first word of the window of `window` words (of `total`) with the most
// matches, the earliest of equals; then moved to start a little before its
// first match, so that it has some context. With `adjacent`, a match right
// after another in the window counts twice.
std::size_t best_window(const std::vector<Match>& matches, std::size_t window, std::size_t total, bool adjacent) {
  // The score of a window changes only where a match enters it: the best
  // starts at 0 or where a match has just entered.
  std::vector<std::size_t> score_before(matches.size() + 1, 0);   // of matches [0, k)
  auto follows = [&](std::size_t k) { return adjacent && k > 0 && matches[k].index == matches[k - 1].index + 1; };
  for (std::size_t k = 0; k < matches.size(); ++k) score_before[k + 1] = score_before[k] + 1 + (follows(k) ? 1 : 0);
  auto score_from = [&](std::size_t start) {
    const auto lo = static_cast<std::size_t>(first_match_from(matches, start) - matches.begin());
    const auto hi = static_cast<std::size_t>(first_match_from(matches, start + window) - matches.begin());
    if (lo >= hi) return std::size_t{0};
    // The first match's neighbour before it lies outside the window.
    return score_before[hi] - score_before[lo] - (follows(lo) ? 1 : 0);
  };
  std::size_t best_start = 0;
  std::size_t best_score = 0;
  std::vector<std::size_t> starts{0};
  for (const Match& m : matches) starts.push_back(std::min(m.index + 1 > window ? m.index + 1 - window : 0, total - window));
  std::sort(starts.begin(), starts.end());
  for (const std::size_t start : starts) {
    const std::size_t score = score_from(start);
    if (score > best_score) {
      best_score = score;
      best_start = start;
    }
  }
  if (best_score == 0) return 0;
  const std::size_t first = first_match_from(matches, best_start)->index;
  const std::size_t lead = std::min<std::size_t>(first - best_start, window / 4);
  best_start = first - lead;
  if (best_start + window > total) best_start = total - window;
  return best_start;
}

// Tokenises text[from, to) as the scan read it: each step on its own (a step
// ends at whitespace, unless a long stretch without any made it cut a word).
void split_steps(std::string_view text, std::size_t from, std::size_t to, const std::vector<std::size_t>& step_ends,
                 std::vector<Word>& out, std::vector<Word>& piece) {
  out.clear();
  std::size_t begin = from;
  for (std::size_t i = 0; begin < to; ++i) {
    const std::size_t end = i < step_ends.size() ? std::min(std::max(step_ends[i], begin), to) : to;
    if (end == begin) continue;
    split_words(text.substr(begin, end - begin), piece);
    for (Word word : piece) {
      word.begin += begin - from;
      word.end += begin - from;
      out.push_back(word);
    }
    begin = end;
  }
}

// About how many bytes a word of running text takes at most, with what
// follows it: where to start tokenising before a word known by its number.
constexpr std::size_t kBytesPerWord = 10;

}  // namespace

SnippetScan limit_snippet_scan(SnippetScan widest) {
  g_widest_scan_allowed.store(widest, std::memory_order_relaxed);
  return std::min(cpu_snippet_scan(), widest);
}

std::vector<Word> matched_words(std::string_view text, const Highlighter& highlighter, const Highlighter* loose) {
  std::vector<Word> out;
  if (highlighter.empty() || text.empty()) return out;
  // The matches as a snippet's scan finds them (most words are passed over by
  // their first bytes, unread); then each matched word alone, tokenised from
  // where it begins to the next whitespace, for its end and its key.
  Scan scan;
  std::vector<Word> scratch;
  std::string key;
  scan_words(text, 0, text.size(), highlighter, scan, scratch, key);
  std::vector<Match>& matches = scan.matches;
  std::vector<Word> found(matches.size());
  std::vector<char> alone(matches.size(), 1);   // each may stand alone (matched by `loose`)
  for (std::size_t i = 0; i < matches.size(); ++i) {
    std::size_t stop = matches[i].begin;
    while (stop < text.size() && !is_space_byte(text[stop])) ++stop;
    split_words(text.substr(matches[i].begin, stop - matches[i].begin), scratch);
    if (scratch.empty()) continue;   // not expected: the scan saw a word here
    found[i] = {matches[i].begin + scratch.front().begin, matches[i].begin + scratch.front().end,
                scratch.front().hyphen_joined, scratch.front().acronym};
    if (loose != nullptr) {
      fold_word_into(text, found[i], key);
      alone[i] = loose->matches(key) ? 1 : 0;
    }
  }
  if (loose != nullptr) {
    // A phrase's word only in a run of two or more adjacent matches that
    // holds a word other than a function word (any, when the query has only
    // function words).
    std::vector<Match> kept;
    kept.reserve(matches.size());
    std::vector<Word> kept_words;
    kept_words.reserve(matches.size());
    for (std::size_t i = 0; i < matches.size();) {
      std::size_t end = i + 1;
      while (end < matches.size() && matches[end].index == matches[end - 1].index + 1) ++end;
      const bool content = highlighter.only_function_words() ||
                           std::any_of(matches.begin() + static_cast<std::ptrdiff_t>(i),
                                       matches.begin() + static_cast<std::ptrdiff_t>(end),
                                       [](const Match& m) { return !m.function; });
      for (std::size_t k = i; k < end; ++k) {
        if (alone[k] || (end - i >= 2 && content)) {
          kept.push_back(matches[k]);
          kept_words.push_back(found[k]);
        }
      }
      i = end;
    }
    matches.swap(kept);
    found.swap(kept_words);
  }
  // Function words only beside another match: the words kept are found by
  // their place in the text.
  drop_lone_function_words(matches, highlighter);
  out.reserve(matches.size());
  std::size_t next = 0;
  for (const Match& m : matches) {
    while (next < found.size() && found[next].begin < m.begin) ++next;
    if (next < found.size() && found[next].end > found[next].begin) out.push_back(found[next]);
  }
  return out;
}

std::string make_snippet(SnippetText& source, const Highlighter& highlighter, std::size_t max_words,
                         bool whole_text) {
  if (max_words == 0) return {};
  std::vector<Word> words;      // tokenised, from `offset` on
  std::size_t offset = 0;       // where the tokenised text starts
  std::size_t first_word = 0;   // the number of words[0] among the words of the text
  std::size_t total = 0;        // words in the scanned text
  std::size_t scanned = 0;      // bytes of the text looked at
  Scan scan;
  std::vector<std::size_t> step_ends;   // of the scanned steps
  if (!highlighter.empty()) {
    // The steps of the text (SnippetText), each ending at whitespace: the
    // scan stops after the first step that has a match counting on its own
    // (found_enough), so "Secretary of State" is not shown by an early "of".
    std::vector<Word> scratch;
    std::string key;
    while ((whole_text || !found_enough(scan, highlighter)) && source.extend()) {
      const std::string_view text = cut_utf8(source.decoded(), kMaxScanBytes);
      if (text.size() <= scanned) break;   // the step lies beyond kMaxScanBytes
      scan_words(text, scanned, text.size(), highlighter, scan, scratch, key);
      scanned = text.size();
      step_ends.push_back(scanned);
    }
  }
  drop_lone_function_words(scan.matches, highlighter);
  std::size_t best_start = 0;
  if (scan.matches.empty()) {
    // No query words, or no match: the beginning, so only the first
    // max_words + 1 words (the last one tells whether text follows) are needed.
    while (source.decoded().size() <= kFirstScanBytes && source.extend()) {
    }
    const std::string_view limit = cut_utf8(source.decoded(), std::max(scanned, kFirstScanBytes));
    for (std::size_t want = std::max<std::size_t>(512, max_words * 16);; want *= 4) {
      scanned = whitespace_cut(limit, want);
      split_words(limit.substr(0, scanned), words);
      if (words.size() > max_words || scanned == limit.size()) break;
    }
    total = words.size();
    scan.matches.clear();
  } else {
    // The window is chosen from the words' numbers; only the words around it
    // are tokenised: from whitespace before its first word (found by the
    // match it starts near) to whitespace after the word that follows it.
    total = scan.words;
    const std::size_t window = std::min(max_words, total);
    best_start = best_window(scan.matches, window, total, highlighter.wants_adjacent());
    const std::string_view text = source.decoded().substr(0, scanned);
    const Match& anchor = *first_match_from(scan.matches, best_start);
    const std::size_t before = anchor.index - best_start;
    const std::size_t after = best_start + window + 1 - anchor.index;
    const std::size_t need_last = std::min(total - 1, best_start + window);   // the word after the window
    std::vector<Word> piece;
    for (std::size_t slack = 1;; slack *= 2) {
      const std::size_t back = (before + 1) * kBytesPerWord * slack;
      std::size_t from = anchor.begin > back ? anchor.begin - back : 0;
      while (from > 0 && !is_space_byte(text[from])) --from;
      std::size_t to = std::min(text.size(), anchor.begin + (after + 1) * kBytesPerWord * slack);
      while (to < text.size() && !is_space_byte(text[to])) ++to;
      split_steps(text, from, to, step_ends, words, piece);
      // The anchor's place among these words gives the number of the first.
      std::size_t local = 0;
      while (local < words.size() && words[local].begin + from < anchor.begin) ++local;
      const bool whole = from == 0 && to == text.size();
      if (local < words.size() && words[local].begin + from == anchor.begin && local <= anchor.index) {
        offset = from;
        first_word = anchor.index - local;
        const bool covers = first_word <= best_start && first_word + words.size() > need_last &&
                            (best_start > 0 || from == 0);
        if (covers) break;
      }
      if (whole) {
        // Not expected (the words read whole are the words scanned), but
        // should they differ, the window is chosen anew from them.
        offset = 0;
        first_word = 0;
        scan.matches.clear();
        std::string key;
        for (std::size_t i = 0; i < words.size(); ++i) {
          if (word_matches(text, words[i], highlighter, key)) {
            scan.matches.push_back({words[i].begin, i, is_function_word(key)});
          }
        }
        drop_lone_function_words(scan.matches, highlighter);
        total = words.size();
        best_start = scan.matches.empty() ? 0
                                          : best_window(scan.matches, std::min(max_words, total), total,
                                                        highlighter.wants_adjacent());
        break;
      }
    }
  }
  if (total == 0 || words.empty()) return {};
  const std::string_view scanned_text = source.decoded().substr(offset, scanned - offset);
  const std::size_t window = std::min(max_words, total);
  const std::size_t last = best_start + window - 1;
  // Word number i of the text, and whether it matched.
  auto word_at = [&](std::size_t i) -> const Word& { return words[i - first_word]; };
  std::size_t next_match = 0;
  auto matched = [&](std::size_t i) {
    while (next_match < scan.matches.size() && scan.matches[next_match].index < i) ++next_match;
    return next_match < scan.matches.size() && scan.matches[next_match].index == i;
  };

  std::string out;
  if (best_start > 0) out += kEllipsis;
  std::size_t pos = best_start == 0 ? 0 : word_at(best_start).begin;
  for (std::size_t i = best_start; i <= last; ++i) {
    const Word& w = word_at(i);
    append_escaped(out, scanned_text.substr(pos, w.begin - pos));
    std::string_view word = scanned_text.substr(w.begin, w.end - w.begin);
    if (matched(i)) {
      out += "<mark>";
      append_escaped(out, word);
      out += "</mark>";
    } else {
      append_escaped(out, word);
    }
    pos = w.end;
  }
  // Keep closing punctuation up to the next space ("1956." or "word)").
  std::size_t tail = pos;
  while (tail < scanned_text.size() && tail < pos + 8 && std::ispunct(static_cast<unsigned char>(scanned_text[tail]))) ++tail;
  if (last + 1 < total && tail > word_at(last + 1).begin) tail = pos;
  append_escaped(out, scanned_text.substr(pos, tail - pos));
  const bool more_text = last + 1 < total || source.has_text_after(scanned);
  if (more_text) out += kEllipsis;
  for (char& c : out) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return out;
}

bool snippet_has_match(std::string_view snippet) { return snippet.find("<mark>") != std::string_view::npos; }

namespace {

// Separators of the notes slot's text: after a note's number, after its kind,
// after its text. Never in a note's own text or number (spaces there).
constexpr char kNoteFieldEnd = '\x1f';
constexpr char kNoteEnd = '\x1e';

void append_note_field(std::string& out, std::string_view text) {
  const std::size_t from = out.size();
  out.append(text);
  for (std::size_t i = from; i < out.size(); ++i) {
    if (out[i] == kNoteFieldEnd || out[i] == kNoteEnd) out[i] = ' ';
  }
}

}  // namespace

std::string encode_snippet_notes(const std::vector<SnippetNote>& notes, std::size_t max_bytes) {
  std::string joined;
  for (const SnippetNote& note : notes) {
    if (joined.size() >= max_bytes) break;
    append_note_field(joined, note.number);
    joined += kNoteFieldEnd;
    if (note.source) joined += 's';
    joined += kNoteFieldEnd;
    const std::size_t room = joined.size() < max_bytes ? max_bytes - joined.size() : 0;
    append_note_field(joined, cut_utf8(note.text, room));
    joined += kNoteEnd;
  }
  return joined.empty() ? std::string() : encode_snippet_text(joined);
}

std::vector<SnippetNote> decode_snippet_notes(std::string_view slot) {
  std::vector<SnippetNote> out;
  const std::string joined = decode_snippet_text(slot);
  std::string_view rest = joined;
  while (!rest.empty()) {
    const std::size_t end = rest.find(kNoteEnd);
    std::string_view entry = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const std::size_t number_end = entry.find(kNoteFieldEnd);
    if (number_end == std::string_view::npos) return {};
    const std::size_t kind_end = entry.find(kNoteFieldEnd, number_end + 1);
    if (kind_end == std::string_view::npos) return {};
    SnippetNote note;
    note.number.assign(entry.substr(0, number_end));
    note.source = entry.substr(number_end + 1, kind_end - number_end - 1) == "s";
    note.text.assign(entry.substr(kind_end + 1));
    out.push_back(std::move(note));
  }
  return out;
}

std::optional<NoteSnippet> note_snippet(std::string_view notes_slot, const Highlighter& highlighter,
                                        std::size_t max_words) {
  if (highlighter.empty() || notes_slot.empty()) return std::nullopt;
  std::vector<SnippetNote> notes = decode_snippet_notes(notes_slot);
  // The note whose snippet marks the most words, the first of equals.
  std::optional<NoteSnippet> best;
  std::size_t best_marks = 0;
  for (std::size_t i = 0; i < notes.size(); ++i) {
    std::string snippet = make_snippet(std::string_view(notes[i].text), highlighter, max_words);
    std::size_t marks = 0;
    for (std::size_t at = snippet.find("<mark>"); at != std::string::npos; at = snippet.find("<mark>", at + 6)) ++marks;
    if (marks > best_marks) {
      best_marks = marks;
      best = NoteSnippet{i + 1, std::move(notes[i]), std::move(snippet)};
    }
  }
  return best;
}

}  // namespace chancery
