#include "names/mention_finder.h"

#include "names/chinese_romanisation.h"
#include "names/name_key.h"
#include "names/person_name.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <optional>

#include <xxhash.h>

namespace chancery::names {
namespace {

constexpr std::size_t kMaxPatternWords = 32;  // capital masks are 32 bits
// Words whose key ids a thread remembers between find() calls; beyond this it
// starts again.
constexpr std::size_t kMaxMemoWords = 1 << 18;

std::atomic<std::uint64_t> next_finder_serial{1};

// Word -> key id in one flat, open-addressed array: a lookup is a hash and
// mostly one cache line. The words the finder meets are many (every
// capitalised word of an archive), so a node-based map's lookups, a bucket
// and a node in different places, were most of find()'s own time.
class WordKeyTable {
 public:
  std::size_t size() const { return size_; }
  void clear() {
    slots_.clear();
    arena_.clear();
    size_ = 0;
  }
  // The key id of `word`, from `make(word)` the first time.
  template <typename Make>
  std::uint32_t get(std::string_view word, Make make) {
    if (word.size() > kMaxWordBytes) return make(word);   // no name's word is that long
    if (slots_.empty()) slots_.resize(kInitialSlots);
    const std::uint64_t hash = hash_of(word);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
      Slot& slot = slots_[at];
      if (slot.hash == 0) break;
      if (slot.hash == hash && same(slot, word)) return slot.key;
    }
    const std::uint32_t key = make(word);
    if (2 * (size_ + 1) > slots_.size()) grow();
    Slot added;
    added.hash = hash;
    added.key = key;
    added.length = static_cast<std::uint32_t>(word.size());
    std::memcpy(added.start, word.data(), std::min(word.size(), sizeof added.start));
    if (word.size() > sizeof added.start) {
      added.offset = static_cast<std::uint32_t>(arena_.size());
      arena_.append(word.substr(sizeof added.start));
    }
    place(added);
    ++size_;
    return key;
  }

 private:
  static constexpr std::size_t kInitialSlots = 1024;
  static constexpr std::size_t kMaxWordBytes = 256;
  struct Slot {
    std::uint64_t hash = 0;   // 0: empty
    std::uint32_t key = 0;
    std::uint32_t length = 0;
    std::uint32_t offset = 0; // in arena_: the bytes after start's
    char start[12] = {};      // the word's first bytes: most words whole
  };
  static std::uint64_t hash_of(std::string_view word) {
    const std::uint64_t h = XXH3_64bits(word.data(), word.size());
    return h == 0 ? 1 : h;
  }
  bool same(const Slot& slot, std::string_view word) const {
    if (slot.length != word.size()) return false;
    const std::size_t head = std::min(word.size(), sizeof slot.start);
    if (std::memcmp(slot.start, word.data(), head) != 0) return false;
    return head == word.size() || std::string_view(arena_).substr(slot.offset, word.size() - head) == word.substr(head);
  }
  void place(const Slot& slot) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = slot.hash & mask;
    while (slots_[at].hash != 0) at = (at + 1) & mask;
    slots_[at] = slot;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    for (const Slot& slot : old) {
      if (slot.hash != 0) place(slot);
    }
  }
  std::vector<Slot> slots_;   // a power of two, at most half full
  std::string arena_;
  std::size_t size_ = 0;
};

// The key ids of words this thread has looked up, for one finder (key ids
// are the finder's own): texts repeat most of their words, so word_key()
// runs once per word and thread instead of once per word and text.
struct KeyMemo {
  std::uint64_t finder = 0;
  std::uint64_t last_used = 0;
  WordKeyTable keys;
};
// One memo for each of the finders a thread alternates between: a document
// page scans its record with the names layer's two (people, and organisations
// and places), and one memo shared by both was emptied twice a page. A third
// finder (the next snapshot's) takes the memo used longest ago.
constexpr std::size_t kMemoSlots = 2;
struct KeyMemos {
  std::array<KeyMemo, kMemoSlots> slots;
  std::uint64_t uses = 0;
};
thread_local KeyMemos key_memos;

