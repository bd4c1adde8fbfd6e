// Queries that name a record or a collection rather than search for words:
// a pasted address (an id, or a URL whose path ends with one) and a citation
// of a Foreign Relations of the United States document or volume in the forms
// historians write ("FRUS, 1961–1963, vol. V, doc. 45"). The query parser
// (query_parser.h) searches the first id they give that the index holds as
// that record alone, or a collection's as its records; both are pure
// functions of the query, bounded, and fuzzed with the parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chancery {

// The record ids a query that is one address could name, the longest first,
// at most kMaxAddressedIds: a URL's path and each of its tails
// ("https://history.state.gov/historicaldocuments/frus1961-63v05/d45?x=1" ->
// "historicaldocuments/frus1961-63v05/d45", "frus1961-63v05/d45", "d45"), or a
// word with a slash and its tails ("frus1961-63v05/d45", "d45"), or a word of
// letters and digits ("frus1961-63v05"). Empty for anything else: several
// words, a field, a quotation mark, a bracket or a wildcard, a word of letters
// or digits alone ("Nagy", "1956", "117079", which the text search finds).
inline constexpr std::size_t kMaxAddressedIds = 8;
std::vector<std::string_view> addressed_ids(std::string_view query);

// The ids of the FRUS document or volume a citation names, most likely first,
// at most kMaxCitedIds; empty when the query is no such citation. The citation
// names the series ("FRUS", "Foreign Relations of the United States"), then
// its years (1961–1963, 1961-63, 1948), a volume (vol. V, Volume 5, v05, XXV
// alone after the years, E-14 of the electronic volumes), optionally a part
// (pt. 1, Part 2) and a document (doc. 45, Document 45, d45, no. 45); other
// words (the volume's subject) are passed over:
//   "FRUS, 1961–1963, vol. V, doc. 45"  -> frus1961-63v05/d45
//   "FRUS 1955-57 XXV 138"              -> frus1955-57v25/d138
//   "FRUS 1969–1976, Volume E–14, Part 1, Document 3" -> frus1969-76ve14p1/d3
// A volume cited without its part may be in parts: the ids of parts 1 to 3
// follow the one without ("frus1948v01/d5", "frus1948v01p1/d5", ...).
inline constexpr std::size_t kMaxCitedIds = 4;
inline constexpr std::size_t kMaxCitationBytes = 400;
std::vector<std::string> cited_ids(std::string_view query);

}  // namespace chancery
