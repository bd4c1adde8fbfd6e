// The image module (chancery-images.so, loaded by images/image_codec.cc
// through images/image_module.h): everything that calls libvips, whose
// exceptions stop here. Built as a module so that only a process that handles
// scanned pages loads libvips and its libraries.
#include <algorithm>
#include <cmath>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <vips/vips8>
#include <vips/vector.h>   // after vips8: it needs glib and VIPS_API

#include "images/image_module.h"

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
    // No run-time generated vector code (liborc): under concurrent requests a
    // worker spun for ever in orc_code_allocate_codemem (liborc 0.4.33, seen
    // with perf under bench/iiif); the plain C paths are correct everywhere.
    vips_vector_set_enabled(FALSE);
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

Result<ImageInfo> probe(std::string_view bytes) {
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

// 1, or the JPEG shrink-on-load factor (2, 4, 8) that still covers the output.
int shrink_for(std::string_view media_type, const ImagePlan& plan) {
  if (media_type != "image/jpeg") return 1;
  for (int s : {8, 4, 2}) {
    if (plan.w / s >= plan.out_w && plan.h / s >= plan.out_h) return s;
  }
  return 1;
}

// The scan at 1/shrink of its size, read in one sequential pass as its
// pixels are asked for; `full_w` and `full_h` get its size as stored.
// Sequential, because libvips's random-access loading of a JPEG decodes it
// through a pipeline of its own inside the caller's; and so a large scan
// streams through crop and resize instead of being held whole in memory.
vips::VImage open_scan(std::string_view bytes, int shrink, int& full_w, int& full_h) {
  vips::VImage header = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
  full_w = header.width();
  full_h = header.height();
  vips::VOption* options = vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL);
  if (shrink > 1) options->set("shrink", shrink);
  return vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "", options);
}

// What `plan` asks of the decoded scan `image` (of a scan full_w x full_h).
std::string finish(vips::VImage image, int full_w, int full_h, const ImagePlan& plan) {
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
  // Cut and scaled (top to bottom, as a sequential scan allows), the output
  // is small enough to hold for turning it.
  if (plan.mirror || plan.rotation != 0) image = image.copy_memory();
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
}

std::string_view loader_media_type(std::string_view bytes) {
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  vips_error_clear();
  return loader == nullptr ? std::string_view{} : media_type_of_loader(loader);
}

Result<std::string> render(std::string_view bytes, const ImagePlan& plan) {
  if (auto r = ensure_started(); !r) return std::unexpected(r.error());
  const std::string_view media_type = loader_media_type(bytes);
  if (media_type.empty()) return fail(ErrorCode::kInvalidInput, "the stored scan is not an image");
  try {
    int full_w = 0, full_h = 0;
    vips::VImage image = open_scan(bytes, shrink_for(media_type, plan), full_w, full_h);
    return finish(image, full_w, full_h, plan);
  } catch (const vips::VError& e) {
    vips_error_clear();
    return fail(ErrorCode::kInternal, "the image could not be made: " + vips_message(e));
  }
}

// The decoded scans a server keeps (ImageRenderer's cache): least recently
// used out beyond the budget.
struct ScanCache {
  struct Entry {
    vips::VImage image;   // decoded, in memory
    int full_w = 0;
    int full_h = 0;
    std::size_t bytes = 0;
    std::list<std::string>::iterator lru;
  };
  std::size_t budget = 0;
  mutable std::mutex mutex;
  std::list<std::string> lru;   // most recently used first
  std::unordered_map<std::string, Entry> entries;
  std::size_t bytes = 0;
  ImageRenderer::Stats stats;

  std::optional<Entry> find(const std::string& key) {
    std::lock_guard lock(mutex);
    auto it = entries.find(key);
    if (it == entries.end()) {
      ++stats.misses;
      return std::nullopt;
    }
    ++stats.hits;
    lru.splice(lru.begin(), lru, it->second.lru);
    return it->second;
  }

  void put(const std::string& key, Entry entry) {
    std::lock_guard lock(mutex);
    if (entries.contains(key)) return;
    lru.push_front(key);
    entry.lru = lru.begin();
    bytes += entry.bytes;
    entries.emplace(key, std::move(entry));
    while (bytes > budget && !lru.empty()) {
      auto victim = entries.find(lru.back());
      bytes -= victim->second.bytes;
      entries.erase(victim);
      lru.pop_back();
    }
  }
};

void* cache_new(std::size_t budget_bytes) {
  auto* cache = new ScanCache;
  cache->budget = budget_bytes;
  return cache;
}

void cache_free(void* cache) { delete static_cast<ScanCache*>(cache); }

ImageRenderer::Stats cache_stats(const void* opaque) {
  const auto* cache = static_cast<const ScanCache*>(opaque);
  std::lock_guard lock(cache->mutex);
  ImageRenderer::Stats out = cache->stats;
  out.bytes = cache->bytes;
  out.entries = cache->entries.size();
  return out;
}

Result<std::string> cache_render(void* opaque, const std::string& key, std::string_view media_type,
                                 const ImagePlan& plan, const std::function<Result<std::string>()>& read) {
  if (auto r = ensure_started(); !r) return std::unexpected(r.error());
  auto* cache = static_cast<ScanCache*>(opaque);
  const int shrink = shrink_for(media_type, plan);
  const std::string cache_key = key + "/" + std::to_string(shrink);
  try {
    if (auto kept = cache->find(cache_key)) return finish(kept->image, kept->full_w, kept->full_h, plan);
    auto bytes = read();
    if (!bytes) return std::unexpected(bytes.error());
    if (loader_media_type(*bytes).empty()) return fail(ErrorCode::kInvalidInput, "the stored scan is not an image");
    ScanCache::Entry entry;
    entry.image = open_scan(*bytes, shrink, entry.full_w, entry.full_h);
    entry.bytes = VIPS_IMAGE_SIZEOF_IMAGE(entry.image.get_image());
    if (entry.bytes > cache->budget / 2) {
      return finish(entry.image, entry.full_w, entry.full_h, plan);   // streamed, never held whole
    }
    entry.image = entry.image.copy_memory();
    std::string out = finish(entry.image, entry.full_w, entry.full_h, plan);
    cache->put(cache_key, std::move(entry));
    return out;
  } catch (const vips::VError& e) {
    vips_error_clear();
    return fail(ErrorCode::kInternal, "the image could not be made: " + vips_message(e));
  }
}

const ImageModule kModule{
    .abi = kImageModuleAbi,
    .plan_size = sizeof(ImagePlan),
    .info_size = sizeof(ImageInfo),
    .probe = probe,
    .render = render,
    .cache_new = cache_new,
    .cache_free = cache_free,
    .cache_render = cache_render,
    .cache_stats = cache_stats,
};

}  // namespace
}  // namespace chancery::images

extern "C" __attribute__((visibility("default"))) const chancery::images::ImageModule* chancery_image_module() {
  return &chancery::images::kModule;
}
