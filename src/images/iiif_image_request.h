// The IIIF Image API 3.0 request: the four path segments after an image's
// identifier ("{region}/{size}/{rotation}/{quality}.{format}"), parsed and
// then planned against one image's size and the server's limits. Pure
// functions of their arguments, so they can be fuzzed (fuzz/iiif_fuzzer.cc).
// https://iiif.io/api/image/3.0/#4-image-requests
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "util/error.h"

namespace chancery::images {

enum class RegionKind { kFull, kSquare, kPixels, kPercent };
enum class SizeKind { kMax, kWidth, kHeight, kPercent, kExact, kConfined };
enum class Quality { kDefault, kColor, kGray, kBitonal };
enum class Format { kJpg, kPng, kWebp };

struct IiifImageRequest {
  RegionKind region = RegionKind::kFull;
  double rx = 0, ry = 0, rw = 0, rh = 0;   // pixels or percent
  SizeKind size = SizeKind::kMax;
  bool upscale = false;                    // the "^" prefix
  double sw = 0, sh = 0;                   // pixels, or percent in sw
  bool mirror = false;                     // the "!" prefix of the rotation
  int rotation = 0;                        // 0, 90, 180 or 270
  Quality quality = Quality::kDefault;
  Format format = Format::kJpg;
};

// What the server agrees to make (info.json states them).
struct ImageLimits {
  int max_width = 4000;
  int max_height = 4000;
  std::int64_t max_area = 12'000'000;
};

// Why a request cannot be served: a malformed one (HTTP 400) or a valid one
// asking for what this server does not do (501: arbitrary rotations, formats
// such as gif or pdf).
struct IiifError {
  int status = 400;
  std::string message;
};

template <typename T>
using IiifResult = std::expected<T, IiifError>;

// Parses the four segments; `quality_format` is "default.jpg".
IiifResult<IiifImageRequest> parse_iiif_image_request(std::string_view region, std::string_view size,
                                                      std::string_view rotation, std::string_view quality_format);

// The work a request asks of an image of `width` x `height` pixels: crop
// (x, y, w, h) within the image, scale to out_w x out_h, mirror, rotate,
// change quality, encode. Fails with 400 for a region outside the image, a
// size of zero, a size larger than the region without "^", or one beyond the
// limits ("max" is scaled down to them instead).
struct ImagePlan {
  int x = 0, y = 0, w = 0, h = 0;
  int out_w = 0, out_h = 0;
  bool mirror = false;
  int rotation = 0;
  Quality quality = Quality::kDefault;
  Format format = Format::kJpg;
};
IiifResult<ImagePlan> plan_iiif_image(const IiifImageRequest& request, int width, int height,
                                      const ImageLimits& limits);

// The largest size of a `width` x `height` image within the limits,
// keeping its shape: what "max" gives for the full region.
void fit_within_limits(int width, int height, const ImageLimits& limits, int& out_w, int& out_h);

// "jpg" -> image/jpeg, and the file extension of each format.
std::string_view format_media_type(Format format);
std::string_view format_extension(Format format);

}  // namespace chancery::images
