#include "newscrawl/discovery/feed.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "newscrawl/discovery/sitemap.h"
#include "newscrawl/core/ascii.h"
#include "newscrawl/core/text.h"
#include "newscrawl/core/time_parse.h"
#include "xml_reader.h"

namespace newscrawl {
namespace {

using discovery::NoRootElementError;
using discovery::XmlReader;

// Everything read from one <item>/<entry> before choosing its link and date.
struct RawItem {
  std::string link_text;        // RSS <link>text</link>
  std::string alternate_href;   // Atom-style <link rel="alternate" href> (or no rel)
  std::string other_href;       // the first other <link href>
  std::string guid;
  bool guid_is_permalink = true;
  std::string about;            // RSS 1.0 rdf:about
  std::string title;
  std::string published;        // pubDate, dc:date, published, issued
  std::string updated;          // updated, modified
};

bool IsHttpUrl(std::string_view s) {
  const std::string lower = AsciiLower(s.substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

std::string CleanUrl(std::string_view s) { return SanitizeUtf8(TrimAscii(s)); }

FeedItem Finish(RawItem raw) {
  FeedItem item;
  item.title = std::move(raw.title);
  item.guid = !raw.guid.empty() ? raw.guid : raw.about;
  if (!raw.link_text.empty()) {
    item.link = std::move(raw.link_text);
  } else if (!raw.alternate_href.empty()) {
    item.link = std::move(raw.alternate_href);
  } else if (!raw.other_href.empty()) {
    item.link = std::move(raw.other_href);
  } else if (raw.guid_is_permalink && IsHttpUrl(raw.guid)) {
    item.link = raw.guid;
  } else {
    item.link = raw.about;
  }
  const std::string& date = raw.published.empty() ? raw.updated : raw.published;
  item.published = NormalizeDateTime(TrimAscii(date)).value_or("");
  return item;
}

// Reads one child element of an item into `raw`; leaves the reader on the child's end (or on the
// child itself when it is empty).
void ReadItemField(XmlReader& reader, std::string_view name, RawItem& raw) {
  if (name == "link") {
    const auto href = reader.Attribute("href");
    if (href) {
      const std::string rel = AsciiLower(TrimAscii(reader.Attribute("rel").value_or("alternate")));
      std::string& slot = rel == "alternate" ? raw.alternate_href : raw.other_href;
      if (slot.empty()) slot = CleanUrl(*href);
      reader.ReadElementText();
    } else if (raw.link_text.empty()) {
      raw.link_text = CleanUrl(reader.ReadElementText());
    }
  } else if (name == "title") {
    if (raw.title.empty()) raw.title = CleanText(reader.ReadElementText());
  } else if (name == "guid" || name == "id") {
    const auto permalink = reader.Attribute("isPermaLink");
    raw.guid_is_permalink = !permalink || AsciiLower(TrimAscii(*permalink)) != "false";
    raw.guid = CleanUrl(reader.ReadElementText());
  } else if (name == "pubDate" || name == "published" || name == "date" || name == "issued") {
    if (raw.published.empty()) raw.published = reader.ReadElementText(256);
  } else if (name == "updated" || name == "modified") {
    if (raw.updated.empty()) raw.updated = reader.ReadElementText(256);
  }
}

std::optional<std::int64_t> ItemTime(const FeedItem& item) {
  if (item.published.empty()) return std::nullopt;
  return ToUnixSeconds(item.published);
}

// What a feed format calls its items and where the feed's own <title> sits.
struct FeedShape {
  FeedFormat format = FeedFormat::kRss2;
  std::string_view item_name;
  int title_depth = 0;            // depth of the feed's own <title>
  std::string_view title_parent;  // and its parent
};

// The shape of a feed by its root element's local name; nullopt when it is no feed's root.
std::optional<FeedShape> ShapeOfRoot(std::string_view root) {
  if (root == "rss") return FeedShape{FeedFormat::kRss2, "item", 2, "channel"};
  if (root == "RDF") return FeedShape{FeedFormat::kRss1, "item", 2, "channel"};
  if (root == "feed") return FeedShape{FeedFormat::kAtom, "entry", 1, "feed"};
  return std::nullopt;
}

Result<Feed> ParseXmlFeed(std::string_view data, const FeedLimits& limits, XmlReader::Mode mode) {
  XmlReader reader(data, mode);
  if (!reader.valid()) return Status::ParseError("libxml2 could not create a reader");
  Feed feed;
  std::string root;
  FeedShape shape;
  std::optional<RawItem> raw;
  int item_depth = -1;
  std::vector<std::string> stack;  // local names of the open elements outside items

  while (reader.Next()) {
    if (reader.IsStart()) {
      const std::string_view name = reader.LocalName();
      const int depth = reader.Depth();
      if (root.empty()) {
        root = name;
        const std::optional<FeedShape> known = ShapeOfRoot(root);
        if (!known) return Status(ErrorKind::kUnsupported, "root element <" + root + "> is not a feed");
        shape = *known;
        feed.format = shape.format;
        stack.push_back(root);
        continue;
      }
      if (raw) {
        if (depth == item_depth + 1) ReadItemField(reader, name, *raw);
        continue;
      }
      if (name == shape.item_name) {
        if (reader.IsEmptyElement()) continue;
        raw.emplace();
        item_depth = depth;
        raw->about = CleanUrl(reader.Attribute("rdf:about").value_or(""));
        continue;
      }
      if (name == "title" && feed.title.empty() && depth == shape.title_depth &&
          !stack.empty() && stack.back() == shape.title_parent) {
        feed.title = CleanText(reader.ReadElementText());
        continue;
      }
      if (!reader.IsEmptyElement() && stack.size() < 64) stack.push_back(std::string(name));
    } else if (reader.IsEnd()) {
      const int depth = reader.Depth();
      if (raw) {
        if (depth != item_depth) continue;
        if (feed.items.size() < limits.max_items) {
          feed.items.push_back(Finish(std::move(*raw)));
        } else {
          ++feed.dropped;
        }
        raw.reset();
      } else if (!stack.empty() && static_cast<int>(stack.size()) == depth + 1) {
        stack.pop_back();
      }
    }
  }
  if (root.empty()) return NoRootElementError(reader);
  feed.malformed = reader.failed() || reader.error_count() > 0;
  return feed;
}

}  // namespace

Result<Feed> ParseFeed(std::string_view data, const FeedLimits& limits) {
  std::string inflated;
  if (LooksGzipped(data)) {
    auto result = Gunzip(data, limits.max_bytes);
    if (!result.ok()) return result.status();
    inflated = std::move(result).value();
    data = inflated;
  }
  if (data.size() > limits.max_bytes) {
    return Status::TooLarge("feed over " + std::to_string(limits.max_bytes) + " bytes");
  }
  std::string repaired;
  data = discovery::RepairUtf8(data, &repaired);
  return discovery::ParseWithRecovery<Feed>(
      data, [&](std::string_view d, XmlReader::Mode mode) { return ParseXmlFeed(d, limits, mode); },
      [](const Feed& parsed) -> const auto& { return parsed.items; });
}

void SortNewestFirst(std::vector<FeedItem>& items) { discovery::SortNewestFirstBy(items, ItemTime); }

}  // namespace newscrawl
