// Scanned pages of a record: the page images an archivist adds after the
// record was published (a volume's facsimiles, a document's photographs).
// Kept as one revisioned entity per record (EntityKind::kScans, id = the
// record's id) that lists the pages in reading order; each image is kept once,
// exactly as added, under its SHA-256 (Store::put_blob).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "util/error.h"

namespace chancery {

inline constexpr std::size_t kMaxScanPages = 5000;       // pages of one record
inline constexpr std::size_t kMaxScanLabel = 200;        // bytes of a page's label
inline constexpr std::size_t kMaxScanFileName = 255;

struct ScanPage {
  std::string image;        // SHA-256 of the image file, 64 lower-case hex digits
  std::string media_type;   // image/jpeg, image/png, image/tiff, image/webp
  int width = 0;
  int height = 0;
  std::int64_t bytes = 0;
  std::string label;        // "p. 67", "f. 12v": what a reader calls the page
  std::string file;         // the file's name as the archivist added it

  bool operator==(const ScanPage&) const = default;
};

struct ScanSet {
  std::string record;
  std::vector<ScanPage> pages;

  bool operator==(const ScanSet&) const = default;
};

// Whether `text` is 64 lower-case hex digits.
bool is_sha256_hex(std::string_view text);

// Checks a page list before it is stored: at least one page and at most
// kMaxScanPages, each with a SHA-256, a known media type, a size, and a
// label and file name within bounds, in clean UTF-8. kInvalidInput names the
// page and the problem.
Result<void> validate_scan_set(const ScanSet& scans);

// The stored JSON (canonical: sorted keys, no whitespace) and back; reading
// validates as validate_scan_set does.
std::string scan_set_to_json(const ScanSet& scans);
Result<ScanSet> scan_set_from_json(std::string_view text);
// The same as a JSON object (the "scans" array of an export file).
nlohmann::json scan_set_json(const ScanSet& scans);
Result<ScanSet> scan_set_from_json_object(const nlohmann::json& j);

// The file name of a page's image in an export's images/ folder:
// "SHA256.jpg" (.png, .tif, .webp by its media type).
std::string scan_image_file_name(const ScanPage& page);

}  // namespace chancery
