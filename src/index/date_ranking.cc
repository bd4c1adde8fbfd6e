#include "index/date_ranking.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "index/date_query.h"
#include "index/index_terms.h"
#include "model/date.h"

namespace chancery {
namespace {

namespace t = index_terms;

// At most this many years are walked (a part's query ORs their terms); the
// rest are ranked together.
constexpr int kMaxYearsWalked = 64;

// The year of the day a first-day slot bound names; nullopt outside the
// years 1 to 9999 (or when there is no bound).
std::optional<int> bound_year(const std::string& bound) {
  if (bound.empty()) return std::nullopt;
  const double value = Xapian::sortable_unserialise(bound);
  if (!std::isfinite(value) || value < static_cast<double>(days_from_civil(1, 1, 1)) ||
      value > static_cast<double>(days_from_civil(9999, 12, 31))) {
    return std::nullopt;
  }
  return year_of_day(std::llround(value));
}

// The records whose date begins in one of the years `from` to `to`.
Xapian::Query begins_within(int from, int to) {
  std::vector<Xapian::Query> years;
  for (int year = from; year <= to; ++year) years.emplace_back(year_term(year));
  // A record that began before `from` and reaches into those years holds
  // the term of the year before `from` too.
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, years.begin(), years.end()),
                       Xapian::Query(year_term(from - 1)));
}

// Appends the first matches of `query` in date order to `out`, up to
// `wanted` in all, and adds Xapian's bounds on its matches.
void take(const Xapian::Database& db, const Xapian::Query& query, SortOrder sort, Xapian::doccount wanted,
          YearRanking& out) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  set_order(enquire, sort);
  const Xapian::MSet mset = enquire.get_mset(0, wanted - static_cast<Xapian::doccount>(out.matches.size()));
  for (auto it = mset.begin(); it != mset.end(); ++it) out.matches.push_back({it.get_weight(), {}, *it});
  out.lower += mset.get_matches_lower_bound();
  out.estimated += mset.get_matches_estimated();
  out.upper += mset.get_matches_upper_bound();
}

}  // namespace

std::optional<YearRanking> rank_by_first_year(const Xapian::Database& db, const Xapian::Query& query, SortOrder sort,
                                              Xapian::doccount wanted, Xapian::doccount matches, bool positional) {
  if (sort == SortOrder::kRelevance) return std::nullopt;
  const std::optional<int> earliest = bound_year(db.get_value_lower_bound(t::kFirstDaySlot));
  const std::optional<int> latest = bound_year(db.get_value_upper_bound(t::kFirstDaySlot));
  if (!earliest || !latest) return std::nullopt;
  const bool ascending = sort == SortOrder::kDateAscending;
  const int step = ascending ? 1 : -1;
  const auto past_end = [&](int year) { return ascending ? year > *latest : year < *earliest; };
  // The share of the records the query matches, were its matches spread
  // over them evenly (a year's term counts the records whose date covers it:
  // more than begin in it).
  const double share =
      static_cast<double>(matches) / static_cast<double>(std::max<Xapian::doccount>(db.get_doccount(), 1));
  double aim = static_cast<double>(std::max<Xapian::doccount>(wanted, 1)) * kMatchesPerHitWanted;
  YearRanking out;
  int next = ascending ? *earliest : *latest;   // the first year not walked
  int years_walked = 0;
  for (int part = 0; part < kMaxYearParts && !past_end(next) && years_walked < kMaxYearsWalked; ++part) {
    // The years from `next` on whose records should hold `aim` matches.
    const int first = next;
    double expected = 0;
    for (; !past_end(next) && years_walked < kMaxYearsWalked && expected < aim; next += step, ++years_walked) {
      expected += share * static_cast<double>(db.get_termfreq(year_term(next)));
    }
    if (part == 0 && past_end(next)) return std::nullopt;   // every year at once: no shorter walk
    const int last = next - step;
    take(db,
         Xapian::Query(Xapian::Query::OP_FILTER, query, begins_within(std::min(first, last), std::max(first, last))),
         sort, wanted, out);
    if (out.matches.size() >= wanted) return out;
    aim *= positional ? kPositionalAimGrowth : 2;   // the matches are thinner there than said
  }
  if (positional) return std::nullopt;
  // The rest: what begins after the years walked (before them, newest
  // first), and the undated.
  const Xapian::Query walked = ascending ? begins_within(*earliest, next - 1) : begins_within(next + 1, *latest);
  take(db, Xapian::Query(Xapian::Query::OP_AND_NOT, query, walked), sort, wanted, out);
  out.complete = true;
  return out;
}

}  // namespace chancery
