#include "newscrawl/export/warc_writer.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <ctime>

namespace newscrawl {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Host (with a non-default port) and path + query of an absolute http(s) URL; the fragment is
// not sent in a request.
std::pair<std::string, std::string> HostAndTarget(std::string_view url) {
  std::string_view rest = url;
  if (const std::size_t scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const std::size_t slash = rest.find_first_of("/?");
  std::string host(rest.substr(0, slash));
  if (const std::size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  std::string target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (target.front() == '?') target.insert(0, "/");
  return {host, target};
}

}  // namespace

std::string Base32(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

std::string WarcSha1Digest(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // EVP_Digest fails only on allocation failure; a digest of nothing is then still well-formed.
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha1(), nullptr) != 1) len = 0;
  return "sha1:" + Base32(std::string_view(reinterpret_cast<const char*>(md), len));
}

std::string NewWarcRecordId() {
  // One generator per thread: seeding it reads the OS entropy source once.
  thread_local boost::uuids::random_generator gen;
  return "<urn:uuid:" + boost::uuids::to_string(gen()) + ">";
}

std::string WarcDate(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<std::string> GzipMember(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::IoError("zlib: deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const std::size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status::IoError("zlib: deflate did not finish (" + std::to_string(rc) + ")");
  out.resize(written);
  return out;
}

Status WarcWriter::Emit(const Headers& headers, std::string_view block) {
  std::string record = "WARC/1.1\r\n";
  for (const auto& [name, value] : headers) record += name + ": " + value + "\r\n";
  record += "WARC-Block-Digest: " + WarcSha1Digest(block) + "\r\n";
  record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  record.append(block);
  record += "\r\n\r\n";
  Result<std::string> member = GzipMember(record);
  if (!member.ok()) return member.status();
  if (Status s = sink_(*member); !s.ok()) return s;
  ++records_;
  return Status::Ok();
}

Status WarcWriter::WriteWarcinfo(std::string_view filename, std::int64_t created_at, std::string_view software) {
  warcinfo_id_ = NewWarcRecordId();
  Headers h = {{"WARC-Type", "warcinfo"}, {"WARC-Record-ID", warcinfo_id_}, {"WARC-Date", WarcDate(created_at)}};
  if (!filename.empty()) h.emplace_back("WARC-Filename", std::string(filename));
  h.emplace_back("Content-Type", "application/warc-fields");
  std::string fields = "software: " + std::string(software) + "\r\n";
  fields += "format: WARC File Format 1.1\r\n";
  fields += "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n";
  fields +=
      "description: raw pages from the newscrawl store. The store keeps the page decoded to UTF-8 and when it was "
      "stored, not the HTTP exchange: the request records and the status lines and headers of the response records "
      "are synthesized (GET with Host; 200 OK with Content-Type text/html; charset=utf-8 and Content-Length).\r\n";
  return Emit(h, fields);
}

Status WarcWriter::WritePage(const WarcPage& page) {
  const std::string request_id = NewWarcRecordId();
  const std::string response_id = NewWarcRecordId();
  const std::string date = WarcDate(page.fetched_at);
  const auto [host, target] = HostAndTarget(page.url);

  Headers req = {{"WARC-Type", "request"},          {"WARC-Record-ID", request_id},
                 {"WARC-Date", date},               {"WARC-Target-URI", page.url},
                 {"WARC-Concurrent-To", response_id}};
  if (!warcinfo_id_.empty()) req.emplace_back("WARC-Warcinfo-ID", warcinfo_id_);
  req.emplace_back("Content-Type", "application/http;msgtype=request");
  if (Status s = Emit(req, "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n"); !s.ok()) return s;

  std::string block = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                      std::to_string(page.html.size()) + "\r\n\r\n";
  block += page.html;
  Headers resp = {{"WARC-Type", "response"},       {"WARC-Record-ID", response_id},
                  {"WARC-Date", date},             {"WARC-Target-URI", page.url},
                  {"WARC-Concurrent-To", request_id}};
  if (!warcinfo_id_.empty()) resp.emplace_back("WARC-Warcinfo-ID", warcinfo_id_);
  resp.emplace_back("Content-Type", "application/http;msgtype=response");
  resp.emplace_back("WARC-Payload-Digest", WarcSha1Digest(page.html));
  return Emit(resp, block);
}

}  // namespace newscrawl
