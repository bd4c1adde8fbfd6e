// The worker pool and the dispatcher's answer when it is full: a bounded
// queue, 503 with Retry-After instead of unbounded waiting.
#include "web/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <random>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web/router.h"
#include "web/site.h"

namespace chancery::web {
namespace {

class WorkerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("chancery-pool-test-" + std::to_string(random()) + std::to_string(random()));
    ArchiveOptions options;
    options.dir = dir_;
    options.create = true;
    auto created = Archive::open(options);
    ASSERT_TRUE(created.has_value()) << created.error().describe();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::vector<std::unique_ptr<Archive>> one_reader() {
    ArchiveOptions options;
    options.dir = dir_;
    options.read_only = true;
    auto opened = Archive::open(options);
    EXPECT_TRUE(opened.has_value());
    std::vector<std::unique_ptr<Archive>> archives;
    if (opened) archives.push_back(std::move(*opened));
    return archives;
  }

  std::filesystem::path dir_;
};

TEST_F(WorkerPoolTest, RefusesJobsBeyondItsQueueAndRunsTheQueuedOnes) {
  WorkerPool pool(one_reader(), /*queue_capacity=*/1);
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.try_submit([&](Archive&) {
    started.set_value();
    released.wait();
    ++ran;
  }));
  started.get_future().wait();  // the worker is busy; the queue is empty
  EXPECT_TRUE(pool.try_submit([&](Archive&) { ++ran; }));   // fills the queue
  EXPECT_FALSE(pool.try_submit([&](Archive&) { ++ran; }));  // refused
  EXPECT_EQ(pool.queued(), 1u);
  release.set_value();
  pool.shutdown();
  EXPECT_EQ(ran.load(), 2);
  EXPECT_FALSE(pool.try_submit([&](Archive&) { ++ran; }));  // closed
}

TEST_F(WorkerPoolTest, DispatcherAnswers503WithRetryAfterWhenTheQueueIsFull) {
  auto site = make_site(std::filesystem::path(CHANCERY_SOURCE_DIR) / "web", "http://h");
  ASSERT_TRUE(site.has_value());
  Router router;
  register_routes(router);
  WorkerPool pool(one_reader(), /*queue_capacity=*/0);
  Dispatcher dispatcher(router, **site, &pool);

  HttpRequest request;
  request.method = "GET";
  request.target = request.path = "/api/v1/collections";
  HttpResponse answered;
  dispatcher.dispatch(request, [&](HttpResponse r) { answered = std::move(r); });
  EXPECT_EQ(answered.status, 503);
  bool retry_after = false;
  for (const auto& [name, value] : answered.headers) retry_after |= name == "Retry-After" && value == "1";
  EXPECT_TRUE(retry_after);

  // Routes that do not need the archive are answered without the pool.
  request.target = request.path = "/healthz";
  dispatcher.dispatch(request, [&](HttpResponse r) { answered = std::move(r); });
  EXPECT_EQ(answered.status, 200);
}

}  // namespace
}  // namespace chancery::web
