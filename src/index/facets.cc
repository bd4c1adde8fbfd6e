#include "index/facets.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <mutex>

#include "index/index_terms.h"

namespace chancery {
namespace {

// Xapian's limit is 245 bytes per term.
constexpr std::size_t kMaxFacetValueBytes = 200;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// `value` cut to at most `max` bytes without splitting a UTF-8 character.
std::string_view cut_utf8(std::string_view value, std::size_t max) {
  if (value.size() <= max) return value;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return value.substr(0, end);
}

// Each facet's place in kFacetDefs by its code byte; kFacetDefs' size for a
// byte that is no facet's code.
std::array<std::uint8_t, 256> facet_places() {
  std::array<std::uint8_t, 256> place{};
  place.fill(static_cast<std::uint8_t>(std::size(kFacetDefs)));
  for (std::size_t i = 0; i < std::size(kFacetDefs); ++i) {
    place[static_cast<unsigned char>(kFacetDefs[i].code)] = static_cast<std::uint8_t>(i);
  }
  return place;
}

// The facets' values for FacetCounter::results: from each facet's entries
// (by_facet[f] for kFacetDefs[f]; the last vector, codes of no facet, is
// left out) the `limit` first in `before` order, as FacetValues. Counts are
// scaled up from a sample of the matches, or down from a superset of them
// (the candidates of a phrase, match_counting.h), when the counter saw `seen`
// documents of `total`.
template <typename Entry, std::size_t N, typename Before, typename CountOf, typename ValueOf>
std::map<std::string, std::vector<FacetValue>> top_values(std::array<std::vector<Entry>, N>& by_facet, int limit,
                                                          std::int64_t total, std::int64_t seen, Before before,
                                                          CountOf count_of, ValueOf value_of) {
  static_assert(N == std::size(kFacetDefs) + 1);
  const bool scale = seen > 0 && total != seen;
  const auto keep = static_cast<std::size_t>(std::max(limit, 0));
  std::map<std::string, std::vector<FacetValue>> out;
  for (std::size_t f = 0; f + 1 < N; ++f) {
    std::vector<Entry>& entries = by_facet[f];
    const std::size_t n = std::min(keep, entries.size());
    std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(n), entries.end(), before);
    std::vector<FacetValue>& values = out[std::string(kFacetDefs[f].name)];
    for (std::size_t i = 0; i < n; ++i) {
      std::int64_t count = count_of(entries[i]);
      if (scale) count = std::max<std::int64_t>(1, (count * total + seen / 2) / seen);
      values.push_back({value_of(entries[i]), count});
    }
  }
  return out;
}

}  // namespace

std::optional<char> facet_code(std::string_view name) {
  for (const FacetDef& def : kFacetDefs) {
    if (def.name == name) return def.code;
  }
  return std::nullopt;
}

std::string facet_term(char code, std::string_view value) {
  std::string term(index_terms::kFacetPrefix);
  term += code;
  term += cut_utf8(value, kMaxFacetValueBytes);
  return term;
}

void FacetValueSet::add(char code, std::string_view value) {
  value = cut_utf8(trim(value), kMaxFacetValueBytes);
  if (value.empty() || value.find('\0') != std::string_view::npos) return;
  for (const auto& [c, v] : values_) {
    if (c == code && v == value) return;
  }
  values_.emplace_back(code, std::string(value));
}

std::string FacetValueSet::encode() const {
  std::string out;
  for (const auto& [code, value] : values_) {
    out += code;
    out += value;
    out += '\0';
  }
  return out;
}

namespace {

// Calls fn(entry) for each "code + value" entry of a facet slot blob.
template <typename F>
void for_each_entry(std::string_view values, F&& fn) {
  std::size_t pos = 0;
  while (pos < values.size()) {
    std::size_t end = values.find('\0', pos);
    if (end == std::string_view::npos) end = values.size();
    if (end > pos + 1) fn(values.substr(pos, end - pos));
    pos = end + 1;
  }
}

}  // namespace

