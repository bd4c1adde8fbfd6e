// Store on PostgreSQL (libpq): for archives that outgrow one machine's disk,
// or whose operators already run PostgreSQL and its backups and replicas.
// The same model as the SQLite store (sqlite_store.h): a revisions table (the
// change log, its seq a bigserial), a current pointer per entity, settings;
// every table in one schema of the database, so several archives (and the
// tests) can share a database.
//
// Durability and isolation: PostgreSQL's own (a commit is durable when
// commit() returns, with the server's default synchronous_commit). Writers
// queue on a transaction-level advisory lock of the schema, as SQLite's
// writers queue on BEGIN IMMEDIATE, so seq order is commit order and two
// importers never race for a revision number.
// Schema: versioned in chancery_schema, created or migrated on open by a
// writer inside a transaction holding the same lock.
// Backups (backup_to) are written as a SQLite store file from one snapshot:
// a PostgreSQL archive's backup restores as a self-contained archive folder.
// The store itself is in a module (store/postgres/, chancery-postgres.so;
// store/postgres_module.h) that open_postgres_store() loads on first use, so
// that libpq and its libraries are loaded only where an archive uses them;
// the location functions below are the binary's own.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "store/store.h"
#include "util/error.h"

namespace chancery {

struct PostgresStoreOptions {
  // A libpq connection string or URI: "postgresql:///chancery",
  // "host=/run/postgresql dbname=chancery".
  std::string conninfo;
  // The schema holding the archive's tables: lower-case letters, digits and
  // '_', starting with a letter.
  std::string schema = "chancery";
  // Read-only: never creates or migrates; every transaction is read-only;
  // fails with kNotFound when the schema holds no store.
  bool read_only = false;
  // Returns the timestamp stored in Revision::created_at; the system clock by default.
  std::function<std::string()> clock;
};

Result<std::unique_ptr<Store>> open_postgres_store(const PostgresStoreOptions& options);

// Whether `location` names a PostgreSQL store: a "postgresql://" or
// "postgres://" URI.
bool is_postgres_location(const std::string& location);

// A store location split into connection string and schema: the URI's
// "schema" query parameter ("postgresql:///db?schema=archive1") is taken out
// and the rest kept; the schema defaults to "chancery".
PostgresStoreOptions postgres_options_for(const std::string& location);

}  // namespace chancery
