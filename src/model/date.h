// Parsing dates as archives write them.
#pragma once

#include <optional>
#include <string_view>

#include "model/record.h"

namespace chancery {

// Parses a date or date range as written by archives and editors:
// "November 3, 1956", "3 November 1956", "November 1967", "1949", "1956-11-03",
// "1956-11", "3/XI/56" (Roman-numeral month), "1st April, 1949", "2 Nov. 1956",
// "ca. 1949" (approximate), "November 1-4, 1956", "1956-1957", ISO date-times
// ("1956-11-02T23:00:00", with or without zone). `as_written` of the result is
// the input, trimmed. Returns nullopt when no date is recognised.
// A time of day after the date is kept as written in `time`: "November 3,
// 1956—noon" -> "noon", "January 21, 1961, 6:34 p.m." -> "6:34 p.m.",
// "1956-11-02T23:00:00-05:00" -> "23:00:00-05:00" (zone included).
std::optional<DateSpan> parse_date(std::string_view text);

// Parses the date part of a query: "1956", "1956-11", "1956-11-03", and ranges
// "1956-11-01..1956-11-30", "1956-11..1957", "..1957", "1956..". Returns nullopt
// when malformed or inverted. An open end is the extreme year: "..1957" runs
// from year 1, "1956.." to year 9999, so first_day()/last_day() compare as usual.
std::optional<DateSpan> parse_query_date_range(std::string_view text);

// Days since 1970-01-01 for a proleptic Gregorian date (month and day >= 1).
std::int64_t days_from_civil(int year, int month, int day);

}  // namespace chancery
