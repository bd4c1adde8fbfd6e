// A search sorted by date, ranked a year at a time (date_ranking.h), gives the
// hits, scores, total and facets of one match sorted by date, on every page,
// in both directions.
#include <xapian.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <random>
#include <vector>

#include "index/date_ranking.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

std::string iso_day(int year, unsigned month, unsigned day) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", year, month, day);
  return out;
}

class DateRanking : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    const std::string suffix = std::to_string(random()) + std::to_string(random());
    walked_dir_ = std::filesystem::temp_directory_path() / ("chancery-date-ranking-walked-" + suffix);
    whole_dir_ = std::filesystem::temp_directory_path() / ("chancery-date-ranking-whole-" + suffix);
    // Dates over a century with gaps (no record in the 1920s), many on the
    // same days (ties broken by relevance, then by docid), spans of several
    // years and of more than the 50 years a record keeps year terms for,
    // and undated records, which sort last both ways.
    std::mt19937 rng(4122026);
    const std::vector<std::string> spans = {"1890-1960", "1800-1990", "1941-1945", "1956-1957", "1899-1901"};
    for (int i = 0; i < 2500; ++i) {
      std::string date;
      const unsigned kind = rng() % 20;
      if (kind == 0) {
        date = "";
      } else if (kind == 1) {
        date = spans[rng() % spans.size()];
      } else if (kind < 5) {
        date = "November 3, 1956";
      } else {
        int year = 1880 + static_cast<int>(rng() % 110);
        if (year >= 1920 && year < 1930) year += 10;
        const unsigned month = 1 + rng() % 12;
        date = iso_day(year, month, 1 + rng() % 28);
      }
      // Words repeated unevenly in texts of uneven length, so that the
      // weights differ; "treaty" in most records, "american embassy" in half.
      std::string body;
      for (unsigned w = 0, n = rng() % 4; w < n; ++w) body += "treaty ";
      if (rng() % 2 == 0) body += "the American embassy in Paris ";
      for (unsigned w = 0, n = rng() % 30; w < n; ++w) body += "filler" + std::to_string(rng() % 50) + " ";
      if (rng() % 5 != 0) body += "treaty";
      // A phrase of common words, with a pair term for each two (word_pairs.h),
      // in nine records of ten; the tenth holds its pairs but not the phrase.
      body += i % 10 == 0 ? " the secretary of defense spoke of state" : " the secretary of state";
      records_.push_back(make_record("r" + std::to_string(i), "Record " + std::to_string(i), body, date));
    }
    // One index, copied: the shards a record goes to depend on how the
    // shards' threads kept up (shard_feed.h), and ties are broken by docid.
    {
      auto built = open_xapian_index(walked_dir_, true);
      ASSERT_TRUE(built.has_value()) << built.error().message;
      for (const Record& r : records_) ASSERT_TRUE((*built)->put(r).has_value()) << r.id;
      ASSERT_TRUE((*built)->commit(1).has_value());
    }
    std::filesystem::copy(walked_dir_, whole_dir_, std::filesystem::copy_options::recursive);
    XapianIndexOptions walked;
    walked.year_ranked_searches = walks_;
    auto a = open_xapian_index(walked_dir_, true, walked);
    ASSERT_TRUE(a.has_value()) << a.error().message;
    walked_ = std::move(*a);
    XapianIndexOptions whole;
    whole.rank_dates_by_year = false;
    whole.year_ranked_searches = whole_walks_;
    auto b = open_xapian_index(whole_dir_, true, whole);
    ASSERT_TRUE(b.has_value()) << b.error().message;
    whole_ = std::move(*b);
  }

  void TearDown() override {
    walked_.reset();
    whole_.reset();
    std::error_code ec;
    std::filesystem::remove_all(walked_dir_, ec);
    std::filesystem::remove_all(whole_dir_, ec);
  }

  static SearchResults run(SearchIndex& index, SearchRequest request) {
    auto results = index.search(request);
    EXPECT_TRUE(results.has_value()) << request.query << ": " << (results ? "" : results.error().message);
    return results ? *results : SearchResults{};
  }

  std::filesystem::path walked_dir_;
  std::filesystem::path whole_dir_;
  std::shared_ptr<std::atomic<std::uint64_t>> walks_ = std::make_shared<std::atomic<std::uint64_t>>(0);
  std::shared_ptr<std::atomic<std::uint64_t>> whole_walks_ = std::make_shared<std::atomic<std::uint64_t>>(0);
  std::unique_ptr<SearchIndex> walked_;
  std::unique_ptr<SearchIndex> whole_;
  std::vector<Record> records_;
};

