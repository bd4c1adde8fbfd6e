#include "index/shard_writer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <string>

#include <unistd.h>

#include "model/record.h"

namespace chancery {
namespace {

TEST(FlushPolicy, GrowsWithTheShardBetweenItsBounds) {
  const FlushPolicy policy;   // 200 to 1,000, one per 50 documents
  EXPECT_EQ(policy.threshold(0), 200);
  EXPECT_EQ(policy.threshold(10'000), 200);
  EXPECT_EQ(policy.threshold(20'000), 400);
  EXPECT_EQ(policy.threshold(40'000), 800);
  EXPECT_EQ(policy.threshold(50'000), 1000);
  EXPECT_EQ(policy.threshold(5'000'000'000ULL), 1000);
}

TEST(FlushPolicy, NonsenseSettingsStillFlush) {
  FlushPolicy policy;
  policy.min_documents = 0;
  policy.max_documents = -5;
  policy.documents_per_buffered = 0;
  EXPECT_EQ(policy.threshold(0), 1);
  EXPECT_EQ(policy.threshold(1'000'000), 1);
  policy.min_documents = 50;
  policy.max_documents = 10;   // a maximum under the minimum is the minimum
  EXPECT_EQ(policy.threshold(1'000'000), 50);
}

// Without commit(), a shard's changes reach disk at each flush: a reader
// opened on the folder sees the documents once the threshold is reached.
TEST(ShardWriter, FlushesAtTheThresholdBeforeAnyCommit) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("chancery-shard-writer-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    FlushPolicy policy;
    policy.min_documents = 3;
    policy.max_documents = 3;
    ShardWriter writer(Xapian::WritableDatabase(dir.string(), Xapian::DB_CREATE), 0, NameHooks{}, policy);
    for (int i = 0; i < 5; ++i) {
      Record record;
      record.id = "r" + std::to_string(i);
      record.title = "Title " + std::to_string(i);
      writer.put(std::move(record));
    }
    ASSERT_TRUE(writer.sync().has_value());
    EXPECT_EQ(Xapian::Database(dir.string()).get_doccount(), 3u);   // one flush of 3; 2 still buffered
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace chancery
