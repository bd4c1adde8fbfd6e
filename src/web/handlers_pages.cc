// HTML pages. Each handler reads its parameters, asks the archive, and hands
// the result to a view (views.h, search_view.h) and a template.
#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "archive/archive.h"
#include "formats/record_text.h"
#include "web/archive_queries.h"
#include "web/citation_styles.h"
#include "web/archive_versions.h"
#include "web/printed_index_headings.h"
#include "web/handlers.h"
#include "web/responses.h"
#include "web/revision_views.h"
#include "web/search_params.h"
#include "web/search_view.h"
#include "web/site.h"
#include "web/url.h"
#include "web/templates.h"
#include "web/views.h"

namespace chancery::web {
namespace {

constexpr int kPageSize = 20;
// The collections' texts (prefaces, sources) shown under a search's first page.
constexpr std::size_t kTextsOnSearchPage = 3;

HttpResponse from_error(const Site& site, const Error& error) { return error_page_from(site, error); }

// The media type of a download with `suffix` (.ris .bib .json .txt).
const char* download_type(std::string_view suffix) {
  if (suffix == ".ris") return "application/x-research-info-systems; charset=utf-8";
  if (suffix == ".bib") return "application/x-bibtex; charset=utf-8";
  if (suffix == ".json") return "application/vnd.citationstyles.csl+json";
  return "text/plain; charset=utf-8";
}

// A record export: `suffix` is one of .ris .bib .json .txt.
HttpResponse download(const Record& record, std::string_view suffix, const std::string& url,
                      const CitedEdition& edition) {
  HttpResponse response;
  response.content_type = download_type(suffix);
  if (suffix == ".ris") {
    response.body = cite_ris(record, url, edition);
  } else if (suffix == ".bib") {
    response.body = cite_bibtex(record, url, edition);
  } else if (suffix == ".json") {
    response.body = cite_csl_json_text(record, url, edition) + "\n";
  } else {
    response.body = write_record_text(record);
  }
  std::string name;
  for (char c : record.id) name.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_');
  response.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}{}\"", name, suffix));
  return response;
}

std::string_view download_suffix(std::string_view id) {
  for (std::string_view suffix : {".ris", ".bib", ".json", ".txt"}) {
    if (id.size() > suffix.size() && id.ends_with(suffix)) return suffix;
  }
  return {};
}

// With `access` (a collection's list), closed records are marked as closed.
TemplateData record_links_view(const std::vector<RecordLink>& links, const CollectionAccess* access = nullptr) {
  TemplateList list;
  for (const auto& link : links) {
    TemplateData item = record_link_view(link);
    if (access && access->record_closed(link.id)) item.set("closed", true);
    if (access && access->record_withdrawn(link.id)) item.set("withdrawn", true);
    list.push_back(std::move(item));
  }
  return TemplateData(list);
}

// Documents found by `query` (a field query), one page of them.
Result<std::pair<SearchResults, SearchParams>> field_documents(Archive& archive, const HttpRequest& request,
                                                               const std::string& query) {
  SearchParams params;
  params.limit = kPageSize;
  if (request.has_param("page")) {
    HttpRequest only_page;
    only_page.query.emplace_back("page", request.param("page"));
    auto parsed = parse_search_params(only_page, kPageSize);
    if (!parsed) return std::unexpected(parsed.error());
    params.offset = parsed->offset;
  }
  params.q = query;
  params.sort = "date";
  SearchRequest search = to_search_request(params);
  search.want_facets = false;
  search.want_snippets = false;
  auto results = archive.search(search);
  if (!results) return std::unexpected(results.error());
  return std::pair{std::move(*results), params};
}

