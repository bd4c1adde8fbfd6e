#include "util/fingerprint_set.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_set>

namespace chancery {
namespace {

TEST(FingerprintSet, InsertReportsFirstSightings) {
  FingerprintSet set(100);
  EXPECT_FALSE(set.contains("soviet"));
  EXPECT_TRUE(set.insert("soviet"));
  EXPECT_FALSE(set.insert("soviet"));
  EXPECT_TRUE(set.contains("soviet"));
  EXPECT_TRUE(set.insert("soviets"));
  EXPECT_TRUE(set.insert(""));
  EXPECT_FALSE(set.insert(""));
  EXPECT_EQ(set.size(), 3u);
}

TEST(FingerprintSet, SaltsKeepEntriesApart) {
  FingerprintSet set(100);
  EXPECT_TRUE(set.insert("angle", 1));
  EXPECT_FALSE(set.contains("angle", 2));
  EXPECT_TRUE(set.insert("angle", 2));
  EXPECT_FALSE(set.insert("angle", 1));
  EXPECT_EQ(set.size(), 2u);
}

// Against std::unordered_set over many random words, through the table's
// growth: every answer the same.
TEST(FingerprintSet, AgreesWithAnExactSetWhileGrowing) {
  FingerprintSet set(1 << 20);
  std::unordered_set<std::string> exact;
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> len(0, 12);
  std::uniform_int_distribution<int> letter('a', 'f');
  for (int i = 0; i < 200000; ++i) {
    std::string word(len(rng), ' ');
    for (char& c : word) c = static_cast<char>(letter(rng));
    ASSERT_EQ(set.insert(word), exact.insert(word).second) << word;
  }
  EXPECT_EQ(set.size(), exact.size());
  for (const std::string& word : exact) ASSERT_TRUE(set.contains(word)) << word;
  EXPECT_FALSE(set.contains("not-a-generated-word"));
}

TEST(FingerprintSet, StartsAgainAtItsBound) {
  FingerprintSet set(3);
  EXPECT_TRUE(set.insert("a"));
  EXPECT_TRUE(set.insert("b"));
  EXPECT_TRUE(set.insert("c"));
  EXPECT_EQ(set.size(), 3u);
  EXPECT_TRUE(set.insert("d"));   // full: emptied, then "d"
  EXPECT_EQ(set.size(), 1u);
  EXPECT_FALSE(set.contains("a"));
  EXPECT_TRUE(set.insert("a"));
  set.clear();
  EXPECT_EQ(set.size(), 0u);
  EXPECT_FALSE(set.contains("d"));
}

}  // namespace
}  // namespace chancery
