// Template data for the search page: hits, facets as toggling links, active
// filters, sort links, pagination and the "did you mean" link.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>

#include "index/index.h"
#include "web/search_params.h"
#include "web/templates.h"
#include "web/views.h"

namespace chancery::web {

// "/search?q=...": the URL of `params` (page included when not the first).
std::string search_url(const SearchParams& params);
// The citation export of a search's results (the first kMaxExport of them):
// "/export/search.ris?q=..." for `extension` "ris", "bib" or "json" (CSL-JSON).
std::string search_export_url(const SearchParams& params, std::string_view extension);

// The data of the "search" template for `params` and their `results`, each
// hit with the collections it is in (`trails`, by hit; may be shorter).
// `collection_labels` names collection facet values and filters for people
// (record_trails); a value without a label shows as it is.
TemplateData search_view(const SearchParams& params, const SearchResults& results,
                         const std::vector<CollectionTrail>& trails = {},
                         const std::unordered_map<std::string, std::string>& collection_labels = {});

// The data for the search form alone (no results): the help text, and
// `error` (a bad query, shown with status 400) when not empty.
TemplateData search_form_view(const SearchParams& params, const std::string& error);

// A page-number window for pagination: {number, url, current} items plus
// previous/next links; empty when everything fits on one page. `url_for_page`
// gives the URL of a 1-based page number. Pages start at offsets up to
// `max_offset` (a search's deepest page; a collection lists all its pages).
TemplateData pagination_view(int current_page, int page_size, std::int64_t total,
                             const std::function<std::string(std::int64_t)>& url_for_page,
                             std::int64_t max_offset = kMaxOffset);

}  // namespace chancery::web
