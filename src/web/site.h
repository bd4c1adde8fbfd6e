// What every handler shares: templates, static folders, metrics and the
// site's settings. Built once at start; everything here is safe to use from
// several threads.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "web/metrics.h"
#include "web/sitemap.h"
#include "web/templates.h"

namespace chancery {
class NameDirectory;
namespace images {
class ImageRenderer;
}
}

namespace chancery::web {

class ArchiveVersions;
namespace oai {
class SetTreeCache;
}
class CollectionCache;
class FileCache;
class IndexHeadingsCache;
class MentionCache;
class ResponseCache;

struct Site {
  Templates templates;
  std::filesystem::path static_dir;   // web/static: served under /static/
  std::filesystem::path api_dir;      // web/api: openapi.json
  std::string base_url;               // "http://127.0.0.1:8080", for canonical links
  std::string name = "Chancery";
  // OAI-PMH: the repository part of item identifiers ("oai:REPOSITORY:ID"),
  // which harvesters keep, and the contact Identify names.
  std::string oai_repository = "chancery.local";
  std::string admin_email = "admin@localhost.localdomain";
  // The collections as OAI-PMH sets, while the store is unchanged; null
  // builds them for every request.
  std::shared_ptr<oai::SetTreeCache> oai_sets;
  Metrics metrics;
  // The archive's authority records, for the names mentioned on document
  // pages and in the document API; null shows none. Thread-safe.
  std::shared_ptr<NameDirectory> names;
  // The names each record mentions, found once per record and names
  // snapshot for the pages and the API that show them; null finds them for
  // every request.
  std::shared_ptr<MentionCache> mentions;
  // Finished archive pages kept while the archive stays as they saw it, and
  // the archive's version they are checked against; null keeps none.
  std::shared_ptr<ResponseCache> responses;
  std::shared_ptr<ArchiveVersions> versions;
  // Parsed collections, while the store is unchanged (needs `versions`); null
  // reads them from the archive every time.
  std::shared_ptr<CollectionCache> collections;
  // The headings of volumes' printed indexes by document, while the store
  // is unchanged (needs `versions`); null reads them for every page.
  std::shared_ptr<IndexHeadingsCache> index_headings;
  // Renders IIIF image requests, keeping decoded scans for the next tile of
  // the same page; null renders every request from the scan's bytes.
  std::shared_ptr<images::ImageRenderer> images;
  // The files under static_dir and api_dir, kept with their compressed
  // copies while unchanged on disk; null reads and compresses them for
  // every request.
  std::shared_ptr<FileCache> files;
  // Text responses of 1 KiB or more are sent compressed (zstd or gzip) to
  // clients whose Accept-Encoding takes it (content_encoding.h).
  bool compress = true;
  // URLs in one sitemap file (sitemap.h's kSitemapUrls; tests make it small).
  std::size_t sitemap_urls = kSitemapUrls;
};

// Loads templates from `web_dir`/templates and points the static folders at
// `web_dir`/static and `web_dir`/api. Fails like Templates::load.
Result<std::unique_ptr<Site>> make_site(const std::filesystem::path& web_dir, std::string base_url);

// Where the pages are: $CHANCERY_WEB_DIR if set; else, for an installed
// binary (PREFIX/bin/chancery), PREFIX/share/chancery/web when it holds
// templates/; else this source tree's web/ (CHANCERY_SOURCE_DIR/web).
std::filesystem::path default_web_dir();

}  // namespace chancery::web
