#include "images/iiif_image_request.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace chancery::images {
namespace {

constexpr double kMaxPixels = 1e9;   // any pixel figure beyond this is malformed, not merely large

std::unexpected<IiifError> bad(std::string message) { return std::unexpected(IiifError{400, std::move(message)}); }
std::unexpected<IiifError> unsupported(std::string message) {
  return std::unexpected(IiifError{501, std::move(message)});
}

// A non-negative decimal ("12", "12.5"; no sign, exponent or spaces).
bool parse_decimal(std::string_view text, double& out) {
  if (text.empty() || text.size() > 32) return false;
  int dots = 0;
  for (char c : text) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  if (dots > 1 || text.front() == '.' || text.back() == '.') return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

// A non-negative integer of at most nine digits.
bool parse_whole(std::string_view text, double& out) {
  if (text.empty() || text.size() > 9) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  out = value;
  return true;
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    parts.push_back(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
    if (parts.size() > 4) break;
  }
  return parts;
}

IiifResult<void> parse_region(std::string_view text, IiifImageRequest& request) {
  if (text == "full") return {};
  if (text == "square") {
    request.region = RegionKind::kSquare;
    return {};
  }
  bool percent = false;
  if (text.starts_with("pct:")) {
    percent = true;
    text.remove_prefix(4);
  }
  const auto parts = split_commas(text);
  if (parts.size() != 4) return bad("region must be full, square, x,y,w,h or pct:x,y,w,h");
  double* values[] = {&request.rx, &request.ry, &request.rw, &request.rh};
  for (std::size_t i = 0; i < 4; ++i) {
    const bool ok = percent ? parse_decimal(parts[i], *values[i]) : parse_whole(parts[i], *values[i]);
    if (!ok) return bad(fmt::format("region: \"{}\" is not a {}", parts[i], percent ? "percentage" : "pixel count"));
  }
  if (request.rw <= 0 || request.rh <= 0) return bad("region: width and height must be greater than zero");
  request.region = percent ? RegionKind::kPercent : RegionKind::kPixels;
  return {};
}

IiifResult<void> parse_size(std::string_view text, IiifImageRequest& request) {
  if (text.starts_with("^")) {
    request.upscale = true;
    text.remove_prefix(1);
  }
  if (text == "max") return {};
  if (text.starts_with("pct:")) {
    if (!parse_decimal(text.substr(4), request.sw)) return bad("size: pct:n needs a number");
    if (request.sw <= 0) return bad("size: a percentage must be greater than zero");
    request.size = SizeKind::kPercent;
    return {};
  }
  bool confined = false;
  if (text.starts_with("!")) {
    confined = true;
    text.remove_prefix(1);
  }
  const auto parts = split_commas(text);
  if (parts.size() != 2) return bad("size must be max, w,, ,h, pct:n, w,h or !w,h (each may start with ^)");
  const bool has_w = !parts[0].empty();
  const bool has_h = !parts[1].empty();
  if (has_w && !parse_whole(parts[0], request.sw)) return bad(fmt::format("size: \"{}\" is not a width", parts[0]));
  if (has_h && !parse_whole(parts[1], request.sh)) return bad(fmt::format("size: \"{}\" is not a height", parts[1]));
  if (!has_w && !has_h) return bad("size: give a width, a height or both");
  if (confined && !(has_w && has_h)) return bad("size: !w,h needs both a width and a height");
  if ((has_w && request.sw <= 0) || (has_h && request.sh <= 0)) return bad("size: must be greater than zero");
  request.size = confined ? SizeKind::kConfined : has_w && has_h ? SizeKind::kExact
                                                  : has_w        ? SizeKind::kWidth
                                                                 : SizeKind::kHeight;
  return {};
}

IiifResult<void> parse_rotation(std::string_view text, IiifImageRequest& request) {
  if (text.starts_with("!")) {
    request.mirror = true;
    text.remove_prefix(1);
  }
  double degrees = 0;
  if (!parse_decimal(text, degrees) || degrees > 360) return bad("rotation must be a number of degrees from 0 to 360");
  const double whole = std::floor(degrees);
  if (whole != degrees || static_cast<int>(whole) % 90 != 0) {
    return unsupported("rotation: only multiples of 90 degrees are supported");
  }
  request.rotation = static_cast<int>(whole) % 360;
  return {};
}

IiifResult<void> parse_quality_format(std::string_view text, IiifImageRequest& request) {
  const std::size_t dot = text.rfind('.');
  if (dot == std::string_view::npos) return bad("the last segment must be quality.format, e.g. default.jpg");
  const std::string_view quality = text.substr(0, dot);
  const std::string_view format = text.substr(dot + 1);
  if (quality == "default") {
    request.quality = Quality::kDefault;
  } else if (quality == "color") {
    request.quality = Quality::kColor;
  } else if (quality == "gray") {
    request.quality = Quality::kGray;
  } else if (quality == "bitonal") {
    request.quality = Quality::kBitonal;
  } else {
    return bad("quality must be default, color, gray or bitonal");
  }
  if (format == "jpg") {
    request.format = Format::kJpg;
  } else if (format == "png") {
    request.format = Format::kPng;
  } else if (format == "webp") {
    request.format = Format::kWebp;
  } else if (format == "tif" || format == "gif" || format == "jp2" || format == "pdf") {
    return unsupported("format: this server makes jpg, png and webp");
  } else {
    return bad("format must be jpg, png or webp");
  }
  return {};
}

int round_positive(double value) { return static_cast<int>(std::max(1.0, std::round(value))); }

}  // namespace

IiifResult<IiifImageRequest> parse_iiif_image_request(std::string_view region, std::string_view size,
                                                      std::string_view rotation, std::string_view quality_format) {
  IiifImageRequest request;
  if (auto r = parse_region(region, request); !r) return std::unexpected(r.error());
  if (auto r = parse_size(size, request); !r) return std::unexpected(r.error());
  if (auto r = parse_rotation(rotation, request); !r) return std::unexpected(r.error());
  if (auto r = parse_quality_format(quality_format, request); !r) return std::unexpected(r.error());
  return request;
}

void fit_within_limits(int width, int height, const ImageLimits& limits, int& out_w, int& out_h) {
  double scale = 1.0;
  scale = std::min(scale, static_cast<double>(limits.max_width) / width);
  scale = std::min(scale, static_cast<double>(limits.max_height) / height);
  const double area = static_cast<double>(width) * height;
  if (area * scale * scale > static_cast<double>(limits.max_area)) {
    scale = std::sqrt(static_cast<double>(limits.max_area) / area);
  }
  out_w = std::min(limits.max_width, static_cast<int>(std::max(1.0, std::floor(width * scale))));
  out_h = std::min(limits.max_height, static_cast<int>(std::max(1.0, std::floor(height * scale))));
}

IiifResult<ImagePlan> plan_iiif_image(const IiifImageRequest& request, int width, int height,
                                      const ImageLimits& limits) {
  if (width <= 0 || height <= 0) return bad("the image has no pixels");
  ImagePlan plan;
  // Region, cut to the image.
  double x = 0, y = 0, w = width, h = height;
  switch (request.region) {
    case RegionKind::kFull: break;
    case RegionKind::kSquare: {
      const int side = std::min(width, height);
      x = (width - side) / 2;
      y = (height - side) / 2;
      w = h = side;
      break;
    }
    case RegionKind::kPixels:
      x = request.rx, y = request.ry, w = request.rw, h = request.rh;
      break;
    case RegionKind::kPercent:
      x = std::floor(request.rx * width / 100.0), y = std::floor(request.ry * height / 100.0);
      w = std::round(request.rw * width / 100.0), h = std::round(request.rh * height / 100.0);
      break;
  }
  if (x >= width || y >= height) return bad("region: it lies outside the image");
  w = std::min(w, width - x);
  h = std::min(h, height - y);
  if (w < 1 || h < 1) return bad("region: it holds no whole pixel");
  plan.x = static_cast<int>(x), plan.y = static_cast<int>(y), plan.w = static_cast<int>(w), plan.h = static_cast<int>(h);

  // Size.
  double ow = plan.w, oh = plan.h;
  switch (request.size) {
    case SizeKind::kMax: {
      int fw = 0, fh = 0;
      if (request.upscale) {
        // As large as the limits allow, keeping the region's shape.
        const double scale = std::min({static_cast<double>(limits.max_width) / plan.w,
                                       static_cast<double>(limits.max_height) / plan.h,
                                       std::sqrt(static_cast<double>(limits.max_area) / (static_cast<double>(plan.w) * plan.h))});
        fw = std::min(limits.max_width, static_cast<int>(std::max(1.0, std::floor(plan.w * scale))));
        fh = std::min(limits.max_height, static_cast<int>(std::max(1.0, std::floor(plan.h * scale))));
      } else {
        fit_within_limits(plan.w, plan.h, limits, fw, fh);
      }
      ow = fw, oh = fh;
      break;
    }
    case SizeKind::kWidth: ow = request.sw, oh = round_positive(plan.h * request.sw / plan.w); break;
    case SizeKind::kHeight: oh = request.sh, ow = round_positive(plan.w * request.sh / plan.h); break;
    case SizeKind::kPercent:
      if (request.sw > kMaxPixels) return bad("size: percentage too large");
      ow = std::round(plan.w * request.sw / 100.0), oh = std::round(plan.h * request.sw / 100.0);
      break;
    case SizeKind::kExact: ow = request.sw, oh = request.sh; break;
    case SizeKind::kConfined: {
      const double scale = std::min(request.sw / plan.w, request.sh / plan.h);
      ow = std::min(request.sw, static_cast<double>(round_positive(plan.w * scale)));
      oh = std::min(request.sh, static_cast<double>(round_positive(plan.h * scale)));
      break;
    }
  }
  if (ow < 1 || oh < 1) return bad("size: the result would have no pixels");
  if (!request.upscale && (ow > plan.w || oh > plan.h)) {
    return bad("size: larger than the region; ask with ^ to scale up");
  }
  if (ow > limits.max_width || oh > limits.max_height || ow * oh > static_cast<double>(limits.max_area)) {
    return bad(fmt::format("size: beyond this server's limits ({} x {} pixels, {} in all)", limits.max_width,
                           limits.max_height, limits.max_area));
  }
  plan.out_w = static_cast<int>(ow), plan.out_h = static_cast<int>(oh);
  plan.mirror = request.mirror;
  plan.rotation = request.rotation;
  plan.quality = request.quality;
  plan.format = request.format;
  return plan;
}

std::string_view format_media_type(Format format) {
  switch (format) {
    case Format::kJpg: return "image/jpeg";
    case Format::kPng: return "image/png";
    case Format::kWebp: return "image/webp";
  }
  return "application/octet-stream";
}

std::string_view format_extension(Format format) {
  switch (format) {
    case Format::kJpg: return "jpg";
    case Format::kPng: return "png";
    case Format::kWebp: return "webp";
  }
  return "bin";
}

}  // namespace chancery::images
