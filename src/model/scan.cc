#include "model/scan.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/annotation.h"

namespace chancery {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 4> kMediaTypes = {"image/jpeg", "image/png", "image/tiff", "image/webp"};
constexpr int kMaxSide = 1'000'000;

Result<void> check_page(const ScanPage& page, std::size_t number) {
  auto bad = [number](std::string what) {
    return fail(ErrorCode::kInvalidInput, fmt::format("scan page {}: {}", number, what));
  };
  if (!is_sha256_hex(page.image)) return bad("image must be a SHA-256 in 64 lower-case hex digits");
  if (std::find(kMediaTypes.begin(), kMediaTypes.end(), page.media_type) == kMediaTypes.end()) {
    return bad("media type must be image/jpeg, image/png, image/tiff or image/webp");
  }
  if (page.width <= 0 || page.height <= 0 || page.width > kMaxSide || page.height > kMaxSide) {
    return bad("width and height must be positive");
  }
  if (page.bytes <= 0) return bad("bytes must be positive");
  if (page.label.size() > kMaxScanLabel || !is_clean_text(page.label)) {
    return bad(fmt::format("the label must be clean UTF-8 of at most {} bytes", kMaxScanLabel));
  }
  if (page.file.size() > kMaxScanFileName || !is_clean_text(page.file) ||
      page.file.find('/') != std::string::npos) {
    return bad(fmt::format("the file name must be clean UTF-8 of at most {} bytes, without '/'", kMaxScanFileName));
  }
  return {};
}

}  // namespace

bool is_sha256_hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<void> validate_scan_set(const ScanSet& scans) {
  if (scans.record.empty()) return fail(ErrorCode::kInvalidInput, "scans: no record id");
  if (scans.pages.empty()) return fail(ErrorCode::kInvalidInput, "scans: no pages");
  if (scans.pages.size() > kMaxScanPages) {
    return fail(ErrorCode::kInvalidInput,
                fmt::format("scans: {} pages; a record may have at most {}", scans.pages.size(), kMaxScanPages));
  }
  for (std::size_t i = 0; i < scans.pages.size(); ++i) {
    if (auto r = check_page(scans.pages[i], i + 1); !r) return r;
  }
  return {};
}

json scan_set_json(const ScanSet& scans) {
  json pages = json::array();
  for (const ScanPage& page : scans.pages) {
    pages.push_back({{"bytes", page.bytes},
                     {"file", page.file},
                     {"height", page.height},
                     {"image", page.image},
                     {"label", page.label},
                     {"media_type", page.media_type},
                     {"width", page.width}});
  }
  return json{{"pages", std::move(pages)}, {"record", scans.record}};
}

std::string scan_set_to_json(const ScanSet& scans) { return scan_set_json(scans).dump(); }

Result<ScanSet> scan_set_from_json_object(const json& j) {
  ScanSet scans;
  try {
    if (!j.is_object()) return fail(ErrorCode::kInvalidInput, "scans: not an object");
    scans.record = j.at("record").get<std::string>();
    const json& pages = j.at("pages");
    if (!pages.is_array()) return fail(ErrorCode::kInvalidInput, "scans: pages must be a list");
    if (pages.size() > kMaxScanPages) return fail(ErrorCode::kInvalidInput, "scans: too many pages");
    for (const json& p : pages) {
      ScanPage page;
      page.image = p.at("image").get<std::string>();
      page.media_type = p.at("media_type").get<std::string>();
      page.width = p.at("width").get<int>();
      page.height = p.at("height").get<int>();
      page.bytes = p.at("bytes").get<std::int64_t>();
      page.label = p.value("label", std::string());
      page.file = p.value("file", std::string());
      scans.pages.push_back(std::move(page));
    }
  } catch (const json::exception& e) {
    return fail(ErrorCode::kInvalidInput, std::string("scans: ") + e.what());
  }
  if (auto r = validate_scan_set(scans); !r) return std::unexpected(r.error());
  return scans;
}

Result<ScanSet> scan_set_from_json(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return fail(ErrorCode::kInvalidInput, "scans: not JSON");
  return scan_set_from_json_object(j);
}

std::string scan_image_file_name(const ScanPage& page) {
  const std::string_view type = page.media_type;
  const char* ext = type == "image/png" ? ".png" : type == "image/tiff" ? ".tif" : type == "image/webp" ? ".webp" : ".jpg";
  return page.image + ext;
}

}  // namespace chancery
