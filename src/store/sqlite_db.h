// A thin RAII layer over the SQLite C API: a connection, prepared statements
// and a per-connection statement cache. Every SQLite failure becomes an
// Error{kStorage}; nothing here throws.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "util/error.h"

namespace chancery::sqlite {

// An Error{kStorage} naming what we were doing and SQLite's own message.
Error storage_error(sqlite3* db, std::string_view what);

// One prepared statement. Owns the sqlite3_stmt; non-copyable, movable.
// Bind indexes are 1-based as in SQLite; column indexes are 0-based.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::string sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;

  // Resets the statement and clears its bindings, ready for a new execution.
  void reset();

  Result<void> bind(int index, std::string_view text);
  Result<void> bind(int index, std::int64_t value);
  Result<void> bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  // Binds `bytes` as a BLOB (no text encoding).
  Result<void> bind_blob(int index, std::string_view bytes);

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows (or whose rows are ignored).
  Result<void> run();

  std::int64_t column_int(int column) const;
  std::string column_text(int column) const;
  // The bytes of a BLOB (or TEXT) column.
  std::string column_blob(int column) const;
  bool column_is_null(int column) const;

  const std::string& sql() const { return sql_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

// A cached statement on loan: resets it (ending its read snapshot) when the
// loan ends. Movable, not copyable.
class CachedStatement {
 public:
  explicit CachedStatement(Statement* stmt) : stmt_(stmt) {}
  ~CachedStatement() {
    if (stmt_ != nullptr) stmt_->reset();
  }
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  CachedStatement(CachedStatement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  CachedStatement& operator=(CachedStatement&&) = delete;

  Statement* operator->() const { return stmt_; }
  Statement& operator*() const { return *stmt_; }

 private:
  Statement* stmt_;
};

struct OpenFlags {
  bool read_only = false;
  bool create = true;
};

// One SQLite connection with a cache of prepared statements.
// Non-copyable; closing rolls back any open transaction.
class Connection {
 public:
  static Result<std::unique_ptr<Connection>> open(const std::string& file, OpenFlags flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Executes one or more statements that return no rows (schema, pragmas).
  Result<void> exec(std::string_view sql);

  // Lends the cached statement for `sql`, reset and with bindings cleared,
  // preparing it on first use. Do not hold two loans of the same SQL text at
  // once (use prepare() for queries that call back into user code).
  Result<CachedStatement> cached(std::string_view sql);

  // A fresh, uncached statement (for queries that call back into user code).
  Result<Statement> prepare(std::string_view sql);

  // Runs a query returning a single integer (e.g. a PRAGMA); nullopt when no row.
  Result<std::optional<std::int64_t>> query_int(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  bool in_transaction() const;  // false in autocommit mode
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

}  // namespace chancery::sqlite
