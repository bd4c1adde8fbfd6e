// The page cache on its own: entries are served only for the archive version
// they were made from, the byte budget always holds (least recently used
// entries go first), and oversized responses are not kept.
#include "web/response_cache.h"

#include <gtest/gtest.h>

#include <string>

#include "model/annotation.h"
#include "web/archive_versions.h"

namespace chancery::web {
namespace {

std::shared_ptr<const HttpResponse> page(std::string body) {
  auto response = std::make_shared<HttpResponse>();
  response->body = std::move(body);
  response->route = "document";
  return response;
}

TEST(ResponseCache, ServesAnEntryOnlyForTheVersionItWasMadeFrom) {
  ResponseCache cache({.max_bytes = 1 << 20, .max_entry_bytes = 1 << 16});
  const ArchiveVersion v1{7, 1};
  cache.put("/document/a", v1, page("A"));
  auto found = cache.find("/document/a", v1);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->body, "A");
  EXPECT_EQ(cache.find("/document/b", v1), nullptr);
  EXPECT_EQ(cache.find("/document/a?x=1", v1), nullptr);

  // The store or the index moved on: the entry is dropped, not served.
  EXPECT_EQ(cache.find("/document/a", ArchiveVersion{8, 1}), nullptr);
  EXPECT_EQ(cache.find("/document/a", v1), nullptr);
  cache.put("/document/a", v1, page("A"));
  EXPECT_EQ(cache.find("/document/a", ArchiveVersion{7, 2}), nullptr);

  ResponseCacheStats stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.stale, 2u);
  EXPECT_EQ(stats.entries, 0u);
  EXPECT_EQ(stats.bytes, 0u);
}

TEST(ResponseCache, ReplacingAnEntryCountsItOnce) {
  ResponseCache cache({.max_bytes = 1 << 20, .max_entry_bytes = 1 << 16});
  cache.put("/search?q=a", {1, 1}, page(std::string(1000, 'x')));
  const std::size_t one = cache.stats().bytes;
  cache.put("/search?q=a", {2, 1}, page(std::string(1000, 'y')));
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, one);
  EXPECT_EQ(cache.find("/search?q=a", {2, 1})->body, std::string(1000, 'y'));
}

TEST(ResponseCache, StaysWithinItsByteBudgetDroppingTheLeastRecentlyUsed) {
  const std::string body(10'000, 'p');
  const std::size_t entry = ResponseCache::entry_bytes("/document/00", *page(body));
  ResponseCache cache({.max_bytes = 5 * entry + entry / 2, .max_entry_bytes = 2 * entry});
  const ArchiveVersion v{1, 1};
  for (int i = 0; i < 5; ++i) cache.put("/document/0" + std::to_string(i), v, page(body));
  EXPECT_EQ(cache.stats().entries, 5u);
  ASSERT_NE(cache.find("/document/00", v), nullptr);  // now the most recently used
  for (int i = 5; i < 200; ++i) {
    cache.put("/document/" + std::to_string(i), v, page(body));
    ASSERT_LE(cache.stats().bytes, cache.limits().max_bytes) << "after " << i << " entries";
    if (i == 5) {
      // The oldest untouched entry went, not the one just read.
      EXPECT_NE(cache.find("/document/00", v), nullptr);
      EXPECT_EQ(cache.find("/document/01", v), nullptr);
    }
  }
  ResponseCacheStats stats = cache.stats();
  EXPECT_EQ(stats.entries, 5u);
  EXPECT_GE(stats.evictions, 190u);
  EXPECT_NE(cache.find("/document/199", v), nullptr);
  EXPECT_EQ(cache.find("/document/100", v), nullptr);
}

TEST(ResponseCache, CountsCompressedCopiesMadeAfterAnEntryWasKept) {
  const std::string body(10'000, 'p');
  const std::size_t entry = ResponseCache::entry_bytes("/document/00", *page(body));
  ResponseCache cache({.max_bytes = 3 * entry, .max_entry_bytes = 2 * entry});
  const ArchiveVersion v{1, 1};
  auto first = page(body);
  cache.put("/document/00", v, first);
  cache.put("/document/01", v, page(body));
  cache.grow("/document/00", first.get(), 300);
  EXPECT_EQ(cache.stats().bytes, 2 * entry + 300);
  // Another response under the key, or none: nothing to count.
  cache.grow("/document/01", first.get(), 300);
  cache.grow("/document/99", first.get(), 300);
  EXPECT_EQ(cache.stats().bytes, 2 * entry + 300);
  // Past the budget, the least recently used entry goes.
  cache.grow("/document/00", first.get(), entry);
  EXPECT_LE(cache.stats().bytes, cache.limits().max_bytes);
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.find("/document/00", v), nullptr);
  EXPECT_NE(cache.find("/document/01", v), nullptr);
}

TEST(ResponseCache, DoesNotKeepResponsesOverTheEntryLimit) {
  ResponseCache cache({.max_bytes = 1 << 20, .max_entry_bytes = 4096});
  cache.put("/document/big", {1, 1}, page(std::string(8192, 'b')));
  EXPECT_EQ(cache.find("/document/big", {1, 1}), nullptr);
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(ArchiveVersions, ANewIndexRevisionStartsANewEpochAndTheStoreIsReadLive) {
  std::int64_t store = 3;
  ArchiveVersions versions([&store]() -> Result<std::int64_t> { return store; });
  const std::uint64_t first = versions.note_index("uuid;5;");
  EXPECT_EQ(versions.note_index("uuid;5;"), first);  // another worker, same revision
  EXPECT_EQ(versions.current(), (ArchiveVersion{3, first, today_utc_day()}));
  store = 4;
  EXPECT_EQ(versions.current(), (ArchiveVersion{4, first, today_utc_day()}));
  const std::uint64_t second = versions.note_index("uuid;6;");
  EXPECT_NE(second, first);
  EXPECT_EQ(versions.current(), (ArchiveVersion{4, second, today_utc_day()}));
}

TEST(ArchiveVersions, NoVersionWhenTheStoreCannotSay) {
  ArchiveVersions versions([]() -> Result<std::int64_t> { return fail(ErrorCode::kStorage, "gone"); });
  versions.note_index("r");
  EXPECT_FALSE(versions.current().has_value());
}

}  // namespace
}  // namespace chancery::web
