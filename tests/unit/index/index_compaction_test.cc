// Compaction rewrites the shards without changing what a search finds, never
// while another writer has the index, and a compaction cut short at any step
// leaves an index that opens, reads and recovers.
#include "index/index_compaction.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "index/bulk_load.h"
#include "index/xapian_index.h"
#include "index_fixture.h"

namespace chancery {
namespace {

using testing::IndexTest;
using testing::make_record;
namespace fs = std::filesystem;

class IndexCompactionTest : public IndexTest {
 protected:
  // Fills the index with records whose words repeat across documents, and
  // closes the writer.
  void fill_and_close() {
    std::vector<Record> records;
    for (int i = 0; i < 300; ++i) {
      records.push_back(make_record("r" + std::to_string(i), "Telegram " + std::to_string(i),
                                    "The delegation discussed uranium deliveries with the minister, item " +
                                        std::to_string(i) + (i % 3 == 0 ? " and the Danube treaty" : ""),
                                    "1956-11-0" + std::to_string(1 + i % 9)));
    }
    put_all(records);
    ASSERT_TRUE(index_->commit(42).has_value());
    index_.reset();
  }

  std::unique_ptr<SearchIndex> open(bool writable) {
    auto opened = open_xapian_index(dir_, writable);
    EXPECT_TRUE(opened.has_value()) << (opened ? "" : opened.error().message);
    return opened ? std::move(*opened) : nullptr;
  }

  // Total, facet counts and hits (ids, snippets) of a query, as text.
  static std::string answer(SearchIndex& index, const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.limit = 20;
    auto results = index.search(request);
    if (!results) return "error: " + results.error().message;
    std::string out = std::to_string(results->total) + "\n";
    for (const auto& [facet, values] : results->facets) {
      for (const FacetValue& v : values) out += facet + "=" + v.value + ":" + std::to_string(v.count) + "\n";
    }
    for (const Hit& hit : results->hits) out += hit.id + " " + hit.snippet + "\n";
    return out;
  }

  IndexCompactionOptions no_grace() {
    IndexCompactionOptions options;
    options.grace = std::chrono::milliseconds(0);
    return options;
  }
};

TEST_F(IndexCompactionTest, SearchesFindTheSameAfterCompaction) {
  fill_and_close();
  auto before = open(false);
  const std::string uranium = answer(*before, "uranium deliveries");
  const std::string phrase = answer(*before, "\"Danube treaty\"");
  ASSERT_NE(uranium.find("r1 "), std::string::npos) << uranium;

  auto report = compact_xapian_index(dir_, no_grace());
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->shards, 2);
  EXPECT_GT(report->bytes_before, 0);
  EXPECT_GT(report->bytes_after, 0);
  EXPECT_LE(report->bytes_after, report->bytes_before);
  EXPECT_TRUE(report->readers);   // `before` has the old shards open
  for (const auto& entry : fs::directory_iterator(dir_)) {
    // The shards, and the writers' and readers' lock files (bulk_load.h);
    // nothing left of the compaction.
    EXPECT_TRUE(entry.path().filename() == "shard0" || entry.path().filename() == "shard1" ||
                entry.path().filename() == kIndexWriterLockFile || entry.path().filename() == kIndexReadersLockFile)
        << entry.path();
  }

  // A reader opened before sees the new shards once it refreshes.
  ASSERT_TRUE(before->refresh().has_value());
  EXPECT_EQ(answer(*before, "uranium deliveries"), uranium);
  EXPECT_EQ(answer(*before, "\"Danube treaty\""), phrase);
  auto after = open(false);
  EXPECT_EQ(answer(*after, "uranium deliveries"), uranium);
  EXPECT_EQ(after->applied_seq(), 42);
  // And a writer goes on from there.
  after.reset();
  before.reset();
  auto writer = open(true);
  ASSERT_TRUE(writer->put(make_record("late", "Late telegram", "uranium again")).has_value());
  ASSERT_TRUE(writer->commit(43).has_value());
  EXPECT_EQ(writer->applied_seq(), 43);
  EXPECT_EQ(writer->doc_count(), 301);
}

// The shards are compacted side by side and swapped only when all are
// written: one that cannot be compacted (its termlist cut short here) leaves
// the other as it was too, and no folder of the compaction behind.
TEST_F(IndexCompactionTest, AShardThatCannotBeCompactedLeavesEveryShardAsItWas) {
  fill_and_close();
  const fs::path termlist = dir_ / "shard1" / "termlist.glass";
  fs::resize_file(termlist, fs::file_size(termlist) / 2);
  const auto shard0_before = fs::last_write_time(dir_ / "shard0" / "postlist.glass");
  const auto shard0_inode = [&] {
    struct stat st {};
    EXPECT_EQ(::stat((dir_ / "shard0").c_str(), &st), 0);
    return st.st_ino;
  };
  const auto inode_before = shard0_inode();
  auto report = compact_xapian_index(dir_, no_grace());
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kStorage);
  EXPECT_NE(report.error().message.find("shard1"), std::string::npos) << report.error().message;
  EXPECT_EQ(shard0_inode(), inode_before);
  EXPECT_EQ(fs::last_write_time(dir_ / "shard0" / "postlist.glass"), shard0_before);
  for (const char* left : {"shard0.compact", "shard1.compact", "shard0.old", "shard1.old"}) {
    EXPECT_FALSE(fs::exists(dir_ / left)) << left;
  }
}

