#include "archive/store_version.h"

#include "archive/archive.h"
#include "store/store.h"

namespace chancery {

Result<std::unique_ptr<StoreVersion>> StoreVersion::open(const std::string& store_location) {
  auto store = open_store(store_location, /*read_only=*/true);
  if (!store) return std::unexpected(store.error());
  return std::unique_ptr<StoreVersion>(new StoreVersion(std::move(*store)));
}

Result<std::unique_ptr<StoreVersion>> StoreVersion::for_archive(const std::filesystem::path& archive_dir) {
  return open(archive_store_location(archive_dir));
}

StoreVersion::StoreVersion(std::unique_ptr<Store> store) : store_(std::move(store)) {}

StoreVersion::~StoreVersion() = default;

Result<std::int64_t> StoreVersion::current() {
  std::lock_guard lock(mutex_);
  // This connection never writes, so every commit to the store counts.
  return store_->commit_version();
}

}  // namespace chancery