KeyMemo& key_memo_of(std::uint64_t finder) {
  KeyMemos& memos = key_memos;
  KeyMemo* oldest = &memos.slots[0];
  KeyMemo* memo = nullptr;
  for (KeyMemo& slot : memos.slots) {
    if (slot.finder == finder) memo = &slot;
    if (slot.last_used < oldest->last_used) oldest = &slot;
  }
  if (memo == nullptr) {
    memo = oldest;
    memo->keys.clear();
    memo->finder = finder;
  } else if (memo->keys.size() >= kMaxMemoWords) {
    memo->keys.clear();
  }
  memo->last_used = ++memos.uses;
  return *memo;
}
constexpr std::size_t kMaxForenames = 3;

constexpr bool ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Length of the UTF-8 punctuation or space at `p` that separates words (quotes,
// dashes, no-break space, guillemets), or 0 if the bytes there belong to a word.
std::size_t separator_length(std::string_view t, std::size_t p) {
  const auto b = [&](std::size_t k) { return k < t.size() ? static_cast<unsigned char>(t[k]) : 0u; };
  const unsigned char c = b(p);
  if (c != 0xC2 && c != 0xE2) return 0;   // ASCII and most letters: no separator
  if (c == 0xC2 && (b(p + 1) == 0xA0 || b(p + 1) == 0xAB || b(p + 1) == 0xBB)) return 2;
  if (c == 0xE2 && b(p + 1) == 0x80) {
    // ’ between letters is an apostrophe inside a word (O’Brien).
    if (b(p + 2) == 0x99 && p > 0 && (ascii_alnum(b(p - 1)) || b(p - 1) >= 0x80) &&
        (ascii_alnum(b(p + 3)) || b(p + 3) >= 0x80))
      return 0;
    return 3;
  }
  return 0;
}

// Bytes of words: ASCII letters and digits, and every byte of a multi-byte
// character (separator_length() tells the few that separate words).
constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = ascii_alnum(static_cast<unsigned char>(c)) || c >= 0x80;
  return table;
}();

bool is_word_byte(unsigned char c) { return kWordBytes[c]; }

// The lowercase ASCII letters of a word ("White" -> "white", "Gomułka" -> "gomulka").
std::string folded_letters(std::string_view word) {
  std::string out;
  for (char c : fold_ascii(word))
    if (c >= 'a' && c <= 'z') out.push_back(c);
  return out;
}

using Token = MentionToken;

// Splits text into words. Hyphens, apostrophes between letters and the dots of
// initials do not break a name; other punctuation between two words does.
std::vector<Token> tokenize(std::string_view t) {
  std::vector<Token> out;
  out.reserve(t.size() / 6);
  std::size_t i = 0;
  bool pending_break = false, pending_hyphen = false;
  while (i < t.size()) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    const std::size_t separator = c >= 0x80 ? separator_length(t, i) : 0;
    if (!is_word_byte(c) || separator > 0) {
      const std::size_t len = c >= 0x80 ? std::max<std::size_t>(1, separator) : 1;
      if (c == '-' && !out.empty() && out.back().end == i) pending_hyphen = true;
      else if (c == '.' && !out.empty() && out.back().end == i) {
        // the dot of an initial or abbreviation (A., Jr.) keeps the name going
        const std::size_t letters = out.back().end - out.back().begin;
        out.back().dot = true;
        if (letters > 3) pending_break = true;
      } else if (c != ' ' && c != ',' && c != '\t' && c != '\n' && c != '\r' && c != '\'' &&
                 !(c >= 0x80)) {
        pending_break = true;
      } else if (c == '\n' && i + 1 < t.size() && t[i + 1] == '\n') {
        pending_break = true;  // paragraph break
      }
      i += len;
      continue;
    }
    Token tok;
    tok.begin = i;
    tok.capital = ascii_upper(c) || c >= 0x80 || (c >= '0' && c <= '9');
    while (i < t.size()) {
      const unsigned char d = static_cast<unsigned char>(t[i]);
      if (d < 0x80 ? kWordBytes[d] : separator_length(t, i) == 0) {
        ++i;
      } else if (d == '\'' && i + 1 < t.size() && is_word_byte(static_cast<unsigned char>(t[i + 1])) &&
                 i > tok.begin) {
        ++i;  // O'Brien
      } else {
        break;
      }
    }
    tok.end = i;
    // Possessive: Khrushchev's, Khrushchev’s.
    std::string_view w = t.substr(tok.begin, tok.end - tok.begin);
    bool possessive = false;
    if (w.size() > 3 && (w.ends_with("'s") || w.ends_with("'S"))) {
      tok.end -= 2;
      possessive = true;
    } else if (w.size() > 5 && w.ends_with("\xE2\x80\x99s")) {
      tok.end -= 4;
      possessive = true;
    }
    tok.hyphen_before = pending_hyphen;
    tok.break_before = pending_break;
    pending_hyphen = pending_break = false;
    out.push_back(tok);
    // A possessive ends a name: "Vorontsov's July 12 message" is no
    // "Vorontsov Yuly", family name first.
    if (possessive) pending_break = true;
  }
  return out;
}

