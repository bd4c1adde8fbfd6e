// Ranking the shards of one search on two cores. Xapian matches the shards of
// a database one after another; a big search (a common word among a million
// records) is split instead: each thread ranks the matches of one shard, with
// its own handle on the whole database, so that the weights use the whole
// database's statistics and are the very weights a single Enquire gives. The
// top hits are then merged in Xapian's own order (weight or sort key, then
// docid), which makes the result identical to the sequential one.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "index/index.h"

namespace chancery {

// Matches only the documents of the shard whose Xapian uuid it holds (a
// database made of shards gives init() each shard in turn): every docid of
// that shard, none of the others. Weightless; used as the right side of an
// OP_FILTER.
//
// Its frequency estimate is the whole database's size (`all`), never less
// than the query's own: an AND is driven by its rarest side, and the shard's
// every docid, each checked against the query, would cost far more than the
// query's postings (Xapian estimates a shard's OR against the whole
// database's size, so the shard's own size is not always enough).
class OneShard : public Xapian::PostingSource {
 public:
  OneShard(std::string uuid, Xapian::doccount all) : uuid_(std::move(uuid)), all_(all) {}
  OneShard* clone() const override { return new OneShard(uuid_, all_); }
  std::string name() const override { return "chancery.OneShard"; }
  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return doccount_; }
  Xapian::doccount get_termfreq_est() const override { return doccount_ == 0 ? 0 : std::max(all_, doccount_); }
  Xapian::doccount get_termfreq_max() const override { return doccount_ == 0 ? 0 : std::max(all_, doccount_); }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return current_ > last_; }
  Xapian::docid get_docid() const override { return current_; }

 private:
  std::string uuid_;
  Xapian::doccount all_ = 0;
  Xapian::doccount doccount_ = 0;
  Xapian::docid last_ = 0;
  Xapian::docid current_ = 0;
};

// One ranked match: what Xapian orders an MSet by.
struct RankedMatch {
  double weight = 0;
  std::string sort_key;    // the sort value; empty for relevance order
  Xapian::docid docid = 0; // in the whole database
};

// The first `wanted` matches of one shard, in MSet order, and the bounds of
// that shard's match count.
struct ShardRanking {
  std::vector<RankedMatch> matches;
  Xapian::doccount lower = 0;
  Xapian::doccount estimated = 0;
  Xapian::doccount upper = 0;
};

// Sets the order of an Enquire (relevance, or a date slot then relevance).
void set_order(Xapian::Enquire& enquire, SortOrder sort);

// Ranks the matches of `query` in the shard with uuid `shard_uuid` of `db`
// (a database made of every shard). `check_at_least` as for get_mset().
// Throws what Xapian throws.
ShardRanking rank_one_shard(const Xapian::Database& db, const Xapian::Query& query, const std::string& shard_uuid,
                            SortOrder sort, Xapian::doccount wanted, Xapian::doccount check_at_least);

// The first `wanted` matches of a weightless query (one whose every match
// weighs 0: dates, collections, facet filters, no words) in relevance order,
// which for such a query is docid order, and the bounds of its match count.
// Xapian 1.4 stops matching a weightless query after `check_at_least`
// matches only in a single database ("a forward boolean match with only one
// database", multimatch.cc), and reads every match of a database made of
// shards (100,000 records: 1.5 ms for a year's 14,160 records, 13 ms for
// 99,453); so each shard is ranked on its own, where Xapian stops early, and
// the shards' first matches are merged by their docids in the whole database
// (shard s of n has its docid d at (d - 1) * n + s + 1). The result is the
// one an MSet over the whole database gives. Throws what Xapian throws.
ShardRanking rank_weightless(const std::vector<Xapian::Database>& shards, const Xapian::Query& query,
                             Xapian::doccount wanted, Xapian::doccount check_at_least);

// The matches of several shard rankings in the order one MSet over the whole
// database has: by sort key (when sorting by date), then weight descending,
// then docid ascending. Returns the first `wanted`.
std::vector<RankedMatch> merge_rankings(std::vector<ShardRanking>& rankings, SortOrder sort, std::size_t wanted);

}  // namespace chancery
