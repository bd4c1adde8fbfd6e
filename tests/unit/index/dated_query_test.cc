// Reading a query's written date as a date (dated_query.h): the forms
// historians write, what is no such date, and on random queries either no
// reading or a query the parser takes.
#include "index/dated_query.h"

#include <gtest/gtest.h>

#include <random>

#include "index/query_parser.h"

namespace chancery {
namespace {

std::string query_of(std::string_view query) {
  const std::optional<DatedReading> reading = read_as_dated(query);
  return reading ? reading->query : "(none)";
}

TEST(DatedQuery, TheDatesHistoriansWrite) {
  EXPECT_EQ(query_of("October 27, 1962"), "date:1962-10-27");
  EXPECT_EQ(query_of("27 October 1962"), "date:1962-10-27");
  EXPECT_EQ(query_of("Oct. 27, 1962"), "date:1962-10-27");
  EXPECT_EQ(query_of("Khrushchev October 1962"), "Khrushchev date:1962-10");
  EXPECT_EQ(query_of("October 1962 Khrushchev Kennedy"), "Khrushchev Kennedy date:1962-10");
  EXPECT_EQ(query_of("Cuba 1962-10-27"), "Cuba date:1962-10-27");
  EXPECT_EQ(query_of("Cuba 1962-10"), "Cuba date:1962-10");
  EXPECT_EQ(query_of("Berlin August 13-20, 1961"), "Berlin date:1961-08-13..1961-08-20");
  EXPECT_EQ(query_of("test ban 1956-11..1957"), "test ban date:1956-11..1957");
  EXPECT_EQ(query_of("\"test ban\" July 1963"), "\"test ban\" date:1963-07");
  // A sentence's comma after the date is no part of it.
  EXPECT_EQ(query_of("Thompson, March 1961, Novosibirsk"), "Thompson, Novosibirsk date:1961-03");
}

TEST(DatedQuery, WhatItReadsBesideTheQuery) {
  const std::optional<DatedReading> reading = read_as_dated("Khrushchev 27 Oct. 1962");
  ASSERT_TRUE(reading.has_value());
  EXPECT_EQ(reading->written, "27 Oct. 1962");
  EXPECT_EQ(reading->range, "1962-10-27");
  EXPECT_EQ(dated_label(*reading), "Documents dated 27 Oct. 1962");
}

TEST(DatedQuery, WhatIsNoSuchDate) {
  for (std::string_view query : {"",
                                 "Khrushchev",
                                 "Khrushchev 1962",          // a year alone is a word
                                 "1962",
                                 "ca. October 1962",         // says no date
                                 "NSC 68",
                                 "Resolution 242",
                                 "October",
                                 "March on Washington",
                                 "date:1962-10",             // the query language
                                 "Khrushchev AND October 1962",
                                 "(October 1962)",
                                 "Octo* 1962",
                                 "-Cuba October 1962",
                                 "\"October 1962\"",          // a phrase searched as one
                                 "October 1962 \"unclosed",
                                 "January 21, 1961, 6:34 p.m."}) {
    EXPECT_EQ(query_of(query), "(none)") << query;
  }
  EXPECT_EQ(query_of(std::string(kMaxDatedQueryBytes, 'a') + " October 1962"), "(none)");
}

// Any query read as a date gives one the parser takes and that reads as
// none in turn.
TEST(DatedQuery, RandomQueriesGiveQueriesTheParserTakes) {
  const std::vector<std::string> pieces{"October", "27", "27,", "1962", "1962-10-27", "Oct.", "-",  "..",
                                        "Cuba",    "\"", ":",   "(",    "Kennedy",    ",",    "13-20,", "1961-1962"};
  std::mt19937 random(7);
  QueryParser parser({Xapian::Stem("english")}, {});
  for (int i = 0; i < 3000; ++i) {
    std::string query;
    const int words = 1 + static_cast<int>(random() % 6);
    for (int w = 0; w < words; ++w) {
      if (!query.empty() && random() % 4 != 0) query += ' ';
      query += pieces[random() % pieces.size()];
    }
    const std::optional<DatedReading> reading = read_as_dated(query);
    if (!reading) continue;
    EXPECT_TRUE(parser.parse(reading->query).has_value()) << query << " -> " << reading->query;
    EXPECT_FALSE(read_as_dated(reading->query).has_value()) << query << " -> " << reading->query;
  }
}

}  // namespace
}  // namespace chancery
