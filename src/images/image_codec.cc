#include "images/image_codec.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>

#include <fmt/format.h>
#include <vips/vips8>

namespace chancery::images {
namespace {

// libvips is started once per process: its cache of operations off (a server
// must not keep decoded scans), one thread per operation (the server's
// workers are the parallelism), and the loaders libvips marks as untrusted
// (not fuzzed) refused.
Result<void> ensure_started() {
  static std::once_flag once;
  static bool started = false;
  std::call_once(once, [] {
    if (VIPS_INIT("chancery") != 0) return;
    vips_cache_set_max(0);
    vips_concurrency_set(1);
    vips_block_untrusted_set(TRUE);
    // Its warnings about a damaged file come back to us as the error we
    // report; the server's log need not hold them twice.
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {},
                      nullptr);
    started = true;
  });
  if (!started) return fail(ErrorCode::kInternal, "the image library (libvips) did not start");
  return {};
}

// The formats we accept, by libvips's loader name.
std::string_view media_type_of_loader(std::string_view loader) {
  if (loader.find("Jpeg") != std::string_view::npos) return "image/jpeg";
  if (loader.find("Png") != std::string_view::npos) return "image/png";
  if (loader.find("Tiff") != std::string_view::npos) return "image/tiff";
  if (loader.find("Webp") != std::string_view::npos) return "image/webp";
  return {};
}

std::string vips_message(const vips::VError& e) {
  std::string message = e.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const std::size_t newline = message.rfind('\n');
  if (newline != std::string::npos) message = message.substr(newline + 1);
  return message.size() > 300 ? message.substr(0, 300) : message;
}

}  // namespace

Result<ImageInfo> probe_image(std::string_view bytes) {
  if (auto r = ensure_started(); !r) return std::unexpected(r.error());
  if (bytes.empty()) return fail(ErrorCode::kInvalidInput, "the file is empty");
  if (bytes.size() > kMaxImageBytes) {
    return fail(ErrorCode::kInvalidInput,
                fmt::format("the file is {} bytes; an image may have at most {}", bytes.size(), kMaxImageBytes));
  }
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  vips_error_clear();
  const std::string_view media_type = loader == nullptr ? std::string_view{} : media_type_of_loader(loader);
  if (media_type.empty()) return fail(ErrorCode::kInvalidInput, "not a JPEG, PNG, TIFF or WebP image");
  try {
    vips::VImage image = vips::VImage::new_from_buffer(
        bytes.data(), bytes.size(), "",
        vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL)->set("fail_on", VIPS_FAIL_ON_ERROR));
    ImageInfo info{std::string(media_type), image.width(), image.height()};
    if (info.width <= 0 || info.height <= 0 || info.width > kMaxImageSide || info.height > kMaxImageSide ||
        static_cast<std::int64_t>(info.width) * info.height > kMaxImagePixels) {
      return fail(ErrorCode::kInvalidInput, fmt::format("the image is {} x {} pixels; at most {} pixels in all and "
                                                        "{} on a side are accepted",
                                                        info.width, info.height, kMaxImagePixels, kMaxImageSide));
    }
    (void)image.avg();   // decodes every pixel: a damaged or truncated file fails here, not when it is read
    return info;
  } catch (const vips::VError& e) {
    vips_error_clear();
    return fail(ErrorCode::kInvalidInput, "the image does not decode: " + vips_message(e));
  }
}

