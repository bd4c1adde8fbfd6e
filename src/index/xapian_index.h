// The Xapian implementation of SearchIndex.
//
// One record is one document with the unique term "Q<id>". Words are folded
// (util/text_fold.h) and indexed with positions, unprefixed and per field;
// stemmed forms ("Z" terms) use the stemmer of the record's text language.
// Facets are boolean "F" terms plus one value slot counted by a match spy;
// the record's date span sits in value slots for range filters and sorting.
// The layout is in index_terms.h.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "index/document_builder.h"
#include "index/index.h"
#include "index/name_hooks.h"
#include "index/query_parser.h"
#include "index/shard_writer.h"
#include "util/error.h"

namespace chancery {

struct XapianIndexOptions {
  // Extra terms for names from src/names; may be empty.
  NameHooks names;
  // When a writer's shards flush their buffered changes (shard_writer.h).
  FlushPolicy flush;
  // A new writable index is split into this many Xapian databases (DIR/shard0,
  // DIR/shard1, ...), each written by its own thread; a record new to the
  // index goes to the shard with the least work queued and stays there, and
  // searches read all shards as one database. An existing index keeps the
  // shards it has. At most 256.
  int shards = 2;
  // The count pass (totals and facet counts, apart from ranking) visits at
  // most this many matches of a non-phrase query (phrase queries have a
  // smaller budget, match_counting.h); beyond it, counts come from an even
  // sample and are scaled estimates (SearchResults::total_exact and
  // facets_exact are false).
  int facet_sample_limit = 10000;
  // A count of every match of a query of terms joined by boolean operators
  // reads at most this many postings itself (CountBudget::postings) instead
  // of matching; 0: always match. The counts are the same either way.
  std::int64_t count_postings = 100000;
  // A reader of two shards ranks and counts a search with one thread per
  // shard (shard_ranking.h) when its terms have at least this many postings
  // in all (a single thread takes several milliseconds for them); 0: always,
  // negative: never. The results are the same either way. Unless it is
  // negative, a phrase whose count is sampled is also counted on a second
  // thread while it is ranked.
  std::int64_t parallel_search_postings = 100000;
  // A query whose matches all weigh nothing (dates, collections, filters; no
  // words), ranked by relevance, is ranked shard by shard, where Xapian stops
  // at the first matches (shard_ranking.h: rank_weightless). The hits are the
  // same either way; false: one match over every shard, for comparison.
  bool rank_weightless_by_shard = true;
  // A search page sorted by date whose query has many matches (not a phrase)
  // is ranked from its first years (date_ranking.h), reading the sort keys
  // of those years' matches only. The hits are the same either way; false:
  // one match over all of them, for comparison.
  bool rank_dates_by_year = true;
  // A wildcard is searched for its most frequent words within this many
  // postings (or twice its most frequent word's; wildcards.h), at most
  // query_limits.max_wildcard_expansion of them.
  std::int64_t wildcard_postings = 200000;
  // When set, counts the searches that ran on two threads.
  std::shared_ptr<std::atomic<std::uint64_t>> parallel_searches;
  // When set, counts the searches whose hits (documents and snippets) were
  // made on two threads: a search alone in the process, with at least six
  // hits, on two shards, unless parallel_search_postings is negative.
  std::shared_ptr<std::atomic<std::uint64_t>> split_hit_searches;
  // A reader that serves document pages: the related records of every record
  // of the revision it reads are found ahead, on a thread at idle priority,
  // once for the process (related_table.h). The answers are the same either way.
  bool related_ahead = false;
  // Whether that thread runs at idle priority (else at the process's own:
  // tests, which wait for it on a busy machine).
  bool related_ahead_at_idle_priority = true;
  // When set, counts the searches ranked from their first years (rank_dates_by_year).
  std::shared_ptr<std::atomic<std::uint64_t>> year_ranked_searches;
  QueryLimits query_limits;
};

// Opens (creating it when `writable` and missing) the index in `dir`.
// A writable index is the only writer (Xapian takes a lock; a second writer
// fails with kStorage); read-only opens see changes after refresh(). Fails
// with kStorage when the database cannot be opened or created.
// The returned index serialises calls internally, so it may be shared between threads.
// Writes are asynchronous: put() and remove() queue work for the shards'
// threads, and a failure there is reported by a later call or by commit().
Result<std::unique_ptr<SearchIndex>> open_xapian_index(const std::filesystem::path& dir, bool writable);
Result<std::unique_ptr<SearchIndex>> open_xapian_index(const std::filesystem::path& dir, bool writable,
                                                      XapianIndexOptions options);

// The shard databases of the index in `dir`, in order: DIR/shard0, DIR/shard1,
// ..., or DIR itself for an index made before shards; {} when there is none.
// A shard that is an index replica's (a folder with xapian-replicate's stub
// file XAPIANDB) is given as the copy the stub names (DIR/shardN/replica_K).
std::vector<std::filesystem::path> xapian_shard_paths(const std::filesystem::path& dir);

// The number of shards of the index `shard` belongs to, as its writer
// recorded it (index_terms.h, kShardCountKey); kStorage when it is missing.
Result<int> xapian_recorded_shard_count(const std::filesystem::path& shard);

}  // namespace chancery
