#include "model/date.h"

#include <gtest/gtest.h>

namespace chancery {
namespace {

Date day(int y, int m, int d) { return Date{y, m, d, DatePrecision::kDay}; }
Date month(int y, int m) { return Date{y, m, 0, DatePrecision::kMonth}; }
Date year(int y) { return Date{y, 0, 0, DatePrecision::kYear}; }

DateSpan parsed(std::string_view text) {
  auto d = parse_date(text);
  EXPECT_TRUE(d.has_value()) << "not parsed: " << text;
  return d.value_or(DateSpan{});
}

TEST(DateIso, FormatsEachPrecision) {
  EXPECT_EQ(day(1956, 11, 3).iso(), "1956-11-03");
  EXPECT_EQ(month(1956, 11).iso(), "1956-11");
  EXPECT_EQ(year(1949).iso(), "1949");
  EXPECT_EQ(Date{}.iso(), "");
}

TEST(DaysFromCivil, KnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1970, 1, 2), 1);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);  // leap year
}

TEST(DateSpanDays, CoversWholeMonthAndYear) {
  DateSpan s = parsed("November 1956");
  EXPECT_EQ(s.first_day(), days_from_civil(1956, 11, 1));
  EXPECT_EQ(s.last_day(), days_from_civil(1956, 11, 30));
  DateSpan y = parsed("1948");
  EXPECT_EQ(y.first_day(), days_from_civil(1948, 1, 1));
  EXPECT_EQ(y.last_day(), days_from_civil(1948, 12, 31));
  DateSpan feb = parsed("February 1956");
  EXPECT_EQ(feb.last_day(), days_from_civil(1956, 2, 29));
  EXPECT_EQ(DateSpan{}.first_day(), 0);
  EXPECT_EQ(DateSpan{}.last_day(), 0);
}

TEST(ParseDate, MonthDayYear) {
  DateSpan s = parsed("November 3, 1956");
  EXPECT_EQ(s.from, day(1956, 11, 3));
  EXPECT_EQ(s.to, s.from);
  EXPECT_FALSE(s.approximate);
  EXPECT_EQ(s.as_written, "November 3, 1956");
}

TEST(ParseDate, DayMonthYearForms) {
  EXPECT_EQ(parsed("3 November 1956").from, day(1956, 11, 3));
  EXPECT_EQ(parsed("1st April, 1949").from, day(1949, 4, 1));
  EXPECT_EQ(parsed("2 Nov. 1956").from, day(1956, 11, 2));
  EXPECT_EQ(parsed("Sept. 22, 1961").from, day(1961, 9, 22));
  EXPECT_EQ(parsed("Saturday, November 3, 1956").from, day(1956, 11, 3));
  EXPECT_EQ(parsed("3. November 1956").from, day(1956, 11, 3));
}

TEST(ParseDate, MonthAndYearPrecision) {
  EXPECT_EQ(parsed("November 1967").from, month(1967, 11));
  EXPECT_EQ(parsed("1949").from, year(1949));
  EXPECT_EQ(parsed("1949").from.precision, DatePrecision::kYear);
}

TEST(ParseDate, Iso) {
  EXPECT_EQ(parsed("1956-11-03").from, day(1956, 11, 3));
  EXPECT_EQ(parsed("1956-11").from, month(1956, 11));
  DateSpan t = parsed("1956-11-02T23:00:00");
  EXPECT_EQ(t.from, day(1956, 11, 2));
  EXPECT_EQ(t.time, "23:00:00");
  DateSpan z = parsed("1956-11-02T23:00:00-05:00");
  EXPECT_EQ(z.from, day(1956, 11, 2));
  EXPECT_EQ(z.time, "23:00:00-05:00");
  EXPECT_EQ(parsed("1956-11-02T23:00Z").time, "23:00Z");
}

