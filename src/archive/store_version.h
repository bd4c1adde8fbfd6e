// Tells cheaply whether anything was committed to an archive's store since a
// given moment: Store::commit_version on a read-only connection of its own
// (SQLite's data_version; PostgreSQL's transaction snapshot).
// The reading room checks it before serving a cached page, so a page is never
// served after the records, collections or names it shows were changed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "util/error.h"

namespace chancery {

class Store;

class StoreVersion {
 public:
  // Opens a read-only connection to the store at `store_location` (a SQLite
  // file, archive.db, or a PostgreSQL URI). Fails like open_store.
  static Result<std::unique_ptr<StoreVersion>> open(const std::string& store_location);
  // The same for the store of the archive in `archive_dir`.
  static Result<std::unique_ptr<StoreVersion>> for_archive(const std::filesystem::path& archive_dir);
  ~StoreVersion();
  StoreVersion(const StoreVersion&) = delete;
  StoreVersion& operator=(const StoreVersion&) = delete;

  // A number that is the same as long as nothing has been committed to the
  // store (by any process) and differs after every commit. Thread-safe (one
  // short query under a mutex). Fails with kStorage when the store cannot be
  // read.
  Result<std::int64_t> current();

 private:
  explicit StoreVersion(std::unique_ptr<Store> store);
  std::mutex mutex_;
  std::unique_ptr<Store> store_;
};

}  // namespace chancery