// The home page's top collections, grouped by series: a group a series, in
// the order of their first collection, then the collections of no series
// ("Other collections" when there are series, unnamed otherwise). Under its
// series a title that repeats it ("Foreign Relations of the United States,
// 1958–1960, Volume VIII") is shown without it, the full title kept as the
// link's title.
TemplateList collection_groups_view(Archive& archive, const std::vector<Collection>& top) {
  std::vector<std::pair<std::string, TemplateList>> groups;
  TemplateList unnamed;
  for (const Collection& c : top) {
    TemplateData item;
    item.set("url", collection_path(c.id));
    const std::string full = c.title.empty() ? c.id : c.title;
    std::string title = without_series(full, c.series);
    if (title.size() != full.size()) item.set("full_title", full);
    item.set("title", std::move(title));
    item.set("count", documents_count(count_records(archive, c)));
    if (c.series.empty()) {
      unnamed.push_back(std::move(item));
      continue;
    }
    auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == c.series; });
    if (group == groups.end()) group = groups.insert(groups.end(), {c.series, TemplateList{}});
    group->second.push_back(std::move(item));
  }
  TemplateList out;
  for (auto& [series, items] : groups) {
    TemplateData group;
    group.set("series", series);
    group.set("collection_count", grouped(static_cast<std::int64_t>(items.size())) +
                                      (items.size() == 1 ? " collection" : " collections"));
    group.set("collections", TemplateData(std::move(items)));
    out.push_back(std::move(group));
  }
  if (!unnamed.empty()) {
    TemplateData group;
    if (!out.empty()) group.set("other", true);
    group.set("collections", TemplateData(std::move(unnamed)));
    out.push_back(std::move(group));
  }
  return out;
}

// A collection page lists this many of its documents; a longer collection has
// pages (?page=N).
constexpr int kCollectionPageSize = 200;
constexpr int kMaxCollectionPage = 1'000'000;

// Whether `title` starts with its own number: digits, then ". ".
bool starts_with_number(std::string_view title) {
  std::size_t digits = 0;
  while (digits < title.size() && title[digits] >= '0' && title[digits] <= '9') ++digits;
  return digits > 0 && title.substr(digits).starts_with(". ");
}

}  // namespace

HttpResponse handle_home(const HttpRequest&, RequestContext& context) {
  Archive& archive = *context.archive;
  TemplateData d;
  d.set("page_title", std::string("Home"));  // "Home · Chancery", not "Chancery · Chancery"
  if (auto top = archive.collections("")) {
    if (TemplateList groups = collection_groups_view(archive, *top); !groups.empty()) {
      d.set("collection_groups", TemplateData(std::move(groups)));
    }
  }
  if (auto recent = recent_records(archive, 10); recent && !recent->empty()) {
    d.set("recent", record_links_view(*recent));
  }
  TemplateList decades;
  std::int64_t largest = 1;
  auto counts = overview_facet(archive, "decade");
  for (const auto& value : counts) largest = std::max(largest, value.count);
  for (const auto& value : counts) {
    TemplateData item;
    item.set("decade", value.value);
    item.set("count", grouped(value.count));
    item.set("percent", std::to_string(value.count * 100 / largest));
    item.set("url", "/timeline?decade=" + percent_encode(value.value));
    decades.push_back(item);
  }
  if (!decades.empty()) d.set("decades", TemplateData(decades));
  // The records the index holds (restricted ones too, as the store counts
  // them): counting the store's rows takes 0.17 s at a million records.
  if (const std::int64_t indexed = archive.index().doc_count(); indexed > 0) {
    d.set("record_count", documents_count(indexed));
  } else if (auto stats = archive.stats()) {
    d.set("record_count", documents_count(stats->store.records));
  }
  return render_page(context.site, "home", std::move(d));
}

