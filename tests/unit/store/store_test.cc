// The Store contract, run against every backend: SQLite, and PostgreSQL on a
// private server the tests start (postgres_test_server.h; its tests are
// skipped, saying why, where PostgreSQL is not installed).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "postgres_test_server.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

// A scratch folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("chancery-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Backend {
  std::string name;
  // Opens (creating) a store named `name` inside `dir`; read_only opens an existing one.
  std::function<Result<std::unique_ptr<Store>>(const fs::path& dir, const std::string& name, bool read_only)> open;
  // Opens a copy written by backup_to(dest).
  std::function<Result<std::unique_ptr<Store>>(const std::string& dest)> open_backup;
  // Where backup_to should write inside `dir`.
  std::function<std::string(const fs::path& dir)> backup_target;
};

const Backend kSqlite{
    "sqlite",
    [](const fs::path& dir, const std::string& name, bool read_only) {
      SqliteStoreOptions options;
      options.file = dir / (name + ".db");
      options.read_only = read_only;
      options.clock = [] { return std::string("2026-01-02T03:04:05.000Z"); };
      return open_sqlite_store(options);
    },
    [](const std::string& dest) { return open_sqlite_store(fs::path(dest), /*read_only=*/true); },
    [](const fs::path& dir) { return (dir / "backup.db").string(); },
};

// A schema of its own for each test folder and store name, on the shared server.
std::string schema_for(const fs::path& dir, const std::string& name) {
  std::string schema = "t" + std::to_string(std::hash<std::string>{}(dir.string()) % 1000000007) + "_";
  for (char c : name) schema.push_back((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
  return schema;
}

const Backend kPostgres{
    "postgres",
    [](const fs::path& dir, const std::string& name, bool read_only) -> Result<std::unique_ptr<Store>> {
      std::string why;
      auto* server = testing::PostgresTestServer::instance(&why);
      if (server == nullptr) return fail(ErrorCode::kStorage, why);
      PostgresStoreOptions options;
      options.conninfo = server->conninfo();
      options.schema = schema_for(dir, name);
      options.read_only = read_only;
      options.clock = [] { return std::string("2026-01-02T03:04:05.000Z"); };
      return open_postgres_store(options);
    },
    // Backups of a PostgreSQL store are SQLite store files.
    [](const std::string& dest) { return open_sqlite_store(fs::path(dest), /*read_only=*/true); },
    [](const fs::path& dir) { return (dir / "backup.db").string(); },
};

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam().name == "postgres") {
      std::string why;
      if (testing::PostgresTestServer::instance(&why) == nullptr) GTEST_SKIP() << "PostgreSQL: " << why;
    }
    auto opened = GetParam().open(dir_.path(), "store", false);
    ASSERT_TRUE(opened.has_value()) << opened.error().describe();
    store_ = std::move(*opened);
  }

  EntityMeta meta(std::string title, std::string parent = "", int position = 0) {
    EntityMeta m;
    m.title = std::move(title);
    m.parent = std::move(parent);
    m.position = position;
    return m;
  }

  int put(EntityKind kind, const std::string& id, const std::string& json, const EntityMeta& m = {}) {
    auto r = store_->put(kind, id, json, m, "test.txt");
    EXPECT_TRUE(r.has_value()) << r.error().describe();
    return r.value_or(-1);
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, FirstPutCreatesRevisionOne) {
  EXPECT_EQ(put(EntityKind::kRecord, "117079", R"({"id":"117079"})", meta("Notes")), 1);
  auto latest = store_->latest(EntityKind::kRecord, "117079");
  ASSERT_TRUE(latest.has_value());
  ASSERT_TRUE(latest->has_value());
  const Revision& rev = **latest;
  EXPECT_EQ(rev.kind, EntityKind::kRecord);
  EXPECT_EQ(rev.id, "117079");
  EXPECT_EQ(rev.number, 1);
  EXPECT_GT(rev.seq, 0);
  EXPECT_EQ(rev.json, R"({"id":"117079"})");
  EXPECT_EQ(rev.meta.title, "Notes");
  EXPECT_EQ(rev.source, "test.txt");
  EXPECT_EQ(rev.created_at, "2026-01-02T03:04:05.000Z");
  EXPECT_FALSE(rev.deleted);
}

TEST_P(StoreTest, LatestMetaIsTheLatestRevisionWithoutItsJson) {
  const std::string big(4000, 'x');   // compressed in the store
  EXPECT_EQ(put(EntityKind::kRecord, "r", R"({"id":"r","v":1})", meta("First")), 1);
  EXPECT_EQ(put(EntityKind::kRecord, "r", R"({"id":"r","text":")" + big + R"("})", meta("Second")), 2);
  auto latest = store_->latest_meta(EntityKind::kRecord, "r");
  ASSERT_TRUE(latest.has_value()) << latest.error().describe();
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->id, "r");
  EXPECT_EQ((*latest)->number, 2);
  EXPECT_EQ((*latest)->meta.title, "Second");
  EXPECT_TRUE((*latest)->json.empty());
  auto missing = store_->latest_meta(EntityKind::kRecord, "nope");
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "r", "test.txt").has_value());
  auto deleted = store_->latest_meta(EntityKind::kRecord, "r");
  ASSERT_TRUE(deleted.has_value());
  EXPECT_FALSE(deleted->has_value());
}

