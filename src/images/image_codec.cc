#include "images/image_codec.h"

#include <atomic>
#include <fstream>
#include <mutex>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "images/image_module.h"
#include "util/modules.h"

#ifndef CHANCERY_IMAGE_MODULE_BUILT
#define CHANCERY_IMAGE_MODULE_BUILT ""
#endif

namespace chancery::images {

Result<const ImageModule*> image_module() {
  static const Result<const ImageModule*> loaded = open_module<ImageModule>(
      ModuleSpec{.file = "chancery-images.so",
                 .env_var = "CHANCERY_IMAGE_MODULE",
                 .built_at = CHANCERY_IMAGE_MODULE_BUILT,
                 .symbol = kImageModuleEntry,
                 .needed_for = "scanned pages"},
      [](const ImageModule& m) {
        return m.abi == kImageModuleAbi && m.plan_size == sizeof(ImagePlan) && m.info_size == sizeof(ImageInfo);
      });
  return loaded;
}

Result<ImageInfo> probe_image(std::string_view bytes) {
  auto module = image_module();
  if (!module) return std::unexpected(module.error());
  return (*module)->probe(bytes);
}

Result<std::string> render_image(std::string_view bytes, const ImagePlan& plan) {
  auto module = image_module();
  if (!module) return std::unexpected(module.error());
  return (*module)->render(bytes, plan);
}

// The module's cache, made on the first render: a server that never renders
// an image never loads the module.
struct ImageRenderer::Impl {
  std::size_t budget = 0;
  std::once_flag once;
  const ImageModule* module = nullptr;   // both set once, on the first render
  void* cache = nullptr;
  std::atomic<bool> ready{false};        // they are set
};

ImageRenderer::ImageRenderer(std::size_t cache_bytes) : impl_(std::make_unique<Impl>()) { impl_->budget = cache_bytes; }

ImageRenderer::~ImageRenderer() {
  if (impl_->cache != nullptr) impl_->module->cache_free(impl_->cache);
}

ImageRenderer::Stats ImageRenderer::stats() const {
  // Before the first render there is nothing to count.
  if (!impl_->ready.load(std::memory_order_acquire)) return {};
  return impl_->module->cache_stats(impl_->cache);
}

Result<std::string> ImageRenderer::render(const std::string& key, std::string_view media_type, const ImagePlan& plan,
                                          const std::function<Result<std::string>()>& read) {
  auto module = image_module();
  if (!module) return std::unexpected(module.error());
  std::call_once(impl_->once, [&] {
    impl_->module = *module;
    impl_->cache = impl_->module->cache_new(impl_->budget);
    impl_->ready.store(true, std::memory_order_release);
  });
  return impl_->module->cache_render(impl_->cache, key, media_type, plan, read);
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
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) fmt::format_to(std::back_inserter(out), "{:02x}", digest[i]);
  return out;
}

}  // namespace chancery::images
