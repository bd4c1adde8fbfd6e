// The site's own files kept in memory: served from the copy while the file is
// unchanged, read again (with a new ETag) once it changes, compressed once per
// coding; and the cache's bounds.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "web/content_encoding.h"
#include "web/dispatcher.h"
#include "web/file_cache.h"
#include "web/responses.h"
#include "web/router.h"
#include "web/site.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

std::string header_of(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

class FileCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir("file-cache");
    std::filesystem::create_directories(dir_ / "static");
    site_.static_dir = dir_ / "static";
    site_.api_dir = dir_ / "api";
    site_.files = std::make_shared<FileCache>();
    register_routes(router_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "static" / name, std::ios::binary | std::ios::trunc) << text;
  }
  HttpResponse get(const std::string& target) { return answer(router_, site_, nullptr, testing::request_for(target)); }

  std::filesystem::path dir_;
  Site site_;
  Router router_;
};

TEST_F(FileCacheTest, AnUnchangedFileIsServedFromItsKeptCopy) {
  const std::string css(4000, 'a');
  write("style.css", css);
  HttpResponse first = get("/static/style.css");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.content(), css);
  EXPECT_EQ(site_.files->files(), 1u);
  EXPECT_EQ(site_.files->bytes(), css.size());
  HttpResponse second = get("/static/style.css");
  ASSERT_EQ(second.status, 200);
  // The same bytes and the same compressed copies, not a new read.
  ASSERT_NE(first.shared_body, nullptr);
  EXPECT_EQ(second.shared_body, first.shared_body);
  ASSERT_NE(first.encoded, nullptr);
  EXPECT_EQ(second.encoded, first.encoded);
  EXPECT_EQ(header_of(second, "ETag"), header_of(first, "ETag"));
}

TEST_F(FileCacheTest, ACompressedCopyIsMadeOncePerCoding) {
  write("app.js", std::string(8000, 'x'));
  auto kept = std::make_shared<const HttpResponse>(get("/static/app.js"));
  ASSERT_EQ(kept->status, 200);
  ASSERT_NE(kept->encoded, nullptr);
  EXPECT_FALSE(kept->encoded->has(ContentCoding::kGzip));
  HttpRequest request = testing::request_for("/static/app.js");
  request.headers.emplace("accept-encoding", "gzip");
  HttpResponse coded = conditional_response(request, kept, ContentCoding::kGzip);
  EXPECT_EQ(header_of(coded, "Content-Encoding"), "gzip");
  ASSERT_NE(coded.shared_body, nullptr);
  EXPECT_LT(coded.shared_body->size(), 8000u);
  // The next request's answer carries the copy already made.
  HttpResponse next = get("/static/app.js");
  ASSERT_NE(next.encoded, nullptr);
  EXPECT_TRUE(next.encoded->has(ContentCoding::kGzip));
  EXPECT_FALSE(next.encoded->has(ContentCoding::kZstd));
  auto next_kept = std::make_shared<const HttpResponse>(next);
  EXPECT_EQ(conditional_response(request, next_kept, ContentCoding::kGzip).shared_body, coded.shared_body);
}

TEST_F(FileCacheTest, AChangedFileIsReadAgainWithANewETag) {
  write("style.css", "body { color: black; }");
  HttpResponse before = get("/static/style.css");
  ASSERT_EQ(before.status, 200);
  // Same size, later modification time: a file edited in place.
  write("style.css", "body { color: white; }");
  const auto path = dir_ / "static" / "style.css";
  std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(2));
  HttpResponse after = get("/static/style.css");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.content(), "body { color: white; }");
  EXPECT_NE(header_of(after, "ETag"), header_of(before, "ETag"));
  EXPECT_NE(after.encoded, before.encoded);
  EXPECT_EQ(site_.files->files(), 1u);
  // A removed file is gone, whatever was kept.
  std::filesystem::remove(path);
  EXPECT_EQ(get("/static/style.css").status, 404);
}

TEST_F(FileCacheTest, TheCacheKeepsWithinItsBounds) {
  FileCache cache(100);
  auto entry = [](std::size_t size) {
    auto e = std::make_shared<CachedFile>();
    e->body = std::make_shared<const std::string>(size, 'z');
    e->size = size;
    return e;
  };
  const std::filesystem::file_time_type when{};
  cache.put("/a", entry(60));
  cache.put("/b", entry(60));   // over the budget: not kept
  EXPECT_NE(cache.find("/a", 60, when), nullptr);
  EXPECT_EQ(cache.find("/b", 60, when), nullptr);
  EXPECT_EQ(cache.find("/a", 61, when), nullptr);   // another size: another file
  cache.put("/a", entry(90));    // replacing counts the difference
  EXPECT_EQ(cache.bytes(), 90u);
  EXPECT_NE(cache.find("/a", 90, when), nullptr);
  FileCache big;
  big.put("/huge", entry(FileCache::kMaxFileBytes + 1));
  EXPECT_EQ(big.files(), 0u);
  // Served all the same, read for each request.
  write("big.js", std::string(FileCache::kMaxFileBytes + 1, 'q'));
  HttpResponse response = get("/static/big.js");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.content().size(), FileCache::kMaxFileBytes + 1);
  EXPECT_EQ(site_.files->files(), 0u);
}

}  // namespace
}  // namespace chancery::web
