// One long-lived thread that runs tasks handed to it, one at a time, in the
// order given. A search hands its second half of the work here instead of
// starting a thread for it: a new thread costs its start, and starts without
// what threads keep for themselves (stem memos, ICU transliterators), which
// cost more than the work handed over.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>

namespace chancery {

class HelperThread {
 public:
  HelperThread() = default;
  // Runs the tasks already handed over, then stops.
  ~HelperThread();
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;

  // Runs `task` on the thread (started on first use); its result, or the
  // exception it threw, comes through the future. Throws std::system_error
  // when no thread can be started.
  template <typename F>
  std::future<std::invoke_result_t<F&>> run(F task) {
    using R = std::invoke_result_t<F&>;
    auto packaged = std::make_shared<std::packaged_task<R()>>(std::move(task));
    std::future<R> result = packaged->get_future();
    {
      std::lock_guard lock(mutex_);
      if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
      tasks_.emplace_back([packaged] { (*packaged)(); });
    }
    wake_.notify_one();
    return result;
  }

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

// Waits for `future` (when it is valid) when destroyed: a task handed over
// with references to the caller's locals must end before they do, also when
// the caller leaves early by an exception. Declare it after those locals.
template <typename T>
class WaitOnExit {
 public:
  explicit WaitOnExit(std::future<T>& future) : future_(future) {}
  ~WaitOnExit() {
    if (future_.valid()) future_.wait();
  }
  WaitOnExit(const WaitOnExit&) = delete;
  WaitOnExit& operator=(const WaitOnExit&) = delete;

 private:
  std::future<T>& future_;
};

}  // namespace chancery
