#include "index/word_positions.h"

#include <algorithm>
#include <array>
#include <atomic>

#include "index/index_terms.h"

namespace chancery {
namespace {

constexpr char kFormat = '\x05';
// Every how many terms of a block's dictionary one is written whole.
constexpr std::size_t kRestartEvery = 16;
// A group's entry in the restart table: where it starts in the dictionary and
// in the lists, and its first term's first four bytes (big-endian, zeros
// after a shorter term), each 4 bytes little-endian.
constexpr std::size_t kRestartBytes = 12;

// The first four bytes of `term` as a number that orders as the terms do
// (for terms that differ within them).
std::uint32_t key4(std::string_view term) {
  std::uint32_t key = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    key = (key << 8) | (i < term.size() ? static_cast<unsigned char>(term[i]) : 0u);
  }
  return key;
}
constexpr std::string_view kDescriptionStart = "chancery.PhraseSource(";

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

bool read_varint(std::string_view& in, std::uint64_t& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t size = in.size();
  if (size != 0 && p[0] < 0x80) {   // most numbers of a block: one byte
    out = p[0];
    in.remove_prefix(1);
    return true;
  }
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < size && i < 10; ++i) {
    v |= static_cast<std::uint64_t>(p[i] & 0x7f) << (7 * i);
    if (p[i] < 0x80) {
      out = v;
      in.remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

bool take_string(std::string_view& in, std::string& out) {
  std::uint64_t size = 0;
  if (!read_varint(in, size) || size > in.size()) return false;
  out.assign(in.substr(0, static_cast<std::size_t>(size)));
  in.remove_prefix(static_cast<std::size_t>(size));
  return true;
}

std::string serialise_pattern(const PhrasePattern& pattern) {
  std::string out;
  put_varint(out, pattern.prefix.size());
  out += pattern.prefix;
  put_varint(out, pattern.words.size());
  for (const auto& alternatives : pattern.words) {
    put_varint(out, alternatives.size());
    for (const std::string& key : alternatives) {
      put_varint(out, key.size());
      out += key;
    }
  }
  return out;
}

std::shared_ptr<PhrasePattern> unserialise_pattern(std::string_view in) {
  auto pattern = std::make_shared<PhrasePattern>();
  std::uint64_t n_words = 0;
  if (!take_string(in, pattern->prefix) || !read_varint(in, n_words) || n_words > in.size()) return nullptr;
  for (std::uint64_t w = 0; w < n_words; ++w) {
    std::uint64_t n_alternatives = 0;
    if (!read_varint(in, n_alternatives) || n_alternatives > in.size()) return nullptr;
    pattern->words.emplace_back();
    for (std::uint64_t i = 0; i < n_alternatives; ++i) {
      std::string key;
      if (!take_string(in, key)) return nullptr;
      pattern->words.back().push_back(std::move(key));
    }
  }
  return in.empty() ? pattern : nullptr;
}

}  // namespace

// ---- writing ----

void PositionsWriter::begin_field(Xapian::termpos first, std::initializer_list<std::string_view> prefixes) {
  std::uint32_t id = 0;
  while (id < sets_.size() && !std::equal(sets_[id].begin(), sets_[id].end(), prefixes.begin(), prefixes.end())) ++id;
  if (id == sets_.size()) sets_.emplace_back(prefixes.begin(), prefixes.end());
  fields_.push_back({first, id, words_.size(), words_.size()});
}

std::uint32_t PositionsWriter::intern(std::string_view term) {
  auto it = ids_.find(term);
  if (it != ids_.end()) return it->second;
  constexpr std::size_t kChunkBytes = 64 * 1024;   // terms are at most ~250 bytes
  if (chunks_.empty() || chunk_used_ + term.size() > kChunkBytes) {
    chunks_.push_back(std::make_unique<char[]>(kChunkBytes));
    chunk_used_ = 0;
  }
  char* at = chunks_.back().get() + chunk_used_;
  std::copy(term.begin(), term.end(), at);
  chunk_used_ += term.size();
  const std::string_view kept(at, term.size());
  const auto id = static_cast<std::uint32_t>(terms_.size());
  terms_.push_back(kept);
  ids_.emplace(kept, id);
  return id;
}

void PositionsWriter::add_word(std::string_view key, std::string_view latin) {
  if (fields_.empty()) return;
  Field& field = fields_.back();
  const std::string& prefix = sets_[field.set].front();
  std::uint32_t word = 0;
  if (!key.empty()) {
    scratch_.assign(prefix).append(key);
    word = intern(scratch_) + 1;
  }
  if (!latin.empty()) {
    scratch_.assign(prefix).append(latin);
    latin_.emplace_back(words_.size(), intern(scratch_));
  }
  words_.push_back(word);
  field.end = words_.size();
}

void PositionsWriter::clear() {
  sets_.clear();
  fields_.clear();
  words_.clear();
  latin_.clear();
  terms_.clear();
  ids_.clear();
  if (chunks_.size() > 1) chunks_.resize(1);   // kept for the next record
  chunk_used_ = 0;
}

std::string PositionsWriter::encode() const {
  if (words_.empty()) return {};
  // The terms in byte order; number[id] is a term's place among them.
  std::vector<std::uint32_t> order(terms_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return terms_[a] < terms_[b]; });

  // Each term's positions, ascending: the words' positions bucketed by term
  // (a Latin key is its word's position too).
  std::vector<std::uint32_t> count(terms_.size() + 1, 0);
  auto position_of = [&](std::size_t field, std::size_t w) {
    return static_cast<std::uint64_t>(fields_[field].first + (w - fields_[field].begin));
  };
  std::vector<std::pair<std::uint32_t, std::uint64_t>> postings;   // term id, position
  postings.reserve(words_.size() + latin_.size());
  std::size_t latin_at = 0;
  for (std::size_t f = 0; f < fields_.size(); ++f) {
    for (std::size_t w = fields_[f].begin; w < fields_[f].end; ++w) {
      if (words_[w] != 0) postings.emplace_back(words_[w] - 1, position_of(f, w));
      for (; latin_at < latin_.size() && latin_[latin_at].first == w; ++latin_at) {
        postings.emplace_back(latin_[latin_at].second, position_of(f, w));
      }
    }
  }
  // A stable counting sort by term keeps each term's positions ascending.
  for (const auto& posting : postings) ++count[posting.first + 1];
  for (std::size_t i = 1; i < count.size(); ++i) count[i] += count[i - 1];
  std::vector<std::uint64_t> by_term(postings.size());
  {
    std::vector<std::uint32_t> next(count.begin(), count.end() - 1);
    for (const auto& [id, pos] : postings) by_term[next[id]++] = pos;
  }

  std::string out;
  out.reserve(postings.size() * 2 + terms_.size() * 8 + 64);
  out += kFormat;
  put_varint(out, sets_.size());
  for (const auto& set : sets_) {
    put_varint(out, set.size());
    for (const std::string& prefix : set) {
      put_varint(out, prefix.size());
      out += prefix;
    }
  }
  std::size_t n_fields = 0;
  std::string fields;
  std::uint64_t last = 0;
  for (const Field& field : fields_) {
    if (field.end == field.begin) continue;
    ++n_fields;
    put_varint(fields, field.first - last);
    put_varint(fields, field.end - field.begin);
    put_varint(fields, field.set);
    last = field.first + (field.end - field.begin) - 1;
  }
  put_varint(out, n_fields);
  put_varint(out, fields.size());
  out += fields;

  // The dictionary (front-coded, every kRestartEvery-th term whole) with
  // each term's list length, and the lists apart; a restart records where
  // its group starts in both.
  std::string dictionary;
  std::string lists;
  struct Restart {
    std::uint32_t in_dictionary, in_lists, key;
  };
  std::vector<Restart> restarts;
  std::string list;
  std::string_view previous;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::uint32_t id = order[i];
    const std::string_view term = terms_[id];
    std::size_t shared = 0;
    if (i % kRestartEvery == 0) {
      restarts.push_back({static_cast<std::uint32_t>(dictionary.size()), static_cast<std::uint32_t>(lists.size()),
                          key4(term)});
    } else {
      while (shared < term.size() && shared < previous.size() && term[shared] == previous[shared]) ++shared;
    }
    list.clear();
    std::uint64_t at = 0;
    for (std::uint32_t k = count[id]; k < count[id + 1]; ++k) {
      put_varint(list, by_term[k] - at);
      at = by_term[k];
    }
    put_varint(dictionary, shared);
    put_varint(dictionary, term.size() - shared);
    dictionary.append(term.substr(shared));
    put_varint(dictionary, list.size());
    lists += list;
    previous = term;
  }
  auto put_u32 = [&out](std::uint32_t v) {
    for (int byte = 0; byte < 4; ++byte) out += static_cast<char>((v >> (8 * byte)) & 0xff);
  };
  put_varint(out, terms_.size());
  put_varint(out, dictionary.size());
  out += dictionary;
  for (const Restart& restart : restarts) {
    put_u32(restart.in_dictionary);
    put_u32(restart.in_lists);
    put_u32(restart.key);
  }
  put_varint(out, lists.size());
  out += lists;
  return out;
}

