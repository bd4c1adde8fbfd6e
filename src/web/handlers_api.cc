// The JSON API under /api/v1/. Errors are RFC 9457 problem+json.
#include <limits>

#include <fmt/format.h>

#include "archive/archive.h"
#include "model/record_json.h"
#include "web/archive_queries.h"
#include "web/handlers.h"
#include "web/iiif_documents.h"
#include "web/responses.h"
#include "web/revision_views.h"
#include "web/search_params.h"
#include "web/site.h"
#include "web/url.h"
#include "web/views.h"

namespace chancery::web {
namespace {

constexpr int kApiPageSize = 20;
constexpr int kApiCollectionLimit = 1000;   // documents of a collection in one answer

// The API's URL of the collection `id`.
std::string api_collection_path(const std::string& id) { return "/api/v1/collections/" + percent_encode(id, true); }

nlohmann::json hit_json(const Hit& hit) {
  return {{"id", hit.id}, {"title", hit.title}, {"date", hit.date}, {"snippet", hit.snippet},
          {"url", document_path(hit.id)}};
}

nlohmann::json link_json(const RecordLink& link) {
  return {{"id", link.id}, {"title", link.title}, {"date", link.date}, {"url", document_path(link.id)}};
}

// Search results as API JSON; `next` is the URL of the following page or null.
// `with_query`: the next URL repeats the search parameters (false for the
// people/places endpoints, whose query is implied by the path).
// `trails`: the collections of each hit (by hit), given as "collections".
nlohmann::json results_json(const SearchResults& results, const SearchParams& params, const std::string& base,
                            bool with_query = true, const std::vector<CollectionTrail>* trails = nullptr) {
  nlohmann::json hits = nlohmann::json::array();
  for (std::size_t i = 0; i < results.hits.size(); ++i) {
    const Hit& found = results.hits[i];
    nlohmann::json hit = hit_json(found);
    hit["title_html"] = marked_html(found.title, found.title_marks);
    if (found.snippet_note) {
      hit["snippet_note"] = {{"position", found.snippet_note->position},
                             {"number", found.snippet_note->number},
                             {"source", found.snippet_note->source}};
    }
    if (trails != nullptr && i < trails->size()) {
      nlohmann::json collections = nlohmann::json::array();
      for (const auto& [id, title] : (*trails)[i]) {
        collections.push_back({{"id", id}, {"title", title}, {"url", api_collection_path(id)}});
      }
      hit["collections"] = std::move(collections);
    }
    hits.push_back(std::move(hit));
  }
  nlohmann::json facets = nlohmann::json::object();
  for (const auto& [name, values] : results.facets) {
    nlohmann::json list = nlohmann::json::array();
    for (const FacetValue& v : values) list.push_back({{"value", v.value}, {"count", v.count}});
    facets[name] = list;
  }
  nlohmann::json limited_wildcards = nlohmann::json::array();
  for (const LimitedWildcard& wildcard : results.limited_wildcards) {
    limited_wildcards.push_back({{"pattern", wildcard.pattern}, {"words", wildcard.words}, {"starting", wildcard.starting}});
  }
  nlohmann::json body = {
      {"total", results.total},
      {"total_exact", results.total_exact},
      {"offset", params.offset},
      {"limit", params.limit},
      {"hits", hits},
      {"facets", facets},
      {"facets_exact", results.facets_exact},
      {"suggestion", results.suggestion.empty() ? nlohmann::json(nullptr) : nlohmann::json(results.suggestion)},
      {"other_spellings", results.other_spellings},
      {"glossary_entries", results.glossary_entries},
      {"limited_wildcards", limited_wildcards},
      {"addressed", results.addressed.empty() ? nlohmann::json(nullptr) : nlohmann::json(results.addressed)},
      {"next", nullptr},
  };
  std::int64_t next_offset = params.offset + params.limit;
  if (next_offset < results.total && next_offset <= kMaxOffset) {
    QueryParams query = with_query ? to_query(params, false) : QueryParams{};
    query.emplace_back("offset", std::to_string(next_offset));
    query.emplace_back("limit", std::to_string(params.limit));
    body["next"] = base + "?" + build_query_string(query);
  }
  return body;
}

Result<std::pair<SearchResults, SearchParams>> field_search(Archive& archive, const HttpRequest& request,
                                                            const std::string& query) {
  HttpRequest position;
  for (const char* name : {"offset", "limit", "page"}) {
    if (request.has_param(name)) position.query.emplace_back(name, request.param(name));
  }
  auto params = parse_search_params(position, kApiPageSize);
  if (!params) return std::unexpected(params.error());
  params->q = query;
  params->sort = "date";
  SearchRequest search = to_search_request(*params);
  search.want_facets = false;
  auto results = archive.search(search);
  if (!results) return std::unexpected(results.error());
  return std::pair{std::move(*results), *params};
}

}  // namespace

HttpResponse handle_api_search(const HttpRequest& request, RequestContext& context) {
  auto params = parse_search_params(request, kApiPageSize);
  if (!params) return problem_response(400, params.error().message);
  auto results = context.archive->search(to_search_request(*params));
  if (!results && results.error().code == ErrorCode::kInvalidInput) {
    HttpResponse problem = problem_response(400, results.error().message);
    // The query mended as the search page offers it, when that one runs.
    if (std::optional<MendedQuery> mended = mended_query(*context.archive, *params)) {
      nlohmann::json body = nlohmann::json::parse(problem.body);
      body["suggested_query"] = mended->query;
      body["suggested_total"] = mended->total;
      problem.body = body.dump();
    }
    return problem;
  }
  if (!results) return problem_from(results.error());
  const std::vector<CollectionTrail> trails = record_trails(context.site, *context.archive, results->hits);
  nlohmann::json body = results_json(*results, *params, "/api/v1/search", true, &trails);
  // The query read as a request for correspondence, as the search page offers it.
  body["correspondence"] = nullptr;
  const std::optional<CorrespondenceOffer> correspondence = correspondence_offer(*context.archive, *params);
  if (const std::optional<CorrespondenceOffer>& offer = correspondence) {
    const CorrespondenceReading& reading = offer->reading;
    auto or_null = [](const std::string& text) { return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text); };
    body["correspondence"] = {{"query", reading.query},
                              {"label", correspondence_label(reading)},
                              {"sender", or_null(reading.from)},
                              {"recipient", or_null(reading.to)},
                              {"both_ways", reading.both_ways},
                              {"written_at", reading.written_at},
                              {"type", or_null(reading.kind)},
                              {"dated", or_null(reading.dated)},
                              {"total", offer->total},
                              {"total_exact", offer->exact}};
  }
  // The query's written date read as a date, as the search page offers it
  // (not again beside correspondence that read it).
  body["dated"] = nullptr;
  if (std::optional<DatedOffer> offer = correspondence && !correspondence->reading.dated.empty()
                                            ? std::nullopt
                                            : dated_offer(*context.archive, *params)) {
    body["dated"] = {{"query", offer->reading.query},
                     {"label", dated_label(offer->reading)},
                     {"written", offer->reading.written},
                     {"range", offer->reading.range},
                     {"total", offer->total},
                     {"total_exact", offer->exact}};
  }
  return json_response(body);
}

