// The search parameters shared by /search and /api/v1/search:
// q, page (or offset/limit), sort, f=facet:value (repeatable), from, to.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "index/index.h"
#include "util/error.h"
#include "web/http_types.h"
#include "web/url.h"

namespace chancery::web {

// Facets a filter may name (f=year:1956).
inline constexpr const char* kFacetNames[] = {"year",       "decade",  "language", "type",
                                              "collection", "archive", "person",   "place", "pages"};

struct SearchParams {
  std::string q;
  std::string sort = "relevance";  // "relevance" | "date" | "-date"
  std::vector<std::pair<std::string, std::string>> filters;  // {"year","1956"}, in request order
  std::string from;                // "1956", "1956-11", "1956-11-03"; "" = open
  std::string to;
  int offset = 0;
  int limit = 20;

  int page() const { return offset / limit + 1; }
  bool empty() const { return q.empty() && filters.empty() && from.empty() && to.empty(); }
  bool has_filter(const std::string& name, const std::string& value) const;
};

// A whole number written in decimal digits within [min, max], or nullopt.
std::optional<int> parse_int(const std::string& text, int min, int max);

inline constexpr int kMaxOffset = 10000;
inline constexpr int kMaxLimit = 100;
// The longest query text, in bytes: a search's, and a document page's ?q=.
inline constexpr std::size_t kMaxQueryBytes = 1000;
// What a reader is told of a longer one.
inline std::string query_too_long_message() {
  return "The query is too long (at most " + std::to_string(kMaxQueryBytes) + " characters).";
}
// The most records a citation export of a search gives (/export/search.ris).
inline constexpr int kMaxExport = 1000;

// Reads the parameters. `page` (1-based) or `offset` position the results;
// `limit` is honoured up to kMaxLimit. Fails with kInvalidInput (saying which
// parameter is wrong) for a non-numeric or out-of-range page/offset/limit, an
// unknown sort, a filter that is not "facet:value" with a known facet, or a
// from/to that is not a date.
Result<SearchParams> parse_search_params(const HttpRequest& request, int default_limit);

// The index request: the query with the date range as "date:FROM..TO".
SearchRequest to_search_request(const SearchParams& params);

// The parameters as a query string, for links: page and filters as given.
// `offset` < 0 leaves the position out.
QueryParams to_query(const SearchParams& params, bool with_position);

}  // namespace chancery::web
