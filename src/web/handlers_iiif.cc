// IIIF for scanned pages: the Image API 3.0 (level 2) under /iiif/image/,
// Presentation API 3.0 manifests under /iiif/manifest/ and collections under
// /iiif/collection/. A restricted record's pages are closed as its text is
// (403); every answer allows any origin, as IIIF viewers run elsewhere.
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "archive/archive.h"
#include "images/image_codec.h"
#include "images/iiif_image_request.h"
#include "web/handlers.h"
#include "web/iiif_documents.h"
#include "web/responses.h"
#include "web/site.h"

namespace chancery::web {
namespace {

const images::ImageLimits kLimits{};

HttpResponse with_cors(HttpResponse response) {
  response.set_header("Access-Control-Allow-Origin", "*");
  return response;
}

HttpResponse problem(int status, std::string_view detail) { return with_cors(problem_response(status, detail)); }

HttpResponse problem_with_cors(const Error& error) { return with_cors(problem_from(error)); }

// JSON-LD when the client asks for it (Accept), else plain JSON.
HttpResponse linked_data(const HttpRequest& request, const nlohmann::json& body, std::string_view context) {
  HttpResponse response = json_response(body);
  if (request.header("accept").find("application/ld+json") != std::string::npos) {
    response.content_type = fmt::format("application/ld+json;profile=\"{}\"", context);
  }
  return with_cors(std::move(response));
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      parts.push_back(path.substr(start));
      break;
    }
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string_view>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out;
}

// A record's pages as a reader may see them: kNotFound for no record or no
// pages; `closed` when a restriction is in force.
struct OpenScans {
  Record record;
  ScanSet scans;
  bool closed = false;
};

Result<OpenScans> open_scans(Archive& archive, const std::string& record_id) {
  auto record = archive.record(record_id);
  if (!record) return std::unexpected(record.error());
  auto restriction = archive.restriction(*record);
  if (!restriction) return std::unexpected(restriction.error());
  auto scans = archive.scans(record_id);
  if (!scans) return std::unexpected(scans.error());
  if (!*scans) return fail(ErrorCode::kNotFound, "record " + record_id + " has no scanned pages");
  return OpenScans{std::move(*record), std::move(**scans), restriction->has_value()};
}

// 410 for a withdrawn record's pages and manifest (a viewer says why);
// nullopt for any other record.
std::optional<HttpResponse> withdrawn_scans(Archive& archive, const std::string& record_id) {
  auto withdrawal = archive.withdrawal(record_id);
  if (!withdrawal || !*withdrawal) return std::nullopt;
  const Annotation& a = (*withdrawal)->annotation;
  return problem(410, "Record " + record_id + " was withdrawn from the archive on " + a.created.substr(0, 10) +
                          ": " + a.text);
}

constexpr std::string_view kClosed = "This record is closed to readers for now; so are its scanned pages.";

}  // namespace

