// Turns a Record into its Xapian document: folded, positional words per field,
// stemmed terms, facet terms, date values and the stored hit data.
#pragma once

#include <xapian.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/name_hooks.h"
#include "model/record.h"
#include "util/fingerprint_set.h"
#include "util/word_tokenizer.h"

namespace chancery {

// What a search hit shows without reading the store.
struct StoredHit {
  std::string id;
  std::string title;
  std::string date;   // ISO, precision as known; "from/to" for a range
  // Summary and body, the source of snippets: empty in the document data of
  // current indexes, which keep it in the value slot index_terms::kTextSlot.
  std::string text;
  // The innermost collection the record is in ("" for none): what the pages
  // show beside each hit without a store read. Nullopt in the data of
  // indexes built before it was kept (four netstrings, not five).
  std::optional<std::string> collection;
};

// Document data encoding of a StoredHit (netstrings: "2:id5:title...").
std::string encode_stored_hit(const StoredHit& hit);
// Decodes document data; nullopt when it is not what encode_stored_hit wrote.
std::optional<StoredHit> decode_stored_hit(std::string_view data);

struct BuiltDocument {
  Xapian::Document document;
  std::string id_term;                  // "Q" + id
  std::vector<std::string> spellings;   // distinct folded words for the spelling table
  std::vector<std::string> stemmers;    // Xapian stemmer names the document used
  // Stem groups and name-key groups (index_terms.h) for words this builder
  // had not met: {"Z" + stem, word} and {"XV" + name key, word}. The index
  // keeps them as synonyms, so a query word finds its stem's words and a
  // name in one spelling the others the index holds.
  std::vector<std::pair<std::string, std::string>> synonym_groups;
};

// Builds documents. Keeps stemmers and buffers between records, so one builder
// per writer; not thread-safe.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(NameHooks names = {});

  // `editorial`: texts of editors' corrections and notes on the record,
  // indexed as its words (unprefixed, after the record's own, with a gap).
  BuiltDocument build(const Record& record, const std::vector<std::string>& editorial = {});
  // Forgets which words already went out in synonym_groups (after the documents
  // that carried them failed to reach the index).
  void forget_seen_words();

 private:
  struct State;
  const Xapian::Stem& stemmer(const std::string& name);
  void add_text(State& state, std::string_view text, std::initializer_list<std::string_view> prefixes,
                bool spell, bool name_words = false);
  void note_stem(State& state, const Xapian::Stem& stem, const std::string& key);
  // Adds the name-key term `key_term` ("XV" + key) for the folded name word
  // `word`, and the word to the key's group the first time it is met.
  void note_name_key(State& state, const std::string& key_term, const std::string& word);
  void add_name(State& state, std::string_view name, std::string_view prefix);
  void add_linked_names(State& state, const std::vector<LinkedName>& linked);

  NameHooks names_;
  std::map<std::string, Xapian::Stem, std::less<>> stemmers_;
  std::vector<Word> words_;
  // Words given a stem group, salted by their stemmer's address, and name
  // words given a name-key group, salted by kNameKeySalt's.
  FingerprintSet seen_words_;
  // names_.variants of the names met so far (the same senders, recipients and
  // places recur in every document of a volume).
  std::unordered_map<std::string, std::vector<std::string>> variants_memo_;
};

// The stored text of a record for snippets (summary, then body blocks; the
// notes when it has neither).
std::string snippet_source_text(const Record& record);
// Whether the record has a summary or body text (else its snippet text is
// made of its notes).
bool has_text_of_its_own(const Record& record);

}  // namespace chancery
