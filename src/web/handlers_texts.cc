// Collections' own texts found by a search (Archive::search_collection_texts):
// a volume's preface or list of sources that names what the reader looked
// for. The search page shows the best few under its documents; /texts?q=
// lists every one; /api/v1/texts?q= gives them as JSON.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "index/query_repair.h"
#include "web/archive_queries.h"
#include "web/handlers.h"
#include "web/responses.h"
#include "web/search_params.h"
#include "web/site.h"
#include "web/url.h"
#include "util/text_fold.h"
#include "util/word_tokenizer.h"
#include "web/views.h"

namespace chancery::web {
namespace {

// The most texts the page and the API list for one query.
constexpr std::size_t kMaxTexts = 100;

// "1 text", "1,204 texts", as documents_count says documents.
std::string texts_count(std::size_t n) { return grouped(static_cast<std::int64_t>(n)) + (n == 1 ? " text" : " texts"); }

std::string texts_path(const std::string& query) { return "/texts?q=" + percent_encode(query); }

// Where a text is read: its collection's page, opened at it.
std::string text_path(const CollectionTextHit& hit) {
  return collection_path(hit.collection_id) + "#about-" + percent_encode(hit.text_id);
}

// The title of the text's collection (its own, the series left in).
std::string collection_title(Site& site, Archive& archive, const std::string& id) {
  const auto trail = collection_trail(site, archive, id);
  if (trail.empty() || trail.back().first != id) return id;
  return trail.back().second.empty() ? id : trail.back().second;
}

TemplateList text_hits_view(Site& site, Archive& archive, const CollectionTextResults& results) {
  TemplateList items;
  items.reserve(results.hits.size());
  for (const CollectionTextHit& hit : results.hits) {
    TemplateData item;
    put(item, "url", text_path(hit));
    put(item, "title", hit.title);
    put(item, "collection_url", collection_path(hit.collection_id));
    put(item, "collection_title", collection_title(site, archive, hit.collection_id));
    if (!hit.snippet.empty()) put(item, "snippet_html", hit.snippet);   // escaped, marked (index/snippets.h)
    items.push_back(std::move(item));
  }
  return items;
}

// A cross-reference's target as printed, in its parts: "Soviet bloc; Soviet
// Union and Soviet subheadings under other subjects" sends the reader to two
// places.
std::vector<std::string> target_parts(const std::string& target) {
  std::vector<std::string> parts;
  for (std::string_view part : parts_outside_brackets(target, ';')) {
    if (!part.empty()) parts.emplace_back(part);
  }
  return parts;
}

// Whether a target tells the reader where to look rather than names a
// heading: "Soviet subheadings under individual subjects", "specific topics".
bool general_direction(const std::string& target) {
  std::string lower;
  for (char c : target) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* words : {"heading", "specific topics", "individual subjects", "other subjects", "individual countries"}) {
    if (lower.find(words) != std::string::npos) return true;
  }
  return false;
}

// The search for a target: its words ("Disarmament policy under North
// Atlantic Treaty Organization": the sub-entry's words and its entry's).
std::string target_search_url(const std::string& target) {
  std::string words = target;
  if (const std::size_t under = words.find(" under "); under != std::string::npos) words.replace(under, 7, " ");
  return "/search?q=" + percent_encode(words);
}

// What the volumes' printed indexes say of the query's heading. One
// reference to one heading: "In the index of VOLUME: Soekarno, see Sukarno",
// with a search for it. Several (a subject the volumes of a series all
// index): the headings they send the reader to, each once with how many
// indexes do, as searches ("see Arms control · Armaments, regulation of
// conventional; see also Nuclear weapons (2 indexes)"), then each index's
// line in a closed list. Directions rather than headings ("Soviet
// subheadings under other subjects") are in the lines only.
TemplateData index_references_view(Site& site, Archive& archive, const CollectionTextResults& results) {
  TemplateList lines;
  struct Target {
    std::string text;
    std::string key;
    std::vector<std::string> collections;
  };
  std::vector<Target> see;
  std::vector<Target> see_also;
  std::size_t parts_in_all = 0;
  for (const IndexCrossReference& r : results.references) {
    const std::vector<std::string> parts = target_parts(r.target);
    parts_in_all += parts.size();
    const bool one_heading = parts.size() == 1 && !general_direction(parts.front());
    TemplateData item;
    put(item, "collection_title", collection_title(site, archive, r.collection_id));
    put(item, "index_url", printed_index_url(r.collection_id));
    put(item, "heading", r.heading);
    put(item, "target", r.target);
    item.set("see", r.how == "see");
    item.set("see_also", r.how == "see also");
    item.set("bracketed", r.how == "also");
    if (one_heading) put(item, "search_url", target_search_url(parts.front()));
    lines.push_back(std::move(item));
    for (const std::string& part : parts) {
      if (general_direction(part)) continue;
      std::vector<Target>& group = r.how == "see also" ? see_also : see;
      // The same heading however punctuated ("Khrushchev, Nikita S." and "... S").
      std::string key;
      for (char c : fold(part)) {
        if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) key += c;
      }
      auto known = std::find_if(group.begin(), group.end(), [&](const Target& t) { return t.key == key; });
      if (known == group.end()) {
        group.push_back(Target{part, key, {r.collection_id}});
      } else if (std::find(known->collections.begin(), known->collections.end(), r.collection_id) ==
                 known->collections.end()) {
        known->collections.push_back(r.collection_id);
      }
    }
  }
  TemplateData view;
  const bool single = results.references.size() == 1 && parts_in_all == 1;
  view.set("single", single);
  if (!results.references.empty()) put(view, "heading", results.references.front().heading);
  put(view, "count", grouped(static_cast<std::int64_t>(lines.size())));
  TemplateList groups;
  for (const auto& [how, targets] : {std::pair{"see", &see}, std::pair{"see also", &see_also}}) {
    if (targets->empty()) continue;
    TemplateData group;
    put(group, "how", how);
    group.set("first", groups.empty());
    TemplateList items;
    for (std::size_t i = 0; i < targets->size(); ++i) {
      const Target& t = (*targets)[i];
      TemplateData item;
      put(item, "target", t.text);
      put(item, "search_url", target_search_url(t.text));
      if (t.collections.size() > 1) put(item, "indexes", grouped(static_cast<std::int64_t>(t.collections.size())));
      item.set("last", i + 1 == targets->size());
      items.push_back(std::move(item));
    }
    put_list(group, "targets", std::move(items));
    groups.push_back(std::move(group));
  }
  view.set("has_targets", !groups.empty());
  if (!groups.empty()) put_list(view, "groups", std::move(groups));
  put_list(view, "lines", std::move(lines));
  return view;
}

