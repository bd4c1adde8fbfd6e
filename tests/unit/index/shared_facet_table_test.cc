// One facet table per index revision for the whole process (index/facets.h,
// shared_facet_table): readers of the same revision share it, a new revision
// gets its own, concurrent first searches build it once, and a failed build
// leaves nothing stuck.
#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>

#include "index/facets.h"
#include "index_fixture.h"

namespace chancery::testing {
namespace {

std::shared_ptr<const FacetTable> empty_table() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  return FacetTable::build(db);
}

TEST(SharedFacetTable, CallersOfOneKeyShareOneTable) {
  const std::string key = "shared-facet-table-test one key";
  int builds = 0;
  auto build = [&] {
    ++builds;
    return empty_table();
  };
  std::shared_ptr<const FacetTable> first = shared_facet_table(key, build);
  std::shared_ptr<const FacetTable> second = shared_facet_table(key, build);
  EXPECT_EQ(first, second);
  EXPECT_EQ(builds, 1);
  std::shared_ptr<const FacetTable> other = shared_facet_table(key + " other", build);
  EXPECT_NE(other, first);
  EXPECT_EQ(builds, 2);
  // Once no one holds it, the table goes, and the next caller builds anew.
  first.reset();
  second.reset();
  std::shared_ptr<const FacetTable> again = shared_facet_table(key, build);
  EXPECT_EQ(builds, 3);
  EXPECT_NE(again, nullptr);
}

// While one caller builds, the others wait for its table instead of building.
TEST(SharedFacetTable, ConcurrentCallersWaitForTheOneBuild) {
  const std::string key = "shared-facet-table-test concurrent";
  std::atomic<int> builds{0};
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto slow_build = [&] {
    ++builds;
    started.set_value();
    released.wait();
    return empty_table();
  };
  std::future<std::shared_ptr<const FacetTable>> builder =
      std::async(std::launch::async, [&] { return shared_facet_table(key, slow_build); });
  started.get_future().wait();   // the build has begun and cannot end before `release`
  auto other_build = [&] {
    ++builds;
    return empty_table();
  };
  std::vector<std::future<std::shared_ptr<const FacetTable>>> waiters;
  for (int i = 0; i < 3; ++i) {
    waiters.push_back(std::async(std::launch::async, [&] { return shared_facet_table(key, other_build); }));
  }
  release.set_value();
  std::shared_ptr<const FacetTable> built = builder.get();
  ASSERT_NE(built, nullptr);
  for (auto& waiter : waiters) EXPECT_EQ(waiter.get(), built);
  EXPECT_EQ(builds.load(), 1);
}

TEST(SharedFacetTable, AFailedBuildThrowsAndTheNextCallBuildsAgain) {
  const std::string key = "shared-facet-table-test failure";
  auto failing = []() -> std::shared_ptr<const FacetTable> { throw std::runtime_error("damaged slot"); };
  EXPECT_THROW(shared_facet_table(key, failing), std::runtime_error);
  int builds = 0;
  std::shared_ptr<const FacetTable> table = shared_facet_table(key, [&] {
    ++builds;
    return empty_table();
  });
  EXPECT_NE(table, nullptr);
  EXPECT_EQ(builds, 1);
}

// Readers of an index (the server's workers each open one) decode the facet
// table of a revision once between them, count alike, and decode it again
// only when a commit makes a new revision.
class SharedFacetTableReaders : public IndexTest {
 protected:
  std::unique_ptr<SearchIndex> reader() {
    auto opened = open_xapian_index(dir_, false);
    EXPECT_TRUE(opened.has_value()) << (opened ? "" : opened.error().message);
    return opened ? std::move(*opened) : nullptr;
  }

