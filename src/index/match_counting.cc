#include "index/match_counting.h"

#include <algorithm>
#include <optional>

namespace chancery {

bool checks_positions(const Xapian::Query& query) {
  const Xapian::Query::op type = query.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (checks_positions(query.get_subquery(i))) return true;
  }
  return false;
}

namespace {

// Counts the documents of one shard into a FacetCounter by their docids in
// the whole database: shard s of n has its docid d at (d - 1) * n + s + 1.
class ShardDocids : public Xapian::MatchSpy {
 public:
  ShardDocids(FacetCounter& counter, unsigned shard, unsigned shards)
      : counter_(counter), shard_(shard), shards_(shards) {}
  void operator()(const Xapian::Document& doc, double) override {
    counter_.count((doc.get_docid() - 1) * shards_ + shard_ + 1);
  }

 private:
  FacetCounter& counter_;
  unsigned shard_;
  unsigned shards_;
};

}  // namespace

MatchCount count_matches(const std::vector<Xapian::Database>& shards, const Xapian::Query& query,
                         Xapian::doccount candidates, const CountBudget& budget, FacetCounter* facets,
                         std::optional<std::size_t> only_shard) {
  const Xapian::doccount limit = std::max<Xapian::doccount>(1, checks_positions(query) ? budget.positional : budget.other);
  const auto every = static_cast<std::uint32_t>(std::max<Xapian::doccount>(1, (candidates + limit - 1) / limit));
  MatchCount count;
  count.sample_every = every;
  for (std::size_t s = 0; s < shards.size(); ++s) {
    if (only_shard && s != *only_shard) continue;
    SampledDocuments sample(every);
    Xapian::Enquire enquire(shards[s]);
    enquire.set_query(every == 1 ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&sample)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
    // Checking at least every document makes the count exact; no MSet
    // entries are kept, the spy sees every match.
    std::optional<ShardDocids> by_docid;
    if (facets != nullptr && facets->has_table()) {
      by_docid.emplace(*facets, static_cast<unsigned>(s), static_cast<unsigned>(shards.size()));
      enquire.add_matchspy(&*by_docid);
    } else if (facets != nullptr) {
      enquire.add_matchspy(facets);
    }
    const Xapian::doccount all = std::max<Xapian::doccount>(shards[s].get_doccount(), 1);
    count.total += static_cast<std::int64_t>(enquire.get_mset(0, 0, all).get_matches_estimated());
  }
  if (every > 1) {
    count.total *= every;
    count.exact = false;
  }
  return count;
}

SampledDocuments::SampledDocuments(std::uint32_t every) : every_(std::max<std::uint32_t>(every, 1)) {}

bool SampledDocuments::selected(Xapian::docid did, std::uint32_t every) {
  if (every <= 1) return true;
  std::uint32_t h = did * 0x9E3779B1u;  // Fibonacci hashing, then mixed down
  h ^= h >> 15;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  return h % every == 0;
}

void SampledDocuments::init(const Xapian::Database& db) {
  last_ = db.get_lastdocid();
  current_ = 0;
}

void SampledDocuments::next(double) {
  do {
    ++current_;
  } while (current_ <= last_ && !selected(current_, every_));
}

void SampledDocuments::skip_to(Xapian::docid did, double min_wt) {
  if (did <= current_) return;
  current_ = did - 1;
  next(min_wt);
}

}  // namespace chancery