HttpResponse handle_api_document(const HttpRequest& request, RequestContext& context) {
  int wanted = 0;
  if (request.has_param("revision") && !request.param("revision").empty()) {
    std::optional<int> parsed = parse_int(request.param("revision"), 1, std::numeric_limits<int>::max());
    if (!parsed) return problem_response(400, "revision must be a revision number (1, 2, ...).");
    wanted = *parsed;
  }
  auto version = context.archive->record_version(context.capture, wanted);
  if (!version && version.error().code == ErrorCode::kNotFound) {
    if (auto gone = withdrawn_answer(context, context.capture, true)) return std::move(*gone);
  }
  if (!version) return problem_from(version.error());
  const bool earlier = version->number < version->latest;
  Record* record = &version->record;
  auto view = context.archive->reader_view(*record);
  if (!view) return problem_from(view.error());
  if (!view->restriction && earlier) {   // closed by where the record is now, too
    auto closed = restriction_as_shown(*context.archive, *record, true);
    if (!closed) return problem_from(closed.error());
    view->restriction = std::move(*closed);
  }
  if (view->restriction) {
    // The published description stays public; the content does not.
    nlohmann::json problem = {
        {"type", "about:blank"},
        {"title", "Forbidden"},
        {"status", 403},
        {"detail", "The document is closed to readers."},
        {"id", record->id},
        {"document_title", record->title},
        {"restriction", annotation_api_json(*view->restriction)},
    };
    HttpResponse response = json_response(problem, 403);
    response.content_type = "application/problem+json";
    return response;
  }
  nlohmann::json body = to_json(*record);
  body["mentions"] = mentions_json(record_mentions(context.site, *record));
  // ?q=: where a search's words stand in the texts, as its snippets mark them.
  if (request.has_param("q") && !request.param("q").empty()) {
    const std::string& query = request.param("q");
    if (query.size() > kMaxQueryBytes) return problem_response(400, query_too_long_message());
    auto matches = context.archive->query_matches(query, *record);
    if (!matches) return problem_from(matches.error());
    nlohmann::json found = nlohmann::json::array();
    for (const QueryMatch& m : *matches) {
      found.push_back({{"field", m.field}, {"block", m.block}, {"begin", m.begin}, {"end", m.end}});
    }
    body["query_matches"] = std::move(found);
  }
  body["revision"] = version->number;
  body["latest_revision"] = version->latest;
  body["revised"] = version->created_at;
  body["history"] = api_history_path(record->id);
  if (earlier) body["current"] = api_document_path(record->id);
  // Annotations and pages belong to the current text.
  nlohmann::json notes = nlohmann::json::array();
  if (!earlier) {
    for (const Annotation& a : view->annotations) notes.push_back(annotation_api_json(a));
  }
  body["annotations"] = std::move(notes);
  std::optional<ScanSet> scans;
  if (!earlier) {
    auto found = context.archive->scans(record->id);
    if (!found) return problem_from(found.error());
    scans = std::move(*found);
  }
  nlohmann::json pages = nlohmann::json::array();
  if (scans) {
    for (std::size_t i = 0; i < scans->pages.size(); ++i) {
      const ScanPage& page = scans->pages[i];
      pages.push_back({{"label", page.label},
                       {"width", page.width},
                       {"height", page.height},
                       {"media_type", page.media_type},
                       {"sha256", page.image},
                       {"iiif_image", iiif_image_path(record->id, i + 1)}});
    }
    body["iiif_manifest"] = iiif_manifest_path(record->id);
  }
  body["scans"] = std::move(pages);
  return json_response(body);
}

