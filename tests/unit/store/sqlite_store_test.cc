// What is specific to the SQLite backend: file format, schema versioning,
// durability settings and check() finding damage.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/sqlite_schema.h"
#include "store/sqlite_store.h"
#include "util/compression.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chancery-sqlite-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    file_ = dir_ / "archive.db";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Runs SQL on the file through a separate raw connection.
  void raw_exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << (message != nullptr ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }

  std::string raw_query(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }

  // Replaces the json column of the revision with `seq` by `bytes`, as a BLOB.
  void raw_set_json_blob(std::int64_t seq, const std::string& bytes) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE revisions SET json = ?1 WHERE seq = ?2", -1, &stmt, nullptr), SQLITE_OK);
    sqlite3_bind_blob64(stmt, 1, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, seq);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }

  std::string raw_json_blob(std::int64_t seq) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, "SELECT json FROM revisions WHERE seq = ?1", -1, &stmt, nullptr) == SQLITE_OK) {
      sqlite3_bind_int64(stmt, 1, seq);
      if (sqlite3_step(stmt) == SQLITE_ROW) {
        out.assign(static_cast<const char*>(sqlite3_column_blob(stmt, 0)),
                   static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
      }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }

  fs::path dir_;
  fs::path file_;
};

// A record's JSON of some length, with what JSON escapes and UTF-8 can hold.
std::string long_json(int variant) {
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += "Mălnăşan told Хрущёв \\\"no\\\" on day " + std::to_string(i * variant) + " \\n\\u0000 ";
  }
  return "{\"id\":\"r\",\"text\":\"" + text + "\"}";
}

TEST_F(SqliteStoreTest, NewStoreUsesWalAndRecordsSchemaVersion) {
  auto store = open_sqlite_store(file_, false);
  ASSERT_TRUE(store.has_value()) << store.error().describe();
  EXPECT_EQ(raw_query("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw_query("PRAGMA user_version"), std::to_string(sqlite::current_schema_version()));
  EXPECT_GE(sqlite::current_schema_version(), 1);
}

TEST_F(SqliteStoreTest, ReopeningDoesNotMigrateAgain) {
  {
    auto store = open_sqlite_store(file_, false);
    ASSERT_TRUE(store.has_value());
    ASSERT_EQ((*store)->put(EntityKind::kRecord, "a", "{}", {}, "t").value_or(-1), 1);
  }
  auto store = open_sqlite_store(file_, false);
  ASSERT_TRUE(store.has_value()) << store.error().describe();
  auto stats = (*store)->stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->records, 1);
}

TEST_F(SqliteStoreTest, RefusesAStoreFromANewerVersion) {
  { ASSERT_TRUE(open_sqlite_store(file_, false).has_value()); }
  raw_exec("PRAGMA user_version = " + std::to_string(sqlite::current_schema_version() + 1));
  auto store = open_sqlite_store(file_, false);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kStorage);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos);
}

TEST_F(SqliteStoreTest, ReadOnlyOpenOfAnEmptyFileFails) {
  raw_exec("CREATE TABLE unrelated (x)");
  auto store = open_sqlite_store(file_, true);
  ASSERT_FALSE(store.has_value());
}

TEST_F(SqliteStoreTest, NotADatabaseIsAStorageError) {
  { std::FILE* f = std::fopen(file_.c_str(), "w"); std::fputs("this is not sqlite, just text that is long enough to matter\n", f); std::fclose(f); }
  auto store = open_sqlite_store(file_, false);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kStorage);
}

