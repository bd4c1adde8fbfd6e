// Where the names subsystem plugs extra terms into the index: variant
// spellings of whole names, spelling-insensitive keys of name words, the
// authorities a record mentions, and the query-time lookups that let a name in
// any spelling find the same documents.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/record.h"

namespace chancery {

// A known name found in a record (by the names layer's linker).
struct LinkedName {
  std::vector<std::string> ids;   // authority ids; several when ambiguous
  std::string text;               // the words as written in the record ("Chruschtschow", "A. A. Epishev")
  std::string preferred;          // the authority's preferred name when `ids` has one id, else ""
  bool certain = false;           // one candidate (or a persName/@corresp link)
  int person = -1;                // the entry of record.people it is, else -1
};

struct NameHooks {
  // Extra spellings of a whole name (person, organisation, place, sender,
  // recipient, author), e.g. transliteration variants; indexed like the name
  // itself, in the same field. May be empty. A function of `name` alone:
  // builders remember its answers.
  std::function<std::vector<std::string>(std::string_view name)> variants;
  // A spelling-insensitive key of one name word (e.g. names::word_key), or ""
  // for none. Indexed for the words of names; computed for query words in free
  // text and name fields, so "Chruschtschow" meets "Khrushchev". May be empty.
  std::function<std::string(std::string_view word)> word_key;
  // The known names a record mentions (title, summary, body, notes) or links
  // (persName/@corresp). Their words get name-key terms, their authorities
  // "XA" (certain) or "XC" (candidate) terms. May be empty. Must be
  // thread-safe.
  std::function<std::vector<LinkedName>(const Record& record)> linked_names;
  // Query time: the authority ids a person: value or a quoted personal name
  // stands for (an authority id, an id of a source entry, or a name compatible
  // with a recorded variant), including ids merged into them; {} for none.
  std::function<std::vector<std::string>(std::string_view value)> person_ids;
  // Query time: true when `key` (a word_key) is the key of a word of some
  // known person's family name, so a query word with that key may be searched
  // as that name in every spelling.
  std::function<bool(std::string_view key)> is_person_key;
  // Query time: whether a word_key tells names apart well enough to stand for
  // every word that has it (names::key_is_distinctive). When it does not
  // ("sO": Zhou, Joe, Sue), a query word is searched with only those words of
  // its key that same_name_words keeps ("Chou"). Empty: every key does.
  std::function<bool(std::string_view key)> key_is_distinctive;
  // Query time: of `spellings`, words with the same key as `word`, those that
  // spell the same name, at most `limit` (names::same_name_words). Empty:
  // none does.
  std::function<std::vector<std::string>(std::string_view word, std::vector<std::string> spellings,
                                         std::size_t limit)>
      same_name_words;
  // Query time: whether `key` (a distinctive word_key of `word`) is also the
  // key of a known family name that `word` does not spell
  // (names::key_names_another: "gErgE" of Gheorghiu is George's too). Then
  // `word` is searched as itself and the words of its key that
  // same_name_words keeps, not as its key. Empty: no key does.
  std::function<bool(std::string_view key, std::string_view word)> key_names_another;
  // Query time: those of some folded words that are common words of the
  // archive's text (the names lexicon: "east", "just", "craft"). A key that
  // the index gives such a word ("Est" of Yost) does not stand for a name, and
  // such a word is no spelling of one ("craft" of Kraft). Empty: none is.
  std::function<std::vector<std::string>(const std::vector<std::string>& words)> common_words_among;
  // Query time: those of some folded words that are words of a known
  // person's family name ("cooper" of John Sherman Cooper). A stem shared by
  // such a name and the words searched for ("cooperation") does not bring
  // the name: it is searched only when written (`Cooper`). Empty: none is.
  std::function<std::vector<std::string>(const std::vector<std::string>& words)> family_words_among;
  // Query time: the spellings of a word in the other romanisation of Chinese
  // and its names in other languages (names::word_elsewhere: "Zedong" ->
  // "Tse-tung", "Moskau" -> "Moscow"), of which a query word also finds
  // those the index holds. Empty: none.
  std::function<std::vector<std::string>(std::string_view word)> word_in_other_system;
  // Query time: for a word that is a recorded variant spelling of one
  // authority, that authority's preferred name ("Malnasanu" -> "Malnasan,
  // Aurel"); "" otherwise. Used for suggestions.
  std::function<std::string(std::string_view word)> preferred_for_variant;
  // Query time: for a quoted personal name that no authority knows but some
  // imported persons list lists ("Imre Nagy", "Nagy Imre" ~ "Nagy, Imre"),
  // the words of its family name as written in `name` ({"Nagy"}); {} for
  // none. Lets the name find records that give the family name alone before
  // `names link` has run.
  std::function<std::vector<std::string>(std::string_view name)> listed_family_name;
  // Query time: the records the volumes' printed indexes list under the
  // headings holding every word of `value` (indexed:VALUE; archive/
  // indexed_headings.h), at most `limit`; {} for none. Empty: indexed:
  // finds nothing.
  std::function<std::vector<std::string>(std::string_view value, std::size_t limit)> indexed_records;
  // Called when a reading index refreshes (SearchIndex::refresh()): the
  // query-time lookups may then take in names changed since. May be empty
  // (the lookups then check for changes themselves).
  std::function<void()> refresh;
  // Reads now what the query-time lookups read on first use (the names
  // snapshot, the printed indexes' other spellings, the tables of place and
  // country names: a tenth of a second each on the FRUS volumes), so that no
  // search waits for them (SearchIndex::warm_up()). May be empty.
  std::function<void()> load;
};

}  // namespace chancery
