#include "util/idle_thread.h"

#include <pthread.h>
#include <sched.h>

#include <utility>

namespace chancery {

IdleThread::~IdleThread() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  sched_param normal{};
  (void)pthread_setschedparam(thread_.native_handle(), SCHED_OTHER, &normal);
  thread_.join();
}

void IdleThread::start(Task task, bool idle_priority) {
  if (thread_.joinable()) return;
  thread_ = std::jthread([task = std::move(task), idle_priority](std::stop_token stop) {
    if (idle_priority) {
      sched_param param{};
      (void)pthread_setschedparam(pthread_self(), SCHED_IDLE, &param);
    }
    try {
      task(stop);
    } catch (...) {
      // What the task did stays; the rest is done when asked for.
    }
  });
}

}  // namespace chancery