TEST_P(StoreTest, ParentsOfAreTheLatestRevisionsParents) {
  EXPECT_EQ(put(EntityKind::kRecord, "r", R"({"id":"r","v":1})", meta("First", "vol/ch1")), 1);
  EXPECT_EQ(put(EntityKind::kRecord, "r", R"({"id":"r","v":2})", meta("Second", "vol/ch2")), 2);
  EXPECT_EQ(put(EntityKind::kRecord, "loose", R"({"id":"loose"})", meta("Loose")), 1);
  EXPECT_EQ(put(EntityKind::kRecord, "gone", R"({"id":"gone"})", meta("Gone", "vol/ch1")), 1);
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "gone", "test.txt").has_value());
  using Parents = std::vector<std::optional<std::string>>;
  auto parents = store_->parents_of(EntityKind::kRecord, {"r", "loose", "nope", "gone", "r"});
  ASSERT_TRUE(parents.has_value()) << parents.error().describe();
  EXPECT_EQ(*parents, (Parents{"vol/ch2", "", std::nullopt, std::nullopt, "vol/ch2"}));
  EXPECT_EQ(*store_->parents_of(EntityKind::kCollection, {"r"}), Parents{std::nullopt});   // another kind
  EXPECT_TRUE(store_->parents_of(EntityKind::kRecord, {})->empty());
  // More ids than one statement takes: every one answered, in place.
  std::vector<std::string> many;
  for (int i = 0; i < 150; ++i) many.push_back(i % 3 == 0 ? "r" : "x" + std::to_string(i));
  std::vector<std::string_view> views(many.begin(), many.end());
  auto answers = store_->parents_of(EntityKind::kRecord, views);
  ASSERT_TRUE(answers.has_value());
  ASSERT_EQ(answers->size(), 150u);
  for (int i = 0; i < 150; ++i) {
    EXPECT_EQ((*answers)[i], i % 3 == 0 ? std::optional<std::string>("vol/ch2") : std::nullopt) << i;
  }
}

TEST_P(StoreTest, MissingEntityIsNullopt) {
  auto latest = store_->latest(EntityKind::kRecord, "nope");
  ASSERT_TRUE(latest.has_value());
  EXPECT_FALSE(latest->has_value());
  auto history = store_->history(EntityKind::kRecord, "nope");
  ASSERT_TRUE(history.has_value());
  EXPECT_TRUE(history->empty());
}

TEST_P(StoreTest, UnchangedPutReturnsZeroAndAddsNoRevision) {
  EXPECT_EQ(put(EntityKind::kRecord, "a", "{\"v\":1}"), 1);
  auto before = store_->stats();
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(put(EntityKind::kRecord, "a", "{\"v\":1}"), 0);
  auto after = store_->stats();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->revisions, before->revisions);
  EXPECT_EQ(after->last_seq, before->last_seq);
}

TEST_P(StoreTest, HistoryMetaListsEveryRevisionWithoutItsJson) {
  // Large enough to be kept compressed, so the listing does not decode it.
  const std::string big = "{\"v\":\"" + std::string(4000, 'x') + "\"}";
  EXPECT_EQ(put(EntityKind::kRecord, "a", big), 1);
  EXPECT_EQ(put(EntityKind::kRecord, "a", "{\"v\":2}"), 2);
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "a", "editor:ann").has_value());
  auto full = store_->history(EntityKind::kRecord, "a");
  auto meta = store_->history_meta(EntityKind::kRecord, "a");
  ASSERT_TRUE(full.has_value() && meta.has_value());
  ASSERT_EQ(meta->size(), 3u);
  ASSERT_EQ(full->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*meta)[i].number, static_cast<int>(i + 1));
    EXPECT_EQ((*meta)[i].seq, (*full)[i].seq);
    EXPECT_EQ((*meta)[i].created_at, (*full)[i].created_at);
    EXPECT_EQ((*meta)[i].source, (*full)[i].source);
    EXPECT_EQ((*meta)[i].deleted, (*full)[i].deleted);
    EXPECT_TRUE((*meta)[i].json.empty());
  }
  EXPECT_EQ((*full)[0].json, big);
  EXPECT_TRUE((*meta)[2].deleted);
  EXPECT_EQ((*meta)[2].source, "editor:ann");
  auto none = store_->history_meta(EntityKind::kRecord, "nope");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreTest, ChangedPutAddsRevisionAndHistoryKeepsBoth) {
  EXPECT_EQ(put(EntityKind::kRecord, "a", "{\"v\":1}"), 1);
  EXPECT_EQ(put(EntityKind::kRecord, "a", "{\"v\":2}"), 2);
  auto history = store_->history(EntityKind::kRecord, "a");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].number, 1);
  EXPECT_EQ((*history)[0].json, "{\"v\":1}");
  EXPECT_EQ((*history)[1].number, 2);
  EXPECT_EQ((*history)[1].json, "{\"v\":2}");
  EXPECT_LT((*history)[0].seq, (*history)[1].seq);

  auto first = store_->revision(EntityKind::kRecord, "a", 1);
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->json, "{\"v\":1}");
  auto missing = store_->revision(EntityKind::kRecord, "a", 3);
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  auto latest = store_->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(latest.has_value() && latest->has_value());
  EXPECT_EQ((*latest)->number, 2);
}

