#include "web/worker_pool.h"

#include "archive/archive.h"

namespace chancery::web {

WorkerPool::WorkerPool(std::vector<std::unique_ptr<Archive>> archives, std::size_t queue_capacity,
                       std::chrono::milliseconds refresh_interval)
    : archives_(std::move(archives)), capacity_(queue_capacity), refresh_interval_(refresh_interval) {
  threads_.reserve(archives_.size());
  for (std::size_t i = 0; i < archives_.size(); ++i) {
    threads_.emplace_back([this, i] { run(i); });
  }
}

WorkerPool::~WorkerPool() { shutdown(); }

bool WorkerPool::try_submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_ || threads_.empty()) return false;
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::run(std::size_t worker) {
  Archive& archive = *archives_[worker];
  auto last_refresh = std::chrono::steady_clock::now();
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    auto now = std::chrono::steady_clock::now();
    if (now - last_refresh >= refresh_interval_) {
      // A failed refresh leaves the previous view in place; the job still runs.
      (void)archive.refresh();
      last_refresh = now;
    }
    job(archive);
  }
}

}  // namespace chancery::web
