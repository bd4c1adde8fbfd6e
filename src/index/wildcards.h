// The words a trailing wildcard ("negot*") searches for.
//
// Xapian expands a wildcard to the words of the index that start so (at most
// QueryLimits::max_wildcard_expansion, the most frequent first) and matches
// them as one word (OP_SYNONYM), which reads every posting of every one of
// them: a short start finds the archive's most common words, so `s*` read
// 1.9 million postings of 100 words in 100,000 records (150 ms, against 3 ms
// for `Khrush*`), and ten times as many at a million records. The words are
// chosen here instead, the most frequent first, within a budget of postings:
// the most frequent word always, then the others in turn that keep the total
// within the budget, or within twice the first word's postings when that is
// more (a word alone costs about as much). A start whose words fit, as nearly
// every one does, is searched as Xapian would; the hits and the API say
// which words a wildcard was searched for when they are fewer than the words
// that start so.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "index/index.h"

namespace chancery {

struct WildcardWords {
  std::vector<std::string> terms;   // as indexed (with the field's prefix), the most frequent first
  std::size_t starting = 0;         // how many terms of the index start with the pattern
};

// The terms of `db` starting with `pattern` (a term prefix: a field prefix and
// the start of a folded word) to search for, at most `max_terms`, within
// `postings_budget` as above. Throws what Xapian throws.
WildcardWords wildcard_words(const Xapian::Database& db, const std::string& pattern, std::size_t max_terms,
                             std::uint64_t postings_budget);

}  // namespace chancery