TEST_P(StoreTest, KindsAreSeparateNamespaces) {
  EXPECT_EQ(put(EntityKind::kRecord, "x", "{\"r\":1}"), 1);
  EXPECT_EQ(put(EntityKind::kCollection, "x", "{\"c\":1}"), 1);
  auto record = store_->latest(EntityKind::kRecord, "x");
  auto collection = store_->latest(EntityKind::kCollection, "x");
  ASSERT_TRUE(record.has_value() && record->has_value());
  ASSERT_TRUE(collection.has_value() && collection->has_value());
  EXPECT_EQ((*record)->json, "{\"r\":1}");
  EXPECT_EQ((*collection)->json, "{\"c\":1}");
}

TEST_P(StoreTest, CommittedTransactionKeepsEverything) {
  ASSERT_TRUE(store_->begin().has_value());
  put(EntityKind::kRecord, "a", "{}");
  put(EntityKind::kRecord, "b", "{}");
  ASSERT_TRUE(store_->commit().has_value());
  auto stats = store_->stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->records, 2);
}

TEST_P(StoreTest, RollbackLeavesNothing) {
  put(EntityKind::kRecord, "kept", "{\"v\":1}");
  auto before = store_->stats();
  ASSERT_TRUE(before.has_value());

  ASSERT_TRUE(store_->begin().has_value());
  EXPECT_EQ(put(EntityKind::kRecord, "new", "{}"), 1);
  EXPECT_EQ(put(EntityKind::kRecord, "kept", "{\"v\":2}"), 2);
  ASSERT_TRUE(store_->set_meta("k", "v").has_value());
  ASSERT_TRUE(store_->rollback().has_value());

  auto gone = store_->latest(EntityKind::kRecord, "new");
  ASSERT_TRUE(gone.has_value());
  EXPECT_FALSE(gone->has_value());
  auto kept = store_->latest(EntityKind::kRecord, "kept");
  ASSERT_TRUE(kept.has_value() && kept->has_value());
  EXPECT_EQ((*kept)->number, 1);
  auto setting = store_->get_meta("k");
  ASSERT_TRUE(setting.has_value());
  EXPECT_FALSE(setting->has_value());
  auto after = store_->stats();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->revisions, before->revisions);
  EXPECT_EQ(after->last_seq, before->last_seq);
}

TEST_P(StoreTest, RollbackToSavepointUndoesOnlyWritesSinceIt) {
  ASSERT_TRUE(store_->begin().has_value());
  ASSERT_TRUE(store_->savepoint().has_value());
  put(EntityKind::kRecord, "first", "{}");
  ASSERT_TRUE(store_->release_savepoint().has_value());
  ASSERT_TRUE(store_->savepoint().has_value());
  put(EntityKind::kRecord, "second", "{}");
  put(EntityKind::kRecord, "first", "{\"v\":2}");
  ASSERT_TRUE(store_->rollback_to_savepoint().has_value());
  ASSERT_TRUE(store_->savepoint().has_value());
  put(EntityKind::kRecord, "third", "{}");
  ASSERT_TRUE(store_->release_savepoint().has_value());
  ASSERT_TRUE(store_->commit().has_value());

  auto first = store_->latest(EntityKind::kRecord, "first");
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->number, 1);
  auto second = store_->latest(EntityKind::kRecord, "second");
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->has_value());
  auto third = store_->latest(EntityKind::kRecord, "third");
  ASSERT_TRUE(third.has_value());
  EXPECT_TRUE(third->has_value());
  auto problems = store_->check();
  ASSERT_TRUE(problems.has_value());
  EXPECT_TRUE(problems->empty());
}

TEST_P(StoreTest, SavepointNeedsATransaction) {
  auto r = store_->savepoint();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
}

TEST_P(StoreTest, ClosingWithOpenTransactionDiscardsIt) {
  ASSERT_TRUE(store_->begin().has_value());
  put(EntityKind::kRecord, "a", "{}");
  store_.reset();
  auto reopened = GetParam().open(dir_.path(), "store", false);
  ASSERT_TRUE(reopened.has_value()) << reopened.error().describe();
  auto latest = (*reopened)->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(latest.has_value());
  EXPECT_FALSE(latest->has_value());
}

TEST_P(StoreTest, NestedBeginIsAConflict) {
  ASSERT_TRUE(store_->begin().has_value());
  auto again = store_->begin();
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(store_->rollback().has_value());
  auto commit = store_->commit();
  ASSERT_FALSE(commit.has_value());
}