TEST_F(SqliteStoreTest, CheckFindsBrokenInvariants) {
  {
    auto store = open_sqlite_store(file_, false);
    ASSERT_TRUE(store.has_value());
    ASSERT_EQ((*store)->put(EntityKind::kRecord, "a", "{\"v\":1}", {}, "t").value_or(-1), 1);
    ASSERT_EQ((*store)->put(EntityKind::kRecord, "a", "{\"v\":2}", {}, "t").value_or(-1), 2);
    ASSERT_EQ((*store)->put(EntityKind::kRecord, "b", "{}", {}, "t").value_or(-1), 1);
  }
  // Point a's current row back at revision 1 and give b a gap in its numbering.
  raw_exec("UPDATE current SET seq = (SELECT seq FROM revisions WHERE id = 'a' AND number = 1), number = 1"
           " WHERE id = 'a'; UPDATE revisions SET number = 5 WHERE id = 'b';"
           " UPDATE current SET number = 5 WHERE id = 'b'");
  auto store = open_sqlite_store(file_, false);
  ASSERT_TRUE(store.has_value());
  auto problems = (*store)->check();
  ASSERT_TRUE(problems.has_value()) << problems.error().describe();
  bool saw_a = false, saw_b = false;
  for (const auto& p : *problems) {
    if (p.starts_with("record a:")) saw_a = true;
    if (p.starts_with("record b:")) saw_b = true;
  }
  EXPECT_TRUE(saw_a);
  EXPECT_TRUE(saw_b);
}

TEST_F(SqliteStoreTest, LongJsonIsKeptCompressedAndReadBackExactly) {
  const std::string json = long_json(1);
  {
    auto store = open_sqlite_store(file_, false);
    ASSERT_TRUE(store.has_value());
    ASSERT_EQ((*store)->put(EntityKind::kRecord, "r", json, {}, "t").value_or(-1), 1);
    ASSERT_EQ((*store)->put(EntityKind::kCollection, "c", "{}", {}, "t").value_or(-1), 1);
    // Unchanged JSON is recognised through the compression: no new revision.
    EXPECT_EQ((*store)->put(EntityKind::kRecord, "r", json, {}, "t").value_or(-1), 0);
  }
  EXPECT_EQ(raw_query("SELECT encoding || ' ' || typeof(json) FROM revisions WHERE id = 'r'"), "1 blob");
  EXPECT_LT(std::stoul(raw_query("SELECT length(json) FROM revisions WHERE id = 'r'")), json.size() / 3);
  EXPECT_EQ(raw_query("SELECT encoding || ' ' || json FROM revisions WHERE id = 'c'"), "0 {}");

  auto store = open_sqlite_store(file_, true);
  ASSERT_TRUE(store.has_value()) << store.error().describe();
  auto latest = (*store)->latest(EntityKind::kRecord, "r");
  ASSERT_TRUE(latest.has_value() && latest->has_value());
  EXPECT_EQ((*latest)->json, json);
  auto changes = (*store)->changes_since(0, 10);
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].json, json);
  auto problems = (*store)->check();
  ASSERT_TRUE(problems.has_value());
  EXPECT_TRUE(problems->empty()) << problems->front();
}

