// What the PostgreSQL store does beyond the Store contract (store_test.cc):
// store locations, schema names, and a connection lost under it (the server
// restarted, an administrator ended the session), on the private test server.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <string>

#include "postgres_test_server.h"
#include "store/postgres_store.h"
#include "store/store.h"

namespace chancery {
namespace {

TEST(PostgresLocation, UrisNameAStoreAndItsSchema) {
  EXPECT_TRUE(is_postgres_location("postgresql:///chancery"));
  EXPECT_TRUE(is_postgres_location("postgres://db.example.org/chancery"));
  EXPECT_FALSE(is_postgres_location("/var/lib/chancery/archive.db"));
  EXPECT_FALSE(is_postgres_location("host=/run/postgresql dbname=chancery"));

  PostgresStoreOptions plain = postgres_options_for("postgresql:///chancery");
  EXPECT_EQ(plain.conninfo, "postgresql:///chancery");
  EXPECT_EQ(plain.schema, "chancery");
  PostgresStoreOptions with_schema =
      postgres_options_for("postgresql:///chancery?host=/tmp/pg&schema=archive_2&port=5433");
  EXPECT_EQ(with_schema.conninfo, "postgresql:///chancery?host=/tmp/pg&port=5433");
  EXPECT_EQ(with_schema.schema, "archive_2");
  EXPECT_EQ(postgres_options_for("postgresql:///c?schema=a%5Fb").schema, "a_b");
}

TEST(PostgresLocation, SchemaNamesAreCheckedBeforeConnecting) {
  for (const char* bad : {"", "Archive", "1archive", "a-b", "a;drop table revisions", "a b"}) {
    PostgresStoreOptions options;
    options.conninfo = "postgresql:///nowhere?host=/nonexistent";
    options.schema = bad;
    auto opened = open_postgres_store(options);
    ASSERT_FALSE(opened.has_value()) << bad;
    EXPECT_EQ(opened.error().code, ErrorCode::kInvalidInput) << bad;
  }
}

class PostgresConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    server_ = testing::PostgresTestServer::instance(&why);
    if (server_ == nullptr) GTEST_SKIP() << "PostgreSQL: " << why;
  }

  Result<std::unique_ptr<Store>> open(const std::string& name, bool read_only) {
    PostgresStoreOptions options;
    options.conninfo = server_->conninfo() + " application_name=" + name;
    options.schema = name;
    options.read_only = read_only;
    return open_postgres_store(options);
  }

  // Ends every session of `application` from another connection, as an
  // administrator (or a server restart) would.
  void terminate(const std::string& application) {
    PGconn* admin = PQconnectdb(server_->conninfo().c_str());
    ASSERT_EQ(PQstatus(admin), CONNECTION_OK) << PQerrorMessage(admin);
    std::string sql = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '" +
                      application + "'";
    PGresult* result = PQexec(admin, sql.c_str());
    ASSERT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << PQerrorMessage(admin);
    EXPECT_EQ(std::string(PQgetvalue(result, 0, 0)), "1");
    PQclear(result);
    PQfinish(admin);
  }

  // Runs `sql` on a connection of its own (an administrator's), in `schema`.
  void run_as_admin(const std::string& schema, const std::string& sql) {
    PGconn* admin = PQconnectdb(server_->conninfo().c_str());
    ASSERT_EQ(PQstatus(admin), CONNECTION_OK) << PQerrorMessage(admin);
    PGresult* result = PQexec(admin, ("SET search_path = " + schema + "; " + sql).c_str());
    EXPECT_EQ(PQresultStatus(result), PGRES_COMMAND_OK) << PQerrorMessage(admin);
    PQclear(result);
    PQfinish(admin);
  }

  testing::PostgresTestServer* server_ = nullptr;
};

TEST_F(PostgresConnectionTest, CheckFindsDamage) {
  auto store = open("check_damage", false);
  ASSERT_TRUE(store.has_value()) << store.error().describe();
  ASSERT_TRUE((*store)->put(EntityKind::kRecord, "a", "{\"v\":1}", {}, "test").has_value());
  ASSERT_TRUE((*store)->put(EntityKind::kRecord, "a", "{\"v\":2}", {}, "test").has_value());
  std::string long_json = "{\"text\":\"" + std::string(400, 'x') + "\"}";
  ASSERT_TRUE((*store)->put(EntityKind::kRecord, "b", long_json, {}, "test").has_value());
  auto clean = (*store)->check();
  ASSERT_TRUE(clean.has_value());
  EXPECT_TRUE(clean->empty());

  run_as_admin("check_damage",
               "UPDATE current SET number = 1 WHERE id = 'a';"
               " UPDATE revisions SET json = substring(json from 1 for length(json) - 1) WHERE id = 'b'");
  auto problems = (*store)->check();
  ASSERT_TRUE(problems.has_value()) << problems.error().describe();
  ASSERT_EQ(problems->size(), 3u);
  std::string all;
  for (const std::string& p : *problems) all += p + "\n";
  EXPECT_NE(all.find("record a: current is revision 1, latest is 2"), std::string::npos) << all;
  EXPECT_NE(all.find("record a: current row disagrees with its revision"), std::string::npos) << all;
  EXPECT_NE(all.find("record b: revision 1:"), std::string::npos) << all;  // its frame no longer decompresses
}

TEST_F(PostgresConnectionTest, AReaderReconnectsAfterItsSessionEnds) {
  auto writer = open("reconnect_reader", false);
  ASSERT_TRUE(writer.has_value()) << writer.error().describe();
  ASSERT_TRUE((*writer)->put(EntityKind::kRecord, "a", "{\"v\":1}", {}, "test").has_value());
  writer->reset();

  auto reader = open("reconnect_reader", true);
  ASSERT_TRUE(reader.has_value()) << reader.error().describe();
  auto before = (*reader)->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(before.has_value() && before->has_value());
  terminate("reconnect_reader");
  // On a new connection with the same settings: the schema, and read-only.
  auto after = (*reader)->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(after.has_value()) << after.error().describe();
  ASSERT_TRUE(after->has_value());
  EXPECT_EQ((*after)->json, "{\"v\":1}");
  auto write = (*reader)->put(EntityKind::kRecord, "b", "{}", {}, "test");
  EXPECT_FALSE(write.has_value());
  auto version = (*reader)->commit_version();
  EXPECT_TRUE(version.has_value());
}

TEST_F(PostgresConnectionTest, ATransactionCutOffFailsWholeAndTheNextOneRuns) {
  auto store = open("reconnect_writer", false);
  ASSERT_TRUE(store.has_value()) << store.error().describe();
  ASSERT_TRUE((*store)->begin().has_value());
  ASSERT_TRUE((*store)->put(EntityKind::kRecord, "lost", "{}", {}, "test").has_value());
  terminate("reconnect_writer");
  EXPECT_FALSE((*store)->put(EntityKind::kRecord, "lost-too", "{}", {}, "test").has_value());
  EXPECT_FALSE((*store)->commit().has_value());

  // Nothing of it was kept, and the store works again.
  auto written = (*store)->put(EntityKind::kRecord, "kept", "{}", {}, "test");
  ASSERT_TRUE(written.has_value()) << written.error().describe();
  EXPECT_EQ(*written, 1);
  auto lost = (*store)->latest(EntityKind::kRecord, "lost");
  ASSERT_TRUE(lost.has_value());
  EXPECT_FALSE(lost->has_value());
  auto stats = (*store)->stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->records, 1);
  auto problems = (*store)->check();
  ASSERT_TRUE(problems.has_value());
  EXPECT_TRUE(problems->empty());
}

}  // namespace
}  // namespace chancery
