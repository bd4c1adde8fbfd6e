// Mending a refused query into the one its writer most likely meant
// (query_repair.h): each kind of mistake, and on random queries either nothing
// to offer or a query the parser takes.
#include "index/query_repair.h"

#include <gtest/gtest.h>

#include <random>

#include "index/query_parser.h"

namespace chancery {
namespace {

bool parses(const std::string& query) {
  QueryParser parser({Xapian::Stem("english")}, {});
  return parser.parse(query).has_value();
}

TEST(QueryRepair, MendsEachKindOfMistake) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"\"unterminated", "\"unterminated\""},
      {"\"Secretary of State  ", "\"Secretary of State\""},
      {"Khrushchev \"peaceful coexistence", "Khrushchev \"peaceful coexistence\""},
      {"title:\"free world", "title:\"free world\""},
      {"(nagy", "(nagy)"},
      {"((nagy OR kadar) budapest", "((nagy OR kadar) budapest)"},
      {"nagy)", "nagy"},
      {")", ""},
      {"()", ""},
      {"nagy () budapest", "nagy budapest"},
      {"nagy AND", "nagy"},
      {"AND nagy", "nagy"},
      {"OR nagy", "nagy"},
      {"nagy OR", "nagy"},
      {"nagy AND AND budapest", "nagy AND budapest"},
      {"nagy OR AND budapest", "nagy OR budapest"},
      {"(OR nagy)", "(nagy)"},
      {"(nagy NOT)", "(nagy)"},
      {"NOT", ""},
      {"nagy -", ""},         // a lone '-' is a word to the parser: nothing to mend
      {"*agy", "agy"},
      {"na*gy", "nagy"},
      {"negot*", ""},         // a trailing wildcard is fine
      {"*", ""},
      {"title: nagy", "nagy"},
      {"nagy title:", "nagy"},
      {"\"\" nagy", "nagy"},
      {"nagy budapest", ""},  // nothing wrong
      {"title:(nagy", "title:(nagy)"},
      {"nagy date:1957..1956", "nagy date:1956..1957"},
      {"Date:1957-02..1956-11", "date:1956-11..1957-02"},
      {"date:1956..1957", ""},
      {"date:1956-11..17date:1956-11..", ""},   // not two dates (found by the fuzzer)
      {"nagy date:October 1962", "nagy date:\"October 1962\""},
      {"date:16 October 1962 Khrushchev", "date:\"16 October 1962\" Khrushchev"},
      {"date:October 16, 1962", "date:\"October 16, 1962\""},
      {"date:1960s", ""},                       // read as it is
      {"date:October Khrushchev", ""},          // no date in words: not mended
      {"(" + std::string(5000, 'a'), ""},       // longer than the parser reads: not mended
  };
  for (const auto& [query, want] : cases) {
    EXPECT_EQ(repair_query(query), want) << query;
    if (!want.empty()) {
      EXPECT_TRUE(parses(want)) << want;
    }
  }
}

TEST(QueryRepair, TheMistakesTheParserRefusesMostlyMendIntoQueriesItTakes) {
  for (const char* query : {"\"unterminated", "(nagy", "nagy)", "nagy AND", "AND nagy", "OR nagy", "nagy OR",
                            "*agy", "na*gy", "title:", "nagy AND AND budapest", "\"Secretary of State",
                            "(a OR b", "a OR (b AND)", "date:1957..1956", "date:October 1962"}) {
    ASSERT_FALSE(parses(query)) << query;
    const std::string mended = repair_query(query);
    if (std::string(query) == "title:") {
      EXPECT_EQ(mended, "");   // nothing is left to search for
      continue;
    }
    ASSERT_FALSE(mended.empty()) << query;
    EXPECT_TRUE(parses(mended)) << query << " -> " << mended;
  }
}

// Random queries of the parser's special characters and words: the mending
// stays bounded, mends nothing twice, and what it offers either parses or is
// refused for a reason it does not mend (no words at all, a wildcard after
// more than a word); the reading room runs an offer before showing it.
TEST(QueryRepair, RandomQueriesMendIntoQueriesThatParse) {
  std::mt19937 random(20261203);
  const std::vector<std::string> atoms = {"nagy", "budapest", "\"", "(", ")", "AND", "OR", "NOT", "-", "+", "*",
                                          "na*", "*gy", "title:", "person:", "title:\"", "title:(", " ", "  ",
                                          "\"free world\"", "x:y", "\xC3\xA9", "Khrushchev's"};
  int offered = 0;
  int parsed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string query;
    const int n = 1 + static_cast<int>(random() % 9);
    for (int i = 0; i < n; ++i) {
      query += atoms[random() % atoms.size()];
      if (random() % 2) query += ' ';
    }
    const std::string mended = repair_query(query);
    ASSERT_LE(mended.size(), 2 * query.size() + 2) << query;
    if (mended.empty()) continue;
    ++offered;
    QueryParser parser({Xapian::Stem("english")}, {});
    auto result = parser.parse(mended);
    if (result) {
      ++parsed;
    } else {
      // What the mending leaves alone: no words at all ("(+)"), a wildcard
      // after more than a word ("x:yna*"), a field that takes no group.
      const std::string& why = result.error().message;
      EXPECT_TRUE(why.find("no words to search for") != std::string::npos ||
                  why.find("a wildcard needs one word") != std::string::npos ||
                  why.find("does not take a group") != std::string::npos)
          << query << " -> " << mended << ": " << why;
    }
    // Mending what it gave changes nothing more.
    EXPECT_EQ(repair_query(mended), "") << query << " -> " << mended;
  }
  EXPECT_GT(offered, 1000);
  EXPECT_GT(parsed, offered * 9 / 10);
}

}  // namespace
}  // namespace chancery
