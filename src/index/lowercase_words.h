// Common words of an index's text, read from the index itself.
//
// The query parser must not take a common word of the text for a name:
// "long" is no spelling of the Wade-Giles "Lung", "ban" none of "Pan",
// "famine" none of the syllables "fa mi ne". The names lexicon (the words
// `names link` found in lowercase in three records or more) tells it so, but
// only an archive that has run `names link` has one, and only for the
// records it had then. So the index answers the same question for itself:
// a word is common when at least kLowercaseRecords of the first
// kSampledRecords records holding it write it in lowercase somewhere in
// their text (the text slot, index_terms::kTextSlot), as a name never is
// ("Mao", "Chou", "MAO TSE-TUNG").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include <xapian.h>

namespace chancery {

// As the names lexicon counts (names_service.cc).
inline constexpr unsigned kLowercaseRecords = 3;
// Records read at most for one word: its first by document id.
inline constexpr unsigned kSampledRecords = 16;

// Whether `text` has `word` (lowercase ASCII letters) as a whole word written
// in lowercase: its first letter lowercase, and no letter, digit or byte of a
// multibyte character on either side. Other words are never found.
bool has_lowercase_word(std::string_view text, std::string_view word);

// Whether `word` (a folded word) is a common word of `db`'s text, as above.
// Only lowercase ASCII words can be; reads the text slots of at most
// kSampledRecords documents. Throws what Xapian throws.
bool written_in_lowercase(const Xapian::Database& db, const std::string& word);

// written_in_lowercase(), remembered: for one revision of one database (the
// owner clears it when it reads another), at most kMaxWords answers.
class LowercaseWords {
 public:
  static constexpr std::size_t kMaxWords = 20'000;

  bool common(const Xapian::Database& db, const std::string& word);
  void clear() { known_.clear(); }
  std::size_t size() const { return known_.size(); }

 private:
  std::unordered_map<std::string, bool> known_;
};

}  // namespace chancery
