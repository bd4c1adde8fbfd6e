#include "util/helper_thread.h"

namespace chancery {

HelperThread::~HelperThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void HelperThread::loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;   // stopping, nothing left
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();   // a packaged task: what it throws goes to its future
  }
}

}  // namespace chancery
