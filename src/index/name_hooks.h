// Where the names subsystem plugs extra terms into the index: variant
// spellings of whole names and spelling-insensitive keys of name words.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace chancery {

struct NameHooks {
  // Extra spellings of a whole name (person, organisation, place, sender,
  // recipient, author), e.g. transliteration variants; indexed like the name
  // itself, in the same field. May be empty.
  std::function<std::vector<std::string>(std::string_view name)> variants;
  // A spelling-insensitive key of one name word (e.g. names::word_key), or ""
  // for none. Indexed for the words of names; computed for query words in free
  // text and name fields, so "Chruschtschow" meets "Khrushchev". May be empty.
  std::function<std::string(std::string_view word)> word_key;
};

}  // namespace chancery
