#include "archive/mended_search.h"

#include <utility>

#include "archive/archive.h"
#include "index/query_repair.h"

namespace chancery {

namespace {

// How many records `request` finds (one hit read, nothing else made).
Result<SearchResults> count(Archive& archive, SearchRequest request) {
  request.offset = 0;
  request.limit = 1;
  request.want_facets = false;
  request.want_snippets = false;
  return archive.search(request);
}

}  // namespace

std::optional<MendedQuery> mended_search(Archive& archive, std::string_view query,
                                         const std::function<SearchRequest(const std::string& query)>& request_for) {
  std::string mended = repair_query(query);
  if (mended.empty()) return std::nullopt;
  auto results = count(archive, request_for(mended));
  if (!results || results->total == 0) return std::nullopt;   // nothing worth offering
  return MendedQuery{std::move(mended), results->total, results->total_exact};
}

std::optional<CorrespondenceOffer> correspondence_search(
    Archive& archive, std::string_view query, const std::function<SearchRequest(const std::string& query)>& request_for) {
  for (CorrespondenceReading& reading : read_as_correspondence(query)) {
    auto results = count(archive, request_for(reading.query));
    if (!results || results->total == 0) continue;
    return CorrespondenceOffer{std::move(reading), results->total, results->total_exact};
  }
  return std::nullopt;
}

std::optional<DatedOffer> dated_search(Archive& archive, std::string_view query,
                                       const std::function<SearchRequest(const std::string& query)>& request_for) {
  std::optional<DatedReading> reading = read_as_dated(query);
  if (!reading) return std::nullopt;
  auto results = count(archive, request_for(reading->query));
  if (!results || results->total == 0) return std::nullopt;
  return DatedOffer{std::move(*reading), results->total, results->total_exact};
}

}  // namespace chancery
