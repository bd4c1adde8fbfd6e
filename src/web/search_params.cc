#include "web/search_params.h"

#include <algorithm>
#include <charconv>

#include "model/date.h"

namespace chancery::web {
std::optional<int> parse_int(const std::string& text, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
  return value;
}

namespace {

bool is_known_facet(const std::string& name) {
  return std::any_of(std::begin(kFacetNames), std::end(kFacetNames), [&](const char* f) { return name == f; });
}

bool is_date(const std::string& text) {
  auto span = parse_query_date_range(text);
  return span.has_value() && text.find("..") == std::string::npos;
}

}  // namespace

bool SearchParams::has_filter(const std::string& name, const std::string& value) const {
  return std::find(filters.begin(), filters.end(), std::pair{name, value}) != filters.end();
}

Result<SearchParams> parse_search_params(const HttpRequest& request, int default_limit) {
  SearchParams params;
  params.q = request.param("q");
  if (params.q.size() > kMaxQueryBytes) return fail(ErrorCode::kInvalidInput, query_too_long_message());
  params.limit = default_limit;
  if (request.has_param("limit")) {
    auto limit = parse_int(request.param("limit"), 1, kMaxLimit);
    if (!limit) return fail(ErrorCode::kInvalidInput, "limit must be a number from 1 to 100.");
    params.limit = *limit;
  }
  if (request.has_param("offset")) {
    auto offset = parse_int(request.param("offset"), 0, kMaxOffset);
    if (!offset) return fail(ErrorCode::kInvalidInput, "offset must be a number from 0 to 10000.");
    params.offset = *offset;
  } else if (request.has_param("page") && !request.param("page").empty()) {
    auto page = parse_int(request.param("page"), 1, kMaxOffset / params.limit + 1);
    if (!page) return fail(ErrorCode::kInvalidInput, "page must be a positive number within the result pages.");
    params.offset = (*page - 1) * params.limit;
  }
  if (request.has_param("sort") && !request.param("sort").empty()) {
    params.sort = request.param("sort");
    if (params.sort != "relevance" && params.sort != "date" && params.sort != "-date") {
      return fail(ErrorCode::kInvalidInput, "sort must be relevance, date or -date.");
    }
  }
  for (const std::string& filter : request.params("f")) {
    std::size_t colon = filter.find(':');
    if (colon == std::string::npos || colon + 1 == filter.size()) {
      return fail(ErrorCode::kInvalidInput, "A filter must look like f=facet:value, e.g. f=year:1956.");
    }
    std::string name = filter.substr(0, colon);
    if (!is_known_facet(name)) return fail(ErrorCode::kInvalidInput, "Unknown filter facet '" + name + "'.");
    std::pair<std::string, std::string> entry{name, filter.substr(colon + 1)};
    if (std::find(params.filters.begin(), params.filters.end(), entry) == params.filters.end()) {
      params.filters.push_back(std::move(entry));
    }
  }
  params.from = request.param("from");
  params.to = request.param("to");
  if (!params.from.empty() && !is_date(params.from)) {
    return fail(ErrorCode::kInvalidInput, "from must be a date: 1956, 1956-11 or 1956-11-03.");
  }
  if (!params.to.empty() && !is_date(params.to)) {
    return fail(ErrorCode::kInvalidInput, "to must be a date: 1956, 1956-11 or 1956-11-03.");
  }
  return params;
}

SearchRequest to_search_request(const SearchParams& params) {
  SearchRequest request;
  request.query = params.q;
  if (!params.from.empty() || !params.to.empty()) {
    std::string range = "date:" + params.from + ".." + params.to;
    request.query = request.query.empty() ? range : "(" + request.query + ") " + range;
  }
  request.offset = params.offset;
  request.limit = params.limit;
  request.sort = params.sort == "date"    ? SortOrder::kDateAscending
                 : params.sort == "-date" ? SortOrder::kDateDescending
                                          : SortOrder::kRelevance;
  request.filters = params.filters;
  return request;
}

QueryParams to_query(const SearchParams& params, bool with_position) {
  QueryParams query;
  if (!params.q.empty()) query.emplace_back("q", params.q);
  for (const auto& [name, value] : params.filters) query.emplace_back("f", name + ":" + value);
  if (!params.from.empty()) query.emplace_back("from", params.from);
  if (!params.to.empty()) query.emplace_back("to", params.to);
  if (params.sort != "relevance") query.emplace_back("sort", params.sort);
  if (with_position && params.offset > 0) query.emplace_back("page", std::to_string(params.page()));
  return query;
}

}  // namespace chancery::web
