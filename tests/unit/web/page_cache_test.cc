// Kept pages end to end: a reading room (dispatcher, worker pool, read-only
// archive, page cache) while another Archive writes to the same folder, as
// `chancery import` and `chancery names` do beside a running server. A kept
// page is served again only while nothing it shows has changed: a re-import,
// a new record or a new authority shows on the very next request.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>

#include "archive/archive.h"
#include "archive/names_authority.h"
#include "archive/names_directory.h"
#include "archive/store_version.h"
#include "web/archive_versions.h"
#include "web/content_encoding.h"
#include "web/dispatcher.h"
#include "web/response_cache.h"
#include "web/router.h"
#include "web/site.h"
#include "web/url.h"
#include "web/worker_pool.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

std::string record_text(const std::string& title, const std::string& body) {
  return "**November 3, 1956**  \n**" + title +
         "**\n\n**Citation:**\n\n\"" + title +
         "\", November 3, 1956, Test Archive.  \n<https://archive.example.org/document/555001>\n\n"
         "**Original Language:**\n\nRussian\n\n" + body + "\n";
}

class PageCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir("page-cache-test");
    writer_ = testing::create_archive(dir_ / "archive");
    ASSERT_NE(writer_, nullptr);
    import("Old Title of the Telegram", "Ambassador Bohlen met the minister.");

    site_ = testing::test_site();
    ASSERT_NE(site_, nullptr);
    site_->names = archive_name_directory(dir_ / "archive");
    site_->versions = testing::store_versions(dir_ / "archive");
    ASSERT_NE(site_->versions, nullptr);
    site_->responses = std::make_shared<ResponseCache>(ResponseCache::Limits{});
    register_routes(router_);

    ArchiveOptions reader_options;
    reader_options.dir = dir_ / "archive";
    reader_options.read_only = true;
    auto reader = Archive::open(reader_options);
    ASSERT_TRUE(reader.has_value()) << reader.error().describe();
    std::vector<std::unique_ptr<Archive>> readers;
    readers.push_back(std::move(*reader));
    // A zero refresh interval: the worker refreshes before every job, so the
    // index side is as fresh as the store side and nothing here waits.
    pool_ = std::make_unique<WorkerPool>(std::move(readers), 16, std::chrono::milliseconds(0),
                                         [versions = site_->versions](Archive& archive) {
                                           versions->note_index(archive.index().revision());
                                         });
    dispatcher_ = std::make_unique<Dispatcher>(router_, *site_, pool_.get());
  }

  void TearDown() override {
    dispatcher_.reset();
    pool_.reset();
    site_.reset();
    writer_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void import(const std::string& title, const std::string& body, const std::string& name = "r.txt") {
    std::filesystem::path file = dir_ / name;
    std::ofstream(file, std::ios::binary | std::ios::trunc) << record_text(title, body);
    FileImportReport report = writer_->import_file(file);
    ASSERT_NE(report.status, ImportStatus::kFailed) << (report.error ? report.error->describe() : "");
  }

  HttpResponse get(const std::string& target, const std::string& if_none_match = "",
                   const std::string& accept_encoding = "") {
    HttpRequest request = testing::request_for(target);
    if (!if_none_match.empty()) request.headers.emplace("if-none-match", if_none_match);
    if (!accept_encoding.empty()) request.headers.emplace("accept-encoding", accept_encoding);
    std::promise<HttpResponse> answered;
    dispatcher_->dispatch(std::move(request), [&answered](HttpResponse r) { answered.set_value(std::move(r)); });
    HttpResponse response = answered.get_future().get();
    // What the server sends (a kept page's body comes shared).
    if (response.shared_body) {
      EXPECT_TRUE(response.body.empty());
      response.body = *response.shared_body;
    }
    return response;
  }

  static std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [n, v] : response.headers) {
      if (n == name) return v;
    }
    return {};
  }

  std::filesystem::path dir_;
  std::unique_ptr<Archive> writer_;
  std::unique_ptr<Site> site_;
  Router router_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(PageCacheTest, ARepeatedRequestIsServedFromTheCacheWithAnETag) {
  HttpResponse first = get("/document/555001");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(site_->responses->stats().hits, 0u);
  HttpResponse second = get("/document/555001");
  EXPECT_EQ(site_->responses->stats().hits, 1u);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.route, "document");
  const std::string etag = header(first, "ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(header(second, "ETag"), etag);
  EXPECT_EQ(header(first, "Cache-Control"), "no-cache");
  EXPECT_FALSE(header(second, "Content-Security-Policy").empty());

  HttpResponse revalidated = get("/document/555001", "\"other\", " + etag);
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());
  EXPECT_EQ(header(revalidated, "ETag"), etag);
  EXPECT_EQ(get("/document/555001", "\"other\"").status, 200);

  // Another query string is another page.
  HttpResponse search = get("/search?q=telegram");
  HttpResponse other = get("/search?q=minister");
  EXPECT_NE(search.body, other.body);
  EXPECT_EQ(get("/search?q=telegram").body, search.body);
}