std::shared_ptr<const FacetTable> FacetTable::build(const Xapian::Database& db) {
  auto table = std::make_shared<FacetTable>();
  std::unordered_map<std::string_view, std::uint32_t> known;
  // `known` views the interned strings, so they live behind pointers (a
  // growing vector of strings would move short strings' bytes).
  std::vector<std::unique_ptr<std::string>> interned;
  std::vector<std::uint32_t>& offsets = table->offsets_;
  std::vector<std::uint32_t>& ids = table->ids_;
  offsets.reserve(static_cast<std::size_t>(db.get_lastdocid()) + 2);
  for (auto it = db.valuestream_begin(index_terms::kFacetSlot); it != db.valuestream_end(index_terms::kFacetSlot);
       ++it) {
    const Xapian::docid did = it.get_docid();
    while (offsets.size() <= did) offsets.push_back(static_cast<std::uint32_t>(ids.size()));
    const std::string blob = *it;
    for_each_entry(blob, [&](std::string_view entry) {
      auto found = known.find(entry);
      if (found == known.end()) {
        interned.push_back(std::make_unique<std::string>(entry));
        found = known.emplace(*interned.back(), static_cast<std::uint32_t>(interned.size() - 1)).first;
      }
      ids.push_back(found->second);
    });
  }
  offsets.push_back(static_cast<std::uint32_t>(ids.size()));
  table->entries_.reserve(interned.size());
  for (auto& entry : interned) table->entries_.push_back(std::move(*entry));
  const std::vector<std::string>& entries = table->entries_;
  const std::array<std::uint8_t, 256> place = facet_places();
  table->places_.reserve(entries.size());
  for (const std::string& entry : entries) table->places_.push_back(place[static_cast<unsigned char>(entry[0])]);
  std::vector<std::uint32_t> by_bytes(entries.size());
  for (std::uint32_t id = 0; id < by_bytes.size(); ++id) by_bytes[id] = id;
  std::sort(by_bytes.begin(), by_bytes.end(), [&](std::uint32_t a, std::uint32_t b) { return entries[a] < entries[b]; });
  table->ranks_.resize(entries.size());
  for (std::uint32_t rank = 0; rank < by_bytes.size(); ++rank) table->ranks_[by_bytes[rank]] = rank;
  return table;
}

namespace {

struct SharedTable {
  std::weak_ptr<const FacetTable> table;
  // Set while a caller builds the table of this key; others wait on it.
  std::shared_future<std::shared_ptr<const FacetTable>> building;
};

std::mutex g_tables_mutex;
std::map<std::string, SharedTable, std::less<>>* g_tables = nullptr;   // made on first use, never freed
std::atomic<std::uint64_t> g_tables_built{0};

}  // namespace

std::shared_ptr<const FacetTable> shared_facet_table(const std::string& key,
                                                     const std::function<std::shared_ptr<const FacetTable>()>& build) {
  std::promise<std::shared_ptr<const FacetTable>> promise;
  std::shared_future<std::shared_ptr<const FacetTable>> other_build;
  {
    std::lock_guard lock(g_tables_mutex);
    if (g_tables == nullptr) g_tables = new std::map<std::string, SharedTable, std::less<>>();
    // Tables no one holds any more (older revisions) leave the map.
    for (auto it = g_tables->begin(); it != g_tables->end();) {
      if (!it->second.building.valid() && it->second.table.expired()) {
        it = g_tables->erase(it);
      } else {
        ++it;
      }
    }
    SharedTable& entry = (*g_tables)[key];
    if (std::shared_ptr<const FacetTable> table = entry.table.lock()) return table;
    if (entry.building.valid()) {
      other_build = entry.building;
    } else {
      entry.building = promise.get_future().share();
    }
  }
  if (other_build.valid()) {
    try {
      if (std::shared_ptr<const FacetTable> table = other_build.get()) return table;
    } catch (...) {
      // The other caller's build failed (its database, perhaps): this
      // caller's own database may do better, and throws what it throws.
    }
    return build();
  }
  std::shared_ptr<const FacetTable> table;
  try {
    table = build();
  } catch (...) {
    {
      std::lock_guard lock(g_tables_mutex);
      g_tables->erase(key);
    }
    promise.set_exception(std::current_exception());
    throw;
  }
  g_tables_built.fetch_add(1, std::memory_order_relaxed);
  {
    std::lock_guard lock(g_tables_mutex);
    SharedTable& entry = (*g_tables)[key];
    entry.table = table;
    entry.building = {};
  }
  promise.set_value(table);
  return table;
}

std::uint64_t facet_tables_built() { return g_tables_built.load(std::memory_order_relaxed); }

FacetCounter::FacetCounter(std::shared_ptr<const FacetTable> table, unsigned shards,
                           std::vector<std::uint32_t>* scratch)
    : table_(std::move(table)), shards_(shards < 1 ? 1 : shards) {
  if (scratch != nullptr) table_counts_ = scratch;
}

FacetCounter::~FacetCounter() {
  for (const std::uint32_t id : touched_) (*table_counts_)[id] = 0;
}

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  if (table_) {
    Xapian::docid did = doc.get_docid();
    if (shards_ > 1) {
      // Xapian interleaves shards' docids: shard s's docid d is (d-1)*n + s + 1.
      const std::string shard = doc.get_value(index_terms::kShardSlot);
      const unsigned s = shard.empty() ? 0 : static_cast<unsigned char>(shard[0]) % shards_;
      did = (did - 1) * shards_ + s + 1;
    }
    table_->for_each_value(did, [this](std::uint32_t id) { count_value(id); });
    return;
  }
  const std::string blob = doc.get_value(index_terms::kFacetSlot);
  for_each_entry(blob, [this](std::string_view entry) {
    auto it = counts_.find(entry);
    if (it == counts_.end()) {
      counts_.emplace(std::string(entry), 1);
    } else {
      ++it->second;
    }
  });
}

