// Feed parsing for URL discovery: RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 (Atom 0.3 mostly works too).
// Elements are matched by local name, so namespace prefixes may vary; CDATA is read as text.
// Same hostile-input rules as sitemap.h: size cap, gzip bomb guard, item cap, no entity expansion,
// invalid UTF-8 repaired, malformed XML yields the items before the damage.
//
// Pure functions over caller-owned input; results own their strings. Thread-safe.
#ifndef NEWSCRAWL_FEED_H_
#define NEWSCRAWL_FEED_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/core/status.h"

namespace newscrawl {

struct FeedLimits {
  // Items stored; further ones are counted in Feed::dropped. Default: 10,000.
  std::size_t max_items = 10'000;
  // Largest (decompressed) document accepted. Default: 20 MiB.
  std::size_t max_bytes = 20 * 1024 * 1024;
};

enum class FeedFormat { kRss2, kRss1, kAtom };

struct FeedItem {
  // The article URL as written (may be relative). RSS: <link>, else an atom:link, else a permalink
  // <guid>, else rdf:about. Atom: <link rel="alternate"> (or without rel), else the first href.
  std::string link;
  std::string title;      // cleaned text (CleanText)
  std::string published;  // NormalizeDateTime form of pubDate / dc:date / published, else
                          // updated; "" if absent or unparsable
  std::string guid;       // <guid>, Atom <id> or rdf:about; "" if none
};

struct Feed {
  FeedFormat format = FeedFormat::kRss2;
  std::string title;             // channel / feed title, cleaned
  std::vector<FeedItem> items;   // document order
  std::size_t dropped = 0;       // items over FeedLimits::max_items
  bool malformed = false;        // the XML broke off; `items` holds what came before
};

// Errors: TooLarge, ParseError (corrupt gzip, no usable root), Unsupported (root is not rss,
// rdf:RDF or feed).
Result<Feed> ParseFeed(std::string_view data, const FeedLimits& limits = {});

// Stable sort: dated items newest first, then undated ones in feed order.
void SortNewestFirst(std::vector<FeedItem>& items);

}  // namespace newscrawl

#endif  // NEWSCRAWL_FEED_H_
