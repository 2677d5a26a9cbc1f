#include "newscrawl/discovery/sitemap.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "newscrawl/core/ascii.h"
#include "newscrawl/core/text.h"
#include "newscrawl/core/time_parse.h"
#include "xml_reader.h"

namespace newscrawl {
namespace {

using discovery::NoRootElementError;
using discovery::XmlReader;

std::string NormalizedDate(std::string_view raw) {
  return NormalizeDateTime(TrimAscii(raw)).value_or("");
}

void Add(Sitemap& sitemap, SitemapEntry entry, const SitemapLimits& limits) {
  if (entry.loc.empty()) return;
  if (sitemap.entries.size() < limits.max_urls) {
    sitemap.entries.push_back(std::move(entry));
  } else {
    ++sitemap.dropped;
  }
}

// The protocol's text format: one absolute URL per line, nothing else. Lines that are not
// http(s) URLs are skipped rather than failing the file.
Sitemap ParseTextSitemap(std::string_view text, const SitemapLimits& limits) {
  Sitemap sitemap;
  sitemap.kind = SitemapKind::kText;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = TrimAscii(text.substr(pos, end - pos));
    pos = end + 1;
    const std::string lower = AsciiLower(line.substr(0, 8));
    if (lower.rfind("http://", 0) != 0 && lower.rfind("https://", 0) != 0) continue;
    SitemapEntry entry;
    entry.loc = SanitizeUtf8(line);
    Add(sitemap, std::move(entry), limits);
  }
  return sitemap;
}

// An element `below` levels inside an entry. Direct children only, and <news:news>'s: <image:loc>
// and <video:title> nest deeper and must not be taken. `in_news` says whether <news:news> is open.
void ReadEntryField(XmlReader& reader, std::string_view name, int below, bool& in_news, SitemapEntry& entry) {
  if (below == 1) {
    if (name == "loc") {
      entry.loc = SanitizeUtf8(TrimAscii(reader.ReadElementText()));
    } else if (name == "lastmod") {
      entry.lastmod = NormalizedDate(reader.ReadElementText());
    } else if (name == "news" && !reader.IsEmptyElement()) {
      in_news = true;
    }
  } else if (in_news && below == 2) {
    if (name == "publication_date") {
      entry.news_publication_date = NormalizedDate(reader.ReadElementText());
    } else if (name == "title") {
      entry.news_title = CleanText(reader.ReadElementText());
    }
  }
}

Result<Sitemap> ParseXmlSitemap(std::string_view xml, const SitemapLimits& limits,
                                XmlReader::Mode mode) {
  XmlReader reader(xml, mode);
  if (!reader.valid()) return Status::ParseError("libxml2 could not create a reader");
  Sitemap sitemap;
  std::string root;         // local name of the root element
  std::string entry_name;   // "url" or "sitemap"
  std::optional<SitemapEntry> entry;
  int entry_depth = -1;
  bool in_news = false;     // inside <news:news> of the current entry

  while (reader.Next()) {
    if (reader.IsStart()) {
      const std::string_view name = reader.LocalName();
      const int depth = reader.Depth();
      if (root.empty()) {
        root = name;
        if (root == "urlset") {
          sitemap.kind = SitemapKind::kUrlSet;
          entry_name = "url";
        } else if (root == "sitemapindex") {
          sitemap.kind = SitemapKind::kIndex;
          entry_name = "sitemap";
        } else {
          return Status(ErrorKind::kUnsupported, "root element <" + root + "> is not a sitemap");
        }
        continue;
      }
      if (!entry) {
        if (depth == 1 && name == entry_name && !reader.IsEmptyElement()) {
          entry.emplace();
          entry_depth = depth;
        }
        continue;
      }
      ReadEntryField(reader, name, depth - entry_depth, in_news, *entry);
    } else if (reader.IsEnd() && entry) {
      const int depth = reader.Depth();
      if (depth == entry_depth) {
        Add(sitemap, std::move(*entry), limits);
        entry.reset();
        in_news = false;
      } else if (depth == entry_depth + 1 && reader.LocalName() == "news") {
        in_news = false;
      }
    }
  }
  if (root.empty()) return NoRootElementError(reader);
  if (entry) Add(sitemap, std::move(*entry), limits);  // cut off inside an entry: keep its loc
  sitemap.malformed = reader.failed() || reader.error_count() > 0;
  return sitemap;
}

std::optional<std::int64_t> EntryTime(const SitemapEntry& e) {
  const std::string& date = e.news_publication_date.empty() ? e.lastmod : e.news_publication_date;
  if (date.empty()) return std::nullopt;
  return ToUnixSeconds(date);
}

}  // namespace

Result<Sitemap> ParseSitemap(std::string_view data, const SitemapLimits& limits) {
  std::string inflated;
  if (LooksGzipped(data)) {
    auto result = Gunzip(data, limits.max_bytes);
    if (!result.ok()) return result.status();
    inflated = std::move(result).value();
    data = inflated;
  }
  if (data.size() > limits.max_bytes) {
    return Status::TooLarge("sitemap over " + std::to_string(limits.max_bytes) + " bytes");
  }
  std::string repaired;
  data = discovery::RepairUtf8(data, &repaired);
  const std::string_view start = discovery::SkipBomAndSpace(data);
  if (start.empty()) return Status::ParseError("empty sitemap");
  if (start.front() != '<') return ParseTextSitemap(data, limits);
  return discovery::ParseWithRecovery<Sitemap>(
      data, [&](std::string_view d, XmlReader::Mode mode) { return ParseXmlSitemap(d, limits, mode); },
      [](const Sitemap& parsed) -> const auto& { return parsed.entries; });
}

void SortNewestFirst(std::vector<SitemapEntry>& entries) { discovery::SortNewestFirstBy(entries, EntryTime); }

}  // namespace newscrawl
