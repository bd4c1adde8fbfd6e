// Counting matches apart from ranking: exact within the budget, a marked
// estimate from a sample beyond it; hits and their order do not change.
#include <gtest/gtest.h>

#include <xapian.h>

#include <algorithm>
#include <random>
#include <set>

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
  if (!phrase->total_exact) {
    EXPECT_FALSE(phrase->facets_exact);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// A random query of terms joined by boolean operators (and now and then a
// phrase or MatchAll, which are matched, not read), over `terms`.
Xapian::Query random_query(std::mt19937& rng, const std::vector<std::string>& terms, int depth) {
  const unsigned pick = rng() % 12;
  if (depth == 0 || pick < 3) {
    if (rng() % 25 == 0) return Xapian::Query::MatchNothing;
    return Xapian::Query(terms[rng() % terms.size()]);
  }
  if (pick == 3 && rng() % 4 == 0) return Xapian::Query(Xapian::Query::OP_PHRASE, Xapian::Query(terms[rng() % terms.size()]),
                                                       Xapian::Query(terms[rng() % terms.size()]));
  if (pick == 4 && rng() % 4 == 0) return Xapian::Query(Xapian::Query::OP_AND, Xapian::Query::MatchAll, random_query(rng, terms, depth - 1));
  if (pick == 5) return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, random_query(rng, terms, depth - 1), 2.5);
  static const Xapian::Query::op kOps[] = {Xapian::Query::OP_AND, Xapian::Query::OP_OR, Xapian::Query::OP_AND_NOT,
                                           Xapian::Query::OP_XOR, Xapian::Query::OP_AND_MAYBE, Xapian::Query::OP_FILTER,
                                           Xapian::Query::OP_SYNONYM, Xapian::Query::OP_MAX};
  const Xapian::Query::op op = kOps[rng() % std::size(kOps)];
  std::vector<Xapian::Query> parts;
  const int n = 2 + static_cast<int>(rng() % 3);
  for (int i = 0; i < n; ++i) parts.push_back(random_query(rng, terms, depth - 1));
  return Xapian::Query(op, parts.begin(), parts.end());
}

TEST(MatchCounting, ReadingPostingsCountsWhatMatchingCounts) {
  // Two shards of documents with random words (some deleted, so docids have gaps).
  std::mt19937 rng(5);
  const std::vector<std::string> terms = {"a", "b", "c", "d", "e", "f", "g", "h", "rare", "never"};
  std::vector<Xapian::WritableDatabase> writers;
  std::vector<Xapian::Database> shards;
  for (int s = 0; s < 2; ++s) {
    writers.emplace_back(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int d = 0; d < 300 + s * 77; ++d) {
      Xapian::Document doc;
      Xapian::termpos pos = 0;
      for (int w = 0; w < 6; ++w) doc.add_posting(terms[rng() % 8], ++pos);
      if (rng() % 40 == 0) doc.add_posting("rare", ++pos);
      writers.back().add_document(doc);
    }
    for (Xapian::docid did = 5; did < 300; did += 37) writers.back().delete_document(did);
    writers.back().commit();
    shards.push_back(writers.back());
  }
  CountBudget matching;
  matching.postings = 0;
  CountBudget truth_budget = matching;   // every candidate matched, positions checked
  truth_budget.positional = 1u << 30;
  truth_budget.other = 1u << 30;
  truth_budget.phrase_candidates = 1u << 30;
  CountBudget reading;
  reading.postings_per_candidate = 1000;   // read whenever the query allows it
  CountBudget small_sample = reading;      // phrases estimated from few candidates
  small_sample.phrase_candidates = 120;
  int read = 0;
  int phrases = 0;
  int estimated = 0;
  double estimate_error = 0;   // summed over the estimated phrases
  double estimated_total = 0;
  for (int i = 0; i < 400; ++i) {
    const Xapian::Query query = random_query(rng, terms, 3);
    const MatchCount truth = count_matches(shards, query, 677, truth_budget, nullptr);
    ASSERT_TRUE(truth.exact);
    const MatchCount counted = count_matches(shards, query, 677, reading, nullptr);
    if (!checks_positions(query)) {
      // 677 candidates at most: every match is counted, matched or read.
      EXPECT_EQ(count_matches(shards, query, 677, matching, nullptr).total, truth.total) << query.get_description();
      EXPECT_EQ(counted.total, truth.total) << query.get_description();
      EXPECT_TRUE(counted.exact) << query.get_description();
      ++read;
      continue;
    }
    ++phrases;
    // A phrase: exact from its candidates within the budget, else an
    // estimate from a sample of them, marked as one.
    if (counted.exact) {
      EXPECT_EQ(counted.total, truth.total) << query.get_description();
    }
    const MatchCount rough = count_matches(shards, query, 677, small_sample, nullptr);
    if (rough.exact) {
      EXPECT_EQ(rough.total, truth.total) << query.get_description();
    } else {
      // About 120 candidates sampled, a third to a half of them matching:
      // one standard deviation is about 10% of the total.
      ++estimated;
      EXPECT_NEAR(static_cast<double>(rough.total), static_cast<double>(truth.total),
                  8.0 + 0.4 * static_cast<double>(truth.total))
          << query.get_description();
      estimate_error += std::abs(static_cast<double>(rough.total - truth.total));
      estimated_total += static_cast<double>(truth.total);
    }
  }
  EXPECT_GT(read, 200);
  EXPECT_GT(phrases, 10);
  EXPECT_GT(estimated, 3);
  EXPECT_LT(estimate_error, 0.15 * estimated_total);
}