TEST_F(DateRanking, SameHitsAsOneMatchSortedByDate) {
  const std::vector<std::string> queries = {"treaty", "treaty embassy", "\"american embassy\"", "treaty OR embassy",
                                            "treaty NOT embassy", "treaty date:1950..1970", "record", "filler1 OR filler2 OR filler3 OR treaty"};
  std::uint64_t searches = 0;
  for (const std::string& query : queries) {
    for (const SortOrder sort : {SortOrder::kDateAscending, SortOrder::kDateDescending}) {
      for (const int offset : {0, 10, 95, 400, 2490}) {
        for (const int limit : {10, 50}) {
          SearchRequest request;
          request.query = query;
          request.sort = sort;
          request.offset = offset;
          request.limit = limit;
          const std::string what = query + (sort == SortOrder::kDateAscending ? " oldest" : " newest") +
                                   " offset " + std::to_string(offset) + " limit " + std::to_string(limit);
          const SearchResults a = run(*walked_, request);
          const SearchResults b = run(*whole_, request);
          ++searches;
          ASSERT_EQ(a.hits.size(), b.hits.size()) << what;
          for (std::size_t i = 0; i < a.hits.size(); ++i) {
            EXPECT_EQ(a.hits[i].id, b.hits[i].id) << what << " hit " << i;
            EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score) << what << " hit " << i;
            EXPECT_EQ(a.hits[i].snippet, b.hits[i].snippet) << what << " hit " << i;
          }
          EXPECT_EQ(a.total, b.total) << what;
          EXPECT_EQ(a.total_exact, b.total_exact) << what;
          expect_same_facets(a, b, what);
        }
      }
    }
  }
  // The walk ranked the first pages of the queries of many matches (deep
  // pages want more hits than the first years hold; not the phrase), and
  // never the other index.
  EXPECT_GE(walks_->load(), searches / 5);
  EXPECT_EQ(whole_walks_->load(), 0u);
}

// A phrase whose adjacent words all make pairs is estimated as well as a word
// (its candidates hold the pairs, and nearly all the phrase): it is walked
// from its first years when estimated at as many matches as a word needs,
// with the hits of one match, and its total and facets counted as in
// relevance order. A phrase without its pairs is walked only at many more.
TEST_F(DateRanking, PhraseOfPairedWordsIsWalkedAsAWordIs) {
  int walked = 0;
  for (const SortOrder sort : {SortOrder::kDateAscending, SortOrder::kDateDescending}) {
    for (const int offset : {0, 10, 95}) {
      SearchRequest request;
      request.query = "\"secretary of state\"";
      request.sort = sort;
      request.offset = offset;
      request.limit = 10;
      const std::string what = std::string(sort == SortOrder::kDateAscending ? "oldest" : "newest") + " offset " +
                               std::to_string(offset);
      const std::uint64_t walks_before = walks_->load();
      const SearchResults a = run(*walked_, request);
      const bool was_walked = walks_->load() > walks_before;
      walked += was_walked ? 1 : 0;
      const SearchResults b = run(*whole_, request);
      ASSERT_EQ(a.hits.size(), 10u) << what;
      ASSERT_EQ(a.hits.size(), b.hits.size()) << what;
      for (std::size_t i = 0; i < a.hits.size(); ++i) {
        EXPECT_EQ(a.hits[i].id, b.hits[i].id) << what << " hit " << i;
        EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score) << what << " hit " << i;
      }
      // Walked, the total and facets are counted as in relevance order (by
      // sample past the budget), not as the whole match happens to count
      // them. (A walk whose first years hold fewer matches than wanted gives
      // way to the whole match: the span records of 1800-1990 hold the first
      // years' terms here.)
      SearchRequest by_relevance = request;
      by_relevance.sort = SortOrder::kRelevance;
      const SearchResults c = was_walked ? run(*walked_, by_relevance) : b;
      EXPECT_EQ(a.total, c.total) << what;
      EXPECT_EQ(a.total_exact, c.total_exact) << what;
      expect_same_facets(a, c, what);
    }
  }
  EXPECT_GE(walked, 2);   // the first page both ways at least
  SearchRequest unpaired;
  unpaired.query = "\"american embassy\"";   // "american" is not a common word: no pair term
  unpaired.sort = SortOrder::kDateAscending;
  const std::uint64_t walks_before = walks_->load();
  EXPECT_FALSE(run(*walked_, unpaired).hits.empty());
  EXPECT_EQ(walks_->load(), walks_before);
}