nlohmann::json index_references_json(Site& site, Archive& archive, const CollectionTextResults& results) {
  nlohmann::json out = nlohmann::json::array();
  for (const IndexCrossReference& r : results.references) {
    out.push_back({{"collection", r.collection_id},
                   {"collection_title", collection_title(site, archive, r.collection_id)},
                   {"heading", r.heading},
                   {"target", r.target},
                   {"how", r.how},
                   {"index_url", "/api/v1/printed-indexes/" + percent_encode(r.collection_id, true)}});
  }
  return out;
}

}  // namespace

void put_collection_texts(TemplateData& page, Site& site, Archive& archive, const std::string& query,
                          std::size_t limit) {
  if (query.empty()) return;
  // A failure here leaves the box out: the documents are the page.
  auto found = archive.search_collection_texts(query, limit);
  if (!found) return;
  if (!found->references.empty()) put(page, "index_references", index_references_view(site, archive, *found));
  if (found->total == 0) return;
  page.set("has_texts", true);
  put_list(page, "texts", text_hits_view(site, archive, *found));
  put(page, "texts_total", texts_count(found->total));
  if (found->total > found->hits.size()) put(page, "texts_url", texts_path(query));
}

HttpResponse handle_texts_page(const HttpRequest& request, RequestContext& context) {
  const std::string query = request.param("q");
  TemplateData d;
  put(d, "q", query);
  d.set("page_title", std::string("Prefaces and sources"));
  if (query.empty()) return render_page(context.site, "texts", std::move(d));
  auto found = context.archive->search_collection_texts(query, kMaxTexts);
  if (!found) {
    if (found.error().code == ErrorCode::kInvalidInput) {
      put(d, "error", found.error().message);
      // The query mended as a search page offers it, when it finds texts.
      if (const std::string mended = repair_query(query); !mended.empty()) {
        if (auto tried = context.archive->search_collection_texts(mended, 1); tried && tried->total > 0) {
          put(d, "mended", mended);
          put(d, "mended_url", "/texts?q=" + percent_encode(mended));
          put(d, "mended_total", texts_count(tried->total));
        }
      }
      return render_page(context.site, "texts", std::move(d), 400);
    }
    return error_page_from(context.site, found.error());
  }
  d.set("searched", true);
  put(d, "search_url", "/search?q=" + percent_encode(query));
  put(d, "total_shown", texts_count(found->total));
  if (found->total > found->hits.size()) {
    put(d, "showing", fmt::format("the first {}", found->hits.size()));
  }
  if (!found->hits.empty()) put_list(d, "texts", text_hits_view(context.site, *context.archive, *found));
  return render_page(context.site, "texts", std::move(d));
}

HttpResponse handle_api_texts(const HttpRequest& request, RequestContext& context) {
  const std::string query = request.param("q");
  if (query.empty()) return problem_response(400, "q is required: the words to look for in the collections' texts.");
  std::size_t limit = 20;
  if (request.has_param("limit") && !request.param("limit").empty()) {
    std::optional<int> parsed = parse_int(request.param("limit"), 0, static_cast<int>(kMaxTexts));
    if (!parsed) return problem_response(400, fmt::format("limit must be a number from 0 to {}.", kMaxTexts));
    limit = static_cast<std::size_t>(*parsed);
  }
  auto found = context.archive->search_collection_texts(query, limit);
  if (!found) return problem_from(found.error());
  nlohmann::json items = nlohmann::json::array();
  for (const CollectionTextHit& hit : found->hits) {
    items.push_back({
        {"collection", hit.collection_id},
        {"collection_title", collection_title(context.site, *context.archive, hit.collection_id)},
        {"text", hit.text_id},
        {"title", hit.title},
        {"url", context.site.base_url + text_path(hit)},
        {"api_url", "/api/v1/collections/" + percent_encode(hit.collection_id, true)},
        {"snippet_html", hit.snippet},
    });
  }
  nlohmann::json out{{"query", query}, {"total", found->total}, {"items", std::move(items)}};
  if (!found->references.empty()) out["index_references"] = index_references_json(context.site, *context.archive, *found);
  return json_response(out);
}

}  // namespace chancery::web
