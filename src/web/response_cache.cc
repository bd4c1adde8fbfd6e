#include "web/response_cache.h"

namespace chancery::web {

std::size_t ResponseCache::entry_bytes(std::string_view key, const HttpResponse& response) {
  // The strings' bytes plus the fixed parts: list node, map slot, response.
  std::size_t bytes = 2 * key.size() + response.body.size() + response.content_type.size() + response.route.size();
  for (const auto& [name, value] : response.headers) bytes += name.size() + value.size() + 64;
  return bytes + sizeof(Entry) + sizeof(HttpResponse) + 128;
}

std::shared_ptr<const HttpResponse> ResponseCache::find(std::string_view key, const ArchiveVersion& version) {
  std::lock_guard lock(mutex_);
  auto found = by_key_.find(key);
  if (found == by_key_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  Lru::iterator it = found->second;
  if (!(it->version == version)) {
    ++stats_.misses;
    ++stats_.stale;
    erase(it);
    return nullptr;
  }
  ++stats_.hits;
  lru_.splice(lru_.begin(), lru_, it);
  return it->response;
}

void ResponseCache::put(std::string_view key, const ArchiveVersion& version,
                        std::shared_ptr<const HttpResponse> response) {
  if (!response) return;
  const std::size_t bytes = entry_bytes(key, *response);
  if (bytes > limits_.max_entry_bytes || bytes > limits_.max_bytes) return;
  std::lock_guard lock(mutex_);
  if (auto found = by_key_.find(key); found != by_key_.end()) erase(found->second);
  lru_.push_front(Entry{std::string(key), version, std::move(response), bytes});
  by_key_.emplace(lru_.front().key, lru_.begin());
  stats_.bytes += bytes;
  ++stats_.entries;
  while (stats_.bytes > limits_.max_bytes && !lru_.empty()) {
    erase(std::prev(lru_.end()));
    ++stats_.evictions;
  }
}

void ResponseCache::grow(std::string_view key, const HttpResponse* response, std::size_t extra) {
  if (extra == 0) return;
  std::lock_guard lock(mutex_);
  auto found = by_key_.find(key);
  if (found == by_key_.end() || found->second->response.get() != response) return;
  found->second->bytes += extra;
  stats_.bytes += extra;
  while (stats_.bytes > limits_.max_bytes && !lru_.empty()) {
    erase(std::prev(lru_.end()));
    ++stats_.evictions;
  }
}

void ResponseCache::erase(Lru::iterator it) {
  stats_.bytes -= it->bytes;
  --stats_.entries;
  by_key_.erase(std::string_view(it->key));
  lru_.erase(it);
}

ResponseCacheStats ResponseCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace chancery::web
