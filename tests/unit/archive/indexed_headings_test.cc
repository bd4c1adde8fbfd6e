// What the volumes' printed indexes list under a heading (archive/
// indexed_headings.h), and the query field indexed: that searches it, in an
// archive whose store holds a printed index.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "archive/index_spellings.h"
#include "archive/indexed_headings.h"
#include "archive/names_directory.h"
#include "model/record_json.h"
#include "store_fixture.h"

namespace chancery {
namespace {

using Ids = std::vector<std::string>;

IndexEntry listing(std::string heading, Ids records) {
  IndexEntry e;
  e.text = heading + ", 1";
  e.heading = std::move(heading);
  if (!records.empty()) e.locators.push_back(IndexLocator{e.text.size() - 1, e.text.size(), std::move(records)});
  return e;
}

CollectionAbout volume() {
  CollectionAbout about;
  about.id = "vol";
  IndexEntry hungary = listing("Hungary", {"vol/d1"});
  hungary.entries.push_back(listing("revolution in", {"vol/d2", "vol/d3"}));
  hungary.entries.push_back(listing("Soviet intervention", {"vol/d3", "vol/d4"}));
  about.index = {listing("Nagy, Imre", {"vol/d2", "vol/d5"}), hungary, listing("Mălnăşan, Aurel", {"vol/d6"}),
                 listing("Rapacki, Adam", {"vol/d8"}),
                 listing("Oil. See Petroleum.", {})};
  return about;
}

Ids sorted(Ids ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(IndexedHeadings, TheRecordsUnderHeadingsHoldingEveryWord) {
  const IndexedHeadings headings({volume()});
  EXPECT_EQ(headings.size(), 6u);   // "Oil. See Petroleum." lists no record
  EXPECT_EQ(sorted(headings.records("Nagy", 100)), (Ids{"vol/d2", "vol/d5"}));
  EXPECT_EQ(sorted(headings.records("imre NAGY", 100)), (Ids{"vol/d2", "vol/d5"}));
  // An entry's sub-entries are read under it: "Hungary" lists all four.
  EXPECT_EQ(sorted(headings.records("Hungary", 100)), (Ids{"vol/d1", "vol/d2", "vol/d3", "vol/d4"}));
  EXPECT_EQ(sorted(headings.records("Hungary revolution", 100)), (Ids{"vol/d2", "vol/d3"}));
  EXPECT_EQ(sorted(headings.records("revolution", 100)), (Ids{"vol/d2", "vol/d3"}));
  EXPECT_EQ(sorted(headings.records("soviet hungary", 100)), (Ids{"vol/d3", "vol/d4"}));
  EXPECT_EQ(headings.records("Malnasan", 100), Ids{"vol/d6"});   // accents aside
  // Every word: no heading holds both.
  EXPECT_TRUE(headings.records("Nagy revolution", 100).empty());
  // Words compare by their stems, as in a search of the text...
  EXPECT_EQ(sorted(headings.records("revolutions", 100)), (Ids{"vol/d2", "vol/d3"}));
  EXPECT_EQ(sorted(headings.records("soviets interventions", 100)), (Ids{"vol/d3", "vol/d4"}));
  EXPECT_EQ(sorted(headings.records("Hungary revolutions", 100)), (Ids{"vol/d2", "vol/d3"}));
  EXPECT_TRUE(headings.records("revolutionary", 100).empty());   // another stem
  // ...but for words written as names are, which are matched as written.
  EXPECT_EQ(headings.records("Adam", 100), Ids{"vol/d8"});
  EXPECT_TRUE(headings.records("Adams", 100).empty());
  EXPECT_EQ(headings.records("adams", 100), Ids{"vol/d8"});
  EXPECT_TRUE(headings.records("Revolutions", 100).empty());
  EXPECT_TRUE(headings.records("Petroleum", 100).empty());
  EXPECT_TRUE(headings.records("", 100).empty());
  EXPECT_TRUE(headings.records("  ,; ", 100).empty());
  EXPECT_EQ(headings.records("Hungary", 2).size(), 2u);
  EXPECT_TRUE(headings.records("Hungary", 0).empty());
  EXPECT_TRUE(IndexedHeadings().records("Hungary", 100).empty());
}

class IndexedSearch : public testing::StoreInTempFolder {};

TEST_F(IndexedSearch, IndexedFindsWhatTheEditorsListedWhateverTheTextSays) {
  const CollectionAbout about = volume();
  EntityMeta meta{about.id, 0, 0, about.id, 1};
  ASSERT_TRUE(store_->put(EntityKind::kAbout, about.id, to_json(about).dump(), meta, "test").has_value());
  auto index = open_index_with_names(dir_ / "index", /*writable=*/true, dir_ / "archive.db");
  ASSERT_TRUE(index.has_value()) << index.error().message;
  const std::vector<std::pair<std::string, std::string>> texts{
      {"vol/d1", "The Legation reports on Budapest."},
      {"vol/d2", "The Hungarian Premier spoke on the radio."},
      {"vol/d3", "Soviet troops entered the city."},
      {"vol/d4", "Moscow's statement on the events."},
      {"vol/d5", "Nagy was named Premier."},
      {"vol/d6", "A letter from the Rumanian Minister."},
      {"vol/d7", "Nothing indexed here about Nagy or Hungary."}};
  for (const auto& [id, text] : texts) {
    Record r;
    r.id = id;
    r.body.push_back(Block{BlockKind::kParagraph, text, {}, {}});
    ASSERT_TRUE((*index)->put(r).has_value()) << id;
  }
  ASSERT_TRUE((*index)->commit(1).has_value());
  auto search = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    auto found = (*index)->search(request);
    EXPECT_TRUE(found.has_value()) << query << ": " << (found ? "" : found.error().message);
    Ids out;
    if (found) {
      for (const Hit& hit : found->hits) out.push_back(hit.id);
      EXPECT_EQ(found->total, out.size()) << query;
    }
    return sorted(out);
  };
  // d2 writes neither "Nagy" nor "Hungary"; d7 writes both but is indexed under neither.
  EXPECT_EQ(search("indexed:Nagy"), (Ids{"vol/d2", "vol/d5"}));
  EXPECT_EQ(search("indexed:\"Nagy, Imre\""), (Ids{"vol/d2", "vol/d5"}));
  EXPECT_EQ(search("indexed:Hungary"), (Ids{"vol/d1", "vol/d2", "vol/d3", "vol/d4"}));
  EXPECT_EQ(search("indexed:\"Hungary revolution\""), (Ids{"vol/d2", "vol/d3"}));
  EXPECT_EQ(search("indexed:revolutions"), (Ids{"vol/d2", "vol/d3"}));   // by stem
  EXPECT_EQ(search("Nagy"), (Ids{"vol/d5", "vol/d7"}));
  // With words, other fields and NOT, as any field.
  EXPECT_EQ(search("indexed:Hungary Soviet"), Ids{"vol/d3"});
  EXPECT_EQ(search("indexed:Hungary NOT indexed:Nagy"), (Ids{"vol/d1", "vol/d3", "vol/d4"}));
  EXPECT_EQ(search("indexed:Nagy OR indexed:Malnasan"), (Ids{"vol/d2", "vol/d5", "vol/d6"}));
  EXPECT_EQ(search("indexed:Petroleum"), Ids{});
  EXPECT_EQ(search("indexed:nowhere"), Ids{});
}

TEST_F(IndexedSearch, DirectoriesOverOneStoreShareTheHeadingsTheyMade) {
  const CollectionAbout about = volume();
  EntityMeta meta{about.id, 0, 0, about.id, 1};
  ASSERT_TRUE(store_->put(EntityKind::kAbout, about.id, to_json(about).dump(), meta, "test").has_value());
  // As the server's workers do: a directory each, over the same store.
  NameDirectory first(dir_ / "archive.db");
  NameDirectory second(dir_ / "archive.db");
  std::shared_ptr<const IndexSpellings> made = first.index_spellings();
  EXPECT_EQ(sorted(made->headings().records("Nagy", 100)), (Ids{"vol/d2", "vol/d5"}));
  EXPECT_EQ(second.index_spellings(), made);   // the same tables, not a second copy
  // A changed index: each directory sees it, and they share the new tables.
  CollectionAbout changed = about;
  changed.index.push_back(listing("Kadar, Janos", {"vol/d9"}));
  EntityMeta again{about.id, 0, 0, about.id, 2};
  ASSERT_TRUE(store_->put(EntityKind::kAbout, about.id, to_json(changed).dump(), again, "test").has_value());
  std::shared_ptr<const IndexSpellings> now = second.index_spellings();
  EXPECT_NE(now, made);
  EXPECT_EQ(now->headings().records("Kadar", 100), Ids{"vol/d9"});
  EXPECT_EQ(first.index_spellings(), now);
  // A directory over a store of its own shares nothing.
  NameDirectory apart(*store_);
  EXPECT_NE(apart.index_spellings(), now);
  EXPECT_EQ(apart.index_spellings()->headings().records("Kadar", 100), Ids{"vol/d9"});
}

}  // namespace
}  // namespace chancery