// A record's original source, marked detachable, is kept in a frame of its
// own: latest() and the history read the JSON whole, byte for byte, while
// latest_shown() reads it with that string empty. check() still reads every
// frame, so damage to the part pages skip is found.
TEST_F(SqliteStoreTest, ADetachableStringIsKeptApartAndLeftOutOfTheShownJson) {
  std::string body;
  std::string original;
  for (int i = 0; i < 200; ++i) {
    body += "Khrushchev told Mălnăşan \\\"no\\\" on day " + std::to_string(i) + ". ";
    original += "<p n=\\\"" + std::to_string(i) + "\\\">Khrushchev told Mălnăşan on day " + std::to_string(i) + ".</p>";
  }
  const std::string before = "{\"body\":\"" + body + "\",\"original\":\"";
  const std::string after = "\",\"people\":[\"Хрущёв\"]}";
  const std::string json = before + original + after;
  const std::string shown = before + after;
  EntityMeta meta;
  meta.detachable_begin = before.size();
  meta.detachable_end = before.size() + original.size();
  EntityMeta misplaced = meta;   // not the bytes between a string's quotes
  misplaced.detachable_begin -= 2;
  EntityMeta escaped = meta;     // ends at a quote a backslash escapes
  escaped.detachable_end = before.size() + original.find("\\\"") + 1;
  {
    auto store = open_sqlite_store(file_, false);
    ASSERT_TRUE(store.has_value());
    ASSERT_EQ((*store)->put(EntityKind::kRecord, "r", json, meta, "t").value_or(-1), 1);
    EXPECT_EQ((*store)->put(EntityKind::kRecord, "r", json, meta, "t").value_or(-1), 0);   // unchanged, read whole
    ASSERT_EQ((*store)->put(EntityKind::kRecord, "m", json, misplaced, "t").value_or(-1), 1);
    ASSERT_EQ((*store)->put(EntityKind::kRecord, "e", json, escaped, "t").value_or(-1), 1);
  }
  EXPECT_EQ(raw_query("SELECT encoding || ' ' || typeof(json) FROM revisions WHERE id = 'r'"), "2 blob");
  EXPECT_EQ(raw_query("SELECT group_concat(encoding) FROM revisions WHERE id IN ('m', 'e')"), "1,1");
  // Compressed after the JSON before it, the original costs little more
  // than in one frame with the rest.
  const auto split_bytes = std::stoul(raw_query("SELECT length(json) FROM revisions WHERE id = 'r'"));
  const auto whole_bytes = std::stoul(raw_query("SELECT length(json) FROM revisions WHERE id = 'm'"));
  EXPECT_LT(split_bytes, whole_bytes + whole_bytes / 10);

  auto store = open_sqlite_store(file_, true);
  ASSERT_TRUE(store.has_value()) << store.error().describe();
  for (const char* id : {"r", "m"}) {
    auto latest = (*store)->latest(EntityKind::kRecord, id);
    ASSERT_TRUE(latest.has_value() && latest->has_value()) << id;
    EXPECT_EQ((*latest)->json, json) << id;
    auto revision = (*store)->revision(EntityKind::kRecord, id, 1);
    ASSERT_TRUE(revision.has_value() && revision->has_value()) << id;
    EXPECT_EQ((*revision)->json, json) << id;
  }
  auto page = (*store)->latest_shown(EntityKind::kRecord, "r");
  ASSERT_TRUE(page.has_value() && page->has_value());
  EXPECT_EQ((*page)->json, shown);
  EXPECT_EQ((*page)->number, 1);
  auto whole = (*store)->latest_shown(EntityKind::kRecord, "m");   // kept in one frame: whole
  ASSERT_TRUE(whole.has_value() && whole->has_value());
  EXPECT_EQ((*whole)->json, json);
  auto changes = (*store)->changes_since(0, 10);
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(changes->size(), 3u);
  EXPECT_EQ((*changes)[0].json, json);
  auto problems = (*store)->check();
  ASSERT_TRUE(problems.has_value());
  EXPECT_TRUE(problems->empty()) << problems->front();

  // A byte of the original's frame damaged: the page still reads, the whole
  // JSON does not, and check() names the revision.
  const auto seq = std::stoll(raw_query("SELECT seq FROM revisions WHERE id = 'r'"));
  std::string blob = raw_json_blob(seq);
  // Past the place (4 bytes) and the first frame, the original's frame.
  const std::size_t first = 4 + compressed_frame_size(std::string_view(blob).substr(4));
  const std::size_t second = compressed_frame_size(std::string_view(blob).substr(first));
  ASSERT_GT(first, 4u);
  ASSERT_EQ(first + second, blob.size());
  ASSERT_GT(second, 8u);
  blob[first + second - 2] = static_cast<char>(blob[first + second - 2] ^ 0x20);
  raw_set_json_blob(seq, blob);
  auto reopened = open_sqlite_store(file_, true);
  ASSERT_TRUE(reopened.has_value());
  auto still_shown = (*reopened)->latest_shown(EntityKind::kRecord, "r");
  ASSERT_TRUE(still_shown.has_value() && still_shown->has_value());
  EXPECT_EQ((*still_shown)->json, shown);
  auto broken = (*reopened)->latest(EntityKind::kRecord, "r");
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().code, ErrorCode::kStorage);
  auto found = (*reopened)->check();
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_TRUE((*found)[0].starts_with("record r: revision 1: ")) << (*found)[0];

  // The frames whole again, but the place where the original goes moved by
  // a byte: found as damage too, never spliced in at the wrong place.
  blob[first + second - 2] = static_cast<char>(blob[first + second - 2] ^ 0x20);
  blob[0] = static_cast<char>(blob[0] + 1);
  raw_set_json_blob(seq, blob);
  auto moved = open_sqlite_store(file_, true);
  ASSERT_TRUE(moved.has_value());
  auto misread = (*moved)->latest(EntityKind::kRecord, "r");
  ASSERT_FALSE(misread.has_value());
  EXPECT_NE(misread.error().message.find("place"), std::string::npos) << misread.error().message;
  blob[0] = static_cast<char>(blob[0] - 1);
  raw_set_json_blob(seq, blob);
  auto mended = open_sqlite_store(file_, true);
  ASSERT_TRUE(mended.has_value());
  auto whole_again = (*mended)->latest(EntityKind::kRecord, "r");
  ASSERT_TRUE(whole_again.has_value() && whole_again->has_value());
  EXPECT_EQ((*whole_again)->json, json);
}

