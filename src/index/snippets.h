// Snippets: a short, HTML-safe extract of a hit's text around the words the
// query matched, with those words wrapped in <mark>...</mark>.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "index/query_parser.h"
#include "util/word_tokenizer.h"

namespace chancery {

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

// Decides which words of a text the query matched: a word matches when its
// folded form, or its stem under one of the index's stemmers, is a query word's,
// or when it begins like a wildcard word of the query.
class Highlighter {
 public:
  // `unmarked`: folded words not to mark although they stem as a query word
  // does (ParsedQuery::unmarked); a query word itself is always marked.
  Highlighter(const std::vector<QueryWord>& words, std::vector<Xapian::Stem> stemmers,
              const std::vector<std::string>& unmarked = {});
  bool empty() const { return keys_.empty() && word_starts_.empty(); }
  // Remembers its answers: one Highlighter serves one search, on one thread.
  bool matches(const std::string& key) const;
  // False when no word whose text starts with `first_byte` can match, so the
  // word need not be folded (only ASCII bytes are ruled out).
  bool may_match(unsigned char first_byte) const {
    if (first_byte >= 0x80) return true;
    if (first_byte >= 'A' && first_byte <= 'Z') first_byte = static_cast<unsigned char>(first_byte - 'A' + 'a');
    return first_byte_[first_byte];
  }
  // The ASCII letters (lower case) and digits that may_match() lets through.
  const std::string& ascii_first_bytes() const { return ascii_first_bytes_; }
  // Whether the query has only function words ("of", "the": word_pairs.h),
  // whose matches then count on their own; otherwise a function word counts
  // only beside a match of another word.
  bool only_function_words() const { return only_function_words_; }
  // Whether the query asks for words side by side in the text (a phrase
  // outside any field, QueryWord::together): the snippet then looks on for
  // them together rather than settling for a lone word of them.
  bool wants_adjacent() const { return wants_adjacent_; }

 private:
  mutable std::unordered_map<std::string, bool> seen_;
  std::unordered_set<std::string> keys_;
  std::unordered_set<std::string> stems_;
  std::unordered_set<std::string> unmarked_;
  std::vector<std::string> word_starts_;   // of wildcard words
  std::vector<Xapian::Stem> stemmers_;
  std::vector<std::string> stemmer_names_;   // their descriptions: keys of the stem memo
  // First bytes of the query stems: most Snowball stemmers strip and rewrite
  // suffixes only, so a word whose first byte is not among these cannot stem
  // to a query stem and is not stemmed at all (most words of a text). With a
  // stemmer that also takes prefixes off (Arabic, Irish, Indonesian), every
  // byte.
  std::array<bool, 256> stem_first_byte_{};
  // First bytes of query words, stems and wildcard starts: a word starting
  // otherwise matches nothing.
  std::array<bool, 256> first_byte_{};
  std::string ascii_first_bytes_;   // of first_byte_
  bool only_function_words_ = false;
  bool wants_adjacent_ = false;
  // The same for the first two bytes of a word (the second 0 for a word of
  // one byte), a bit each: most words that pass first_byte_ fail here. Empty
  // with a stemmer that takes prefixes off.
  std::vector<std::uint64_t> first_pairs_;
};

// The words of `text` a query matched, as a snippet marks them (a function
// word only beside another match, unless the query has only function words):
// in text order. For marking a whole text (a document page opened from a
// search); the text is read whole. With `loose` (a highlighter of the query's
// words that need not stand beside others: all but a phrase's), a word only
// `highlighter` matches (a phrase's) is marked only in a run of adjacent
// matches holding a word other than a function word: "free world", not a lone
// "free".
std::vector<Word> matched_words(std::string_view text, const Highlighter& highlighter,
                                const Highlighter* loose = nullptr);

// The value of the text slot (index_terms::kTextSlot) for a record's snippet
// text, by the steps of the snippet scan (make_snippet: about the first
// 1 KiB, then to 4, 16 and 64 KiB, then the rest): the first 4 KiB as they
// are, which most hits need and read without decompressing, then each
// further step as its own zstd frame (util/compression.h), read only by hits
// whose match lies deeper.
std::string encode_snippet_text(std::string_view text);

// The whole snippet text of a text slot value: frames made by
// encode_snippet_text, or plain text (indexes written before the text was
// compressed). "" when a frame is damaged.
std::string decode_snippet_text(std::string_view slot);

// A snippet's source text, decoded a step of the scan at a time.
class SnippetText {
 public:
  // Plain text, viewed (it must outlive this).
  static SnippetText plain(std::string_view text);
  // A text slot value (see decode_snippet_text), owned.
  static SnippetText from_slot(std::string slot);

