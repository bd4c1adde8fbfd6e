// Counting the matches of a query (the total and the facet counts) apart from
// ranking them: ranking the top hits lets Xapian skip most candidates, while
// counting has to look at every one, and a phrase costs a position check per
// candidate. Beyond a budget of candidates, counting looks at a deterministic
// pseudo-random sample of documents and scales up: the counts are then
// estimates, and say so.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "index/facets.h"

namespace chancery {

// How many candidates a count may look at before it samples.
struct CountBudget {
  // For queries that check word positions (phrases): about 1 µs per candidate.
  Xapian::doccount positional = 600;
  // A phrase that would be sampled, whose candidates can be read from
  // postings (phrase_superset()), is counted exactly up to this many
  // candidates (a position check costs 3-10 µs: a few B-tree reads), and
  // beyond them as the number of candidates times the share of a sample of
  // about this many that holds the phrase.
  Xapian::doccount phrase_candidates = 100;
  // A sample holding fewer matches than this grows (up to `positional`
  // candidates) until it holds about as many: a phrase that few of its
  // candidates hold is otherwise estimated from a handful of matches.
  Xapian::doccount phrase_matches = 40;
  // For other queries: a fraction of a µs per candidate.
  Xapian::doccount other = 10000;
  // When every match is counted and the query is terms joined by boolean
  // operators (OR, AND, AND_NOT, FILTER, SYNONYM...), the count reads the
  // terms' postings itself, up to this many, instead of matching (Xapian
  // hands a match spy a document per match, which costs more than a
  // posting). 0: always match.
  std::uint64_t postings = 100000;
  // ...and only when they are at most this many times the candidates (the
  // bound on the matches): matching skips through the long lists of an AND
  // ("mikoyan" AND a name key of many records), reading does not.
  std::uint64_t postings_per_candidate = 3;
};

struct MatchCount {
  std::int64_t total = 0;   // matching documents (scaled up when sampled)
  bool exact = true;        // false when a sample was counted
  std::uint32_t sample_every = 1;  // 1 in how many documents was looked at
};

// True when `query` checks positions somewhere (OP_PHRASE, OP_NEAR).
bool checks_positions(const Xapian::Query& query);

// A query that matches every document `query` matches, without position
// checks: each phrase (OP_PHRASE, OP_NEAR) becomes the AND of its words, or,
// when a filter of word pairs restricts it (FILTER(PHRASE, AND(pairs)), as the
// query parser writes it), that filter alone; a phrase on the excluded side
// of an AND_NOT is dropped. Nullopt when `query` checks no positions, or
// checks them under XOR.
std::optional<Xapian::Query> phrase_superset(const Xapian::Query& query);

// When `query` is a phrase as the parser writes it with a pair term for each
// two adjacent words (FILTER(PHRASE, AND(pairs)), word_pairs.h), maybe
// filtered or with records excluded (FILTER, AND_NOT of parts that check no
// positions): the number of records holding its rarest pair. Its candidates
// hold every pair, nearly all of them the phrase, so this estimates its
// matches from above. Nullopt for other queries.
std::optional<Xapian::doccount> paired_phrase_candidates(const Xapian::Database& db, const Xapian::Query& query);

// One document in how many count_matches() looks at for `query` with at most
// `candidates` matches: 1 when it counts every match.
std::uint32_t sample_every(const Xapian::Query& query, Xapian::doccount candidates, const CountBudget& budget);

// Counts the matches of `query` in the database made of `shards` (Xapian
// interleaves their docids), with no ranking, and each one looked at in
// `facets` (may be null): by its docid in the whole database when `facets`
// has a table, else as a match spy reading its facet slot. Each shard is
// matched on its own, so a match costs a spy call, not an MSet entry.
// `candidates` is an upper bound on the matches (a ranked MSet's
// get_matches_upper_bound()); above the budget, one document in
// ceil(candidates / budget) of each shard is looked at, chosen by a hash of
// its docid there, and the total is scaled up. Throws what Xapian throws.
// With `only_shard`, counts that shard alone (`candidates` still bounds the
// matches of the whole database, so that every shard samples alike).
// A query that checks positions, which would be sampled, and whose
// phrase_superset() can be read from postings (within budget.postings), is
// counted from that superset instead: exactly up to budget.phrase_candidates
// candidates (the shard's times the number of shards), else as the candidates
// times the share of a sample of about as many that matches. The facets are
// then those of every candidate, which FacetCounter::results() scales to the
// estimated total.
MatchCount count_matches(const std::vector<Xapian::Database>& shards, const Xapian::Query& query,
                         Xapian::doccount candidates, const CountBudget& budget, FacetCounter* facets,
                         std::optional<std::size_t> only_shard = std::nullopt);

// The documents whose docid hashes to 0 modulo `every`: a sample, the same for
// every query, spread evenly over the database whatever the docid order.
class SampledDocuments : public Xapian::PostingSource {
 public:
  explicit SampledDocuments(std::uint32_t every);

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return last_ / every_; }
  Xapian::doccount get_termfreq_max() const override { return last_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return current_ > last_; }
  Xapian::docid get_docid() const override { return current_; }
  SampledDocuments* clone() const override { return new SampledDocuments(every_); }
  std::string name() const override { return "chancery.SampledDocuments"; }

  // Whether document `did` is in the sample of one in `every`.
  static bool selected(Xapian::docid did, std::uint32_t every);

 private:
  std::uint32_t every_;
  Xapian::docid last_ = 0;
  Xapian::docid current_ = 0;
};

}  // namespace chancery
