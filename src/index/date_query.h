// The query of a `date:` search: the records whose date overlaps a range.
//
// Every dated record keeps its first and last day in two value slots, and the
// plain query reads them: first day <= the range's last, last day >= the
// range's first. Xapian answers that by reading the slots of every dated
// record, so its cost grows with the archive, not with the matches (100,000
// records: 9.6 ms for `date:1956`, which 14% of them match, and as much again
// beside a word: `date:1956 soviet`). A record also holds a term for each year
// and decade its date covers (index_terms.h: kMaxYearTermsPerRecord), so the
// whole years of a range are read from those terms' postings, the slots are
// read only for the records of a year the range holds in part (`date:1956-11`
// reads the slots of the records of 1956), and a record whose date began
// kMaxYearTermsPerRecord years or more before the range, past its year terms,
// is found among the records of those early years by its slots.
// Both queries match the same records; the terms' query is unweighted, as
// the slots' is.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>

#include "model/record.h"

namespace chancery {

// The years of the first and last days of an index's dated records (the
// bounds Xapian keeps of its date slots).
struct DatedYears {
  int first = 0;
  int last = 0;
  bool operator==(const DatedYears&) const = default;
};

// The year of a day (days since 1970-01-01, as model/date.h counts them).
int year_of_day(std::int64_t day);

// The year facet term of `year` ("FY1956"): a dated record holds it for each
// year its date covers, from its first (index_terms.h).
std::string year_term(int year);

// The years of `db`'s dated records; nullopt when it has none. Throws what
// Xapian throws.
std::optional<DatedYears> dated_years(const Xapian::Database& db);

// Records whose [first day, last day] overlaps `span` (known). With `years`
// (dated_years() of the database searched), from year and decade terms where
// it can; without, from the date slots alone.
Xapian::Query date_query(const DateSpan& span, const std::optional<DatedYears>& years);

}  // namespace chancery