// ---- checking ----

namespace {

// A block's dictionary and position lists.
class Dictionary {
 public:
  // Reads them from the front of `in`, leaving `in` after them.
  bool read(std::string_view& in) {
    std::uint64_t bytes = 0;
    if (!read_varint(in, count_) || !read_varint(in, bytes) || bytes > in.size()) return false;
    entries_ = in.substr(0, static_cast<std::size_t>(bytes));
    in.remove_prefix(static_cast<std::size_t>(bytes));
    const std::uint64_t n_restarts = (count_ + kRestartEvery - 1) / kRestartEvery;
    if (n_restarts * kRestartBytes > in.size()) return false;
    restarts_ = in.substr(0, static_cast<std::size_t>(n_restarts * kRestartBytes));
    in.remove_prefix(static_cast<std::size_t>(n_restarts * kRestartBytes));
    if (!read_varint(in, bytes) || bytes > in.size()) return false;
    lists_ = in.substr(0, static_cast<std::size_t>(bytes));
    in.remove_prefix(static_cast<std::size_t>(bytes));
    return true;
  }

  // Appends the positions of `term` to `out`; false if the block is
  // malformed (a term it lacks adds nothing).
  bool positions(std::string_view term, std::vector<std::uint64_t>& out) const {
    const std::size_t n_restarts = restarts_.size() / kRestartBytes;
    if (n_restarts == 0) return true;
    // The last group whose first term is <= term: by the groups' first four
    // bytes, kept in the restart table (one or two cache lines), and by the
    // whole term only where those are equal.
    const std::uint32_t key = key4(term);
    std::size_t lo = 0, hi = n_restarts;
    while (hi - lo > 1) {
      const std::size_t mid = lo + (hi - lo) / 2;
      const std::uint32_t mid_key = u32(mid * kRestartBytes + 8);
      bool at_most = mid_key < key;
      if (mid_key == key) {
        std::string_view whole;
        if (!group_term(mid, whole)) return false;
        at_most = whole <= term;
      }
      if (at_most) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    const std::uint32_t offset = u32(lo * kRestartBytes);
    std::uint64_t list_at = u32(lo * kRestartBytes + 4);
    if (offset > entries_.size()) return false;
    std::string_view in = entries_.substr(offset);
    thread_local std::string current;
    current.clear();
    const std::uint64_t first = std::uint64_t{lo} * kRestartEvery;
    for (std::uint64_t t = first; t < count_ && t < first + kRestartEvery; ++t) {
      std::uint64_t shared = 0, rest = 0, list_bytes = 0;
      if (!read_varint(in, shared) || !read_varint(in, rest) || shared > current.size() || rest > in.size()) {
        return false;
      }
      current.resize(static_cast<std::size_t>(shared));
      current.append(in.substr(0, static_cast<std::size_t>(rest)));
      in.remove_prefix(static_cast<std::size_t>(rest));
      if (!read_varint(in, list_bytes)) return false;
      const int order = std::string_view(current).compare(term);
      if (order > 0) return true;
      if (order == 0) {
        if (list_at > lists_.size() || list_bytes > lists_.size() - list_at) return false;
        const auto* p = reinterpret_cast<const unsigned char*>(lists_.data()) + list_at;
        const auto* end = p + list_bytes;
        std::uint64_t at = 0;
        while (p != end) {
          std::uint64_t delta = *p++;
          if (delta >= 0x80) {
            delta &= 0x7f;
            for (int shift = 7;; shift += 7) {
              if (p == end || shift > 63) return false;
              const unsigned char byte = *p++;
              delta |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
              if (byte < 0x80) break;
            }
          }
          at += delta;
          out.push_back(at);
        }
        return true;
      }
      list_at += list_bytes;
    }
    return true;
  }

 private:
  std::uint32_t u32(std::size_t at) const {
    std::uint32_t v = 0;
    for (int byte = 0; byte < 4; ++byte) {
      v |= static_cast<std::uint32_t>(static_cast<unsigned char>(restarts_[at + byte])) << (8 * byte);
    }
    return v;
  }

  bool group_term(std::size_t group, std::string_view& out) const {
    const std::uint32_t offset = u32(group * kRestartBytes);
    if (offset > entries_.size()) return false;
    std::string_view in = entries_.substr(offset);
    std::uint64_t shared = 0, size = 0;
    if (!read_varint(in, shared) || !read_varint(in, size) || shared != 0 || size > in.size()) return false;
    out = in.substr(0, static_cast<std::size_t>(size));
    return true;
  }

  std::uint64_t count_ = 0;
  std::string_view entries_;
  std::string_view restarts_;
  std::string_view lists_;
};

}  // namespace

bool block_has_phrase(std::string_view in, const PhrasePattern& pattern) {
  const std::size_t n = pattern.words.size();
  if (n == 0 || in.empty() || in.front() != kFormat) return false;
  in.remove_prefix(1);

  // Scratch space kept by each thread from check to check.
  struct Field {
    std::uint64_t first, last, set;
  };
  struct Scratch {
    std::vector<std::string_view> canonical;
    std::vector<char> usable;
    std::vector<std::string_view> done;
    std::vector<std::vector<std::uint64_t>> at;
    std::vector<std::size_t> next;
    std::vector<Field> fields;
    std::string term;
  };
  thread_local Scratch scratch;
  auto& canonical = scratch.canonical;
  auto& usable = scratch.usable;

  // Field sets: which hold the pattern's prefix, and their canonical prefix.
  std::uint64_t n_sets = 0;
  if (!read_varint(in, n_sets) || n_sets > in.size()) return false;
  canonical.assign(static_cast<std::size_t>(n_sets), {});
  usable.assign(static_cast<std::size_t>(n_sets), 0);
  for (std::size_t s = 0; s < n_sets; ++s) {
    std::uint64_t n_prefixes = 0;
    if (!read_varint(in, n_prefixes) || n_prefixes == 0 || n_prefixes > in.size()) return false;
    for (std::uint64_t i = 0; i < n_prefixes; ++i) {
      std::uint64_t size = 0;
      if (!read_varint(in, size) || size > in.size()) return false;
      const std::string_view prefix = in.substr(0, static_cast<std::size_t>(size));
      in.remove_prefix(static_cast<std::size_t>(size));
      if (i == 0) canonical[s] = prefix;
      if (prefix == pattern.prefix) usable[s] = 1;
    }
  }
  // The fields, read only when a phrase is found in a canonical prefix
  // some of whose fields do not hold the pattern's prefix.
  std::uint64_t n_fields = 0, fields_bytes = 0;
  if (!read_varint(in, n_fields) || !read_varint(in, fields_bytes) || fields_bytes > in.size()) return false;
  std::string_view fields_in = in.substr(0, static_cast<std::size_t>(fields_bytes));
  in.remove_prefix(static_cast<std::size_t>(fields_bytes));
  bool fields_read = false;
  auto& fields = scratch.fields;
  auto read_fields = [&] {
    fields.clear();
    std::uint64_t last = 0;
    for (std::uint64_t f = 0; f < n_fields; ++f) {
      std::uint64_t skip = 0, size = 0, set = 0;
      if (!read_varint(fields_in, skip) || !read_varint(fields_in, size) || !read_varint(fields_in, set) ||
          set >= n_sets || size == 0) {
        return false;
      }
      const std::uint64_t first = last + skip;
      last = first + size - 1;
      fields.push_back({first, last, set});
    }
    return true;
  };
  Dictionary dictionary;
  if (!dictionary.read(in)) return false;

  // For each canonical prefix of a usable set: each word's positions (its
  // alternatives' merged), then a run of them that starts in a usable field.
  auto& done = scratch.done;
  done.clear();
  auto& at = scratch.at;
  if (at.size() < n) at.resize(n);
  auto& next = scratch.next;
  std::string& term = scratch.term;
  for (std::size_t s = 0; s < n_sets; ++s) {
    if (usable[s] == 0 || std::find(done.begin(), done.end(), canonical[s]) != done.end()) continue;
    const std::string_view prefix = canonical[s];
    done.push_back(prefix);
    bool complete = true;
    for (std::size_t w = 0; w < n && complete; ++w) {
      at[w].clear();
      for (const std::string& key : pattern.words[w]) {
        term.assign(prefix).append(key);
        if (!dictionary.positions(term, at[w])) return false;
      }
      if (pattern.words[w].size() > 1) std::sort(at[w].begin(), at[w].end());
      complete = !at[w].empty();
    }
    if (!complete) continue;
    // Every field of this canonical prefix usable: no field lookups.
    bool all_usable = true;
    for (std::size_t t = 0; t < n_sets; ++t) all_usable = all_usable && (canonical[t] != prefix || usable[t] != 0);
    // A start whose words follow it, in a usable field.
    next.assign(n, 0);
    for (const std::uint64_t start : at[0]) {
      std::size_t w = 1;
      bool exhausted = false;
      for (; w < n; ++w) {
        std::size_t& i = next[w];
        while (i < at[w].size() && at[w][i] < start + w) ++i;
        if (i == at[w].size()) {
          exhausted = true;   // no later start has word w after it
          break;
        }
        if (at[w][i] != start + w) break;
      }
      if (exhausted) break;
      if (w < n) continue;
      if (all_usable) return true;
      if (!fields_read) {
        if (!read_fields()) return false;
        fields_read = true;
      }
      auto field = std::upper_bound(fields.begin(), fields.end(), start,
                                    [](std::uint64_t p, const Field& f) { return p < f.first; });
      if (field != fields.begin() && (--field)->last >= start && usable[static_cast<std::size_t>(field->set)] != 0) {
        return true;
      }
    }
  }
  return false;
}

bool positions_have_phrase(const Xapian::Database& db, Xapian::docid did, const PhrasePattern& pattern) {
  // Each word's positions (any of its alternatives), then a run of them.
  std::vector<std::vector<Xapian::termpos>> at(pattern.words.size());
  if (at.empty()) return false;
  for (std::size_t w = 0; w < at.size(); ++w) {
    for (const std::string& key : pattern.words[w]) {
      const std::string term = pattern.prefix + key;
      for (auto p = db.positionlist_begin(did, term); p != db.positionlist_end(did, term); ++p) at[w].push_back(*p);
    }
    if (at[w].empty()) return false;
    std::sort(at[w].begin(), at[w].end());
  }
  for (const Xapian::termpos first : at[0]) {
    bool all = true;
    for (std::size_t w = 1; w < at.size() && all; ++w) {
      all = std::binary_search(at[w].begin(), at[w].end(), first + static_cast<Xapian::termpos>(w));
    }
    if (all) return true;
  }
  return false;
}

// ---- PhraseSource ----

std::string PhraseSource::serialise() const { return serialise_pattern(*pattern_); }

PhraseSource* PhraseSource::unserialise(const std::string& serialised) const {
  auto pattern = unserialise_pattern(serialised);
  if (!pattern) throw Xapian::SerialisationError("malformed chancery.PhraseSource");
  return new PhraseSource(std::move(pattern));
}

std::string PhraseSource::get_description() const {
  // The pattern, in hex: of() reads it back.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kDescriptionStart);
  for (const char c : serialise()) {
    out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xf];
    out += kHex[static_cast<unsigned char>(c) & 0xf];
  }
  return out + ")";
}

