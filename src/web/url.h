// URL pieces: percent-decoding, query strings and safe static paths.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace chancery::web {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX escapes (and '+' as space when `plus_is_space`). Fails with
// kInvalidInput on a truncated or non-hex escape or a decoded NUL byte.
Result<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Encodes everything except unreserved characters (RFC 3986); with
// `keep_slash`, '/' stays as is (for path segments such as record ids).
std::string percent_encode(std::string_view text, bool keep_slash = false);
// The same, appended to `out` (no string of its own: a page builds hundreds
// of links).
void append_percent_encoded(std::string& out, std::string_view text, bool keep_slash = false);

// Parses "a=1&b=x+y&a=2" into decoded pairs, in order. Empty pieces are skipped.
Result<QueryParams> parse_query_string(std::string_view query);

// Builds "a=1&b=x%20y" (no leading '?').
std::string build_query_string(const QueryParams& params);

// Splits a request target into decoded path and query parameters.
// Fails with kInvalidInput when the target does not start with '/' or has bad escapes.
struct ParsedTarget {
  std::string path;
  QueryParams query;
};
Result<ParsedTarget> parse_target(std::string_view target);

// Turns a decoded URL path below a static root ("css/style.css") into a safe
// relative path: nullopt when it is empty or has an empty, ".", ".." segment,
// a backslash, a NUL or a leading '/'. The result never leaves the root.
std::optional<std::string> safe_relative_path(std::string_view path);

}  // namespace chancery::web
