#include "web/collection_cache.h"

#include "archive/archive.h"

namespace chancery::web {
namespace {

std::size_t size_of(const Collection& c) {
  std::size_t bytes = sizeof(Collection) + c.id.size() + c.title.size() + c.series.size() + c.parent.size();
  for (const std::string& id : c.record_ids) bytes += id.size() + sizeof(std::string);
  for (const std::string& e : c.editors) bytes += e.size() + sizeof(std::string);
  return bytes;
}

}  // namespace

Result<std::shared_ptr<const Collection>> CollectionCache::get(Archive& archive, const std::string& id,
                                                                std::int64_t store_version) {
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(id);
    if (found != entries_.end() && found->second.store_version == store_version) return found->second.collection;
  }
  auto read = archive.collection(id);
  if (!read) return std::unexpected(read.error());
  auto collection = std::make_shared<const Collection>(std::move(*read));
  const std::size_t bytes = size_of(*collection) + id.size();
  std::lock_guard lock(mutex_);
  if (auto found = entries_.find(id); found != entries_.end()) {
    bytes_ -= found->second.bytes;
    entries_.erase(found);
  }
  if (bytes_ + bytes > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  if (bytes <= max_bytes_) {
    entries_.emplace(id, Entry{store_version, collection, bytes});
    bytes_ += bytes;
  }
  return collection;
}

}  // namespace chancery::web