void FacetCounter::count_set(std::span<const std::uint64_t> set, unsigned shard, unsigned shards) {
  std::vector<std::uint32_t>& table_counts = *table_counts_;
  if (table_counts.size() < table_->value_count()) table_counts.resize(table_->value_count(), 0);
  // The loop reads the table and counts through plain pointers: the members
  // would be loaded again after every count.
  std::uint32_t* const counts = table_counts.data();
  const std::uint32_t* const offsets = table_->offsets_.data();
  const std::uint32_t* const ids = table_->ids_.data();
  const std::size_t documents = table_->offsets_.size() - 1;   // docids below this have values
  std::vector<std::uint32_t> touched;
  std::int64_t seen = 0;
  for (std::size_t w = 0; w < set.size(); ++w) {
    for (std::uint64_t bits = set[w]; bits != 0; bits &= bits - 1) {
      const std::size_t shard_did = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
      const std::size_t did = (shard_did - 1) * shards + shard + 1;
      ++seen;
      if (did >= documents) continue;
      for (std::uint32_t i = offsets[did], end = offsets[did + 1]; i < end; ++i) {
        if (counts[ids[i]]++ == 0) touched.push_back(ids[i]);
      }
    }
  }
  seen_ += seen;
  touched_.insert(touched_.end(), touched.begin(), touched.end());
}

void FacetCounter::merge(const FacetCounter& other) {
  seen_ += other.seen_;
  for (const auto& [entry, count] : other.counts_) counts_[entry] += count;
  if (other.touched_.empty()) return;
  std::vector<std::uint32_t>& counts = *table_counts_;
  if (counts.size() < table_->value_count()) counts.resize(table_->value_count(), 0);
  for (const std::uint32_t id : other.touched_) {
    if (counts[id] == 0) touched_.push_back(id);
    counts[id] += (*other.table_counts_)[id];
  }
}

std::map<std::string, std::vector<FacetValue>> FacetCounter::results(int limit,
                                                                      std::int64_t total) const {
  if (counts_.empty() && table_) return table_results(limit, total);
  using Entry = std::pair<std::string_view, std::int64_t>;  // value, count
  // The entries of each facet, by its place in kFacetDefs (an array indexed
  // by code: a hash lookup per counted value cost more than the sorting).
  const std::array<std::uint8_t, 256> place = facet_places();
  std::array<std::vector<Entry>, std::size(kFacetDefs) + 1> by_facet;   // the last: codes of no facet
  for (const auto& [entry, count] : counts_) {
    by_facet[place[static_cast<unsigned char>(entry[0])]].emplace_back(std::string_view(entry).substr(1), count);
  }
  for (const std::uint32_t id : touched_) {
    const std::string& entry = table_->entry(id);
    by_facet[place[static_cast<unsigned char>(entry[0])]].emplace_back(std::string_view(entry).substr(1),
                                                                       (*table_counts_)[id]);
  }
  return top_values(
      by_facet, limit, total, seen_,
      [](const Entry& a, const Entry& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; },
      [](const Entry& e) { return e.second; }, [](const Entry& e) { return std::string(e.first); });
}

// results() for counts by value id alone: the same values in the same order
// (most counted first, equal counts in byte order of the value, which within
// one facet is the order of the entries), chosen by place and rank; only the
// chosen values' strings are read.
std::map<std::string, std::vector<FacetValue>> FacetCounter::table_results(int limit, std::int64_t total) const {
  struct Counted {
    std::int64_t count;
    std::uint32_t rank;
    std::uint32_t id;
  };
  std::array<std::vector<Counted>, std::size(kFacetDefs) + 1> by_facet;   // the last: codes of no facet
  const std::uint8_t* const places = table_->places_.data();
  const std::uint32_t* const ranks = table_->ranks_.data();
  const std::uint32_t* const counts = table_counts_->data();
  for (const std::uint32_t id : touched_) by_facet[places[id]].push_back({counts[id], ranks[id], id});
  return top_values(
      by_facet, limit, total, seen_,
      [](const Counted& a, const Counted& b) { return a.count != b.count ? a.count > b.count : a.rank < b.rank; },
      [](const Counted& c) { return c.count; }, [this](const Counted& c) { return table_->entry(c.id).substr(1); });
}

}  // namespace chancery
