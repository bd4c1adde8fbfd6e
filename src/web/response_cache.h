// Finished responses of archive pages, kept for the next request of the same
// URL while the archive has not changed. Bounded by a byte budget (least
// recently used entries go first); every entry carries the archive version it
// was made from and is served only while the archive is still at that
// version (see ArchiveVersions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "web/http_types.h"

namespace chancery::web {

// The state of the archive an answer was made from: the store's data version
// (StoreVersion) and the epoch of the index revision the workers read.
struct ArchiveVersion {
  std::int64_t store = 0;
  std::uint64_t index_epoch = 0;
  // The UTC day (days since 1970-01-01) the answer was made on: a
  // restriction that ends at midnight (Archive::restriction) changes what
  // pages show with no commit.
  std::int64_t day = 0;
  bool operator==(const ArchiveVersion&) const = default;
};

struct ResponseCacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;       // no entry, or only a stale one
  std::uint64_t stale = 0;        // entries dropped because the archive changed
  std::uint64_t evictions = 0;    // entries dropped for the byte budget
  std::size_t entries = 0;
  std::size_t bytes = 0;          // estimated memory of the entries
};

class ResponseCache {
 public:
  struct Limits {
    std::size_t max_bytes = 64u << 20;        // all entries together
    std::size_t max_entry_bytes = 2u << 20;   // larger responses are not kept
  };

  explicit ResponseCache(Limits limits) : limits_(limits) {}
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  // The response kept under `key` if it was made from `version`, else null;
  // an entry made from another version is dropped. Thread-safe.
  std::shared_ptr<const HttpResponse> find(std::string_view key, const ArchiveVersion& version);

  // Keeps `response` under `key` (replacing what was there), made from
  // `version`, then drops least recently used entries until the budget holds.
  // A response over max_entry_bytes is not kept. Thread-safe.
  void put(std::string_view key, const ArchiveVersion& version, std::shared_ptr<const HttpResponse> response);

  // Counts `extra` more bytes for the entry of `key` while it still holds
  // `response` (a compressed copy of its body made after it was kept:
  // content_encoding.h), then drops least recently used entries until the
  // budget holds. Thread-safe.
  void grow(std::string_view key, const HttpResponse* response, std::size_t extra);

  ResponseCacheStats stats() const;
  const Limits& limits() const { return limits_; }

  // The memory an entry of `key` and `response` is counted as.
  static std::size_t entry_bytes(std::string_view key, const HttpResponse& response);

 private:
  struct Entry {
    std::string key;
    ArchiveVersion version;
    std::shared_ptr<const HttpResponse> response;
    std::size_t bytes = 0;
  };
  using Lru = std::list<Entry>;  // most recently used first

  void erase(Lru::iterator it);

  Limits limits_;
  mutable std::mutex mutex_;
  Lru lru_;
  std::unordered_map<std::string_view, Lru::iterator> by_key_;  // views into Entry::key
  ResponseCacheStats stats_;
};

}  // namespace chancery::web
