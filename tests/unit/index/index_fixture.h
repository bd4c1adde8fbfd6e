// Shared set-up for the index tests: a fresh index in a temporary folder and
// records built in code.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "index/xapian_index.h"
#include "model/date.h"
#include "model/record.h"

namespace chancery::testing {

inline Record make_record(std::string id, std::string title, std::string body, std::string date = "") {
  Record r;
  r.id = std::move(id);
  r.title = std::move(title);
  if (!body.empty()) r.body.push_back(Block{BlockKind::kParagraph, std::move(body), {}, {}});
  if (!date.empty()) {
    std::optional<DateSpan> span = parse_date(date);
    EXPECT_TRUE(span.has_value()) << date;
    if (span) r.date = *span;
  }
  return r;
}

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("chancery-index-test-" + std::to_string(random()) + std::to_string(random()));
    auto opened = open_xapian_index(dir_, true);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    index_ = std::move(*opened);
  }
  void TearDown() override {
    index_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void put_all(const std::vector<Record>& records) {
    for (const Record& r : records) ASSERT_TRUE(index_->put(r).has_value()) << r.id;
    ASSERT_TRUE(index_->commit(1).has_value());
  }

  SearchResults search(const std::string& query, SearchRequest request = {}) {
    request.query = query;
    auto results = index_->search(request);
    EXPECT_TRUE(results.has_value()) << query << ": " << (results ? "" : results.error().message);
    return results ? *results : SearchResults{};
  }

  // Ids of the hits, sorted (for order-independent checks).
  std::vector<std::string> ids(const std::string& query, SearchRequest request = {}) {
    std::vector<std::string> out;
    for (const Hit& hit : search(query, request).hits) out.push_back(hit.id);
    std::sort(out.begin(), out.end());
    return out;
  }

  // Ids of the hits in result order.
  std::vector<std::string> ordered_ids(const std::string& query, SearchRequest request = {}) {
    std::vector<std::string> out;
    for (const Hit& hit : search(query, request).hits) out.push_back(hit.id);
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<SearchIndex> index_;
};

using Ids = std::vector<std::string>;

// Both searches have the same facets: the same values with the same counts,
// in the same order.
inline void expect_same_facets(const SearchResults& a, const SearchResults& b, const std::string& what) {
  ASSERT_EQ(a.facets.size(), b.facets.size()) << what;
  for (const auto& [name, values] : a.facets) {
    const auto it = b.facets.find(name);
    ASSERT_NE(it, b.facets.end()) << what << " facet " << name;
    ASSERT_EQ(values.size(), it->second.size()) << what << " facet " << name;
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(values[i].value, it->second[i].value) << what << " facet " << name;
      EXPECT_EQ(values[i].count, it->second[i].count) << what << " facet " << name;
    }
  }
}

}  // namespace chancery::testing
