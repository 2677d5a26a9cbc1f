// Gunzip with an output cap: the one decompressor discovery uses, so the bomb guard lives in one
// place.
#include <climits>
#include <string>

#include <zlib.h>

#include "newscrawl/discovery/sitemap.h"

namespace newscrawl {
namespace {

// Owns an inflate stream; inflateEnd runs on every return path.
class Inflater {
 public:
  Inflater() { ok_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK; }  // 16+: gzip wrapper only
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool ok() const { return ok_; }
  z_stream* get() { return &stream_; }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

}  // namespace

bool LooksGzipped(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

Result<std::string> Gunzip(std::string_view data, std::size_t max_output) {
  if (data.size() > UINT_MAX) return Status::TooLarge("compressed input over 4 GiB");
  Inflater inflater;
  if (!inflater.ok()) return Status::IoError("zlib inflateInit2 failed");
  z_stream* zs = inflater.get();
  // zlib's API is not const-correct; it never writes through next_in.
  zs->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs->avail_in = static_cast<uInt>(data.size());

  std::string out;
  char buffer[64 * 1024];
  while (true) {
    zs->next_out = reinterpret_cast<Bytef*>(buffer);
    zs->avail_out = sizeof buffer;
    const int rc = inflate(zs, Z_NO_FLUSH);
    const std::size_t produced = sizeof buffer - zs->avail_out;
    if (produced > max_output - out.size()) {
      return Status::TooLarge("gzip output over " + std::to_string(max_output) + " bytes");
    }
    out.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      // Concatenated members (RFC 1952 §2.2) are one file; anything else after the end is ignored.
      const std::string_view rest(reinterpret_cast<const char*>(zs->next_in), zs->avail_in);
      if (!LooksGzipped(rest)) break;
      if (inflateReset(zs) != Z_OK) return Status::ParseError("gzip: cannot reset stream");
      continue;
    }
    if (rc == Z_BUF_ERROR && zs->avail_in == 0) return Status::ParseError("gzip: truncated input");
    if (rc != Z_OK) {
      return Status::ParseError(std::string("gzip: ") + (zs->msg ? zs->msg : "corrupt data"));
    }
  }
  return out;
}

}  // namespace newscrawl
