// A query the parser refuses, mended the way its writer most likely meant it,
// to offer as "Search for ... instead": a quotation mark left open is closed
// at the end, an unmatched ')' dropped and a missing one added, an empty
// group dropped, AND, OR and NOT with nothing to join dropped ("nagy OR",
// "AND nagy", "nagy AND AND budapest"), a wildcard at the start or inside a
// word dropped ("*agy", "na*gy"), a field with no value dropped ("title:"),
// a date range written backwards turned round ("date:1957..1956"), a date
// written in words quoted ("date:October 1962" -> date:"October 1962").
// It reads the query as the parser's lexer does (query_parser.h) but knows no
// more of its grammar: the caller runs what it gives to see whether it holds.
// Bounded: a query longer than the parser reads (4 KiB) is not mended.
#pragma once

#include <string>
#include <string_view>

namespace chancery {

// The mended query; "" when nothing above applies or nothing would be left.
std::string repair_query(std::string_view query);

}  // namespace chancery
