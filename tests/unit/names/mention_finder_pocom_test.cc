// MentionFinder built from the whole POCOM authority file, scanning FRUS text.
#include "names/mention_finder.h"
#include "names/pocom.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace chancery::names {
namespace {
namespace fs = std::filesystem;

class PocomFinder : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path dir = fs::path(CHANCERY_CORPUS_DIR) / "pocom";
    if (!fs::is_directory(dir / "people")) return;
    auto persons = read_pocom(dir);
    ASSERT_TRUE(persons.has_value()) << persons.error().describe();
    std::vector<NameVariant> variants;
    for (const Person& p : *persons)
      for (NameVariant& v : variants_of(p)) variants.push_back(std::move(v));
    finder_ = std::make_unique<MentionFinder>(variants);
  }
  static void TearDownTestSuite() { finder_.reset(); }
  void SetUp() override {
    if (!finder_) GTEST_SKIP() << "POCOM corpus not found under " << CHANCERY_CORPUS_DIR << " (CHANCERY_CORPUS_DIR)";
  }
  static std::unique_ptr<MentionFinder> finder_;
};
std::unique_ptr<MentionFinder> PocomFinder::finder_;

TEST_F(PocomFinder, ThreeBohlens) {
  const std::string text = "Ambassador Bohlen cabled. Later Charles E. Bohlen and Avis T. Bohlen met.";
  const auto m = finder_->find(text);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].ids, (std::vector<std::string>{"pocom/bohlen-avis-thayer", "pocom/bohlen-charles-eustis",
                                                 "pocom/bohlen-e-u-curtis"}));
  EXPECT_EQ(text.substr(m[1].begin, m[1].end - m[1].begin), "Charles E. Bohlen");
  EXPECT_EQ(m[1].ids, std::vector<std::string>{"pocom/bohlen-charles-eustis"});
  EXPECT_EQ(text.substr(m[2].begin, m[2].end - m[2].begin), "Avis T. Bohlen");
  EXPECT_EQ(m[2].ids, std::vector<std::string>{"pocom/bohlen-avis-thayer"});
}

TEST_F(PocomFinder, ScansAFrusVolume) {
  const fs::path volume = fs::path(CHANCERY_CORPUS_DIR) / "frus" / "frus1955-57v25.xml";
  if (!fs::exists(volume)) GTEST_SKIP() << "FRUS volume not found at " << volume;
  std::ifstream in(volume, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  const auto t0 = std::chrono::steady_clock::now();
  const auto mentions = finder_->find(text);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "MentionFinder: " << text.size() / 1e6 << " MB, " << mentions.size() << " mentions in " << secs
            << " s (" << text.size() / 1e6 / secs << " MB/s)\n";
  std::size_t bohlen = 0;
  for (const Mention& m : mentions) {
    ASSERT_LE(m.end, text.size());
    ASSERT_FALSE(m.ids.empty());
    if (std::find(m.ids.begin(), m.ids.end(), "pocom/bohlen-charles-eustis") != m.ids.end()) ++bohlen;
  }
  EXPECT_GT(bohlen, 10u);  // Bohlen was ambassador in Moscow throughout 1955-57
}

}  // namespace
}  // namespace chancery::names
