#include "index/word_positions.h"

#include <algorithm>

#include "index/index_terms.h"

namespace chancery {
namespace {

constexpr char kFormat = '\x03';
// Every how many terms of a block's dictionary one is written whole.
constexpr std::size_t kRestartEvery = 16;
constexpr std::string_view kDescriptionStart = "chancery.PhraseSource(";

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

bool read_varint(std::string_view& in, std::uint64_t& out) {
  out = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    out |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
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
  for (const Field& field : fields_) n_fields += field.end > field.begin ? 1 : 0;
  put_varint(out, n_fields);
  std::uint64_t last = 0;
  for (const Field& field : fields_) {
    if (field.end == field.begin) continue;
    put_varint(out, field.first - last);
    put_varint(out, field.end - field.begin);
    put_varint(out, field.set);
    last = field.first + (field.end - field.begin) - 1;
  }

  // The dictionary (front-coded, every kRestartEvery-th term whole) with
  // each term's list length, and the lists apart; a restart records where
  // its group starts in both.
  std::string dictionary;
  std::string lists;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> restarts;
  std::string list;
  std::string_view previous;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::uint32_t id = order[i];
    const std::string_view term = terms_[id];
    std::size_t shared = 0;
    if (i % kRestartEvery == 0) {
      restarts.emplace_back(static_cast<std::uint32_t>(dictionary.size()), static_cast<std::uint32_t>(lists.size()));
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
  for (const auto& [in_dictionary, in_lists] : restarts) {
    put_u32(in_dictionary);
    put_u32(in_lists);
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
    if (n_restarts * 8 > in.size()) return false;
    restarts_ = in.substr(0, static_cast<std::size_t>(n_restarts * 8));
    in.remove_prefix(static_cast<std::size_t>(n_restarts * 8));
    if (!read_varint(in, bytes) || bytes > in.size()) return false;
    lists_ = in.substr(0, static_cast<std::size_t>(bytes));
    in.remove_prefix(static_cast<std::size_t>(bytes));
    return true;
  }

  // Appends the positions of `term` to `out`; false if the block is
  // malformed (a term it lacks adds nothing).
  bool positions(std::string_view term, std::vector<std::uint64_t>& out) const {
    const std::size_t n_restarts = restarts_.size() / 8;
    if (n_restarts == 0) return true;
    std::size_t lo = 0, hi = n_restarts;   // the last group whose first term is <= term
    while (hi - lo > 1) {
      const std::size_t mid = lo + (hi - lo) / 2;
      std::string_view whole;
      if (!group_term(mid, whole)) return false;
      if (whole <= term) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    const std::uint32_t offset = u32(lo * 8);
    std::uint64_t list_at = u32(lo * 8 + 4);
    if (offset > entries_.size()) return false;
    std::string_view in = entries_.substr(offset);
    std::string current;
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
        std::string_view list = lists_.substr(static_cast<std::size_t>(list_at), static_cast<std::size_t>(list_bytes));
        std::uint64_t at = 0;
        while (!list.empty()) {
          std::uint64_t delta = 0;
          if (!read_varint(list, delta)) return false;
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
    const std::uint32_t offset = u32(group * 8);
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

  // Field sets: which hold the pattern's prefix, and their canonical prefix.
  std::uint64_t n_sets = 0;
  if (!read_varint(in, n_sets) || n_sets > in.size()) return false;
  std::vector<std::string_view> canonical(static_cast<std::size_t>(n_sets));
  std::vector<bool> usable(static_cast<std::size_t>(n_sets), false);
  for (std::size_t s = 0; s < n_sets; ++s) {
    std::uint64_t n_prefixes = 0;
    if (!read_varint(in, n_prefixes) || n_prefixes == 0 || n_prefixes > in.size()) return false;
    for (std::uint64_t i = 0; i < n_prefixes; ++i) {
      std::uint64_t size = 0;
      if (!read_varint(in, size) || size > in.size()) return false;
      const std::string_view prefix = in.substr(0, static_cast<std::size_t>(size));
      in.remove_prefix(static_cast<std::size_t>(size));
      if (i == 0) canonical[s] = prefix;
      if (prefix == pattern.prefix) usable[s] = true;
    }
  }
  // The fields: first position, last position, set.
  std::uint64_t n_fields = 0;
  if (!read_varint(in, n_fields) || n_fields > in.size()) return false;
  struct Field {
    std::uint64_t first, last, set;
  };
  std::vector<Field> fields;
  fields.reserve(static_cast<std::size_t>(n_fields));
  std::uint64_t last = 0;
  for (std::uint64_t f = 0; f < n_fields; ++f) {
    std::uint64_t skip = 0, size = 0, set = 0;
    if (!read_varint(in, skip) || !read_varint(in, size) || !read_varint(in, set) || set >= n_sets || size == 0) {
      return false;
    }
    const std::uint64_t first = last + skip;
    last = first + size - 1;
    fields.push_back({first, last, set});
  }
  Dictionary dictionary;
  if (!dictionary.read(in)) return false;

  // For each canonical prefix of a usable set: each word's positions (its
  // alternatives' merged), then a run of them that starts in a usable field.
  std::vector<std::string_view> done;
  std::vector<std::vector<std::uint64_t>> at(n);
  std::string term;
  for (std::size_t s = 0; s < n_sets; ++s) {
    if (!usable[s] || std::find(done.begin(), done.end(), canonical[s]) != done.end()) continue;
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
    for (std::size_t t = 0; t < n_sets; ++t) all_usable = all_usable && (canonical[t] != prefix || usable[t]);
    // A start whose words follow it, in a usable field.
    auto found = [&] {
      std::vector<std::size_t> next(n, 0);
      for (const std::uint64_t start : at[0]) {
        std::size_t w = 1;
        for (; w < n; ++w) {
          std::size_t& i = next[w];
          while (i < at[w].size() && at[w][i] < start + w) ++i;
          if (i == at[w].size()) return false;   // no later start has word w after it
          if (at[w][i] != start + w) break;
        }
        if (w < n) continue;
        if (all_usable) return true;
        auto field = std::upper_bound(fields.begin(), fields.end(), start,
                                      [](std::uint64_t p, const Field& f) { return p < f.first; });
        if (field != fields.begin() && (--field)->last >= start && usable[static_cast<std::size_t>(field->set)]) {
          return true;
        }
      }
      return false;
    };
    if (found()) return true;
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
  all_docs_ = db_.postlist_begin("");
  has_positions_ = db_.has_positions();
  all_ = db_.get_doccount();
  current_ = 0;
  matched_ = false;
  at_end_ = false;
}

bool PhraseSource::matches(Xapian::docid did) {
  const Xapian::ValueIterator end = db_.valuestream_end(index_terms::kPositionsSlot);
  if (values_ != end && values_.check(did) && values_ != end && values_.get_docid() == did) {
    return block_has_phrase(*values_, *pattern_);
  }
  return has_positions_ && positions_have_phrase(db_, did, *pattern_);
}

void PhraseSource::find_from(Xapian::docid did) {
  // Only when this drives the match, which its frequencies avoid: every
  // document from `did` on, checked.
  const Xapian::PostingIterator end = db_.postlist_end("");
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

bool PhraseDecider::holds_all(const Xapian::Document& doc) const {
  const std::string block = doc.get_value(index_terms::kPositionsSlot);
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