HttpResponse handle_api_collections(const HttpRequest&, RequestContext& context) {
  auto collections = context.archive->collections("");
  if (!collections) return problem_from(collections.error());
  nlohmann::json list = nlohmann::json::array();
  for (const Collection& c : *collections) {
    list.push_back({{"id", c.id},
                    {"title", c.title},
                    {"series", c.series},
                    {"records", count_records(*context.archive, c)},
                    {"url", api_collection_path(c.id)}});
  }
  return json_response({{"collections", list}});
}

HttpResponse handle_api_collection(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  // Documents [offset, offset + limit): all of a collection of up to
  // kApiCollectionLimit, else pages of it linked by "next".
  int offset = 0;
  int limit = kApiCollectionLimit;
  if (request.has_param("offset")) {
    std::optional<int> parsed = parse_int(request.param("offset"), 0, std::numeric_limits<int>::max());
    if (!parsed) return problem_response(400, "offset must be a number from 0.");
    offset = *parsed;
  }
  if (request.has_param("limit")) {
    std::optional<int> parsed = parse_int(request.param("limit"), 1, kApiCollectionLimit);
    if (!parsed) return problem_response(400, fmt::format("limit must be a number from 1 to {}.", kApiCollectionLimit));
    limit = *parsed;
  }
  auto collection = archive.collection(context.capture);
  if (!collection) return problem_from(collection.error());
  nlohmann::json body = to_json(*collection);
  nlohmann::json children = nlohmann::json::array();
  if (auto subs = archive.collections(collection->id)) {
    for (const Collection& sub : *subs) {
      children.push_back({{"id", sub.id}, {"title", sub.title},
                          {"url", api_collection_path(sub.id)}});
    }
  }
  nlohmann::json documents = nlohmann::json::array();
  RecordLinksPage listed = collection_records(context.site, archive, *collection, static_cast<std::size_t>(offset),
                                              static_cast<std::size_t>(limit));
  auto access = collection_access(archive, *collection, collection_trail(context.site, archive, collection->parent));
  if (!access) return problem_from(access.error());
  describe_withdrawn(archive, *access, listed.links);
  for (const RecordLink& link : listed.links) {
    nlohmann::json document = link_json(link);
    if (access->record_closed(link.id)) document["closed"] = true;   // listed by title; its text is closed
    if (access->record_withdrawn(link.id)) document["withdrawn"] = true;   // its address answers 410
    documents.push_back(std::move(document));
  }
  nlohmann::json out{{"collection", body},
                     {"children", children},
                     {"documents", documents},
                     {"documents_total", listed.total},
                     {"offset", offset}};
  if (access->restriction) out["restriction"] = annotation_api_json(*access->restriction);
  // The collection's own texts (preface, sources), as stored: blocks and notes.
  auto about = archive.collection_about(collection->id, AboutParts::kTextsOnly);   // the index has its own address
  if (!about) return problem_from(about.error());
  if (about->index_size > 0) {
    out["printed_index"] = {{"entries", about->index_size},
                            {"url", "/api/v1/printed-indexes/" + percent_encode(collection->id, true)},
                            {"page", printed_index_url(collection->id)}};
  }
  if (!about->texts.empty()) out["about"] = to_json(*about)["texts"];
  const std::size_t after = static_cast<std::size_t>(offset) + listed.links.size();
  if (after < listed.total) {
    QueryParams query{{"offset", std::to_string(after)}, {"limit", std::to_string(limit)}};
    out["next"] = api_collection_path(collection->id) + "?" + build_query_string(query);
  }
  return json_response(out);
}

