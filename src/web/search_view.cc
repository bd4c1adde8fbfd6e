#include "web/search_view.h"

#include <algorithm>

#include "web/url.h"
#include "web/views.h"

namespace chancery::web {
namespace {

const char* facet_label(const std::string& name) {
  if (name == "year") return "Year";
  if (name == "decade") return "Decade";
  if (name == "language") return "Language";
  if (name == "type") return "Type";
  if (name == "collection") return "Collection";
  if (name == "archive") return "Archive";
  if (name == "person") return "People";
  if (name == "place") return "Places";
  if (name == "pages") return "Pages";
  return "Other";
}

void set_form_fields(TemplateData& d, const SearchParams& params) {
  d.set("q", params.q);
  d.set("has_q", !params.q.empty());
  d.set("from", params.from);
  d.set("to", params.to);
  set_optional(d, "sort_param", params.sort == "relevance" ? std::string{} : params.sort);
  // Filters travel with the form as hidden inputs.
  TemplateList hidden;
  hidden.reserve(params.filters.size());
  for (const auto& [name, value] : params.filters) {
    TemplateData f;
    put(f, "value", name + ":" + value);
    hidden.push_back(std::move(f));
  }
  put_list(d, "hidden_filters", std::move(hidden));
  d.set("page_title", params.q.empty() ? std::string("Search") : "Search: " + params.q);
}

SearchParams first_page(SearchParams params) {
  params.offset = 0;
  return params;
}

}  // namespace

std::string search_url(const SearchParams& params) {
  std::string query = build_query_string(to_query(params, true));
  return query.empty() ? "/search" : "/search?" + query;
}

std::string search_export_url(const SearchParams& params, std::string_view extension) {
  // The position is left out: an export starts at the first result.
  std::string query = build_query_string(to_query(params, false));
  return "/export/search." + std::string(extension) + (query.empty() ? "" : "?" + query);
}

namespace {

// search_url() of the first page of `params` with one more filter, for every
// value of every facet of a page (160 links): the query string's parts before
// and after the new filter are encoded once, not once a link.
class AddedFilterUrls {
 public:
  explicit AddedFilterUrls(const SearchParams& params) {
    SearchParams before;   // the query and the filters it has
    before.q = params.q;
    before.filters = params.filters;
    head_ = build_query_string(to_query(before, false));
    SearchParams after;   // the dates and the order
    after.from = params.from;
    after.to = params.to;
    after.sort = params.sort;
    tail_ = build_query_string(to_query(after, false));
  }
  std::string url(const std::string& name, const std::string& value) const {
    std::string out;
    out.reserve(16 + head_.size() + tail_.size() + 2 * (name.size() + value.size()));
    out += "/search?";
    out += head_;
    if (!head_.empty()) out += '&';
    out += "f=";   // build_query_string({{"f", name + ":" + value}}), without the strings
    append_percent_encoded(out, name);
    append_percent_encoded(out, ":");
    append_percent_encoded(out, value);
    if (!tail_.empty()) {
      out += '&';
      out += tail_;
    }
    return out;
  }

 private:
  std::string head_;
  std::string tail_;
};

}  // namespace

TemplateData pagination_view(int current, int page_size, std::int64_t total,
                             const std::function<std::string(std::int64_t)>& url_for_page, std::int64_t max_offset) {
  TemplateData d;
  std::int64_t reachable = std::min<std::int64_t>(total, max_offset + page_size);
  std::int64_t pages = (reachable + page_size - 1) / page_size;
  if (pages <= 1 && current <= 1) return d;
  // A page past the last (an old link, results that shrank) shows the
  // window of the last pages, none of them current, and "previous" to the last.
  const std::int64_t anchor = std::clamp<std::int64_t>(current, 1, std::max<std::int64_t>(pages, 1));
  const std::int64_t last = std::min<std::int64_t>(pages, std::max<std::int64_t>(1, anchor - 4) + 8);
  const std::int64_t first = std::max<std::int64_t>(1, std::min<std::int64_t>(anchor - 4, last - 8));
  TemplateList items;
  items.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, last - first + 1)));
  for (std::int64_t page = first; page <= last; ++page) {
    TemplateData item;
    put(item, "number", std::to_string(page));
    put(item, "url", url_for_page(page));
    item.set("current", page == current);
    items.push_back(std::move(item));
  }
  put_list(d, "pages", std::move(items));
  if (current > pages) {
    // Said above the links (_pagination.mustache): the list ends sooner.
    d.set("past_end", true);
    d.set("page", std::to_string(current));
    d.set("last_page", std::to_string(pages));
    d.set("last_page_url", url_for_page(pages));
  }
  if (current > 1 && pages >= 1) d.set("previous_url", url_for_page(std::min<std::int64_t>(current - 1, pages)));
  if (current < pages) d.set("next_url", url_for_page(current + 1));
  d.set("has_pages", true);
  return d;
}

