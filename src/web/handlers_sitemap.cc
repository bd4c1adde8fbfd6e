// /robots.txt, /sitemap.xml and the sitemap files it names: every public
// document, collection (and its printed index) and authority page with the
// time it last changed, so
// search engines and web archives find them without crawling searches.
// Closed and withdrawn records, closed collections and merged authorities
// (their pages redirect) are left out.
//
// Documents are listed in the order of the store's change log, a file for
// each stretch of it holding kSitemapUrls of them
// (/sitemap/documents.xml?after=A&through=B, Store::current_since): a
// record changed since the index was made moves to the last file, whose
// stretch has no end, so none is missed.
#include <algorithm>
#include <charconv>
#include <limits>

#include "archive/archive.h"
#include "store/store.h"
#include "web/archive_queries.h"
#include "web/handlers.h"
#include "web/responses.h"
#include "web/search_params.h"
#include "web/site.h"
#include "web/sitemap.h"
#include "web/views.h"

namespace chancery::web {
namespace {

constexpr std::int64_t kOpenEnd = std::numeric_limits<std::int64_t>::max();

HttpResponse xml(std::string body) {
  HttpResponse response;
  response.content_type = "application/xml; charset=utf-8";
  response.body = std::move(body);
  return response;
}

std::optional<std::int64_t> parse_seq(const std::string& text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// A merged authority keeps its id as its title and redirects to the one it
// was merged into (names_service.cc).
bool merged(const Revision& authority) { return authority.meta.title == authority.id; }

std::string authority_kind(const std::string& id) { return id.substr(0, id.find('/')); }

}  // namespace

HttpResponse handle_robots(const HttpRequest&, RequestContext& context) {
  HttpResponse response;
  response.content_type = "text/plain; charset=utf-8";
  response.body = robots_txt(context.site.base_url);
  return response;
}

HttpResponse handle_sitemap_index(const HttpRequest&, RequestContext& context) {
  Archive& archive = *context.archive;
  Store& store = archive.store();
  const std::string& base = context.site.base_url;
  const std::size_t per_file = std::clamp<std::size_t>(context.site.sitemap_urls, 1, kSitemapUrls * 2);
  std::vector<SitemapUrl> files;
  files.push_back({base + "/sitemap/pages.xml", ""});
  // Where each documents file's stretch of the change log begins and ends;
  // the last one has no end, even when its records fill it exactly.
  struct Stretch {
    std::int64_t after;
    std::int64_t through;
    std::string lastmod;
  };
  std::vector<Stretch> stretches;
  auto marks = store.current_marks(EntityKind::kRecord, static_cast<std::int64_t>(per_file));
  if (!marks) return error_page_from(context.site, marks.error());
  std::int64_t after = 0;
  for (SeqMark& mark : *marks) {
    stretches.push_back({after, mark.seq, std::move(mark.created_at)});
    after = mark.seq;
  }
  for (std::size_t i = 0; i < stretches.size(); ++i) {
    std::string url = base + "/sitemap/documents.xml?after=" + std::to_string(stretches[i].after);
    if (i + 1 < stretches.size()) url += "&through=" + std::to_string(stretches[i].through);
    files.push_back({std::move(url), stretches[i].lastmod});
  }
  auto authorities = store.list_meta(EntityKind::kAuthority);
  if (!authorities) return error_page_from(context.site, authorities.error());
  const std::size_t count = authorities->size();
  for (std::size_t page = 0; page * per_file < count; ++page) {
    files.push_back({base + "/sitemap/authorities.xml?page=" + std::to_string(page + 1), ""});
  }
  return xml(sitemap_index(files));
}

HttpResponse handle_sitemap_file(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  Store& store = archive.store();
  const std::string& base = context.site.base_url;
  const std::string& file = context.capture;
  const std::size_t per_file = std::clamp<std::size_t>(context.site.sitemap_urls, 1, kSitemapUrls * 2);
  auto targets = archive.restricted_targets();
  if (!targets) return error_page_from(context.site, targets.error());
  const ClosedRecords closed(*targets);
  auto sets = read_set_tree(context.site, store);
  if (!sets) return error_page_from(context.site, sets.error());
  std::vector<SitemapUrl> urls;
  if (file == "pages.xml") {
    urls.push_back({base + "/", ""});
    urls.push_back({base + "/timeline", ""});
    auto collections = store.list_meta(EntityKind::kCollection);
    if (!collections) return error_page_from(context.site, collections.error());
    for (const Revision& c : *collections) {
      if (closed.collection(**sets, c.id)) continue;
      urls.push_back({base + collection_path(c.id), c.created_at});
      // And its printed index, where the volume has one.
      auto about = archive.collection_about(c.id, AboutParts::kTextsOnly);
      if (!about && about.error().code != ErrorCode::kNotFound) return error_page_from(context.site, about.error());
      if (about && about->index_size > 0) urls.push_back({base + printed_index_path(c.id), c.created_at});
    }
    return xml(sitemap_urlset(urls));
  }
  if (file == "documents.xml") {
    std::optional<std::int64_t> after = parse_seq(request.param("after"));
    std::optional<std::int64_t> through =
        request.has_param("through") ? parse_seq(request.param("through")) : std::optional<std::int64_t>(kOpenEnd);
    if (!after || !through || *through <= *after) {
      return error_page(context.site, 400, "after and through must be numbers, through after after (the sitemap index gives them).");
    }
    auto chunk = store.current_since(EntityKind::kRecord, *after, *through, static_cast<int>(per_file), false);
    if (!chunk) return error_page_from(context.site, chunk.error());
    urls.reserve(chunk->size());
    for (const Revision& r : *chunk) {
      if (r.deleted || closed.record(**sets, r)) continue;
      urls.push_back({base + document_path(r.id), r.created_at});
    }
    return xml(sitemap_urlset(urls));
  }
  if (file == "authorities.xml") {
    std::optional<int> page = parse_int(request.param("page"), 1, std::numeric_limits<int>::max());
    if (!page) return error_page(context.site, 400, "page must be a positive number.");
    auto authorities = store.list_meta(EntityKind::kAuthority);
    if (!authorities) return error_page_from(context.site, authorities.error());
    const std::size_t begin = static_cast<std::size_t>(*page - 1) * per_file;
    if (begin >= authorities->size() && *page > 1) return error_page(context.site, 404, "There is no such sitemap page.");
    const std::size_t end = std::min(authorities->size(), begin + per_file);
    for (std::size_t i = begin; i < end; ++i) {
      const Revision& a = (*authorities)[i];
      if (merged(a)) continue;
      urls.push_back({base + authority_path(authority_kind(a.id), a.id), a.created_at});
    }
    return xml(sitemap_urlset(urls));
  }
  return error_page(context.site, 404, "There is no such sitemap.");
}

}  // namespace chancery::web
