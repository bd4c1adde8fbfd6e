// date: searches read year and decade terms where they can (date_query.h);
// they must find exactly the records whose date overlaps the range, as the
// date slots alone say.
#include <xapian.h>

#include "index/date_query.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

// Dates as archives write them, with spans of a day, a month, a year, several
// years, and more than the 50 years a record keeps year terms for.
const std::vector<std::string> kDates = {
    "November 3, 1956", "November 1956", "1957",           "1956-1957",        "December 31, 1959",
    "January 1, 1960",  "1949",          "1910",           "1905-1906",        "1850-1852",
    "1890-1960",        "1800-1990",     "June 1906",      "1940-1999",        "March 2, 1899",
    "1969",             "1970",          "1945-1946",      "October 1962",     "1961-1963",
};

class DateQueries : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    std::vector<Record> records;
    for (std::size_t i = 0; i < kDates.size(); ++i) {
      records.push_back(make_record("r" + std::to_string(i), "Record " + std::to_string(i), "Text.", kDates[i]));
      ASSERT_TRUE(records.back().date.known()) << kDates[i];
    }
    records.push_back(make_record("undated", "Undated", "Text."));
    put_all(records);
    records_ = records;
  }

  // The records whose [first day, last day] overlaps the range, from their
  // dates alone.
  Ids overlapping(const std::string& range) {
    const std::optional<DateSpan> span = parse_query_date_range(range);
    EXPECT_TRUE(span.has_value()) << range;
    Ids out;
    if (!span) return out;
    for (const Record& r : records_) {
      if (!r.date.known()) continue;
      const std::int64_t first = r.date.first_day();
      const std::int64_t last = std::max(first, r.date.last_day());
      if (first <= span->last_day() && last >= span->first_day()) out.push_back(r.id);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::vector<Record> records_;
};

TEST_F(DateQueries, FindTheRecordsWhoseDatesOverlapTheRange) {
  const std::vector<std::string> ranges = {
      "1956",       "1956-11",    "1956-11-03",            "1956-11-04",          "1959-12-31..1960-01-01",
      "1950..1969", "1945..1975", "1950..1959",            "1951..1958",          "..1945",
      "1960..",     "1906",       "1906-06",               "1906-07..1906-12",    "1900..1905",
      "1899",       "1899-03-03", "1956-12..1960-01",      "1800",                "1990",
      "1991",       "1700",       "1799..1800",            "1939..1941",          "1999-12-31..",
      "..1850-01-01", "1961..1962", "1962-10-15",           "1853..1888",          "2001..2003",
  };
  SearchRequest all;
  all.limit = 100;
  for (const std::string& range : ranges) {
    const Ids expected = overlapping(range);
    EXPECT_EQ(ids("date:" + range, all), expected) << range;
    EXPECT_EQ(search("date:" + range, all).total, static_cast<std::int64_t>(expected.size())) << range;
    // Beside a word every record has, and excluding it.
    EXPECT_EQ(ids("text date:" + range, all), expected) << range;
    EXPECT_EQ(ids("text -date:" + range, all).size(), records_.size() - expected.size()) << range;
  }
}

TEST_F(DateQueries, ARecordDatedBeyondItsYearTermsIsFound) {
  // "1800-1990" keeps year terms for 1800-1849 only, "1890-1960" for
  // 1890-1939: the slots find them for later years.
  const Ids found = ids("date:1956");
  EXPECT_NE(std::find(found.begin(), found.end(), "r11"), found.end());
  EXPECT_NE(std::find(found.begin(), found.end(), "r10"), found.end());
  EXPECT_EQ(ids("date:1985"), (Ids{"r11", "r13"}));
}

std::string description(const std::string& range, const std::optional<DatedYears>& years) {
  const std::optional<DateSpan> span = parse_query_date_range(range);
  EXPECT_TRUE(span.has_value()) << range;
  return span ? date_query(*span, years).get_description() : "";
}

TEST(DateQuery, ReadsTheYearsTermsAndTheSlotsOnlyWhereItMust) {
  const DatedYears years{1940, 2000};
  // Whole years and decades: terms alone.
  EXPECT_EQ(description("1956", years).find("VALUE"), std::string::npos) << description("1956", years);
  EXPECT_NE(description("1956", years).find("FY1956"), std::string::npos);
  const std::string decades = description("1948..1971", years);
  EXPECT_NE(decades.find("FY1948"), std::string::npos) << decades;
  EXPECT_NE(decades.find("FD1950s"), std::string::npos) << decades;
  EXPECT_NE(decades.find("FD1960s"), std::string::npos) << decades;
  EXPECT_NE(decades.find("FY1971"), std::string::npos) << decades;
  EXPECT_EQ(decades.find("FY1955"), std::string::npos) << decades;
  EXPECT_EQ(decades.find("VALUE"), std::string::npos) << decades;
  // An open end stops at the archive's years.
  const std::string open = description("1990..", years);
  EXPECT_NE(open.find("FY2000"), std::string::npos) << open;
  EXPECT_EQ(open.find("FY2001"), std::string::npos) << open;
  // Part of a year: that year's records, checked by their slots.
  const std::string month = description("1956-11", years);
  EXPECT_NE(month.find("FY1956"), std::string::npos) << month;
  EXPECT_NE(month.find("VALUE"), std::string::npos) << month;
  // Records that may have begun 50 years or more before the range.
  const std::string late = description("1995", years);
  EXPECT_NE(late.find("FY1995"), std::string::npos) << late;
  EXPECT_NE(late.find("VALUE_LE 0"), std::string::npos) << late;
  // Outside the archive's years: nothing to read.
  EXPECT_TRUE(date_query(*parse_query_date_range("1930"), years).empty());
  EXPECT_TRUE(date_query(*parse_query_date_range("2001.."), years).empty());
  // Without the years: the slots alone.
  EXPECT_EQ(description("1956", std::nullopt).find("FY"), std::string::npos);
  EXPECT_NE(description("1956", std::nullopt).find("VALUE"), std::string::npos);
}

TEST(DateQuery, DatedYearsAreTheBoundsOfTheDateSlots) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  EXPECT_EQ(dated_years(db), std::nullopt);
  for (auto [first, last] : {std::pair{days_from_civil(1949, 5, 1), days_from_civil(1949, 5, 1)},
                             std::pair{days_from_civil(1956, 11, 3), days_from_civil(1961, 1, 2)}}) {
    Xapian::Document doc;
    doc.add_value(0, Xapian::sortable_serialise(static_cast<double>(first)));
    doc.add_value(1, Xapian::sortable_serialise(static_cast<double>(last)));
    db.add_document(doc);
  }
  EXPECT_EQ(dated_years(db), (DatedYears{1949, 1961}));
}

}  // namespace
}  // namespace chancery::testing
