// How coarse is word_key() on ordinary text? Over the distinct words of a FRUS
// volume, count the words that share their key with at least one other word.
// Prints the rate; fails only if it grows far past what was measured (12.5%
// on frus1955-57v25 when written), which would mean a rule has become too greedy.
#include "names/name_key.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <unordered_map>

namespace chancery::names {
namespace {
namespace fs = std::filesystem;

void collect_words(const pugi::xml_node& node, std::set<std::string>& words) {
  for (const pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      // Fold first, then split: curly quotes and dashes fold to ASCII
      // punctuation and must not glue words together.
      const std::string text = fold_ascii(child.value());
      std::string cur;
      auto flush = [&] {
        if (!cur.empty()) words.insert(cur), cur.clear();
      };
      for (char c : text) {
        if (c >= 'a' && c <= 'z') cur.push_back(c);
        else flush();
      }
      flush();
    } else if (child.type() == pugi::node_element) {
      collect_words(child, words);
    }
  }
}

TEST(WordKeyCollisions, FrusVolume) {
  const fs::path volume = fs::path(CHANCERY_CORPUS_DIR) / "frus" / "frus1955-57v25.xml";
  if (!fs::exists(volume))
    GTEST_SKIP() << "FRUS volume not found at " << volume << " (CHANCERY_CORPUS_DIR); the shared corpus is needed";
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(volume.c_str(), pugi::parse_default)) << volume;
  std::set<std::string> words;
  collect_words(doc, words);
  ASSERT_GT(words.size(), 5000u);

  std::unordered_map<std::string, std::size_t> per_key;
  for (const std::string& w : words) ++per_key[word_key_folded(w)];
  std::size_t sharing = 0;
  for (const std::string& w : words)
    if (per_key[word_key_folded(w)] > 1) ++sharing;
  const double rate = static_cast<double>(sharing) / static_cast<double>(words.size());
  std::cout << "word_key over " << volume.filename().string() << ": " << words.size() << " distinct words, "
            << per_key.size() << " keys, " << sharing << " words share a key (" << 100.0 * rate << "%)\n";
  RecordProperty("collision_rate_percent", std::to_string(100.0 * rate));
  EXPECT_LT(rate, 0.20);
}

}  // namespace
}  // namespace chancery::names
