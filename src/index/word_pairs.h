// Word pairs: a phrase made only of common words ("Secretary of State") is
// slow to match from positions alone, because every document holding its
// words is a candidate whose positions must be read. So each document also
// carries a boolean term for every two adjacent words of its free text that
// are both common, unless both are function words ("common grams"), and a
// phrase query requires the pair terms of its adjacent words before it checks
// positions: the candidates are then the documents that hold those pairs, not
// those that hold the words. Pairs of two function words ("of the") are left
// out: they are in nearly every document, so they would filter little and
// cost most of the pairs' size.
//
// The common words are a fixed list (the words in most documents of the 22
// FRUS volumes); it is part of the index layout (index_terms.h), so changing
// it needs a reindex.
#pragma once

#include <string>
#include <string_view>

namespace chancery {

struct CommonWord {
  std::string_view word;   // the list's own copy; empty when the word is not common
  bool function = false;   // a function word ("of", "the", "would")
};

// `folded` (a folded word, util/word_tokenizer.h) as a common word.
CommonWord common_word(std::string_view folded);

// Whether two adjacent words make a pair: both common, not both function words.
inline bool makes_pair(const CommonWord& first, const CommonWord& second) {
  return !first.word.empty() && !second.word.empty() && !(first.function && second.function);
}

// The pair term of two adjacent folded words, both common: "XG" + first + " " + second.
std::string word_pair_term(std::string_view first, std::string_view second);

}  // namespace chancery