TEST(ParseDate, RomanMonth) {
  DateSpan s = parsed("3/XI/56");
  EXPECT_EQ(s.from, day(1956, 11, 3));
  EXPECT_EQ(s.as_written, "3/XI/56");
  EXPECT_EQ(parsed("12.IV.1961").from, day(1961, 4, 12));
  EXPECT_EQ(parsed("03.11.1956").from, day(1956, 11, 3));
  EXPECT_FALSE(parse_date("3/XIII/56"));
}

TEST(ParseDate, Approximate) {
  DateSpan ca = parsed("ca. 1949");
  EXPECT_TRUE(ca.approximate);
  EXPECT_EQ(ca.from, year(1949));
  EXPECT_EQ(ca.as_written, "ca. 1949");
  EXPECT_TRUE(parsed("circa November 1956").approximate);
  DateSpan q = parsed("[1956?]");
  EXPECT_TRUE(q.approximate);
  EXPECT_EQ(q.from, year(1956));
  EXPECT_FALSE(parsed("[1956]").approximate);
}

TEST(ParseDate, Ranges) {
  DateSpan s = parsed("November 1-4, 1956");
  EXPECT_EQ(s.from, day(1956, 11, 1));
  EXPECT_EQ(s.to, day(1956, 11, 4));
  DateSpan y = parsed("1956-1957");
  EXPECT_EQ(y.from, year(1956));
  EXPECT_EQ(y.to, year(1957));
  EXPECT_EQ(y.last_day(), days_from_civil(1957, 12, 31));
  DateSpan cross = parsed("November 30\xE2\x80\x93" "December 2, 1956");
  EXPECT_EQ(cross.from, day(1956, 11, 30));
  EXPECT_EQ(cross.to, day(1956, 12, 2));
  DateSpan dm = parsed("1-4 November 1956");
  EXPECT_EQ(dm.from, day(1956, 11, 1));
  EXPECT_EQ(dm.to, day(1956, 11, 4));
  EXPECT_EQ(parsed("1956-57").to, year(1957));
  EXPECT_FALSE(parse_date("1957-1956")) << "inverted range";
}

TEST(ParseDate, KeepsTimeOfDay) {
  DateSpan s = parsed("November 3, 1956\xE2\x80\x94noon");
  EXPECT_EQ(s.from, day(1956, 11, 3));
  EXPECT_EQ(s.time, "noon");
  EXPECT_EQ(s.as_written, "November 3, 1956\xE2\x80\x94noon");
  EXPECT_EQ(parsed("November 3, 1956\xE2\x80\x94" "10:20 p.m.").time, "10:20 p.m.");
}

TEST(ParseDate, TimeAfterACommaAsFrusWritesIt) {
  DateSpan s = parsed("January 21, 1961, 6:34 p.m.");
  EXPECT_EQ(s.from, day(1961, 1, 21));
  EXPECT_EQ(s.time, "6:34 p.m.");
  EXPECT_EQ(parsed("April 18, 1961, 2 p.m").time, "2 p.m");
  EXPECT_EQ(parsed("April 18, 1961, 1200Z").time, "1200Z");
  EXPECT_EQ(parsed("April 18, 1961, noon").time, "noon");
  EXPECT_EQ(parsed("April 18, 1961, 9:30\xE2\x80\x93" "11 a.m.").time, "9:30\xE2\x80\x93" "11 a.m.");
  EXPECT_EQ(parsed("May 2, 1956 midnight.").time, "midnight.");
  EXPECT_FALSE(parse_date("April 18, 1961, Washington"));
  DateSpan both = parsed("November 3 and 4, 1956");
  EXPECT_EQ(both.from, day(1956, 11, 3));
  EXPECT_EQ(both.to, day(1956, 11, 4));
}

TEST(ParseDate, RejectsNonDates) {
  for (std::string_view bad : {"", "   ", "undated", "Moscow", "November 31, 1956", "February 30, 1956",
                               "13/13/56", "1956-13", "1956-02-30", "the 3rd", "November 3"}) {
    EXPECT_FALSE(parse_date(bad)) << bad;
  }
}

