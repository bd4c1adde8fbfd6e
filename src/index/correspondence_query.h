// A query written the way historians ask for correspondence: "Kennedy to
// Khrushchev", "letters from Khrushchev to Kennedy", "Kennedy's reply to
// Khrushchev on Berlin", "telegrams from Thompson", "correspondence between
// Rusk and Dobrynin". Searched as words, such a query finds every record that
// names both (a memorandum of conversation first); read as correspondence it
// is a search of who sent and who received (sender:Kennedy
// recipient:Khrushchev), which the reading room offers beside the results.
// A pure function of the query, bounded and fuzzed with the parser; the
// caller runs what it gives to see whether it finds anything.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chancery {

struct CorrespondenceReading {
  std::string query;       // in the query language: sender:Kennedy recipient:Khrushchev
  std::string from;        // as the query wrote the sender, honorifics passed over ("Kennedy"); "" for none
  std::string to;          // the recipient likewise; "" for none
  bool both_ways = false;  // "between A and B": either sent to the other
  std::string kind;        // a document type the query asked for ("telegram"), "" for any
  // "telegrams from Moscow": the sender read as the place the documents were
  // written at (place:Moscow), `from` naming it.
  bool written_at = false;
  // A date written after the sides, read as one (dated_query.h): "October
  // 1962" of "Kennedy to Khrushchev October 1962", searched as date:1962-10.
  std::string dated;
  bool operator==(const CorrespondenceReading&) const = default;
};

// The readings of `query` as correspondence, the closest first (the sides as
// written, then a personal name's family name alone, which is what most
// sender and recipient fields give: "from John Kennedy" -> sender:Kennedy;
// with the document type asked for, then without),
// at most kMaxCorrespondenceReadings. Empty when the query is no such request:
// it uses the query language (a field, an operator, a bracket, a wildcard), is
// longer than kMaxCorrespondenceQueryBytes, or has no sender or recipient.
// The forms, with any of "letter(s)", "message(s)", "reply", "telegram(s)",
// "memorandum" ... anywhere and a leading "the" or honorific ("President",
// "Chairman", "Ambassador") on a side passed over:
//   [from] A to B          -> sender:A recipient:B
//   A's ... to B           -> sender:A recipient:B
//   ... from A, ... to B   -> sender:A, recipient:B (the other form needs a
//                             document word: "letters to Khrushchev")
//   between A and B        -> either way
//   A-B, A and B           -> either way, with a document word ("the
//                             Kennedy-Khrushchev letters"; a dash, an en or
//                             em dash or a slash joins the names)
// and a subject after the recipient ("on Berlin", "about Cuba", "concerning")
// kept as words to search, a date written in it read as a date ("Kennedy to
// Khrushchev October 1962" -> sender:Kennedy recipient:Khrushchev date:1962-10). A side is at most six words, each of letters
// (hyphens, apostrophes, full stops within); one word is searched bare
// (sender:Kennedy), several quoted (sender:"Embassy in the Soviet Union").
// Telegrams, memoranda, airgrams and despatches are asked for as their type
// (type:telegram), then as any document (a telegram may be filed as a
// message); letters, messages and replies as any document.
// A sender alone, without a recipient, of one to three capitalised words
// ("telegrams from Moscow", "from New York") is first read as where the
// documents were written (place:Moscow), then as the sender: a field
// naming the place ("Embassy in Moscow") is rarer than the dateline.
inline constexpr std::size_t kMaxCorrespondenceReadings = 6;
inline constexpr std::size_t kMaxCorrespondenceQueryBytes = 200;
std::vector<CorrespondenceReading> read_as_correspondence(std::string_view query);

// What a reading asks for, in words: "Documents from Kennedy to Khrushchev",
// "Telegrams to Rusk", "Memoranda from Bundy", "Documents between Rusk and
// Dobrynin, either way", "Telegrams written at Moscow". Plain text (the
// caller escapes it).
std::string correspondence_label(const CorrespondenceReading& reading);

}  // namespace chancery
