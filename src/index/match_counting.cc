#include "index/match_counting.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

#include "index/index_terms.h"

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

bool is_phrase(const Xapian::Query& query) {
  return query.get_type() == Xapian::Query::OP_PHRASE || query.get_type() == Xapian::Query::OP_NEAR;
}

// Calls fn(docid) for each docid in `set`, in order.
template <typename F>
void for_each_docid(const DocidSet& set, F&& fn) {
  for (std::size_t w = 0; w < set.size(); ++w) {
    for (std::uint64_t bits = set[w]; bits != 0; bits &= bits - 1) {
      fn(static_cast<Xapian::docid>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))));
    }
  }
}

// The set bits of `set`.
std::uint64_t count_bits(const DocidSet& set) {
  std::uint64_t n = 0;
  for (const std::uint64_t word : set) n += static_cast<std::uint64_t>(__builtin_popcountll(word));
  return n;
}

// What count_matches() finds in shard `s`, counted from the candidates of
// `superset` (phrase_superset() of `query`, readable from postings).
struct ShardEstimate {
  double total = 0;
  bool exact = true;
  std::uint32_t sample_every = 1;
};

ShardEstimate count_from_superset(const std::vector<Xapian::Database>& shards, std::size_t s,
                                  const Xapian::Query& query, const Xapian::Query& superset,
                                  const CountBudget& budget, FacetCounter* facets) {
  const Xapian::Database& db = shards[s];
  const auto n_shards = static_cast<Xapian::docid>(shards.size());
  const std::size_t words = db.get_lastdocid() / 64 + 1;
  const DocidSet candidates = match_set(db, superset, words);
  const std::uint64_t n = count_bits(candidates);
  // The whole database's candidates, as this shard's times the shards, so
  // that every shard decides alike however the count is split over threads.
  const std::uint64_t whole = n * shards.size();
  const std::uint64_t sample = std::max<Xapian::doccount>(budget.phrase_candidates, 1);
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  // The matches of the query among the candidates selected by one in
  // `every`; with every == 1, each one seen in `facets`.
  auto match = [&](std::uint32_t every) {
    SampledDocuments sampled(every);
    Xapian::Enquire enquire(db);
    enquire.set_query(every == 1 ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&sampled)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
    std::optional<ShardDocids> by_docid;
    if (every == 1 && facets != nullptr) {
      by_docid.emplace(*facets, static_cast<unsigned>(s), static_cast<unsigned>(n_shards));
      enquire.add_matchspy(&*by_docid);
    }
    return static_cast<double>(enquire.get_mset(0, 0, all).get_matches_estimated());
  };
  auto sampled_candidates = [&](std::uint32_t every) {
    std::uint64_t in_sample = 0;
    for_each_docid(candidates, [&](Xapian::docid did) { in_sample += SampledDocuments::selected(did, every) ? 1 : 0; });
    return in_sample;
  };

  ShardEstimate out;
  if (n == 0) return out;   // no candidates, no matches
  std::uint32_t every = whole <= sample ? 1 : static_cast<std::uint32_t>((whole + sample - 1) / sample);
  double matched = match(every);
  std::uint64_t in_sample = every == 1 ? n : sampled_candidates(every);
  // A phrase that few of its candidates hold (words that are common apart
  // and rare together) leaves few matches in the sample, and a wide error:
  // the sample grows to give budget.phrase_matches, within budget.positional
  // candidates in all.
  while (every > 1) {
    const double whole_matched = matched * static_cast<double>(shards.size());
    const double whole_sampled = static_cast<double>(in_sample * shards.size());
    if (whole_matched >= budget.phrase_matches) break;
    const double wanted = std::min<double>(budget.positional, budget.phrase_matches * whole_sampled /
                                                                  std::max(whole_matched, 1.0));
    if (wanted < whole_sampled * 1.5) break;
    const auto next = static_cast<std::uint32_t>(
        std::max<double>(1.0, std::ceil(static_cast<double>(whole) / wanted)));
    if (next >= every) break;
    every = next;
    matched = match(every);
    in_sample = every == 1 ? n : sampled_candidates(every);
  }
  out.sample_every = every;
  if (every == 1) {
    out.total = matched;
    return out;
  }
  // The share of the sampled candidates that match, times the candidates;
  // the facets are every candidate's, scaled to that total when reported.
  out.exact = false;
  if (facets != nullptr) {
    facets->count_set(candidates, static_cast<unsigned>(s), static_cast<unsigned>(n_shards));
  }
  out.total = in_sample == 0 ? 0.0 : static_cast<double>(n) * matched / static_cast<double>(in_sample);
  return out;
}

}  // namespace

std::optional<Xapian::doccount> paired_phrase_candidates(const Xapian::Database& db, const Xapian::Query& query) {
  const std::size_t n = query.get_num_subqueries();
  const Xapian::Query::op type = query.get_type();
  if (n < 2 || (type != Xapian::Query::OP_FILTER && type != Xapian::Query::OP_AND_NOT)) return std::nullopt;
  for (std::size_t i = 1; i < n; ++i) {
    if (checks_positions(query.get_subquery(i))) return std::nullopt;
  }
  const Xapian::Query& first = query.get_subquery(0);
  if (type == Xapian::Query::OP_AND_NOT || !is_phrase(first)) return paired_phrase_candidates(db, first);
  // The parser's FILTER(PHRASE, AND(pairs)): a pair for each two words.
  std::optional<Xapian::doccount> rarest;
  std::size_t pairs = 0;
  for (std::size_t i = 1; i < n; ++i) {
    const Xapian::Query& filter = query.get_subquery(i);
    for (auto it = filter.get_unique_terms_begin(); it != filter.get_unique_terms_end(); ++it) {
      if (!std::string_view(*it).starts_with(index_terms::kWordPair)) return std::nullopt;
      ++pairs;
      const Xapian::doccount records = db.get_termfreq(*it);
      rarest = rarest ? std::min(*rarest, records) : records;
    }
  }
  if (!rarest || pairs + 1 < first.get_num_subqueries()) return std::nullopt;
  return rarest;
}