// Every match of a query is a match of its phrase superset.
TEST(MatchCounting, APhraseSupersetHoldsEveryMatch) {
  std::mt19937 rng(11);
  const std::vector<std::string> terms = {"a", "b", "c", "d", "e", "f"};
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int d = 0; d < 400; ++d) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    for (int w = 0; w < 8; ++w) doc.add_posting(terms[rng() % terms.size()], ++pos);
    db.add_document(doc);
  }
  db.commit();
  auto matches = [&](const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::set<Xapian::docid> out;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) out.insert(*it);
    return out;
  };
  auto phrase = [&] {
    const std::vector<Xapian::Query> words = {Xapian::Query(terms[rng() % terms.size()]),
                                              Xapian::Query(terms[rng() % terms.size()]),
                                              Xapian::Query(terms[rng() % terms.size()])};
    return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), words.size());
  };
  int narrower = 0;
  for (int i = 0; i < 200; ++i) {
    Xapian::Query query = phrase();
    switch (i % 5) {
      case 1:   // as the parser writes a phrase of common words
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(terms[rng() % terms.size()]));
        break;
      case 2:
        query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(terms[rng() % terms.size()]), query);
        break;
      case 3:
        query = Xapian::Query(Xapian::Query::OP_OR, query, Xapian::Query(Xapian::Query::OP_AND_NOT, phrase(), phrase()));
        break;
      case 4:
        query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(Xapian::Query::OP_AND, query, phrase()),
                              Xapian::Query("f"));
        break;
      default:
        break;
    }
    const std::optional<Xapian::Query> superset = phrase_superset(query);
    ASSERT_TRUE(superset.has_value()) << query.get_description();
    EXPECT_FALSE(checks_positions(*superset)) << superset->get_description();
    const std::set<Xapian::docid> all = matches(*superset);
    const std::set<Xapian::docid> matched = matches(query);
    EXPECT_TRUE(std::includes(all.begin(), all.end(), matched.begin(), matched.end())) << query.get_description();
    if (matched.size() < all.size()) ++narrower;
  }
  EXPECT_GT(narrower, 100);
  EXPECT_FALSE(phrase_superset(Xapian::Query("a")).has_value());
  EXPECT_FALSE(phrase_superset(Xapian::Query(Xapian::Query::OP_XOR, phrase(), Xapian::Query("a"))).has_value());
}

