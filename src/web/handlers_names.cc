// Pages and API for authority records (src/archive/names_*) of persons,
// organisations and places: variants with their sources, identification,
// roles, documents over time and the people most often mentioned with them.
// Ids that are not authority ids (a persons-list entry "frus1955-57v25/p_AS1",
// a place name) keep the plain person and place pages.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "archive/archive.h"
#include "archive/names_authority.h"
#include "archive/names_directory.h"
#include "names/place_names.h"
#include "web/archive_queries.h"
#include "web/handlers.h"
#include "web/responses.h"
#include "web/url.h"
#include "web/views.h"

namespace chancery::web {
namespace {

// The documents the volumes' printed indexes list under an authority's name
// (indexed:), which counts those that never write it ("the Hungarian
// Premier"), and their search page; total 0 for none or when the search fails.
struct IndexedUnder {
  std::int64_t total = 0;
  std::string href;
};

IndexedUnder indexed_under(Archive& archive, const Authority& a) {
  const std::string query = field_query("indexed", a.name);
  SearchRequest request;
  request.query = query;
  request.limit = 0;
  request.want_facets = false;
  request.want_snippets = false;
  IndexedUnder out;
  if (auto found = archive.search(request); found) out.total = found->total;
  out.href = "/search?q=" + percent_encode(query, true);
  return out;
}

// A place's names in other languages (names::place_names_by_language), by
// its name without the editors' qualifier ("Moscow (Russia)" -> "Moscow"),
// else by the first of its variants that names a place; {} for a person or
// an organisation.
std::vector<names::PlaceNameIn> names_in_other_languages(const Authority& a) {
  if (a.kind != "place") return {};
  auto bare = [](const std::string& name) { return name.substr(0, name.find(" (")); };
  std::vector<names::PlaceNameIn> out = names::place_names_by_language(bare(a.name));
  for (std::size_t i = 0; out.empty() && i < a.variants.size(); ++i) {
    out = names::place_names_by_language(bare(a.variants[i].name));
  }
  return out;
}

constexpr int kDocuments = 50;
constexpr int kCoMentioned = 12;
constexpr std::size_t kFiledSpellings = 8;

// The authority stored under `id`, following merges; nullopt when none.
Result<std::optional<Authority>> stored_authority(Archive& archive, std::string id) {
  for (int hops = 0; hops < 8; ++hops) {
    auto latest = archive.store().latest(EntityKind::kAuthority, id);
    if (!latest) return std::unexpected(latest.error());
    if (!*latest) return std::optional<Authority>{};
    auto parsed = authority_from_json(nlohmann::json::parse((*latest)->json, nullptr, false));
    if (!parsed) return std::unexpected(parsed.error());
    if (parsed->merged_into.empty()) return std::optional<Authority>(std::move(*parsed));
    id = parsed->merged_into;
  }
  return std::optional<Authority>{};
}

// A person mentioned in the same documents: an authority when the names
// directory knows the facet value as one's name.
struct CoMentioned {
  std::string name;
  std::string id;   // authority id; "" without a names directory
  std::int64_t count = 0;
};

struct AuthorityDocuments {
  SearchResults results;             // by date, oldest first
  // A place's documents that give it as their place (a dateline, the
  // editors' markup): the place facet under any of its spellings.
  std::int64_t filed = 0;
  std::string filed_href;            // their search, by date
  // A person's documents as their sender and as their recipient (the fields
  // naming the person as the record's links tell: sender:"Name, Forename").
  std::int64_t sent = 0;
  std::string sent_href;
  std::int64_t received = 0;
  std::string received_href;
  std::vector<FacetValue> years;     // documents per year, by year
  std::vector<CoMentioned> people;   // co-mentioned, most often first, without the person
};

// A name as the words of a quoted phrase: the marks the query language reads
// there (a quotation mark, a bracket) become spaces; "" when nothing is left.
std::string as_phrase(std::string_view name) {
  std::string phrase;
  for (char c : name) phrase.push_back(c == '"' || c == '(' || c == ')' ? ' ' : c);
  return phrase.find_first_not_of(' ') == std::string::npos ? std::string() : phrase;
}

// The query for the documents of an authority: records linked to a person;
// records that write one of an organisation's or place's spellings.
std::string documents_query(const Authority& a) {
  if (a.kind == "person") return "person:\"" + a.id + "\"";
  constexpr std::size_t kSpellings = 8;
  std::string query;
  std::size_t used = 0;
  for (const std::string& spelling : a.spellings()) {
    if (used == kSpellings) break;
    const std::string phrase = as_phrase(spelling);
    if (phrase.empty()) continue;
    query += (query.empty() ? "\"" : " OR \"") + phrase + "\"";
    ++used;
  }
  return query;
}

const char* kind_label(const std::string& kind) {
  if (kind == "organisation") return "Organisation";
  if (kind == "place") return "Place";
  return "Person";
}

// The authority whose preferred name is `name` (a person facet value of a
// linked mention), or nullptr: a name as a record's people list writes it
// ("Kennedy") is none, nor is it counted beside the authority it may stand for.
const Authority* authority_named(const NameSnapshot& snapshot, const std::string& name) {
  for (const Authority* candidate : snapshot.find(name)) {
    if (candidate->name == name) return candidate;
  }
  return nullptr;
}

Result<AuthorityDocuments> documents_of(Archive& archive, const Authority& a, const NameSnapshot* snapshot) {
  SearchRequest request;
  request.query = documents_query(a);
  request.limit = kDocuments;
  request.sort = SortOrder::kDateAscending;
  request.facet_limit = 200;
  auto results = archive.search(request);
  if (!results) return std::unexpected(results.error());
  AuthorityDocuments out;
  out.results = std::move(*results);
  if (a.kind == "person" || a.kind.empty()) {
    if (const std::string name = as_phrase(a.name); !name.empty()) {
      for (auto [field, total, href] : {std::tuple{"sender:", &out.sent, &out.sent_href},
                                        std::tuple{"recipient:", &out.received, &out.received_href}}) {
        SearchRequest asked;
        asked.query = std::string(field) + "\"" + name + "\"";
        asked.limit = 0;
        asked.want_facets = false;
        asked.want_snippets = false;
        // A name the query language cannot take is no correspondence to show.
        auto found = archive.search(asked);
        if (!found) continue;
        *total = found->total;
        *href = "/search?" + build_query_string({{"q", asked.query}, {"sort", "date"}});
      }
    }
  }
  if (a.kind == "place") {
    SearchRequest filed;
    QueryParams params;
    for (const std::string& spelling : a.spellings()) {
      if (filed.filters.size() == kFiledSpellings) break;
      filed.filters.emplace_back("place", spelling);
      params.emplace_back("f", "place:" + spelling);
    }
    filed.limit = 0;
    filed.want_facets = false;
    filed.want_snippets = false;
    auto found = archive.search(filed);
    if (!found) return std::unexpected(found.error());
    out.filed = found->total;
    params.emplace_back("sort", "date");
    out.filed_href = "/search?" + build_query_string(params);
  }
  out.years = out.results.facets["year"];
  std::sort(out.years.begin(), out.years.end(), [](const FacetValue& x, const FacetValue& y) { return x.value < y.value; });
  for (const FacetValue& v : out.results.facets["person"]) {
    if (v.value == a.name || static_cast<int>(out.people.size()) >= kCoMentioned) continue;
    if (snapshot == nullptr) {
      out.people.push_back({v.value, "", v.count});
      continue;
    }
    const Authority* other = authority_named(*snapshot, v.value);
    if (other == nullptr || other->id == a.id) continue;
    out.people.push_back({other->name, other->id, v.count});
  }
  return out;
}

// The page of an authority (any kind); `fallback` answers ids that are not one.
HttpResponse authority_page(const HttpRequest& request, RequestContext& context, const Handler& fallback) {
  auto authority = stored_authority(*context.archive, context.capture);
  if (!authority || !*authority) return fallback(request, context);
  const Authority& a = **authority;
  const std::shared_ptr<const NameSnapshot> snapshot =
      context.site.names ? context.site.names->snapshot() : std::shared_ptr<const NameSnapshot>();
  auto docs = documents_of(*context.archive, a, snapshot.get());
  if (!docs) return error_page_from(context.site, docs.error());
  TemplateData d;
  d.set("id", a.id);
  d.set("name", a.name);
  d.set("page_title", a.name);
  d.set("kind", a.kind);
  d.set("kind_label", std::string(kind_label(a.kind)));
  set_optional(d, "identification", a.identification);
  std::string life;
  if (a.birth_year != 0 || a.death_year != 0) {
    life = (a.birth_year ? std::to_string(a.birth_year) : "?") + "\u2013" + (a.death_year ? std::to_string(a.death_year) : "");
  }
  set_optional(d, "life", life);
  TemplateList variants;
  for (const AuthorityVariant& v : a.variants) {
    TemplateData item;
    item.set("name", v.name);
    item.set("source", v.source);
    variants.push_back(item);
  }
  d.set("variants", TemplateData(variants));
  d.set("has_variants", !variants.empty());
  // A place's names in other languages, each linked to the records that
  // write it so.
  TemplateList other_languages;
  for (const names::PlaceNameIn& in : names_in_other_languages(a)) {
    TemplateData item;
    item.set("name", in.name);
    item.set("href", "/search?q=" + percent_encode("\"" + in.name + "\"", true));
    std::string said;
    for (const std::string& language : in.languages) said += (said.empty() ? "" : ", ") + names::language_name(language);
    set_optional(item, "languages", said);
    set_optional(item, "lang", in.languages.empty() ? std::string() : in.languages.front());
    other_languages.push_back(item);
  }
  d.set("other_languages", TemplateData(other_languages));
  d.set("has_other_languages", !other_languages.empty());
  TemplateList roles;
  for (const AuthorityRole& r : a.roles) {
    TemplateData item;
    item.set("title", r.title);
    set_optional(item, "dates", r.from.empty() && r.to.empty() ? std::string() : r.from + "\u2013" + r.to);
    item.set("source", r.source);
    roles.push_back(item);
  }
  d.set("roles", TemplateData(roles));
  d.set("has_roles", !roles.empty());
  TemplateList ids;
  for (const std::string& x : a.external_ids) ids.push_back(TemplateData(x));
  d.set("external_ids", TemplateData(ids));
  // Documents over time as the timeline draws them, each year linked to the
  // authority's documents of that year.
  TemplateList years;
  std::int64_t largest = 1;
  for (const FacetValue& y : docs->years) largest = std::max(largest, y.count);
  const std::string query = documents_query(a);
  for (const FacetValue& y : docs->years) {
    TemplateData item;
    item.set("year", y.value);
    item.set("count", grouped(y.count));
    item.set("percent", std::to_string(std::max<std::int64_t>(1, y.count * 100 / largest)));
    item.set("href", "/search?" + build_query_string({{"q", query}, {"f", "year:" + y.value}, {"sort", "date"}}));
    years.push_back(item);
  }
  d.set("years", TemplateData(years));
  d.set("has_years", !years.empty());
  TemplateList people;
  for (const CoMentioned& p : docs->people) {
    TemplateData item;
    item.set("name", p.name);
    item.set("href", p.id.empty() ? "/search?q=" + percent_encode("person:\"" + p.name + "\"", true) : "/people/" + p.id);
    item.set("count", grouped(p.count));
    people.push_back(item);
  }
  d.set("people", TemplateData(people));
  d.set("has_people", !people.empty());
  TemplateList hits;
  const std::vector<CollectionTrail> trails = record_trails(context.site, *context.archive, docs->results.hits);
  for (std::size_t i = 0; i < docs->results.hits.size(); ++i) hits.push_back(hit_view(docs->results.hits[i], trails[i]));
  d.set("hits", TemplateData(hits));
  d.set("total", grouped(docs->results.total));
  d.set("search_href", "/search?q=" + percent_encode(documents_query(a), true));
  d.set("has_sent", docs->sent > 0);
  d.set("sent", documents_count(docs->sent));
  d.set("sent_href", docs->sent_href);
  d.set("has_received", docs->received > 0);
  d.set("received", documents_count(docs->received));
  d.set("received_href", docs->received_href);
  d.set("has_correspondence", docs->sent > 0 || docs->received > 0);
  d.set("has_filed", docs->filed > 0);
  d.set("filed", grouped(docs->filed));
  d.set("filed_href", docs->filed_href);
  if (const IndexedUnder listed = indexed_under(*context.archive, a); listed.total > 0) {
    d.set("has_indexed", true);
    d.set("indexed", documents_count(listed.total));
    d.set("indexed_href", listed.href);
  }
  return render_page(context.site, "person_authority", std::move(d));
}

// The JSON of an authority (any kind), under its kind ("person",
// "organisation", "place"); `fallback` answers ids that are not one.
HttpResponse authority_api(const HttpRequest& request, RequestContext& context, const Handler& fallback) {
  auto authority = stored_authority(*context.archive, context.capture);
  if (!authority || !*authority) {
    if (fallback) return fallback(request, context);
    return problem_response(404, "There is no authority record with the id \u201c" + context.capture + "\u201d.");
  }
  const Authority& a = **authority;
  const std::shared_ptr<const NameSnapshot> snapshot =
      context.site.names ? context.site.names->snapshot() : std::shared_ptr<const NameSnapshot>();
  auto docs = documents_of(*context.archive, a, snapshot.get());
  if (!docs) return problem_response(status_for(docs.error()), docs.error().message);
  nlohmann::json body;
  body[a.kind.empty() ? "person" : a.kind] = to_json(a);
  nlohmann::json documents = nlohmann::json::array();
  for (const Hit& hit : docs->results.hits) documents.push_back({{"id", hit.id}, {"title", hit.title}, {"date", hit.date}});
  body["documents"] = std::move(documents);
  body["total"] = docs->results.total;
  nlohmann::json years = nlohmann::json::array();
  for (const FacetValue& y : docs->years) years.push_back({{"year", y.value}, {"count", y.count}});
  body["documents_by_year"] = std::move(years);
  if (a.kind == "place") {
    body["documents_placed_here"] = {{"total", docs->filed}, {"search", docs->filed_href}};
    nlohmann::json languages = nlohmann::json::array();
    for (const names::PlaceNameIn& in : names_in_other_languages(a)) {
      languages.push_back({{"name", in.name}, {"languages", in.languages}});
    }
    body["other_languages"] = std::move(languages);
  }
  if (a.kind == "person" || a.kind.empty()) {
    auto or_null = [](const std::string& href) { return href.empty() ? nlohmann::json(nullptr) : nlohmann::json(href); };
    body["sent"] = {{"total", docs->sent}, {"search", or_null(docs->sent_href)}};
    body["received"] = {{"total", docs->received}, {"search", or_null(docs->received_href)}};
  }
  nlohmann::json people = nlohmann::json::array();
  for (const CoMentioned& p : docs->people) {
    people.push_back({{"name", p.name},
                      {"id", p.id.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.id)},
                      {"count", p.count}});
  }
  body["mentioned_with"] = std::move(people);
  const IndexedUnder listed = indexed_under(*context.archive, a);
  body["indexed"] = {{"total", listed.total}, {"search", listed.total > 0 ? nlohmann::json(listed.href) : nlohmann::json(nullptr)}};
  return json_response(body);
}

HttpResponse not_an_authority_page(const HttpRequest&, RequestContext& context) {
  return error_page(context.site, 404, "There is no authority record with the id \u201c" + context.capture + "\u201d.");
}

}  // namespace

HttpResponse handle_authority_person(const HttpRequest& request, RequestContext& context) {
  return authority_page(request, context, handle_person);
}
HttpResponse handle_authority_organisation(const HttpRequest& request, RequestContext& context) {
  return authority_page(request, context, not_an_authority_page);
}
HttpResponse handle_authority_place(const HttpRequest& request, RequestContext& context) {
  return authority_page(request, context, handle_place);
}
HttpResponse handle_authority_api_person(const HttpRequest& request, RequestContext& context) {
  return authority_api(request, context, handle_api_person);
}
HttpResponse handle_authority_api_organisation(const HttpRequest& request, RequestContext& context) {
  return authority_api(request, context, nullptr);
}
HttpResponse handle_authority_api_place(const HttpRequest& request, RequestContext& context) {
  return authority_api(request, context, handle_api_place);
}

}  // namespace chancery::web