// Whether `word`, a word written in full, fits `known` only as an initial
// ("What" of "W. Hodding Carter"): a common word of the text or the archive
// that does so ("What Carter said") is no forename.
template <typename Common>
bool fits_only_an_initial(const Forename& word, const std::vector<Forename>& known, const Common& common) {
  if (word.initial || !common(word.folded)) return false;
  return std::none_of(known.begin(), known.end(), [&](const Forename& k) { return !k.initial && k.key == word.key; });
}

// Widens a family-name match [start, ...) leftwards over up to three
// capitalised words or initials that fit some candidate's forenames ("C. E."
// before "Bohlen"), keeping only the candidates they fit. Titles stop it, and
// a common word that fits only an initial ("What Carter").
template <typename Common>
void extend_with_forenames(std::string_view text, const std::vector<Token>& tokens,
                           const std::vector<std::vector<std::vector<Forename>>>& known_forenames,
                           std::size_t first_free, std::size_t& start,
                           std::vector<std::uint32_t>& candidates, const Common& common) {
  std::vector<Forename> before;  // nearest first
  std::size_t k = start;
  while (k > first_free && before.size() < kMaxForenames && !tokens[k].break_before) {
    const Token& t = tokens[k - 1];
    if (!t.capital || t.hyphen_before || tokens[k].hyphen_before) break;
    std::string word(text.substr(t.begin, t.end - t.begin));
    if (is_name_title(word)) break;
    if (t.dot) word.push_back('.');
    before.push_back(prepare_forename(word));
    --k;
  }
  for (std::size_t n = before.size(); n >= 1; --n) {
    std::vector<Forename> forenames(before.rend() - static_cast<std::ptrdiff_t>(n), before.rend());
    std::vector<std::uint32_t> fitting;
    for (std::uint32_t p : candidates) {
      for (const auto& known : known_forenames[p]) {
        // Every word taken must be a forename: the nearest-first widening
        // must not swallow a capitalised word before the name ("Then C. E.").
        if (!known.empty() && forenames_compatible(forenames, known) &&
            forenames_compatible(std::span<const Forename>(forenames.data(), 1), known) &&
            std::none_of(forenames.begin(), forenames.end(),
                         [&](const Forename& f) { return fits_only_an_initial(f, known, common); })) {
          fitting.push_back(p);
          break;
        }
      }
    }
    if (!fitting.empty()) {
      start -= n;
      candidates = std::move(fitting);
      return;
    }
  }
}

}  // namespace

std::unordered_set<std::string> common_lowercase_words(std::string_view text, std::size_t min_count) {
  std::unordered_map<std::string_view, std::size_t> counts;
  for (const Token& t : tokenize(text)) {
    const unsigned char c = static_cast<unsigned char>(text[t.begin]);
    if (c >= 'a' && c <= 'z') ++counts[text.substr(t.begin, t.end - t.begin)];
  }
  std::unordered_set<std::string> out;
  for (const auto& [word, n] : counts)
    if (n >= min_count) out.insert(folded_letters(word));
  return out;
}