TEST_F(DateRanking, RelevanceOrderIsNotWalked) {
  SearchRequest request;
  request.query = "treaty";
  const SearchResults a = run(*walked_, request);
  EXPECT_FALSE(a.hits.empty());
  EXPECT_EQ(walks_->load(), 0u);
}

// The walk itself over a database of records with the layout's year terms:
// the same docids and weights as one Enquire, for any number wanted.
TEST(DateRankingWalk, MatchesOneEnquire) {
  std::mt19937 rng(5122026);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 500; ++i) {
    Record r = make_record("w" + std::to_string(i), "Title",
                           std::string(1 + rng() % 5, 'x') + " word k" + std::to_string(rng() % 40),
                           rng() % 9 == 0 ? "" : iso_day(1900 + static_cast<int>(rng() % 80), 1 + rng() % 12, 1 + rng() % 28));
    DocumentBuilder builder;
    db.add_document(builder.build(r).document);
  }
  db.commit();
  for (const SortOrder sort : {SortOrder::kDateAscending, SortOrder::kDateDescending}) {
    for (const Xapian::doccount wanted : {1u, 7u, 60u, 499u, 500u, 1000u}) {
      const Xapian::Query query("word");
      Xapian::Enquire enquire(db);
      enquire.set_query(query);
      set_order(enquire, sort);
      const Xapian::MSet truth = enquire.get_mset(0, wanted);
      // With every record a match: as many years as hold 4 times those wanted.
      const auto walked = rank_by_first_year(db, query, sort, wanted, db.get_doccount());
      if (!walked) {
        EXPECT_GE(wanted * 4, db.get_doccount()) << wanted;   // every year at once
        continue;
      }
      if (wanted * 4 < db.get_doccount()) {
        EXPECT_FALSE(walked->complete) << wanted;
      }
      ASSERT_EQ(walked->matches.size(), truth.size()) << wanted;
      auto it = truth.begin();
      for (const RankedMatch& match : walked->matches) {
        EXPECT_EQ(match.docid, *it) << wanted;
        EXPECT_DOUBLE_EQ(match.weight, it.get_weight()) << wanted;
        ++it;
      }
    }
  }
  EXPECT_FALSE(rank_by_first_year(db, Xapian::Query("word"), SortOrder::kRelevance, 10, 500).has_value());
  // Few matches said to be many: the years for 4 x 10 of them, then for
  // twice and four times as many, hold fewer than 10, and the rest are
  // ranked after them.
  const Xapian::Query rare(Xapian::Query::OP_AND, Xapian::Query("word"), Xapian::Query("k7"));
  Xapian::Enquire enquire(db);
  enquire.set_query(rare);
  set_order(enquire, SortOrder::kDateAscending);
  const Xapian::MSet truth = enquire.get_mset(0, 10);
  const auto walked = rank_by_first_year(db, rare, SortOrder::kDateAscending, 10, db.get_doccount());
  ASSERT_TRUE(walked.has_value());
  ASSERT_EQ(walked->matches.size(), truth.size());
  auto it = truth.begin();
  for (const RankedMatch& match : walked->matches) EXPECT_EQ(match.docid, *it++);
  // It covered every match, in parts and the rest: the bounds hold their number.
  EXPECT_TRUE(walked->complete);
  const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  EXPECT_LE(walked->lower, all.size());
  EXPECT_GE(walked->upper, all.size());
}