HttpResponse handle_search_page(const HttpRequest& request, RequestContext& context) {
  auto params = parse_search_params(request, kPageSize);
  if (!params) {
    SearchParams shown;
    shown.q = request.param("q");
    return render_page(context.site, "search", search_form_view(shown, params.error().message), 400);
  }
  if (params->empty()) return render_page(context.site, "search", search_form_view(*params, ""));
  auto results = context.archive->search(to_search_request(*params));
  if (!results) {
    if (results.error().code == ErrorCode::kInvalidInput) {
      TemplateData page = search_form_view(*params, results.error().message);
      if (std::optional<MendedQuery> mended = mended_query(*context.archive, *params)) {
        SearchParams fixed = *params;
        fixed.q = mended->query;
        fixed.offset = 0;
        put(page, "mended", mended->query);
        put(page, "mended_url", search_url(fixed));
        put(page, "mended_total", (mended->exact ? "" : "about ") + documents_count(mended->total));
      }
      return render_page(context.site, "search", std::move(page), 400);
    }
    return from_error(context.site, results.error());
  }
  // Collection facet values and filters are ids: named for people.
  std::vector<std::string> collection_ids;
  if (auto facet = results->facets.find("collection"); facet != results->facets.end()) {
    for (const FacetValue& value : facet->second) collection_ids.push_back(value.value);
  }
  for (const auto& [name, value] : params->filters) {
    if (name == "collection") collection_ids.push_back(value);
  }
  if (!results->addressed.empty()) collection_ids.push_back(results->addressed);
  CollectionLabels labels;
  const std::vector<CollectionTrail> trails =
      record_trails(context.site, *context.archive, results->hits, collection_ids, &labels);
  TemplateData page = search_view(*params, *results, trails, labels);
  // The query read as a request for correspondence: who sent, who received.
  const std::optional<CorrespondenceOffer> correspondence = correspondence_offer(*context.archive, *params);
  // An offered search under `key`: its label, query, link (the page's
  // filters kept, from the first result) and what it finds.
  auto put_offer = [&page, &params](const std::string& key, const std::string& label, const std::string& query,
                                    std::int64_t total, bool exact) {
    SearchParams read = *params;
    read.q = query;
    read.offset = 0;
    put(page, key, label);
    put(page, key + "_query", query);
    put(page, key + "_url", search_url(read));
    put(page, key + "_total", (exact ? "" : "about ") + documents_count(total));
  };
  if (const std::optional<CorrespondenceOffer>& offer = correspondence) {
    put_offer("correspondence", correspondence_label(offer->reading), offer->reading.query, offer->total,
              offer->exact);
  }
  // The query's written date read as a date: the records dated then (not
  // again beside correspondence that read it).
  if (std::optional<DatedOffer> offer = correspondence && !correspondence->reading.dated.empty()
                                            ? std::nullopt
                                            : dated_offer(*context.archive, *params)) {
    put_offer("dated", dated_label(offer->reading), offer->reading.query, offer->total, offer->exact);
  }
  // The volumes' prefaces and sources that the query finds, under the
  // documents of the first page.
  if (params->offset == 0) put_collection_texts(page, context.site, *context.archive, params->q, kTextsOnSearchPage);
  return render_page(context.site, "search", std::move(page));
}

HttpResponse handle_search_export(const HttpRequest& request, RequestContext& context) {
  const std::string& file = context.capture;
  std::string_view suffix = download_suffix(file);
  const std::string_view stem = std::string_view(file).substr(0, file.size() - suffix.size());
  // Texts (.txt) for a list, whose length the reader chose; citations for both.
  if ((stem != "search" && stem != "list") || suffix.empty() || (suffix == ".txt" && stem != "list")) {
    return error_page(context.site, 404, "There is nothing at this address.");
  }
  if (stem == "list") return handle_list_export(request, context, suffix);
  auto params = parse_search_params(request, kMaxExport);
  if (!params) return error_page(context.site, 400, params.error().message);
  if (params->empty()) return error_page(context.site, 400, "An export needs a search: a query or a filter.");
  params->offset = 0;
  params->limit = kMaxExport;
  SearchRequest search = to_search_request(*params);
  search.want_facets = false;
  search.want_snippets = false;
  auto results = context.archive->search(search);
  if (!results) return from_error(context.site, results.error());

  std::vector<Record> records;
  records.reserve(results->hits.size());
  for (const Hit& hit : results->hits) {
    auto record = context.archive->record(hit.id);
    if (!record) {
      if (record.error().code == ErrorCode::kNotFound) continue;  // removed since the index saw it
      return from_error(context.site, record.error());
    }
    records.push_back(std::move(*record));
  }
  return records_file(context.site, *context.archive, records, suffix, "chancery-search");
}