// A reader answering one request (the server's workers) reads one snapshot:
// what another connection commits meanwhile is seen after end_read(), not
// between the reads of one answer. Inside a writer's transaction begin_read()
// and end_read() change nothing: the writes stay open, then commit.
TEST_F(SqliteStoreTest, ReadsBetweenBeginAndEndReadSeeOneSnapshot) {
  auto writer = open_sqlite_store(file_, false);
  ASSERT_TRUE(writer.has_value());
  ASSERT_EQ((*writer)->put(EntityKind::kRecord, "a", "{\"v\":1}", {}, "t").value_or(-1), 1);
  auto reader = open_sqlite_store(file_, true);
  ASSERT_TRUE(reader.has_value());
  ASSERT_TRUE((*reader)->begin_read().has_value());
  ASSERT_TRUE((*reader)->begin_read().has_value());   // again: nothing more
  auto first = (*reader)->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->json, "{\"v\":1}");
  ASSERT_EQ((*writer)->put(EntityKind::kRecord, "a", "{\"v\":2}", {}, "t").value_or(-1), 2);
  ASSERT_EQ((*writer)->put(EntityKind::kRecord, "b", "{}", {}, "t").value_or(-1), 1);
  auto still = (*reader)->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(still.has_value() && still->has_value());
  EXPECT_EQ((*still)->json, "{\"v\":1}");
  auto b_unseen = (*reader)->latest_meta(EntityKind::kRecord, "b");
  ASSERT_TRUE(b_unseen.has_value());
  EXPECT_FALSE(b_unseen->has_value());
  (*reader)->end_read();
  auto now = (*reader)->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(now.has_value() && now->has_value());
  EXPECT_EQ((*now)->json, "{\"v\":2}");
  (*reader)->end_read();   // without a begin: nothing

  ASSERT_TRUE((*writer)->begin().has_value());
  ASSERT_TRUE((*writer)->begin_read().has_value());
  ASSERT_EQ((*writer)->put(EntityKind::kRecord, "c", "{}", {}, "t").value_or(-1), 1);
  (*writer)->end_read();
  ASSERT_TRUE((*writer)->rollback().has_value());   // the writer's transaction was still open
  auto c_gone = (*reader)->latest_meta(EntityKind::kRecord, "c");
  ASSERT_TRUE(c_gone.has_value());
  EXPECT_FALSE(c_gone->has_value());
}

