#include "index/shard_ranking.h"

#include <algorithm>

#include "index/index_terms.h"

namespace chancery {

void OneShard::init(const Xapian::Database& db) {
  const bool mine = db.get_uuid() == uuid_;
  doccount_ = mine ? db.get_doccount() : 0;
  last_ = mine ? db.get_lastdocid() : 0;
  current_ = 0;
}

void OneShard::next(double) { ++current_; }

void OneShard::skip_to(Xapian::docid did, double) {
  if (did > current_) current_ = did;
}

void set_order(Xapian::Enquire& enquire, SortOrder sort) {
  switch (sort) {
    case SortOrder::kRelevance:
      break;
    case SortOrder::kDateAscending:
      enquire.set_sort_by_value_then_relevance(index_terms::kSortAscSlot, false);
      break;
    case SortOrder::kDateDescending:
      enquire.set_sort_by_value_then_relevance(index_terms::kSortDescSlot, false);
      break;
  }
}

ShardRanking rank_one_shard(const Xapian::Database& db, const Xapian::Query& query, const std::string& shard_uuid,
                            SortOrder sort, Xapian::doccount wanted, Xapian::doccount check_at_least) {
  OneShard shard(shard_uuid, db.get_doccount());
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&shard)));
  set_order(enquire, sort);
  const Xapian::MSet mset = enquire.get_mset(0, wanted, check_at_least);
  ShardRanking ranking;
  ranking.lower = mset.get_matches_lower_bound();
  ranking.estimated = mset.get_matches_estimated();
  ranking.upper = mset.get_matches_upper_bound();
  ranking.matches.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    ranking.matches.push_back({it.get_weight(), sort == SortOrder::kRelevance ? std::string() : it.get_sort_key(), *it});
  }
  return ranking;
}

ShardRanking rank_weightless(const std::vector<Xapian::Database>& shards, const Xapian::Query& query,
                             Xapian::doccount wanted, Xapian::doccount check_at_least) {
  ShardRanking whole;
  const auto n = static_cast<Xapian::doccount>(shards.size());
  for (Xapian::doccount s = 0; s < n; ++s) {
    Xapian::Enquire enquire(shards[s]);
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, wanted, check_at_least);
    whole.lower += mset.get_matches_lower_bound();
    whole.estimated += mset.get_matches_estimated();
    whole.upper += mset.get_matches_upper_bound();
    for (auto it = mset.begin(); it != mset.end(); ++it) whole.matches.push_back({0.0, {}, (*it - 1) * n + s + 1});
  }
  const std::size_t keep = std::min<std::size_t>(wanted, whole.matches.size());
  std::partial_sort(whole.matches.begin(), whole.matches.begin() + static_cast<std::ptrdiff_t>(keep),
                    whole.matches.end(), [](const RankedMatch& a, const RankedMatch& b) { return a.docid < b.docid; });
  whole.matches.resize(keep);
  return whole;
}

std::vector<RankedMatch> merge_rankings(std::vector<ShardRanking>& rankings, SortOrder sort, std::size_t wanted) {
  std::vector<RankedMatch> all;
  for (ShardRanking& ranking : rankings) {
    for (RankedMatch& match : ranking.matches) all.push_back(std::move(match));
  }
  const bool by_key = sort != SortOrder::kRelevance;
  auto before = [by_key](const RankedMatch& a, const RankedMatch& b) {
    if (by_key && a.sort_key != b.sort_key) return a.sort_key < b.sort_key;
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.docid < b.docid;
  };
  const std::size_t keep = std::min(wanted, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(), before);
  all.resize(keep);
  return all;
}

}  // namespace chancery