HttpResponse records_file(Site& site, Archive& archive, const std::vector<Record>& records, std::string_view suffix,
                            std::string_view file_stem) {
  // Each record as its own download gives it, one after the other: RIS
  // records end with "ER  - ", BibTeX entries stand apart, CSL-JSON is one
  // array, texts (record-text) are parted by a line of '='.
  std::string body = suffix == ".json" ? "[" : "";
  bool first = true;
  // An edition's editors read once for its documents; citations only.
  std::map<std::string, CitedEdition> editions;
  const CitedEdition none;
  for (const Record& record : records) {
    const std::string url = site.base_url + document_path(record.id);
    const CitedEdition* edition_of = &none;
    if (suffix != ".txt" && is_edition_document(record) && !record.collections.empty()) {
      auto known = editions.find(record.collections.front());
      if (known == editions.end()) {
        known = editions.emplace(record.collections.front(), cited_edition(site, archive, record)).first;
      }
      edition_of = &known->second;
    }
    const CitedEdition& edition = *edition_of;
    if (suffix == ".txt") {
      if (!first) body += "\n" + std::string(72, '=') + "\n\n";
      body += write_record_text(record);
    } else if (suffix == ".ris") {
      body += cite_ris(record, url, edition);
    } else if (suffix == ".bib") {
      if (!first) body += "\n";
      body += cite_bibtex(record, url, edition);
    } else {
      body += first ? "\n" : ",\n";
      body += cite_csl_json(record, url, edition).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    first = false;
  }
  if (suffix == ".json") body += first ? "]\n" : "\n]\n";
  HttpResponse response;
  response.content_type = download_type(suffix);
  response.body = std::move(body);
  response.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}{}\"", file_stem, suffix));
  return response;
}

std::optional<HttpResponse> withdrawn_answer(RequestContext& context, const std::string& id, bool api) {
  auto withdrawal = context.archive->withdrawal(id);
  if (!withdrawal) return api ? problem_from(withdrawal.error()) : error_page_from(context.site, withdrawal.error());
  if (!*withdrawal) return std::nullopt;
  const Archive::Withdrawal& w = **withdrawal;
  if (api) {
    nlohmann::json problem = {
        {"type", "about:blank"},
        {"title", "Gone"},
        {"status", 410},
        {"detail", "The document was withdrawn from the archive."},
        {"id", id},
        {"withdrawal", annotation_api_json(w.annotation)},
    };
    if (!w.annotation.hide_description) problem["document_title"] = w.last.title;
    HttpResponse response = json_response(problem, 410);
    response.content_type = "application/problem+json";
    return response;
  }
  HttpResponse response = render_page(context.site, "withdrawn", withdrawn_view(w.last, w.annotation), 410);
  response.set_header("Link", "<" + context.site.base_url + document_path(id) + ">; rel=\"canonical\"");
  return response;
}

// The headings of the volume's printed index that list the document, each a
// link to its entry and to the search of every document the volumes' indexes
// list under its words (indexed:); the first kIndexHeadingsShown, the rest
// folded.
constexpr std::size_t kIndexHeadingsShown = 12;