TEST_P(StoreTest, SeqIsMonotonicAndNotReusedAfterRollback) {
  put(EntityKind::kRecord, "a", "{}");
  ASSERT_TRUE(store_->begin().has_value());
  put(EntityKind::kRecord, "b", "{}");
  ASSERT_TRUE(store_->rollback().has_value());
  put(EntityKind::kRecord, "c", "{}");
  auto a = store_->latest(EntityKind::kRecord, "a");
  auto c = store_->latest(EntityKind::kRecord, "c");
  ASSERT_TRUE(a.has_value() && a->has_value() && c.has_value() && c->has_value());
  EXPECT_GT((*c)->seq, (*a)->seq);
}

TEST_P(StoreTest, ChangesSinceListsRevisionsInSeqOrder) {
  put(EntityKind::kRecord, "a", "{\"v\":1}");
  put(EntityKind::kCollection, "vol", "{}");
  put(EntityKind::kRecord, "a", "{\"v\":2}");
  put(EntityKind::kTerm, "t", "{}");

  auto all = store_->changes_since(0, 100);
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].id, "a");
  EXPECT_EQ((*all)[1].kind, EntityKind::kCollection);
  EXPECT_EQ((*all)[2].number, 2);
  EXPECT_EQ((*all)[3].kind, EntityKind::kTerm);
  for (std::size_t i = 1; i < all->size(); ++i) EXPECT_LT((*all)[i - 1].seq, (*all)[i].seq);

  auto tail = store_->changes_since((*all)[1].seq, 100);
  ASSERT_TRUE(tail.has_value());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ((*tail)[0].seq, (*all)[2].seq);

  auto limited = store_->changes_since(0, 3);
  ASSERT_TRUE(limited.has_value());
  EXPECT_EQ(limited->size(), 3u);

  auto none = store_->changes_since((*all)[3].seq, 100);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());

  // Without the JSON: the same revisions, their JSON left empty.
  auto bare = store_->changes_since(0, 100, /*with_json=*/false);
  ASSERT_TRUE(bare.has_value());
  ASSERT_EQ(bare->size(), all->size());
  for (std::size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*bare)[i].seq, (*all)[i].seq);
    EXPECT_EQ((*bare)[i].id, (*all)[i].id);
    EXPECT_EQ((*bare)[i].number, (*all)[i].number);
    EXPECT_EQ((*bare)[i].kind, (*all)[i].kind);
    EXPECT_TRUE((*bare)[i].json.empty());
  }
  EXPECT_EQ((*all)[2].json, "{\"v\":2}");

  auto stats = store_->stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->last_seq, (*all)[3].seq);
  auto last = store_->last_seq();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(*last, (*all)[3].seq);
}

TEST_P(StoreTest, LatestSeqIsTheSeqOfTheEntitysLatestRevision) {
  put(EntityKind::kAbout, "vol", "{\"index\":1}");
  put(EntityKind::kRecord, "a", "{\"v\":1}");
  auto first = store_->latest_seq(EntityKind::kAbout, "vol");
  ASSERT_TRUE(first.has_value()) << first.error().describe();
  ASSERT_TRUE(first->has_value());
  auto about = store_->latest(EntityKind::kAbout, "vol");
  ASSERT_TRUE(about.has_value() && about->has_value());
  EXPECT_EQ(**first, (*about)->seq);
  // Another entity's change leaves it; its own new revision moves it.
  put(EntityKind::kRecord, "a", "{\"v\":2}");
  auto unchanged = store_->latest_seq(EntityKind::kAbout, "vol");
  ASSERT_TRUE(unchanged.has_value());
  EXPECT_EQ(*unchanged, *first);
  put(EntityKind::kAbout, "vol", "{\"index\":2}");
  auto moved = store_->latest_seq(EntityKind::kAbout, "vol");
  ASSERT_TRUE(moved.has_value() && moved->has_value());
  EXPECT_GT(**moved, **first);
  auto last = store_->last_seq();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(**moved, *last);
  // None for an entity that never was, of another kind, or deleted.
  auto never = store_->latest_seq(EntityKind::kAbout, "other");
  ASSERT_TRUE(never.has_value());
  EXPECT_FALSE(never->has_value());
  auto kind = store_->latest_seq(EntityKind::kRecord, "vol");
  ASSERT_TRUE(kind.has_value());
  EXPECT_FALSE(kind->has_value());
  ASSERT_TRUE(store_->remove(EntityKind::kAbout, "vol", "editor:test").has_value());
  auto removed = store_->latest_seq(EntityKind::kAbout, "vol");
  ASSERT_TRUE(removed.has_value());
  EXPECT_FALSE(removed->has_value());
}

