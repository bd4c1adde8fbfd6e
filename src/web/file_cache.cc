#include "web/file_cache.h"

namespace chancery::web {

std::shared_ptr<const CachedFile> FileCache::find(const std::filesystem::path& file, std::uintmax_t size,
                                                  std::filesystem::file_time_type modified) const {
  std::lock_guard lock(mutex_);
  auto it = files_.find(file.native());
  if (it == files_.end() || it->second->size != size || it->second->modified != modified) return nullptr;
  return it->second;
}

void FileCache::put(const std::filesystem::path& file, std::shared_ptr<const CachedFile> entry) {
  if (!entry || !entry->body || entry->body->size() > kMaxFileBytes) return;
  std::lock_guard lock(mutex_);
  auto it = files_.find(file.native());
  const std::size_t old = it == files_.end() ? 0 : it->second->body->size();
  if (bytes_ - old + entry->body->size() > max_bytes_) return;
  bytes_ = bytes_ - old + entry->body->size();
  if (it == files_.end()) {
    files_.emplace(file.native(), std::move(entry));
  } else {
    it->second = std::move(entry);
  }
}

std::size_t FileCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t FileCache::files() const {
  std::lock_guard lock(mutex_);
  return files_.size();
}

}  // namespace chancery::web