std::vector<NameVariant> variants_of(const Person& person) {
  std::vector<NameVariant> out;
  out.push_back({person.id, person.name});
  for (const std::string& v : person.variants) out.push_back({person.id, v});
  return out;
}

std::uint32_t MentionFinder::Trie::child(std::uint32_t node, std::uint32_t key) const {
  auto it = edges.find((std::uint64_t{node} << 32) | key);
  return it == edges.end() ? 0 : it->second;
}

std::uint32_t MentionFinder::Trie::add_child(std::uint32_t node, std::uint32_t key) {
  const std::uint64_t edge = (std::uint64_t{node} << 32) | key;
  auto it = edges.find(edge);
  if (it != edges.end()) return it->second;
  nodes.push_back(Node{});
  const auto id = static_cast<std::uint32_t>(nodes.size() - 1);
  edges.emplace(edge, id);
  return id;
}

std::uint32_t MentionFinder::intern(const std::string& key) {
  auto [it, inserted] = keys_.emplace(key, static_cast<std::uint32_t>(keys_.size()));
  return it->second;
}

std::uint32_t MentionFinder::key_id(const std::string& key) const {
  auto it = keys_.find(key);
  return it == keys_.end() ? kNoKey : it->second;
}

std::uint32_t MentionFinder::person_index(const std::string& id) {
  auto [it, inserted] = id_index_.emplace(id, static_cast<std::uint32_t>(ids_.size()));
  if (inserted) {
    ids_.push_back(id);
    forenames_.emplace_back();
  }
  return it->second;
}

void MentionFinder::add_pattern(Trie& trie, const std::vector<std::string>& keys, std::uint32_t person,
                                std::uint32_t capital_mask, bool family, std::string spelling,
                                bool spelling_required) {
  if (keys.empty() || keys.size() > kMaxPatternWords) return;
  std::uint32_t node = 0;
  for (const std::string& k : keys) node = trie.add_child(node, intern(k));
  auto& entries = trie.nodes[node].entries;
  for (const Entry& e : entries)
    if (e.person == person && e.capital_mask == capital_mask && e.family == family && e.spelling == spelling)
      return;
  entries.push_back({person, capital_mask, family, std::move(spelling), spelling_required});
  ++pattern_count_;
}

void MentionFinder::note_lowercase_word(std::string_view word) {
  std::string folded = folded_letters(word);
  if (folded.empty()) return;
  longest_lowercase_word_ = std::max(longest_lowercase_word_, folded.size());
  lowercase_shapes_[static_cast<std::size_t>(folded[0] - 'a')] |= std::uint64_t{1} << std::min<std::size_t>(folded.size(), 63);
  lowercase_words_.insert(std::move(folded));
}

bool MentionFinder::may_match_lowercase(std::string_view word) const {
  // Folded, a word has at most as many letters as bytes, bar a few letters
  // that fold to two ("ß" to "ss").
  if (lowercase_words_.empty() || word.size() > 4 * longest_lowercase_word_ + 4) return false;
  // Most words are plain lower-case letters, their own folded form; and most
  // are no pattern's word in lower case, which their first letter and length
  // mostly tell without a lookup.
  if (std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    const std::uint64_t shape = std::uint64_t{1} << std::min<std::size_t>(word.size(), 63);
    return word.size() <= longest_lowercase_word_ && !word.empty() &&
           (lowercase_shapes_[static_cast<std::size_t>(word[0] - 'a')] & shape) != 0 &&
           lowercase_words_.contains(word);
  }
  return lowercase_words_.contains(folded_letters(word));
}

