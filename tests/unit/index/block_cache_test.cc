// The index block cache (block_cache.h) under real glass databases: searches
// read their blocks from it, results are the same as without it, a reader
// that reopens after commits sees the new revision (not the blocks an earlier
// opening read), and a writer's descriptors are never cached.
#include <gtest/gtest.h>
#include <unistd.h>

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>
#include <string>
#include <vector>

#include "index/block_cache.h"

namespace chancery {
namespace {

class BlockCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!block_cache::available()) GTEST_SKIP() << "no block cache in sanitizer builds";
    dir_ = std::filesystem::temp_directory_path() /
           ("chancery-block-cache-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    block_cache::set_capacity(8 << 20);
  }
  void TearDown() override {
    block_cache::set_capacity(0);
    std::filesystem::remove_all(dir_);
  }

  // Documents 1..n: words shared by many ("common"), a few ("groupK") and
  // one ("uniqueI"), and "revR" for the revision that last wrote them.
  static Xapian::Document document(int i, int revision) {
    Xapian::Document doc;
    doc.add_posting("common", 1);
    doc.add_posting("group" + std::to_string(i % 17), 2);
    doc.add_posting("unique" + std::to_string(i), 3);
    doc.add_posting("rev" + std::to_string(revision), 4);
    for (int w = 0; w < 40; ++w) doc.add_posting("filler" + std::to_string((i * 7 + w) % 500), 5 + w);
    doc.set_data(std::string(200, static_cast<char>('a' + revision)));
    return doc;
  }

  static std::vector<Xapian::docid> matches(const Xapian::Database& db, const std::string& term) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    // (Not BoolWeight: Xapian 1.4.22 misreads a posting list with it after
    // a commit that deleted some of its documents, cache or not.)
    std::vector<Xapian::docid> out;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount() + 1);
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::filesystem::path dir_;
};