std::optional<Xapian::Query> phrase_superset(const Xapian::Query& query) {
  if (!checks_positions(query)) return std::nullopt;
  // The superset of one part; parts without positions stand as they are.
  auto part = [](const Xapian::Query& q) -> std::optional<Xapian::Query> {
    return checks_positions(q) ? phrase_superset(q) : std::optional<Xapian::Query>(q);
  };
  const std::size_t n = query.get_num_subqueries();
  std::vector<Xapian::Query> parts;
  switch (query.get_type()) {
    case Xapian::Query::OP_FILTER:
      // The parser's FILTER(PHRASE, AND(pairs)): documents without the pairs
      // cannot hold the phrase, and the pairs are far fewer than its words.
      if (n > 1 && is_phrase(query.get_subquery(0))) {
        bool plain_filter = true;
        for (std::size_t i = 1; i < n; ++i) plain_filter = plain_filter && !checks_positions(query.get_subquery(i));
        if (plain_filter) {
          for (std::size_t i = 1; i < n; ++i) parts.push_back(query.get_subquery(i));
          return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
        }
      }
      [[fallthrough]];
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
      for (std::size_t i = 0; i < n; ++i) {
        auto p = part(query.get_subquery(i));
        if (!p) return std::nullopt;
        parts.push_back(std::move(*p));
      }
      const bool conjunction = query.get_type() != Xapian::Query::OP_OR &&
                               query.get_type() != Xapian::Query::OP_SYNONYM &&
                               query.get_type() != Xapian::Query::OP_MAX;
      return Xapian::Query(conjunction ? Xapian::Query::OP_AND : Xapian::Query::OP_OR, parts.begin(), parts.end());
    }
    case Xapian::Query::OP_AND_NOT: {
      // Excluding fewer documents keeps a superset: a phrase excluded is dropped.
      if (n == 0) return std::nullopt;
      auto left = part(query.get_subquery(0));
      if (!left) return std::nullopt;
      parts.push_back(std::move(*left));
      for (std::size_t i = 1; i < n; ++i) {
        if (!checks_positions(query.get_subquery(i))) parts.push_back(query.get_subquery(i));
      }
      if (parts.size() == 1) return parts.front();
      return Xapian::Query(Xapian::Query::OP_AND_NOT, parts.begin(), parts.end());
    }
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
      // The left side's matches.
      return n == 0 ? std::nullopt : part(query.get_subquery(0));
    default:
      return std::nullopt;
  }
}

std::uint32_t sample_every(const Xapian::Query& query, Xapian::doccount candidates, const CountBudget& budget) {
  const Xapian::doccount limit = std::max<Xapian::doccount>(1, checks_positions(query) ? budget.positional : budget.other);
  return static_cast<std::uint32_t>(std::max<Xapian::doccount>(1, (candidates + limit - 1) / limit));
}

MatchCount count_matches(const std::vector<Xapian::Database>& shards, const Xapian::Query& query,
                         Xapian::doccount candidates, const CountBudget& budget, FacetCounter* facets,
                         std::optional<std::size_t> only_shard) {
  const std::uint32_t every = sample_every(query, candidates, budget);
  const bool reads_postings = budget.postings > 0 && (facets == nullptr || facets->has_table());
  // Within the budget, matching the query counts a phrase exactly at less
  // cost than reading its superset first.
  const std::optional<Xapian::Query> superset = reads_postings && every > 1 ? phrase_superset(query) : std::nullopt;
  MatchCount count;
  std::int64_t sampled = 0;   // matches found by reading or matching (one in `every` when sampling)
  bool any_sampled = false;   // whether a shard was matched with the sample of one in `every`
  double estimated = 0;       // the shards counted from their phrase superset
  for (std::size_t s = 0; s < shards.size(); ++s) {
    if (only_shard && s != *only_shard) continue;
    if (superset) {
      const auto postings = set_postings(shards[s], *superset);
      if (postings && *postings <= budget.postings) {
        const ShardEstimate shard = count_from_superset(shards, s, query, *superset, budget, facets);
        estimated += shard.total;
        count.exact = count.exact && shard.exact;
        count.sample_every = std::max(count.sample_every, shard.sample_every);
        continue;
      }
    }
    if (every == 1 && reads_postings) {
      const auto postings = set_postings(shards[s], query);
      if (postings && *postings <= budget.postings &&
          *postings <= std::uint64_t{candidates} * budget.postings_per_candidate) {
        const std::size_t words = shards[s].get_lastdocid() / 64 + 1;
        const DocidSet matches = match_set(shards[s], query, words);
        sampled += static_cast<std::int64_t>(count_bits(matches));
        if (facets != nullptr) facets->count_set(matches, static_cast<unsigned>(s), static_cast<unsigned>(shards.size()));
        continue;
      }
    }
    any_sampled = true;
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
    sampled += static_cast<std::int64_t>(enquire.get_mset(0, 0, all).get_matches_estimated());
  }
  if (any_sampled && every > 1) {
    sampled *= every;
    count.exact = false;
    count.sample_every = std::max(count.sample_every, every);
  }
  count.total = sampled + std::llround(estimated);
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