TemplateData search_form_view(const SearchParams& params, const std::string& error) {
  TemplateData d;
  set_form_fields(d, params);
  if (!error.empty()) d.set("error", error);
  d.set("show_help", true);
  return d;
}

TemplateData search_view(const SearchParams& params, const SearchResults& results,
                         const std::vector<CollectionTrail>& trails,
                         const std::unordered_map<std::string, std::string>& collection_labels) {
  auto shown_value = [&collection_labels](const std::string& facet, const std::string& value) -> const std::string& {
    if (facet != "collection") return value;
    auto label = collection_labels.find(value);
    return label == collection_labels.end() ? value : label->second;
  };
  TemplateData d;
  set_form_fields(d, params);
  d.set("searched", true);
  d.set("total", std::to_string(results.total));
  d.set("total_shown", documents_count(results.total));
  if (!results.total_exact) d.set("total_approximate", true);
  if (!results.hits.empty()) {
    d.set("first", grouped(params.offset + 1));
    d.set("last", grouped(params.offset + static_cast<std::int64_t>(results.hits.size())));
  }
  TemplateList hits;
  hits.reserve(results.hits.size());
  for (std::size_t i = 0; i < results.hits.size(); ++i) {
    TemplateData hit = i < trails.size() ? hit_view(results.hits[i], trails[i]) : hit_view(results.hits[i]);
    // The document opens with the query's words marked (an address has none).
    if (!params.q.empty() && results.addressed.empty()) put(hit, "url", document_path(results.hits[i].id) + "?q=" + percent_encode(params.q));
    hits.push_back(std::move(hit));
  }
  put_list(d, "hits", std::move(hits));
  if (results.total == 0) d.set("show_help", true);
  if (results.total > 0) {
    d.set("export_scope", results.total <= kMaxExport ? "these results"
                                                      : "the first " + grouped(kMaxExport) + " results");
    d.set("export_ris", search_export_url(params, "ris"));
    d.set("export_bib", search_export_url(params, "bib"));
    d.set("export_csl", search_export_url(params, "json"));
  }

  if (!results.suggestion.empty()) {
    SearchParams suggested = first_page(params);
    suggested.q = results.suggestion;
    d.set("suggestion", results.suggestion);
    d.set("suggestion_url", search_url(suggested));
  }

  // A pasted address (a record's or a collection's id or URL): said, linked.
  if (!results.addressed.empty()) {
    TemplateData addressed;
    if (auto label = collection_labels.find(results.addressed); label != collection_labels.end()) {
      put(addressed, "kind", std::string("the collection"));
      put(addressed, "title", label->second);
      put(addressed, "url", collection_path(results.addressed));
      addressed.set("collection", true);
    } else {
      auto hit = std::find_if(results.hits.begin(), results.hits.end(),
                              [&](const Hit& h) { return h.id == results.addressed; });
      put(addressed, "kind", std::string("the document"));
      put(addressed, "title", hit != results.hits.end() && !hit->title.empty() ? hit->title : results.addressed);
      put(addressed, "url", document_path(results.addressed));
    }
    d.set("addressed", std::move(addressed));
  }

  // What the search also looked for, unasked: the reader sees why a hit
  // that says "Khrushchev" came back for "Chruschtschow".
  if (!results.other_spellings.empty()) d.set("other_spellings", also_searched_list(results.other_spellings, true));
  if (!results.glossary_entries.empty()) d.set("glossary_entries", also_searched_list(results.glossary_entries, false));
  // A wildcard that starts too many words to read them all: the words it was
  // searched for (index/wildcards.h).
  TemplateList limited;
  for (const LimitedWildcard& wildcard : results.limited_wildcards) {
    TemplateData item;
    item.set("pattern", wildcard.pattern);
    item.set("searched", grouped(static_cast<std::int64_t>(wildcard.words.size())));
    item.set("one", wildcard.words.size() == 1);
    item.set("starting", grouped(static_cast<std::int64_t>(wildcard.starting)));
    item.set("words", also_searched_list(wildcard.words, false));
    limited.push_back(std::move(item));
  }
  if (!limited.empty()) put_list(d, "limited_wildcards", std::move(limited));

  // Facets: each value toggles its filter; filters combine.
  TemplateList facets;
  facets.reserve(std::size(kFacetNames));
  const AddedFilterUrls added_filter(params);
  for (const char* facet_name : kFacetNames) {
    auto found = results.facets.find(facet_name);
    if (found == results.facets.end() || found->second.empty()) continue;
    const std::string& name = found->first;
    // The most frequent values, as the index gives them; years and decades
    // then read in date order, as a historian scans them ("1950s" before
    // "1960s", the year 800 before 1956).
    std::vector<FacetValue> values = found->second;
    if (name == "year" || name == "decade") {
      std::stable_sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.value.size() != b.value.size() ? a.value.size() < b.value.size() : a.value < b.value;
      });
    }
    TemplateData facet;
    facet.set("name", name);
    facet.set("label", facet_label(name));
    TemplateList items;
    items.reserve(values.size());
    for (const FacetValue& value : values) {
      bool active = params.has_filter(name, value.value);
      std::string url;
      if (active) {
        SearchParams toggled = first_page(params);
        std::erase(toggled.filters, std::pair{name, value.value});
        url = search_url(toggled);
      } else {
        url = added_filter.url(name, value.value);
      }
      TemplateData item;
      put(item, "value", shown_value(name, value.value));
      // Counts scaled up from a sample are estimates: "about 1200".
      put(item, "count", results.facets_exact ? grouped(value.count) : "about " + grouped(value.count));
      put(item, "url", url);
      item.set("active", active);
      items.push_back(std::move(item));
    }
    put_list(facet, "values", std::move(items));
    facets.push_back(std::move(facet));
  }
  if (!facets.empty()) {
    put_list(d, "facets", std::move(facets));
    d.set("has_facets", true);
  }

  TemplateList active;
  active.reserve(params.filters.size() + 1);
  for (const auto& filter : params.filters) {
    SearchParams without = first_page(params);
    std::erase(without.filters, filter);
    TemplateData item;
    item.set("label", std::string(facet_label(filter.first)) + ": " + shown_value(filter.first, filter.second));
    item.set("remove_url", search_url(without));
    active.push_back(std::move(item));
  }
  if (!params.from.empty() || !params.to.empty()) {
    SearchParams without = first_page(params);
    without.from.clear();
    without.to.clear();
    TemplateData item;
    item.set("label", "Date: " + (params.from.empty() ? std::string("\u2026") : params.from) + " \u2013 " +
                          (params.to.empty() ? std::string("\u2026") : params.to));
    item.set("remove_url", search_url(without));
    active.push_back(std::move(item));
  }
  if (!active.empty()) put_list(d, "active_filters", std::move(active));

  TemplateList sorts;
  sorts.reserve(3);
  for (auto [key, label] : {std::pair{"relevance", "Relevance"}, {"date", "Oldest first"}, {"-date", "Newest first"}}) {
    SearchParams sorted = first_page(params);
    sorted.sort = key;
    TemplateData item;
    put(item, "label", label);
    put(item, "url", search_url(sorted));
    item.set("current", params.sort == key);
    sorts.push_back(std::move(item));
  }
  put_list(d, "sorts", std::move(sorts));
  put(d, "pagination", pagination_view(params.page(), params.limit, results.total, [&params](std::int64_t page) {
    SearchParams p = params;
    p.offset = static_cast<int>((page - 1) * params.limit);
    return search_url(p);
  }));
  return d;
}

}  // namespace chancery::web
