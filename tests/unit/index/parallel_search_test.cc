// Parallel searches (index/shard_ranking.h): a reader that ranks and counts
// each shard on its own thread gives exactly what one thread gives: the same
// hits in the same order with the same weights, totals and facet counts.
#include <random>

#include "index_fixture.h"

namespace chancery::testing {
namespace {

class ParallelSearch : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    const std::vector<std::string> words = {"soviet", "treaty", "berlin", "nuclear", "secretary", "of", "state",
                                            "the", "aid", "wheat", "embassy", "crisis"};
    std::mt19937 random(11302026);
    std::vector<Record> records;
    for (int i = 0; i < 500; ++i) {
      std::string text;
      const int length = 2 + static_cast<int>(random() % 40);
      // One random() a statement: the order in which the operands of `+` are
      // evaluated is unspecified, and GCC and clang chose differently, so the
      // two builds (Release, sanitizers) searched different records.
      for (int w = 0; w < length; ++w) {
        // Skewed: the first words are much more common.
        const std::size_t low = random() % 4;
        const std::size_t pick = std::min<std::size_t>(words.size() - 1, low + random() % (words.size() - 3));
        text += (w ? " " : "") + words[pick];
      }
      std::string date;
      if (random() % 5 != 0) {
        const auto year = 1950 + random() % 20;
        const auto month = 1 + random() % 9;
        const auto day = random() % 10;
        date = std::to_string(year) + "-0" + std::to_string(month) + "-1" + std::to_string(day);
      }
      records.push_back(make_record("r" + std::to_string(10000 + i), "Record " + std::to_string(i), text, date));
    }
    put_all(records);
  }

  std::unique_ptr<SearchIndex> reader(std::int64_t parallel_postings, int facet_sample_limit,
                                      std::shared_ptr<std::atomic<std::uint64_t>> counter = nullptr) {
    XapianIndexOptions options;
    options.parallel_search_postings = parallel_postings;
    options.facet_sample_limit = facet_sample_limit;
    options.parallel_searches = std::move(counter);
    // Date-sorted searches here go through Xapian's match, which these tests
    // are about (the walk by first years has date_ranking_test).
    options.rank_dates_by_year = false;
    auto opened = open_xapian_index(dir_, false, options);
    EXPECT_TRUE(opened.has_value()) << (opened ? "" : opened.error().message);
    return opened ? std::move(*opened) : nullptr;
  }
};

// The hits are always the same. Totals and facet counts are the same when
// both are exact; estimates (sampled counts, bounds Xapian narrowed while
// ranking) may differ between one thread and two.
void expect_same(const SearchResults& a, const SearchResults& b, const std::string& what) {
  if (a.total_exact && b.total_exact) {
    EXPECT_EQ(a.total, b.total) << what;
  }
  ASSERT_EQ(a.hits.size(), b.hits.size()) << what;
  for (std::size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].id, b.hits[i].id) << what << " hit " << i;
    EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score) << what << " hit " << i;
    EXPECT_EQ(a.hits[i].snippet, b.hits[i].snippet) << what << " hit " << i;
  }
  if (a.facets_exact && b.facets_exact) expect_same_facets(a, b, what);
}

