// A query in words alone (plain_query.h): its words and phrases, or nothing
// when it uses the query language.
#include "index/plain_query.h"

#include <gtest/gtest.h>

namespace chancery {
namespace {

std::vector<std::string> texts(std::string_view query, std::string_view trailing = {}) {
  std::vector<std::string> out;
  const auto tokens = plain_query_tokens(query, 8, trailing);
  if (!tokens) return {"(query language)"};
  for (const PlainToken& token : *tokens) out.push_back(token.quoted ? "\"" + token.text + "\"" : token.text);
  return out;
}

using Texts = std::vector<std::string>;

TEST(PlainQuery, WordsAndPhrases) {
  EXPECT_EQ(texts("  Kennedy  to\tKhrushchev "), (Texts{"Kennedy", "to", "Khrushchev"}));
  EXPECT_EQ(texts("\"test ban\" October 27, 1962"), (Texts{"\"test ban\"", "October", "27,", "1962"}));
  EXPECT_EQ(texts("Khrushchev, Kennedy?", ",?"), (Texts{"Khrushchev", "Kennedy"}));
  EXPECT_EQ(texts("Kennedy ,", ","), Texts{"Kennedy"});   // a word left empty is dropped
  EXPECT_EQ(texts("a\"b c\"d"), (Texts{"a", "\"b c\"", "d"}));
  EXPECT_EQ(texts(""), Texts{});
}

TEST(PlainQuery, TheQueryLanguageIsNone) {
  for (std::string_view query : {"sender:Kennedy", "Kennedy AND Khrushchev", "NOT Cuba", "-Cuba", "+Cuba", "(Cuba)",
                                 "Khrush*", "\"unclosed", "\"  \"", "\"a:b\"", "\"(a)\"", "1 2 3 4 5 6 7 8 9"}) {
    EXPECT_EQ(texts(query), Texts{"(query language)"}) << query;
  }
  // An operator is one only as written: in lower case it is a word.
  EXPECT_EQ(texts("Kennedy and Khrushchev"), (Texts{"Kennedy", "and", "Khrushchev"}));
}

}  // namespace
}  // namespace chancery
