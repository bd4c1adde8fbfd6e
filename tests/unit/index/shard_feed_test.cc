// Where records go among a writable index's shards (shard_feed.h,
// shard_placement.h): each record in exactly one shard, whatever the order
// of its changes, in the session that placed it and in later writers.
#include "index/shard_feed.h"

#include <xapian.h>

#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "index/index_terms.h"
#include "index/shard_placement.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

TEST(ShardPlacement, KeepsTheFirstPlaceOfEachId) {
  ShardPlacement placed;
  EXPECT_FALSE(placed.find("frus1958-60v08/d12").has_value());
  std::mt19937 rng(20261208);
  std::map<std::string, std::size_t> expected;
  for (int i = 0; i < 50000; ++i) {   // the table grows many times
    const std::string id = "r" + std::to_string(i);
    const std::size_t shard = rng() % ShardPlacement::kMaxShards;
    EXPECT_EQ(placed.place(id, shard), shard);
    expected[id] = shard;
  }
  EXPECT_EQ(placed.size(), expected.size());
  for (const auto& [id, shard] : expected) {
    ASSERT_EQ(placed.find(id), std::optional<std::size_t>(shard)) << id;
    // A second placement keeps the first.
    ASSERT_EQ(placed.place(id, (shard + 1) % ShardPlacement::kMaxShards), shard) << id;
  }
  EXPECT_EQ(placed.size(), expected.size());
  EXPECT_FALSE(placed.find("r50000").has_value());
  EXPECT_FALSE(placed.find("").has_value());
  EXPECT_EQ(placed.place("", 7), 7u);
  EXPECT_EQ(placed.find(""), std::optional<std::size_t>(7));
}

class ShardFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("chancery-shard-feed-" + std::to_string(random()) + std::to_string(random()));
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A record long enough that a load outruns the shards' threads, so that
  // the feed holds records back and places them as the shards take them.
  static Record long_record(const std::string& id, const std::string& word) {
    std::string body;
    for (int i = 0; i < 300; ++i) body += "memorandum" + std::to_string(i % 97) + " conversation ";
    return make_record(id, "Record " + id, body + word);
  }

  // Each record id in the shards' last commits, with the shards that hold it.
  std::map<std::string, std::vector<std::size_t>> shards_of_records() const {
    std::map<std::string, std::vector<std::size_t>> out;
    const std::vector<std::filesystem::path> paths = xapian_shard_paths(dir_ / "index");
    EXPECT_EQ(paths.size(), 2u);
    for (std::size_t i = 0; i < paths.size(); ++i) {
      Xapian::Database shard(paths[i].string());
      const std::string prefix(index_terms::kIdPrefix);
      for (auto it = shard.allterms_begin(prefix); it != shard.allterms_end(prefix); ++it) {
        out[(*it).substr(prefix.size())].push_back(i);
      }
    }
    return out;
  }

  std::filesystem::path dir_;
};

// A load from empty, with revisions and removals of records it placed
// itself, some while still held by the feed: every record in one shard,
// the last version of each, both shards used.
TEST_F(ShardFeedTest, LoadPlacesEachRecordInOneShard) {
  std::map<std::string, std::string> last;   // id -> last word; removed ids absent
  {
    auto index = open_xapian_index(dir_ / "index", true);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    auto put = [&](const std::string& id, const std::string& word) {
      ASSERT_TRUE((*index)->put(long_record(id, word)).has_value()) << id;
      last[id] = word;
    };
    for (int i = 0; i < 1500; ++i) {
      const std::string id = "r" + std::to_string(i);
      put(id, "first");
      if (i % 10 == 0) put(id, "second");
      if (i % 50 == 0) {
        ASSERT_TRUE((*index)->remove(id).has_value());
        last.erase(id);
      }
      if (i % 100 == 0) put(id, "third");
      // A revision of a record put long before (placed and handed on).
      if (i >= 700 && i % 7 == 0) put("r" + std::to_string(i - 700), "late");
      if (i == 750) ASSERT_TRUE((*index)->checkpoint(1).has_value());
    }
    ASSERT_TRUE((*index)->commit(2).has_value());
    EXPECT_EQ((*index)->applied_seq(), 2);
  }
  const auto shards = shards_of_records();
  EXPECT_EQ(shards.size(), last.size());
  std::size_t in_first = 0;
  std::map<std::string, std::uint64_t> words;
  for (const auto& [id, word] : last) {
    const auto it = shards.find(id);
    ASSERT_NE(it, shards.end()) << id;
    ASSERT_EQ(it->second.size(), 1u) << id;
    if (it->second.front() == 0) ++in_first;
    ++words[word];
  }
  EXPECT_GT(in_first, 0u);
  EXPECT_LT(in_first, last.size());

  auto reader = open_xapian_index(dir_ / "index", false);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  EXPECT_EQ((*reader)->doc_count(), static_cast<std::int64_t>(last.size()));
  for (const auto& [word, count] : words) {
    SearchRequest request;
    request.limit = 0;
    request.query = word;
    auto found = (*reader)->search(request);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->total, count) << word;
  }
}