TEST_P(StoreTest, CurrentSinceListsEachEntityOnceAtItsLatestRevision) {
  put(EntityKind::kRecord, "a", "{\"v\":1}", meta("A", "vol"));
  put(EntityKind::kRecord, "b", "{\"v\":1}");
  put(EntityKind::kCollection, "vol", "{}");
  put(EntityKind::kRecord, "a", "{\"v\":2}", meta("A2", "vol"));
  put(EntityKind::kRecord, "c", "{\"v\":1}");
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "b", "editor:test").has_value());
  auto last = store_->last_seq();
  ASSERT_TRUE(last.has_value());

  // a's first revision and b's first are superseded: a is listed at its
  // second revision, b at its tombstone, after c.
  auto all = store_->current_since(EntityKind::kRecord, 0, *last, 100, true);
  ASSERT_TRUE(all.has_value()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, "a");
  EXPECT_EQ((*all)[0].number, 2);
  EXPECT_EQ((*all)[0].json, "{\"v\":2}");
  EXPECT_EQ((*all)[0].meta.parent, "vol");
  EXPECT_EQ((*all)[1].id, "c");
  EXPECT_EQ((*all)[2].id, "b");
  EXPECT_TRUE((*all)[2].deleted);
  for (std::size_t i = 1; i < all->size(); ++i) EXPECT_LT((*all)[i - 1].seq, (*all)[i].seq);

  // Paging by the last seq seen meets each once; `through` bounds the stretch.
  auto first = store_->current_since(EntityKind::kRecord, 0, *last, 1, false);
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].id, "a");
  EXPECT_TRUE((*first)[0].json.empty());
  auto rest = store_->current_since(EntityKind::kRecord, (*first)[0].seq, *last, 100, false);
  ASSERT_TRUE(rest.has_value());
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[0].id, "c");
  auto bounded = store_->current_since(EntityKind::kRecord, 0, (*all)[1].seq, 100, false);
  ASSERT_TRUE(bounded.has_value());
  ASSERT_EQ(bounded->size(), 2u);
  EXPECT_EQ((*bounded)[1].id, "c");

  // Live ones only, by id, without JSON.
  auto listed = store_->list_meta(EntityKind::kRecord);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, "a");
  EXPECT_EQ((*listed)[0].meta.title, "A2");
  EXPECT_EQ((*listed)[0].meta.parent, "vol");
  EXPECT_TRUE((*listed)[0].json.empty());
  EXPECT_EQ((*listed)[1].id, "c");

  auto collections = store_->current_since(EntityKind::kCollection, 0, *last, 100, false);
  ASSERT_TRUE(collections.has_value());
  ASSERT_EQ(collections->size(), 1u);
  EXPECT_EQ((*collections)[0].id, "vol");
}

TEST_P(StoreTest, CurrentMarksAreWherePagesOfCurrentSinceEnd) {
  auto none = store_->current_marks(EntityKind::kRecord, 2);
  ASSERT_TRUE(none.has_value()) << none.error().describe();
  EXPECT_TRUE(none->empty());
  for (const char* id : {"a", "b", "c", "d", "e"}) put(EntityKind::kRecord, id, "{\"v\":1}");
  put(EntityKind::kCollection, "vol", "{}");
  put(EntityKind::kRecord, "b", "{\"v\":2}");   // b moves to the end
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "d", "editor:test").has_value());   // a tombstone counts
  put(EntityKind::kRecord, "f", "{\"v\":1}");
  auto last = store_->last_seq();
  ASSERT_TRUE(last.has_value());
  for (std::int64_t every : {1, 2, 3, 6, 7, 100}) {
    // Paging current_since by `every` from the start ends each page at a mark.
    std::vector<std::int64_t> ends;
    std::vector<std::string> written;
    for (std::int64_t after = 0;;) {
      auto page = store_->current_since(EntityKind::kRecord, after, *last, static_cast<int>(every), false);
      ASSERT_TRUE(page.has_value());
      if (page->empty()) break;
      ends.push_back(page->back().seq);
      written.push_back(page->back().created_at);
      if (static_cast<std::int64_t>(page->size()) < every) break;
      after = page->back().seq;
    }
    auto marks = store_->current_marks(EntityKind::kRecord, every);
    ASSERT_TRUE(marks.has_value()) << marks.error().describe();
    ASSERT_EQ(marks->size(), ends.size()) << "every " << every;
    for (std::size_t i = 0; i < ends.size(); ++i) {
      EXPECT_EQ((*marks)[i].seq, ends[i]) << "every " << every << ", mark " << i;
      EXPECT_EQ((*marks)[i].created_at, written[i]);
      EXPECT_FALSE((*marks)[i].created_at.empty());
    }
  }
  auto collections = store_->current_marks(EntityKind::kCollection, 10);
  ASSERT_TRUE(collections.has_value());
  ASSERT_EQ(collections->size(), 1u);
}

TEST_P(StoreTest, LastSeqOfAnEmptyStoreIsZero) {
  auto last = store_->last_seq();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(*last, 0);
}

