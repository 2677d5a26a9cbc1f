// Metadata rules of the generic extractor beyond FillFromMetadata(): titles without the
// " | Site name" suffix, bylines from rel=author / itemprop=author / byline markup, dates from
// Dublin Core terms and <time>, and the main image from og:image / twitter:image / JSON-LD.
// Pure functions over an HtmlDocument; thread-safe.
#ifndef NEWSCRAWL_EXTRACTORS_GENERIC_GENERIC_METADATA_H_
#define NEWSCRAWL_EXTRACTORS_GENERIC_GENERIC_METADATA_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/html/html_document.h"
#include "newscrawl/extract/page_metadata.h"

namespace newscrawl::generic {

// Names the page uses for its site: og:site_name, application-name, JSON-LD publisher, and the
// registrable-looking label of `host` ("nytimes" for www.nytimes.com).
std::vector<std::string> SiteNames(const PageMetadata& meta, std::string_view host);

// `title` without a site-name suffix or prefix (" | Site", " - Site", " — Site", "Site: "...).
// A part is removed when it names the site (compared without case, spaces or punctuation), or,
// after " | ", when it is a short tail (at most 4 words) behind a longer title.
std::string StripSiteName(std::string_view title, const std::vector<std::string>& site_names);

// The byline as printed in the page: rel=author links, itemprop=author, or byline/author markup
// (short text only). nullopt when none.
std::optional<std::string> FindByline(HtmlNode root);

// Publication / modification times from Dublin Core terms, itemprop and <time> markup,
// normalised (NormalizeDateTime). nullopt when none parses.
std::optional<std::string> FindPublished(HtmlNode root, const PageMetadata& meta);
std::optional<std::string> FindUpdated(HtmlNode root, const PageMetadata& meta);

// The page's declared main image (og:image, twitter:image, JSON-LD image), absolute; nullopt
// when none.
std::optional<std::string> MainImage(const PageMetadata& meta, std::string_view base_url);

}  // namespace newscrawl::generic

#endif  // NEWSCRAWL_EXTRACTORS_GENERIC_GENERIC_METADATA_H_
