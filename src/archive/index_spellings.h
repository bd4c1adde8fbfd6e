// Other spellings of a name that the volumes' printed indexes give: a "see"
// from one spelling to another ("Soekarno. see Sukarno.") and a heading's
// other spelling in brackets ("Sukarno (Soekarno)", "Supomo (Soepomo)").
// The editors' own equivalences, for names no authority holds: a query word
// that is one of them is also searched as the other (NameHooks::
// word_in_other_system), both ways. With them, the records the indexes list
// under each heading (indexed_headings.h), for the query field indexed:.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "archive/indexed_headings.h"
#include "model/record.h"
#include "store/store.h"
#include "util/error.h"

namespace chancery {

class IndexSpellings {
 public:
  IndexSpellings() = default;
  // The pairs of `abouts`' indexes where both sides are one capitalised
  // word of letters ("Soedjono", not "Agrarian reform" or "RVN") spelled
  // alike (names::spelled_alike: not "Aksal (Turkey)" or "Petroleum. see Oil").
  explicit IndexSpellings(const std::vector<CollectionAbout>& abouts);

  // The other spellings of `word` (any case), as printed; {} for none.
  std::vector<std::string> of(std::string_view word) const;
  std::size_t size() const { return by_word_.size(); }
  // The records listed under each heading of the same indexes.
  const IndexedHeadings& headings() const { return headings_; }

 private:
  void add(const std::vector<IndexEntry>& entries);
  void pair(std::string_view a, std::string_view b);

  std::unordered_map<std::string, std::vector<std::string>> by_word_;   // folded word -> printed others
  IndexedHeadings headings_;
};

// The ids and seqs of the collections' stored texts and indexes: it changes
// when any of them does.
Result<std::string> printed_indexes_signature(Store& store);

// Every collection's printed index in `store` (its texts left out); a
// collection whose stored JSON is unreadable is left out.
Result<std::vector<CollectionAbout>> load_printed_indexes(Store& store);

}  // namespace chancery
