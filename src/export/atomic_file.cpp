#include "newscrawl/export/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

namespace newscrawl {
namespace {

Status Errno(const std::string& what) { return Status::IoError(what + ": " + std::strerror(errno)); }

// mkstemp creates the file 0600; the final file gets what open(2) would have given it (0666
// less the umask), so a collector running as another user can read it.
void ApplyUmaskMode(int fd) {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  (void)::fchmod(fd, 0666 & ~mask);
}

}  // namespace

Result<AtomicFile> AtomicFile::Create(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("empty output path");
  std::vector<char> tmpl(path.begin(), path.end());
  for (char c : std::string_view(".tmp.XXXXXX")) tmpl.push_back(c);
  tmpl.push_back('\0');
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return Errno("cannot create a temporary file beside " + path);
  ApplyUmaskMode(fd);
  std::FILE* f = ::fdopen(fd, "wb");
  if (f == nullptr) {
    Status s = Errno("fdopen " + std::string(tmpl.data()));
    ::close(fd);
    ::unlink(tmpl.data());
    return s;
  }
  return AtomicFile(path, std::string(tmpl.data()), f);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)), temp_path_(std::move(other.temp_path_)), file_(std::exchange(other.file_, nullptr)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    Discard();
    path_ = std::move(other.path_);
    temp_path_ = std::move(other.temp_path_);
    file_ = std::exchange(other.file_, nullptr);
  }
  return *this;
}

AtomicFile::~AtomicFile() { Discard(); }

void AtomicFile::Discard() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  file_ = nullptr;
  ::unlink(temp_path_.c_str());
}

Status AtomicFile::Write(std::string_view bytes) {
  if (file_ == nullptr) return Status::IoError("write to a closed file " + path_);
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) return Errno("cannot write " + temp_path_);
  return Status::Ok();
}

Status AtomicFile::Commit() {
  if (file_ == nullptr) return Status::IoError("commit of a closed file " + path_);
  Status s;
  if (std::fflush(file_) != 0 || std::ferror(file_)) {
    s = Errno("cannot write " + temp_path_);
  } else if (::fsync(::fileno(file_)) != 0) {
    s = Errno("fsync " + temp_path_);
  }
  if (!s.ok()) {
    Discard();
    return s;
  }
  const int rc = std::fclose(std::exchange(file_, nullptr));
  if (rc != 0) {
    s = Errno("close " + temp_path_);
  } else if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    s = Errno("cannot rename " + temp_path_ + " to " + path_);
  }
  if (!s.ok()) {
    ::unlink(temp_path_.c_str());
    return s;
  }
  // The rename itself is durable only once the folder is synced.
  std::filesystem::path dir = std::filesystem::path(path_).parent_path();
  if (dir.empty()) dir = ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

}  // namespace newscrawl