TEST(ParseQueryDateRange, SingleDates) {
  auto y = parse_query_date_range("1956");
  ASSERT_TRUE(y);
  EXPECT_EQ(y->from, year(1956));
  EXPECT_EQ(y->to, year(1956));
  auto m = parse_query_date_range("1956-11");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->last_day(), days_from_civil(1956, 11, 30));
  auto d = parse_query_date_range("1956-11-03");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->first_day(), d->last_day());
}

TEST(ParseQueryDateRange, Ranges) {
  auto r = parse_query_date_range("1956-11-01..1956-11-30");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->from, day(1956, 11, 1));
  EXPECT_EQ(r->to, day(1956, 11, 30));
  auto mixed = parse_query_date_range("1956-11..1957");
  ASSERT_TRUE(mixed);
  EXPECT_EQ(mixed->first_day(), days_from_civil(1956, 11, 1));
  EXPECT_EQ(mixed->last_day(), days_from_civil(1957, 12, 31));
  auto same_year = parse_query_date_range("1956-11..1956");
  ASSERT_TRUE(same_year) << "a range ending in the year that contains its start";
}

TEST(ParseQueryDateRange, OpenEnds) {
  auto until = parse_query_date_range("..1957");
  ASSERT_TRUE(until);
  EXPECT_LT(until->first_day(), days_from_civil(1000, 1, 1));
  EXPECT_EQ(until->last_day(), days_from_civil(1957, 12, 31));
  auto since = parse_query_date_range("1956..");
  ASSERT_TRUE(since);
  EXPECT_EQ(since->first_day(), days_from_civil(1956, 1, 1));
  EXPECT_GT(since->last_day(), days_from_civil(3000, 1, 1));
}

// Dates as historians write them: a decade, a month or a day in words, a
// range of years with a hyphen; each also as a side of a range.
TEST(ParseQueryDateRange, DatesAsWritten) {
  struct Case {
    std::string_view text;
    std::int64_t first, last;
  };
  for (const Case& c : {Case{"1960s", days_from_civil(1960, 1, 1), days_from_civil(1969, 12, 31)},
                        Case{"1960's", days_from_civil(1960, 1, 1), days_from_civil(1969, 12, 31)},
                        Case{"October 1962", days_from_civil(1962, 10, 1), days_from_civil(1962, 10, 31)},
                        Case{"16 October 1962", days_from_civil(1962, 10, 16), days_from_civil(1962, 10, 16)},
                        Case{"October 16, 1962", days_from_civil(1962, 10, 16), days_from_civil(1962, 10, 16)},
                        Case{"1956-1957", days_from_civil(1956, 1, 1), days_from_civil(1957, 12, 31)},
                        Case{"1950s..1962", days_from_civil(1950, 1, 1), days_from_civil(1962, 12, 31)},
                        Case{"October 1962..1963", days_from_civil(1962, 10, 1), days_from_civil(1963, 12, 31)},
                        Case{"..1950s", days_from_civil(1, 1, 1), days_from_civil(1959, 12, 31)}}) {
    auto r = parse_query_date_range(c.text);
    ASSERT_TRUE(r) << c.text;
    EXPECT_EQ(r->first_day(), c.first) << c.text;
    EXPECT_EQ(r->last_day(), c.last) << c.text;
  }
}

TEST(ParseQueryDateRange, RejectsMalformed) {
  for (std::string_view bad : {"", "..", "1956-11-31", "1957..1956", "1956...1957", "19x6", "1956-11-03T10:00",
                               "1961s", "0000s", "November", "ca. 1956", "November 3, 1956, noon", "1960s..1950s"}) {
    EXPECT_FALSE(parse_query_date_range(bad)) << bad;
  }
}

}  // namespace
}  // namespace chancery
