#include "index/date_ranking.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>

#include "index/facets.h"
#include "index/index_terms.h"
#include "model/date.h"

namespace chancery {
namespace {

namespace t = index_terms;

// Nor more years than this (the query of the first years ORs their terms).
constexpr int kMaxYearsWalked = 64;

std::string year_term(int year) { return facet_term('Y', std::to_string(year)); }

// The year of the day a first-day slot bound names; nullopt outside the
// years 1 to 9999 (or when there is no bound).
std::optional<int> bound_year(const std::string& bound) {
  if (bound.empty()) return std::nullopt;
  const double value = Xapian::sortable_unserialise(bound);
  if (!std::isfinite(value) || value < static_cast<double>(days_from_civil(1, 1, 1)) ||
      value > static_cast<double>(days_from_civil(9999, 12, 31))) {
    return std::nullopt;
  }
  using namespace std::chrono;
  return static_cast<int>(year_month_day{sys_days{days{std::llround(value)}}}.year());
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

void take(const Xapian::Database& db, const Xapian::Query& query, SortOrder sort, Xapian::doccount wanted,
          std::vector<RankedMatch>& out) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  set_order(enquire, sort);
  const Xapian::MSet mset = enquire.get_mset(0, wanted - static_cast<Xapian::doccount>(out.size()));
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({it.get_weight(), {}, *it});
}

}  // namespace

std::optional<std::vector<RankedMatch>> rank_by_first_year(const Xapian::Database& db, const Xapian::Query& query,
                                                           SortOrder sort, Xapian::doccount wanted,
                                                           Xapian::doccount matches) {
  if (sort == SortOrder::kRelevance) return std::nullopt;
  const std::optional<int> earliest = bound_year(db.get_value_lower_bound(t::kFirstDaySlot));
  const std::optional<int> latest = bound_year(db.get_value_upper_bound(t::kFirstDaySlot));
  if (!earliest || !latest) return std::nullopt;
  const bool ascending = sort == SortOrder::kDateAscending;
  // The first years (the last, newest first) whose records would hold about
  // kMatchesPerHitWanted times the hits wanted if the matches were spread
  // over the records evenly (a year's term counts the records whose date
  // covers it: more than begin in it).
  const double share = static_cast<double>(matches) / static_cast<double>(std::max<Xapian::doccount>(db.get_doccount(), 1));
  const double aim = static_cast<double>(std::max<Xapian::doccount>(wanted, 1)) * kMatchesPerHitWanted;
  double expected = 0;
  int from = ascending ? *earliest : *latest;
  int to = from;
  for (int walked = 0;; ++walked) {
    expected += share * static_cast<double>(db.get_termfreq(year_term(ascending ? to : from)));
    if (expected >= aim) break;
    if (ascending ? to == *latest : from == *earliest) return std::nullopt;   // every year: no shorter walk
    if (walked + 1 == kMaxYearsWalked) return std::nullopt;
    (ascending ? to : from) += ascending ? 1 : -1;
  }
  std::vector<RankedMatch> out;
  if (wanted == 0) return out;
  const Xapian::Query first_years = begins_within(from, to);
  take(db, Xapian::Query(Xapian::Query::OP_FILTER, query, first_years), sort, wanted, out);
  if (out.size() >= wanted) return out;
  // Too few: the rest, what begins after those years (before them, newest
  // first), and the undated.
  take(db, Xapian::Query(Xapian::Query::OP_AND_NOT, query, first_years), sort, wanted, out);
  return out;
}

}  // namespace chancery
