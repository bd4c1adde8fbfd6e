// The reading room's URL space, in one place. Handlers live in handlers_*.cc.
// `uses_archive` routes run on the worker pool with that worker's Archive.
#include "web/handlers.h"
#include "web/router.h"

namespace chancery::web {

void register_routes(Router& router) {
  constexpr bool kArchive = true;
  constexpr bool kInline = false;

  // Pages
  router.add("home", "/", kArchive, handle_home);
  router.add("search", "/search", kArchive, handle_search_page);
  router.add("texts", "/texts", kArchive, handle_texts_page);
  // search.ris .bib .json, and list.ris .bib .json (a list's ids may come in a form POST)
  router.add("search_export", "/export/{file}", kArchive, handle_search_export, /*takes_form_post=*/true);
  router.add("list", "/list", kArchive, handle_list_page, /*takes_form_post=*/true);   // ?id=A&id=B
  router.add("document", "/document/{id}", kArchive, handle_document);  // also {id}.ris .bib .json .txt
  router.add("collection", "/collection/{id}", kArchive, handle_collection);
  router.add("printed_index", "/printed-index/{id}", kArchive, handle_printed_index);   // ?q= keeps entries with it
  router.add("history", "/history/{id}", kArchive, handle_history);
  router.add("changes", "/changes/{id}", kArchive, handle_changes);   // ?from=N&to=M
  router.add("person", "/people/{id}", kArchive, handle_authority_person);  // authority, else persons-list entry
  router.add("organisation", "/organisations/{id}", kArchive, handle_authority_organisation);
  router.add("place", "/places/{id}", kArchive, handle_authority_place);  // authority, else a place name
  router.add("timeline", "/timeline", kArchive, handle_timeline);
  router.add("feed", "/feed.atom", kArchive, handle_feed);   // documents added and revised (Atom)

  // JSON API
  router.add("api_openapi", "/api/v1/openapi.json", kInline, handle_openapi);
  router.add("api_search", "/api/v1/search", kArchive, handle_api_search);
  router.add("api_texts", "/api/v1/texts", kArchive, handle_api_texts);
  router.add("api_document", "/api/v1/documents/{id}", kArchive, handle_api_document);
  router.add("api_history", "/api/v1/history/{id}", kArchive, handle_api_history);
  router.add("api_changes", "/api/v1/changes/{id}", kArchive, handle_api_changes);
  router.add("api_collections", "/api/v1/collections", kArchive, handle_api_collections);
  router.add("api_collection", "/api/v1/collections/{id}", kArchive, handle_api_collection);
  router.add("api_printed_index", "/api/v1/printed-indexes/{id}", kArchive, handle_api_printed_index);
  router.add("api_person", "/api/v1/people/{id}", kArchive, handle_authority_api_person);
  router.add("api_organisation", "/api/v1/organisations/{id}", kArchive, handle_authority_api_organisation);
  router.add("api_place", "/api/v1/places/{id}", kArchive, handle_authority_api_place);

  // Harvesting: OAI-PMH 2.0 (GET, and POST of a form as the protocol requires)
  router.add("oai", "/oai", kArchive, handle_oai, /*takes_form_post=*/true);

  // IIIF: scanned pages (Image API 3.0), manifests and collections (Presentation 3.0)
  router.add("iiif_image", "/iiif/image/{path}", kArchive, handle_iiif_image);
  router.add("iiif_manifest", "/iiif/manifest/{id}", kArchive, handle_iiif_manifest);
  router.add("iiif_collection", "/iiif/collection/{id}", kArchive, handle_iiif_collection);

  // Crawlers: what is public, and where the endless pages are
  router.add("robots", "/robots.txt", kInline, handle_robots);
  router.add("sitemap", "/sitemap.xml", kArchive, handle_sitemap_index);
  router.add("sitemap_file", "/sitemap/{file}", kArchive, handle_sitemap_file);   // pages, documents, authorities

  // Operations and assets
  router.add("healthz", "/healthz", kInline, handle_healthz);
  router.add("metrics", "/metrics", kInline, handle_metrics);
  router.add("static", "/static/{path}", kInline, handle_static);
}

}  // namespace chancery::web