TEST_F(ParallelSearch, SameResultsAsOneThread) {
  for (const int sample_limit : {10000, 40}) {   // exact counts, then sampled ones
    int exact_totals = 0;  // searches where both totals were exact (and so compared)
    int exact_facets = 0;
    auto counter = std::make_shared<std::atomic<std::uint64_t>>(0);
    auto one = reader(-1, sample_limit);
    auto two = reader(0, sample_limit, counter);
    ASSERT_TRUE(one && two);
    int searches = 0;
    int weightless = 0;
    for (const std::string query : {"soviet", "soviet treaty", "\"secretary of state\"", "berlin OR wheat", "treaty -soviet",
                                    "", "crisis date:1955..1960", "the"}) {
      for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kDateAscending, SortOrder::kDateDescending}) {
        for (const int offset : {0, 7, 40}) {
          for (const bool facets : {true, false}) {
            SearchRequest request;
            request.query = query;
            request.sort = sort;
            request.offset = offset;
            request.limit = 15;
            request.want_facets = facets;
            const std::string what = "[" + query + "] sort " + std::to_string(static_cast<int>(sort)) + " offset " +
                                     std::to_string(offset) + (facets ? " facets" : "") + " sample " +
                                     std::to_string(sample_limit);
            auto a = one->search(request);
            auto b = two->search(request);
            ASSERT_TRUE(a.has_value() && b.has_value()) << what;
            expect_same(*a, *b, what);
            // One thread's exact total is never two threads' estimate (two
            // threads may know more: each shard's ranking may see all of its
            // matches where one thread stopped early).
            if (a->total_exact) {
              EXPECT_TRUE(b->total_exact) << what;
            }
            if (a->total_exact && b->total_exact) ++exact_totals;
            if (facets && a->facets_exact && b->facets_exact) ++exact_facets;
            ++searches;
            // Every record, by relevance: weightless, ranked shard by shard
            // on this thread (rank_weightless).
            if (query.empty() && sort == SortOrder::kRelevance) ++weightless;
          }
        }
      }
    }
    // Every other one ran on two threads (none fell back to one).
    EXPECT_GT(weightless, 0);
    EXPECT_EQ(counter->load(), static_cast<std::uint64_t>(searches - weightless));
    if (sample_limit == 10000) {
      // Nothing was sampled: every total and facet count was compared.
      EXPECT_EQ(exact_totals, searches);
      EXPECT_EQ(exact_facets, searches / 2);
    } else {
      EXPECT_GT(exact_totals, 0);
    }
  }
}

// A search alone makes half its hits (documents, snippets) on the helper
// thread: the same hits, scores and snippets, in the same order.
TEST_F(ParallelSearch, HitsMadeOnTwoThreadsAreTheSame) {
  auto one = reader(-1, 10000);
  XapianIndexOptions options;
  options.parallel_search_postings = 1'000'000'000;   // ranked on one thread, hits made on two
  options.split_hit_searches = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto opened = open_xapian_index(dir_, false, options);
  ASSERT_TRUE(opened.has_value());
  auto two = std::move(*opened);
  int searches = 0;   // those expected to split their hits
  for (const std::string query : {"soviet", "treaty berlin", "\"secretary of state\"", "aid OR wheat", "embassy -crisis"}) {
    for (const int limit : {6, 10, 25}) {
      SearchRequest request;
      request.query = query;
      request.limit = limit;
      auto a = one->search(request);
      auto b = two->search(request);
      ASSERT_TRUE(a.has_value() && b.has_value()) << query;
      ASSERT_GE(b->hits.size(), 6u) << query;
      expect_same(*a, *b, query + " limit " + std::to_string(limit));
      for (const Hit& hit : b->hits) EXPECT_FALSE(hit.snippet.empty()) << query;
      // The phrase is counted on the helper thread while it is ranked, so
      // its hits are made on this one; every other search split its hits.
      if (query.front() != '"') ++searches;
    }
  }
  EXPECT_EQ(options.split_hit_searches->load(), static_cast<std::uint64_t>(searches));
}

