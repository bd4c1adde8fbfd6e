// The persons lists' entries as the query parser sees them before `names
// link`: which quoted names they list, and what a search for such a name finds
// in an archive with persons lists and no authorities.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "archive/listed_persons.h"
#include "archive/names_authority.h"
#include "archive/names_directory.h"
#include "model/record_json.h"
#include "store/sqlite_store.h"
#include "store_fixture.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;
using Words = std::vector<std::string>;

Person listed(std::string id, std::string name, std::vector<std::string> variants = {}) {
  Person p;
  p.id = std::move(id);
  p.name = std::move(name);
  p.variants = std::move(variants);
  p.source = p.id.substr(0, p.id.find('/'));
  return p;
}

TEST(ListedPersons, AListedNameInAnyReadingGivesItsFamilyNameAsWritten) {
  ListedPersons persons({listed("frus1958-60v10p2/p_NI1", "Nagy, Imre"),
                         listed("frus1958-60v10p2/p_GDG1", "Gheorghiu-Dej, Gheorghe"),
                         listed("frus1955-57v25/p_KNS1", "Khrushchev, Nikita Sergeyevich", {"N. S. Khrushchev"})});
  EXPECT_EQ(persons.family_name("Imre Nagy"), Words{"Nagy"});
  EXPECT_EQ(persons.family_name("Nagy Imre"), Words{"Nagy"});
  EXPECT_EQ(persons.family_name("I. Nagy"), Words{"Nagy"});
  EXPECT_EQ(persons.family_name("Gheorghe Gheorghiu-Dej"), (Words{"Gheorghiu", "Dej"}));
  EXPECT_EQ(persons.family_name("Nikita Khrushchev"), Words{"Khrushchev"});
  EXPECT_EQ(persons.spellings(), 4u);
}

TEST(ListedPersons, OtherNamesAndPhrasesAreNotListed) {
  ListedPersons persons({listed("frus1958-60v10p2/p_NI1", "Nagy, Imre"), listed("x/p_C1", "Call")});
  EXPECT_TRUE(persons.family_name("Ferenc Nagy").empty());      // another forename
  EXPECT_TRUE(persons.family_name("Nagy").empty());             // no forename: no more than the word
  EXPECT_TRUE(persons.family_name("Secure Phone Call").empty());  // "Call" is listed without forenames
  EXPECT_TRUE(persons.family_name("Budapest Radio").empty());
  EXPECT_TRUE(ListedPersons({}).family_name("Imre Nagy").empty());
}

class ListedPersonsInAnArchive : public testing::StoreInTempFolder {
 protected:
  void put_person(const Person& p) {
    EntityMeta meta{p.name, 0, 0, p.source, 1};
    ASSERT_TRUE(store_->put(EntityKind::kPerson, p.id, to_json(p).dump(), meta, "test").has_value());
  }

};

TEST_F(ListedPersonsInAnArchive, TheDirectorySeesPersonsListsImportedLater) {
  put_person(listed("frus1958-60v10p2/p_NI1", "Nagy, Imre"));
  NameDirectory directory(dir_ / "archive.db");
  std::shared_ptr<const ListedPersons> first = directory.listed_persons();
  EXPECT_EQ(first->family_name("Imre Nagy"), Words{"Nagy"});
  EXPECT_TRUE(first->family_name("Wladyslaw Gomulka").empty());
  EXPECT_EQ(directory.listed_persons(), first);  // nothing changed: the same list
  put_person(listed("frus1958-60v10p2/p_GW1", "Gomulka, Wladyslaw"));
  EXPECT_EQ(directory.listed_persons()->family_name("Wladyslaw Gomulka"), Words{"Gomulka"});
}

// A directory on a connection of its own (the server's) reads the names
// generation only after a commit: the same snapshot while nothing is
// committed, a new one as soon as authorities change, and not for commits
// that leave them as they were.
TEST_F(ListedPersonsInAnArchive, TheDirectorySeesNewAuthoritiesAtOnce) {
  auto put_authority = [&](const std::string& id, const std::string& name) {
    Authority a;
    a.id = id;
    a.name = name;
    a.kind = "person";
    EntityMeta meta;
    meta.title = name;
    ASSERT_TRUE(store_->put(EntityKind::kAuthority, id, to_json(a).dump(), meta, "test").has_value());
    ASSERT_TRUE(bump_names_generation(*store_).has_value());
  };
  put_authority("person/nagy-imre", "Nagy, Imre");
  NameDirectory directory(dir_ / "archive.db");
  std::shared_ptr<const NameSnapshot> first = directory.snapshot();
  EXPECT_EQ(first->person_ids("Nagy").size(), 1u);
  EXPECT_EQ(directory.snapshot(), first);
  put_person(listed("frus1958-60v10p2/p_GW1", "Gomulka, Wladyslaw"));   // a commit, no names changed
  EXPECT_EQ(directory.snapshot(), first);
  put_authority("person/gomulka-wladyslaw", "Gomulka, Wladyslaw");
  std::shared_ptr<const NameSnapshot> second = directory.snapshot();
  EXPECT_NE(second, first);
  EXPECT_EQ(second->person_ids("Gomulka").size(), 1u);
  EXPECT_EQ(directory.snapshot(), second);
}

