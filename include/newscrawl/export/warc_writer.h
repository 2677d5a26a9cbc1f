// WarcWriter: stored pages as a WARC/1.1 file (ISO 28500), for `newscrawl export --format warc`.
// The file starts with one warcinfo record; each page then gets a request record and a response
// record that name each other in WARC-Concurrent-To. Every record is its own gzip member, so the
// file is a valid .warc.gz that readers can seek into record by record.
//
// What the store keeps of a response is the decoded page (UTF-8) and when it was stored, not the
// status line or headers. The response record therefore carries a synthesized HTTP/1.1 200
// message with Content-Type text/html; charset=utf-8 and the page's Content-Length, and the
// request record a synthesized GET with the Host header; the warcinfo record says so.
//
// The writer hands each finished gzip member to a sink (a file, a test buffer); it owns nothing
// else. Not thread-safe.
#ifndef NEWSCRAWL_WARC_WRITER_H_
#define NEWSCRAWL_WARC_WRITER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newscrawl/core/status.h"

namespace newscrawl {

// One page to archive.
struct WarcPage {
  std::string url;              // WARC-Target-URI: the URL fetched
  std::int64_t fetched_at = 0;  // Unix seconds: WARC-Date of both records
  std::string html;             // the payload (UTF-8)
};

class WarcWriter {
 public:
  using Sink = std::function<Status(std::string_view gzip_member)>;
  explicit WarcWriter(Sink sink) : sink_(std::move(sink)) {}

  // The warcinfo record; `filename` (may be empty) goes into WARC-Filename, `created_at` into
  // WARC-Date. Call once, first: later records point at it with WARC-Warcinfo-ID.
  Status WriteWarcinfo(std::string_view filename, std::int64_t created_at, std::string_view software);
  // A request record and a response record for `page`.
  Status WritePage(const WarcPage& page);

  std::int64_t records_written() const { return records_; }

 private:
  Status Emit(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view block);

  Sink sink_;
  std::string warcinfo_id_;
  std::int64_t records_ = 0;
};

// The pieces, exposed for tests.
// RFC 4648 base32 (upper case, '=' padded): 20 SHA-1 bytes give 32 characters, no padding.
std::string Base32(std::string_view bytes);
// "sha1:" + Base32(SHA-1 of data): the WARC-Block-Digest / WARC-Payload-Digest form.
std::string WarcSha1Digest(std::string_view data);
// "<urn:uuid:xxxxxxxx-xxxx-4xxx-...>" from a random (version 4) UUID.
std::string NewWarcRecordId();
// 2024-05-01T08:00:00Z (WARC-Date, second precision).
std::string WarcDate(std::int64_t unix_seconds);
// `data` as one complete gzip member (RFC 1952). Errors: kIoError if zlib fails.
Result<std::string> GzipMember(std::string_view data);

}  // namespace newscrawl

#endif  // NEWSCRAWL_WARC_WRITER_H_
