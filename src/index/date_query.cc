#include "index/date_query.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "index/facets.h"
#include "index/index_terms.h"
#include "model/date.h"

namespace chancery {
namespace {

namespace t = index_terms;

// More year and decade terms than this (a range of thousands of years over
// an archive dated across them) and the slots are read instead.
constexpr std::size_t kMaxTerms = 256;
constexpr int kFirstYear = 1;
constexpr int kLastYear = 9999;


// The days a value slot bound may name: years kFirstYear to kLastYear.
std::optional<std::int64_t> day_of_bound(const std::string& bound) {
  if (bound.empty()) return std::nullopt;
  const double value = Xapian::sortable_unserialise(bound);
  if (!std::isfinite(value)) return std::nullopt;
  const auto lowest = static_cast<double>(days_from_civil(kFirstYear, 1, 1));
  const auto highest = static_cast<double>(days_from_civil(kLastYear, 12, 31));
  return static_cast<std::int64_t>(std::llround(std::clamp(value, lowest, highest)));
}

// Records whose first day is at most `last` and whose last day is at least
// `first`, from the slots.
Xapian::Query slots_overlap(std::int64_t first, std::int64_t last) {
  Xapian::Query starts_before(Xapian::Query::OP_VALUE_LE, t::kFirstDaySlot,
                              Xapian::sortable_serialise(static_cast<double>(last)));
  Xapian::Query ends_after(Xapian::Query::OP_VALUE_GE, t::kLastDaySlot,
                           Xapian::sortable_serialise(static_cast<double>(first)));
  return Xapian::Query(Xapian::Query::OP_AND, starts_before, ends_after);
}

Xapian::Query unweighted(const Xapian::Query& q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

// The terms of the years `from` to `to`: a record holds one of them when its
// date covers one of those years (within its first kMaxYearTermsPerRecord).
// A decade inside the years is its decade's term. False when there would be
// more than kMaxTerms.
bool years_terms(int from, int to, std::vector<std::string>& out) {
  for (int year = from; year <= to;) {
    if (year % 10 == 0 && year + 9 <= to) {
      out.push_back(facet_term('D', std::to_string(year) + "s"));
      year += 10;
    } else {
      out.push_back(year_term(year));
      ++year;
    }
    if (out.size() > kMaxTerms) return false;
  }
  return true;
}

}  // namespace

int year_of_day(std::int64_t day) {
  using namespace std::chrono;
  return static_cast<int>(year_month_day{sys_days{days{day}}}.year());
}

std::string year_term(int year) { return facet_term('Y', std::to_string(year)); }

std::optional<DatedYears> dated_years(const Xapian::Database& db) {
  const std::optional<std::int64_t> first = day_of_bound(db.get_value_lower_bound(t::kFirstDaySlot));
  const std::optional<std::int64_t> last = day_of_bound(db.get_value_upper_bound(t::kLastDaySlot));
  if (!first || !last) return std::nullopt;
  return DatedYears{year_of_day(*first), std::max(year_of_day(*first), year_of_day(*last))};
}

Xapian::Query date_query(const DateSpan& span, const std::optional<DatedYears>& years) {
  const std::int64_t first = span.first_day();
  const std::int64_t last = span.last_day();
  if (!years) return slots_overlap(first, last);
  const int span_to_year = span.to.known() ? span.to.year : span.from.year;
  // The years where a record's date and the range can meet.
  const int from = std::max(span.from.year, years->first);
  const int to = std::min(span_to_year, years->last);
  if (from > to) return Xapian::Query::MatchNothing;
  const bool whole_start = first <= days_from_civil(from, 1, 1);
  const bool whole_end = last >= days_from_civil(to, 12, 31);

  // Years the range holds whole: a record with the year's term (or its
  // decade's, when the range holds the decade whole) has a day in the range.
  std::vector<std::string> terms;
  if (!years_terms(whole_start ? from : from + 1, whole_end ? to : to - 1, terms)) return slots_overlap(first, last);
  std::vector<Xapian::Query> parts;
  if (!terms.empty()) parts.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
  // A year the range holds in part: its records, checked by their slots.
  if (!whole_start) {
    parts.emplace_back(Xapian::Query::OP_AND, Xapian::Query(year_term(from)), slots_overlap(first, last));
  }
  if (!whole_end && (to != from || whole_start)) {
    parts.emplace_back(Xapian::Query::OP_AND, Xapian::Query(year_term(to)), slots_overlap(first, last));
  }
  // A record whose date began kMaxYearTermsPerRecord years or more before
  // `from` has no year term from there on: the records that began that early
  // (found by the terms of those years) are checked by their slots.
  if (const int early = from - t::kMaxYearTermsPerRecord; early >= years->first) {
    const Xapian::Query long_dated = slots_overlap(first, days_from_civil(early, 12, 31));
    std::vector<std::string> early_terms;
    if (years_terms(years->first, early, early_terms)) {
      parts.emplace_back(Xapian::Query::OP_AND,
                         Xapian::Query(Xapian::Query::OP_OR, early_terms.begin(), early_terms.end()), long_dated);
    } else {
      parts.push_back(long_dated);
    }
  }
  if (parts.empty()) return Xapian::Query::MatchNothing;
  return unweighted(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
}

}  // namespace chancery
