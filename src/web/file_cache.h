// The site's own files (web/static, web/api) kept in memory with their
// compressed copies, while each is unchanged on disk.
//
// Static files are answered on the thread that serves every connection
// (dispatcher.cc): read from disk and compressed for each request, a 16 KiB
// style sheet held every other connection for the read and the compression.
// Kept here, a request costs a stat(2) (so an edited file is served at once,
// with its new ETag) and no compression after the first in each coding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "web/content_encoding.h"

namespace chancery::web {

// A file as it was read: its bytes, and room for their compressed copies.
struct CachedFile {
  std::shared_ptr<const std::string> body;
  std::shared_ptr<EncodedBodies> encoded = std::make_shared<EncodedBodies>();
  std::uintmax_t size = 0;
  std::filesystem::file_time_type modified;
};

class FileCache {
 public:
  // Files larger than this are read for every request, and the cache holds
  // at most `max_bytes` of bodies (its compressed copies aside, which are
  // smaller than the bodies); beyond that, new files are not kept.
  static constexpr std::size_t kMaxFileBytes = std::size_t{1} << 20;
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{16} << 20;

  explicit FileCache(std::size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}

  // The kept copy of `file` (a canonical path) when it was read at this
  // size and modification time; else null.
  std::shared_ptr<const CachedFile> find(const std::filesystem::path& file, std::uintmax_t size,
                                         std::filesystem::file_time_type modified) const;
  // Keeps `entry` for `file` (replacing an older copy) when it fits.
  void put(const std::filesystem::path& file, std::shared_ptr<const CachedFile> entry);

  std::size_t bytes() const;
  std::size_t files() const;

 private:
  mutable std::mutex mutex_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const CachedFile>> files_;
};

}  // namespace chancery::web