HttpResponse handle_api_person(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  auto person = archive.person(context.capture);
  if (!person && person.error().code != ErrorCode::kNotFound) return problem_from(person.error());
  Result<std::pair<SearchResults, SearchParams>> found = fail(ErrorCode::kNotFound, "no query");
  for (const std::string& query : person_queries(context.capture, person ? &*person : nullptr)) {
    found = field_search(archive, request, query);
    if (!found || found->first.total > 0) break;
  }
  if (!found) return problem_from(found.error());
  if (!person && found->first.total == 0) return problem_response(404, "No person with the id " + context.capture + ".");
  nlohmann::json body = results_json(found->first, found->second, "/api/v1/people/" + percent_encode(context.capture, true), false);
  body["person"] = person ? to_json(*person) : nlohmann::json(nullptr);
  body.erase("facets");
  return json_response(body);
}

HttpResponse handle_api_place(const HttpRequest& request, RequestContext& context) {
  auto found = field_search(*context.archive, request, field_query("place", context.capture));
  if (!found) return problem_from(found.error());
  if (found->first.total == 0) return problem_response(404, "No document is associated with the place " + context.capture + ".");
  nlohmann::json body = results_json(found->first, found->second, "/api/v1/places/" + percent_encode(context.capture, true), false);
  body["place"] = {{"id", context.capture}};
  body.erase("facets");
  return json_response(body);
}

}  // namespace chancery::web
