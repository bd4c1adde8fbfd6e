// Ranking a weightless query shard by shard (rank_weightless, shard_ranking.h)
// gives the hits an MSet over the whole database gives, in its order, within
// bounds that hold the true count; and searches of the index that take that
// path find what the slots and terms say.
#include <xapian.h>

#include <map>
#include <random>

#include "index/shard_ranking.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

class WeightlessRanking : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937 random(12042026);
    for (int s = 0; s < 3; ++s) shards_.emplace_back(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 3000; ++i) {
      Xapian::Document doc;
      doc.add_boolean_term("K" + std::to_string(random() % 7));
      if (random() % 3 == 0) doc.add_boolean_term("Lrare");
      doc.add_posting("word", 1);
      doc.add_value(0, Xapian::sortable_serialise(static_cast<double>(random() % 100)));
      // Uneven shards, as hashing ids makes them.
      shards_[random() % 5 == 0 ? 2 : random() % 2].add_document(doc);
    }
    for (auto& shard : shards_) {
      shard.commit();
      readers_.push_back(shard);
      whole_.add_database(shard);
    }
  }

  std::vector<Xapian::WritableDatabase> shards_;
  std::vector<Xapian::Database> readers_;
  Xapian::Database whole_;
};

TEST_F(WeightlessRanking, SameHitsAsTheWholeDatabase) {
  auto unweighted = [](const Xapian::Query& q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); };
  const std::vector<Xapian::Query> queries = {
      Xapian::Query("K3"),
      unweighted(Xapian::Query("word")),
      Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("K1"), Xapian::Query("K5")),
      Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("K2"), Xapian::Query("Lrare")),
      Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query("K4"), Xapian::Query("Lrare")),
      Xapian::Query(Xapian::Query::OP_VALUE_LE, 0, Xapian::sortable_serialise(12.0)),
      Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("Lrare"),
                    Xapian::Query(Xapian::Query::OP_VALUE_GE, 0, Xapian::sortable_serialise(97.0))),
      Xapian::Query("nothing"),
  };
  for (const Xapian::Query& query : queries) {
    Xapian::Enquire enquire(whole_);
    enquire.set_query(query);
    const Xapian::doccount all = whole_.get_doccount();
    const Xapian::MSet truth = enquire.get_mset(0, all, all);
    ASSERT_EQ(truth.get_max_possible(), 0) << query.get_description();
    for (const Xapian::doccount wanted : {1u, 10u, 37u, 5000u}) {
      const ShardRanking ranking = rank_weightless(readers_, query, wanted, wanted);
      const std::string what = query.get_description() + " wanted " + std::to_string(wanted);
      ASSERT_EQ(ranking.matches.size(), std::min<std::size_t>(wanted, truth.size())) << what;
      auto it = truth.begin();
      for (const RankedMatch& match : ranking.matches) {
        EXPECT_EQ(match.docid, *it) << what;
        EXPECT_EQ(match.weight, 0.0) << what;
        ++it;
      }
      EXPECT_LE(ranking.lower, truth.size()) << what;
      EXPECT_GE(ranking.upper, truth.size()) << what;
      if (wanted >= truth.size()) {
        EXPECT_EQ(ranking.lower, truth.size()) << what;
        EXPECT_EQ(ranking.upper, truth.size()) << what;
      }
    }
  }
}

// Searches of the index whose queries weigh nothing: the hits a match over
// every shard gives, in its order, a page after another; the totals exact.
class WeightlessSearches : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    std::mt19937 random(4122026);
    std::vector<Record> records;
    for (int i = 0; i < 1200; ++i) {
      const int year = 1950 + static_cast<int>(random() % 12);
      Record r = make_record("r" + std::to_string(10000 + i), "Record", "text", std::to_string(year));
      r.collections = {random() % 3 == 0 ? "a" : "b"};
      r.record_type = random() % 4 == 0 ? "telegram" : "memorandum";
      if (r.record_type == "telegram") ++telegrams_;
      records.push_back(std::move(r));
      if (year == 1956) ++in_1956_;
      if (records.back().collections.front() == "a") ++in_a_;
    }
    put_all(records);
  }
  int in_1956_ = 0;
  int in_a_ = 0;
  int telegrams_ = 0;
};

TEST_F(WeightlessSearches, PagesFollowOneAnotherAndTotalsAreExact) {
  XapianIndexOptions options;
  options.rank_weightless_by_shard = false;
  auto opened = open_xapian_index(dir_, false, options);
  ASSERT_TRUE(opened.has_value());
  std::unique_ptr<SearchIndex> one_match = std::move(*opened);
  for (const auto& [query, expected] : {std::pair{std::string("date:1956"), in_1956_},
                                        std::pair{std::string("collection:a"), in_a_},
                                        std::pair{std::string("type:telegram"), telegrams_}}) {
    SearchRequest all;
    all.limit = 1000;
    const SearchResults everything = search(query, all);
    all.query = query;
    const auto reference = one_match->search(all);
    ASSERT_TRUE(reference.has_value());
    ASSERT_EQ(reference->hits.size(), everything.hits.size()) << query;
    for (std::size_t i = 0; i < everything.hits.size(); ++i) {
      EXPECT_EQ(everything.hits[i].id, reference->hits[i].id) << query << " hit " << i;
    }
    EXPECT_EQ(everything.total, expected) << query;
    EXPECT_TRUE(everything.total_exact) << query;
    ASSERT_EQ(everything.hits.size(), static_cast<std::size_t>(expected)) << query;
    std::vector<std::string> paged;
    for (int offset = 0; offset < expected; offset += 10) {
      SearchRequest page;
      page.offset = offset;
      page.limit = 10;
      const SearchResults results = search(query, page);
      EXPECT_EQ(results.total, expected) << query << " offset " << offset;
      for (const Hit& hit : results.hits) paged.push_back(hit.id);
    }
    std::vector<std::string> whole;
    for (const Hit& hit : everything.hits) whole.push_back(hit.id);
    EXPECT_EQ(paged, whole) << query;
  }
}

// A record's language, type and holding archive filter without weighing:
// beside words, the words alone rank the hits.
TEST_F(WeightlessSearches, TypeLanguageAndArchiveDoNotWeigh) {
  SearchRequest all;
  all.limit = 1000;
  const SearchResults words = search("text", all);
  const SearchResults typed = search("text type:telegram", all);
  ASSERT_EQ(typed.hits.size(), static_cast<std::size_t>(telegrams_));
  std::map<std::string, double> score;
  for (const Hit& hit : words.hits) score[hit.id] = hit.score;
  int compared = 0;   // the words' first 1,000 hits of 1,200
  for (const Hit& hit : typed.hits) {
    auto it = score.find(hit.id);
    if (it == score.end()) continue;
    EXPECT_DOUBLE_EQ(hit.score, it->second) << hit.id;
    ++compared;
  }
  EXPECT_GT(compared, telegrams_ / 2);
  for (const Hit& hit : search("type:(telegram OR memorandum)", all).hits) EXPECT_EQ(hit.score, 0.0) << hit.id;
}

}  // namespace
}  // namespace chancery::testing
