// POCOM authority data: persons, name variants, life dates and missions.
#include "names/pocom.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace chancery::names {
namespace {
namespace fs = std::filesystem;

fs::path pocom_dir() { return fs::path(CHANCERY_CORPUS_DIR) / "pocom"; }

#define SKIP_WITHOUT_POCOM()                                                              \
  if (!fs::is_directory(pocom_dir() / "people"))                                          \
    GTEST_SKIP() << "POCOM corpus not found at " << pocom_dir()                            \
                 << " (CHANCERY_CORPUS_DIR); the shared corpus is needed for this test"

const PocomPerson* find(const std::vector<PocomPerson>& v, std::string_view id) {
  auto it = std::find_if(v.begin(), v.end(), [&](const PocomPerson& p) { return p.person.id == id; });
  return it == v.end() ? nullptr : &*it;
}

TEST(Pocom, ReadsAllPersons) {
  SKIP_WITHOUT_POCOM();
  auto persons = read_pocom(pocom_dir());
  ASSERT_TRUE(persons.has_value()) << persons.error().describe();
  EXPECT_EQ(persons->size(), 4261u);
  EXPECT_TRUE(std::is_sorted(persons->begin(), persons->end(),
                             [](const Person& a, const Person& b) { return a.id < b.id; }));
  for (const Person& p : *persons) {
    EXPECT_TRUE(p.id.starts_with("pocom/")) << p.id;
    EXPECT_FALSE(p.name.empty()) << p.id;
    EXPECT_EQ(p.source, "pocom");
  }
}

TEST(Pocom, NamesVariantsLifeAndRoles) {
  SKIP_WITHOUT_POCOM();
  auto persons = read_pocom_people(pocom_dir());
  ASSERT_TRUE(persons.has_value()) << persons.error().describe();
  const PocomPerson* bennett = find(*persons, "pocom/bennett-william-tapley");
  ASSERT_NE(bennett, nullptr);
  EXPECT_EQ(bennett->person.name, "Bennett, William Tapley, Jr.");
  EXPECT_EQ(bennett->birth_year, 1917);
  EXPECT_EQ(bennett->death_year, 1994);
  const auto& v = bennett->person.variants;
  EXPECT_NE(std::find(v.begin(), v.end(), "W. Tapley Bennett, Jr."), v.end());
  EXPECT_NE(std::find(v.begin(), v.end(), "William Tapley Bennett"), v.end());
  EXPECT_TRUE(bennett->person.description.starts_with("1917-1994")) << bennett->person.description;

  const PocomPerson* brentano = find(*persons, "pocom/brentano-theodore");
  ASSERT_NE(brentano, nullptr);
  auto hu = std::find_if(brentano->roles.begin(), brentano->roles.end(),
                         [](const MissionRole& r) { return r.id == "hu-1922-bren-01"; });
  ASSERT_NE(hu, brentano->roles.end());
  EXPECT_EQ(hu->territory, "hungary");
  EXPECT_EQ(hu->role, "envoy-extraordinary-minister-plenipotentiary");
  EXPECT_EQ(hu->started, (Date{1922, 5, 16, DatePrecision::kDay}));
  EXPECT_EQ(hu->ended, (Date{1927, 5, 6, DatePrecision::kDay}));
  EXPECT_EQ(hu->ended_note, "Presented recall on");
  EXPECT_NE(brentano->person.description.find("Hungary, 1922-1927"), std::string::npos)
      << brentano->person.description;
  // The place of a role in words, as the authority's roles show it ("(Hungary)", not "(hungary)").
  EXPECT_EQ(pocom_territory(*hu), "Hungary");
  MissionRole then;
  then.territory = "hungary";
  then.contemporary_territory = "austria-hungary";
  EXPECT_EQ(pocom_territory(then), "Austria Hungary");

  const PocomPerson* blaney = find(*persons, "pocom/blaney-john-william");
  ASSERT_NE(blaney, nullptr);
  EXPECT_EQ(blaney->death_year, 0);
  EXPECT_TRUE(blaney->person.description.starts_with("born 1948"));
}

TEST(Pocom, MissionsIncludeNominees) {
  SKIP_WITHOUT_POCOM();
  auto roles = read_pocom_missions(pocom_dir());
  ASSERT_TRUE(roles.has_value()) << roles.error().describe();
  EXPECT_GT(roles->size(), 5000u);
  EXPECT_TRUE(std::any_of(roles->begin(), roles->end(), [](const MissionRole& r) { return r.nominee_only; }));
}

class PocomFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chancery-pocom-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                        "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "people" / "n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }
  fs::path dir_;
};

TEST_F(PocomFixture, MalformedXmlIsInvalidInputWithLine) {
  write("people/n/nagy.xml", "<?xml version=\"1.0\"?>\n<person>\n<id>nagy</id>\n<persName><surname>Nagy</persName>\n</person>\n");
  auto r = read_pocom(dir_);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(r.error().file.find("nagy.xml"), std::string::npos);
  EXPECT_EQ(r.error().line, 4);
}

TEST_F(PocomFixture, ExternalEntitiesAreNotExpanded) {
  write("people/n/x.xml",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE person [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        "<person><id>x</id><persName><surname>X&xxe;</surname><forename>Y</forename></persName>"
        "<birth/><death/></person>\n");
  auto r = read_pocom(dir_);
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].name, "X&xxe;, Y");  // the reference is left as written
}

TEST_F(PocomFixture, MissingFolderIsNotFound) {
  auto r = read_pocom(dir_ / "nowhere");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace chancery::names