TEST_F(ListedPersonsInAnArchive, PinnedListsChangeOnlyAtRefresh) {
  put_person(listed("frus1958-60v10p2/p_NI1", "Nagy, Imre"));
  NameDirectory directory(dir_ / "archive.db");
  std::shared_ptr<const ListedPersons> first = directory.pinned_listed_persons();
  EXPECT_EQ(first->family_name("Imre Nagy"), Words{"Nagy"});
  put_person(listed("frus1958-60v10p2/p_GW1", "Gomulka, Wladyslaw"));
  EXPECT_EQ(directory.pinned_listed_persons(), first);   // no store read between refreshes
  EXPECT_EQ(directory.listed_persons()->family_name("Wladyslaw Gomulka"), Words{"Gomulka"});   // the checking path
  directory.refresh();
  EXPECT_EQ(directory.pinned_listed_persons()->family_name("Wladyslaw Gomulka"), Words{"Gomulka"});
  // Not asked for during a refresh interval: dropped, and loaded afresh when asked.
  directory.refresh();
  put_person(listed("frus1958-60v10p2/p_KJ1", "Kadar, Janos"));
  directory.refresh();
  EXPECT_EQ(directory.pinned_listed_persons()->family_name("Janos Kadar"), Words{"Kadar"});
}

TEST_F(ListedPersonsInAnArchive, AReadingIndexTakesInNewListsWhenItRefreshes) {
  Record phrase;
  phrase.id = "frus1958-60v10p2/d12";
  phrase.body.push_back(Block{BlockKind::kParagraph, "Talks with Wladyslaw Gomulka in Warsaw.", {}, {}});
  Record alone;
  alone.id = "frus1958-60v10p2/d40";
  alone.body.push_back(Block{BlockKind::kParagraph, "Gomulka spoke for an hour.", {}, {}});
  {
    auto writer = open_index_with_names(dir_ / "index", /*writable=*/true, dir_ / "archive.db");
    ASSERT_TRUE(writer.has_value()) << writer.error().message;
    for (const Record& r : {phrase, alone}) ASSERT_TRUE((*writer)->put(r).has_value());
    ASSERT_TRUE((*writer)->commit(1).has_value());
  }
  auto reader = open_index_with_names(dir_ / "index", /*writable=*/false, dir_ / "archive.db");
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  auto found = [&] {
    SearchRequest request;
    request.query = "\"Wladyslaw Gomulka\"";
    auto results = (*reader)->search(request);
    EXPECT_TRUE(results.has_value());
    std::vector<std::string> out;
    if (results) {
      for (const Hit& hit : results->hits) out.push_back(hit.id);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(found(), Words{"frus1958-60v10p2/d12"});
  put_person(listed("frus1958-60v10p2/p_GW1", "Gomulka, Wladyslaw"));
  EXPECT_EQ(found(), Words{"frus1958-60v10p2/d12"});   // as of the reader's last refresh
  ASSERT_TRUE((*reader)->refresh().has_value());
  EXPECT_EQ(found(), (Words{"frus1958-60v10p2/d12", "frus1958-60v10p2/d40"}));
}

TEST_F(ListedPersonsInAnArchive, AQuotedListedNameFindsTheFamilyNameAloneBeforeNamesLink) {
  put_person(listed("frus1958-60v10p2/p_NI1", "Nagy, Imre"));
  Record phrase;
  phrase.id = "frus1955-57v25/d98";
  phrase.body.push_back(Block{BlockKind::kParagraph, "Moderating talk by Imre Nagy, coldly received.", {}, {}});
  Record alone;
  alone.id = "frus1955-57v25/d153";
  alone.body.push_back(Block{BlockKind::kParagraph, "A rumor that Nagy had been removed from office.", {}, {}});
  Record secure;
  secure.id = "117079";
  secure.title = "Notes of a Secure Phone Call";
  auto index = open_index_with_names(dir_ / "index", /*writable=*/true, dir_ / "archive.db");
  ASSERT_TRUE(index.has_value()) << index.error().message;
  for (const Record& r : {phrase, alone, secure}) ASSERT_TRUE((*index)->put(r).has_value());
  ASSERT_TRUE((*index)->commit(1).has_value());
  auto ordered = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    auto found = (*index)->search(request);
    EXPECT_TRUE(found.has_value()) << query;
    std::vector<std::string> out;
    if (found) {
      for (const Hit& hit : found->hits) out.push_back(hit.id);
    }
    return out;
  };
  EXPECT_EQ(ordered("\"Imre Nagy\""), (Words{"frus1955-57v25/d98", "frus1955-57v25/d153"}));
  EXPECT_EQ(ordered("\"imre nagy\""), Words{"frus1955-57v25/d98"});
  EXPECT_EQ(ordered("\"Secure Phone Call\""), Words{"117079"});
}

}  // namespace
}  // namespace chancery
