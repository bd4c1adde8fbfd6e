// Filling an empty index without syncing (bulk_load.h): the marker is there
// while such a writer runs and gone once it has closed and synced; an index
// that holds documents is written with syncing, without the marker; a marker
// found by a writer means the load stopped before its sync, and the index is
// dropped for the archive to rebuild; a second writer is refused while one
// holds the index.
#include <filesystem>
#include <fstream>

#include "index/bulk_load.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

namespace fs = std::filesystem;

class BulkLoad : public IndexTest {
 protected:
  bool marked() const { return fs::exists(dir_ / kUnsyncedMarkerFile); }
};

TEST_F(BulkLoad, AnEmptyIndexIsLoadedUnderTheMarkerUntilItsWriterCloses) {
  // The fixture's writer opened a new index: filled from empty.
  EXPECT_TRUE(marked());
  ASSERT_TRUE(index_->put(make_record("1", "First", "harbour words")).has_value());
  ASSERT_TRUE(index_->commit(3).has_value());
  EXPECT_TRUE(marked()) << "the marker stays until the shards are closed and synced";
  index_.reset();
  EXPECT_FALSE(marked());
  EXPECT_TRUE(fs::exists(dir_ / kIndexWriterLockFile));

  // Opened again with a document in it: synced as it goes, no marker.
  auto writer = open_xapian_index(dir_, true);
  ASSERT_TRUE(writer.has_value()) << writer.error().message;
  EXPECT_FALSE(marked());
  EXPECT_EQ((*writer)->applied_seq(), 3);
  EXPECT_EQ((*writer)->doc_count(), 1);
  ASSERT_TRUE((*writer)->put(make_record("2", "Second", "more words")).has_value());
  ASSERT_TRUE((*writer)->commit(4).has_value());
  writer->reset();
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ((*reader)->doc_count(), 2);
  EXPECT_EQ((*reader)->applied_seq(), 4);
}

TEST_F(BulkLoad, AMarkerFoundByAWriterDropsTheIndexForARebuild) {
  ASSERT_TRUE(index_->put(make_record("1", "First", "harbour words")).has_value());
  ASSERT_TRUE(index_->commit(9).has_value());
  index_.reset();
  // As a load that stopped before its sync leaves it.
  std::ofstream(dir_ / kUnsyncedMarkerFile) << "interrupted\n";

  // A reader does not judge it (a writer may be running).
  auto reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ((*reader)->doc_count(), 1);
  reader->reset();

  auto writer = open_xapian_index(dir_, true);
  ASSERT_TRUE(writer.has_value()) << writer.error().message;
  EXPECT_EQ((*writer)->applied_seq(), 0) << "the archive replays the store from the start";
  EXPECT_EQ((*writer)->doc_count(), 0);
  EXPECT_TRUE(marked()) << "the rebuild is a load from empty";
  ASSERT_TRUE((*writer)->put(make_record("1", "First", "harbour words")).has_value());
  ASSERT_TRUE((*writer)->commit(9).has_value());
  writer->reset();
  EXPECT_FALSE(marked());
  reader = open_xapian_index(dir_, false);
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ((*reader)->doc_count(), 1);
  EXPECT_EQ((*reader)->applied_seq(), 9);
}

TEST_F(BulkLoad, ASecondWriterIsRefusedAndReadersAreNot) {
  auto second = open_xapian_index(dir_, true);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict) << second.error().message;
  EXPECT_TRUE(marked()) << "the refused writer left the running load alone";
  auto reader = open_xapian_index(dir_, false);
  EXPECT_TRUE(reader.has_value());
  index_.reset();
  auto next = open_xapian_index(dir_, true);
  EXPECT_TRUE(next.has_value()) << "free once the first writer closed";
}

}  // namespace
}  // namespace chancery::testing
