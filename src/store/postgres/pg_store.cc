// The PostgreSQL store (store/postgres_store.h), built as a module of its own,
// chancery-postgres.so (store/postgres_module.h): libpq and the libraries it
// brings (Kerberos, LDAP, GnuTLS...) are loaded only by a process that opens
// an archive in PostgreSQL.
#include "store/postgres_module.h"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/sqlite_db.h"
#include "store/sqlite_schema.h"
#include "store/store_invariants.h"
#include "util/compression.h"
#include "util/hex.h"

namespace chancery {
namespace {

// revisions.encoding, as in the SQLite store: 0 the JSON as written, 1 a zstd frame.
constexpr int kJsonAsText = 0;
constexpr int kJsonCompressed = 1;
constexpr std::size_t kMinCompressedJsonBytes = 128;
constexpr std::size_t kMaxJsonBytes = std::size_t{1} << 31;
// Rows fetched at a time by the walks over a whole table (for_each, backups).
constexpr int kWalkBatch = 500;

constexpr std::array<std::string_view, 2> kMigrations = {
    // 0 -> 1: the SQLite store's schema 2, in PostgreSQL's types. Text
    // compares byte by byte ("C"), as SQLite's does, whatever the database's
    // collation: ids order and page the same on both.
    R"sql(
CREATE TABLE revisions (
  seq        BIGSERIAL PRIMARY KEY,
  kind       TEXT     COLLATE "C" NOT NULL,
  id         TEXT     COLLATE "C" NOT NULL,
  number     INTEGER  NOT NULL,
  created_at TEXT     COLLATE "C" NOT NULL,
  source     TEXT     NOT NULL,
  json       BYTEA    NOT NULL,
  title      TEXT     NOT NULL DEFAULT '',
  date_first BIGINT   NOT NULL DEFAULT 0,
  date_last  BIGINT   NOT NULL DEFAULT 0,
  parent     TEXT     COLLATE "C" NOT NULL DEFAULT '',
  position   INTEGER  NOT NULL DEFAULT 0,
  deleted    SMALLINT NOT NULL DEFAULT 0,
  encoding   SMALLINT NOT NULL DEFAULT 0,
  UNIQUE (kind, id, number)
);
CREATE TABLE current (
  kind       TEXT     COLLATE "C" NOT NULL,
  id         TEXT     COLLATE "C" NOT NULL,
  seq        BIGINT   NOT NULL REFERENCES revisions (seq),
  number     INTEGER  NOT NULL,
  deleted    SMALLINT NOT NULL,
  parent     TEXT     COLLATE "C" NOT NULL,
  position   INTEGER  NOT NULL,
  date_first BIGINT   NOT NULL,
  date_last  BIGINT   NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX current_children ON current (kind, parent, position, id) WHERE deleted = 0;
CREATE INDEX current_dates ON current (kind, date_first, date_last) WHERE deleted = 0;
CREATE TABLE settings (
  key   TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
    // 1 -> 2: binary objects kept by content (page images, Store::put_blob),
    // as the SQLite store's schema 3.
    R"sql(
CREATE TABLE blobs (
  key        TEXT   COLLATE "C" PRIMARY KEY,
  media_type TEXT   NOT NULL,
  size       BIGINT NOT NULL,
  bytes      BYTEA  NOT NULL
);
)sql",
};

int current_version() { return static_cast<int>(kMigrations.size()); }

#define CHANCERY_PG_REVISION_COLUMNS                                                                        \
  "r.kind, r.id, r.number, r.seq, r.created_at, r.source, r.json, r.title, r.date_first, r.date_last, " \
  "r.parent, r.position, r.deleted, r.encoding"
#define CHANCERY_PG_REVISION_COLUMNS_NO_JSON                                                                 \
  "r.kind, r.id, r.number, r.seq, r.created_at, r.source, ''::bytea, r.title, r.date_first, r.date_last, " \
  "r.parent, r.position, r.deleted, 0"

Error storage_error(std::string what, std::string_view detail) {
  std::string message = "PostgreSQL: " + what;
  std::string_view trimmed = detail;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) trimmed.remove_suffix(1);
  if (!trimmed.empty()) message += ": " + std::string(trimmed);
  return Error{ErrorCode::kStorage, std::move(message), {}, 0, 0};
}

// A query's result; rows and columns 0-based, values as PostgreSQL's text form.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result, &PQclear) {}
  int rows() const { return PQntuples(result_.get()); }
  std::string text(int row, int column) const {
    return std::string(PQgetvalue(result_.get(), row, column),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
  }
  std::int64_t integer(int row, int column) const {
    return std::strtoll(PQgetvalue(result_.get(), row, column), nullptr, 10);
  }
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  PGresult* get() const { return result_.get(); }
  // A bytea column in the hex output format ("\x0a1b...").
  Result<std::string> bytes(int row, int column) const {
    std::string_view hex(PQgetvalue(result_.get(), row, column),
                         static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
    if (!hex.starts_with("\\x") || hex.size() % 2 != 0) {
      return fail(ErrorCode::kStorage, "PostgreSQL: a bytea value is not in the hex format");
    }
    std::string out;
    out.resize((hex.size() - 2) / 2);
    for (std::size_t i = 2, o = 0; i < hex.size(); i += 2, ++o) {
      int high = hex_value(hex[i]);
      int low = hex_value(hex[i + 1]);
      if (high < 0 || low < 0) return fail(ErrorCode::kStorage, "PostgreSQL: a bytea value has a bad hex digit");
      out[o] = static_cast<char>(high * 16 + low);
    }
    return out;
  }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

// A query parameter: text, or bytes sent as binary (bytea).
struct Param {
  std::string value;
  bool binary = false;
  static Param text(std::string_view v) { return Param{std::string(v), false}; }
  static Param number(std::int64_t v) { return Param{std::to_string(v), false}; }
  static Param bytes(std::string_view v) { return Param{std::string(v), true}; }
};

class PgConnection {
 public:
  static Result<std::unique_ptr<PgConnection>> open(const std::string& conninfo) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (conn == nullptr) return fail(ErrorCode::kStorage, "PostgreSQL: out of memory connecting");
    auto connection = std::unique_ptr<PgConnection>(new PgConnection(conn));
    if (PQstatus(conn) != CONNECTION_OK) return std::unexpected(storage_error("cannot connect", PQerrorMessage(conn)));
    return connection;
  }
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` (one or more statements, no parameters).
  Result<PgResult> exec(std::string_view sql) {
    return with_reconnect([&] { return checked(PgResult(PQexec(conn_, std::string(sql).c_str())), sql); });
  }

  // Runs one statement with parameters $1..$n, prepared once per connection.
  Result<PgResult> query(const std::string& sql, const std::vector<Param>& params) {
    return with_reconnect([&] { return query_once(sql, params); });
  }

  // Runs `sql` now and again after every reconnection (search_path and the like).
  Result<void> add_session_setting(const std::string& sql) {
    if (auto r = exec(sql); !r) return std::unexpected(r.error());
    session_.push_back(sql);
    return {};
  }

  bool in_transaction() const {
    PGTransactionStatusType status = PQtransactionStatus(conn_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
  }
  bool transaction_failed() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}

  // A statement outside a transaction whose connection is lost (the server
  // restarted, or an administrator ended the session) runs again on a new
  // connection: a long-running reader recovers by itself. Inside a
  // transaction the failure stands, so the caller's transaction fails whole;
  // the next statement after it reconnects.
  template <typename Run>
  Result<PgResult> with_reconnect(Run&& run) {
    const PGTransactionStatusType before = PQtransactionStatus(conn_);
    const bool outside = before == PQTRANS_IDLE || before == PQTRANS_UNKNOWN;
    Result<PgResult> result = run();
    if (result || !outside || PQstatus(conn_) != CONNECTION_BAD) return result;
    if (auto r = reconnect(); !r) return std::unexpected(r.error());
    return run();
  }

  Result<void> reconnect() {
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) return std::unexpected(storage_error("cannot reconnect", PQerrorMessage(conn_)));
    prepared_.clear();
    for (const std::string& sql : session_) {
      if (auto r = checked(PgResult(PQexec(conn_, sql.c_str())), sql); !r) return std::unexpected(r.error());
    }
    return {};
  }

  Result<PgResult> query_once(const std::string& sql, const std::vector<Param>& params) {
    auto name = prepared_.find(sql);
    if (name == prepared_.end()) {
      std::string statement = "s" + std::to_string(prepared_.size());
      PgResult prepared(PQprepare(conn_, statement.c_str(), sql.c_str(), 0, nullptr));
      if (auto r = checked(std::move(prepared), sql); !r) return std::unexpected(r.error());
      name = prepared_.emplace(sql, std::move(statement)).first;
    }
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (const Param& p : params) {
      values.push_back(p.value.data());
      lengths.push_back(static_cast<int>(p.value.size()));
      formats.push_back(p.binary ? 1 : 0);
    }
    // Text parameters must be NUL-terminated: std::string's data() is.
    PgResult result(PQexecPrepared(conn_, name->second.c_str(), static_cast<int>(params.size()), values.data(),
                                   lengths.data(), formats.data(), 0));
    return checked(std::move(result), sql);
  }

  Result<PgResult> checked(PgResult result, std::string_view sql) {
    // PQresultStatus of a null result is PGRES_FATAL_ERROR.
    ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    std::string what(sql.substr(0, std::min<std::size_t>(sql.size(), 60)));
    std::replace(what.begin(), what.end(), '\n', ' ');
    return std::unexpected(storage_error("'" + what + "'", PQerrorMessage(conn_)));
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;
  std::vector<std::string> session_;
};


bool valid_schema_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

Result<std::string> decode_json(const PgResult& result, int row, int json_column, int encoding_column) {
  auto bytes = result.bytes(row, json_column);
  if (!bytes) return std::unexpected(bytes.error());
  const std::int64_t encoding = result.integer(row, encoding_column);
  if (encoding == kJsonAsText) return bytes;
  if (encoding == kJsonCompressed) return decompress_text(*bytes, kMaxJsonBytes);
  return fail(ErrorCode::kStorage, "store holds a revision of unknown encoding " + std::to_string(encoding));
}

// A Revision from a row of CHANCERY_PG_REVISION_COLUMNS(_NO_JSON).
Result<Revision> read_revision(const PgResult& result, int row) {
  Revision rev;
  std::string kind = result.text(row, 0);
  auto parsed = kind_from_name(kind);
  if (!parsed) return fail(ErrorCode::kStorage, "store holds a revision of unknown kind '" + kind + "'");
  rev.kind = *parsed;
  rev.id = result.text(row, 1);
  rev.number = static_cast<int>(result.integer(row, 2));
  rev.seq = result.integer(row, 3);
  rev.created_at = result.text(row, 4);
  rev.source = result.text(row, 5);
  auto json = decode_json(result, row, 6, 13);
  if (!json) {
    return fail(ErrorCode::kStorage,
                "revision " + std::to_string(rev.number) + " of " + kind + " " + rev.id + ": " + json.error().message);
  }
  rev.json = std::move(*json);
  rev.meta.title = result.text(row, 7);
  rev.meta.date_first = result.integer(row, 8);
  rev.meta.date_last = result.integer(row, 9);
  rev.meta.parent = result.text(row, 10);
  rev.meta.position = static_cast<int>(result.integer(row, 11));
  rev.deleted = result.integer(row, 12) != 0;
  return rev;
}

Result<std::vector<Revision>> read_revisions(const PgResult& result) {
  std::vector<Revision> out;
  out.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) {
    auto rev = read_revision(result, row);
    if (!rev) return std::unexpected(rev.error());
    out.push_back(std::move(*rev));
  }
  return out;
}

Param kind_param(EntityKind kind) { return Param::text(kind_name(kind)); }

class PostgresStore final : public Store {
 public:
  PostgresStore(std::unique_ptr<PgConnection> db, PostgresStoreOptions options)
      : db_(std::move(db)), options_(std::move(options)) {}

  Result<void> begin() override {
    if (db_->in_transaction()) return fail(ErrorCode::kConflict, "a store transaction is already open");
    return begin_writing();
  }

  Result<void> commit() override {
    if (!db_->in_transaction()) return fail(ErrorCode::kConflict, "no store transaction to commit");
    // COMMIT of a failed transaction rolls back without an error: say so.
    if (db_->transaction_failed()) {
      (void)db_->exec("ROLLBACK");
      return fail(ErrorCode::kStorage, "PostgreSQL: the transaction failed earlier and was rolled back");
    }
    auto r = db_->exec("COMMIT");
    if (!r) {
      if (db_->in_transaction()) (void)db_->exec("ROLLBACK");
      return std::unexpected(r.error());
    }
    return {};
  }

  Result<void> rollback() override {
    if (!db_->in_transaction()) return {};
    return done(db_->exec("ROLLBACK"));
  }

  Result<void> savepoint() override {
    if (!db_->in_transaction()) return fail(ErrorCode::kConflict, "a savepoint needs an open transaction");
    return done(db_->exec("SAVEPOINT unit"));
  }

  Result<void> release_savepoint() override {
    if (!db_->in_transaction()) return fail(ErrorCode::kConflict, "no transaction holds a savepoint");
    return done(db_->exec("RELEASE SAVEPOINT unit"));
  }

  Result<void> rollback_to_savepoint() override {
    if (!db_->in_transaction()) return fail(ErrorCode::kConflict, "no transaction holds a savepoint");
    if (auto r = db_->exec("ROLLBACK TO SAVEPOINT unit"); !r) return std::unexpected(r.error());
    return done(db_->exec("RELEASE SAVEPOINT unit"));
  }

  Result<std::optional<Revision>> latest(EntityKind kind, std::string_view id) override {
    return one("SELECT " CHANCERY_PG_REVISION_COLUMNS " FROM current c JOIN revisions r ON r.seq = c.seq"
               " WHERE c.kind = $1 AND c.id = $2 AND c.deleted = 0",
               {kind_param(kind), Param::text(id)});
  }

  Result<std::optional<Revision>> latest_meta(EntityKind kind, std::string_view id) override {
    return one("SELECT " CHANCERY_PG_REVISION_COLUMNS_NO_JSON " FROM current c JOIN revisions r ON r.seq = c.seq"
               " WHERE c.kind = $1 AND c.id = $2 AND c.deleted = 0",
               {kind_param(kind), Param::text(id)});
  }

  Result<std::vector<std::optional<std::string>>> parents_of(EntityKind kind,
                                                             const std::vector<std::string_view>& ids) override {
    std::vector<std::optional<std::string>> parents(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto result = db_->query("SELECT parent FROM current WHERE kind = $1 AND id = $2 AND deleted = 0",
                               {kind_param(kind), Param::text(ids[i])});
      if (!result) return std::unexpected(result.error());
      if (result->rows() > 0) parents[i] = result->text(0, 0);
    }
    return parents;
  }

  Result<int> put(EntityKind kind, std::string_view id, std::string_view json, const EntityMeta& meta,
                  std::string_view source) override {
    if (id.empty()) return fail(ErrorCode::kInvalidInput, "cannot store an entity with an empty id");
    int written = 0;
    auto r = write_atomically([&]() -> Result<void> {
      auto head = head_of(kind, id);
      if (!head) return std::unexpected(head.error());
      if (head->number > 0 && !head->deleted && head->json == json) return {};
      if (auto added = append(kind, id, head->number + 1, json, meta, source, false); !added) return added;
      written = head->number + 1;
      return {};
    });
    if (!r) return std::unexpected(r.error());
    return written;
  }

  Result<void> remove(EntityKind kind, std::string_view id, std::string_view source) override {
    return write_atomically([&]() -> Result<void> {
      auto head = head_of(kind, id);
      if (!head) return std::unexpected(head.error());
      if (head->number == 0) return fail(ErrorCode::kNotFound, "no " + std::string(kind_name(kind)) + " " + std::string(id));
      if (head->deleted) return {};
      return append(kind, id, head->number + 1, "", EntityMeta{}, source, true);
    });
  }

  Result<std::vector<Revision>> history(EntityKind kind, std::string_view id) override {
    return many("SELECT " CHANCERY_PG_REVISION_COLUMNS " FROM revisions r WHERE r.kind = $1 AND r.id = $2"
                " ORDER BY r.number",
                {kind_param(kind), Param::text(id)});
  }

  Result<std::vector<Revision>> history_meta(EntityKind kind, std::string_view id) override {
    return many("SELECT " CHANCERY_PG_REVISION_COLUMNS_NO_JSON " FROM revisions r WHERE r.kind = $1 AND r.id = $2"
                " ORDER BY r.number",
                {kind_param(kind), Param::text(id)});
  }

  Result<std::optional<Revision>> revision(EntityKind kind, std::string_view id, int number) override {
    return one("SELECT " CHANCERY_PG_REVISION_COLUMNS " FROM revisions r WHERE r.kind = $1 AND r.id = $2 AND r.number = $3",
               {kind_param(kind), Param::text(id), Param::number(number)});
  }

  Result<void> for_each(EntityKind kind, const std::function<bool(const Revision&)>& fn) override {
    // In batches by id, so a large archive is never held whole and `fn` may
    // call back into the store between rows.
    std::string after;
    bool first = true;
    for (;;) {
      auto batch = many(std::string("SELECT " CHANCERY_PG_REVISION_COLUMNS
                                    " FROM current c JOIN revisions r ON r.seq = c.seq WHERE c.kind = $1"
                                    " AND c.deleted = 0 AND c.id ") +
                            (first ? ">=" : ">") + " $2 ORDER BY c.id LIMIT " + std::to_string(kWalkBatch),
                        {kind_param(kind), Param::text(after)});
      if (!batch) return std::unexpected(batch.error());
      for (const Revision& rev : *batch) {
        if (!fn(rev)) return {};
      }
      if (batch->size() < static_cast<std::size_t>(kWalkBatch)) return {};
      after = batch->back().id;
      first = false;
    }
  }

  Result<std::vector<Revision>> list_meta(EntityKind kind) override {
    return many("SELECT " CHANCERY_PG_REVISION_COLUMNS_NO_JSON " FROM current c JOIN revisions r ON r.seq = c.seq"
                " WHERE c.kind = $1 AND c.deleted = 0 ORDER BY c.id",
                {kind_param(kind)});
  }

  Result<std::vector<Revision>> children(EntityKind kind, std::string_view parent) override {
    return many("SELECT " CHANCERY_PG_REVISION_COLUMNS " FROM current c JOIN revisions r ON r.seq = c.seq"
                " WHERE c.kind = $1 AND c.parent = $2 AND c.deleted = 0 ORDER BY c.position, c.id",
                {kind_param(kind), Param::text(parent)});
  }

  Result<std::vector<Revision>> changes_since(std::int64_t after, int limit, bool with_json) override {
    return many(with_json ? "SELECT " CHANCERY_PG_REVISION_COLUMNS
                            " FROM revisions r WHERE r.seq > $1 ORDER BY r.seq LIMIT $2"
                          : "SELECT " CHANCERY_PG_REVISION_COLUMNS_NO_JSON
                            " FROM revisions r WHERE r.seq > $1 ORDER BY r.seq LIMIT $2",
                {Param::number(after), Param::number(limit)});
  }

  Result<std::vector<SeqMark>> current_marks(EntityKind kind, std::int64_t every) override {
    auto result = db_->query(
        "SELECT m.seq, r.created_at FROM"
        " (SELECT seq, row_number() OVER (ORDER BY seq) AS n, count(*) OVER () AS total"
        "  FROM current WHERE kind = $1) m JOIN revisions r ON r.seq = m.seq"
        " WHERE m.n % $2 = 0 OR m.n = m.total ORDER BY m.seq",
        {kind_param(kind), Param::number(std::max<std::int64_t>(every, 1))});
    if (!result) return std::unexpected(result.error());
    std::vector<SeqMark> marks;
    for (int i = 0; i < result->rows(); ++i) marks.push_back({result->integer(i, 0), result->text(i, 1)});
    return marks;
  }

  Result<std::vector<Revision>> current_since(EntityKind kind, std::int64_t after, std::int64_t through, int limit,
                                              bool with_json) override {
    return many(with_json ? "SELECT " CHANCERY_PG_REVISION_COLUMNS
                            " FROM revisions r JOIN current c ON c.kind = r.kind AND c.id = r.id AND c.seq = r.seq"
                            " WHERE r.seq > $1 AND r.seq <= $2 AND r.kind = $3 ORDER BY r.seq LIMIT $4"
                          : "SELECT " CHANCERY_PG_REVISION_COLUMNS_NO_JSON
                            " FROM revisions r JOIN current c ON c.kind = r.kind AND c.id = r.id AND c.seq = r.seq"
                            " WHERE r.seq > $1 AND r.seq <= $2 AND r.kind = $3 ORDER BY r.seq LIMIT $4",
                {Param::number(after), Param::number(through), kind_param(kind), Param::number(limit)});
  }

  Result<void> put_blob(std::string_view key, std::string_view media_type, std::string_view bytes) override {
    return write_atomically([&]() -> Result<void> {
      return done(db_->query("INSERT INTO blobs (key, media_type, size, bytes) VALUES ($1, $2, $3, $4)"
                             " ON CONFLICT (key) DO NOTHING",
                             {Param::text(key), Param::text(media_type),
                              Param::number(static_cast<std::int64_t>(bytes.size())), Param::bytes(bytes)}));
    });
  }

  Result<std::optional<Blob>> blob(std::string_view key) override {
    auto result = db_->query("SELECT media_type, bytes FROM blobs WHERE key = $1", {Param::text(key)});
    if (!result) return std::unexpected(result.error());
    if (result->rows() == 0) return std::optional<Blob>{};
    auto bytes = result->bytes(0, 1);
    if (!bytes) return std::unexpected(bytes.error());
    return std::optional<Blob>{Blob{result->text(0, 0), std::move(*bytes)}};
  }

  Result<bool> has_blob(std::string_view key) override {
    auto result = db_->query("SELECT 1 FROM blobs WHERE key = $1", {Param::text(key)});
    if (!result) return std::unexpected(result.error());
    return result->rows() > 0;
  }

  Result<std::optional<std::string>> get_meta(std::string_view key) override {
    auto result = db_->query("SELECT value FROM settings WHERE key = $1", {Param::text(key)});
    if (!result) return std::unexpected(result.error());
    if (result->rows() == 0) return std::optional<std::string>{};
    return std::optional<std::string>{result->text(0, 0)};
  }

  Result<void> set_meta(std::string_view key, std::string_view value) override {
    return write_atomically([&]() -> Result<void> {
      return done(db_->query("INSERT INTO settings (key, value) VALUES ($1, $2)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             {Param::text(key), Param::text(value)}));
    });
  }

  Result<std::int64_t> last_seq() override {
    auto result = db_->query("SELECT coalesce(max(seq), 0) FROM revisions", {});
    if (!result) return std::unexpected(result.error());
    return result->integer(0, 0);
  }

  Result<std::optional<std::int64_t>> latest_seq(EntityKind kind, std::string_view id) override {
    auto result = db_->query("SELECT seq FROM current WHERE kind = $1 AND id = $2 AND deleted = 0",
                             {kind_param(kind), Param::text(id)});
    if (!result) return std::unexpected(result.error());
    if (result->rows() == 0) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{result->integer(0, 0)};
  }

  Result<std::int64_t> commit_version() override {
    // The snapshot (oldest running transaction, next transaction id, those
    // in progress) changes when any transaction that wrote ends, here or in
    // another database of the server (a needless refresh at worst).
    auto result = db_->query("SELECT pg_current_snapshot()::text", {});
    if (!result) return std::unexpected(result.error());
    return static_cast<std::int64_t>(std::hash<std::string>{}(result->text(0, 0)) >> 1);
  }

  Result<StoreStats> stats() override {
    StoreStats stats;
    auto counts = db_->query("SELECT kind, count(*) FROM current WHERE deleted = 0 GROUP BY kind", {});
    if (!counts) return std::unexpected(counts.error());
    for (int row = 0; row < counts->rows(); ++row) {
      auto kind = kind_from_name(counts->text(row, 0));
      const std::int64_t n = counts->integer(row, 1);
      if (!kind) continue;
      switch (*kind) {
        case EntityKind::kRecord: stats.records = n; break;
        case EntityKind::kCollection: stats.collections = n; break;
        case EntityKind::kPerson: stats.persons = n; break;
        case EntityKind::kTerm: stats.terms = n; break;
        case EntityKind::kAuthority: stats.authorities = n; break;
        case EntityKind::kAnnotation: stats.annotations = n; break;
        case EntityKind::kScans: stats.scans = n; break;
        case EntityKind::kAbout: break;   // counted with their collections
      }
    }
    auto totals = db_->query(
        "SELECT count(*), coalesce(max(seq), 0), pg_total_relation_size('revisions') + "
        "pg_total_relation_size('current') + pg_total_relation_size('settings') FROM revisions",
        {});
    if (!totals) return std::unexpected(totals.error());
    stats.revisions = totals->integer(0, 0);
    stats.last_seq = totals->integer(0, 1);
    stats.bytes = totals->integer(0, 2);
    auto blobs = db_->query("SELECT count(*), coalesce(sum(size), 0), pg_total_relation_size('blobs') FROM blobs", {});
    if (!blobs) return std::unexpected(blobs.error());
    stats.blobs = blobs->integer(0, 0);
    stats.blob_bytes = blobs->integer(0, 1);
    stats.bytes += blobs->integer(0, 2);
    return stats;
  }

  Result<std::vector<std::string>> check() override;
  Result<void> backup_to(const std::string& dest) override;

 private:
  struct Head {
    int number = 0;
    bool deleted = false;
    std::string json;
  };

  static Result<void> done(Result<PgResult> result) {
    if (!result) return std::unexpected(result.error());
    return {};
  }

  Result<std::optional<Revision>> one(const std::string& sql, const std::vector<Param>& params) {
    auto result = db_->query(sql, params);
    if (!result) return std::unexpected(result.error());
    if (result->rows() == 0) return std::optional<Revision>{};
    auto rev = read_revision(*result, 0);
    if (!rev) return std::unexpected(rev.error());
    return std::optional<Revision>{std::move(*rev)};
  }

  Result<std::vector<Revision>> many(const std::string& sql, const std::vector<Param>& params) {
    auto result = db_->query(sql, params);
    if (!result) return std::unexpected(result.error());
    return read_revisions(*result);
  }

  // BEGIN, then the schema's writer lock, held to the end of the transaction.
  Result<void> begin_writing() {
    if (options_.read_only) return fail(ErrorCode::kStorage, "the store is open read-only");
    if (auto r = db_->exec("BEGIN"); !r) return std::unexpected(r.error());
    auto locked = db_->query("SELECT pg_advisory_xact_lock(hashtext('chancery.' || $1))", {Param::text(options_.schema)});
    if (!locked) {
      (void)db_->exec("ROLLBACK");
      return std::unexpected(locked.error());
    }
    return {};
  }

  Result<Head> head_of(EntityKind kind, std::string_view id) {
    auto result = db_->query(
        "SELECT c.number, c.deleted, r.json, r.encoding FROM current c JOIN revisions r ON r.seq = c.seq"
        " WHERE c.kind = $1 AND c.id = $2",
        {kind_param(kind), Param::text(id)});
    if (!result) return std::unexpected(result.error());
    Head head;
    if (result->rows() > 0) {
      head.number = static_cast<int>(result->integer(0, 0));
      head.deleted = result->integer(0, 1) != 0;
      auto json = decode_json(*result, 0, 2, 3);
      if (!json) return std::unexpected(json.error());
      head.json = std::move(*json);
    }
    return head;
  }

  Result<void> append(EntityKind kind, std::string_view id, int number, std::string_view json, const EntityMeta& meta,
                      std::string_view source, bool deleted) {
    std::string now = options_.clock ? options_.clock() : utc_timestamp_now();
    std::string frame;
    if (json.size() >= kMinCompressedJsonBytes) frame = compress_text(json);
    const bool compressed = !frame.empty() && frame.size() < json.size();
    auto inserted = db_->query(
        "INSERT INTO revisions (kind, id, number, created_at, source, json, title, date_first, date_last, parent,"
        " position, deleted, encoding) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING seq",
        {kind_param(kind), Param::text(id), Param::number(number), Param::text(now), Param::text(source),
         Param::bytes(compressed ? std::string_view(frame) : json), Param::text(meta.title),
         Param::number(meta.date_first), Param::number(meta.date_last), Param::text(meta.parent),
         Param::number(meta.position), Param::number(deleted ? 1 : 0),
         Param::number(compressed ? kJsonCompressed : kJsonAsText)});
    if (!inserted) return std::unexpected(inserted.error());
    const std::int64_t seq = inserted->integer(0, 0);
    return done(db_->query(
        "INSERT INTO current (kind, id, seq, number, deleted, parent, position, date_first, date_last)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq, number = excluded.number,"
        " deleted = excluded.deleted, parent = excluded.parent, position = excluded.position,"
        " date_first = excluded.date_first, date_last = excluded.date_last",
        {kind_param(kind), Param::text(id), Param::number(seq), Param::number(number), Param::number(deleted ? 1 : 0),
         Param::text(meta.parent), Param::number(meta.position), Param::number(meta.date_first),
         Param::number(meta.date_last)}));
  }

  // Runs `fn` atomically: in the caller's transaction as a savepoint, else in
  // a transaction of its own.
  template <typename Fn>
  Result<void> write_atomically(Fn&& fn) {
    if (options_.read_only) return fail(ErrorCode::kStorage, "the store is open read-only");
    const bool nested = db_->in_transaction();
    if (nested) {
      if (db_->transaction_failed()) return fail(ErrorCode::kStorage, "PostgreSQL: the transaction failed earlier");
      if (auto r = db_->exec("SAVEPOINT store_write"); !r) return std::unexpected(r.error());
    } else if (auto r = begin_writing(); !r) {
      return r;
    }
    Result<void> result = fn();
    if (!result) {
      if (nested) {
        (void)db_->exec("ROLLBACK TO SAVEPOINT store_write");
        (void)db_->exec("RELEASE SAVEPOINT store_write");
      } else if (db_->in_transaction()) {
        (void)db_->exec("ROLLBACK");
      }
      return result;
    }
    if (nested) return done(db_->exec("RELEASE SAVEPOINT store_write"));
    return commit();
  }

  std::unique_ptr<PgConnection> db_;
  PostgresStoreOptions options_;
};

Result<std::vector<std::string>> PostgresStore::check() {
  std::vector<std::string> problems;
  std::vector<std::string> queries(std::begin(kRevisionInvariants), std::end(kRevisionInvariants));
  queries.push_back(unknown_encodings_query("0, 1"));
  for (const std::string& sql : queries) {
    auto result = db_->query(sql, {});
    if (!result) return std::unexpected(result.error());
    for (int row = 0; row < result->rows(); ++row) problems.push_back(result->text(row, 0));
  }
  // Every compressed JSON decompresses, read in batches by seq.
  std::int64_t after = 0;
  for (;;) {
    auto result = db_->query("SELECT seq, kind, id, number, json FROM revisions WHERE encoding = 1 AND seq > $1"
                             " ORDER BY seq LIMIT " + std::to_string(kWalkBatch),
                             {Param::number(after)});
    if (!result) return std::unexpected(result.error());
    for (int row = 0; row < result->rows(); ++row) {
      after = result->integer(row, 0);
      auto bytes = result->bytes(row, 4);
      Result<std::string> json = bytes ? decompress_text(*bytes, kMaxJsonBytes) : std::unexpected(bytes.error());
      if (!json) {
        problems.push_back(result->text(row, 1) + " " + result->text(row, 2) + ": revision " + result->text(row, 3) +
                           ": " + json.error().message);
      }
    }
    if (result->rows() < kWalkBatch) break;
  }
  return problems;
}

Result<void> PostgresStore::backup_to(const std::string& dest) {
  std::error_code ec;
  if (std::filesystem::exists(dest, ec)) return fail(ErrorCode::kConflict, "backup destination " + dest + " already exists");
  if (db_->in_transaction()) return fail(ErrorCode::kConflict, "cannot back up inside an open store transaction");
  auto target = sqlite::Connection::open(dest, sqlite::OpenFlags{.read_only = false, .create = true});
  if (!target) return std::unexpected(target.error());
  sqlite::Connection& out = **target;
  auto abandon = [&](Error error) -> Result<void> {
    (void)db_->exec("ROLLBACK");
    target->reset();
    std::filesystem::remove(dest, ec);
    return std::unexpected(std::move(error));
  };
  if (auto r = sqlite::migrate(out); !r) return abandon(r.error());
  // One snapshot of every table: the copy is the store as of one commit.
  if (auto r = db_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !r) return abandon(r.error());
  if (auto r = out.exec("BEGIN"); !r) return abandon(r.error());
  auto insert = out.prepare(
      "INSERT INTO revisions (seq, kind, id, number, created_at, source, json, title, date_first, date_last, parent,"
      " position, deleted, encoding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  if (!insert) return abandon(insert.error());
  std::int64_t after = 0;
  for (;;) {
    auto result = db_->query(
        "SELECT seq, kind, id, number, created_at, source, json, title, date_first, date_last, parent, position,"
        " deleted, encoding FROM revisions WHERE seq > $1 ORDER BY seq LIMIT " + std::to_string(kWalkBatch),
        {Param::number(after)});
    if (!result) return abandon(result.error());
    for (int row = 0; row < result->rows(); ++row) {
      after = result->integer(row, 0);
      auto json = result->bytes(row, 6);
      if (!json) return abandon(json.error());
      insert->reset();
      const bool compressed = result->integer(row, 13) == kJsonCompressed;
      for (auto r : {insert->bind(1, after), insert->bind(2, result->text(row, 1)), insert->bind(3, result->text(row, 2)),
                     insert->bind(4, result->integer(row, 3)), insert->bind(5, result->text(row, 4)),
                     insert->bind(6, result->text(row, 5)),
                     compressed ? insert->bind_blob(7, *json) : insert->bind(7, std::string_view(*json)),
                     insert->bind(8, result->text(row, 7)), insert->bind(9, result->integer(row, 8)),
                     insert->bind(10, result->integer(row, 9)), insert->bind(11, result->text(row, 10)),
                     insert->bind(12, result->integer(row, 11)), insert->bind(13, result->integer(row, 12)),
                     insert->bind(14, result->integer(row, 13))}) {
        if (!r) return abandon(r.error());
      }
      if (auto r = insert->run(); !r) return abandon(r.error());
    }
    if (result->rows() < kWalkBatch) break;
  }
  for (std::string_view copy : {std::string_view("current"), std::string_view("settings")}) {
    const bool current = copy == "current";
    auto result = db_->query(current ? "SELECT kind, id, seq, number, deleted, parent, position, date_first, date_last"
                                       " FROM current"
                                     : "SELECT key, value FROM settings",
                             {});
    if (!result) return abandon(result.error());
    auto row_insert = out.prepare(current ? "INSERT INTO current (kind, id, seq, number, deleted, parent, position,"
                                            " date_first, date_last) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                          : "INSERT INTO settings (key, value) VALUES (?1, ?2)");
    if (!row_insert) return abandon(row_insert.error());
    for (int row = 0; row < result->rows(); ++row) {
      row_insert->reset();
      const int columns = current ? 9 : 2;
      for (int column = 0; column < columns; ++column) {
        const bool text = column < 2 || (current && column == 5);
        auto r = text ? row_insert->bind(column + 1, result->text(row, column))
                      : row_insert->bind(column + 1, result->integer(row, column));
        if (!r) return abandon(r.error());
      }
      if (auto r = row_insert->run(); !r) return abandon(r.error());
    }
  }
  // Page images, a few at a time (each may be megabytes).
  auto blob_insert = out.prepare("INSERT INTO blobs (key, media_type, size, bytes) VALUES (?1, ?2, ?3, ?4)");
  if (!blob_insert) return abandon(blob_insert.error());
  std::string after_key;
  for (;;) {
    constexpr int kBlobBatch = 16;
    auto result = db_->query("SELECT key, media_type, size, bytes FROM blobs WHERE key > $1 ORDER BY key LIMIT " +
                                 std::to_string(kBlobBatch),
                             {Param::text(after_key)});
    if (!result) return abandon(result.error());
    for (int row = 0; row < result->rows(); ++row) {
      after_key = result->text(row, 0);
      auto bytes = result->bytes(row, 3);
      if (!bytes) return abandon(bytes.error());
      blob_insert->reset();
      for (auto r : {blob_insert->bind(1, std::string_view(after_key)), blob_insert->bind(2, result->text(row, 1)),
                     blob_insert->bind(3, result->integer(row, 2)), blob_insert->bind_blob(4, *bytes)}) {
        if (!r) return abandon(r.error());
      }
      if (auto r = blob_insert->run(); !r) return abandon(r.error());
    }
    if (result->rows() < kBlobBatch) break;
  }
  if (auto r = out.exec("COMMIT"); !r) return abandon(r.error());
  (void)db_->exec("COMMIT");
  return {};
}

Result<void> migrate(PgConnection& db, const PostgresStoreOptions& options) {
  if (auto r = db.exec("BEGIN"); !r) return std::unexpected(r.error());
  auto fail_and_rollback = [&db](Error error) -> Result<void> {
    (void)db.exec("ROLLBACK");
    return std::unexpected(std::move(error));
  };
  // Two writers opening a new store at once queue here, as they do for writes.
  if (auto r = db.query("SELECT pg_advisory_xact_lock(hashtext('chancery.' || $1))", {Param::text(options.schema)}); !r) {
    return fail_and_rollback(r.error());
  }
  for (const std::string& sql : {"CREATE SCHEMA IF NOT EXISTS " + options.schema,
                                 "SET LOCAL search_path = " + options.schema,
                                 std::string("CREATE TABLE IF NOT EXISTS chancery_schema (version INTEGER NOT NULL)")}) {
    if (auto r = db.exec(sql); !r) return fail_and_rollback(r.error());
  }
  auto version = db.query("SELECT coalesce(max(version), 0) FROM chancery_schema", {});
  if (!version) return fail_and_rollback(version.error());
  const int found = static_cast<int>(version->integer(0, 0));
  if (found > current_version()) {
    return fail_and_rollback(Error{ErrorCode::kStorage,
                                   "store schema version " + std::to_string(found) +
                                       " is newer than this program's (" + std::to_string(current_version()) +
                                       "); upgrade Chancery",
                                   {}, 0, 0});
  }
  for (int v = found; v < current_version(); ++v) {
    if (auto r = db.exec(kMigrations[static_cast<std::size_t>(v)]); !r) return fail_and_rollback(r.error());
  }
  if (found != current_version()) {
    if (auto r = db.exec("DELETE FROM chancery_schema"); !r) return fail_and_rollback(r.error());
    if (auto r = db.exec("INSERT INTO chancery_schema VALUES (" + std::to_string(current_version()) + ")"); !r) {
      return fail_and_rollback(r.error());
    }
  }
  if (auto r = db.exec("COMMIT"); !r) return std::unexpected(r.error());
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> open_store_in_module(const PostgresStoreOptions& options) {
  if (!valid_schema_name(options.schema)) {
    return fail(ErrorCode::kInvalidInput, "'" + options.schema +
                                              "' is not a store schema name (lower-case letters, digits and _, "
                                              "starting with a letter)");
  }
  auto db = PgConnection::open(options.conninfo);
  if (!db) return std::unexpected(db.error());
  PgConnection& c = **db;
  if (auto r = c.add_session_setting("SET client_min_messages = warning"); !r) return std::unexpected(r.error());
  if (options.read_only) {
    auto exists = c.query("SELECT to_regclass($1) IS NOT NULL", {Param::text(options.schema + ".chancery_schema")});
    if (!exists) return std::unexpected(exists.error());
    if (exists->text(0, 0) != "t") return fail(ErrorCode::kNotFound, "no store in schema " + options.schema);
    if (auto r = c.add_session_setting("SET search_path = " + options.schema); !r) return std::unexpected(r.error());
    auto version = c.query("SELECT coalesce(max(version), 0) FROM chancery_schema", {});
    if (!version) return std::unexpected(version.error());
    if (version->integer(0, 0) != current_version()) {
      return fail(ErrorCode::kStorage, "store schema version " + version->text(0, 0) + " is not this program's (" +
                                           std::to_string(current_version()) + "); open it once for writing");
    }
    if (auto r = c.add_session_setting("SET default_transaction_read_only = on"); !r) return std::unexpected(r.error());
  } else {
    if (auto r = migrate(c, options); !r) return std::unexpected(r.error());
    if (auto r = c.add_session_setting("SET search_path = " + options.schema); !r) return std::unexpected(r.error());
  }
  return std::unique_ptr<Store>(new PostgresStore(std::move(*db), options));
}

namespace {

const PostgresModule kModule{
    .abi = kPostgresModuleAbi,
    .options_size = sizeof(PostgresStoreOptions),
    .open = open_store_in_module,
};

}  // namespace
}  // namespace chancery

extern "C" __attribute__((visibility("default"))) const chancery::PostgresModule* chancery_postgres_module() {
  return &chancery::kModule;
}
