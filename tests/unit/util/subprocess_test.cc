// Running other programs: exit statuses, captured output, time limits.
#include "util/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace chancery {
namespace {

using namespace std::chrono_literals;

TEST(Subprocess, ExitStatusAndBothStreams) {
  auto ran = run_process({"sh", "-c", "echo to-out; echo to-err >&2; exit 3"}, 10s);
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(ran->exit_status, 3);
  EXPECT_NE(ran->output.find("to-out"), std::string::npos);
  EXPECT_NE(ran->output.find("to-err"), std::string::npos);
}

TEST(Subprocess, ArgumentsAreNotShellWords) {
  auto ran = run_process({"printf", "%s|", "a b", "$HOME", "; rm -rf /"}, 10s);
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->exit_status, 0);
  EXPECT_EQ(ran->output, "a b|$HOME|; rm -rf /|");
}

TEST(Subprocess, OutputKeepsItsLastPartOnly) {
  auto ran = run_process({"sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x; echo END"}, 30s);
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->exit_status, 0);
  EXPECT_EQ(ran->output.size(), 64u * 1024u);
  EXPECT_TRUE(ran->output.ends_with("xEND\n"));
}

TEST(Subprocess, KilledAfterItsTime) {
  auto ran = run_process({"sleep", "30"}, 200ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->exit_status, 128 + SIGKILL);
  // Also when it closed its output and lingers.
  ran = run_process({"sh", "-c", "exec >/dev/null 2>&1; sleep 30"}, 200ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->exit_status, 128 + SIGKILL);
}

TEST(Subprocess, MissingProgram) {
  auto ran = run_process({"chancery-no-such-program"}, 10s);
  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().code, ErrorCode::kIo);
  EXPECT_NE(ran.error().message.find("chancery-no-such-program"), std::string::npos);
  EXPECT_FALSE(run_foreground({"chancery-no-such-program"}));
  EXPECT_FALSE(run_process({}, 1s));
}

TEST(Subprocess, ForegroundInItsOwnGroup) {
  // A child that signals its whole group (as Xapian's servers do on SIGTERM)
  // reaches only its own group, not this test.
  auto status = run_foreground({"sh", "-c", "kill -TERM 0; exit 5"});
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, 128 + SIGTERM);
  status = run_foreground({"sh", "-c", "exit 4"});
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, 4);
}

}  // namespace
}  // namespace chancery
