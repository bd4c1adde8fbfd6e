// A query written in words alone, as the readings of such a query take it
// ("Kennedy to Khrushchev": correspondence_query.h; "Khrushchev October
// 1962": dated_query.h): its words and quoted phrases, or nothing when it
// uses the query language.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chancery {

struct PlainToken {
  std::string text;  // as written; a phrase without its quotation marks
  bool quoted = false;
};

// The words (runs of non-space) and quoted phrases of `query`, in order, each
// unquoted word with any of `trailing` stripped from its end first (a word
// left empty is dropped). nullopt when the query uses the query language (an
// operator AND, OR, NOT; a word starting with + or -; a field's colon, a
// bracket or a wildcard, in a phrase too), leaves a quotation mark open,
// quotes nothing but spaces, or holds more than `max_tokens` words and phrases.
std::optional<std::vector<PlainToken>> plain_query_tokens(std::string_view query, std::size_t max_tokens,
                                                          std::string_view trailing = {});

}  // namespace chancery
