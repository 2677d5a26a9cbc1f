// AtomicFile: an output file that appears at its path complete or not at all. Bytes go to a
// temporary file in the same folder (so the final rename never crosses file systems); Commit()
// flushes, fsyncs, renames it over the path and fsyncs the folder. A reader (node_exporter's
// textfile collector, a script picking up an export) never sees a half-written file, and a
// failed or abandoned write leaves the previous file as it was.
//
// Owns the temporary file: the destructor closes and removes it unless Commit() succeeded.
// Not thread-safe; one writer.
#ifndef NEWSCRAWL_ATOMIC_FILE_H_
#define NEWSCRAWL_ATOMIC_FILE_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "newscrawl/core/status.h"

namespace newscrawl {

class AtomicFile {
 public:
  // Creates "<path>.tmp.XXXXXX" beside `path`. Errors: kIoError (folder missing, no permission).
  static Result<AtomicFile> Create(const std::string& path);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  // The temporary file's stream, for fwrite/fprintf; valid until Commit() or destruction.
  std::FILE* stream() const { return file_; }
  Status Write(std::string_view bytes);

  // Makes the written bytes the file at path(). Errors: kIoError (a write failed earlier, disk
  // full, rename refused); the temporary file is removed and the old file kept.
  Status Commit();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }

 private:
  AtomicFile(std::string path, std::string temp_path, std::FILE* file)
      : path_(std::move(path)), temp_path_(std::move(temp_path)), file_(file) {}
  void Discard();

  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;  // owned; null once committed or discarded
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_ATOMIC_FILE_H_