TEST_F(SqliteStoreTest, RowsWrittenBySchemaOneAreReadAfterTheMigration) {
  // A store as schema version 1 wrote it: the JSON as text, no encoding column.
  const std::string old_json = long_json(2);
  raw_exec(R"sql(
CREATE TABLE revisions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, id TEXT NOT NULL, number INTEGER NOT NULL,
  created_at TEXT NOT NULL, source TEXT NOT NULL, json TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
  date_first INTEGER NOT NULL DEFAULT 0, date_last INTEGER NOT NULL DEFAULT 0, parent TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, UNIQUE (kind, id, number));
CREATE TABLE current (
  kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL REFERENCES revisions (seq), number INTEGER NOT NULL,
  deleted INTEGER NOT NULL, parent TEXT NOT NULL, position INTEGER NOT NULL, date_first INTEGER NOT NULL,
  date_last INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX current_children ON current (kind, parent, position, id) WHERE deleted = 0;
CREATE INDEX current_dates ON current (kind, date_first, date_last) WHERE deleted = 0;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
PRAGMA user_version = 1;
)sql");
  raw_exec("INSERT INTO revisions (kind, id, number, created_at, source, json) VALUES"
           " ('record', 'r', 1, '2026-01-01T00:00:00.000Z', 'old.txt', '" + old_json + "');"
           "INSERT INTO current VALUES ('record', 'r', 1, 1, 0, '', 0, 0, 0);");
  // A reader cannot migrate, and says so.
  EXPECT_FALSE(open_sqlite_store(file_, true).has_value());

  auto store = open_sqlite_store(file_, false);
  ASSERT_TRUE(store.has_value()) << store.error().describe();
  EXPECT_EQ(raw_query("PRAGMA user_version"), std::to_string(sqlite::current_schema_version()));
  auto latest = (*store)->latest(EntityKind::kRecord, "r");
  ASSERT_TRUE(latest.has_value() && latest->has_value()) << (latest ? "" : latest.error().describe());
  EXPECT_EQ((*latest)->json, old_json);
  // The old text row compares equal to the same JSON, and a change is written compressed beside it.
  EXPECT_EQ((*store)->put(EntityKind::kRecord, "r", old_json, {}, "t").value_or(-1), 0);
  const std::string new_json = long_json(3);
  ASSERT_EQ((*store)->put(EntityKind::kRecord, "r", new_json, {}, "t").value_or(-1), 2);
  EXPECT_EQ(raw_query("SELECT group_concat(encoding, ',') FROM (SELECT encoding FROM revisions ORDER BY number)"), "0,1");
  auto history = (*store)->history(EntityKind::kRecord, "r");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].json, old_json);
  EXPECT_EQ((*history)[1].json, new_json);
  auto problems = (*store)->check();
  ASSERT_TRUE(problems.has_value());
  EXPECT_TRUE(problems->empty()) << problems->front();
}

TEST_F(SqliteStoreTest, DamagedCompressedJsonIsAnErrorNotText) {
  {
    auto store = open_sqlite_store(file_, false);
    ASSERT_TRUE(store.has_value());
    ASSERT_EQ((*store)->put(EntityKind::kRecord, "r", long_json(1), {}, "t").value_or(-1), 1);
  }
  std::string frame = raw_json_blob(1);
  ASSERT_TRUE(is_compressed_frame(frame));
  frame[frame.size() - 1] = static_cast<char>(frame[frame.size() - 1] ^ 0x40);   // its checksum
  raw_set_json_blob(1, frame);

  auto store = open_sqlite_store(file_, false);
  ASSERT_TRUE(store.has_value());
  auto latest = (*store)->latest(EntityKind::kRecord, "r");
  ASSERT_FALSE(latest.has_value());
  EXPECT_EQ(latest.error().code, ErrorCode::kStorage);
  auto problems = (*store)->check();
  ASSERT_TRUE(problems.has_value());
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_TRUE(problems->front().starts_with("record r: revision 1: compressed text is damaged")) << problems->front();
}

TEST_F(SqliteStoreTest, WriterWaitsForAnotherWritersTransaction) {
  auto first = open_sqlite_store(file_, false);
  SqliteStoreOptions options;
  options.file = file_;
  options.busy_timeout = std::chrono::milliseconds(100);
  auto second = open_sqlite_store(options);
  ASSERT_TRUE(first.has_value() && second.has_value());
  ASSERT_TRUE((*first)->begin().has_value());
  // The second writer times out while the first holds the write lock...
  auto blocked = (*second)->put(EntityKind::kRecord, "x", "{}", {}, "t");
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().code, ErrorCode::kStorage);
  // ...and succeeds once it is released.
  ASSERT_TRUE((*first)->commit().has_value());
  auto written = (*second)->put(EntityKind::kRecord, "x", "{}", {}, "t");
  ASSERT_TRUE(written.has_value()) << written.error().describe();
  EXPECT_EQ(*written, 1);
}

}  // namespace
}  // namespace chancery