  // The text decoded so far: the first steps.
  std::string_view decoded() const;
  // Appends the next step to decoded(); false when every step is decoded, or
  // when the next frame is damaged (the text then ends there, damaged()).
  bool extend();
  // True when the text has a byte other than ASCII whitespace at or after
  // `pos`, decoding further steps as needed.
  bool has_text_after(std::size_t pos);
  bool damaged() const { return damaged_; }

 private:
  SnippetText() = default;
  std::string owned_;          // the slot value (frames or plain text)
  std::string_view plain_;     // plain text not owned
  bool frames_ = false;
  bool owns_plain_ = false;
  bool damaged_ = false;
  std::size_t plain_head_ = 0; // frames: the plain first step before them
  std::size_t consumed_ = 0;   // plain: bytes decoded; frames: bytes of owned_ read
  std::string decoded_;        // frames: the text of the frames read
  std::array<std::size_t, 5> ends_{};   // where the steps of the plain text (or head) end
};

// The extract of `text` (at most about `max_words` words) with the most
// matching words, escaped, matches marked, "…" where text was left out.
// The extract is chosen from the first 1 KiB of the text when it has a
// match, else from the first 4 KiB, 16 KiB or 64 KiB, the first that has one.
// When the query wants words side by side (Highlighter::wants_adjacent), a
// step must have two matches side by side, and a match beside another counts
// twice in choosing the extract: "free world" is shown where the text has it,
// not by an earlier "free trade".
// A function word of the query ("of", "the": word_pairs.h) counts and is
// marked only in a run of adjacent matches holding another word ("Secretary
// of State"), unless only function words matched. Without matches: the
// beginning of the text.
std::string make_snippet(std::string_view text, const Highlighter& highlighter, std::size_t max_words = 30);
// The same from text decoded as the scan goes (a hit's text slot). With
// `whole_text`, the extract is chosen from all of the text's first 64 KiB
// however early a match is, at the cost of reading it all: for a few long
// texts (a volume's preface), where the first match may be a lone word of a
// phrase that stands together further on.
std::string make_snippet(SnippetText& text, const Highlighter& highlighter, std::size_t max_words = 30,
                         bool whole_text = false);

// The vector instructions the snippet scan reads text with: by default the
// widest this CPU has. All find the same words.
enum class SnippetScan : std::uint8_t { sse2, avx2, avx512 };
// Keeps the snippet scan to `widest` at most and returns what it will use on
// this CPU. For tests and benchmarks that compare the scans.
SnippetScan limit_snippet_scan(SnippetScan widest);

// Whether a snippet marks a match (make_snippet escapes the text, so only its
// own marks read "<mark>").
bool snippet_has_match(std::string_view snippet);

// A record's note as the notes slot (index_terms::kNotesSlot) keeps it.
struct SnippetNote {
  std::string number;    // Note::number ("3", "*")
  bool source = false;   // a FRUS source note
  std::string text;
};

// The notes slot's value: the notes in order, as one text encoded as the text
// slot's is (encode_snippet_text), at most `max_bytes` of it in all (the last
// note kept cut at a character boundary, the later ones left out).
std::string encode_snippet_notes(const std::vector<SnippetNote>& notes, std::size_t max_bytes);
// The notes of a notes slot's value, in order; empty when it is damaged.
std::vector<SnippetNote> decode_snippet_notes(std::string_view slot);

// A snippet taken from a record's notes: the note whose snippet marks the most
// words (the first of equals), its position among the notes (1, 2, ...) and
// the snippet.
struct NoteSnippet {
  std::size_t position = 0;
  SnippetNote note;
  std::string snippet;
};
// nullopt when no note has a match (or the highlighter has no words).
std::optional<NoteSnippet> note_snippet(std::string_view notes_slot, const Highlighter& highlighter,
                                        std::size_t max_words = 30);

}  // namespace chancery