Result<std::string> render_image(std::string_view bytes, const ImagePlan& plan) {
  if (auto r = ensure_started(); !r) return std::unexpected(r.error());
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  vips_error_clear();
  const std::string_view media_type = loader == nullptr ? std::string_view{} : media_type_of_loader(loader);
  if (media_type.empty()) return fail(ErrorCode::kInvalidInput, "the stored scan is not an image");
  try {
    vips::VOption* options = vips::VImage::option()->set("access", VIPS_ACCESS_RANDOM);
    vips::VImage header = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
    const int full_w = header.width();
    const int full_h = header.height();
    int shrink = 1;
    if (media_type == "image/jpeg") {
      for (int s : {8, 4, 2}) {
        if (plan.w / s >= plan.out_w && plan.h / s >= plan.out_h) {
          shrink = s;
          break;
        }
      }
      if (shrink > 1) options->set("shrink", shrink);
    }
    vips::VImage image = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "", options);
    const double sx = static_cast<double>(image.width()) / full_w;
    const double sy = static_cast<double>(image.height()) / full_h;
    const int left = std::min(image.width() - 1, static_cast<int>(std::floor(plan.x * sx)));
    const int top = std::min(image.height() - 1, static_cast<int>(std::floor(plan.y * sy)));
    const int width = std::clamp(static_cast<int>(std::lround(plan.w * sx)), 1, image.width() - left);
    const int height = std::clamp(static_cast<int>(std::lround(plan.h * sy)), 1, image.height() - top);
    if (left != 0 || top != 0 || width != image.width() || height != image.height()) {
      image = image.crop(left, top, width, height);
    }
    if (width != plan.out_w || height != plan.out_h) {
      image = image.resize(static_cast<double>(plan.out_w) / width,
                           vips::VImage::option()->set("vscale", static_cast<double>(plan.out_h) / height));
      if (image.width() > plan.out_w || image.height() > plan.out_h) {
        image = image.crop(0, 0, std::min(image.width(), plan.out_w), std::min(image.height(), plan.out_h));
      }
    }
    if (plan.mirror) image = image.flip(VIPS_DIRECTION_HORIZONTAL);
    if (plan.rotation == 90) image = image.rot(VIPS_ANGLE_D90);
    if (plan.rotation == 180) image = image.rot(VIPS_ANGLE_D180);
    if (plan.rotation == 270) image = image.rot(VIPS_ANGLE_D270);

    const bool keeps_alpha = plan.format != Format::kJpg && plan.quality != Quality::kBitonal;
    if (image.has_alpha() && !keeps_alpha) {
      image = image.flatten(vips::VImage::option()->set("background", std::vector<double>{255.0}));
    }
    if (plan.quality == Quality::kGray || plan.quality == Quality::kBitonal) {
      image = image.colourspace(VIPS_INTERPRETATION_B_W);
    } else if (image.interpretation() != VIPS_INTERPRETATION_sRGB &&
               image.interpretation() != VIPS_INTERPRETATION_B_W) {
      image = image.colourspace(VIPS_INTERPRETATION_sRGB);
    }
    if (image.format() != VIPS_FORMAT_UCHAR) image = image.cast(VIPS_FORMAT_UCHAR);
    if (plan.quality == Quality::kBitonal) image = image > 128.0;

    void* buffer = nullptr;
    std::size_t size = 0;
    const char* suffix = plan.format == Format::kJpg ? ".jpg" : plan.format == Format::kPng ? ".png" : ".webp";
    vips::VOption* save = vips::VImage::option()->set("strip", true);
    if (plan.format != Format::kPng) save->set("Q", 85);
    image.write_to_buffer(suffix, &buffer, &size, save);
    std::string out(static_cast<const char*>(buffer), size);
    g_free(buffer);
    return out;
  } catch (const vips::VError& e) {
    vips_error_clear();
    return fail(ErrorCode::kInternal, "the image could not be made: " + vips_message(e));
  }
}

Result<std::string> read_image_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(Error{ErrorCode::kIo, "cannot open the file", path.string(), 0, 0});
  std::string bytes;
  bytes.resize(kMaxImageBytes + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (in.bad()) return std::unexpected(Error{ErrorCode::kIo, "cannot read the file", path.string(), 0, 0});
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > kMaxImageBytes) {
    return std::unexpected(Error{ErrorCode::kInvalidInput,
                                 fmt::format("larger than {} bytes, the most an image may have", kMaxImageBytes),
                                 path.string(), 0, 0});
  }
  return bytes;
}

std::string sha256_hex(std::string_view bytes) {
  gchar* hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(bytes.data()),
                                           bytes.size());
  std::string out(hex);
  g_free(hex);
  return out;
}

}  // namespace chancery::images
