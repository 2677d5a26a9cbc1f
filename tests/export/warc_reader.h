// A strict reader of gzipped WARC files for the tests, written from ISO 28500 and RFC 1952 and
// independent of WarcWriter: it splits the file into gzip members with zlib's inflate (each
// member must hold exactly one whole record), parses the record's header lines and checks that
// Content-Length bounds the block and the record ends with CRLF CRLF. Header-only test support.
#ifndef NEWSCRAWL_TESTS_EXPORT_WARC_READER_H_
#define NEWSCRAWL_TESTS_EXPORT_WARC_READER_H_

#include <zlib.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace newscrawl::testing {

struct WarcRecordRead {
  std::string version;                        // "WARC/1.1"
  std::map<std::string, std::string> headers;  // name as written → value
  std::string block;
  std::size_t member_offset = 0;  // where its gzip member starts in the file
};

// Throws std::runtime_error saying what is wrong.
inline std::vector<WarcRecordRead> ReadWarcGz(const std::string& file) {
  std::vector<WarcRecordRead> out;
  std::size_t pos = 0;
  while (pos < file.size()) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(file.data() + pos));
    zs.avail_in = static_cast<uInt>(file.size() - pos);
    std::string data;
    int rc = Z_OK;
    while (rc == Z_OK) {
      char buf[16384];
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      rc = inflate(&zs, Z_NO_FLUSH);
      data.append(buf, sizeof buf - zs.avail_out);
    }
    const std::size_t consumed = zs.total_in;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("gzip member at " + std::to_string(pos) + " does not end");
    WarcRecordRead r;
    r.member_offset = pos;
    pos += consumed;

    const std::size_t head_end = data.find("\r\n\r\n");
    if (head_end == std::string::npos) throw std::runtime_error("record without a header end");
    std::size_t line_start = 0;
    bool first = true;
    while (line_start < head_end) {
      std::size_t eol = data.find("\r\n", line_start);
      const std::string line = data.substr(line_start, eol - line_start);
      line_start = eol + 2;
      if (first) {
        r.version = line;
        first = false;
        continue;
      }
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos || colon == 0) throw std::runtime_error("bad header line: " + line);
      std::string value = line.substr(colon + 1);
      if (value.empty() || value[0] != ' ') throw std::runtime_error("no space after colon: " + line);
      if (!r.headers.emplace(line.substr(0, colon), value.substr(1)).second) {
        throw std::runtime_error("repeated header: " + line);
      }
    }
    const auto len = r.headers.find("Content-Length");
    if (len == r.headers.end()) throw std::runtime_error("record without Content-Length");
    const std::size_t n = std::stoull(len->second);
    const std::size_t block_start = head_end + 4;
    if (data.size() != block_start + n + 4) {
      throw std::runtime_error("member holds " + std::to_string(data.size()) + " bytes, record needs " +
                               std::to_string(block_start + n + 4));
    }
    if (data.compare(block_start + n, 4, "\r\n\r\n") != 0) throw std::runtime_error("record does not end in CRLF CRLF");
    r.block = data.substr(block_start, n);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_EXPORT_WARC_READER_H_
