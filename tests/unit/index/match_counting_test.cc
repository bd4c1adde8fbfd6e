// Counting matches apart from ranking: exact within the budget, a marked
// estimate from a sample beyond it; hits and their order do not change.
#include <gtest/gtest.h>

#include <xapian.h>

#include <random>

#include "index/match_counting.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

TEST(SampledDocuments, TakesAboutOneInEveryAndIsStable) {
  int taken = 0;
  for (Xapian::docid did = 1; did <= 100000; ++did) taken += SampledDocuments::selected(did, 10) ? 1 : 0;
  EXPECT_GT(taken, 9000);
  EXPECT_LT(taken, 11000);
  for (Xapian::docid did = 1; did <= 1000; ++did) {
    EXPECT_TRUE(SampledDocuments::selected(did, 1));
    EXPECT_EQ(SampledDocuments::selected(did, 7), SampledDocuments::selected(did, 7));
  }
}

TEST(SampledDocuments, WalksTheSampleInDocidOrder) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 500; ++i) db.add_document(Xapian::Document());
  SampledDocuments sample(5);
  sample.init(db);
  sample.next(0);
  Xapian::docid previous = 0;
  int seen = 0;
  while (!sample.at_end()) {
    EXPECT_GT(sample.get_docid(), previous);
    EXPECT_TRUE(SampledDocuments::selected(sample.get_docid(), 5));
    previous = sample.get_docid();
    ++seen;
    sample.next(0);
  }
  EXPECT_GT(seen, 0);
  sample.init(db);
  sample.skip_to(250, 0);
  ASSERT_FALSE(sample.at_end());
  EXPECT_GE(sample.get_docid(), 250u);
}

TEST(ChecksPositions, FindsPhrasesAtAnyDepth) {
  Xapian::Query phrase(Xapian::Query::OP_PHRASE, Xapian::Query("a"), Xapian::Query("b"));
  EXPECT_TRUE(checks_positions(phrase));
  EXPECT_TRUE(checks_positions(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("c"), phrase)));
  EXPECT_FALSE(checks_positions(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("c"), Xapian::Query("d"))));
}

// 60 records: every one says "treaty", the even ones also "ratified treaty".
std::vector<Record> treaty_records() {
  std::vector<Record> records;
  for (int i = 0; i < 60; ++i) {
    const std::string year = i % 3 == 0 ? "1956" : "1957";
    records.push_back(make_record("r" + std::to_string(i), "Record " + std::to_string(i),
                                  i % 2 == 0 ? "The ratified treaty stands." : "The treaty was not ratified.",
                                  year + "-01-01"));
  }
  return records;
}

TEST_F(IndexTest, CountsAreExactWithinTheBudget) {
  put_all(treaty_records());
  SearchResults all = search("treaty");
  EXPECT_EQ(all.total, 60);
  EXPECT_TRUE(all.total_exact);
  EXPECT_TRUE(all.facets_exact);
  ASSERT_EQ(all.facets["year"].size(), 2u);
  EXPECT_EQ(all.facets["year"][0].value, "1957");
  EXPECT_EQ(all.facets["year"][0].count, 40);
  EXPECT_EQ(all.facets["year"][1].count, 20);

  SearchResults phrase = search("\"ratified treaty\"");
  EXPECT_EQ(phrase.total, 30);
  EXPECT_TRUE(phrase.total_exact);
  EXPECT_TRUE(phrase.facets_exact);
  std::int64_t counted = 0;
  for (const FacetValue& v : phrase.facets["year"]) counted += v.count;
  EXPECT_EQ(counted, 30);
}

TEST(MatchCounting, BeyondTheBudgetCountsAreMarkedEstimates) {
  std::random_device random;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("chancery-count-test-" + std::to_string(random()) + std::to_string(random()));
  std::vector<std::string> exact_order;
  {
    auto opened = open_xapian_index(dir, true);
    ASSERT_TRUE(opened.has_value());
    for (const Record& r : treaty_records()) ASSERT_TRUE((*opened)->put(r).has_value());
    ASSERT_TRUE((*opened)->commit(1).has_value());
  }
  {
    auto reader = open_xapian_index(dir, false);
    ASSERT_TRUE(reader.has_value());
    SearchRequest request;
    request.query = "treaty";
    request.limit = 20;
    auto results = (*reader)->search(request);
    ASSERT_TRUE(results.has_value());
    for (const Hit& hit : results->hits) exact_order.push_back(hit.id);
  }
  XapianIndexOptions options;
  options.facet_sample_limit = 8;  // 60 candidates: one document in 8 is counted
  auto reader = open_xapian_index(dir, false, options);
  ASSERT_TRUE(reader.has_value());
  SearchRequest request;
  request.query = "treaty";
  request.limit = 20;
  auto results = (*reader)->search(request);
  ASSERT_TRUE(results.has_value());
  // The total of a plain word is known from the ranking; the facets are estimates.
  EXPECT_EQ(results->total, 60);
  EXPECT_FALSE(results->facets_exact);
  // Ranking is untouched by counting.
  std::vector<std::string> order;
  for (const Hit& hit : results->hits) order.push_back(hit.id);
  EXPECT_EQ(order, exact_order);

  request.query = "\"ratified treaty\"";
  auto phrase = (*reader)->search(request);
  ASSERT_TRUE(phrase.has_value());
  EXPECT_EQ(phrase->hits.size(), 20u);
  EXPECT_GE(phrase->total, 20);       // never fewer than the hits found
  EXPECT_LE(phrase->total, 60);       // never more than the candidates
  if (!phrase->total_exact) EXPECT_FALSE(phrase->facets_exact);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace chancery::testing