// A phrase (positional) is walked for its first years only: the hits, when
// given, are one Enquire's; when those years hold fewer than wanted, nothing
// (the caller ranks in one match), never a short or partial list.
TEST(DateRankingWalk, PhraseFromFirstYearsOrNotAtAll) {
  std::mt19937 rng(4122026);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::doccount phrase_records = 0;
  for (int i = 0; i < 600; ++i) {
    // Every record has both words; a third have them side by side. The
    // phrase "rare phrase" stands only in undated records.
    std::string text = i % 3 == 0 ? "the cold war began" : "war was cold";
    const bool undated = i % 40 == 0;
    if (undated) text += " rare phrase";
    if (i % 3 == 0) ++phrase_records;
    Record r = make_record("p" + std::to_string(i), "Title", text + " rare and phrase apart",
                           undated ? "" : iso_day(1900 + static_cast<int>(rng() % 80), 1 + rng() % 12, 1 + rng() % 28));
    DocumentBuilder builder;
    db.add_document(builder.build(r).document);
  }
  db.commit();
  const std::vector<Xapian::Query> cold_war = {Xapian::Query("cold"), Xapian::Query("war")};
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, cold_war.begin(), cold_war.end());
  int walked_count = 0;
  for (const SortOrder sort : {SortOrder::kDateAscending, SortOrder::kDateDescending}) {
    for (const Xapian::doccount wanted : {1u, 5u, 30u, 150u}) {
      // Told the true number of matches, then the candidates' (every record).
      for (const Xapian::doccount told : {phrase_records, db.get_doccount()}) {
        Xapian::Enquire enquire(db);
        enquire.set_query(phrase);
        set_order(enquire, sort);
        const Xapian::MSet truth = enquire.get_mset(0, wanted);
        const auto walked = rank_by_first_year(db, phrase, sort, wanted, told, /*positional=*/true);
        if (!walked) continue;
        ++walked_count;
        EXPECT_FALSE(walked->complete);
        ASSERT_EQ(walked->matches.size(), truth.size()) << wanted << " " << told;
        auto it = truth.begin();
        for (const RankedMatch& match : walked->matches) {
          EXPECT_EQ(match.docid, *it) << wanted << " " << told;
          EXPECT_DOUBLE_EQ(match.weight, it.get_weight()) << wanted << " " << told;
          ++it;
        }
      }
    }
  }
  EXPECT_GE(walked_count, 4);   // the first years do hold a common phrase's first hits
  // Matches only among the undated: no year holds one, so no walk.
  const std::vector<Xapian::Query> rare_words = {Xapian::Query("rare"), Xapian::Query("phrase")};
  const Xapian::Query rare(Xapian::Query::OP_PHRASE, rare_words.begin(), rare_words.end());
  EXPECT_FALSE(rank_by_first_year(db, rare, SortOrder::kDateAscending, 5, db.get_doccount(), true).has_value());
  // Walked as words are, the same query is ranked in parts and the rest.
  const auto as_words = rank_by_first_year(db, rare, SortOrder::kDateAscending, 5, db.get_doccount(), false);
  ASSERT_TRUE(as_words.has_value());
  EXPECT_TRUE(as_words->complete);
  EXPECT_EQ(as_words->matches.size(), 5u);
}

}  // namespace
}  // namespace chancery::testing