// A phrase that few of its candidates hold: the sample grows until it holds
// enough matches, within the budget of position checks.
TEST(MatchCounting, ARarePhraseOfCommonWordsGetsALargerSample) {
  std::vector<Xapian::WritableDatabase> writers;
  std::vector<Xapian::Database> shards;
  int holding = 0;
  for (int s = 0; s < 2; ++s) {
    writers.emplace_back(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int d = 0; d < 1500; ++d) {
      // Every record has both words; one in 50 has them side by side.
      const bool together = (d * 7 + s) % 50 == 0;
      holding += together ? 1 : 0;
      Xapian::Document doc;
      doc.add_posting("alpha", 1);
      doc.add_posting("filler", 2);
      doc.add_posting(together ? "beta" : "gamma", 2 + (together ? 0 : 1));
      if (together) doc.add_posting("gamma", 4);
      if (!together) doc.add_posting("beta", 5);
      writers.back().add_document(doc);
    }
    writers.back().commit();
    shards.push_back(writers.back());
  }
  const std::vector<Xapian::Query> words = {Xapian::Query("alpha"), Xapian::Query("beta")};
  const Xapian::Query phrase(Xapian::Query::OP_NEAR, words.begin(), words.end(), 2);
  const CountBudget budget;   // 100 candidates, grown to at most 600 for 40 matches
  const MatchCount count = count_matches(shards, phrase, 3000, budget, nullptr);
  EXPECT_FALSE(count.exact);
  // 3,000 candidates: one in 30 would be about 100, one in 5 about 600.
  EXPECT_EQ(count.sample_every, 5u);
  EXPECT_NEAR(static_cast<double>(count.total), holding, holding * 0.5);
}

// A phrase in many records: counted from its candidates (the records with its
// word pairs), exact within the budget and a close estimate beyond it.
TEST(MatchCounting, APhraseBeyondTheBudgetIsEstimatedFromItsCandidates) {
  std::random_device random;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("chancery-phrase-count-" + std::to_string(random()) + std::to_string(random()));
  {
    auto opened = open_xapian_index(dir, true);
    ASSERT_TRUE(opened.has_value());
    for (int i = 0; i < 3000; ++i) {
      // 3 in 4 hold the phrase; the others its words and pairs, apart.
      const std::string text = i % 4 != 0 ? "The Secretary of State spoke of peace."
                                          : "The Secretary of Defense spoke of State affairs and of state power.";
      const Record r = make_record("r" + std::to_string(i), "Record " + std::to_string(i), text,
                                   std::to_string(1950 + i % 3) + "-01-01");
      ASSERT_TRUE((*opened)->put(r).has_value());
    }
    ASSERT_TRUE((*opened)->commit(1).has_value());
  }
  auto reader = open_xapian_index(dir, false);
  ASSERT_TRUE(reader.has_value());
  SearchRequest request;
  request.query = "\"Secretary of State\"";
  auto results = (*reader)->search(request);
  ASSERT_TRUE(results.has_value());
  EXPECT_FALSE(results->total_exact);
  EXPECT_FALSE(results->facets_exact);
  EXPECT_NEAR(static_cast<double>(results->total), 2250.0, 2250.0 * 0.1);
  // The facets are the candidates' scaled to the total: 1,000 candidates a
  // year, 750 of them matching.
  ASSERT_EQ(results->facets["year"].size(), 3u);
  std::int64_t sum = 0;
  for (const FacetValue& v : results->facets["year"]) {
    EXPECT_NEAR(static_cast<double>(v.count), 750.0, 75.0) << v.value;
    sum += v.count;
  }
  EXPECT_NEAR(static_cast<double>(sum), static_cast<double>(results->total), 3.0);

  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST_F(IndexTest, FacetCountsAreTheSameWhetherPostingsAreReadOrMatched) {
  put_all(treaty_records());
  XapianIndexOptions matching;
  matching.count_postings = 0;
  auto matched = open_xapian_index(dir_, false, matching);
  auto read = open_xapian_index(dir_, false);
  ASSERT_TRUE(matched.has_value());
  ASSERT_TRUE(read.has_value());
  for (const std::string query : {"treaty", "treaty OR ratified", "treaty -ratified", "ratified stands", "record",
                                  "\"ratified treaty\"", "treaty year:1956"}) {
    SearchRequest request;
    request.query = query;
    auto a = (*matched)->search(request);
    auto b = (*read)->search(request);
    ASSERT_TRUE(a.has_value()) << query;
    ASSERT_TRUE(b.has_value()) << query;
    EXPECT_EQ(b->total, a->total) << query;
    EXPECT_EQ(b->total_exact, a->total_exact) << query;
    expect_same_facets(*a, *b, query);
  }
}

}  // namespace
}  // namespace chancery::testing
