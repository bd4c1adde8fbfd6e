#include "index/match_counting.h"

#include <algorithm>

namespace chancery {

bool checks_positions(const Xapian::Query& query) {
  const Xapian::Query::op type = query.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (checks_positions(query.get_subquery(i))) return true;
  }
  return false;
}

MatchCount count_matches(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount candidates,
                         const CountBudget& budget, FacetCounter* facets) {
  const Xapian::doccount limit = std::max<Xapian::doccount>(1, checks_positions(query) ? budget.positional : budget.other);
  const auto every = static_cast<std::uint32_t>(std::max<Xapian::doccount>(1, (candidates + limit - 1) / limit));
  SampledDocuments sample(every);
  Xapian::Enquire enquire(db);
  enquire.set_query(every == 1 ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&sample)));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
  // Checking at least every document makes the count exact. With a table the
  // matches come back as docids of the whole database, and are counted
  // without reading anything; else a match spy reads each one's facet slot.
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  const bool by_docid = facets != nullptr && facets->has_table();
  if (facets != nullptr && !by_docid) enquire.add_matchspy(facets);
  const Xapian::MSet counted = enquire.get_mset(0, by_docid ? all : 0, all);
  if (by_docid) {
    for (auto it = counted.begin(); it != counted.end(); ++it) facets->count(*it);
  }
  MatchCount count;
  count.total = static_cast<std::int64_t>(counted.get_matches_estimated());
  count.sample_every = every;
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
