#include "web/worker_pool.h"

#include <pthread.h>

#include <string>

#include "archive/archive.h"

namespace chancery::web {

WorkerPool::WorkerPool(std::vector<std::unique_ptr<Archive>> archives, std::size_t queue_capacity,
                       std::chrono::milliseconds refresh_interval, RefreshHook on_refresh, AfterJob after_job)
    : archives_(std::move(archives)),
      capacity_(queue_capacity),
      refresh_interval_(refresh_interval),
      on_refresh_(std::move(on_refresh)),
      after_job_(std::move(after_job)) {
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
  (void)pthread_setname_np(pthread_self(), ("chancery-w" + std::to_string(worker % 100000)).c_str());
  Archive& archive = *archives_[worker];
  auto last_refresh = std::chrono::steady_clock::now();
  auto refresh_if_due = [&] {
    auto now = std::chrono::steady_clock::now();
    if (now - last_refresh < refresh_interval_) return;
    // A failed refresh leaves the previous view in place; the job still runs.
    (void)archive.refresh();
    last_refresh = now;
    if (on_refresh_) on_refresh_(archive);
  };
  if (on_refresh_) on_refresh_(archive);
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      auto ready = [this] { return stopping_ || !queue_.empty(); };
      // Idle workers wake each refresh interval (a zero interval refreshes
      // before every job and never while idle).
      bool woken = true;
      if (refresh_interval_.count() > 0) {
        woken = ready_.wait_for(lock, refresh_interval_, ready);
      } else {
        ready_.wait(lock, ready);
      }
      if (!woken) {
        lock.unlock();
        refresh_if_due();
        continue;
      }
      if (queue_.empty()) return;  // stopping and drained
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    refresh_if_due();
    job(archive);
    if (after_job_) after_job_();
  }
}

}  // namespace chancery::web
