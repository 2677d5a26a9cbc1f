// Sitemap parsing for URL discovery (https://www.sitemaps.org/protocol.html): XML <urlset> and
// <sitemapindex>, plain-text sitemaps (one URL per line), gzip-compressed files, and the Google
// News extension (<news:publication_date>, <news:title>). Also the gzip decoder with the size cap
// that guards every decompression in newscrawl against gzip bombs.
//
// Hostile input is expected: sizes are capped before and during decompression, URL counts are
// capped (the excess is counted, not stored), XML entities are never expanded (no XXE, no billion
// laughs), malformed XML yields what parsed before the damage, invalid UTF-8 is repaired.
// Following index entries (and not following an index that lists itself) is the crawler's job;
// `loc` values are returned as written, relative ones included, for the crawler to resolve.
//
// Pure functions over caller-owned input; results own their strings. Thread-safe.
#ifndef NEWSCRAWL_SITEMAP_H_
#define NEWSCRAWL_SITEMAP_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/core/status.h"

namespace newscrawl {

// Whether `data` starts with the gzip magic bytes (1f 8b).
bool LooksGzipped(std::string_view data);

// Inflates a gzip stream (several concatenated members are joined), never producing more than
// `max_output` bytes: over that it stops and returns TooLarge, so a bomb costs at most
// max_output + 64 KiB of memory. Corrupt or truncated input returns ParseError.
Result<std::string> Gunzip(std::string_view data, std::size_t max_output);

struct SitemapLimits {
  // Entries stored; further ones are only counted in Sitemap::dropped. Default: 50,000 (the
  // protocol's maximum per file).
  std::size_t max_urls = 50'000;
  // Largest (decompressed) document accepted. Default: 50 MiB (the protocol's maximum).
  std::size_t max_bytes = 50 * 1024 * 1024;
};

enum class SitemapKind {
  kUrlSet,  // <urlset>: pages
  kIndex,   // <sitemapindex>: further sitemaps
  kText,    // plain text, one URL per line: pages
};

struct SitemapEntry {
  std::string loc;                    // as written (trimmed, valid UTF-8); may be relative
  std::string lastmod;                // NormalizeDateTime form; "" if absent or unparsable
  std::string news_publication_date;  // <news:publication_date>, normalised; "" if none
  std::string news_title;             // <news:title>, cleaned text; "" if none
};

struct Sitemap {
  SitemapKind kind = SitemapKind::kUrlSet;
  std::vector<SitemapEntry> entries;  // document order
  std::size_t dropped = 0;            // entries over SitemapLimits::max_urls
  bool malformed = false;             // the XML broke off; `entries` holds what came before
};

// Parses a sitemap, gunzipping it first if it is gzip-compressed. Errors: TooLarge (over
// max_bytes, compressed or not), ParseError (corrupt gzip, or XML without any usable root),
// Unsupported (well-formed XML whose root is neither <urlset> nor <sitemapindex>).
Result<Sitemap> ParseSitemap(std::string_view data, const SitemapLimits& limits = {});

// Stable sort: entries with a date (news_publication_date, else lastmod) newest first, then the
// undated ones in their original order.
void SortNewestFirst(std::vector<SitemapEntry>& entries);

}  // namespace newscrawl

#endif  // NEWSCRAWL_SITEMAP_H_