std::shared_ptr<const PhrasePattern> PhraseSource::pattern_of(const Xapian::Query& query) {
  if (query.get_type() != Xapian::Query::LEAF_POSTING_SOURCE) return nullptr;
  const std::string description = query.get_description();
  const std::size_t start = description.find(kDescriptionStart);
  if (start == std::string::npos) return nullptr;
  const std::size_t begin = start + kDescriptionStart.size();
  const std::size_t end = description.find(')', begin);
  if (end == std::string::npos || (end - begin) % 2 != 0) return nullptr;
  std::string bytes;
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = begin; i < end; i += 2) {
    bytes += static_cast<char>((nibble(description[i]) << 4) | nibble(description[i + 1]));
  }
  return unserialise_pattern(bytes);
}

const Xapian::Registry& PhraseSource::registry() {
  static const Xapian::Registry registry = [] {
    Xapian::Registry r;
    PhraseSource prototype(std::make_shared<PhrasePattern>());
    r.register_posting_source(prototype);
    return r;
  }();
  return registry;
}

void PhraseSource::init(const Xapian::Database& db) {
  db_ = db;
  values_ = db_.valuestream_begin(index_terms::kPositionsSlot);
  revision_ = PositionsCache::revision_key(db_);
  all_docs_ = Xapian::PostingIterator();   // opened if this ever drives the match
  has_positions_ = db_.has_positions();
  all_ = db_.get_doccount();
  current_ = 0;
  matched_ = false;
  at_end_ = false;
}