  static std::vector<std::pair<std::string, std::int64_t>> years(SearchIndex& index, const std::string& query) {
    SearchRequest request;
    request.query = query;
    auto results = index.search(request);
    EXPECT_TRUE(results.has_value()) << (results ? "" : results.error().message);
    std::vector<std::pair<std::string, std::int64_t>> out;
    if (!results) return out;
    for (const FacetValue& v : results->facets["year"]) out.emplace_back(v.value, v.count);
    return out;
  }
};

TEST_F(SharedFacetTableReaders, ReadersOfOneRevisionDecodeItOnce) {
  put_all({make_record("a", "Nagy", "soviet troops", "1956-11-04"),
           make_record("b", "Kadar", "soviet note", "1956-11-05"),
           make_record("c", "Berlin", "soviet wall", "1961-08-13")});
  std::unique_ptr<SearchIndex> one = reader();
  std::unique_ptr<SearchIndex> two = reader();
  ASSERT_TRUE(one && two);
  const std::uint64_t before = facet_tables_built();
  const auto counted_by_one = years(*one, "soviet");
  const auto counted_by_two = years(*two, "soviet");
  EXPECT_EQ(facet_tables_built() - before, 1u);
  const std::vector<std::pair<std::string, std::int64_t>> expected = {{"1956", 2}, {"1961", 1}};
  EXPECT_EQ(counted_by_one, expected);
  EXPECT_EQ(counted_by_two, expected);

  // A new revision: each reader sees it after refresh(), and the two share
  // its table as they shared the first.
  put_all({make_record("d", "Budapest", "soviet tanks", "1956-10-24")});
  ASSERT_TRUE(one->refresh().has_value());
  ASSERT_TRUE(two->refresh().has_value());
  const std::uint64_t before_second = facet_tables_built();
  const std::vector<std::pair<std::string, std::int64_t>> now = {{"1956", 3}, {"1961", 1}};
  EXPECT_EQ(years(*one, "soviet"), now);
  EXPECT_EQ(years(*two, "soviet"), now);
  EXPECT_EQ(facet_tables_built() - before_second, 1u);
}

// The server warms the first worker's index up at start: the searches of
// every reader then find the revision's table made.
TEST_F(SharedFacetTableReaders, WarmingUpOneReaderMakesTheTableForAll) {
  put_all({make_record("a", "Nagy", "soviet troops", "1956-11-04"),
           make_record("b", "Berlin", "soviet wall", "1961-08-13")});
  std::unique_ptr<SearchIndex> warmed = reader();
  std::unique_ptr<SearchIndex> other = reader();
  ASSERT_TRUE(warmed && other);
  const std::uint64_t before = facet_tables_built();
  ASSERT_TRUE(warmed->warm_up().has_value());
  EXPECT_EQ(facet_tables_built() - before, 1u);
  const std::vector<std::pair<std::string, std::int64_t>> expected = {{"1956", 1}, {"1961", 1}};
  EXPECT_EQ(years(*other, "soviet"), expected);
  EXPECT_EQ(years(*warmed, "soviet"), expected);
  EXPECT_EQ(facet_tables_built() - before, 1u);
  // A writer has no table to warm (its revision moves with every flush).
  ASSERT_TRUE(index_->warm_up().has_value());
  EXPECT_EQ(facet_tables_built() - before, 1u);
}

// Readers on threads of their own searching at once (the server's workers
// after a start or a commit) build the revision's table once.
TEST_F(SharedFacetTableReaders, ConcurrentFirstSearchesBuildItOnce) {
  std::vector<Record> records;
  for (int i = 0; i < 200; ++i) {
    records.push_back(make_record("r" + std::to_string(i), "Record " + std::to_string(i), "soviet treaty",
                                  std::to_string(1950 + i % 10) + "-01-01"));
  }
  put_all(records);
  std::vector<std::unique_ptr<SearchIndex>> readers;
  for (int i = 0; i < 4; ++i) {
    readers.push_back(reader());
    ASSERT_NE(readers.back(), nullptr);
  }
  const std::uint64_t before = facet_tables_built();
  std::vector<std::future<std::vector<std::pair<std::string, std::int64_t>>>> searches;
  for (auto& r : readers) {
    SearchIndex* index = r.get();
    searches.push_back(std::async(std::launch::async, [index] { return years(*index, "treaty"); }));
  }
  for (auto& search : searches) {
    const auto counted = search.get();
    ASSERT_EQ(counted.size(), 10u);
    for (const auto& [year, count] : counted) EXPECT_EQ(count, 20) << year;
  }
  EXPECT_EQ(facet_tables_built() - before, 1u);
}

}  // namespace
}  // namespace chancery::testing
