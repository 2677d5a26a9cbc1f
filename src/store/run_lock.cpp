#include "newscrawl/store/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace newscrawl {

Result<RunLock> RunLock::Acquire(const std::string& db_path) {
  std::string path = LockPathFor(db_path);
  // O_EXCL first, to know whether this run made the file (and may remove it after a failed open).
  bool created = true;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST) {
    created = false;
    fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  }
  if (fd < 0) return Status::IoError("cannot open lock file " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);  // another run holds it, so the file was not ours to make
    if (err == EWOULDBLOCK) {
      return Status(ErrorKind::kLocked, "another newscrawl run is using " + db_path + " (lock file " + path +
                                            " is held); wait for it to finish");
    }
    return Status::IoError("cannot lock " + path + ": " + std::strerror(err));
  }
  // The holder's pid, for a person looking at the file; the lock itself is the flock.
  if (::ftruncate(fd, 0) == 0) {
    const std::string pid = std::to_string(::getpid()) + "\n";
    [[maybe_unused]] const ssize_t n = ::write(fd, pid.data(), pid.size());
  }
  return RunLock(fd, std::move(path), created);
}

RunLock::RunLock(RunLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), created_(other.created_) {}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    created_ = other.created_;
  }
  return *this;
}

RunLock::~RunLock() { Release(); }

void RunLock::ReleaseAndRemoveIfCreated() {
  if (fd_ < 0) return;
  // Unlinked while still held, so no other run can lock the old file and think it has the lock
  // while a new one is made.
  if (created_) ::unlink(path_.c_str());
  Release();
}

void RunLock::Release() {
  if (fd_ >= 0) {
    ::close(fd_);  // closing the last descriptor releases the flock
    fd_ = -1;
  }
}

}  // namespace newscrawl