bool PhraseSource::matches(Xapian::docid did) {
  PositionsCache& cache = PositionsCache::instance();
  if (auto block = cache.get(revision_, did)) return block_has_phrase(*block, *pattern_);
  const Xapian::ValueIterator end = db_.valuestream_end(index_terms::kPositionsSlot);
  if (values_ != end && values_.check(did) && values_ != end && values_.get_docid() == did) {
    auto block = std::make_shared<const std::string>(*values_);
    cache.put(revision_, did, block);
    return block_has_phrase(*block, *pattern_);
  }
  return has_positions_ && positions_have_phrase(db_, did, *pattern_);
}

void PhraseSource::find_from(Xapian::docid did) {
  // Only when this drives the match, which its frequencies avoid: every
  // document from `did` on, checked.
  const Xapian::PostingIterator end = db_.postlist_end("");
  if (all_docs_ == Xapian::PostingIterator()) all_docs_ = db_.postlist_begin("");
  all_docs_.skip_to(did);
  for (; all_docs_ != end; ++all_docs_) {
    if (matches(*all_docs_)) {
      current_ = *all_docs_;
      matched_ = true;
      return;
    }
  }
  at_end_ = true;
}

void PhraseSource::next(double) {
  if (!at_end_) find_from(current_ + 1);
}