TEST_F(ParallelSearch, ASampledPhraseIsCountedWhileItIsRankedWithTheSameCounts) {
  // Ranking stays on one thread (the threshold is far above these searches);
  // the sampled count of a phrase runs beside it.
  auto counter = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto one = reader(-1, 40);
  auto beside = reader(1000000, 40, counter);
  ASSERT_TRUE(one && beside);
  int searches = 0;
  for (const std::string query : {"\"secretary of state\"", "\"soviet treaty\"", "\"of state\" soviet",
                                  "\"the soviet\" OR berlin", "\"soviet soviet\" -wheat"}) {
    for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kDateAscending}) {
      for (const int offset : {0, 30}) {
        SearchRequest request;
        request.query = query;
        request.sort = sort;
        request.offset = offset;
        request.limit = 10;
        const std::string what = "[" + query + "] sort " + std::to_string(static_cast<int>(sort)) + " offset " +
                                 std::to_string(offset);
        auto a = one->search(request);
        auto b = beside->search(request);
        ASSERT_TRUE(a.has_value() && b.has_value()) << what;
        // Estimates included: the counts are the very ones counting after
        // ranking gives.
        EXPECT_EQ(a->total, b->total) << what;
        EXPECT_EQ(a->total_exact, b->total_exact) << what;
        EXPECT_EQ(a->facets_exact, b->facets_exact) << what;
        ASSERT_EQ(a->hits.size(), b->hits.size()) << what;
        for (std::size_t i = 0; i < a->hits.size(); ++i) EXPECT_EQ(a->hits[i].id, b->hits[i].id) << what;
        expect_same_facets(*a, *b, what);
        ++searches;
      }
    }
  }
  // Most of them were counted beside the ranking (the others sampled
  // differently once ranked, and were counted again after it).
  EXPECT_GT(counter->load(), static_cast<std::uint64_t>(searches / 2));
}

TEST_F(ParallelSearch, ARequestForOneThreadNeverUsesTheHelper) {
  // Every kind of helper work allowed: ranking in parallel (threshold 0),
  // counting a phrase beside the ranking, making hits on two threads.
  XapianIndexOptions options;
  options.parallel_search_postings = 0;
  options.facet_sample_limit = 40;
  options.parallel_searches = std::make_shared<std::atomic<std::uint64_t>>(0);
  options.split_hit_searches = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto opened = open_xapian_index(dir_, false, options);
  ASSERT_TRUE(opened.has_value());
  auto index = std::move(*opened);
  for (const std::string query : {"soviet", "treaty berlin", "\"secretary of state\"", "aid OR wheat"}) {
    SearchRequest request;
    request.query = query;
    request.limit = 25;
    request.one_thread = true;
    const std::uint64_t parallel_before = options.parallel_searches->load();
    const std::uint64_t split_before = options.split_hit_searches->load();
    auto alone = index->search(request);
    ASSERT_TRUE(alone.has_value()) << query;
    EXPECT_EQ(options.parallel_searches->load(), parallel_before) << query;
    EXPECT_EQ(options.split_hit_searches->load(), split_before) << query;
    request.one_thread = false;
    auto helped = index->search(request);
    ASSERT_TRUE(helped.has_value()) << query;
    expect_same(*alone, *helped, query);
  }
  EXPECT_GT(options.parallel_searches->load(), 0u);   // the same requests without it did use the helper
}

TEST_F(ParallelSearch, SmallSearchesStayOnOneThread) {
  auto counter = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto index = reader(1000000, 10000, counter);
  ASSERT_TRUE(index);
  SearchRequest request;
  request.query = "soviet";
  ASSERT_TRUE(index->search(request).has_value());
  EXPECT_EQ(counter->load(), 0u);
}

TEST_F(ParallelSearch, SeesNewRecordsAfterRefresh) {
  auto counter = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto two = reader(0, 10000, counter);
  ASSERT_TRUE(two);
  SearchRequest request;
  request.query = "zanzibar";
  auto before = two->search(request);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->total, 0);
  put_all({make_record("new1", "New", "zanzibar soviet"), make_record("new2", "New", "zanzibar treaty")});
  ASSERT_TRUE(two->refresh().has_value());
  auto after = two->search(request);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->total, 2);
  EXPECT_EQ(after->hits.size(), 2u);
  EXPECT_EQ(counter->load(), 2u);
}

