// Thin HTTP handlers: parse the request, call the archive, hand the result to
// a view or serialiser. Routed in routes.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/record.h"

#include "web/http_types.h"
#include "web/router.h"
#include "web/template_data.h"

namespace chancery::web {

// Operations (handlers_site.cc)
HttpResponse handle_healthz(const HttpRequest& request, RequestContext& context);
HttpResponse handle_metrics(const HttpRequest& request, RequestContext& context);
HttpResponse handle_static(const HttpRequest& request, RequestContext& context);
HttpResponse handle_openapi(const HttpRequest& request, RequestContext& context);

// Crawlers (handlers_sitemap.cc): /robots.txt, /sitemap.xml (an index of
// sitemap files) and /sitemap/{pages,documents,authorities}.xml.
HttpResponse handle_robots(const HttpRequest& request, RequestContext& context);
HttpResponse handle_sitemap_index(const HttpRequest& request, RequestContext& context);
HttpResponse handle_sitemap_file(const HttpRequest& request, RequestContext& context);

// Pages (handlers_pages.cc)
HttpResponse handle_home(const HttpRequest& request, RequestContext& context);
HttpResponse handle_search_page(const HttpRequest& request, RequestContext& context);
// /export/search.ris, .bib, .json (CSL-JSON): the citations of a search's
// first kMaxExport results, in one file, with the search page's parameters.
HttpResponse handle_search_export(const HttpRequest& request, RequestContext& context);
// A file of `records` (RIS, BibTeX, CSL-JSON or record-text by `suffix`:
// .ris .bib .json .txt), each entry what the document's own download gives,
// offered as FILE_STEM.SUFFIX.
HttpResponse records_file(Site& site, Archive& archive, const std::vector<Record>& records, std::string_view suffix,
                            std::string_view file_stem);

// A reader's list of documents (handlers_list.cc): /list?id=A&id=B (or the
// ids in a form POST) shows them in that order, closed, withdrawn and
// unknown ones marked; /export/list.ris, .bib, .json (routed through
// handle_search_export) cites those open to readers, and .txt gives their texts.
// Collections' texts (prefaces, sources) a query finds: handlers_texts.cc.
// put_collection_texts adds the best `limit` to a search page's data (has_texts,
// texts, texts_total, texts_url when there are more); nothing for an empty
// query, none found or a failure.
void put_collection_texts(TemplateData& page, Site& site, Archive& archive, const std::string& query,
                          std::size_t limit);
HttpResponse handle_texts_page(const HttpRequest& request, RequestContext& context);
HttpResponse handle_api_texts(const HttpRequest& request, RequestContext& context);
HttpResponse handle_list_page(const HttpRequest& request, RequestContext& context);
HttpResponse handle_list_export(const HttpRequest& request, RequestContext& context, std::string_view suffix);
HttpResponse handle_document(const HttpRequest& request, RequestContext& context);
// The answer at a withdrawn record's addresses (its page, downloads, API,
// history): 410 Gone with when and why, as a page or (api) as problem JSON;
// nullopt when `id` is not withdrawn.
std::optional<HttpResponse> withdrawn_answer(RequestContext& context, const std::string& id, bool api);
HttpResponse handle_collection(const HttpRequest& request, RequestContext& context);
// A volume's printed index (handlers_printed_index.cc): the page, its JSON,
// and its address ("" when the collection has none is the caller's to know).
HttpResponse handle_printed_index(const HttpRequest& request, RequestContext& context);
HttpResponse handle_api_printed_index(const HttpRequest& request, RequestContext& context);
std::string printed_index_url(std::string_view collection_id);
HttpResponse handle_person(const HttpRequest& request, RequestContext& context);
HttpResponse handle_place(const HttpRequest& request, RequestContext& context);
HttpResponse handle_timeline(const HttpRequest& request, RequestContext& context);

// JSON API (handlers_api.cc)
HttpResponse handle_api_search(const HttpRequest& request, RequestContext& context);
HttpResponse handle_api_document(const HttpRequest& request, RequestContext& context);
HttpResponse handle_api_collections(const HttpRequest& request, RequestContext& context);
HttpResponse handle_api_collection(const HttpRequest& request, RequestContext& context);
HttpResponse handle_api_person(const HttpRequest& request, RequestContext& context);
HttpResponse handle_api_place(const HttpRequest& request, RequestContext& context);

// OAI-PMH 2.0 (handlers_oai.cc): every verb, oai_dc records, collections as
// sets; answers are XML (protocol errors too, with status 200).
HttpResponse handle_oai(const HttpRequest& request, RequestContext& context);

// IIIF (handlers_iiif.cc): the Image API 3.0 at level 2 for every scanned
// page (/iiif/image/RECORD/PAGE/...), a Presentation 3.0 manifest for each
// record with pages and a collection for each collection.
HttpResponse handle_iiif_image(const HttpRequest& request, RequestContext& context);
HttpResponse handle_iiif_manifest(const HttpRequest& request, RequestContext& context);
HttpResponse handle_iiif_collection(const HttpRequest& request, RequestContext& context);

// Revisions (handlers_revisions.cc): /history/ID lists a record's revisions
// with what each changed, /changes/ID?from=N&to=M compares two word by word
// (defaults: the latest and the one before); /api/v1/history/ID and
// /api/v1/changes/ID give the same as JSON. 403 while the record is closed.
HttpResponse handle_history(const HttpRequest& request, RequestContext& context);
HttpResponse handle_changes(const HttpRequest& request, RequestContext& context);
HttpResponse handle_api_history(const HttpRequest& request, RequestContext& context);
HttpResponse handle_api_changes(const HttpRequest& request, RequestContext& context);
// /feed.atom: the 50 newest record revisions (documents added and revised)
// as an Atom feed; records closed today are left out.
HttpResponse handle_feed(const HttpRequest& request, RequestContext& context);
// Authority records (handlers_names.cc): an authority id ("person/...") gets
// the authority page or JSON; any other id falls through to handle_person /
// handle_api_person.
// Organisations and places the same way: /organisations/ID is 404 unless an
// authority; /places/ID falls through to handle_place / handle_api_place.
HttpResponse handle_authority_person(const HttpRequest& request, RequestContext& context);
HttpResponse handle_authority_organisation(const HttpRequest& request, RequestContext& context);
HttpResponse handle_authority_place(const HttpRequest& request, RequestContext& context);
HttpResponse handle_authority_api_person(const HttpRequest& request, RequestContext& context);
HttpResponse handle_authority_api_organisation(const HttpRequest& request, RequestContext& context);
HttpResponse handle_authority_api_place(const HttpRequest& request, RequestContext& context);

}  // namespace chancery::web