void PhraseSource::skip_to(Xapian::docid did, double) {
  if (at_end_ || (matched_ && did <= current_)) return;
  // After a failed check() of current_, the next match is past it.
  find_from(matched_ ? did : std::max(did, current_ + 1));
}

bool PhraseSource::check(Xapian::docid did, double) {
  // Whatever the answer, a later move starts after `did`.
  current_ = did;
  matched_ = matches(did);
  return matched_;
}

// ---- PhraseDecider ----

bool PhraseDecider::operator()(const Xapian::Document& doc) const {
  const bool holds = holds_all(doc);
  if (!holds) ++denied_;
  return holds;
}

PhraseDecider::PhraseDecider(std::vector<std::shared_ptr<const PhrasePattern>> patterns,
                             const std::vector<Xapian::Database>& shards)
    : patterns_(std::move(patterns)) {
  for (const Xapian::Database& shard : shards) revisions_.push_back(PositionsCache::revision_key(shard));
}

bool PhraseDecider::holds_all(const Xapian::Document& doc) const {
  PositionsCache& cache = PositionsCache::instance();
  const std::string shard = doc.get_value(index_terms::kShardSlot);
  const std::size_t s = shard.size() == 1 ? static_cast<unsigned char>(shard[0]) : revisions_.size();
  std::shared_ptr<const std::string> cached;
  if (s < revisions_.size()) cached = cache.get(revisions_[s], doc.get_docid());
  if (!cached) {
    cached = std::make_shared<const std::string>(doc.get_value(index_terms::kPositionsSlot));
    if (s < revisions_.size() && !cached->empty()) cache.put(revisions_[s], doc.get_docid(), cached);
  }
  const std::string& block = *cached;
  for (const auto& pattern : patterns_) {
    if (!block.empty()) {
      if (!block_has_phrase(block, *pattern)) return false;
      continue;
    }
    // An index of layout 3 or older: the document's own positions.
    std::vector<std::vector<Xapian::termpos>> at(pattern->words.size());
    for (std::size_t w = 0; w < at.size(); ++w) {
      for (const std::string& key : pattern->words[w]) {
        const std::string term = pattern->prefix + key;
        Xapian::TermIterator it = doc.termlist_begin();
        it.skip_to(term);
        if (it == doc.termlist_end() || *it != term) continue;
        for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) at[w].push_back(*p);
      }
      std::sort(at[w].begin(), at[w].end());
    }
    bool found = false;
    if (!at.empty()) {
      for (const Xapian::termpos first : at[0]) {
        bool all = true;
        for (std::size_t w = 1; w < at.size() && all; ++w) {
          all = std::binary_search(at[w].begin(), at[w].end(), first + static_cast<Xapian::termpos>(w));
        }
        if (all) {
          found = true;
          break;
        }
      }
    }
    if (!found) return false;
  }
  return true;
}

