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
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "index/addresses.h"
#include "index/date_query.h"
#include "index/index.h"
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
  // A word of a phrase the query matches only as a phrase (not a person's
  // name, which also matches its family name alone): the text has it beside
  // the phrase's other words.
  bool together = false;
  // Searched as every spelling of its name key (a family name in any
  // spelling: "Kruschev" as "Khrushchev", "Krushchev", ...).
  bool by_name_key = false;
  // A word of words a glossary or the place names know ("Burkina Faso"):
  // no misspelling, whether or not the index holds it.
  bool in_known_name = false;
};

struct ParsedQuery {
  Xapian::Query query;     // matches all documents for an empty query (Xapian::Query(std::string()))
  bool match_all = false;
  std::vector<QueryWord> words;
  // What the query also searched for that it does not say, for the reader:
  // other spellings of the names it holds, as the index keeps them (folded:
  // "chruschtschow"), and the glossary entries its words stand for, as the
  // synonym table keeps them (folded: "union of soviet socialist republics").
  std::vector<std::string> other_spellings;
  // Of other_spellings, a word's spellings in another romanisation ("ch'ih"
  // for the "Chi" of "Ho Chi Minh"), each with a query for the records that
  // hold it: said only where a record the whole query finds holds it, as the
  // Vietnamese "Chi" read as Chinese never is.
  std::vector<std::pair<std::string, Xapian::Query>> spellings_to_confirm;
  std::vector<std::string> glossary_entries;
  // Words that share a stem with a word of the query but were left out of its
  // search (family names: "cooper" for "cooperation"), folded; the hits do
  // not mark them as the stem would.
  std::vector<std::string> unmarked;
  // Wildcards the expander (QueryParser::set_wildcard_words) searched for
  // fewer words than start so.
  std::vector<LimitedWildcard> limited_wildcards;
  // The record or collection id the query was an address or a citation of
  // (addresses.h); "" for a search.
  std::string addressed;
};

// The terms a wildcard's term prefix stands for, the most frequent first,
// and how many terms start so (wildcards.h).
using WildcardExpander = std::function<std::pair<std::vector<std::string>, std::size_t>(const std::string& pattern)>;

// What the names layer lends the parser (see NameHooks); each may be empty.
struct NameQuerySupport {
  // word_key(): a spelling-insensitive key of a name word.
  std::function<std::string(std::string_view)> word_key;
  // True when a key belongs to a word of a known person's family name.
  std::function<bool(std::string_view key)> is_person_key;
  // Authority ids a person: value or a quoted personal name stands for.
  std::function<std::vector<std::string>(std::string_view value)> person_ids;
  // Documents holding `term` in the index being searched.
  std::function<std::size_t(const std::string& term)> term_frequency;
  // The family-name words of a quoted personal name that a persons list
  // lists but no authority knows (NameHooks::listed_family_name); {} for none.
  std::function<std::vector<std::string>(std::string_view name)> listed_family_name;
  // For a word that is a recorded variant spelling of one authority, that
  // authority's preferred name ("Malnasanu" -> "Malnasan, Aurel"); "" otherwise
  // (NameHooks::preferred_for_variant). Its family name is marked in the hits.
  std::function<std::string(std::string_view word)> preferred_for_variant;
  // Whether a key tells names apart (NameHooks::key_is_distinctive); empty:
  // every key does. A word whose key does not is never searched by its key:
  // only with the words of that key that same_name_words keeps.
  std::function<bool(std::string_view key)> key_is_distinctive;
  std::function<std::vector<std::string>(std::string_view word, std::vector<std::string> spellings,
                                         std::size_t limit)>
      same_name_words;
  // NameHooks::key_names_another and common_words_among: a distinctive key
  // that another known family name shares, or that the index gives a common
  // word, does not stand for a word either; nor is a common word taken for a
  // spelling of a name. Empty: none.
  std::function<bool(std::string_view key, std::string_view word)> key_names_another;
  std::function<std::vector<std::string>(const std::vector<std::string>& words)> common_words_among;
  // NameHooks::family_words_among: a word of a known family name that is no
  // common word does not join the stem group of another word ("cooperation"
  // does not find "Cooper"). Empty: none is.
  std::function<std::vector<std::string>(const std::vector<std::string>& words)> family_words_among;
  // NameHooks::word_in_other_system: a word of a name in one romanisation of
  // Chinese, or of a place in one language, also finds its spellings in the
  // other, or its names in the others, that the index holds ("Zedong" finds
  // "Tse-tung", "Moskau" "Moscow"). Empty: none.
  std::function<std::vector<std::string>(std::string_view word)> word_in_other_system;
  // Whether some record of the index being searched matches the query (a
  // phrase of a quoted name's other spellings, the syllables of a spelling).
  // Empty: a quoted name is not searched in its other spellings, and a
  // spelling whose syllables the index holds is said whether or not in order.
  std::function<bool(const Xapian::Query& query)> matches_some;
  // Whether some record's own text writes a folded word, its letters perhaps
  // joined by hyphens ("tsetung" in "Tse-tung"), where the index also holds
  // the words of names' generated spellings ("cedong", from a persons list's
  // "Mao Tse-tung"). A spelling of a word in the other romanisation that the
  // index holds as a word, or a word of a name key searched by, is said
  // only when some record writes it. Empty: every word the index holds is
  // written.
  std::function<bool(const std::string& word)> written_in_text;
  // NameHooks::indexed_records: the records listed under the printed
  // indexes' headings holding a value's words (indexed:VALUE). Empty:
  // indexed: finds nothing.
  std::function<std::vector<std::string>(std::string_view value, std::size_t limit)> indexed_records;
  // The forms the first records holding a folded word write it in
  // (text_words.h written_forms: "Ngo", "NGO"); empty when unknown. Empty: unknown
  // for every word. A word written with small letters as some record
  // writes it ("Ngo" of Ngo Dinh Diem) is that word, not the abbreviation a
  // glossary writes in capitals ("NGO", non-governmental organization).
  std::function<std::vector<std::string>(const std::string& word)> written_forms;
};