TEST_P(StoreTest, RemoveWritesATombstoneAndKeepsHistory) {
  put(EntityKind::kRecord, "a", "{\"v\":1}");
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "a", "editor:test").has_value());

  auto latest = store_->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(latest.has_value());
  EXPECT_FALSE(latest->has_value());

  auto history = store_->history(EntityKind::kRecord, "a");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_FALSE((*history)[0].deleted);
  EXPECT_TRUE((*history)[1].deleted);
  EXPECT_EQ((*history)[1].number, 2);
  EXPECT_EQ((*history)[1].source, "editor:test");

  auto changes = store_->changes_since(0, 10);
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_TRUE(changes->back().deleted);

  auto stats = store_->stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->records, 0);

  // Removing again changes nothing; removing what never existed is kNotFound.
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "a", "editor:test").has_value());
  auto again = store_->history(EntityKind::kRecord, "a");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->size(), 2u);
  auto missing = store_->remove(EntityKind::kRecord, "never", "editor:test");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, PutAfterTombstoneRevivesEvenWithSameJson) {
  put(EntityKind::kRecord, "a", "{\"v\":1}");
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "a", "editor:test").has_value());
  EXPECT_EQ(put(EntityKind::kRecord, "a", "{\"v\":1}"), 3);
  auto latest = store_->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(latest.has_value() && latest->has_value());
  EXPECT_EQ((*latest)->number, 3);
}

TEST_P(StoreTest, ChildrenAreOrderedByPositionThenId) {
  put(EntityKind::kRecord, "d3", "{}", meta("third", "vol", 3));
  put(EntityKind::kRecord, "d1", "{}", meta("first", "vol", 1));
  put(EntityKind::kRecord, "d2b", "{}", meta("second b", "vol", 2));
  put(EntityKind::kRecord, "d2a", "{}", meta("second a", "vol", 2));
  put(EntityKind::kRecord, "other", "{}", meta("elsewhere", "vol2", 1));
  put(EntityKind::kCollection, "vol/ch1", "{}", meta("chapter", "vol", 1));
  put(EntityKind::kRecord, "gone", "{}", meta("removed", "vol", 0));
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "gone", "t").has_value());

  auto children = store_->children(EntityKind::kRecord, "vol");
  ASSERT_TRUE(children.has_value());
  std::vector<std::string> ids;
  for (const auto& rev : *children) ids.push_back(rev.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"d1", "d2a", "d2b", "d3"}));

  auto sub = store_->children(EntityKind::kCollection, "vol");
  ASSERT_TRUE(sub.has_value());
  ASSERT_EQ(sub->size(), 1u);
  EXPECT_EQ((*sub)[0].id, "vol/ch1");

  // Moving a record to another parent moves it in the listing too.
  put(EntityKind::kRecord, "d1", "{\"moved\":true}", meta("first", "vol2", 0));
  auto moved = store_->children(EntityKind::kRecord, "vol2");
  ASSERT_TRUE(moved.has_value());
  ASSERT_EQ(moved->size(), 2u);
  EXPECT_EQ((*moved)[0].id, "d1");
}

TEST_P(StoreTest, ForEachVisitsLiveEntitiesByIdAndCanStop) {
  put(EntityKind::kRecord, "b", "{}");
  put(EntityKind::kRecord, "a", "{}");
  put(EntityKind::kRecord, "c", "{}");
  put(EntityKind::kRecord, "dead", "{}");
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "dead", "t").has_value());
  put(EntityKind::kPerson, "p", "{}");

  std::vector<std::string> ids;
  auto r = store_->for_each(EntityKind::kRecord, [&](const Revision& rev) {
    ids.push_back(rev.id);
    // Calling back into the store while iterating must work.
    auto again = store_->latest(EntityKind::kRecord, rev.id);
    EXPECT_TRUE(again.has_value() && again->has_value());
    return true;
  });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c"}));

  ids.clear();
  r = store_->for_each(EntityKind::kRecord, [&](const Revision& rev) {
    ids.push_back(rev.id);
    return false;
  });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(ids.size(), 1u);
}

// More entities than a backend reads at a time: every one, once, in byte
// order of their ids, stopping where asked.
TEST_P(StoreTest, ForEachPagesThroughManyEntities) {
  ASSERT_TRUE(store_->begin().has_value());
  std::vector<std::string> ids;
  for (int i = 0; i < 1203; ++i) {
    std::string id = (i % 2 ? "Z" : "a") + std::to_string(i) + (i % 3 ? "" : "/ü");
    put(EntityKind::kRecord, id, "{\"n\":" + std::to_string(i) + "}");
    ids.push_back(id);
  }
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, ids[7], "test").has_value());
  ASSERT_TRUE(store_->commit().has_value());
  ids.erase(ids.begin() + 7);
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> seen;
  ASSERT_TRUE(store_->for_each(EntityKind::kRecord, [&](const Revision& rev) {
                      seen.push_back(rev.id);
                      return true;
                    }).has_value());
  EXPECT_EQ(seen, ids);
  int visited = 0;
  ASSERT_TRUE(store_->for_each(EntityKind::kRecord, [&](const Revision&) { return ++visited < 700; }).has_value());
  EXPECT_EQ(visited, 700);
  auto listed = store_->list_meta(EntityKind::kRecord);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), ids.size());
  EXPECT_EQ(listed->back().id, ids.back());
}

