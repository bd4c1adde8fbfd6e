#include "store/sqlite_db.h"

#include <utility>

namespace chancery::sqlite {

Error storage_error(sqlite3* db, std::string_view what) {
  std::string message = "sqlite: ";
  message += what;
  if (db != nullptr) {
    message += ": ";
    message += sqlite3_errmsg(db);
  }
  return Error{ErrorCode::kStorage, std::move(message), {}, 0, 0};
}

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, std::string sql)
    : db_(db), stmt_(stmt), sql_(std::move(sql)) {}

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(std::move(other.sql_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    sql_ = std::move(other.sql_);
  }
  return *this;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Result<void> Statement::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so temporaries are safe to bind.
  if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
      SQLITE_OK) {
    return std::unexpected(storage_error(db_, "bind " + sql_));
  }
  return {};
}

Result<void> Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) {
    return std::unexpected(storage_error(db_, "bind " + sql_));
  }
  return {};
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error error = storage_error(db_, sql_);
  sqlite3_reset(stmt_);
  return std::unexpected(std::move(error));
}

Result<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
  }
  sqlite3_reset(stmt_);
  return {};
}

std::int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }

Result<void> Statement::bind_blob(int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK) {
    return std::unexpected(storage_error(db_, "bind " + sql_));
  }
  return {};
}

std::string Statement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Statement::column_blob(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (bytes == nullptr) return {};
  return std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& file, OpenFlags flags) {
  int mode = SQLITE_OPEN_NOMUTEX;
  if (flags.read_only) {
    mode |= SQLITE_OPEN_READONLY;
  } else {
    mode |= SQLITE_OPEN_READWRITE;
    if (flags.create) mode |= SQLITE_OPEN_CREATE;
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &db, mode, nullptr);
  if (rc != SQLITE_OK) {
    Error error = storage_error(db, "cannot open " + file);
    sqlite3_close_v2(db);
    return std::unexpected(std::move(error));
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalized before the connection closes
  if (db_ != nullptr) {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close_v2(db_);
  }
}

Result<void> Connection::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string what = text + ": " + (message != nullptr ? message : sqlite3_errstr(rc));
    sqlite3_free(message);
    return std::unexpected(storage_error(nullptr, what));
  }
  return {};
}

Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(storage_error(db_, "prepare " + std::string(sql)));
  return Statement(db_, stmt, std::string(sql));
}

Result<CachedStatement> Connection::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto stmt = prepare(sql);
    if (!stmt) return std::unexpected(stmt.error());
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(std::move(*stmt))).first;
  }
  it->second->reset();
  return CachedStatement(it->second.get());
}

Result<std::optional<std::int64_t>> Connection::query_int(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{stmt->column_int(0)};
}

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace chancery::sqlite
