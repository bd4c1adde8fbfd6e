// /timeline: documents per year, per month within a year, and the documents
// of one month.
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "archive/archive.h"
#include "web/archive_queries.h"
#include "web/handlers.h"
#include "web/responses.h"
#include "web/search_params.h"
#include "web/search_view.h"
#include "web/site.h"
#include "web/views.h"

namespace chancery::web {
namespace {

constexpr std::array<const char*, 12> kMonthNames = {"January", "February", "March",     "April",
                                                     "May",     "June",     "July",      "August",
                                                     "September", "October", "November", "December"};

std::string year_url(int year) { return fmt::format("/timeline?year={}", year); }

}  // namespace

HttpResponse handle_timeline(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  std::optional<int> year;
  std::optional<int> month;
  if (request.has_param("year")) {
    year = parse_int(request.param("year"), 1, 9999);
    if (!year) return error_page(context.site, 400, "year must be a number from 1 to 9999.");
  }
  if (request.has_param("month")) {
    month = parse_int(request.param("month"), 1, 12);
    if (!month || !year) return error_page(context.site, 400, "month must be a number from 1 to 12, with a year.");
  }

  TemplateData d;
  std::vector<FacetValue> years = overview_facet(archive, "year");
  if (!year) {
    std::string decade = request.param("decade");
    TemplateList groups;
    std::string current_decade;
    TemplateList current_years;
    std::int64_t largest = 1;   // the bars' scale: the busiest year shown
    for (const FacetValue& value : years) largest = std::max(largest, value.count);
    auto flush = [&] {
      if (current_years.empty()) return;
      TemplateData group;
      group.set("decade", current_decade + "0s");
      group.set("years", TemplateData(current_years));
      groups.push_back(group);
      current_years = TemplateList{};
    };
    for (const FacetValue& value : years) {
      if (value.value.size() < 4) continue;
      std::string this_decade = value.value.substr(0, value.value.size() - 1);
      if (!decade.empty() && !decade.starts_with(this_decade)) continue;
      if (this_decade != current_decade) {
        flush();
        current_decade = this_decade;
      }
      TemplateData item;
      item.set("year", value.value);
      item.set("count", grouped(value.count));
      item.set("percent", std::to_string(value.count * 100 / largest));
      item.set("url", "/timeline?year=" + value.value);
      current_years.push_back(item);
    }
    flush();
    if (!groups.empty()) d.set("decades", TemplateData(groups));
    d.set("page_title", std::string("Timeline"));
    d.set("overview", true);
    return render_page(context.site, "timeline", std::move(d));
  }

  d.set("year", std::to_string(*year));
  d.set("page_title", fmt::format("Timeline: {}", *year));
  // Neighbouring years that have documents.
  std::optional<int> previous_year, next_year;
  for (const FacetValue& value : years) {
    auto y = parse_int(value.value, 1, 9999);
    if (!y) continue;
    if (*y < *year) previous_year = *y;
    if (*y > *year && !next_year) next_year = *y;
  }
  if (previous_year) {
    d.set("previous_year", std::to_string(*previous_year));
    d.set("previous_year_url", year_url(*previous_year));
  }
  if (next_year) {
    d.set("next_year", std::to_string(*next_year));
    d.set("next_year_url", year_url(*next_year));
  }
  TemplateList months;
  std::int64_t largest = 1;
  std::array<std::int64_t, 12> counts{};
  for (int m = 1; m <= 12; ++m) {
    counts[m - 1] = count_in_range(archive, fmt::format("{:04}-{:02}", *year, m));
    largest = std::max(largest, counts[m - 1]);
  }
  for (int m = 1; m <= 12; ++m) {
    TemplateData item;
    item.set("name", kMonthNames[m - 1]);
    item.set("count", grouped(counts[m - 1]));
    item.set("percent", std::to_string(counts[m - 1] * 100 / largest));
    set_optional(item, "url", counts[m - 1] > 0 ? fmt::format("/timeline?year={}&month={}#documents", *year, m)
                                                : std::string{});
    item.set("current", month && *month == m);
    months.push_back(item);
  }
  d.set("months", TemplateData(months));

  if (month) {
    SearchParams params;
    params.limit = 50;
    params.sort = "date";
    if (request.has_param("page")) {
      auto page = parse_int(request.param("page"), 1, kMaxOffset / params.limit + 1);
      if (!page) return error_page(context.site, 400, "page must be a positive number within the result pages.");
      params.offset = (*page - 1) * params.limit;
    }
    SearchRequest search = to_search_request(params);
    search.query = fmt::format("date:{:04}-{:02}", *year, *month);
    search.want_facets = false;
    search.want_snippets = false;
    auto results = archive.search(search);
    if (!results) return error_page(context.site, status_for(results.error()), results.error().message);
    TemplateList hits;
    const std::vector<CollectionTrail> trails = record_trails(context.site, *context.archive, results->hits);
    for (std::size_t i = 0; i < results->hits.size(); ++i) hits.push_back(hit_view(results->hits[i], trails[i]));
    d.set("month_name", fmt::format("{} {}", kMonthNames[*month - 1], *year));
    d.set("hits", TemplateData(hits));
    d.set("total", documents_count(results->total));
    int y = *year;
    int mo = *month;
    d.set("pagination", pagination_view(params.page(), params.limit, results->total, [y, mo](std::int64_t page) {
      return fmt::format("/timeline?year={}&month={}&page={}#documents", y, mo, page);
    }));
  }
  return render_page(context.site, "timeline", std::move(d));
}

}  // namespace chancery::web
