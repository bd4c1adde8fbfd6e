// A hit's document data (encode_stored_hit): read back exactly, with the
// record's collection; data written before the collection was kept still
// reads, without it; anything else is refused.
#include <gtest/gtest.h>

#include "index/document_builder.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

TEST(StoredHit, RoundTripsWithItsCollection) {
  for (const std::optional<std::string>& collection :
       {std::optional<std::string>("frus1961-63v05/comp1"), std::optional<std::string>(""),
        std::optional<std::string>(std::nullopt)}) {
    const StoredHit hit{"frus1961-63v05/d131", "131. Review: 3:4", "1961-11-17", "", collection};
    auto back = decode_stored_hit(encode_stored_hit(hit));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->id, hit.id);
    EXPECT_EQ(back->title, hit.title);
    EXPECT_EQ(back->date, hit.date);
    EXPECT_EQ(back->collection, collection);
  }
}

TEST(StoredHit, DataOfOlderIndexesReadsWithoutACollection) {
  auto old = decode_stored_hit("2:r17:A title4:19560:");
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->title, "A title");
  EXPECT_EQ(old->collection, std::nullopt);
  EXPECT_FALSE(decode_stored_hit("2:r17:A title4:19560:3:v1"));        // a fifth field cut short
  EXPECT_FALSE(decode_stored_hit("2:r17:A title4:19560:2:v1x"));       // bytes after the fifth
  EXPECT_FALSE(decode_stored_hit("2:r17:A title4:19560:2:v12:v2"));    // a sixth
  EXPECT_FALSE(decode_stored_hit("2:r17:A title4:19"));                 // fewer than four
}

// The index keeps each record's innermost collection, and search hits carry it.
class HitCollections : public IndexTest {};

TEST_F(HitCollections, SearchHitsCarryTheirCollection) {
  Record in_chapter = make_record("v1/d1", "Lighthouse telegram", "lighthouses everywhere");
  in_chapter.collections = {"v1", "v1/ch2"};
  Record loose = make_record("loose", "Lighthouse note", "one lighthouse");
  ASSERT_TRUE(index_->put(in_chapter).has_value());
  ASSERT_TRUE(index_->put(loose).has_value());
  ASSERT_TRUE(index_->commit(1).has_value());
  SearchRequest request;
  request.query = "lighthouse";
  auto found = index_->search(request);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  ASSERT_EQ(found->hits.size(), 2u);
  for (const Hit& hit : found->hits) {
    EXPECT_EQ(hit.collection, std::optional<std::string>(hit.id == "loose" ? "" : "v1/ch2")) << hit.id;
  }
}

}  // namespace
}  // namespace chancery::testing