// The grace period is for readers that may still open the replaced shards:
// a compaction waits it out only when a reader has its mark on the index
// (bulk_load.h), which it holds until it is closed.
TEST_F(IndexCompactionTest, WaitsForReadersOnlyWhenThereAreAny) {
  fill_and_close();
  EXPECT_FALSE(index_has_readers(dir_));
  auto reader = open(false);
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(index_has_readers(dir_));
  auto second = open(false);
  reader.reset();
  EXPECT_TRUE(index_has_readers(dir_));   // the second still reads
  auto report = compact_xapian_index(dir_, no_grace());
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_TRUE(report->readers);
  ASSERT_TRUE(second->refresh().has_value());
  EXPECT_NE(answer(*second, "uranium deliveries").find("r1 "), std::string::npos);
  second.reset();
  EXPECT_FALSE(index_has_readers(dir_));
  // No reader: the old shards go at once, however long the grace.
  IndexCompactionOptions long_grace;
  long_grace.grace = std::chrono::minutes(2);
  report = compact_xapian_index(dir_, long_grace);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_FALSE(report->readers);
  EXPECT_FALSE(fs::exists(dir_ / "shard0.old"));
  EXPECT_FALSE(fs::exists(dir_ / "shard1.old"));
  // A writer is no reader.
  auto writer = open(true);
  EXPECT_FALSE(index_has_readers(dir_));
}

TEST_F(IndexCompactionTest, RefusedWhileAWriterHasTheIndex) {
  fill_and_close();
  auto writer = open(true);
  auto report = compact_xapian_index(dir_, no_grace());
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(fs::exists(dir_ / "shard0.compact"));
  EXPECT_FALSE(fs::exists(dir_ / "shard0.old"));
  EXPECT_EQ(writer->doc_count(), 300);
}

TEST_F(IndexCompactionTest, ACompactionCutShortBetweenItsRenamesIsRecovered) {
  fill_and_close();
  auto reference = open(false);
  const std::string uranium = answer(*reference, "uranium deliveries");
  reference.reset();
  // As a crash leaves it: shard0 renamed away, the compacted copy not yet in
  // place (here half written), and a leftover copy of shard1.
  fs::rename(dir_ / "shard0", dir_ / "shard0.old");
  fs::create_directories(dir_ / "shard0.compact");
  fs::create_directories(dir_ / "shard1.compact");

  auto reader = open(false);   // reads shard0.old meanwhile
  EXPECT_EQ(answer(*reader, "uranium deliveries"), uranium);
  reader.reset();

  auto writer = open(true);    // puts it back
  EXPECT_TRUE(fs::exists(dir_ / "shard0" / "iamglass"));
  EXPECT_FALSE(fs::exists(dir_ / "shard0.old"));
  EXPECT_FALSE(fs::exists(dir_ / "shard0.compact"));
  EXPECT_FALSE(fs::exists(dir_ / "shard1.compact"));
  EXPECT_EQ(writer->applied_seq(), 42);
  EXPECT_EQ(answer(*writer, "uranium deliveries"), uranium);
}

TEST_F(IndexCompactionTest, ACompactionCutShortAfterItsSwapKeepsTheNewShard) {
  fill_and_close();
  auto report = compact_xapian_index(dir_, no_grace());
  ASSERT_TRUE(report.has_value()) << report.error().message;
  // A stale old folder, as left by a crash before the removal: a writer
  // leaves a recent one (a compaction may still be in its grace period)...
  fs::create_directories(dir_ / "shard1.old");
  { auto writer = open(true); }
  EXPECT_TRUE(fs::exists(dir_ / "shard1.old"));
  // ...and the next compaction's recovery keeps it too, but it never
  // replaces the live shard.
  auto reader = open(false);
  EXPECT_EQ(reader->doc_count(), 300);
}

TEST_F(IndexCompactionTest, NoIndexIsNotFound) {
  index_.reset();
  fs::remove_all(dir_);
  auto report = compact_xapian_index(dir_, no_grace());
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace chancery