void put_index_headings(RequestContext& context, Archive& archive, const std::string& volume,
                        const std::string& record_id, TemplateData& page) {
  Result<std::shared_ptr<const IndexHeadings>> headings = std::shared_ptr<const IndexHeadings>();
  std::optional<std::int64_t> version = archive.pinned_store_version();
  if (!version && context.site.versions) version = context.site.versions->store_version();
  if (context.site.index_headings && version) {
    headings = context.site.index_headings->get(archive, volume, *version);
  } else {
    headings = read_index_headings(archive, volume);
  }
  if (!headings || !*headings) return;   // a page without them rather than none
  const std::vector<const IndexHeadings::Heading*>* listed = (*headings)->of(record_id);
  if (!listed || listed->empty()) return;
  // Built here rather than by the template (a document may be listed under
  // dozens of headings, and a list in template data costs more than the rest
  // of the section), from items made once for the volume.
  auto items = [&](std::size_t from, std::size_t to) {
    std::size_t size = 32;
    for (std::size_t i = from; i < to; ++i) size += (*listed)[i]->item_html.size();
    std::string html;
    html.reserve(size);
    html += "<ul class=\"index-headings\">";
    for (std::size_t i = from; i < to; ++i) html += (*listed)[i]->item_html;
    html += "</ul>";
    return html;
  };
  const std::size_t shown = std::min(listed->size(), kIndexHeadingsShown);
  page.set("index_url", printed_index_url(volume));
  page.set("index_by_page", !(*headings)->by_document_number());
  page.set("index_headings_html", items(0, shown));
  if (listed->size() > shown) {
    page.set("index_more_html", items(shown, listed->size()));
    page.set("index_more_count", std::to_string(listed->size() - shown));
  }
}

