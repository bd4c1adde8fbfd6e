// Which state of the archive the workers answer from, so that kept answers
// (ResponseCache) are served only while it holds.
//
// The store part is read live (every commit changes it). The index part is an
// epoch: each worker reads its own copy of the index and refreshes it at
// least every refresh interval (WorkerPool); the first worker to see a new
// index revision starts a new epoch, and the others, seeing the epoch moved,
// refresh before their next answer. So an index change invalidates kept
// answers within one refresh interval, as quickly as the workers see it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "util/error.h"
#include "web/response_cache.h"

namespace chancery {
class Archive;
}

namespace chancery::web {

class ArchiveVersions {
 public:
  // `store_version` gives the store's data version (StoreVersion::current).
  explicit ArchiveVersions(std::function<Result<std::int64_t>()> store_version)
      : store_version_(std::move(store_version)) {}
  ArchiveVersions(const ArchiveVersions&) = delete;
  ArchiveVersions& operator=(const ArchiveVersions&) = delete;

  // Notes the index revision (SearchIndex::revision) a worker reads after a
  // refresh; one unlike the last noted starts a new epoch. Returns the epoch
  // that revision belongs to. Thread-safe.
  std::uint64_t note_index(const std::string& revision);

  // On a worker, before answering with `archive`: refreshes it when its index
  // revision is not the last noted, then gives the version its answer is made
  // from. nullopt when the store or the index cannot say (the answer is then
  // not kept).
  std::optional<ArchiveVersion> prepare(Archive& archive);

  // The version now, for looking kept answers up on any thread; nullopt when
  // the store cannot say.
  std::optional<ArchiveVersion> current();
  // The store's part of it alone.
  std::optional<std::int64_t> store_version();

 private:
  std::function<Result<std::int64_t>()> store_version_;
  std::mutex mutex_;
  std::string newest_revision_;
  std::atomic<std::uint64_t> epoch_{0};
};

}  // namespace chancery::web