// A writer over an index that holds records finds each where its last commit
// has it: revisions and removals reach that shard, new records go where
// there is room, and nothing is in two shards.
TEST_F(ShardFeedTest, LaterWritersFindEachRecordsShard) {
  {
    auto index = open_xapian_index(dir_ / "index", true);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE((*index)->put(long_record("r" + std::to_string(i), "first")).has_value());
    ASSERT_TRUE((*index)->commit(1).has_value());
  }
  const auto before = shards_of_records();
  ASSERT_EQ(before.size(), 1000u);
  {
    auto index = open_xapian_index(dir_ / "index", true);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    for (int i = 0; i < 1000; ++i) {
      const std::string id = "r" + std::to_string(i);
      if (i % 3 == 0) {
        ASSERT_TRUE((*index)->remove(id).has_value());
      } else {
        ASSERT_TRUE((*index)->put(long_record(id, "second")).has_value());
      }
      ASSERT_TRUE((*index)->put(long_record("n" + std::to_string(i), "new")).has_value());
      // Removed and put again in the same session.
      if (i % 30 == 0) ASSERT_TRUE((*index)->put(long_record(id, "back")).has_value());
    }
    ASSERT_TRUE((*index)->commit(2).has_value());
  }
  const auto after = shards_of_records();
  std::size_t kept = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = "r" + std::to_string(i);
    const auto it = after.find(id);
    if (i % 3 == 0 && i % 30 != 0) {
      EXPECT_EQ(it, after.end()) << id;
    } else {
      ++kept;
      ASSERT_NE(it, after.end()) << id;
      ASSERT_EQ(it->second.size(), 1u) << id;
      // Revised in place.
      if (i % 3 != 0) EXPECT_EQ(it->second, before.at(id)) << id;
    }
    const auto added = after.find("n" + std::to_string(i));
    ASSERT_NE(added, after.end());
    ASSERT_EQ(added->second.size(), 1u);
  }
  EXPECT_EQ(after.size(), kept + 1000);

  auto reader = open_xapian_index(dir_ / "index", false);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  SearchRequest request;
  request.limit = 0;
  request.query = "first";
  EXPECT_EQ((*reader)->search(request)->total, 0u);
  request.query = "back";
  EXPECT_EQ((*reader)->search(request)->total, 34u);
  EXPECT_EQ((*reader)->doc_count(), static_cast<std::int64_t>(kept + 1000));
}

// A later writer removes records, waits until the removals are committed,
// and puts them again (new to the index then, so free to go to either
// shard), then removes or revises them once more: every change of a record
// reaches the one shard that holds it, and the records it never touched
// stay where they were.
TEST_F(ShardFeedTest, ChangesFollowARecordThatMoved) {
  {
    auto index = open_xapian_index(dir_ / "index", true);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    for (int i = 0; i < 400; ++i) ASSERT_TRUE((*index)->put(long_record("r" + std::to_string(i), "first")).has_value());
    ASSERT_TRUE((*index)->commit(1).has_value());
  }
  const auto before = shards_of_records();
  XapianIndexOptions options;
  options.flush = FlushPolicy{1, 1, 1};   // each change committed as it is made
  {
    auto index = open_xapian_index(dir_ / "index", true, options);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    for (int i = 0; i < 60; ++i) {
      const std::string id = "r" + std::to_string(i);
      ASSERT_TRUE((*index)->remove(id).has_value());
      (void)(*index)->doc_count();   // waits for the shards
      ASSERT_TRUE((*index)->put(long_record(id, "moved")).has_value());
      (void)(*index)->doc_count();
      if (i % 2 == 0) {
        ASSERT_TRUE((*index)->remove(id).has_value());
      } else {
        ASSERT_TRUE((*index)->put(long_record(id, "again")).has_value());
      }
      (void)(*index)->doc_count();
    }
    ASSERT_TRUE((*index)->commit(2).has_value());
  }
  const auto after = shards_of_records();
  for (int i = 0; i < 400; ++i) {
    const std::string id = "r" + std::to_string(i);
    const auto it = after.find(id);
    if (i < 60 && i % 2 == 0) {
      EXPECT_EQ(it, after.end()) << id;
      continue;
    }
    ASSERT_NE(it, after.end()) << id;
    EXPECT_EQ(it->second.size(), 1u) << id;
    if (i >= 60) EXPECT_EQ(it->second, before.at(id)) << id;
  }
  EXPECT_EQ(after.size(), 400u - 30u);
}

// A record whose shard cannot be found fails the changes with it: drain()
// says why, and nothing after it reaches a shard; the next changes go on.
TEST_F(ShardFeedTest, FailureToLocateIsReportedAndDropsWhatFollows) {
  std::filesystem::create_directories(dir_);
  std::vector<std::unique_ptr<ShardWriter>> writers;
  for (int i = 0; i < 2; ++i) {
    writers.push_back(std::make_unique<ShardWriter>(
        Xapian::WritableDatabase((dir_ / ("shard" + std::to_string(i))).string(), Xapian::DB_CREATE_OR_OPEN), i,
        NameHooks{}, FlushPolicy{}));
  }
  bool broken = true;
  ShardFeed feed({writers[0].get(), writers[1].get()}, [&](std::string_view id) -> std::optional<std::size_t> {
    if (broken && id == "bad") throw Xapian::DatabaseError("shard unreadable");
    return std::nullopt;
  });
  feed.put(long_record("good", "x"), {});
  feed.put(long_record("bad", "x"), {});
  feed.put(long_record("after", "x"), {});
  auto drained = feed.drain();
  ASSERT_FALSE(drained.has_value());
  EXPECT_NE(drained.error().message.find("shard unreadable"), std::string::npos) << drained.error().message;
  EXPECT_TRUE(feed.empty());
  broken = false;
  feed.put(long_record("again", "x"), {});
  feed.commit({});
  EXPECT_TRUE(feed.drain().has_value());
  for (auto& writer : writers) ASSERT_TRUE(writer->sync().has_value());
  std::set<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    Xapian::Database shard((dir_ / ("shard" + std::to_string(i))).string());
    for (auto it = shard.allterms_begin("Q"); it != shard.allterms_end("Q"); ++it) ids.insert((*it).substr(1));
  }
  EXPECT_EQ(ids, (std::set<std::string>{"good", "again"}));
}

}  // namespace
}  // namespace chancery::testing