HttpResponse handle_document(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  std::string id = context.capture;
  std::string_view suffix = download_suffix(id);
  // ?revision=N: that revision's text (and its downloads), not the latest.
  int wanted = 0;
  if (request.has_param("revision") && !request.param("revision").empty()) {
    std::optional<int> parsed = parse_int(request.param("revision"), 1, std::numeric_limits<int>::max());
    if (!parsed) return error_page(context.site, 400, "revision must be a revision number (1, 2, ...).");
    wanted = *parsed;
  }
  // The page shows no original source: the record is read without it (a
  // download below reads the whole record).
  auto version = archive.record_version(id, wanted, /*without_original=*/true);
  if (!version && version.error().code == ErrorCode::kNotFound && !suffix.empty()) {
    std::string base = id.substr(0, id.size() - suffix.size());
    auto exported = archive.record_version(base, wanted);
    if (exported) {
      auto closed = restriction_as_shown(archive, exported->record, exported->number < exported->latest);
      if (!closed) return from_error(context.site, closed.error());
      if (*closed) {
        return error_page(context.site, 403,
                          "The document \u201c" + base + "\u201d is closed to readers" +
                              ((*closed)->until.empty() ? std::string(" until further notice")
                                                        : " until " + (*closed)->until) +
                              ": " + (*closed)->text);
      }
      std::string url = context.site.base_url + document_path(base);
      if (exported->number < exported->latest) url += "?revision=" + std::to_string(exported->number);
      return download(exported->record, suffix, url, cited_edition(context.site, archive, exported->record));
    }
    if (exported.error().code != ErrorCode::kNotFound) return from_error(context.site, exported.error());
    id = std::move(base);
  }
  if (!version) {
    if (version.error().code != ErrorCode::kNotFound) return from_error(context.site, version.error());
    if (wanted != 0) {
      auto latest = archive.record_version(id);
      if (latest) {
        return error_page(context.site, 404,
                          "The document \u201c" + id + "\u201d has no revision " + std::to_string(wanted) + "; it has " +
                              std::to_string(latest->latest) + (latest->latest == 1 ? "." : ", numbered from 1."));
      }
    }
    if (auto gone = withdrawn_answer(context, id, false)) return std::move(*gone);
    return error_page(context.site, 404, "There is no document with the id \u201c" + context.capture + "\u201d.");
  }
  const bool earlier = version->number < version->latest;
  Record* record = &version->record;
  DocumentSurroundings around;
  around.canonical_url = context.site.base_url + document_path(record->id);
  around.revision = version->number;
  around.latest_revision = version->latest;
  around.revision_created = version->created_at;
  if (earlier) around.cite_url = context.site.base_url + revision_path(record->id, version->number);
  around.edition = cited_edition(context.site, archive, *record);
  if (!record->collections.empty()) {
    CollectionPlace place = collection_place(context.site, archive, record->collections.back(), record->id);
    around.breadcrumbs = std::move(place.trail);
    if (around.breadcrumbs.empty()) {
      for (const auto& c : record->collections) around.breadcrumbs.emplace_back(c, c);
    }
    around.previous = std::move(place.previous);
    around.next = std::move(place.next);
  }
  auto view = archive.reader_view(*record);
  if (!view) return from_error(context.site, view.error());
  if (!view->restriction && earlier) {   // closed by where the record is now, too
    auto closed = restriction_as_shown(archive, *record, true);
    if (!closed) return from_error(context.site, closed.error());
    view->restriction = std::move(*closed);
  }
  if (view->restriction) {
    HttpResponse closed = render_page(context.site, "restricted", restricted_view(*record, *view->restriction, around), 403);
    closed.set_header("Link", "<" + around.canonical_url + ">; rel=\"canonical\"");
    return closed;
  }
  if (!earlier) {   // annotations, pages and neighbours belong to the current text
    around.annotations = std::move(view->annotations);
    auto scans = archive.scans(record->id);
    if (!scans) return from_error(context.site, scans.error());
    around.scans = std::move(*scans);
    if (auto similar = archive.similar(record->id, 5)) around.related = std::move(*similar);
  }
  add_names(context.site, *record, around, archive.pinned_store_version());
  // Opened from a search (?q=): the words it matched are marked. A query the
  // search would refuse (too long, malformed) marks nothing.
  if (request.has_param("q")) {
    const std::string& query = request.param("q");
    if (!query.empty() && query.size() <= kMaxQueryBytes) {
      if (auto matches = archive.query_matches(query, *record)) {
        around.query = query;
        for (const QueryMatch& m : *matches) around.query_marks[{m.field, m.block}].emplace_back(m.begin, m.end);
        // What the search also looked for (a name's other spellings, a
        // glossary's expansions), as its page said: the marks may be words
        // the query does not have. The search without hits, facets or snippets.
        SearchRequest also;
        also.query = query;
        also.limit = 0;
        also.want_facets = false;
        also.want_snippets = false;
        if (auto looked = archive.search(also)) {
          around.query_other_spellings = std::move(looked->other_spellings);
          around.query_glossary_entries = std::move(looked->glossary_entries);
        }
      } else if (matches.error().code != ErrorCode::kInvalidInput) {
        return from_error(context.site, matches.error());
      }
    }
  }
  const std::string volume = record->collections.empty() ? std::string() : record->collections.front();
  const std::string record_id = record->id;
  TemplateData page = document_view(std::move(*record), around);
  if (!earlier && !volume.empty()) put_index_headings(context, archive, volume, record_id, page);
  HttpResponse response = render_page(context.site, "document", std::move(page));
  response.set_header("Link", "<" + around.canonical_url + ">; rel=\"canonical\"");
  return response;
}