TEST_P(StoreTest, MetaRoundTripsAndOverwrites) {
  auto none = store_->get_meta("index.applied_seq");
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(store_->set_meta("index.applied_seq", "12").has_value());
  ASSERT_TRUE(store_->set_meta("index.applied_seq", "13").has_value());
  auto value = store_->get_meta("index.applied_seq");
  ASSERT_TRUE(value.has_value() && value->has_value());
  EXPECT_EQ(**value, "13");
}

TEST_P(StoreTest, EntityMetaIsStoredBesideTheJson) {
  EntityMeta m = meta("Notes of a Secure Phone Call", "wilson", 7);
  m.date_first = -4808;
  m.date_last = -4800;
  put(EntityKind::kRecord, "117079", "{}", m);
  auto latest = store_->latest(EntityKind::kRecord, "117079");
  ASSERT_TRUE(latest.has_value() && latest->has_value());
  EXPECT_EQ((*latest)->meta.title, "Notes of a Secure Phone Call");
  EXPECT_EQ((*latest)->meta.parent, "wilson");
  EXPECT_EQ((*latest)->meta.position, 7);
  EXPECT_EQ((*latest)->meta.date_first, -4808);
  EXPECT_EQ((*latest)->meta.date_last, -4800);
}

TEST_P(StoreTest, StatsCountLiveEntitiesPerKind) {
  put(EntityKind::kRecord, "r1", "{}");
  put(EntityKind::kRecord, "r2", "{}");
  put(EntityKind::kRecord, "r2", "{\"v\":2}");
  put(EntityKind::kCollection, "c", "{}");
  put(EntityKind::kPerson, "p", "{}");
  put(EntityKind::kTerm, "t", "{}");
  put(EntityKind::kAuthority, "x", "{}");
  put(EntityKind::kRecord, "r3", "{}");
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "r3", "test.txt").has_value());   // no longer counted
  auto stats = store_->stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->records, 2);
  EXPECT_EQ(stats->collections, 1);
  EXPECT_EQ(stats->persons, 1);
  EXPECT_EQ(stats->terms, 1);
  EXPECT_EQ(stats->authorities, 1);
  EXPECT_EQ(stats->revisions, 9);
  EXPECT_GT(stats->bytes, 0);
}

TEST_P(StoreTest, EmptyIdIsRejected) {
  auto r = store_->put(EntityKind::kRecord, "", "{}", {}, "t");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
}

TEST_P(StoreTest, CheckPassesOnAConsistentStore) {
  put(EntityKind::kRecord, "a", "{\"v\":1}");
  put(EntityKind::kRecord, "a", "{\"v\":2}");
  ASSERT_TRUE(store_->remove(EntityKind::kRecord, "a", "t").has_value());
  put(EntityKind::kCollection, "c", "{}");
  auto problems = store_->check();
  ASSERT_TRUE(problems.has_value()) << problems.error().describe();
  EXPECT_TRUE(problems->empty()) << (*problems)[0];
}

TEST_P(StoreTest, DataSurvivesReopen) {
  put(EntityKind::kRecord, "a", "{\"v\":1}");
  store_.reset();
  auto reopened = GetParam().open(dir_.path(), "store", false);
  ASSERT_TRUE(reopened.has_value()) << reopened.error().describe();
  auto latest = (*reopened)->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(latest.has_value() && latest->has_value());
  EXPECT_EQ((*latest)->json, "{\"v\":1}");
}

TEST_P(StoreTest, ReaderSeesWritersCommitsAndCannotWrite) {
  put(EntityKind::kRecord, "a", "{}");
  auto reader = GetParam().open(dir_.path(), "store", true);
  ASSERT_TRUE(reader.has_value()) << reader.error().describe();
  auto seen = (*reader)->latest(EntityKind::kRecord, "a");
  ASSERT_TRUE(seen.has_value() && seen->has_value());

  put(EntityKind::kRecord, "b", "{}");
  auto later = (*reader)->latest(EntityKind::kRecord, "b");
  ASSERT_TRUE(later.has_value());
  EXPECT_TRUE(later->has_value());

  auto write = (*reader)->put(EntityKind::kRecord, "c", "{}", {}, "t");
  EXPECT_FALSE(write.has_value());
}

TEST_P(StoreTest, ReaderDoesNotSeeUncommittedWrites) {
  auto reader = GetParam().open(dir_.path(), "store", true);
  ASSERT_TRUE(reader.has_value()) << reader.error().describe();
  ASSERT_TRUE(store_->begin().has_value());
  put(EntityKind::kRecord, "pending", "{}");
  auto seen = (*reader)->latest(EntityKind::kRecord, "pending");
  ASSERT_TRUE(seen.has_value()) << seen.error().describe();
  EXPECT_FALSE(seen->has_value());
  ASSERT_TRUE(store_->commit().has_value());
  seen = (*reader)->latest(EntityKind::kRecord, "pending");
  ASSERT_TRUE(seen.has_value() && seen->has_value());
}

