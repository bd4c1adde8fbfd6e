// Running another program (the Xapian replication tools, replication.h):
// by its argument vector, never through a shell, with its output captured
// and bounded, and a time limit.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "util/error.h"

namespace chancery {

struct ProcessResult {
  int exit_status = 0;   // 0..255, or 128 + N for a process ended by signal N
  std::string output;    // standard output and error together, at most its last 64 KiB
};

// Runs argv[0] (looked up in PATH) with `argv` and waits for it. A process
// still running after `timeout` is killed (SIGKILL) and reported as ended by
// that signal. Fails with kIo when the program cannot be started.
Result<ProcessResult> run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

// Runs argv[0] (looked up in PATH) with this process's standard streams, in
// a process group of its own, until it ends; a SIGINT or SIGTERM this
// process gets meanwhile is passed on to it as SIGTERM. Its own group,
// because some servers end their whole group on SIGTERM (Xapian's TCP
// servers call killpg(0, SIGTERM)), which would take the caller's shell
// with them. Returns its exit status as run_process does; kIo when the
// program cannot be started.
Result<int> run_foreground(const std::vector<std::string>& argv);

}  // namespace chancery