// ---- PositionsCache ----

namespace {

// Each thread's last blocks, in front of the shared cache: a hit takes no
// lock. Slots keep the block alive; a shared cache's eviction only stops new
// lookups from finding it there.
struct NearPositions {
  static constexpr std::size_t kSlots = 256;
  struct Slot {
    std::uint64_t revision = 0;
    Xapian::docid did = 0;
    std::shared_ptr<const std::string> block;
  };
  std::array<Slot, kSlots> slots;
  std::uint64_t epoch = 0;
  Slot& at(std::uint64_t revision, Xapian::docid did) {
    return slots[static_cast<std::size_t>((revision ^ did * 0x9E3779B97F4A7C15ull) >> 56) % kSlots];
  }
};
thread_local NearPositions near_positions;
std::atomic<std::uint64_t> positions_epoch{1};

}  // namespace


struct PositionsCache::Part {
  struct Entry {
    std::uint64_t revision;
    Xapian::docid did;
    std::shared_ptr<const std::string> block;
  };
  struct KeyHash {
    std::size_t operator()(const std::pair<std::uint64_t, Xapian::docid>& k) const {
      return static_cast<std::size_t>((k.first ^ (std::uint64_t{k.second} * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull);
    }
  };
  mutable std::mutex mutex;
  std::list<Entry> lru;   // most recent first
  std::unordered_map<std::pair<std::uint64_t, Xapian::docid>, std::list<Entry>::iterator, KeyHash> index;
  std::size_t bytes = 0;
  std::size_t capacity = 0;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;

  void trim() {
    while (bytes > capacity && !lru.empty()) {
      bytes -= lru.back().block->size();
      index.erase({lru.back().revision, lru.back().did});
      lru.pop_back();
    }
  }
};

namespace {
// 64 MB: the blocks of about 16,000 FRUS records.
constexpr std::size_t kDefaultPositionsCacheBytes = std::size_t{64} << 20;
}  // namespace

PositionsCache::PositionsCache() : parts_(new Part[kParts]) { set_capacity(kDefaultPositionsCacheBytes); }

PositionsCache& PositionsCache::instance() {
  static PositionsCache cache;
  return cache;
}

std::uint64_t PositionsCache::revision_key(const Xapian::Database& shard) {
  // FNV-1a over the shard's uuid and revision.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  for (const char c : shard.get_uuid()) mix(static_cast<unsigned char>(c));
  const Xapian::rev revision = shard.get_revision();
  for (std::size_t i = 0; i < sizeof(revision); ++i) mix(static_cast<unsigned char>(revision >> (8 * i)));
  return h;
}

void PositionsCache::set_capacity(std::size_t bytes) {
  positions_epoch.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < kParts; ++i) {
    std::lock_guard lock(parts_[i].mutex);
    parts_[i].capacity = bytes / kParts;
    parts_[i].trim();
  }
}

std::shared_ptr<const std::string> PositionsCache::get(std::uint64_t revision, Xapian::docid did) {
  NearPositions& near = near_positions;
  const std::uint64_t epoch = positions_epoch.load(std::memory_order_relaxed);
  if (near.epoch != epoch) {
    near.slots.fill({});
    near.epoch = epoch;
  }
  NearPositions::Slot& slot = near.at(revision, did);
  if (slot.block && slot.revision == revision && slot.did == did) return slot.block;
  auto block = get_shared(revision, did);
  if (block) slot = {revision, did, block};
  return block;
}

std::shared_ptr<const std::string> PositionsCache::get_shared(std::uint64_t revision, Xapian::docid did) {
  Part& part = parts_[Part::KeyHash{}({revision, did}) % kParts];
  std::lock_guard lock(part.mutex);
  auto it = part.index.find({revision, did});
  if (it == part.index.end()) {
    ++part.misses;
    return nullptr;
  }
  ++part.hits;
  part.lru.splice(part.lru.begin(), part.lru, it->second);
  return it->second->block;
}

void PositionsCache::put(std::uint64_t revision, Xapian::docid did, std::shared_ptr<const std::string> block) {
  Part& part = parts_[Part::KeyHash{}({revision, did}) % kParts];
  std::lock_guard lock(part.mutex);
  if (block->size() > part.capacity || part.index.count({revision, did}) != 0) return;
  part.bytes += block->size();
  part.lru.push_front({revision, did, std::move(block)});
  part.index.emplace(std::make_pair(revision, did), part.lru.begin());
  part.trim();
}

void PositionsCache::forget(std::uint64_t revision, Xapian::docid did) {
  positions_epoch.fetch_add(1, std::memory_order_relaxed);   // every thread's slots too
  Part& part = parts_[Part::KeyHash{}({revision, did}) % kParts];
  std::lock_guard lock(part.mutex);
  auto it = part.index.find({revision, did});
  if (it == part.index.end()) return;
  part.bytes -= it->second->block->size();
  part.lru.erase(it->second);
  part.index.erase(it);
}

PositionsCache::Stats PositionsCache::stats() const {
  Stats out;
  for (std::size_t i = 0; i < kParts; ++i) {
    std::lock_guard lock(parts_[i].mutex);
    out.hits += parts_[i].hits;
    out.misses += parts_[i].misses;
    out.bytes += parts_[i].bytes;
  }
  return out;
}

// ---- lazy_phrases ----

namespace {

bool has_phrase_source(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::LEAF_POSTING_SOURCE) return PhraseSource::pattern_of(query) != nullptr;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (has_phrase_source(query.get_subquery(i))) return true;
  }
  return false;
}