TEST_P(StoreTest, OpeningAMissingStoreReadOnlyFails) {
  auto missing = GetParam().open(dir_.path(), "absent", true);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, BlobsAreKeptOnceByKeyAndByteForByte) {
  const std::string key(64, 'a');
  std::string bytes("\x00\xff\x89PNG\r\n\x1a\n", 10);
  bytes += std::string(300000, '\x7f');   // larger than a page of either store
  ASSERT_TRUE(store_->put_blob(key, "image/png", bytes).has_value());
  ASSERT_TRUE(store_->put_blob(key, "image/png", "other bytes under the same key").has_value());   // kept once
  auto found = store_->blob(key);
  ASSERT_TRUE(found.has_value()) << found.error().describe();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->media_type, "image/png");
  EXPECT_EQ((*found)->bytes, bytes);
  EXPECT_TRUE(*store_->has_blob(key));
  EXPECT_FALSE(*store_->has_blob(std::string(64, 'b')));
  EXPECT_FALSE(store_->blob(std::string(64, 'b'))->has_value());
  auto stats = store_->stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->blobs, 1);
  EXPECT_EQ(stats->blob_bytes, static_cast<std::int64_t>(bytes.size()));
}

TEST_P(StoreTest, BlobsGoWithTheirTransaction) {
  ASSERT_TRUE(store_->begin().has_value());
  ASSERT_TRUE(store_->put_blob(std::string(64, 'c'), "image/jpeg", "abc").has_value());
  put(EntityKind::kScans, "r", "{}");
  ASSERT_TRUE(store_->rollback().has_value());
  EXPECT_FALSE(*store_->has_blob(std::string(64, 'c')));
  EXPECT_FALSE(store_->latest(EntityKind::kScans, "r")->has_value());
  ASSERT_TRUE(store_->begin().has_value());
  ASSERT_TRUE(store_->put_blob(std::string(64, 'c'), "image/jpeg", "abc").has_value());
  ASSERT_TRUE(store_->commit().has_value());
  EXPECT_TRUE(*store_->has_blob(std::string(64, 'c')));
}

TEST_P(StoreTest, BackupCopiesBlobs) {
  std::string bytes(200000, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
  for (char c : std::string("0123456789abcdef0123")) {   // more than one batch of the copy
    ASSERT_TRUE(store_->put_blob(std::string(63, 'd') + c, "image/tiff", bytes + c).has_value());
  }
  put(EntityKind::kScans, "r", "{}");
  const std::string dest = GetParam().backup_target(dir_.path());
  ASSERT_TRUE(store_->backup_to(dest).has_value());
  auto copy = GetParam().open_backup(dest);
  ASSERT_TRUE(copy.has_value()) << copy.error().describe();
  auto stats = (*copy)->stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->blobs, 16);
  EXPECT_EQ(stats->scans, 1);
  auto one = (*copy)->blob(std::string(63, 'd') + '7');
  ASSERT_TRUE(one.has_value() && one->has_value());
  EXPECT_EQ((*one)->bytes, bytes + '7');
  EXPECT_EQ((*one)->media_type, "image/tiff");
}

TEST_P(StoreTest, BackupIsAConsistentCopy) {
  put(EntityKind::kRecord, "a", "{\"v\":1}");
  put(EntityKind::kRecord, "a", "{\"v\":2}");
  put(EntityKind::kCollection, "c", "{}");
  ASSERT_TRUE(store_->set_meta("k", "v").has_value());
  std::string dest = GetParam().backup_target(dir_.path());
  auto done = store_->backup_to(dest);
  ASSERT_TRUE(done.has_value()) << done.error().describe();

  // Later writes do not reach the copy.
  put(EntityKind::kRecord, "after", "{}");

  auto copy = GetParam().open_backup(dest);
  ASSERT_TRUE(copy.has_value()) << copy.error().describe();
  auto history = (*copy)->history(EntityKind::kRecord, "a");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].json, "{\"v\":2}");
  auto after = (*copy)->latest(EntityKind::kRecord, "after");
  ASSERT_TRUE(after.has_value());
  EXPECT_FALSE(after->has_value());
  auto setting = (*copy)->get_meta("k");
  ASSERT_TRUE(setting.has_value() && setting->has_value());
  auto original = store_->stats();
  auto copied = (*copy)->stats();
  ASSERT_TRUE(original.has_value() && copied.has_value());
  EXPECT_EQ(copied->records, 1);
  EXPECT_EQ(copied->collections, 1);
  EXPECT_EQ(copied->last_seq, original->last_seq - 1);
  auto problems = (*copy)->check();
  ASSERT_TRUE(problems.has_value());
  EXPECT_TRUE(problems->empty());
}

TEST_P(StoreTest, BackupRefusesToOverwrite) {
  std::string dest = GetParam().backup_target(dir_.path());
  ASSERT_TRUE(store_->backup_to(dest).has_value());
  auto again = store_->backup_to(dest);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values(kSqlite, kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace chancery
