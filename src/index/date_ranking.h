// Ranking by date from the first years.
//
// Sorted by date, Xapian reads the sort key of every match of a query (and
// weighs each, since ties go by relevance) to find the first ten, where by
// relevance it stops at the few that could make the page. But a dated record holds the year term of each year its date covers, from
// its first (index_terms.h: "FY1956"), so the records whose date begins in
// the years A to B are those with one of their terms and without A-1's, and
// every one of them sorts after those of earlier years and before those of
// later ones. The first hits of a date order are then the first matches of
// the earliest years (the latest, newest first), in the order Xapian gives
// the whole query (by the date, then by relevance: a filter weighs nothing, so
// the weights are the whole query's). The walk takes as many years as should
// hold a few times the hits wanted, then more when they hold fewer, and at
// last one query for the rest: the records past those years, and the
// undated, which sort after every date either way.
#pragma once

#include <xapian.h>

#include <optional>
#include <vector>

#include "index/index.h"
#include "index/shard_ranking.h"

namespace chancery {

// The walk takes the first years whose records may hold this many times the
// hits wanted, by the share of the records the query may match; when they
// hold fewer, the next years, for twice as many, up to kMaxYearParts parts;
// then one more query ranks the rest. A part's matches are not read again.
inline constexpr double kMatchesPerHitWanted = 4;
inline constexpr int kMaxYearParts = 3;
// A query whose matches Xapian confirms by their words' positions (a phrase)
// is estimated by its candidates, often tens of times its matches, so its
// first years hold fewer than said: its parts grow this many times each, and
// when kMaxYearParts parts hold fewer than wanted the walk gives up (nullopt)
// and the caller ranks in one match, having spent those parts' queries. (A
// query for the rest would check the positions of the walked years'
// candidates again before ruling them out.)
inline constexpr double kPositionalAimGrowth = 8;

struct YearRanking {
  std::vector<RankedMatch> matches;
  // Whether the walk's queries covered every match (it reached the rest):
  // the sums of their bounds are then the query's (Xapian's own, sorting by
  // a value, are usually exact).
  bool complete = false;
  Xapian::doccount lower = 0;
  Xapian::doccount estimated = 0;
  Xapian::doccount upper = 0;
};

// The first `wanted` matches of `query` over `db` in date order `sort`
// (kDateAscending or kDateDescending), as one Enquire sorted by
// set_order(sort) ranks them (weights and docids of `db`). `matches`: about
// how many matches the query has (MSet::get_matches_estimated), which
// chooses the years. Nullopt when the walk does not apply: relevance order,
// no dated records, a first day outside the years 1 to 9999 (which have no
// year terms), when the first part would take every year, or, `positional`
// (the query checks positions), when its parts hold fewer than `wanted`.
std::optional<YearRanking> rank_by_first_year(const Xapian::Database& db, const Xapian::Query& query, SortOrder sort,
                                              Xapian::doccount wanted, Xapian::doccount matches,
                                              bool positional = false);

}  // namespace chancery
