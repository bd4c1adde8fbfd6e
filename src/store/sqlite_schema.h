// The SQLite store's schema and its migrations. The schema version lives in
// `PRAGMA user_version`; each migration runs in its own write transaction
// together with the version bump, so a crash leaves either the old or the new
// schema, never half of one.
#pragma once

#include "store/sqlite_db.h"
#include "util/error.h"

namespace chancery::sqlite {

// The version this build writes and understands.
int current_schema_version();

// Brings the database up to current_schema_version(). Fails with kStorage if
// the file was written by a newer version (we refuse to guess at its layout).
Result<void> migrate(Connection& db);

// For read-only connections: fails unless the schema is exactly current
// (a read-only opener cannot migrate; an empty file means no archive).
Result<void> require_current_schema(Connection& db);

}  // namespace chancery::sqlite
