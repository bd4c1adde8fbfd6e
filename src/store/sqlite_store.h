// Store on SQLite: one file, write-ahead log, one writer and many readers.
//
// Durability: journal_mode=WAL with synchronous=FULL, so a transaction is on
// disk when commit() returns (WAL with NORMAL could lose the last commits on
// power loss; one fsync per imported file is cheap next to parsing it).
// Concurrency: busy_timeout lets a read-only server and a writing import share
// the file; write transactions start with BEGIN IMMEDIATE so two writers
// queue instead of deadlocking on a lock upgrade.
// Schema: versioned by PRAGMA user_version, migrated in a transaction on open
// by a writer (sqlite_schema.h).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "store/store.h"
#include "util/error.h"

namespace chancery {

struct SqliteStoreOptions {
  std::filesystem::path file;
  // Read-only: never creates or migrates; fails with kNotFound if the file is missing.
  bool read_only = false;
  // How long a statement waits for another process's lock before failing.
  std::chrono::milliseconds busy_timeout{10000};
  // Returns the timestamp stored in Revision::created_at (ISO 8601 UTC).
  // Defaults to the system clock; tests inject a fixed one.
  std::function<std::string()> clock;
};

// Opens (a writer creates and migrates) the store in `options.file`.
// Fails with kStorage when SQLite does, kNotFound when a read-only store is missing.
Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteStoreOptions& options);
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& file, bool read_only);

}  // namespace chancery
