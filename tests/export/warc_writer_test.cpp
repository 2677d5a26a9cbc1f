#include "newscrawl/export/warc_writer.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "export/warc_reader.h"

namespace newscrawl {
namespace {

using testing::ReadWarcGz;
using testing::WarcRecordRead;

TEST(WarcDigestTest, Base32FollowsRfc4648) {
  // RFC 4648 section 10 test vectors.
  EXPECT_EQ(Base32(""), "");
  EXPECT_EQ(Base32("f"), "MY======");
  EXPECT_EQ(Base32("fo"), "MZXQ====");
  EXPECT_EQ(Base32("foo"), "MZXW6===");
  EXPECT_EQ(Base32("foob"), "MZXW6YQ=");
  EXPECT_EQ(Base32("fooba"), "MZXW6YTB");
  EXPECT_EQ(Base32("foobar"), "MZXW6YTBOI======");
}

TEST(WarcDigestTest, Sha1DigestsMatchKnownValues) {
  // SHA-1("abc") = a9993e36...d89d (FIPS 180 example), in base32.
  EXPECT_EQ(WarcSha1Digest("abc"), "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
  EXPECT_EQ(WarcSha1Digest(""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
}

TEST(WarcDigestTest, RecordIdsAreUuidUrnsAndDistinct) {
  const std::regex re("<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewWarcRecordId();
    ASSERT_TRUE(std::regex_match(id, re)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000U);
}

TEST(WarcDigestTest, DatesAreUtcIso8601) {
  EXPECT_EQ(WarcDate(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(WarcDate(1750000000), "2025-06-15T15:06:40Z");
}

class WarcWriterTest : public ::testing::Test {
 protected:
  std::vector<WarcRecordRead> Write(const std::vector<WarcPage>& pages) {
    WarcWriter w([this](std::string_view m) {
      members_.emplace_back(m);
      file_.append(m);
      return Status::Ok();
    });
    EXPECT_TRUE(w.WriteWarcinfo("out.warc.gz", 1760000000, "newscrawl/test").ok());
    for (const WarcPage& p : pages) EXPECT_TRUE(w.WritePage(p).ok());
    EXPECT_EQ(w.records_written(), static_cast<std::int64_t>(1 + 2 * pages.size()));
    return ReadWarcGz(file_);
  }
  std::vector<std::string> members_;
  std::string file_;
};

TEST_F(WarcWriterTest, WarcinfoThenRequestAndResponsePerPageEachInItsOwnGzipMember) {
  const std::string html = "<html><body><p>Tiếng Việt có dấu\r\n\r\nand a blank line</p></body></html>";
  const std::string html2(300000, 'x');  // bigger than one inflate buffer
  const auto records = Write({{"https://baogialai.com.vn/tin/bai-1-post1.html?x=1#top", 1750000000, html},
                              {"http://127.0.0.1:8080", 1750000100, html2}});
  ASSERT_EQ(records.size(), 5U);
  ASSERT_EQ(members_.size(), 5U);
  std::size_t offset = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].member_offset, offset);
    offset += members_[i].size();
    EXPECT_EQ(records[i].version, "WARC/1.1");
    // Every record's block digest is over exactly its block.
    EXPECT_EQ(records[i].headers.at("WARC-Block-Digest"), WarcSha1Digest(records[i].block)) << i;
  }
  const WarcRecordRead& info = records[0];
  EXPECT_EQ(info.headers.at("WARC-Type"), "warcinfo");
  EXPECT_EQ(info.headers.at("WARC-Date"), "2025-10-09T08:53:20Z");
  EXPECT_EQ(info.headers.at("WARC-Filename"), "out.warc.gz");
  EXPECT_EQ(info.headers.at("Content-Type"), "application/warc-fields");
  EXPECT_NE(info.block.find("software: newscrawl/test\r\n"), std::string::npos);
  EXPECT_NE(info.block.find("synthesized"), std::string::npos);

  const WarcRecordRead& req = records[1];
  const WarcRecordRead& resp = records[2];
  EXPECT_EQ(req.headers.at("WARC-Type"), "request");
  EXPECT_EQ(resp.headers.at("WARC-Type"), "response");
  EXPECT_EQ(req.headers.at("WARC-Concurrent-To"), resp.headers.at("WARC-Record-ID"));
  EXPECT_EQ(resp.headers.at("WARC-Concurrent-To"), req.headers.at("WARC-Record-ID"));
  EXPECT_EQ(req.headers.at("WARC-Warcinfo-ID"), info.headers.at("WARC-Record-ID"));
  EXPECT_EQ(resp.headers.at("WARC-Target-URI"), "https://baogialai.com.vn/tin/bai-1-post1.html?x=1#top");
  EXPECT_EQ(resp.headers.at("WARC-Date"), "2025-06-15T15:06:40Z");
  EXPECT_EQ(req.headers.at("Content-Type"), "application/http;msgtype=request");
  EXPECT_EQ(resp.headers.at("Content-Type"), "application/http;msgtype=response");
  EXPECT_EQ(req.block, "GET /tin/bai-1-post1.html?x=1 HTTP/1.1\r\nHost: baogialai.com.vn\r\n\r\n");
  const std::size_t split = resp.block.find("\r\n\r\n");
  ASSERT_NE(split, std::string::npos);
  EXPECT_EQ(resp.block.substr(0, split + 4), "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                                                std::to_string(html.size()) + "\r\n\r\n");
  EXPECT_EQ(resp.block.substr(split + 4), html);
  EXPECT_EQ(resp.headers.at("WARC-Payload-Digest"), WarcSha1Digest(html));

  EXPECT_EQ(records[3].block, "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
  EXPECT_EQ(records[4].block.substr(records[4].block.find("\r\n\r\n") + 4), html2);
  std::set<std::string> ids;
  for (const auto& r : records) ids.insert(r.headers.at("WARC-Record-ID"));
  EXPECT_EQ(ids.size(), records.size());
}

TEST_F(WarcWriterTest, SinkFailureStopsTheWriter) {
  int calls = 0;
  WarcWriter w([&](std::string_view) {
    ++calls;
    return calls >= 2 ? Status::IoError("disk full") : Status::Ok();
  });
  ASSERT_TRUE(w.WriteWarcinfo("", 0, "t").ok());
  const Status s = w.WritePage({"http://a/", 0, "x"});
  EXPECT_EQ(s.kind(), ErrorKind::kIoError);
  EXPECT_EQ(w.records_written(), 1);
}

TEST(GzipMemberTest, RoundTripsThroughZlib) {
  const std::string data = "WARC/1.1\r\n" + std::string(100000, 'a');
  Result<std::string> gz = GzipMember(data);
  ASSERT_TRUE(gz.ok());
  ASSERT_GE(gz->size(), 18U);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
  EXPECT_LT(gz->size(), data.size() / 10);
}

}  // namespace
}  // namespace newscrawl
