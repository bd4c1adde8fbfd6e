#include "archive/mended_search.h"

#include <utility>

#include "archive/archive.h"
#include "index/query_repair.h"

namespace chancery {

std::optional<MendedQuery> mended_search(Archive& archive, std::string_view query,
                                         const std::function<SearchRequest(const std::string& query)>& request_for) {
  std::string mended = repair_query(query);
  if (mended.empty()) return std::nullopt;
  SearchRequest request = request_for(mended);
  request.offset = 0;
  request.limit = 1;
  request.want_facets = false;
  request.want_snippets = false;
  auto results = archive.search(request);
  if (!results || results->total == 0) return std::nullopt;   // nothing worth offering
  return MendedQuery{std::move(mended), results->total, results->total_exact};
}

}  // namespace chancery
