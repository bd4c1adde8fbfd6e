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

// A set of a shard's docids, a bit each.
using DocidSet = std::vector<std::uint64_t>;

// The postings of the terms of `query` (each term as often as it occurs),
// when the query is terms joined by operators whose matches are a set
// operation on theirs; nullopt for any other part (phrases, value ranges,
// posting sources, wildcards, MatchAll...).
std::optional<std::uint64_t> set_postings(const Xapian::Database& db, const Xapian::Query& query) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const Xapian::TermIterator term = query.get_terms_begin();
      if (term == query.get_terms_end() || (*term).empty()) return std::nullopt;
      return db.get_termfreq(*term);
    }
    case Xapian::Query::LEAF_MATCH_NOTHING:
      return 0;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SCALE_WEIGHT:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
      std::uint64_t total = 0;
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const auto part = set_postings(db, query.get_subquery(i));
        if (!part) return std::nullopt;
        total += *part;
      }
      return total;
    }
    default:
      return std::nullopt;
  }
}

// The docids of `db` that match `query` (set_postings() said it can), as
// Xapian's matcher would find them.
DocidSet match_set(const Xapian::Database& db, const Xapian::Query& query, std::size_t words) {
  const auto type = query.get_type();
  if (type == Xapian::Query::LEAF_TERM) {
    DocidSet out(words, 0);
    const std::string term = *query.get_terms_begin();
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      const Xapian::docid did = *it;
      out[did / 64] |= std::uint64_t{1} << (did % 64);
    }
    return out;
  }
  if (type == Xapian::Query::LEAF_MATCH_NOTHING || query.get_num_subqueries() == 0) return DocidSet(words, 0);
  DocidSet out = match_set(db, query.get_subquery(0), words);
  if (type == Xapian::Query::OP_AND_MAYBE || type == Xapian::Query::OP_SCALE_WEIGHT) return out;   // the left side's matches
  for (std::size_t i = 1; i < query.get_num_subqueries(); ++i) {
    const DocidSet other = match_set(db, query.get_subquery(i), words);
    for (std::size_t w = 0; w < words; ++w) {
      switch (type) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_FILTER:
          out[w] &= other[w];
          break;
        case Xapian::Query::OP_AND_NOT:
          out[w] &= ~other[w];
          break;
        case Xapian::Query::OP_XOR:
          out[w] ^= other[w];
          break;
        default:   // OR, SYNONYM, MAX
          out[w] |= other[w];
          break;
      }
    }
  }
  return out;
}

}  // namespace

std::uint32_t sample_every(const Xapian::Query& query, Xapian::doccount candidates, const CountBudget& budget) {
  const Xapian::doccount limit = std::max<Xapian::doccount>(1, checks_positions(query) ? budget.positional : budget.other);
  return static_cast<std::uint32_t>(std::max<Xapian::doccount>(1, (candidates + limit - 1) / limit));
}

MatchCount count_matches(const std::vector<Xapian::Database>& shards, const Xapian::Query& query,
                         Xapian::doccount candidates, const CountBudget& budget, FacetCounter* facets,
                         std::optional<std::size_t> only_shard) {
  const std::uint32_t every = sample_every(query, candidates, budget);
  MatchCount count;
  count.sample_every = every;
  for (std::size_t s = 0; s < shards.size(); ++s) {
    if (only_shard && s != *only_shard) continue;
    if (every == 1 && budget.postings > 0 && (facets == nullptr || facets->has_table())) {
      const auto postings = set_postings(shards[s], query);
      if (postings && *postings <= budget.postings &&
          *postings <= std::uint64_t{candidates} * budget.postings_per_candidate) {
        const std::size_t words = shards[s].get_lastdocid() / 64 + 1;
        const DocidSet matches = match_set(shards[s], query, words);
        for (std::size_t w = 0; w < words; ++w) {
          for (std::uint64_t bits = matches[w]; bits != 0; bits &= bits - 1) {
            const auto did = static_cast<Xapian::docid>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
            ++count.total;
            if (facets != nullptr) facets->count((did - 1) * static_cast<Xapian::docid>(shards.size()) + static_cast<Xapian::docid>(s) + 1);
          }
        }
        continue;
      }
    }
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