// Related records (SearchIndex::similar, a document page's list) ranked with
// one thread per shard: the same records, in the same order, with the same
// scores as one thread gives, exclusions included; never on two threads when
// the request asks for one.
class ParallelRelated : public IndexTest {
 protected:
  void SetUp() override {
    IndexTest::SetUp();
    // A vocabulary of 300 made-up words, the first far more common, so that
    // most records share some words with a few dozen others (the words
    // "more like this" looks for are in at most 50 records here).
    std::vector<std::string> vocabulary;
    for (int i = 0; i < 300; ++i) {
      std::string word;
      for (int n = i + 1; n > 0; n /= 20) word += static_cast<char>('a' + n % 20);
      vocabulary.push_back(word + "ka");
    }
    std::mt19937 random(12052026);
    std::vector<Record> records;
    for (int i = 0; i < 400; ++i) {
      std::string text;
      const int length = 20 + static_cast<int>(random() % 60);
      for (int w = 0; w < length; ++w) {
        const std::size_t scale = 1 + random() % vocabulary.size();
        const std::size_t pick = random() % scale;
        text += (w ? " " : "") + vocabulary[pick];
      }
      records.push_back(make_record("s" + std::to_string(1000 + i), "Record " + std::to_string(i), text));
    }
    put_all(records);
  }

  std::unique_ptr<SearchIndex> reader(std::int64_t parallel_postings,
                                      std::shared_ptr<std::atomic<std::uint64_t>> counter = nullptr) {
    XapianIndexOptions options;
    options.parallel_search_postings = parallel_postings;
    options.parallel_searches = std::move(counter);
    auto opened = open_xapian_index(dir_, false, options);
    EXPECT_TRUE(opened.has_value()) << (opened ? "" : opened.error().message);
    return opened ? std::move(*opened) : nullptr;
  }
};

TEST_F(ParallelRelated, SameRecordsAsOneThread) {
  auto counter = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto one = reader(-1);
  auto two = reader(0, counter);
  ASSERT_TRUE(one && two);
  int compared = 0;
  std::size_t hits = 0;
  for (int i = 0; i < 400; i += 7) {
    const std::string id = "s" + std::to_string(1000 + i);
    for (const std::vector<std::string>& exclude :
         {std::vector<std::string>{}, std::vector<std::string>{"s1001", "s1002", "s1003", "s1100"}}) {
      for (const int limit : {5, 12}) {
        const std::string what = id + " limit " + std::to_string(limit) + " excluding " +
                                 std::to_string(exclude.size());
        auto a = one->similar(id, limit, exclude);
        auto b = two->similar(id, limit, exclude);
        ASSERT_TRUE(a.has_value() && b.has_value()) << what;
        ASSERT_EQ(a->size(), b->size()) << what;
        for (std::size_t h = 0; h < a->size(); ++h) {
          EXPECT_EQ((*a)[h].id, (*b)[h].id) << what << " hit " << h;
          EXPECT_EQ((*a)[h].title, (*b)[h].title) << what << " hit " << h;
          EXPECT_DOUBLE_EQ((*a)[h].score, (*b)[h].score) << what << " hit " << h;
          EXPECT_NE((*b)[h].id, id) << what;
          for (const std::string& left_out : exclude) EXPECT_NE((*b)[h].id, left_out) << what;
        }
        hits += b->size();
        ++compared;
      }
    }
  }
  EXPECT_GE(hits, static_cast<std::size_t>(compared) * 4);   // the records do have others like them
  // Every one was ranked on two threads (each record has words to look for).
  EXPECT_EQ(counter->load(), static_cast<std::uint64_t>(compared));
}

TEST_F(ParallelRelated, OneThreadWhenAskedOrWhenSmall) {
  auto counter = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto index = reader(0, counter);
  ASSERT_TRUE(index);
  auto alone = index->similar("s1010", 5, {}, /*one_thread=*/true);
  ASSERT_TRUE(alone.has_value());
  EXPECT_FALSE(alone->empty());
  EXPECT_EQ(counter->load(), 0u);
  auto helped = index->similar("s1011", 5, {}, /*one_thread=*/false);
  ASSERT_TRUE(helped.has_value());
  EXPECT_EQ(counter->load(), 1u);
  // Below the threshold of postings: one thread.
  auto small_counter = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto small = reader(1'000'000, small_counter);
  ASSERT_TRUE(small);
  auto few = small->similar("s1012", 5);
  ASSERT_TRUE(few.has_value());
  EXPECT_FALSE(few->empty());
  EXPECT_EQ(small_counter->load(), 0u);
}

}  // namespace
}  // namespace chancery::testing