HttpResponse handle_collection(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  auto collection = archive.collection(context.capture);
  if (!collection) return from_error(context.site, collection.error());
  int page = 1;
  if (request.has_param("page") && !request.param("page").empty()) {
    std::optional<int> parsed = parse_int(request.param("page"), 1, kMaxCollectionPage);
    if (!parsed) return error_page(context.site, 400, "page must be a positive number.");
    page = *parsed;
  }
  TemplateData d;
  d.set("id", collection->id);
  d.set("title", collection->title.empty() ? collection->id : collection->title);
  d.set("page_title", collection->title.empty() ? collection->id : collection->title);
  if (!collection->series.empty()) d.set("series", collection->series);
  std::string coverage = display_date(collection->coverage);
  if (!coverage.empty()) d.set("coverage", coverage);
  TemplateList editors;
  for (const auto& e : collection->editors) editors.push_back(TemplateData(e));
  d.set("has_editors", !editors.empty());
  if (!editors.empty()) d.set("editors", TemplateData(editors));
  auto trail = collection_trail(context.site, archive, collection->parent);
  auto access = collection_access(archive, *collection, trail);
  if (!access) return from_error(context.site, access.error());
  if (access->restriction) {
    d.set("closed", true);
    d.set("closed_reason", access->restriction->text);
    if (!access->restriction->until.empty()) {
      d.set("closed_until", access->restriction->until);
      d.set("closed_until_shown", display_day(access->restriction->until));
    }
  }
  TemplateList crumbs;
  for (const auto& [id, title] : trail) {
    TemplateData crumb;
    crumb.set("url", collection_path(id));
    crumb.set("title", title.empty() ? id : title);
    crumbs.push_back(crumb);
  }
  if (!crumbs.empty()) d.set("breadcrumbs", TemplateData(crumbs));
  TemplateList children;
  if (auto subs = archive.collections(collection->id)) {
    for (const Collection& sub : *subs) {
      TemplateData item;
      item.set("url", collection_path(sub.id));
      item.set("title", sub.title.empty() ? sub.id : sub.title);
      item.set("count", documents_count(count_records(archive, sub)));
      children.push_back(item);
    }
  }
  d.set("has_children", !children.empty());
  if (!children.empty()) d.set("children", TemplateData(children));
  if (page == 1) {
    auto about = archive.collection_about(collection->id, AboutParts::kTextsOnly);
    if (!about) return from_error(context.site, about.error());
    d.set("has_about", !about->texts.empty() || about->index_size > 0);
    if (!about->texts.empty()) d.set("about", collection_texts_view(*about));
    if (about->index_size > 0) {
      d.set("index_url", printed_index_url(collection->id));
      d.set("index_count", grouped(static_cast<std::int64_t>(about->index_size)));
    }
  }
  const std::size_t offset = static_cast<std::size_t>(page - 1) * kCollectionPageSize;
  RecordLinksPage listed = collection_records(context.site, archive, *collection, offset, kCollectionPageSize);
  describe_withdrawn(archive, *access, listed.links);
  const std::vector<RecordLink>& records = listed.links;
  if (records.empty() && page > 1) {
    return error_page(context.site, 404, "This collection has no page " + std::to_string(page) + ".");
  }
  if (!records.empty()) d.set("documents", record_links_view(records, &*access));
  const auto total = static_cast<std::int64_t>(listed.total);
  d.set("document_count", grouped(total));
  if (total > kCollectionPageSize) {
    d.set("showing", fmt::format("Showing {}–{}", grouped(static_cast<std::int64_t>(offset) + 1),
                                 grouped(static_cast<std::int64_t>(offset + records.size()))));
    if (offset > 0) d.set("list_start", std::to_string(offset + 1));
    const std::string path = collection_path(collection->id);
    d.set("pagination", pagination_view(
                            page, kCollectionPageSize, total,
                            [&path](std::int64_t n) {
                              return n == 1 ? path + "#documents" : path + "?page=" + std::to_string(n) + "#documents";
                            },
                            total));
  }
  // FRUS titles carry their document numbers ("131. Telegram ..."): the
  // list's own numbers would repeat them.
  d.set("titles_numbered", !records.empty() && std::all_of(records.begin(), records.end(), [](const RecordLink& r) {
          return starts_with_number(r.title);
        }));
  return render_page(context.site, "collection", std::move(d));
}

