// The IIIF documents the reading room serves for scanned pages: the Image API
// 3.0 info.json of one page and the Presentation API 3.0 manifest of a
// record's pages and collection of a volume's. Pure functions of what they
// are given, so tests can check them without a server.
// https://iiif.io/api/image/3.0/  https://iiif.io/api/presentation/3.0/
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "images/iiif_image_request.h"
#include "model/record.h"
#include "model/scan.h"

namespace chancery::web {

// Paths (percent-encoded, '/' of ids kept): "/iiif/image/ID/N" for page N
// (1-based) of record ID, "/iiif/manifest/ID", "/iiif/collection/ID".
std::string iiif_image_path(std::string_view record_id, std::size_t page);
std::string iiif_manifest_path(std::string_view record_id);
std::string iiif_collection_path(std::string_view collection_id);

// The info.json of one page; `service` is its absolute base URI.
nlohmann::json iiif_image_info(const std::string& service, const ScanPage& page,
                               const images::ImageLimits& limits);

// A record's manifest: its pages as canvases, each painted by its image with
// that image's service; the record's title, date, citation, summary and
// credits as label, metadata, summary and required statement; links to its
// page and JSON. `base_url` is "http://host:port". `collections` are the
// record's collections, outermost first, given as partOf.
nlohmann::json iiif_manifest(const std::string& base_url, const Record& record, const ScanSet& scans,
                             const images::ImageLimits& limits);

struct IiifCollectionItem {
  std::string id;
  std::string title;
  bool is_collection = false;   // a sub-collection, else a record's manifest
};
// A collection of manifests (records with pages) and sub-collections.
nlohmann::json iiif_collection(const std::string& base_url, const std::string& collection_id,
                               const std::string& title, const std::vector<IiifCollectionItem>& items);

}  // namespace chancery::web
