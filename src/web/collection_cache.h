// Collections as the store has them, parsed once while the store is
// unchanged. Every document page shows its volume's breadcrumbs and its
// neighbours in the volume, and a FRUS volume lists hundreds of records:
// parsing it for every page cost more than the rest of the page's store reads.
// The same goes for a collection's records with their titles and dates (the
// previous and next links): read once, not two store lookups and a scan of
// the volume's ids per page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/record.h"
#include "util/error.h"
#include "web/views.h"

namespace chancery {
class Archive;
}

namespace chancery::web {

// A collection's records in published order (its record_ids, else the store's
// children of it) and the title and date of each, read from the store the
// first time a page asks for it (a page shows two) and then kept.
class CollectionRecords {
 public:
  // `links`: every record's link when the caller read them already (the
  // store's children), else empty.
  explicit CollectionRecords(std::vector<std::string> ids, std::vector<std::optional<RecordLink>> links = {});
  CollectionRecords(const CollectionRecords&) = delete;
  CollectionRecords& operator=(const CollectionRecords&) = delete;

  const std::vector<std::string>& ids() const { return ids_; }
  // The place of `id` in ids() (its first), nullopt when the collection does not list it.
  std::optional<std::size_t> find(std::string_view id) const;
  // The title and date of ids()[at] (record_link: nullopt when the store has
  // no such record). Thread-safe.
  std::optional<RecordLink> link(Archive& archive, std::size_t at) const;
  // The most memory it takes, every link read.
  std::size_t bytes() const;
  // That for a collection listing `ids`.
  static std::size_t bytes_for(const std::vector<std::string>& ids);

 private:
  std::vector<std::string> ids_;
  std::unordered_map<std::string_view, std::size_t> places_;   // views into ids_
  mutable std::mutex mutex_;
  mutable std::vector<bool> read_;   // links_[i] is known
  mutable std::vector<std::optional<RecordLink>> links_;
};

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

  // The records of `collection` (as get() gave it at `store_version`), read
  // (read_collection_records) at most once while the store stays at
  // `store_version`, their links kept as they are read. Null for a
  // collection listing so many records that they could take more than a
  // quarter of the cache (the caller looks in its record_ids); a collection
  // of store children that large is read for each call. Thread-safe.
  Result<std::shared_ptr<const CollectionRecords>> records(Archive& archive, const Collection& collection,
                                                           std::int64_t store_version);

 private:
  struct Entry {
    std::int64_t store_version = 0;
    std::shared_ptr<const Collection> collection;
    std::shared_ptr<const CollectionRecords> records;   // null until asked for
    std::size_t bytes = 0;
  };
  // Keeps `entry` as `id`'s, making room (the whole cache starts afresh when
  // full). Called with mutex_ held.
  void keep(const std::string& id, Entry entry);

  std::size_t max_bytes_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace chancery::web