HttpResponse handle_person(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  auto person = archive.person(context.capture);
  if (!person && person.error().code != ErrorCode::kNotFound) return from_error(context.site, person.error());
  Result<std::pair<SearchResults, SearchParams>> found = fail(ErrorCode::kNotFound, "no query");
  for (const std::string& query : person_queries(context.capture, person ? &*person : nullptr)) {
    found = field_documents(archive, request, query);
    if (!found || found->first.total > 0) break;
  }
  if (!found && found.error().code == ErrorCode::kInvalidInput) return from_error(context.site, found.error());
  if (!person && (!found || found->first.total == 0)) {
    return error_page(context.site, 404, "There is no person with the id \u201c" + context.capture + "\u201d.");
  }
  TemplateData d;
  std::string name = person ? person->name : context.capture;
  d.set("id", context.capture);
  d.set("name", name);
  d.set("page_title", name);
  if (person) {
    if (!person->description.empty()) d.set("description", person->description);
    if (!person->source.empty()) {
      // The source is the volume that lists the person: named and linked
      // when the archive has it.
      d.set("source", person->source);
      const auto trail = collection_trail(context.site, archive, person->source);
      if (!trail.empty() && trail.back().first == person->source) {
        d.set("source_url", collection_path(person->source));
        if (!trail.back().second.empty()) d.set("source", trail.back().second);
      }
    }
    TemplateList variants;
    for (const auto& v : person->variants) variants.push_back(TemplateData(v));
    if (!variants.empty()) d.set("variants", TemplateData(variants));
    d.set("has_variants", !variants.empty());
  }
  if (found) {
    TemplateList hits;
    const std::vector<CollectionTrail> trails = record_trails(context.site, *context.archive, found->first.hits);
    for (std::size_t i = 0; i < found->first.hits.size(); ++i) hits.push_back(hit_view(found->first.hits[i], trails[i]));
    d.set("hits", TemplateData(hits));
    d.set("total", grouped(found->first.total));
    std::string base = person_path(context.capture);
    d.set("pagination", pagination_view(found->second.page(), kPageSize, found->first.total,
                                        [&base](std::int64_t page) { return base + "?page=" + std::to_string(page); }));
  }
  return render_page(context.site, "person", std::move(d));
}

HttpResponse handle_place(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  auto found = field_documents(archive, request, field_query("place", context.capture));
  if (!found) return from_error(context.site, found.error());
  if (found->first.total == 0) {
    return error_page(context.site, 404, "No document is associated with the place \u201c" + context.capture + "\u201d.");
  }
  // The place's name as its first document writes it. A page past the last
  // has no documents: the first is then looked up on its own.
  std::string first_id;
  if (!found->first.hits.empty()) {
    first_id = found->first.hits.front().id;
  } else {
    SearchRequest one;
    one.query = field_query("place", context.capture);
    one.limit = 1;
    one.sort = SortOrder::kDateAscending;
    one.want_facets = false;
    one.want_snippets = false;
    if (auto first_hit = archive.search(one); first_hit && !first_hit->hits.empty()) first_id = first_hit->hits.front().id;
  }
  std::string name = context.capture;
  if (!first_id.empty()) {
    if (auto first = archive.record(first_id)) {
      for (const NameRef& place : first->places) {
        if (place.id == context.capture && !place.name.empty()) name = place.name;
      }
    }
  }
  TemplateData d;
  d.set("id", context.capture);
  d.set("name", name);
  d.set("page_title", name);
  TemplateList hits;
  const std::vector<CollectionTrail> trails = record_trails(context.site, *context.archive, found->first.hits);
  for (std::size_t i = 0; i < found->first.hits.size(); ++i) hits.push_back(hit_view(found->first.hits[i], trails[i]));
  d.set("hits", TemplateData(hits));
  d.set("total", grouped(found->first.total));
  std::string base = place_path(context.capture);
  d.set("pagination", pagination_view(found->second.page(), kPageSize, found->first.total,
                                      [&base](std::int64_t page) { return base + "?page=" + std::to_string(page); }));
  return render_page(context.site, "place", std::move(d));
}

}  // namespace chancery::web