// /iiif/image/{record id}/{page}[/info.json | /{region}/{size}/{rotation}/{quality}.{format}]
HttpResponse handle_iiif_image(const HttpRequest& request, RequestContext& context) {
  const std::vector<std::string_view> parts = split_path(context.capture);
  enum class Asked { kBase, kInfo, kImage } asked = Asked::kBase;
  std::size_t identifier_parts = parts.size();
  if (parts.size() >= 3 && parts.back() == "info.json") {
    asked = Asked::kInfo;
    identifier_parts = parts.size() - 1;
  } else if (parts.size() >= 6 && parts.back().find('.') != std::string_view::npos) {
    asked = Asked::kImage;
    identifier_parts = parts.size() - 4;
  }
  if (identifier_parts < 2) return problem(404, "An image is /iiif/image/RECORD/PAGE/...");
  const std::string_view page_text = parts[identifier_parts - 1];
  std::size_t page = 0;
  for (char c : page_text) {
    if (c < '0' || c > '9' || page > kMaxScanPages) return problem(404, "no such page");
    page = page * 10 + static_cast<std::size_t>(c - '0');
  }
  if (page == 0) return problem(404, "no such page: pages are numbered from 1");
  const std::string record_id = join(parts, identifier_parts - 1);
  const std::string service = context.site.base_url + iiif_image_path(record_id, page);
  if (asked == Asked::kBase) {
    HttpResponse redirect;
    redirect.status = 303;
    redirect.content_type = "text/plain; charset=utf-8";
    redirect.set_header("Location", service + "/info.json");
    return with_cors(std::move(redirect));
  }

  auto found = open_scans(*context.archive, record_id);
  if (!found && found.error().code == ErrorCode::kNotFound) {
    if (auto gone = withdrawn_scans(*context.archive, record_id)) return std::move(*gone);
  }
  if (!found) return problem_with_cors(found.error());
  if (found->closed) return problem(403, kClosed);
  if (page > found->scans.pages.size()) {
    return problem(404, fmt::format("record {} has {} scanned pages", record_id, found->scans.pages.size()));
  }
  const ScanPage& scan = found->scans.pages[page - 1];
  if (asked == Asked::kInfo) {
    HttpResponse response = linked_data(request, iiif_image_info(service, scan, kLimits),
                                        "http://iiif.io/api/image/3/context.json");
    response.set_header("Link", "<http://iiif.io/api/image/3/level2.json>;rel=\"profile\"");
    return response;
  }
  const std::size_t n = parts.size();
  auto parsed = images::parse_iiif_image_request(parts[n - 4], parts[n - 3], parts[n - 2], parts[n - 1]);
  if (!parsed) return problem(parsed.error().status, parsed.error().message);
  auto plan = images::plan_iiif_image(*parsed, scan.width, scan.height, kLimits);
  if (!plan) return problem(plan.error().status, plan.error().message);
  Archive& archive = *context.archive;
  auto read = [&archive, &scan]() -> Result<std::string> {
    auto blob = archive.scan_image(scan);
    if (!blob) return std::unexpected(blob.error());
    return std::move(blob->bytes);
  };
  Result<std::string> rendered;
  if (context.site.images) {
    rendered = context.site.images->render(scan.image, scan.media_type, *plan, read);
  } else if (auto bytes = read()) {
    rendered = images::render_image(*bytes, *plan);
  } else {
    rendered = std::unexpected(bytes.error());
  }
  if (!rendered) return problem_with_cors(rendered.error());
  HttpResponse response;
  response.content_type = std::string(images::format_media_type(plan->format));
  response.body = std::move(*rendered);
  response.set_header("Link", "<http://iiif.io/api/image/3/level2.json>;rel=\"profile\"");
  return with_cors(std::move(response));
}

// /iiif/manifest/{record id}
HttpResponse handle_iiif_manifest(const HttpRequest& request, RequestContext& context) {
  auto found = open_scans(*context.archive, context.capture);
  if (!found && found.error().code == ErrorCode::kNotFound) {
    if (auto gone = withdrawn_scans(*context.archive, context.capture)) return std::move(*gone);
  }
  if (!found) return problem_with_cors(found.error());
  if (found->closed) return problem(403, kClosed);
  return linked_data(request, iiif_manifest(context.site.base_url, found->record, found->scans, kLimits),
                     "http://iiif.io/api/presentation/3/context.json");
}

// /iiif/collection/{collection id}: its sub-collections and the manifests of
// its own records that have pages and are open.
HttpResponse handle_iiif_collection(const HttpRequest& request, RequestContext& context) {
  Archive& archive = *context.archive;
  auto collection = archive.collection(context.capture);
  if (!collection) return problem_with_cors(collection.error());
  auto children = archive.collections(collection->id);
  if (!children) return problem_with_cors(children.error());
  std::vector<IiifCollectionItem> items;
  for (const Collection& child : *children) items.push_back({child.id, child.title, true});
  auto with_pages = archive.store().list_meta(EntityKind::kScans);
  if (!with_pages) return problem_with_cors(with_pages.error());
  std::unordered_set<std::string> scanned;
  for (const Revision& r : *with_pages) scanned.insert(r.id);
  std::vector<std::string> outer;   // the collection's own trail, for restrictions
  for (auto at = std::optional<Collection>(*collection); at && !at->parent.empty();) {
    outer.insert(outer.begin(), at->parent);
    auto parent = archive.collection(at->parent);
    at = parent ? std::optional<Collection>(std::move(*parent)) : std::nullopt;
  }
  outer.push_back(collection->id);
  for (const std::string& id : collection->record_ids) {
    if (!scanned.contains(id)) continue;
    auto closed = archive.restriction_of(id, outer);
    if (!closed) return problem_with_cors(closed.error());
    if (*closed) continue;
    auto meta = archive.store().latest_meta(EntityKind::kRecord, id);
    if (!meta) return problem_with_cors(meta.error());
    if (*meta) items.push_back({id, (*meta)->meta.title, false});
  }
  return linked_data(request, iiif_collection(context.site.base_url, collection->id, collection->title, items),
                     "http://iiif.io/api/presentation/3/context.json");
}

}  // namespace chancery::web
