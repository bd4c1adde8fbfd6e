// Index replication settings and the folders it makes (archive/replication.h),
// on real SQLite and Xapian: the settings file's parser, a replica that
// refuses writes, a primary whose shards keep changesets, and shards read
// through xapian-replicate's stub files. The copying itself, which needs
// PostgreSQL and Xapian's replication server, is in
// tests/integration/index_replicas.sh.
#include "archive/replication.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "archive/archive.h"
#include "index/xapian_index.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

class ReplicationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chancery-replication-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    ::unsetenv("XAPIAN_MAX_CHANGESETS");   // no writer threads run by now
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write_config(const std::string& text) {
    std::ofstream(dir_ / kReplicationFileName, std::ios::trunc) << text;
  }
  // A SQLite archive with the examples imported, in `dir`.
  static void make_archive(const fs::path& dir) {
    ArchiveOptions options;
    options.dir = dir;
    options.create = true;
    auto archive = Archive::open(options);
    ASSERT_TRUE(archive) << archive.error().message;
    auto reports = (*archive)->import_paths({fs::path(CHANCERY_SOURCE_DIR) / "examples" / "records"});
    ASSERT_FALSE(reports.empty());
    for (const auto& report : reports) ASSERT_FALSE(report.error) << report.path << ": " << report.error->message;
  }
  fs::path dir_;
};

TEST_F(ReplicationTest, HostAndPort) {
  auto a = parse_host_port("127.0.0.1:7010");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 7010);
  a = parse_host_port("[::1]:65535");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "::1");
  EXPECT_EQ(a->second, 65535);
  EXPECT_TRUE(parse_host_port("index-1.archive.example:1"));
  for (const char* bad : {"", ":80", "host", "host:", "host:0", "host:65536", "host:80x", "host:-1", "::1:80",
                          "[::1]80", "[::1:80", "a b:80", "host;rm:80", "host:99999999999999999999"}) {
    EXPECT_FALSE(parse_host_port(bad)) << bad;
  }
  ReplicationConfig config;
  config.primary_host = "::1";
  config.primary_port = 7010;
  EXPECT_EQ(config.primary(), "[::1]:7010");
}

TEST_F(ReplicationTest, SettingsFile) {
  auto none = read_replication(dir_);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->role, ReplicationRole::kNone);

  write_config("# a comment\n\nrole primary\n");
  auto primary = read_replication(dir_);
  ASSERT_TRUE(primary) << primary.error().describe();
  EXPECT_EQ(primary->role, ReplicationRole::kPrimary);
  EXPECT_EQ(primary->changesets, kDefaultChangesets);

  write_config("role replica\r\nprimary  10.0.0.5:7010  \r\n");
  auto replica = read_replication(dir_);
  ASSERT_TRUE(replica) << replica.error().describe();
  EXPECT_EQ(replica->role, ReplicationRole::kReplica);
  EXPECT_EQ(replica->primary(), "10.0.0.5:7010");

  // Written and read back; role none removes the file.
  ReplicationConfig written;
  written.role = ReplicationRole::kPrimary;
  written.changesets = 7;
  ASSERT_TRUE(write_replication(dir_, written));
  auto back = read_replication(dir_);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->changesets, 7);
  ASSERT_TRUE(write_replication(dir_, ReplicationConfig{}));
  EXPECT_FALSE(fs::exists(dir_ / kReplicationFileName));

  struct Bad {
    const char* text;
    int line;
    const char* says;
  };
  for (const Bad& bad : {Bad{"role primary\nchangesets 0\n", 2, "changesets N"},
                         Bad{"role primary\nchangesets 100001\n", 2, "changesets N"},
                         Bad{"role primary\nchangesets 12x\n", 2, "changesets N"},
                         Bad{"role leader\n", 1, "role primary"},
                         Bad{"role replica\nprimary nowhere\n", 2, "primary HOST:PORT"},
                         Bad{"role replica\n", 1, "needs a 'primary"},
                         Bad{"\n\nchangesets 5\n", 3, "no 'role"},
                         Bad{"role primary\ncolour blue\n", 2, "unknown setting 'colour'"}}) {
    write_config(bad.text);
    auto read = read_replication(dir_);
    ASSERT_FALSE(read) << bad.text;
    EXPECT_EQ(read.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(read.error().file, (dir_ / kReplicationFileName).string());
    EXPECT_EQ(read.error().line, bad.line) << bad.text;
    EXPECT_NE(read.error().message.find(bad.says), std::string::npos) << read.error().message;
  }
  write_config(std::string(5000, '#'));
  EXPECT_FALSE(read_replication(dir_));
}

TEST_F(ReplicationTest, ReplicasAreMadeOnPostgresOnlyAndIntoEmptyFolders) {
  auto refused = create_replica(dir_ / "r", (dir_ / "archive.db").string(), "127.0.0.1:7010");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("PostgreSQL"), std::string::npos);
  EXPECT_FALSE(create_replica(dir_ / "r", "postgresql:///x", "127.0.0.1"));   // no port
  std::ofstream(dir_ / "something") << "x";
  refused = create_replica(dir_, "postgresql:///x", "127.0.0.1:7010");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(fs::exists(dir_ / kReplicationFileName));
  // Pulling into a folder that is no replica.
  auto pulled = pull_index(dir_);
  ASSERT_FALSE(pulled);
  EXPECT_EQ(pulled.error().code, ErrorCode::kConflict);
}

