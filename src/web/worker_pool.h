// A fixed set of worker threads, each owning its own read-only Archive, fed
// by a bounded queue. Slow archive work (search, rendering documents) runs
// here so the I/O threads stay free for other connections; when the queue is
// full the server answers 503 instead of letting work pile up.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace chancery {
class Archive;
}

namespace chancery::web {

class WorkerPool {
 public:
  using Job = std::function<void(Archive&)>;

  // Called on a worker's thread after each refresh of its archive.
  using RefreshHook = std::function<void(Archive&)>;
  // Called on a worker's thread after each job.
  using AfterJob = std::function<void()>;

  // Starts one thread per archive. Each worker calls archive.refresh() when at
  // least `refresh_interval` has passed since its last refresh: before a job,
  // and while idle (so `on_refresh` learns of changes even when no job comes),
  // so imports by other processes become visible.
  WorkerPool(std::vector<std::unique_ptr<Archive>> archives, std::size_t queue_capacity,
             std::chrono::milliseconds refresh_interval = std::chrono::seconds(1), RefreshHook on_refresh = {},
             AfterJob after_job = {});
  // Finishes queued jobs, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false (and the job is dropped) when the queue is full or the
  // pool is shutting down.
  bool try_submit(Job job);
  // Stops taking jobs, runs the queued ones, joins the threads. Idempotent.
  void shutdown();
  std::size_t queued() const;

 private:
  void run(std::size_t worker);

  std::vector<std::unique_ptr<Archive>> archives_;
  std::size_t capacity_;
  std::chrono::milliseconds refresh_interval_;
  RefreshHook on_refresh_;
  AfterJob after_job_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace chancery::web
