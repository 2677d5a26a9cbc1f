// RunLock: one crawl per database. An exclusive flock(2) on "<db>.lock" beside the database,
// held for the lifetime of the RunLock object and released by the kernel if the process dies
// (kill -9 included), so a stale lock never needs cleaning up. Move-only; not thread-safe.
// flock locks belong to the open file description: two RunLocks in one process also exclude
// each other.
#ifndef NEWSCRAWL_RUN_LOCK_H_
#define NEWSCRAWL_RUN_LOCK_H_

#include <string>

#include "newscrawl/core/status.h"

namespace newscrawl {

class RunLock {
 public:
  // Takes the lock without waiting. kLocked (message naming the lock file) if another run
  // holds it; kIoError if the lock file cannot be created.
  static Result<RunLock> Acquire(const std::string& db_path);

  static std::string LockPathFor(const std::string& db_path) { return db_path + ".lock"; }

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

  const std::string& path() const { return path_; }

  // Releases the lock and removes the lock file if this lock created it: for a command whose
  // database then failed to open, so a failed run leaves no file behind.
  void ReleaseAndRemoveIfCreated();

 private:
  RunLock(int fd, std::string path, bool created) : fd_(fd), path_(std::move(path)), created_(created) {}
  void Release();

  int fd_ = -1;  // owned
  std::string path_;
  bool created_ = false;  // the file did not exist before Acquire
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_RUN_LOCK_H_
