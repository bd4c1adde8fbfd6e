// The boundary between the chancery binary and its image module,
// chancery-images.so (src/images/vips/): libvips and the hundred libraries it
// brings (cairo, pango, poppler, HDF5, OpenEXR...) are loaded only by a
// process that checks or renders a scanned page, on its first image; every
// other command, and a server until its first IIIF image, starts without them.
//
// Both sides are built from one source tree by one compiler against one
// libstdc++, so C++ types cross the boundary; kImageModuleAbi changes with any
// change to this struct, and the loader refuses a module of another version.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "images/iiif_image_request.h"
#include "images/image_codec.h"
#include "util/error.h"

namespace chancery::images {

inline constexpr int kImageModuleAbi = 1;

// What the module offers: image_codec.h's functions, and the decoded-scan
// cache behind ImageRenderer as an opaque handle.
struct ImageModule {
  int abi = 0;
  std::size_t plan_size = 0;   // sizeof(ImagePlan) where the module was built
  std::size_t info_size = 0;   // sizeof(ImageInfo)
  Result<ImageInfo> (*probe)(std::string_view bytes) = nullptr;
  Result<std::string> (*render)(std::string_view bytes, const ImagePlan& plan) = nullptr;
  void* (*cache_new)(std::size_t budget_bytes) = nullptr;
  void (*cache_free)(void* cache) = nullptr;
  Result<std::string> (*cache_render)(void* cache, const std::string& key, std::string_view media_type,
                                      const ImagePlan& plan,
                                      const std::function<Result<std::string>()>& read) = nullptr;
  ImageRenderer::Stats (*cache_stats)(const void* cache) = nullptr;
};

// The module's one exported symbol.
inline constexpr const char* kImageModuleEntry = "chancery_image_module";

// The module loaded (once per process, on first use) or why it cannot be:
// not found where it is looked for (CHANCERY_IMAGE_MODULE if set; else
// PREFIX/lib/chancery/chancery-images.so beside an installed PREFIX/bin/chancery;
// else the build tree's), does not load, or of another version. Thread-safe.
Result<const ImageModule*> image_module();

}  // namespace chancery::images
