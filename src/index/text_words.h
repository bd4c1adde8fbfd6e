// What the records' own text writes, read from the index itself: the text
// slot (index_terms::kTextSlot) of the first records holding a word.
//
// Common words. The query parser must not take a common word of the text for
// a name: "long" is no spelling of the Wade-Giles "Lung", "ban" none of
// "Pan", "famine" none of the syllables "fa mi ne". The names lexicon (the
// words `names link` found in lowercase in three records or more) tells it
// so, but only an archive that has run `names link` has one, and only for
// the records it had then. So the index answers the same question for
// itself: a word is common when at least kLowercaseRecords of the first
// kSampledRecords records holding it write it in lowercase somewhere in their
// text, as a name never is ("Mao", "Chou", "MAO TSE-TUNG").
//
// Written words. The index also holds the words of names' generated
// spellings ("Mao Cedong", "Mao Zetong" for a persons list's "Mao
// Tse-tung"), which no record writes: a search that also looked for a
// spelling says so only when some record's text writes it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

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

// Whether `text` writes `word` (lowercase ASCII letters, as the index folds
// and joins a hyphenated word) in any case as a whole word, its letters
// perhaps joined by hyphens or apostrophes: "tsetung" in "Mao Tse-tung",
// "hsiaoping" in "Hsiao-p'ing".
bool has_written_word(std::string_view text, std::string_view word);

// Whether `word` (a folded word) is a common word of `db`'s text, as above.
// Only lowercase ASCII words can be; reads the text slots of at most
// kSampledRecords documents. Throws what Xapian throws.
bool written_in_lowercase(const Xapian::Database& db, const std::string& word);

// Whether one of the first kSampledRecords records holding the free-text
// term `word` writes it (has_written_word) in its text, or in its text
// folded (util/text_fold.h: "gomulka" in "Gomułka"). Words other than
// lowercase ASCII ones are taken as written. Throws what Xapian throws.
bool written_in_text(const Xapian::Database& db, const std::string& word);

// How the records write `word` (a folded word, its syllables perhaps joined
// by hyphens: "tse-tung"): of the first kSampledRecords records holding it,
// the form most of them first write it in ("USSR", "MacArthur", "Tse-tung"),
// the first such form of a tie; "" when none does, or for a word other than
// lowercase ASCII. Throws what Xapian throws.
std::string written_form(const Xapian::Database& db, const std::string& word);

// The forms the first kSampledRecords records holding `word` first write it
// in, each with how many do, in the order first met; empty where
// written_form() is "". Throws what Xapian throws.
std::vector<std::pair<std::string, unsigned>> written_forms(const Xapian::Database& db, const std::string& word);

// The form most of `forms` write, the first of a tie; "" for none.
std::string most_written(const std::vector<std::pair<std::string, unsigned>>& forms);

// The answers, remembered: for one revision of one database (the owner
// clears them when it reads another), at most kMaxWords of each.
class TextWords {
 public:
  static constexpr std::size_t kMaxWords = 20'000;

  bool common(const Xapian::Database& db, const std::string& word);
  bool written(const Xapian::Database& db, const std::string& word);
  std::string form(const Xapian::Database& db, const std::string& word);
  std::vector<std::pair<std::string, unsigned>> forms(const Xapian::Database& db, const std::string& word);
  void clear() {
    common_.clear();
    written_.clear();
    forms_.clear();
  }

 private:
  std::unordered_map<std::string, bool> common_;
  std::unordered_map<std::string, bool> written_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, unsigned>>> forms_;
};

}  // namespace chancery