// Whether `name` (without the colon, any case) is a field of the query
// language ("title", "person", "date"...).
bool is_query_field(std::string_view name);

class QueryParser {
 public:
  // `stemmers`: the stemmers documents were indexed with; a word matches its
  // stem under each. `synonyms` may be empty (no synonym expansion).
  // `name_word_key` (NameHooks::word_key) may be empty; when set, words in free
  // text and name fields also match name words with the same key.
  //
  // With `names` (which supersedes `name_word_key` when its word_key is set):
  //  - a free-text word whose key is a known family-name key, and which the
  //    index holds no more often than its name key, is searched as that name
  //    key alone, so every spelling (Khrushchev, Chruschtschow, Хрущёв) gives
  //    the same query; likewise a hyphenated or quoted name all of whose words
  //    are such ("Gheorghiu-Dej");
  //  - person:VALUE also finds records linked to the authorities VALUE
  //    resolves to (an id, or a compatible name in any recorded spelling);
  //  - a quoted personal name ("Imre Nagy") also finds records linked to the
  //    authorities it resolves to, where the text gives only the family name;
  //  - a quoted personal name that resolves to no authority but that a
  //    persons list lists (listed_family_name) also finds, ranked below the
  //    phrase, records whose text has its family name ("Nagy") as a word.
  // Whenever a positive word is searched by a name key ("XV" + key), the
  // spellings `synonyms` lists for that key (index_terms.h: name-key groups)
  // join ParsedQuery::words, so the hits mark "Khrushchev" for a search of
  // "Chruschtschow"; for a recorded variant ("Malnasanu"), so do the
  // preferred name's family name ("Malnasan") and its spellings.
  QueryParser(std::vector<Xapian::Stem> stemmers, SynonymLookup synonyms, QueryLimits limits = {},
              std::function<std::string(std::string_view)> name_word_key = {}, NameQuerySupport names = {});

  // Whether the index holds word pairs (word_pairs.h): phrases then require
  // the pairs of their adjacent common words. Off by default.
  void set_word_pairs(bool on) { word_pairs_ = on; }

  // The years of the dated records of the index searched (dated_years()),
  // asked for when a query has a date: field, which then reads year and decade
  // terms where it can (date_query.h). Unset, or nullopt: the date slots alone.
  void set_dated_years(std::function<std::optional<DatedYears>()> years) { dated_years_ = std::move(years); }

  // Chooses the words a wildcard stands for (wildcards.h). Unset: Xapian's
  // own expansion (OP_WILDCARD), the most frequent max_wildcard_expansion.
  void set_wildcard_words(WildcardExpander expander) { wildcard_words_ = std::move(expander); }

  // Parses `text`; fails with kInvalidInput and a message saying what is wrong.
  Result<ParsedQuery> parse(std::string_view text) const;

 private:
  std::vector<Xapian::Stem> stemmers_;
  SynonymLookup synonyms_;
  QueryLimits limits_;
  std::function<std::string(std::string_view)> name_word_key_;
  bool word_pairs_ = false;
  std::function<std::optional<DatedYears>()> dated_years_;
  WildcardExpander wildcard_words_;
  NameQuerySupport names_;
};

}  // namespace chancery
