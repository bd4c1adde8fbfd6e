// A search the query language refused, run again with its query mended
// (index/query_repair.h) and everything else as asked: what the reading room,
// the API and the command line offer as "Search for ... instead".
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "index/correspondence_query.h"
#include "index/dated_query.h"
#include "index/index.h"

namespace chancery {

class Archive;

struct MendedQuery {
  std::string query;
  std::int64_t total = 0;
  bool exact = true;
};

// The mended `query` and how many records the search `request_for(mended)`
// finds (one hit is read, no facets or snippets): `request_for` puts the
// query back among the refused search's filters and dates, as its caller
// made them from the query. nullopt when nothing could be mended, or the
// mended query is refused too or finds nothing.
std::optional<MendedQuery> mended_search(Archive& archive, std::string_view query,
                                         const std::function<SearchRequest(const std::string& query)>& request_for);

// A query read as a request for correspondence (index/correspondence_query.h)
// and how many records the reading finds, as mended_search() counts them: the
// first reading that finds any. nullopt when the query is no such request or
// no reading finds anything. Offered beside the query's own results ("Kennedy
// to Khrushchev": "Documents from Kennedy to Khrushchev: sender:Kennedy
// recipient:Khrushchev (33)").
struct CorrespondenceOffer {
  CorrespondenceReading reading;
  std::int64_t total = 0;
  bool exact = true;
};
std::optional<CorrespondenceOffer> correspondence_search(
    Archive& archive, std::string_view query, const std::function<SearchRequest(const std::string& query)>& request_for);

// A query whose written date is read as a date (index/dated_query.h) and how
// many records the reading finds, as mended_search() counts them. nullopt when
// the query writes no date or the reading finds nothing. Offered beside the
// query's own results ("Khrushchev October 1962": "Documents dated October
// 1962: Khrushchev date:1962-10 (41)").
struct DatedOffer {
  DatedReading reading;
  std::int64_t total = 0;
  bool exact = true;
};
std::optional<DatedOffer> dated_search(Archive& archive, std::string_view query,
                                       const std::function<SearchRequest(const std::string& query)>& request_for);

}  // namespace chancery
