// Collections as the store has them, parsed once while the store is
// unchanged. Every document page shows its volume's breadcrumbs and its
// neighbours in the volume, and a FRUS volume lists hundreds of records:
// parsing it for every page cost more than the rest of the page's store reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "model/record.h"
#include "util/error.h"

namespace chancery {
class Archive;
}

namespace chancery::web {

class CollectionCache {
 public:
  // Keeps parsed collections of at most about `max_bytes` (their ids and
  // titles counted); beyond that it starts afresh.
  explicit CollectionCache(std::size_t max_bytes = 16u << 20) : max_bytes_(max_bytes) {}
  CollectionCache(const CollectionCache&) = delete;
  CollectionCache& operator=(const CollectionCache&) = delete;

  // The collection `id` as `archive` reads it, parsed at most once while the
  // store stays at `store_version` (StoreVersion::current, read before this
  // call). Fails like Archive::collection (failures are not kept). Thread-safe.
  Result<std::shared_ptr<const Collection>> get(Archive& archive, const std::string& id, std::int64_t store_version);

 private:
  struct Entry {
    std::int64_t store_version = 0;
    std::shared_ptr<const Collection> collection;
    std::size_t bytes = 0;
  };
  std::size_t max_bytes_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace chancery::web
