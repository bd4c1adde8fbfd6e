// Test images made with libvips: a left half darker than the right, so
// orientation shows after rendering.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <vips/vips8>

#include "images/image_codec.h"

namespace chancery::testing {

// An image of `width` x `height` encoded as `suffix` (".jpg", ".png", ".tif", ".webp", ".gif").
inline std::string make_test_image(int width, int height, const char* suffix, int bands = 3) {
  (void)images::probe_image("");   // starts libvips
  vips::VImage left = vips::VImage::black(width / 2, height, vips::VImage::option()->set("bands", bands)) + 40;
  vips::VImage right =
      vips::VImage::black(width - width / 2, height, vips::VImage::option()->set("bands", bands)) + 220;
  vips::VImage image = left.join(right, VIPS_DIRECTION_HORIZONTAL).cast(VIPS_FORMAT_UCHAR);
  void* buffer = nullptr;
  std::size_t size = 0;
  image.write_to_buffer(suffix, &buffer, &size);
  std::string out(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return out;
}

// Writes `bytes` to `path` and returns the path.
inline std::filesystem::path write_test_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Decodes an encoded image (a rendered answer) into memory.
inline vips::VImage decode_test_image(const std::string& bytes) {
  return vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "").copy_memory();
}

}  // namespace chancery::testing
