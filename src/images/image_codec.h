// Scanned page images: checking them when an archivist adds them, and making
// what an IIIF image request asks for. The one place that calls libvips
// (Debian's libvips), whose exceptions stop here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "images/iiif_image_request.h"
#include "util/error.h"

namespace chancery::images {

// Bounds of an image an archive accepts: its file and its pixels (a larger
// scan is refused before it is decoded).
inline constexpr std::size_t kMaxImageBytes = std::size_t{64} << 20;
inline constexpr std::int64_t kMaxImagePixels = 200'000'000;
inline constexpr int kMaxImageSide = 60'000;

struct ImageInfo {
  std::string media_type;   // image/jpeg, image/png, image/tiff or image/webp
  int width = 0;
  int height = 0;
};

// Checks that `bytes` hold one whole JPEG, PNG, TIFF or WebP image within
// the bounds, decoding every pixel once. kInvalidInput says what is wrong
// (another format, a truncated or damaged file, too large).
Result<ImageInfo> probe_image(std::string_view bytes);

// Makes the image `plan` describes from the scan in `bytes` (which
// probe_image accepted): crops, scales, mirrors, rotates, changes quality and
// encodes, without metadata. A JPEG is decoded at 1/2, 1/4 or 1/8 of its size
// when that still covers the output. kInvalidInput when the bytes no longer
// decode; kInternal for a failure inside the library.
Result<std::string> render_image(std::string_view bytes, const ImagePlan& plan);

// Renders IIIF image requests, keeping the scans it decoded in memory for
// the next requests of the same page (a viewer asks for many tiles of one
// page; decoding a 300 dpi page takes far longer than cutting and encoding a
// tile): least recently used out beyond a byte budget. A scan whose decoded
// pixels would take more than half the budget is streamed through each
// request instead, never held whole. Thread-safe; one per server.
class ImageRenderer {
 public:
  explicit ImageRenderer(std::size_t cache_bytes);
  ~ImageRenderer();
  ImageRenderer(const ImageRenderer&) = delete;
  ImageRenderer& operator=(const ImageRenderer&) = delete;

  // As render_image, for the scan kept under `key` (its SHA-256) with
  // `media_type`; `read` gives the scan's bytes and is called only when no
  // decoded copy at the scale the plan needs is kept.
  Result<std::string> render(const std::string& key, std::string_view media_type, const ImagePlan& plan,
                             const std::function<Result<std::string>()>& read);

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t bytes = 0;     // decoded pixels kept
    std::size_t entries = 0;
  };
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The bytes of the image file `path`, at most kMaxImageBytes: kIo when it
// cannot be read, kInvalidInput when it is larger (errors name the file).
Result<std::string> read_image_file(const std::filesystem::path& path);

// The SHA-256 of `bytes` in 64 lower-case hex digits: the key a scan is kept
// under (Store::put_blob).
std::string sha256_hex(std::string_view bytes);

}  // namespace chancery::images
