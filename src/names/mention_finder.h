// Finding known people in running text, under any spelling of their names.
//
// A MentionFinder is built once from (authority id, name variant) pairs, for
// instance every POCOM person and every FRUS persons-list entry with its
// variants, and then scans any number of texts. Text is read word by word;
// each word's word_key() is looked up in a trie of key sequences, so
// "Chruschtschow" in a German source finds the person recorded as
// "Khrushchev, Nikita Sergeyevich". Romanised Chinese names are also matched by
// their Wade-Giles/pinyin syllable keys (chinese_name_key()), so "Mao Zedong"
// finds "Mao Tse-tung".
//
// Build once, then find() from any number of threads: find() is const and
// keeps its scratch state on the stack.
#pragma once

#include "model/record.h"
#include "names/person_name.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace chancery::names {

// One known spelling of one authority's name: "Bohlen, Charles E.", "Хрущёв".
struct NameVariant {
  std::string id;    // authority id: "pocom/bohlen-charles-eustis"
  std::string name;
};

// The name variants of a Person: its name and every recorded variant.
std::vector<NameVariant> variants_of(const Person& person);

// A name found in a text: bytes [begin, end) of the scanned text, and the
// authorities it may refer to (several when the text does not tell them apart:
// "Bohlen" with two Bohlens known), sorted and unique.
struct Mention {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::vector<std::string> ids;
  // True when found by family name (with whatever compatible forenames or
  // initials precede it: "Bohlen", "C. E. Bohlen") rather than by a whole variant.
  bool by_family_name = false;
  // True when the words are spelled as in a recorded variant of the
  // candidates (letters compared, case and diacritics ignored); false when
  // only their word keys agree ("Chruschtschow" for "Khrushchev", but also
  // "Korea" for "Korry"). Where some candidates match exactly and others only
  // by key, only the exact ones are kept.
  bool exact_spelling = false;
  bool operator==(const Mention&) const = default;
};

struct MentionFinderOptions {
  // Also find a person by family name alone ("Bohlen", "Ambassador Bohlen",
  // "Charles E. Bohlen" where only "Bohlen, Charles Eustis" is recorded).
  bool family_name_alone = true;
  // A word of the text must start with a capital letter (or a non-ASCII
  // letter) where the variant's word does; keeps "white" from matching White.
  // A word in lower case then matches only a variant's word in lower case
  // ("de", "van") spelled as it is (letters folded), not any word of its key.
  bool require_capitals = true;
  // Lowercase words that a capitalised word matched by family name alone is
  // more likely to be ("may", "march", "white", "he"). Such a match is kept
  // only when forenames or a title precede it ("Lincoln White", "Mr. White").
  // Words that occur in lowercase in the scanned text itself count as common
  // too; this set adds a lexicon for short texts.
  std::unordered_set<std::string> common_words;
};

// The words that occur in lowercase at least `min_count` times in `text`, as
// lowercase ASCII letters: a lexicon of common words for
// MentionFinderOptions::common_words, best computed once from a whole corpus
// when documents are scanned one at a time.
std::unordered_set<std::string> common_lowercase_words(std::string_view text, std::size_t min_count = 2);

// One word of a text as MentionFinder reads it.
struct MentionToken {
  std::size_t begin = 0, end = 0;  // bytes of the word in the text, possessive 's excluded
  bool dot = false;                // directly followed by '.'
  bool hyphen_before = false;      // joined to the previous word by a hyphen
  bool break_before = false;       // sentence punctuation between this word and the previous
  bool capital = false;
};

// The words of `text` as every MentionFinder reads them: made once for
// several finders over one text (MentionFinder::find(text, tokens)).
std::vector<MentionToken> mention_tokens(std::string_view text);

class MentionFinder {
 public:
  explicit MentionFinder(std::span<const NameVariant> variants, MentionFinderOptions options = {});

  // Every mention in `text` (UTF-8), left to right, not overlapping: at each
  // word the longest matching name is taken. Never fails; text that is not
  // valid UTF-8 is scanned as far as it reads as words.
  std::vector<Mention> find(std::string_view text) const;
  // The same, with `tokens` = mention_tokens(text).
  std::vector<Mention> find(std::string_view text, const std::vector<MentionToken>& tokens) const;

  std::size_t pattern_count() const { return pattern_count_; }
  // MentionFinderOptions::common_words, as given.
  const std::unordered_set<std::string>& common_words() const { return options_.common_words; }

 private:
  static constexpr std::uint32_t kNoKey = 0xffffffff;
  struct Entry {
    std::uint32_t person;        // index into ids_
    std::uint32_t capital_mask;  // bit i: word i must be capitalised in the text
    bool family = false;         // family-name-only pattern: forenames may precede
    std::string spelling;        // folded letters of the pattern's words, concatenated
    bool spelling_required = false;  // very short keys: the text must have exactly `spelling`
  };
  struct Node {
    std::vector<Entry> entries;
  };
  struct Trie {
    std::vector<Node> nodes{Node{}};
    std::unordered_map<std::uint64_t, std::uint32_t> edges;  // (node << 32 | key) -> child
    std::uint32_t child(std::uint32_t node, std::uint32_t key) const;
    std::uint32_t add_child(std::uint32_t node, std::uint32_t key);
  };
  std::uint32_t intern(const std::string& key);
  std::uint32_t key_id(const std::string& key) const;
  std::uint32_t person_index(const std::string& id);
  void add_pattern(Trie& trie, const std::vector<std::string>& keys, std::uint32_t person,
                   std::uint32_t capital_mask, bool family, std::string spelling, bool spelling_required = false);
  void add_variant(const NameVariant& v);
  // A pattern's word in lower case (not capitalised where the name is written).
  void note_lowercase_word(std::string_view word);
  // Whether a word of a text in lower case is spelled as a pattern's word in
  // lower case (its letters folded): the only words in lower case a pattern
  // may match where capitals are required.
  bool may_match_lowercase(std::string_view word) const;

  MentionFinderOptions options_;
  std::uint64_t serial_;   // tells this finder's memoised key ids from another's
  std::unordered_map<std::string, std::uint32_t> keys_;
  std::vector<std::string> ids_;
  std::unordered_map<std::string, std::uint32_t> id_index_;
  std::vector<std::vector<std::vector<Forename>>> forenames_;  // per person: known forename lists
  std::vector<bool> chinese_start_;  // by key id: a word with this word_key may begin a Chinese name
  Trie words_;    // word_key sequences
  Trie chinese_;  // Chinese syllable-key sequences, one key per (hyphenated) word
  std::size_t pattern_count_ = 0;
  struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Folded letters (note_lowercase_word), looked up by string_view.
  std::unordered_set<std::string, TransparentHash, std::equal_to<>> lowercase_words_;
  std::size_t longest_lowercase_word_ = 0;
  // By first letter: bit n set when a word of lowercase_words_ that begins
  // with it has n letters (63: 63 or more).
  std::array<std::uint64_t, 26> lowercase_shapes_{};
};

}  // namespace chancery::names