TEST_F(BlockCacheTest, SearchesReadTheirBlocksFromTheCacheAndFindTheSame) {
  {
    Xapian::WritableDatabase writer(dir_.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    for (int i = 1; i <= 3000; ++i) writer.add_document(document(i, 1));
    writer.commit();
  }
  block_cache::set_capacity(0);
  std::vector<Xapian::docid> uncached;
  {
    Xapian::Database db(dir_.string());
    uncached = matches(db, "group5");
  }
  ASSERT_EQ(uncached.size(), 3000u / 17 + 1);

  block_cache::set_capacity(8 << 20);
  Xapian::Database db(dir_.string());
  const block_cache::Stats before = block_cache::stats();
  EXPECT_EQ(matches(db, "group5"), uncached);
  for (int g = 0; g < 17; ++g) matches(db, "group" + std::to_string(g));
  for (int i = 1; i <= 3000; i += 97) EXPECT_EQ(db.get_document(static_cast<Xapian::docid>(i)).get_data(), std::string(200, 'b'));
  const block_cache::Stats first = block_cache::stats();
  EXPECT_GT(first.misses, before.misses);
  // The same reads again: every block comes from the cache.
  EXPECT_EQ(matches(db, "group5"), uncached);
  for (int g = 0; g < 17; ++g) matches(db, "group" + std::to_string(g));
  for (int i = 1; i <= 3000; i += 97) EXPECT_EQ(db.get_document(static_cast<Xapian::docid>(i)).get_data(), std::string(200, 'b'));
  const block_cache::Stats second = block_cache::stats();
  EXPECT_GT(second.hits, first.hits);
  EXPECT_EQ(second.misses, first.misses) << "the second pass reads nothing new";
  EXPECT_GT(second.entries, 0u);
  EXPECT_LE(second.bytes, std::uint64_t{8} << 20);
}

// Each thread answers the blocks it read last from slots of its own; another
// thread's reads and a change of capacity (which empties every thread's
// slots) give the same documents.
TEST_F(BlockCacheTest, EachThreadRereadsItsLastBlocksFromItsOwnSlots) {
  {
    Xapian::WritableDatabase writer(dir_.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    for (int i = 1; i <= 3000; ++i) writer.add_document(document(i, 1));
    writer.commit();
  }
  // Settled (block_cache.cc), so that every opening shares the blocks.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  block_cache::set_capacity(0);
  std::vector<Xapian::docid> uncached;
  {
    Xapian::Database db(dir_.string());
    uncached = matches(db, "group5");
  }
  block_cache::set_capacity(8 << 20);
  Xapian::Database db(dir_.string());
  EXPECT_EQ(matches(db, "group5"), uncached);
  const block_cache::Stats first = block_cache::stats();
  EXPECT_EQ(matches(db, "group5"), uncached);
  const block_cache::Stats second = block_cache::stats();
  EXPECT_GT(second.near_hits, first.near_hits) << "the same search again reads its blocks from the thread's slots";
  EXPECT_EQ(second.misses, first.misses);
  EXPECT_EQ(second.hits - first.hits, second.near_hits - first.near_hits)
      << "every block of the repeated search was in the thread's slots";

  // Another thread: its own slots are empty, the shared cache has the blocks.
  block_cache::Stats other_before = block_cache::stats();
  std::vector<Xapian::docid> other_found;
  std::thread other([&] {
    Xapian::Database other_db(dir_.string());
    other_found = matches(other_db, "group5");
  });
  other.join();
  EXPECT_EQ(other_found, uncached);
  const block_cache::Stats other_after = block_cache::stats();
  EXPECT_GT(other_after.hits - other_after.near_hits, other_before.hits - other_before.near_hits)
      << "a new thread finds the blocks in the shared cache";
  EXPECT_EQ(other_after.misses, other_before.misses);

  // A new capacity empties the threads' slots: nothing is answered from them.
  block_cache::set_capacity(4 << 20);
  Xapian::Database again(dir_.string());
  const block_cache::Stats before_again = block_cache::stats();
  EXPECT_EQ(matches(again, "group5"), uncached);
  const block_cache::Stats after_again = block_cache::stats();
  EXPECT_EQ(after_again.near_hits, before_again.near_hits);
  EXPECT_GT(after_again.hits, before_again.hits) << "the shared cache keeps its blocks";
}

TEST_F(BlockCacheTest, AReopenedReaderSeesTheNewRevisionAndTheWriterIsNotCached) {
  Xapian::WritableDatabase writer(dir_.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  for (int i = 1; i <= 2000; ++i) writer.add_document(document(i, 1));
  writer.commit();

  Xapian::Database reader(dir_.string());
  ASSERT_EQ(matches(reader, "rev1").size(), 2000u);
  ASSERT_EQ(matches(reader, "common").size(), 2000u);

  // Three revisions that rewrite every document: the blocks the reader read
  // are freed and reused, at the same offsets of the same files.
  const block_cache::Stats before_writes = block_cache::stats();
  auto rewrite_all = [&](int revision, bool delete_some) {
    for (Xapian::docid did = 1; did <= 2000; ++did) {
      if (delete_some && did % 5 == 0) {
        writer.delete_document(did);
      } else {
        writer.replace_document(did, document(static_cast<int>(did), revision));
      }
    }
    writer.commit();
  };
  for (int revision = 2; revision <= 4; ++revision) rewrite_all(revision, false);
  const block_cache::Stats after_writes = block_cache::stats();
  EXPECT_EQ(after_writes.misses, before_writes.misses) << "the writer's reads went through the cache";
  EXPECT_EQ(after_writes.hits, before_writes.hits);

  reader.reopen();
  EXPECT_TRUE(matches(reader, "rev1").empty());
  EXPECT_EQ(matches(reader, "rev4").size(), 2000u);
  EXPECT_EQ(matches(reader, "common").size(), 2000u);
  EXPECT_EQ(reader.get_document(7).get_data(), std::string(200, 'e'));

  // Deletions, then a reader opened afresh after the old one closed: it gets
  // the old descriptors' numbers, never their blocks.
  rewrite_all(5, true);
  reader.reopen();
  EXPECT_EQ(reader.get_doccount(), 1600u);
  EXPECT_EQ(matches(reader, "rev5").size(), 1600u);
  reader.close();
  Xapian::Database fresh(dir_.string());
  EXPECT_EQ(fresh.get_doccount(), 1600u);
  EXPECT_TRUE(matches(fresh, "rev4").empty());
  EXPECT_EQ(matches(fresh, "rev5").size(), 1600u);
  EXPECT_EQ(fresh.get_document(7).get_data(), std::string(200, 'f'));
  std::vector<Xapian::docid> group;
  for (Xapian::docid did = 1; did <= 2000; ++did) {
    if (did % 17 == 3 && did % 5 != 0) group.push_back(did);
  }
  EXPECT_EQ(matches(fresh, "group3"), group);
}

TEST_F(BlockCacheTest, OpeningsOfASettledFileShareTheirBlocksUntilItChanges) {
  Xapian::WritableDatabase writer(dir_.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  for (int i = 1; i <= 3000; ++i) writer.add_document(document(i, 1));
  writer.commit();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));   // settled (block_cache.cc)

  auto read_all = [&](const Xapian::Database& db) {
    for (int g = 0; g < 17; ++g) EXPECT_EQ(matches(db, "group" + std::to_string(g)).size(), 3000u / 17 + (g >= 1 && g <= 3000 % 17 ? 1 : 0));
  };
  Xapian::Database first(dir_.string());
  read_all(first);
  const block_cache::Stats after_first = block_cache::stats();
  Xapian::Database second(dir_.string());
  read_all(second);
  EXPECT_EQ(block_cache::stats().misses, after_first.misses) << "the second opening found every block cached";

  // Three commits: the blocks the first two openings read are reused.
  for (int revision = 2; revision <= 4; ++revision) {
    for (Xapian::docid did = 1; did <= 3000; ++did) writer.replace_document(did, document(static_cast<int>(did), revision));
    writer.commit();
  }
  Xapian::Database changed(dir_.string());   // just written: blocks of its own
  EXPECT_EQ(matches(changed, "rev4").size(), 3000u);
  EXPECT_TRUE(matches(changed, "rev1").empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Xapian::Database settled(dir_.string());   // settled again, at its new version
  EXPECT_EQ(matches(settled, "rev4").size(), 3000u);
  EXPECT_TRUE(matches(settled, "rev1").empty());
  read_all(settled);
}

}  // namespace
}  // namespace chancery