void MentionFinder::add_variant(const NameVariant& v) {
  const std::uint32_t person = person_index(v.id);

  // The words of a string as written, leading titles left out.
  auto word_pattern = [&](std::string_view s, bool skip_titles) {
    auto toks = tokenize(s);
    std::size_t first = 0;
    while (skip_titles && first + 1 < toks.size() && is_name_title(s.substr(toks[first].begin, toks[first].end - toks[first].begin)))
      ++first;
    std::vector<std::string> keys;
    std::string spelling;
    std::uint32_t mask = 0;
    for (std::size_t i = first; i < toks.size(); ++i) {
      const std::string_view w = s.substr(toks[i].begin, toks[i].end - toks[i].begin);
      std::string k = word_key(w);
      if (k.empty()) continue;
      if (toks[i].capital && keys.size() < kMaxPatternWords) mask |= 1u << keys.size();
      if (!toks[i].capital) note_lowercase_word(w);
      keys.push_back(std::move(k));
      spelling += folded_letters(w);
    }
    add_pattern(words_, keys, person, mask, false, std::move(spelling));
  };

  word_pattern(v.name, true);
  const PersonName parsed = parse_person_name(v.name);
  if (parsed.family.empty()) return;
  std::string natural;
  for (const std::string& f : parsed.forenames) natural += f + " ";
  for (const std::string& f : parsed.family) natural += f + " ";
  natural += parsed.suffix;
  word_pattern(natural, false);

  auto& lists = forenames_[person];
  std::vector<Forename> prepared = prepare_forenames(parsed.forenames);
  if (std::find(lists.begin(), lists.end(), prepared) == lists.end()) lists.push_back(std::move(prepared));
  if (options_.family_name_alone) {
    std::string family;
    for (const std::string& f : parsed.family) family += f + " ";
    auto toks = tokenize(family);
    std::vector<std::string> keys;
    std::string spelling;
    std::uint32_t mask = 0;
    for (const Token& t : toks) {
      const std::string_view w = std::string_view(family).substr(t.begin, t.end - t.begin);
      std::string k = word_key(w);
      if (k.empty()) continue;
      if (t.capital && keys.size() < kMaxPatternWords) mask |= 1u << keys.size();
      if (!t.capital) note_lowercase_word(w);
      keys.push_back(std::move(k));
      spelling += folded_letters(w);
    }
    // A family name whose key is that short (Key, Yun, Jett) would alone match
    // common words (He, In, It): it must be spelled as recorded.
    std::size_t letters = 0;
    for (const std::string& k : keys) letters += k.size();
    if (letters >= 1) add_pattern(words_, keys, person, mask, true, std::move(spelling), keys.size() == 1 && letters <= 2);
  }

  const std::string chinese = chinese_name_key(v.name);
  if (!chinese.empty()) {
    std::vector<std::string> keys;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= chinese.size(); ++i) {
      if (i == chinese.size() || chinese[i] == ' ') {
        if (i > start) keys.push_back(chinese.substr(start, i - start));
        start = i + 1;
      }
    }
    const std::uint32_t all_capital = keys.size() >= 32 ? 0xffffffffu : ((1u << keys.size()) - 1);
    add_pattern(chinese_, keys, person, all_capital, false, {});
    // The spellings the first word may have in either system, so that find()
    // reads Chinese only where a known Chinese name may begin.
    std::vector<std::string> spellings{v.name};
    for (std::string& s : chinese_variants(v.name)) spellings.push_back(std::move(s));
    for (const std::string& s : spellings) {
      auto toks = tokenize(s);
      if (toks.empty()) continue;
      const std::uint32_t k = intern(word_key(std::string_view(s).substr(toks[0].begin, toks[0].end - toks[0].begin)));
      if (chinese_start_.size() <= k) chinese_start_.resize(k + 1, false);
      chinese_start_[k] = true;
    }
  }
}

MentionFinder::MentionFinder(std::span<const NameVariant> variants, MentionFinderOptions options)
    : options_(options), serial_(next_finder_serial.fetch_add(1)) {
  for (const NameVariant& v : variants) add_variant(v);
}

std::vector<MentionToken> mention_tokens(std::string_view text) { return tokenize(text); }

std::vector<Mention> MentionFinder::find(std::string_view text) const {
  if (pattern_count_ == 0) return {};   // nothing to find (no names known yet)
  return find(text, tokenize(text));
}

