#include "web/iiif_documents.h"

#include <fmt/format.h>

#include "web/url.h"
#include "web/views.h"

namespace chancery::web {
namespace {

using nlohmann::json;

constexpr int kThumbnailSide = 200;
constexpr int kTileSide = 512;

json language_map(std::string_view text, std::string_view language = "none") {
  return json{{std::string(language), json::array({std::string(text)})}};
}

json label_value(std::string_view label, std::string_view value) {
  return json{{"label", language_map(label, "en")}, {"value", language_map(value)}};
}

json image_service(const std::string& service) {
  return json::array({json{{"id", service}, {"type", "ImageService3"}, {"profile", "level2"}}});
}

}  // namespace

std::string iiif_image_path(std::string_view record_id, std::size_t page) {
  return "/iiif/image/" + percent_encode(record_id, true) + "/" + std::to_string(page);
}
std::string iiif_manifest_path(std::string_view record_id) { return "/iiif/manifest/" + percent_encode(record_id, true); }
std::string iiif_collection_path(std::string_view collection_id) {
  return "/iiif/collection/" + percent_encode(collection_id, true);
}

json iiif_image_info(const std::string& service, const ScanPage& page, const images::ImageLimits& limits) {
  // A few whole-image sizes a viewer can ask for without knowing the rest.
  json sizes = json::array();
  int fw = 0, fh = 0;
  images::fit_within_limits(page.width, page.height, limits, fw, fh);
  for (int divisor : {16, 8, 4, 2, 1}) {
    const int w = fw / divisor, h = fh / divisor;
    if (w >= 64 && h >= 64) sizes.push_back({{"width", w}, {"height", h}});
  }
  // Tiles for deep zoom: 512 pixels square at every power-of-two scale
  // down to the one that shows the whole page in one tile.
  json scale_factors = json::array();
  for (int factor = 1; factor <= 64; factor *= 2) {
    scale_factors.push_back(factor);
    if (page.width / factor <= kTileSide && page.height / factor <= kTileSide) break;
  }
  json tiles = json::array({json{{"width", kTileSide}, {"height", kTileSide}, {"scaleFactors", scale_factors}}});
  return json{{"@context", "http://iiif.io/api/image/3/context.json"},
              {"id", service},
              {"type", "ImageService3"},
              {"protocol", "http://iiif.io/api/image"},
              {"profile", "level2"},
              {"width", page.width},
              {"height", page.height},
              {"maxWidth", limits.max_width},
              {"maxHeight", limits.max_height},
              {"maxArea", limits.max_area},
              {"sizes", sizes},
              {"tiles", tiles},
              {"extraQualities", json::array({"color", "gray", "bitonal"})},
              {"extraFormats", json::array({"webp"})},
              {"extraFeatures", json::array({"mirroring", "sizeUpscaling"})}};
}

json iiif_manifest(const std::string& base_url, const Record& record, const ScanSet& scans,
                   const images::ImageLimits& limits) {
  const std::string manifest_id = base_url + iiif_manifest_path(record.id);
  json canvases = json::array();
  for (std::size_t i = 0; i < scans.pages.size(); ++i) {
    const ScanPage& page = scans.pages[i];
    const std::string service = base_url + iiif_image_path(record.id, i + 1);
    const std::string canvas = manifest_id + "/canvas/p" + std::to_string(i + 1);
    int fw = 0, fh = 0;
    images::fit_within_limits(page.width, page.height, limits, fw, fh);
    images::ImageLimits thumb_limits{kThumbnailSide, kThumbnailSide, std::int64_t{kThumbnailSide} * kThumbnailSide};
    int tw = 0, th = 0;
    images::fit_within_limits(page.width, page.height, thumb_limits, tw, th);
    json body = {{"id", service + "/full/max/0/default.jpg"},
                 {"type", "Image"},
                 {"format", "image/jpeg"},
                 {"width", fw},
                 {"height", fh},
                 {"service", image_service(service)}};
    json annotation = {{"id", canvas + "/annotation"},
                       {"type", "Annotation"},
                       {"motivation", "painting"},
                       {"body", std::move(body)},
                       {"target", canvas}};
    canvases.push_back(
        {{"id", canvas},
         {"type", "Canvas"},
         {"label", language_map(page.label.empty() ? std::to_string(i + 1) : page.label)},
         {"width", page.width},
         {"height", page.height},
         {"thumbnail", json::array({json{{"id", fmt::format("{}/full/{},{}/0/default.jpg", service, tw, th)},
                                         {"type", "Image"},
                                         {"format", "image/jpeg"},
                                         {"width", tw},
                                         {"height", th},
                                         {"service", image_service(service)}}})},
         {"items", json::array({json{{"id", canvas + "/page"},
                                     {"type", "AnnotationPage"},
                                     {"items", json::array({std::move(annotation)})}}})}});
  }
  json metadata = json::array();
  const std::string date = display_date(record.date);
  if (!date.empty()) metadata.push_back(label_value("Date", date));
  if (!record.place.empty()) metadata.push_back(label_value("Place", record.place));
  if (!record.citation.archive.empty() || !record.citation.reference.empty()) {
    std::string held = record.citation.archive;
    if (!record.citation.reference.empty()) held += (held.empty() ? "" : ", ") + record.citation.reference;
    metadata.push_back(label_value("Archival reference", held));
  }
  if (!record.archive.empty()) metadata.push_back(label_value("Archive", record.archive));
  if (!record.source.empty()) metadata.push_back(label_value("Source", record.source));
  if (!record.languages.empty()) {
    std::string languages;
    for (const std::string& l : record.languages) languages += (languages.empty() ? "" : ", ") + l;
    metadata.push_back(label_value("Original language", languages));
  }
  metadata.push_back(label_value("Identifier", record.id));

  json manifest = {{"@context", "http://iiif.io/api/presentation/3/context.json"},
                   {"id", manifest_id},
                   {"type", "Manifest"},
                   {"label", language_map(record.title.empty() ? record.id : record.title)},
                   {"metadata", std::move(metadata)},
                   {"homepage", json::array({json{{"id", base_url + document_path(record.id)},
                                                  {"type", "Text"},
                                                  {"label", language_map(record.title.empty() ? record.id : record.title)},
                                                  {"format", "text/html"}}})},
                   {"seeAlso", json::array({json{{"id", base_url + "/api/v1/documents/" + percent_encode(record.id, true)},
                                                 {"type", "Dataset"},
                                                 {"format", "application/json"}}})},
                   {"items", std::move(canvases)}};
  if (!record.summary.empty()) manifest["summary"] = language_map(record.summary, "en");
  const std::string attribution = !record.credits.empty() ? record.credits : record.citation.publisher;
  if (!attribution.empty()) {
    manifest["requiredStatement"] = json{{"label", language_map("Attribution", "en")}, {"value", language_map(attribution)}};
  }
  // IIIF's rights is a licence URI; a statement in words goes with the attribution.
  if (record.rights.starts_with("http://") || record.rights.starts_with("https://")) manifest["rights"] = record.rights;
  if (!record.collections.empty()) {
    json part_of = json::array();
    part_of.push_back({{"id", base_url + iiif_collection_path(record.collections.back())}, {"type", "Collection"}});
    manifest["partOf"] = std::move(part_of);
  }
  return manifest;
}

json iiif_collection(const std::string& base_url, const std::string& collection_id, const std::string& title,
                     const std::vector<IiifCollectionItem>& items) {
  json list = json::array();
  for (const IiifCollectionItem& item : items) {
    list.push_back({{"id", base_url + (item.is_collection ? iiif_collection_path(item.id) : iiif_manifest_path(item.id))},
                    {"type", item.is_collection ? "Collection" : "Manifest"},
                    {"label", language_map(item.title.empty() ? item.id : item.title)}});
  }
  return json{{"@context", "http://iiif.io/api/presentation/3/context.json"},
              {"id", base_url + iiif_collection_path(collection_id)},
              {"type", "Collection"},
              {"label", language_map(title.empty() ? collection_id : title)},
              {"homepage", json::array({json{{"id", base_url + collection_path(collection_id)},
                                             {"type", "Text"},
                                             {"label", language_map(title.empty() ? collection_id : title)},
                                             {"format", "text/html"}}})},
              {"items", std::move(list)}};
}

}  // namespace chancery::web