TEST_F(PageCacheTest, AReimportShowsOnTheNextRequest) {
  HttpResponse before = get("/document/555001");
  ASSERT_EQ(before.status, 200);
  ASSERT_NE(before.body.find("Old Title of the Telegram"), std::string::npos);
  get("/document/555001");
  ASSERT_EQ(site_->responses->stats().hits, 1u);

  import("New Title of the Telegram", "Ambassador Bohlen met the minister.");
  HttpResponse after = get("/document/555001");
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.body.find("New Title of the Telegram"), std::string::npos);
  EXPECT_EQ(after.body.find("Old Title of the Telegram"), std::string::npos);
  EXPECT_NE(header(after, "ETag"), header(before, "ETag"));
}

TEST_F(PageCacheTest, ANewRecordShowsInTheNextSearch) {
  HttpResponse before = get("/search?q=zeppelin");
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.body.find("/document/555002"), std::string::npos);
  get("/search?q=zeppelin");
  ASSERT_EQ(site_->responses->stats().hits, 1u);

  std::filesystem::path file = dir_ / "new.txt";
  std::string text = record_text("A Zeppelin over the Capital", "The zeppelin was seen.");
  text.replace(text.find("555001"), 6, "555002");
  std::ofstream(file, std::ios::binary) << text;
  ASSERT_NE(writer_->import_file(file).status, ImportStatus::kFailed);

  HttpResponse after = get("/search?q=zeppelin");
  EXPECT_NE(after.body.find("/document/555002"), std::string::npos);
}

TEST_F(PageCacheTest, ANewAuthorityShowsOnTheNextRequest) {
  HttpResponse before = get("/document/555001");
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.body.find("data-authority=\"person/bohlen\""), std::string::npos);
  get("/document/555001");
  ASSERT_EQ(site_->responses->stats().hits, 1u);

  Authority bohlen;
  bohlen.id = "person/bohlen";
  bohlen.name = "Bohlen, Charles E.";
  bohlen.kind = "person";
  EntityMeta meta;
  meta.title = bohlen.name;
  ASSERT_TRUE(writer_->store().put(EntityKind::kAuthority, bohlen.id, to_json(bohlen).dump(), meta, "test"));
  ASSERT_TRUE(bump_names_generation(writer_->store()));

  HttpResponse after = get("/document/555001");
  EXPECT_NE(after.body.find("data-authority=\"person/bohlen\""), std::string::npos);
}

TEST_F(PageCacheTest, KeepsOnlySuccessfulAnswers) {
  EXPECT_EQ(get("/document/no-such-record").status, 404);
  EXPECT_EQ(get("/document/no-such-record").status, 404);
  EXPECT_EQ(get("/search?page=0&q=x").status, 400);
  EXPECT_EQ(get("/search?page=0&q=x").status, 400);
  ResponseCacheStats stats = site_->responses->stats();
  EXPECT_EQ(stats.hits, 0u);
  EXPECT_EQ(stats.entries, 0u);
}

TEST_F(PageCacheTest, AKeptPageGoesCompressedOncePerCoding) {
  HttpResponse plain = get("/document/555001");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(header(plain, "Content-Encoding"), "");
  EXPECT_EQ(header(plain, "Vary"), "Accept-Encoding");
  const std::size_t kept_bytes = site_->responses->stats().bytes;
  std::size_t coded_bytes = 0;

  for (const std::string coding : {"gzip", "zstd"}) {
    const ContentCoding asked = coding == "gzip" ? ContentCoding::kGzip : ContentCoding::kZstd;
    // The kept page's first request in this coding is compressed on a
    // worker; the next is answered with the same copy.
    HttpResponse first = get("/document/555001", "", coding);
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(header(first, "Content-Encoding"), coding);
    EXPECT_EQ(header(first, "ETag"), coded_etag(header(plain, "ETag"), asked));
    EXPECT_LT(first.body.size(), plain.body.size());
    coded_bytes += first.body.size();
    HttpResponse second = get("/document/555001", "", coding);
    EXPECT_EQ(second.body, first.body);
    EXPECT_EQ(get("/document/555001", header(first, "ETag"), coding).status, 304);
  }
  // The two copies are counted in the page cache's bytes.
  EXPECT_EQ(site_->responses->stats().bytes, kept_bytes + coded_bytes);
  // Every one of those came from the one rendering.
  EXPECT_EQ(site_->responses->stats().misses, 1u);
  EXPECT_EQ(site_->responses->stats().hits, 6u);
  const std::string metrics = site_->metrics.render_prometheus();
  EXPECT_NE(metrics.find("chancery_http_compressed_responses_total{coding=\"gzip\"} 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("chancery_http_compressed_responses_total{coding=\"zstd\"} 2"), std::string::npos);

  // A page not kept yet goes compressed too; with compression off, none.
  EXPECT_EQ(header(get("/search?q=minister", "", "gzip"), "Content-Encoding"), "gzip");
  site_->compress = false;
  HttpResponse off = get("/search?q=telegram", "", "gzip, zstd");
  EXPECT_EQ(header(off, "Content-Encoding"), "");
  EXPECT_EQ(header(off, "Vary"), "");
}

}  // namespace
}  // namespace chancery::web
