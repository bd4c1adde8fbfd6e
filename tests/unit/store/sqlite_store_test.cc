// What is specific to the SQLite backend: file format, schema versioning,
// durability settings and check() finding damage.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/sqlite_schema.h"
#include "store/sqlite_store.h"

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

  fs::path dir_;
  fs::path file_;
};

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
