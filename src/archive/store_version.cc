#include "archive/store_version.h"

#include "archive/archive_impl.h"
#include "store/sqlite_db.h"

namespace chancery {

Result<std::unique_ptr<StoreVersion>> StoreVersion::open(const std::filesystem::path& store_file) {
  auto connection = sqlite::Connection::open(store_file.string(), sqlite::OpenFlags{.read_only = true, .create = false});
  if (!connection) return std::unexpected(connection.error());
  return std::unique_ptr<StoreVersion>(new StoreVersion(std::move(*connection)));
}

Result<std::unique_ptr<StoreVersion>> StoreVersion::for_archive(const std::filesystem::path& archive_dir) {
  return open(archive_dir / kStoreFileName);
}

StoreVersion::StoreVersion(std::unique_ptr<sqlite::Connection> connection) : connection_(std::move(connection)) {}

StoreVersion::~StoreVersion() = default;

Result<std::int64_t> StoreVersion::current() {
  std::lock_guard lock(mutex_);
  // data_version changes whenever another connection commits; this one never
  // writes, so every commit to the store counts.
  auto statement = connection_->cached("PRAGMA data_version");
  if (!statement) return std::unexpected(statement.error());
  auto row = (*statement)->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kStorage, "PRAGMA data_version gave no row");
  return (*statement)->column_int(0);
}

}  // namespace chancery
