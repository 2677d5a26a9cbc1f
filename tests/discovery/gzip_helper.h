// Test helper: gzip-compresses a buffer with zlib, so tests build their .gz inputs themselves.
#ifndef NEWSCRAWL_TESTS_DISCOVERY_GZIP_HELPER_H_
#define NEWSCRAWL_TESTS_DISCOVERY_GZIP_HELPER_H_

#include <string>
#include <string_view>

#include <zlib.h>

namespace newscrawl::testing {

inline std::string GzipCompress(std::string_view data, int level = Z_BEST_COMPRESSION) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[64 * 1024];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = deflate(&zs, Z_FINISH);
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc == Z_OK || rc == Z_BUF_ERROR);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_DISCOVERY_GZIP_HELPER_H_