enum class Stripped { kKept, kRemoved, kFailed };

// `query` without its PhraseSources (into `out`), which must each hold.
Stripped strip(const Xapian::Query& query, Xapian::Query& out, std::vector<std::shared_ptr<const PhrasePattern>>& patterns) {
  if (auto pattern = PhraseSource::pattern_of(query)) {
    patterns.push_back(std::move(pattern));
    return Stripped::kRemoved;
  }
  if (!has_phrase_source(query)) {
    out = query;
    return Stripped::kKept;
  }
  const Xapian::Query::op type = query.get_type();
  const std::size_t n = query.get_num_subqueries();
  std::vector<Xapian::Query> kept;
  switch (type) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
      for (std::size_t i = 0; i < n; ++i) {
        Xapian::Query part;
        const Stripped s = strip(query.get_subquery(i), part, patterns);
        if (s == Stripped::kFailed) return s;
        // FILTER's first side is the weighted one: it must stay.
        if (s == Stripped::kRemoved && type == Xapian::Query::OP_FILTER && i == 0) return Stripped::kFailed;
        if (s == Stripped::kKept) kept.push_back(std::move(part));
      }
      break;
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE: {
      if (n == 0) return Stripped::kFailed;
      Xapian::Query left;
      if (strip(query.get_subquery(0), left, patterns) != Stripped::kKept) return Stripped::kFailed;
      kept.push_back(std::move(left));
      for (std::size_t i = 1; i < n; ++i) {
        if (has_phrase_source(query.get_subquery(i))) return Stripped::kFailed;
        kept.push_back(query.get_subquery(i));
      }
      break;
    }
    default:
      return Stripped::kFailed;
  }
  if (kept.empty()) return Stripped::kRemoved;
  out = kept.size() == 1 ? kept.front() : Xapian::Query(type, kept.begin(), kept.end());
  return Stripped::kKept;
}

}  // namespace

std::optional<LazyPhrases> lazy_phrases(const Xapian::Query& query) {
  LazyPhrases lazy;
  if (!has_phrase_source(query)) return std::nullopt;
  if (strip(query, lazy.query, lazy.patterns) != Stripped::kKept) return std::nullopt;
  return lazy;
}

}  // namespace chancery
