// A document's place in its collection (breadcrumbs, previous and next), read
// through the site's collection cache: the same answers as without the cache,
// and a change to the store shows on the next read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "archive/archive.h"
#include "web/archive_queries.h"
#include "web/collection_cache.h"
#include "web/site.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

std::string volume(const std::string& second_title) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v98">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Foreign Relations of the United States, 1999, Place Tests, Volume XCVIII</title>
    <title type="volume">Place Tests</title>
  </titleStmt></fileDesc></teiHeader>
  <text><body>
    <div type="chapter" xml:id="ch1"><head>Chapter One</head>
      <div type="document" xml:id="d1" n="1"><head>1. First Telegram</head><p>One.</p></div>
      <div type="document" xml:id="d2" n="2"><head>2. )" + second_title + R"(</head><p>Two.</p></div>
      <div type="document" xml:id="d3" n="3"><head>3. Third Memorandum</head><p>Three.</p></div>
    </div>
  </body></text>
</TEI>
)";
}

class CollectionPlaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir("collection-place-test");
    archive_ = testing::create_archive(dir_ / "archive");
    ASSERT_NE(archive_, nullptr);
    import(volume("Second Letter"));
    site_ = testing::test_site();
    ASSERT_NE(site_, nullptr);
    site_->versions = testing::store_versions(dir_ / "archive");
    ASSERT_NE(site_->versions, nullptr);
    site_->collections = std::make_shared<CollectionCache>();
  }

  void TearDown() override {
    site_.reset();
    archive_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void import(const std::string& text) {
    std::filesystem::path file = dir_ / "frus1999v98.xml";
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    FileImportReport report = archive_->import_file(file);
    ASSERT_NE(report.status, ImportStatus::kFailed) << (report.error ? report.error->describe() : "");
  }

  // The place of record `id`, as a document page asks for it.
  CollectionPlace place_of(const std::string& id) {
    auto record = archive_->record(id);
    EXPECT_TRUE(record.has_value()) << id;
    if (!record || record->collections.empty()) return {};
    return collection_place(*site_, *archive_, record->collections.back(), id);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Archive> archive_;
  std::unique_ptr<Site> site_;
};

TEST_F(CollectionPlaceTest, PreviousAndNextFollowThePublishedOrder) {
  for (int round = 0; round < 2; ++round) {   // the second round from the cache
    CollectionPlace middle = place_of("frus1999v98/d2");
    ASSERT_EQ(middle.trail.size(), 2u);
    EXPECT_EQ(middle.trail[0].first, "frus1999v98");
    EXPECT_EQ(middle.trail[1].second, "Chapter One");
    ASSERT_TRUE(middle.previous.has_value());
    EXPECT_EQ(middle.previous->id, "frus1999v98/d1");
    EXPECT_EQ(middle.previous->title, "1. First Telegram");
    ASSERT_TRUE(middle.next.has_value());
    EXPECT_EQ(middle.next->id, "frus1999v98/d3");

    CollectionPlace first = place_of("frus1999v98/d1");
    EXPECT_FALSE(first.previous.has_value());
    ASSERT_TRUE(first.next.has_value());
    EXPECT_EQ(first.next->title, "2. Second Letter");

    CollectionPlace last = place_of("frus1999v98/d3");
    ASSERT_TRUE(last.previous.has_value());
    EXPECT_EQ(last.previous->id, "frus1999v98/d2");
    EXPECT_FALSE(last.next.has_value());
  }
}

TEST_F(CollectionPlaceTest, TheSameWithoutTheCache) {
  const CollectionPlace cached = place_of("frus1999v98/d2");
  site_->collections.reset();
  const CollectionPlace direct = place_of("frus1999v98/d2");
  EXPECT_EQ(direct.trail, cached.trail);
  ASSERT_TRUE(direct.previous && direct.next && cached.previous && cached.next);
  EXPECT_EQ(direct.previous->title, cached.previous->title);
  EXPECT_EQ(direct.next->title, cached.next->title);
  EXPECT_EQ(direct.next->date, cached.next->date);
}

// A collection listing too many records to keep is looked through instead.
TEST_F(CollectionPlaceTest, TheSameWithACacheTooSmallToKeepTheRecords) {
  const CollectionPlace cached = place_of("frus1999v98/d2");
  site_->collections = std::make_shared<CollectionCache>(4096);
  const CollectionPlace small = place_of("frus1999v98/d2");
  EXPECT_EQ(small.trail, cached.trail);
  ASSERT_TRUE(small.previous && small.next);
  EXPECT_EQ(small.previous->id, "frus1999v98/d1");
  EXPECT_EQ(small.next->title, cached.next->title);
}

TEST_F(CollectionPlaceTest, AChangedNeighbourShowsOnTheNextRead) {
  CollectionPlace before = place_of("frus1999v98/d1");
  ASSERT_TRUE(before.next.has_value());
  EXPECT_EQ(before.next->title, "2. Second Letter");
  import(volume("Second Letter, Corrected"));
  CollectionPlace after = place_of("frus1999v98/d1");
  ASSERT_TRUE(after.next.has_value());
  EXPECT_EQ(after.next->title, "2. Second Letter, Corrected");
}

TEST_F(CollectionPlaceTest, ARecordTheCollectionDoesNotListHasNoNeighbours) {
  auto record = archive_->record("frus1999v98/d2");
  ASSERT_TRUE(record.has_value());
  CollectionPlace place = collection_place(*site_, *archive_, record->collections.back(), "frus1999v98/d9");
  EXPECT_FALSE(place.previous.has_value());
  EXPECT_FALSE(place.next.has_value());
  EXPECT_EQ(place.trail.size(), 2u);
}

TEST_F(CollectionPlaceTest, ACollectionListsItsRecordsWithAndWithoutTheCache) {
  auto record = archive_->record("frus1999v98/d2");
  ASSERT_TRUE(record.has_value());
  auto chapter = archive_->collection(record->collections.back());
  ASSERT_TRUE(chapter.has_value());
  auto titles = [&] {
    std::vector<std::string> out;
    for (const RecordLink& link : collection_records(*site_, *archive_, *chapter).links) out.push_back(link.title);
    return out;
  };
  const std::vector<std::string> expected = {"1. First Telegram", "2. Second Letter", "3. Third Memorandum"};
  EXPECT_EQ(titles(), expected);
  EXPECT_EQ(titles(), expected);   // from the cache
  import(volume("Second Letter, Corrected"));
  EXPECT_EQ(titles()[1], "2. Second Letter, Corrected");
  site_->collections.reset();
  EXPECT_EQ(titles()[1], "2. Second Letter, Corrected");
}

TEST_F(CollectionPlaceTest, APageOfACollectionsRecords) {
  auto record = archive_->record("frus1999v98/d2");
  ASSERT_TRUE(record.has_value());
  auto chapter = archive_->collection(record->collections.back());
  ASSERT_TRUE(chapter.has_value());
  RecordLinksPage middle = collection_records(*site_, *archive_, *chapter, 1, 1);
  EXPECT_EQ(middle.total, 3u);
  ASSERT_EQ(middle.links.size(), 1u);
  EXPECT_EQ(middle.links[0].title, "2. Second Letter");
  RecordLinksPage tail = collection_records(*site_, *archive_, *chapter, 2, 10);
  ASSERT_EQ(tail.links.size(), 1u);
  EXPECT_EQ(tail.links[0].title, "3. Third Memorandum");
  RecordLinksPage past = collection_records(*site_, *archive_, *chapter, 5, 10);
  EXPECT_EQ(past.total, 3u);
  EXPECT_TRUE(past.links.empty());
}

TEST(CollectionRecords, FindGivesTheFirstPlaceOfAnId) {
  CollectionRecords records({"a", "b", "a", "c"});
  EXPECT_EQ(records.find("a"), std::optional<std::size_t>(0));
  EXPECT_EQ(records.find("c"), std::optional<std::size_t>(3));
  EXPECT_FALSE(records.find("d").has_value());
}

}  // namespace
}  // namespace chancery::web
