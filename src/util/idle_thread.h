// One task on a thread of its own at idle priority (SCHED_IDLE: it runs only
// on a core no other thread wants), for work done ahead of the requests that
// would otherwise wait for it (related records, printed-index headings).
// Destroying it asks the task to stop (its stop_token) and raises the thread
// to normal priority to finish: on a busy machine an idle thread may wait
// seconds for a core. Whatever the task throws ends it alone.
#pragma once

#include <functional>
#include <stop_token>
#include <thread>

namespace chancery {

class IdleThread {
 public:
  using Task = std::function<void(std::stop_token stop)>;

  IdleThread() = default;
  ~IdleThread();
  IdleThread(const IdleThread&) = delete;
  IdleThread& operator=(const IdleThread&) = delete;

  // Runs `task` on a new thread, at idle priority unless `idle_priority` is
  // false (or the policy is refused). Does nothing when a task was started.
  void start(Task task, bool idle_priority = true);
  bool started() const { return thread_.joinable(); }

 private:
  std::jthread thread_;
};

}  // namespace chancery
