// A query that writes a date the way historians do: "October 27, 1962",
// "Khrushchev October 1962", "27 Oct. 1962 Cuba", "Cuba 1962-10-27",
// "Berlin August 13-20, 1961". Searched as words, the date finds every record
// whose text has those words (an editorial note recalling "October 27, 1962"
// as readily as the telegrams of the day), and an ISO date none; read as a
// date it is a search of the records dated then with the query's other words
// (Khrushchev date:1962-10), which the reading room offers beside the
// results. A pure function of the query, bounded and fuzzed with the parser;
// the caller runs what it gives to see whether it finds anything.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chancery {

struct DatedReading {
  std::string query;    // in the query language: Khrushchev date:1962-10
  std::string written;  // the date as the query wrote it: "October 1962"
  std::string range;    // as date: takes it: "1962-10", "1961-08-13..1961-08-20"
  bool operator==(const DatedReading&) const = default;
};

// The query with its written date read as a date: the query's other words
// and phrases as written, then date:RANGE. nullopt when it writes no date of
// a month or a day (a year alone, "1962", is a word historians also search
// for as one, and "ca. 1962" says no date), uses the query language (a
// field, an operator, a bracket, a wildcard), or is longer than
// kMaxDatedQueryBytes. The first date written is read, its longest form:
// "October 27, 1962", "27 October 1962", "Oct. 27 1962", "October 1962",
// "1962-10-27", "1962-10", "October 16-28, 1962", "1956-11..1957" and what
// else model/date.h parse_date() reads in at most five words.
inline constexpr std::size_t kMaxDatedQueryBytes = 200;
std::optional<DatedReading> read_as_dated(std::string_view query);

// What a reading asks for, in words: "Documents dated October 27, 1962".
// Plain text (the caller escapes it).
std::string dated_label(const DatedReading& reading);

}  // namespace chancery