TEST_F(ReplicationTest, AReplicaRefusesWritesAndReadsOnly) {
  make_archive(dir_);
  write_config("role replica\nprimary 127.0.0.1:7010\n");
  ArchiveOptions options;
  options.dir = dir_;
  auto writer = Archive::open(options);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kConflict);
  EXPECT_NE(writer.error().message.find("is an index replica of 127.0.0.1:7010"), std::string::npos);
  EXPECT_FALSE(Archive::compact_index(options));
  options.read_only = true;
  auto reader = Archive::open(options);
  ASSERT_TRUE(reader) << reader.error().message;
  auto stats = (*reader)->stats();
  ASSERT_TRUE(stats);
  EXPECT_GT(stats->indexed, 0);
  EXPECT_EQ(stats->index_seq, stats->store.last_seq);
  // With no index copied yet, a reader says what to do.
  fs::remove_all(dir_ / "index");
  reader = Archive::open(options);
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message.find("no index copied yet"), std::string::npos);
}

TEST_F(ReplicationTest, PromotionOfAReplica) {
  make_archive(dir_);
  EXPECT_EQ(promote_replica(dir_).error().code, ErrorCode::kConflict);   // no replica
  write_config("role replica\nprimary 127.0.0.1:7010\n");
  {
    // While a pull holds the lock, a promotion waits its turn (refused).
    const int fd = ::open((dir_ / "replication.lock").c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);
    auto refused = promote_replica(dir_);
    ::close(fd);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("pull"), std::string::npos);
  }
  ASSERT_TRUE(promote_replica(dir_, 9));
  auto config = read_replication(dir_);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->role, ReplicationRole::kPrimary);
  EXPECT_EQ(config->changesets, 9);
  ArchiveOptions options;
  options.dir = dir_;
  EXPECT_TRUE(Archive::open(options));   // a writer again
}

TEST_F(ReplicationTest, APrimaryKeepsChangesets) {
  ::unsetenv("XAPIAN_MAX_CHANGESETS");
  write_config("role primary\nchangesets 3\n");
  make_archive(dir_);
  ASSERT_NE(std::getenv("XAPIAN_MAX_CHANGESETS"), nullptr);
  EXPECT_STREQ(std::getenv("XAPIAN_MAX_CHANGESETS"), "3");
  // Commits after the first leave changesets; a few more imports, and no
  // more than 3 stay.
  for (int round = 0; round < 5; ++round) {
    ArchiveOptions options;
    options.dir = dir_;
    auto archive = Archive::open(options);
    ASSERT_TRUE(archive);
    Annotation note;
    note.type = AnnotationType::kNote;
    note.target = "900001";
    note.text = "note " + std::to_string(round);
    note.author = "editor:test";
    auto annotated = (*archive)->annotate(note);
    ASSERT_TRUE(annotated) << annotated.error().message;
  }
  int changesets = 0;
  for (const auto& shard : xapian_shard_paths(dir_ / "index")) {
    for (const auto& entry : fs::directory_iterator(shard)) {
      if (entry.path().filename().string().starts_with("changes")) ++changesets;
    }
  }
  EXPECT_GT(changesets, 0);
  EXPECT_LE(changesets, 3 * 2);
}

TEST_F(ReplicationTest, ShardsAreReadThroughReplicaStubs) {
  make_archive(dir_ / "primary");
  const fs::path index = dir_ / "replica" / "index";
  // The layout xapian-replicate leaves: shardN/XAPIANDB naming shardN/replica_K.
  for (int i = 0; i < 2; ++i) {
    const fs::path shard = index / ("shard" + std::to_string(i));
    fs::create_directories(shard);
    fs::copy(dir_ / "primary" / "index" / ("shard" + std::to_string(i)), shard / "replica_1");
    std::ofstream(shard / "XAPIANDB") << "# Automatically generated by Xapian::DatabaseReplica v1.4.22.\n"
                                         "# Do not manually edit - replication operations may regenerate this file.\n"
                                         "auto replica_1\n";
  }
  auto paths = xapian_shard_paths(index);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[0], index / "shard0" / "replica_1");
  auto count = xapian_recorded_shard_count(paths[0]);
  ASSERT_TRUE(count) << count.error().message;
  EXPECT_EQ(*count, 2);
  auto reader = open_xapian_index(index, false);
  ASSERT_TRUE(reader) << reader.error().message;
  auto primary = open_xapian_index(dir_ / "primary" / "index", false);
  ASSERT_TRUE(primary);
  EXPECT_EQ((*reader)->doc_count(), (*primary)->doc_count());
  EXPECT_GT((*reader)->doc_count(), 0u);

  // A stub naming a folder outside its shard, or an empty copy, is no shard.
  std::ofstream(index / "shard1" / "XAPIANDB", std::ios::trunc) << "auto ../../primary/index/shard1\n";
  EXPECT_EQ(xapian_shard_paths(index).size(), 1u);
  std::ofstream(index / "shard0" / "XAPIANDB", std::ios::trunc) << "auto replica_0\n";
  fs::create_directories(index / "shard0" / "replica_0");
  EXPECT_TRUE(xapian_shard_paths(index).empty());
}

}  // namespace
}  // namespace chancery
