#include "store/sqlite_schema.h"

#include <array>
#include <string>
#include <string_view>

namespace chancery::sqlite {
namespace {

// migrations[i] takes the schema from version i to version i + 1.
// Append new migrations; never edit one that has shipped.
constexpr std::array<std::string_view, 4> kMigrations = {
    // 0 -> 1: revisions, the current pointer per entity, settings.
    R"sql(
CREATE TABLE revisions (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT    NOT NULL,
  id         TEXT    NOT NULL,
  number     INTEGER NOT NULL,
  created_at TEXT    NOT NULL,
  source     TEXT    NOT NULL,
  json       TEXT    NOT NULL,
  title      TEXT    NOT NULL DEFAULT '',
  date_first INTEGER NOT NULL DEFAULT 0,
  date_last  INTEGER NOT NULL DEFAULT 0,
  parent     TEXT    NOT NULL DEFAULT '',
  position   INTEGER NOT NULL DEFAULT 0,
  deleted    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (kind, id, number)
);
CREATE TABLE current (
  kind       TEXT    NOT NULL,
  id         TEXT    NOT NULL,
  seq        INTEGER NOT NULL REFERENCES revisions (seq),
  number     INTEGER NOT NULL,
  deleted    INTEGER NOT NULL,
  parent     TEXT    NOT NULL,
  position   INTEGER NOT NULL,
  date_first INTEGER NOT NULL,
  date_last  INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX current_children ON current (kind, parent, position, id) WHERE deleted = 0;
CREATE INDEX current_dates ON current (kind, date_first, date_last) WHERE deleted = 0;
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 1 -> 2: how a revision's json is kept: 0 as text (every row written
    // before), 1 as a zstd frame (util/compression.h) in a BLOB.
    R"sql(
ALTER TABLE revisions ADD COLUMN encoding INTEGER NOT NULL DEFAULT 0;
)sql",
    // 2 -> 3: binary objects kept by content (page images, Store::put_blob).
    // A rowid table: SQLite keeps large values best outside its index's pages.
    R"sql(
CREATE TABLE blobs (
  key        TEXT    NOT NULL UNIQUE,
  media_type TEXT    NOT NULL,
  size       INTEGER NOT NULL,
  bytes      BLOB    NOT NULL
);
)sql",
    // 3 -> 4: revisions.encoding 2, a detachable string (a record's original
    // source) in a zstd frame apart from the rest (sqlite_store.cc). No table
    // changes: the version tells an older program that it cannot read them.
    R"sql(
SELECT 1;
)sql",
};

Result<int> schema_version(Connection& db) {
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return std::unexpected(version.error());
  return static_cast<int>(version->value_or(0));
}

Error too_new(int found) {
  return Error{ErrorCode::kStorage,
               "store schema version " + std::to_string(found) + " is newer than this program's (" +
                   std::to_string(current_schema_version()) + "); upgrade Chancery",
               {}, 0, 0};
}

}  // namespace

int current_schema_version() { return static_cast<int>(kMigrations.size()); }

Result<void> migrate(Connection& db) {
  auto seen = schema_version(db);
  if (!seen) return std::unexpected(seen.error());
  if (*seen == current_schema_version()) return {};
  if (*seen > current_schema_version()) return std::unexpected(too_new(*seen));

  // BEGIN IMMEDIATE takes the write lock first, so two processes opening a
  // new archive at once serialise here; re-read the version under the lock.
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return r;
  auto fail_and_rollback = [&db](Error error) -> Result<void> {
    (void)db.exec("ROLLBACK");
    return std::unexpected(std::move(error));
  };
  auto version = schema_version(db);
  if (!version) return fail_and_rollback(version.error());
  if (*version > current_schema_version()) return fail_and_rollback(too_new(*version));
  for (int v = *version; v < current_schema_version(); ++v) {
    if (auto r = db.exec(kMigrations[static_cast<std::size_t>(v)]); !r) return fail_and_rollback(r.error());
  }
  if (auto r = db.exec("PRAGMA user_version = " + std::to_string(current_schema_version())); !r) {
    return fail_and_rollback(r.error());
  }
  return db.exec("COMMIT");
}

Result<void> require_current_schema(Connection& db) {
  auto version = schema_version(db);
  if (!version) return std::unexpected(version.error());
  if (*version == 0) {
    return std::unexpected(Error{ErrorCode::kNotFound, "store is empty (no schema); initialise it first", {}, 0, 0});
  }
  if (*version > current_schema_version()) return std::unexpected(too_new(*version));
  if (*version < current_schema_version()) {
    return std::unexpected(Error{ErrorCode::kStorage,
                                 "store schema version " + std::to_string(*version) +
                                     " is older than this program's (" + std::to_string(current_schema_version()) +
                                     "): run `chancery --archive DIR init` once to migrate it (it changes nothing"
                                     " else), or any command that writes",
                                 {}, 0, 0});
  }
  return {};
}

}  // namespace chancery::sqlite
