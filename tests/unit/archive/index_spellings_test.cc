// Other spellings of names that the volumes' printed indexes give
// (archive/index_spellings.h): which pairs they are, and a search for one
// spelling finding the other, said as an other spelling, in an archive
// whose printed index has them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "archive/index_spellings.h"
#include "archive/names_directory.h"
#include "model/record_json.h"
#include "store/sqlite_store.h"
#include "store_fixture.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;
using Words = std::vector<std::string>;

IndexEntry entry(std::string text, std::string heading, std::vector<std::pair<std::string, bool>> references = {}) {
  IndexEntry e;
  e.text = std::move(text);
  e.heading = std::move(heading);
  for (const auto& [target, also] : references) {
    const std::size_t at = e.text.rfind(target);
    e.references.push_back({at, at + target.size(), also});
  }
  return e;
}

CollectionAbout printed_index() {
  CollectionAbout about;
  about.id = "frus1949v07p1";
  about.index = {
      entry("Soekarno. see Sukarno.", "Soekarno", {{"Sukarno", false}}),
      entry("Supomo (Soepomo), 12", "Supomo (Soepomo)"),
      entry("Caramanlis. See Karamanlis.", "Caramanlis", {{"Karamanlis", false}}),
      entry("Aksal (Turkey), 3", "Aksal (Turkey)"),                       // a qualifier
      entry("Petroleum. See Oil.", "Petroleum", {{"Oil", false}}),          // another word
      entry("Formosa. See Taiwan.", "Formosa", {{"Taiwan", false}}),        // another name
      entry("Air strikes (RVN), 4", "Air strikes (RVN)"),
      entry("Indonesia:", "Indonesia"),
  };
  about.index.back().entries.push_back(entry("Soemitro. see Sumitro.", "Soemitro", {{"Sumitro", false}}));
  about.index.push_back(entry("Rumania (see also Romania), 5", "Rumania", {{"Romania", true}}));   // "see also": another subject
  return about;
}

TEST(IndexSpellings, NamesSpelledAlikeBothWays) {
  IndexSpellings spellings({printed_index()});
  EXPECT_EQ(spellings.of("Soekarno"), Words{"Sukarno"});
  EXPECT_EQ(spellings.of("sukarno"), Words{"Soekarno"});
  EXPECT_EQ(spellings.of("SOEPOMO"), Words{"Supomo"});
  EXPECT_EQ(spellings.of("Karamanlis"), Words{"Caramanlis"});
  EXPECT_EQ(spellings.of("Sumitro"), Words{"Soemitro"});   // a sub-entry's
  for (const char* none : {"Aksal", "Turkey", "Petroleum", "Oil", "Formosa", "Taiwan", "RVN", "Rumania", "Hatta", ""}) {
    EXPECT_TRUE(spellings.of(none).empty()) << none;
  }
  EXPECT_EQ(spellings.size(), 8u);
  EXPECT_TRUE(IndexSpellings().of("Soekarno").empty());
}

class IndexSpellingsInAnArchive : public testing::StoreInTempFolder {
 protected:
  void put_about(const CollectionAbout& about) {
    EntityMeta meta{about.id, 0, 0, about.id, 1};
    ASSERT_TRUE(store_->put(EntityKind::kAbout, about.id, to_json(about).dump(), meta, "test").has_value());
  }

};

TEST_F(IndexSpellingsInAnArchive, ASearchForOneSpellingFindsTheOtherAndSaysSo) {
  Record old_spelling;
  old_spelling.id = "frus1949v07p1/d10";
  old_spelling.body.push_back(Block{BlockKind::kParagraph, "Invitation to Soekarno for meeting.", {}, {}});
  Record new_spelling;
  new_spelling.id = "frus1964-68v02/d20";
  new_spelling.body.push_back(Block{BlockKind::kParagraph, "Sukarno spoke for an hour.", {}, {}});
  auto index = open_index_with_names(dir_ / "index", /*writable=*/true, dir_ / "archive.db");
  ASSERT_TRUE(index.has_value()) << index.error().message;
  for (const Record& r : {old_spelling, new_spelling}) ASSERT_TRUE((*index)->put(r).has_value());
  ASSERT_TRUE((*index)->commit(1).has_value());
  auto search = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    auto found = (*index)->search(request);
    EXPECT_TRUE(found.has_value()) << query;
    std::pair<Words, Words> out;
    if (found) {
      for (const Hit& hit : found->hits) out.first.push_back(hit.id);
      out.second = found->other_spellings;
    }
    std::sort(out.first.begin(), out.first.end());
    return out;
  };
  EXPECT_EQ(search("Soekarno").first, Words{"frus1949v07p1/d10"});   // no printed index yet
  put_about(printed_index());
  auto found = search("Soekarno");
  EXPECT_EQ(found.first, (Words{"frus1949v07p1/d10", "frus1964-68v02/d20"}));
  EXPECT_EQ(found.second, Words{"Sukarno"});
  EXPECT_EQ(search("Sukarno").first, (Words{"frus1949v07p1/d10", "frus1964-68v02/d20"}));
  EXPECT_EQ(search("Turkey").second, Words{});
}

}  // namespace
}  // namespace chancery
