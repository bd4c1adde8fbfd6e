// Health, metrics, static files and the OpenAPI document: no archive needed.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "archive/archive.h"
#include "index/block_cache.h"
#include "index/facets.h"
#include "index/related_table.h"
#include "images/image_codec.h"
#include "web/file_cache.h"
#include "web/handlers.h"
#include "web/mention_cache.h"
#include "web/printed_index_headings.h"
#include "web/response_cache.h"
#include "web/responses.h"
#include "web/site.h"
#include "web/url.h"

namespace chancery::web {
namespace {

std::string_view content_type_for(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

// Serves `relative` below `root` with validators and cache headers; 404 for
// anything that is not a regular file inside the root.
HttpResponse serve_file(const Site& site, const std::filesystem::path& root,
                        std::string_view relative, std::string_view cache_control) {
  auto safe = safe_relative_path(relative);
  if (!safe) return error_page(site, 404, "There is no such file.");
  std::error_code ec;
  std::filesystem::path base = std::filesystem::canonical(root, ec);
  if (ec) return error_page(site, 404, "There is no such file.");
  std::filesystem::path file = std::filesystem::canonical(base / *safe, ec);
  if (ec || !std::filesystem::is_regular_file(file, ec)) return error_page(site, 404, "There is no such file.");
  // Symbolic links inside the folder must not lead out of it either.
  auto [root_end, file_it] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (root_end != base.end()) return error_page(site, 404, "There is no such file.");

  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return error_page(site, 404, "There is no such file.");
  const auto mtime = std::filesystem::last_write_time(file, ec);
  if (ec) return error_page(site, 404, "There is no such file.");
  std::shared_ptr<const CachedFile> kept = site.files ? site.files->find(file, size, mtime) : nullptr;
  if (!kept) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return error_page(site, 404, "There is no such file.");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto entry = std::make_shared<CachedFile>();
    entry->body = std::make_shared<const std::string>(std::move(bytes).str());
    // As read: a file changed while it was read is not kept under the time
    // it had before.
    entry->size = entry->body->size();
    entry->modified = mtime;
    if (site.files && entry->size == size) site.files->put(file, entry);
    kept = std::move(entry);
  }
  HttpResponse response;
  response.set_header("Cache-Control", std::string(cache_control));
  // The dispatcher answers 304 to a request that holds this ETag
  // (conditional_response()), as for archive pages.
  response.set_header("ETag", fmt::format("\"{:x}-{:x}\"", kept->size,
                                          static_cast<std::uint64_t>(kept->modified.time_since_epoch().count())));
  // The kept bytes and compressed copies, shared rather than copied.
  response.shared_body = kept->body;
  response.encoded = kept->encoded;
  response.content_type = std::string(content_type_for(file));
  return response;
}

}  // namespace

HttpResponse handle_healthz(const HttpRequest&, RequestContext&) {
  HttpResponse response;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "ok\n";
  response.set_header("Cache-Control", "no-store");
  return response;
}

HttpResponse handle_metrics(const HttpRequest&, RequestContext& context) {
  HttpResponse response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = context.site.metrics.render_prometheus();
  if (context.site.responses) {
    ResponseCacheStats cache = context.site.responses->stats();
    response.body += fmt::format(
        "# HELP chancery_page_cache_lookups_total Archive pages looked up in the page cache, by result.\n"
        "# TYPE chancery_page_cache_lookups_total counter\n"
        "chancery_page_cache_lookups_total{{result=\"hit\"}} {}\n"
        "chancery_page_cache_lookups_total{{result=\"miss\"}} {}\n"
        "# HELP chancery_page_cache_dropped_total Kept pages dropped, by reason.\n"
        "# TYPE chancery_page_cache_dropped_total counter\n"
        "chancery_page_cache_dropped_total{{reason=\"stale\"}} {}\n"
        "chancery_page_cache_dropped_total{{reason=\"budget\"}} {}\n"
        "# HELP chancery_page_cache_entries Pages kept.\n"
        "# TYPE chancery_page_cache_entries gauge\n"
        "chancery_page_cache_entries {}\n"
        "# HELP chancery_page_cache_bytes Estimated memory of the pages kept.\n"
        "# TYPE chancery_page_cache_bytes gauge\n"
        "chancery_page_cache_bytes {}\n",
        cache.hits, cache.misses, cache.stale, cache.evictions, cache.entries, cache.bytes);
  }
  if (context.site.mentions) {
    const MentionCache::Stats kept = context.site.mentions->stats();
    response.body += fmt::format(
        "# HELP chancery_mention_cache_lookups_total Records' mentions of known names looked up for pages and the "
        "API, by result.\n"
        "# TYPE chancery_mention_cache_lookups_total counter\n"
        "chancery_mention_cache_lookups_total{{result=\"hit\"}} {}\n"
        "chancery_mention_cache_lookups_total{{result=\"miss\"}} {}\n"
        "# HELP chancery_mention_cache_read_ahead_total Records whose mentions were found ahead, before a page "
        "asked.\n"
        "# TYPE chancery_mention_cache_read_ahead_total counter\n"
        "chancery_mention_cache_read_ahead_total {}\n"
        "# HELP chancery_mention_cache_records Records whose mentions are kept.\n"
        "# TYPE chancery_mention_cache_records gauge\n"
        "chancery_mention_cache_records {}\n"
        "# HELP chancery_mention_cache_bytes Estimated memory of the mentions kept.\n"
        "# TYPE chancery_mention_cache_bytes gauge\n"
        "chancery_mention_cache_bytes {}\n",
        kept.hits, kept.misses, kept.read_ahead, kept.records, kept.bytes);
  }
  if (context.site.images) {
    const images::ImageRenderer::Stats scans = context.site.images->stats();
    response.body += fmt::format(
        "# HELP chancery_scan_cache_lookups_total Decoded scans looked up for IIIF image requests, by result.\n"
        "# TYPE chancery_scan_cache_lookups_total counter\n"
        "chancery_scan_cache_lookups_total{{result=\"hit\"}} {}\n"
        "chancery_scan_cache_lookups_total{{result=\"miss\"}} {}\n"
        "# HELP chancery_scan_cache_bytes Decoded scans kept in memory.\n"
        "# TYPE chancery_scan_cache_bytes gauge\n"
        "chancery_scan_cache_bytes {}\n",
        scans.hits, scans.misses, scans.bytes);
  }
  if (context.site.index_headings) {
    response.body += fmt::format(
        "# HELP chancery_printed_index_reads_total Volumes' printed indexes read for the headings on their "
        "document pages, and headings kept across a change of the archive that left their volume alone.\n"
        "# TYPE chancery_printed_index_reads_total counter\n"
        "chancery_printed_index_reads_total{{result=\"read\"}} {}\n"
        "chancery_printed_index_reads_total{{result=\"kept\"}} {}\n",
        context.site.index_headings->reads(), context.site.index_headings->kept_across_changes());
  }
  if (block_cache::capacity() > 0) {
    const block_cache::Stats blocks = block_cache::stats();
    response.body += fmt::format(
        "# HELP chancery_index_block_reads_total Index blocks read, by where they came from: the reading "
        "thread's own slots, the shared cache, the disk.\n"
        "# TYPE chancery_index_block_reads_total counter\n"
        "chancery_index_block_reads_total{{source=\"thread\"}} {}\n"
        "chancery_index_block_reads_total{{source=\"cache\"}} {}\n"
        "chancery_index_block_reads_total{{source=\"disk\"}} {}\n"
        "# HELP chancery_index_block_cache_bytes Index blocks kept in memory.\n"
        "# TYPE chancery_index_block_cache_bytes gauge\n"
        "chancery_index_block_cache_bytes {}\n",
        blocks.near_hits, blocks.hits - blocks.near_hits, blocks.misses, blocks.bytes);
  }
  response.body += fmt::format(
      "# HELP chancery_facet_tables_built_total Facet tables decoded from the index (one for each index "
      "revision searched, shared by the workers).\n"
      "# TYPE chancery_facet_tables_built_total counter\n"
      "chancery_facet_tables_built_total {}\n"
      "# HELP chancery_related_tables_total Tables of related records found ahead (one for each index "
      "revision served, shared by the workers).\n"
      "# TYPE chancery_related_tables_total counter\n"
      "chancery_related_tables_total {}\n"
      "# HELP chancery_related_found_ahead_total Records whose related records were found ahead, at idle "
      "priority.\n"
      "# TYPE chancery_related_found_ahead_total counter\n"
      "chancery_related_found_ahead_total {}\n"
      "# HELP chancery_related_answers_ahead_total Document pages' related records read from a table "
      "rather than matched.\n"
      "# TYPE chancery_related_answers_ahead_total counter\n"
      "chancery_related_answers_ahead_total {}\n"
      "# HELP chancery_collection_text_indexes_built_total The collections' texts indexed for search (one for "
      "each state of the texts, shared by the workers; the server makes the first at start).\n"
      "# TYPE chancery_collection_text_indexes_built_total counter\n"
      "chancery_collection_text_indexes_built_total {}\n",
      facet_tables_built(), related_tables_made(), related_records_found_ahead(), related_answers_from_tables(),
      collection_text_searches_built());
  response.set_header("Cache-Control", "no-store");
  return response;
}

HttpResponse handle_static(const HttpRequest&, RequestContext& context) {
  return serve_file(context.site, context.site.static_dir, context.capture, "public, max-age=3600");
}

HttpResponse handle_openapi(const HttpRequest&, RequestContext& context) {
  HttpResponse response =
      serve_file(context.site, context.site.api_dir, "openapi.json", "public, max-age=300");
  if (response.status == 404) return problem_response(404, "The OpenAPI document is missing.");
  return response;
}

}  // namespace chancery::web
