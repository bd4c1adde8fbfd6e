// Searches after records were removed: the gaps removals leave in a shard's
// docids, with a term in every remaining record (index_terms.h, kSentinelTerm).
#include <xapian.h>

#include "index/index_terms.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

class Removals : public IndexTest {
 protected:
  // `n` English records sharing their title and body words.
  void put_english(int n) {
    for (int i = 0; i < n; ++i) {
      Record r = make_record("r" + std::to_string(10000 + i), "Common title", "shared words here");
      r.languages = {"English"};
      ASSERT_TRUE(index_->put(r).has_value());
    }
    ASSERT_TRUE(index_->commit(1).has_value());
  }

  void expect_totals(std::int64_t expected) {
    for (const char* q : {"language:English", "common", "\"shared words\"", "common language:English", ""}) {
      SearchRequest request;
      request.query = q;
      auto found = index_->search(request);
      ASSERT_TRUE(found.has_value()) << q << ": " << found.error().message;
      EXPECT_EQ(found->total, expected) << q;
      EXPECT_EQ(found->hits.size(), 10u) << q;
    }
    EXPECT_EQ(index_->doc_count(), expected);
  }
};

// 1,500 records a shard: their document lengths take several chunks, and
// one removal is enough to make Xapian read them for `language:English`.
TEST_F(Removals, OneRecordRemoved) {
  put_english(3000);
  expect_totals(3000);
  ASSERT_TRUE(index_->remove("r10005").has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  expect_totals(2999);
}

TEST_F(Removals, RangeRemoved) {
  put_english(3000);
  for (int i = 5; i < 2000; ++i) ASSERT_TRUE(index_->remove("r" + std::to_string(10000 + i)).has_value());
  ASSERT_TRUE(index_->commit(2).has_value());
  expect_totals(1005);
  index_.reset();
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  SearchRequest request;
  request.query = "language:English";
  auto found = (*reader)->search(request);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(found->total, 1005);
  EXPECT_EQ((*reader)->doc_count(), 1005);
}

// Every record, and no more, for a query of every record: shards of 500
// documents or more hold a sentinel, which is no record. Reopened, the
// writer keeps one sentinel a shard.
TEST_F(Removals, EveryRecordLeavesTheSentinelsOut) {
  put_english(1200);
  for (int round = 0; round < 2; ++round) {
    SearchRequest request;
    request.query = "";
    auto found = index_->search(request);
    ASSERT_TRUE(found.has_value()) << found.error().message;
    EXPECT_EQ(found->total, 1200);
    EXPECT_EQ(index_->doc_count(), 1200);
    auto all = index_->all_ids();
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(all->size(), 1200u);
    index_.reset();
    for (const auto& shard : xapian_shard_paths(dir_)) {
      Xapian::Database db(shard.string());
      EXPECT_EQ(db.get_termfreq(std::string(index_terms::kSentinelTerm)), 1u) << shard;
    }
    auto writer = open_xapian_index(dir_, true);
    ASSERT_TRUE(writer.has_value());
    index_ = std::move(*writer);
  }
}

// A small shard has no sentinel: one document would weigh on its statistics.
TEST_F(Removals, SmallShardsHaveNoSentinel) {
  put_english(20);
  index_.reset();
  for (const auto& shard : xapian_shard_paths(dir_)) {
    EXPECT_FALSE(Xapian::Database(shard.string()).term_exists(std::string(index_terms::kSentinelTerm))) << shard;
  }
}

}  // namespace
}  // namespace chancery::testing
