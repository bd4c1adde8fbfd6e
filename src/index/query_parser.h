// The search query language (README.md, "Searching"):
//
//   nagy imre              both words (default AND), folded and stemmed
//   "secure phone call"    a phrase
//   a OR b, a AND b, a NOT b, -word, +word (exact, unstemmed), ( ... )
//   title: person: place: lang: archive: type: sender: recipient: author:
//   subject: <word>, <"phrase"> or <(group)> restricted to that field
//   collection:<id> id:<id>   exact identifiers
//   date:1956  date:1956-11  date:1956-11-01..1956-11-30  date:1956-11..1957
//                          records whose date span overlaps the range
//   negot*                 trailing wildcard (bounded expansion)
//
// The parser is a small recursive descent over a token list. It is bounded:
// query length, term count and nesting depth have limits, and any input either
// parses or fails with kInvalidInput; it never throws.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace chancery {

struct QueryLimits {
  std::size_t max_bytes = 4096;
  int max_terms = 256;
  int max_depth = 32;                 // parentheses and unary operators
  unsigned max_wildcard_expansion = 100;
};

// Synonyms of a folded key ("acen", "assembly of captive european nations"),
// each a folded word or phrase. May be empty when there are no synonyms.
using SynonymLookup = std::function<std::vector<std::string>(const std::string& key)>;

// A positive word of the query, for highlighting and spelling suggestions.
struct QueryWord {
  std::size_t begin = 0;   // byte range in the query text
  std::size_t end = 0;
  std::string key;         // folded
  std::string prefix;      // field term prefix ("" for free text)
  bool single = true;      // the query token is this one word (so spelling may replace it)
  bool wildcard = false;   // `key` is the beginning of the words it matches ("negot*")
};

struct ParsedQuery {
  Xapian::Query query;     // Xapian::Query::MatchAll for an empty query
  bool match_all = false;
  std::vector<QueryWord> words;
};

class QueryParser {
 public:
  // `stemmers`: the stemmers documents were indexed with; a word matches its
  // stem under each. `synonyms` may be empty (no synonym expansion).
  // `name_word_key` (NameHooks::word_key) may be empty; when set, words in free
  // text and name fields also match name words with the same key.
  QueryParser(std::vector<Xapian::Stem> stemmers, SynonymLookup synonyms, QueryLimits limits = {},
              std::function<std::string(std::string_view)> name_word_key = {});

  // Parses `text`; fails with kInvalidInput and a message saying what is wrong.
  Result<ParsedQuery> parse(std::string_view text) const;

 private:
  std::vector<Xapian::Stem> stemmers_;
  SynonymLookup synonyms_;
  QueryLimits limits_;
  std::function<std::string(std::string_view)> name_word_key_;
};

}  // namespace chancery
