// Facets: the boolean terms that filter on a facet value, the value slot that
// lists a record's facet values, and the match spy that counts them.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/index.h"

namespace chancery {

// The facets of SearchResults, by name, and the one-letter code of each in
// facet terms ("FY1956") and in the facet value slot.
struct FacetDef {
  std::string_view name;
  char code;
};
inline constexpr FacetDef kFacetDefs[] = {
    {"year", 'Y'},       {"decade", 'D'},  {"language", 'L'}, {"type", 'T'},
    {"collection", 'C'}, {"archive", 'A'}, {"person", 'P'},   {"place", 'G'},
    {"pages", 'S'},   // "Scanned": the record has page images (Record::scanned)
};

// The one value of the "pages" facet.
inline constexpr std::string_view kScannedFacetValue = "Scanned";

// The code of facet `name`, or nullopt when there is no such facet.
std::optional<char> facet_code(std::string_view name);

// The boolean term for one facet value: "F" + code + value, cut to fit
// Xapian's term length limit at a UTF-8 boundary.
std::string facet_term(char code, std::string_view value);

// Collects a record's facet values (deduplicated) and encodes them for the
// facet value slot.
class FacetValueSet {
 public:
  // Adds a value; empty values (after trimming) are ignored.
  void add(char code, std::string_view value);
  // (code, value) pairs in insertion order.
  const std::vector<std::pair<char, std::string>>& values() const { return values_; }
  // The slot encoding: for each value, code, value bytes, '\0'.
  std::string encode() const;

 private:
  std::vector<std::pair<char, std::string>> values_;
};

// Every document's facet values of one database revision, decoded once:
// each distinct value gets a number, each document the numbers of its values.
// Counting then costs an array increment per value instead of reading and
// hashing the value slot of every match. Immutable once built, so searches
// on several threads may share one.
class FacetTable {
 public:
  // Reads the facet slot of every document of `db`.
  static std::shared_ptr<const FacetTable> build(const Xapian::Database& db);

  std::size_t value_count() const { return entries_.size(); }
  // code + value, as in the slot
  const std::string& entry(std::uint32_t id) const { return entries_[id]; }
  // Calls fn(id) for each value of document `did` (none for unknown ids).
  template <typename F>
  void for_each_value(Xapian::docid did, F&& fn) const {
    if (did >= offsets_.size() - 1) return;
    for (std::uint32_t i = offsets_[did]; i < offsets_[did + 1]; ++i) fn(ids_[i]);
  }

 private:
  friend class FacetCounter;
  std::vector<std::string> entries_;
  // By value id: its facet's place in kFacetDefs (kFacetDefs' size for a
  // code of no facet), and its entry's place among all entries in byte order.
  // FacetCounter::results picks the top values from these alone and reads
  // only the chosen entries (the others' strings, scattered in memory, cost a
  // cache miss each).
  std::vector<std::uint8_t> places_;
  std::vector<std::uint32_t> ranks_;
  std::vector<std::uint32_t> offsets_{0};  // by docid: ids_[offsets_[d], offsets_[d+1])
  std::vector<std::uint32_t> ids_;
};

// One FacetTable per database revision for the whole process. The server's
// workers each open the index, and each would otherwise decode a copy of the
// same revision's table: about 25 MB and 0.2-0.3 s of CPU each at a million
// records, so memory grew with the number of cores. `key` names the revision
// (each shard's UUID and revision, in order); `build` makes the table when no
// caller holds one for that key. Callers asking for a key being built wait
// for that build instead of making their own; if it throws, they build
// themselves. A table lives while a caller holds it (only weak references are
// kept here). Thread-safe.
std::shared_ptr<const FacetTable> shared_facet_table(const std::string& key,
                                                     const std::function<std::shared_ptr<const FacetTable>()>& build);

// How many tables shared_facet_table() has built in this process (its
// `build` calls that returned), for /metrics and tests.
std::uint64_t facet_tables_built();

// Counts facet values over the documents the matcher looks at. Not shareable
// between threads; one per search. With a FacetTable (of the revision being
// searched) it counts by document id without reading the value slot.
class FacetCounter : public Xapian::MatchSpy {
 public:
  FacetCounter() = default;
  // `table` is indexed by docids of the whole database, made of `shards`
  // interleaved shards (a spy sees docids within a shard).
  // `scratch`, when given, holds the counts by value id (all zero, or empty),
  // so that a caller running searches one after another allocates them once;
  // the counter sets the entries it used back to zero when destroyed. One
  // counter at a time may use a scratch vector.
  explicit FacetCounter(std::shared_ptr<const FacetTable> table, unsigned shards = 1,
                        std::vector<std::uint32_t>* scratch = nullptr);
  ~FacetCounter() override;
  FacetCounter(const FacetCounter&) = delete;
  FacetCounter& operator=(const FacetCounter&) = delete;
  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "chancery.FacetCounter"; }

  // Counts document `did` of the whole database (an MSet's docid, not a
  // shard's), without reading it; only with a table (has_table()).
  void count(Xapian::docid did) {
    ++seen_;
    table_->for_each_value(did, [this](std::uint32_t id) { count_value(id); });
  }
  bool has_table() const { return table_ != nullptr; }
  // Counts every document of a set of one shard's docids (bit d of word
  // d / 64 for docid d of shard `shard` of `shards`), as count() would one by
  // one; only with a table.
  void count_set(std::span<const std::uint64_t> set, unsigned shard, unsigned shards);

  // Adds what `other` counted (a counter over the same table, which counted
  // other documents: another shard's, on another thread).
  void merge(const FacetCounter& other);

  // Documents seen so far.
  std::int64_t documents_seen() const { return seen_; }
  // Counts by facet name, each sorted by count (descending) then value, at
  // most `limit` per facet. When the counter saw only some of `total`
  // matches, counts are scaled up to estimates; when it saw more documents
  // than `total` (every candidate of a phrase whose total was estimated from
  // a sample of them), scaled down.
  std::map<std::string, std::vector<FacetValue>> results(int limit, std::int64_t total) const;

 private:
  // results() when every count is by value id.
  std::map<std::string, std::vector<FacetValue>> table_results(int limit, std::int64_t total) const;
  // Hashes std::string and std::string_view alike, so counting an existing
  // value allocates nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Keyed by code + value, as in the slot.
  std::unordered_map<std::string, std::int64_t, Hash, std::equal_to<>> counts_;
  std::int64_t seen_ = 0;
  // Counts value `id` of the table; remembers the values counted, so a search
  // costs the values its matches have, not every value of the archive.
  void count_value(std::uint32_t id) {
    std::vector<std::uint32_t>& counts = *table_counts_;
    if (counts.size() < table_->value_count()) counts.resize(table_->value_count(), 0);
    if (counts[id]++ == 0) touched_.push_back(id);
  }

  std::shared_ptr<const FacetTable> table_;
  unsigned shards_ = 1;
  std::vector<std::uint32_t> own_counts_;
  std::vector<std::uint32_t>* table_counts_ = &own_counts_;   // by FacetTable value id
  std::vector<std::uint32_t> touched_;       // ids with a count, in order of first count
};

}  // namespace chancery