std::vector<Mention> MentionFinder::find(std::string_view text, const std::vector<MentionToken>& tokens) const {
  std::vector<Mention> out;
  if (pattern_count_ == 0) return out;   // nothing to find (no names known yet)
  const std::size_t n = tokens.size();

  // Keys of the words, memoised per thread (for this finder) by spelling.
  KeyMemo& memo = key_memo_of(serial_);
  std::vector<std::uint32_t> keys(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view w = text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
    // A word in lower case matches, where capitals are required, only a
    // name's word in lower case ("de", "van", "bin"), spelled as the name
    // has it: most words of a text need no key at all.
    if (options_.require_capitals && !tokens[i].capital && !may_match_lowercase(w)) {
      keys[i] = kNoKey;
      continue;
    }
    keys[i] = memo.keys.get(w, [this](std::string_view word) { return key_id(word_key(word)); });
  }
  // The words of this text as spelled, made when a family name alone needs
  // to know whether the text also writes it in lower case.
  std::optional<std::unordered_set<std::string_view>> words_of_text;
  auto text_words = [&]() -> const std::unordered_set<std::string_view>& {
    if (!words_of_text) {
      words_of_text.emplace();
      for (const Token& t : tokens) words_of_text->insert(text.substr(t.begin, t.end - t.begin));
    }
    return *words_of_text;
  };

  // A word (folded letters) the text writes in lower case, or a common
  // lower-case word of the archive.
  auto is_common = [&](const std::string& folded) {
    return text_words().contains(folded) || options_.common_words.contains(folded);
  };

  // Chinese keys of hyphen-joined groups, computed when first needed.
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> chinese_memo;
  auto group_end = [&](std::size_t g) {
    std::size_t e = g + 1;
    while (e < n && tokens[e].hyphen_before) ++e;
    return e;  // one past the group's last token
  };
  auto chinese_keys = [&](std::size_t g, std::size_t e) -> const std::vector<std::uint32_t>& {
    const std::string_view w = text.substr(tokens[g].begin, tokens[e - 1].end - tokens[g].begin);
    auto [it, inserted] = chinese_memo.try_emplace(w);
    if (inserted)
      for (const std::string& k : chinese_word_keys(w))
        if (std::uint32_t id = key_id(k); id != kNoKey) it->second.push_back(id);
    return it->second;
  };

  auto capitals_ok = [&](const Entry& e, std::size_t first, std::size_t count,
                         const std::vector<std::size_t>* unit_tokens) {
    if (!options_.require_capitals) return true;
    for (std::size_t b = 0; b < count && b < kMaxPatternWords; ++b) {
      if (!(e.capital_mask & (1u << b))) continue;
      const std::size_t t = unit_tokens ? (*unit_tokens)[b] : first + b;
      if (!tokens[t].capital) return false;
    }
    return true;
  };

  // Word patterns: one key per word; the longest match from token `at`.
  struct WordMatch {
    std::size_t last;  // its last token; n for none
    bool family = false;
    bool exact = false;
    std::vector<std::uint32_t> candidates;
  };
  auto match_words = [&](std::size_t at) {
    WordMatch best{n, false, false, {}};
    std::uint32_t node = 0;
    std::string spelled;  // folded letters of tokens at..j
    for (std::size_t j = at; j < n && j - at < kMaxPatternWords; ++j) {
      if (j > at && tokens[j].break_before) break;
      if (keys[j] == kNoKey) break;
      node = words_.child(node, keys[j]);
      if (node == 0) break;
      spelled += folded_letters(text.substr(tokens[j].begin, tokens[j].end - tokens[j].begin));
      std::vector<std::uint32_t> exact, fuzzy;
      bool all_family = true;
      for (const Entry& e : words_.nodes[node].entries) {
        if (!capitals_ok(e, at, j - at + 1, nullptr)) continue;
        const bool same = e.spelling == spelled;
        if (e.spelling_required && !same) continue;
        (same ? exact : fuzzy).push_back(e.person);
        all_family = all_family && e.family;
      }
      if (!exact.empty() || !fuzzy.empty()) {
        best.last = j;
        best.family = all_family;
        best.exact = !exact.empty();
        best.candidates = best.exact ? std::move(exact) : std::move(fuzzy);
      }
    }
    return best;
  };
  // Whether token `at`, itself a family name alone, is rather a forename of
  // the family name after it: "Allen Dulles" is Allen Dulles, not a Mr.
  // Allen and a Dulles. Only across a space.
  auto forename_of_next = [&](std::size_t at) {
    const std::size_t next = at + 1;
    if (next >= n || tokens[next].break_before || tokens[next].hyphen_before) return false;
    for (std::size_t k = tokens[at].end; k < tokens[next].begin; ++k) {
      if (text[k] != ' ') return false;
    }
    WordMatch after = match_words(next);
    if (after.last == n || !after.family) return false;
    std::size_t start = next;
    extend_with_forenames(text, tokens, forenames_, at, start, after.candidates, is_common);
    return start == at;
  };

  std::size_t first_free = 0;
  std::size_t i = 0;
  std::vector<std::uint32_t> candidates;
  while (i < n) {
    WordMatch words = match_words(i);
    std::size_t best_last = words.last;  // last token of the best match
    bool best_family = words.family;
    bool best_exact = words.exact;
    candidates = std::move(words.candidates);

    // Chinese patterns: one key per hyphen-joined word, each word read in
    // either system; followed depth-first over the (at most two) readings.
    if (chinese_.nodes.size() > 1 && !tokens[i].hyphen_before && tokens[i].capital &&
        keys[i] < chinese_start_.size() && chinese_start_[keys[i]]) {
      struct State {
        std::uint32_t node;
        std::size_t next;  // first token of the next group
        std::vector<std::size_t> firsts;
      };
      std::vector<State> stack{{0, i, {}}};
      while (!stack.empty()) {
        State s = std::move(stack.back());
        stack.pop_back();
        if (s.next >= n || s.firsts.size() >= kMaxPatternWords) continue;
        if (!s.firsts.empty() && tokens[s.next].break_before) continue;
        const std::size_t e = group_end(s.next);
        for (std::uint32_t k : chinese_keys(s.next, e)) {
          const std::uint32_t child = chinese_.child(s.node, k);
          if (child == 0) continue;
          State t{child, e, s.firsts};
          t.firsts.push_back(s.next);
          std::vector<std::uint32_t> here;
          for (const Entry& en : chinese_.nodes[child].entries)
            if (capitals_ok(en, i, t.firsts.size(), &t.firsts)) here.push_back(en.person);
          if (!here.empty() && (best_last == n || e - 1 > best_last)) {
            best_last = e - 1;
            best_family = false;
            best_exact = false;
            candidates = std::move(here);
          } else if (!here.empty() && e - 1 == best_last) {
            candidates.insert(candidates.end(), here.begin(), here.end());
          }
          stack.push_back(std::move(t));
        }
      }
    }

    if (best_last == n) {
      ++i;
      continue;
    }
    if (best_family && best_last == i && forename_of_next(i)) {
      ++i;  // the next name takes this word as its forename
      continue;
    }
    std::size_t start = i;
    if (best_family) {
      extend_with_forenames(text, tokens, forenames_, first_free, start, candidates, is_common);
      const bool titled = i > first_free && !tokens[i].break_before && !tokens[i].hyphen_before &&
                          is_name_title(text.substr(tokens[i - 1].begin, tokens[i - 1].end - tokens[i - 1].begin));
      if (start == i && !titled && best_last == i) {
        const std::string lower = folded_letters(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
        if (text_words().contains(lower) || options_.common_words.contains(lower) || is_calendar_word(lower)) {
          ++i;
          continue;
        }
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    Mention m;
    m.begin = tokens[start].begin;
    m.end = tokens[best_last].end;
    m.by_family_name = best_family;
    m.exact_spelling = best_exact;
    for (std::uint32_t p : candidates) m.ids.push_back(ids_[p]);
    std::sort(m.ids.begin(), m.ids.end());
    out.push_back(std::move(m));
    i = best_last + 1;
    first_free = i;
  }
  return out;
}

}  // namespace chancery::names
