#include "newscrawl/store/run_lock.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store_test_util.h"

namespace newscrawl {
namespace {

TEST(RunLockTest, SecondAcquirerInTheSameProcessIsLockedOut) {
  testing::TempDir dir;
  const std::string db = dir.File("crawl.db");
  auto first = RunLock::Acquire(db);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = RunLock::Acquire(db);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().kind(), ErrorKind::kLocked);
  EXPECT_NE(second.status().message().find(db + ".lock"), std::string::npos);
  {
    RunLock moved = std::move(*first);  // moving keeps the lock held
    EXPECT_FALSE(RunLock::Acquire(db).ok());
  }
  EXPECT_TRUE(RunLock::Acquire(db).ok());  // released with the holder
}

TEST(RunLockTest, AnotherProcessIsLockedOutUntilTheHolderDies) {
  testing::TempDir dir;
  const std::string db = dir.File("crawl.db");
  auto held = RunLock::Acquire(db);
  ASSERT_TRUE(held.ok());
  auto child_result = [&] {
    const pid_t pid = ::fork();
    if (pid == 0) {
      auto lock = RunLock::Acquire(db);
      ::_exit(lock.ok() ? 0 : lock.status().kind() == ErrorKind::kLocked ? 3 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(child_result(), 3);
  held = Status(ErrorKind::kCancelled, "released");  // drop the lock
  EXPECT_EQ(child_result(), 0);

  // A holder killed with SIGKILL leaves no stale lock.
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t holder = ::fork();
  if (holder == 0) {
    auto lock = RunLock::Acquire(db);
    const char c = lock.ok() ? 'y' : 'n';
    [[maybe_unused]] const ssize_t n = ::write(ready[1], &c, 1);
    ::pause();
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ::close(ready[0]);
  ::close(ready[1]);
  ASSERT_EQ(c, 'y');
  EXPECT_EQ(RunLock::Acquire(db).status().kind(), ErrorKind::kLocked);
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  EXPECT_TRUE(RunLock::Acquire(db).ok());
}

}  // namespace
}  // namespace newscrawl
