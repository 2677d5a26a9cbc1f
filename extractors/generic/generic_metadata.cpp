#include "generic_metadata.h"

#include <algorithm>

#include "../common/extract_helpers.h"
#include "newscrawl/html/selector.h"
#include "newscrawl/core/text.h"
#include "newscrawl/core/time_parse.h"

namespace newscrawl::generic {
namespace {

// Lower-case letters and digits only (ASCII folded; other scripts kept as they are), so that
// "The New York Times" and "nytimes" compare by content.
std::string Squash(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      out += c;
    } else if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    }
  }
  return out;
}

std::size_t Words(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool NamesSite(std::string_view part, const std::vector<std::string>& names) {
  const std::string p = Squash(part);
  if (p.empty()) return false;
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) {
    const std::string q = Squash(n);
    if (q.empty()) return false;
    return p == q || (q.size() >= 4 && p.find(q) != std::string::npos) ||
           (p.size() >= 4 && q.find(p) != std::string::npos);
  });
}

std::optional<std::string> DateFrom(std::string_view raw) {
  if (raw.empty()) return std::nullopt;
  return NormalizeDateTime(CleanText(raw), {});
}

std::optional<std::string> DateFromMarkup(HtmlNode root, const Selector& sel) {
  for (HtmlNode n : sel.SelectAll(root)) {
    std::string_view raw = n.AttrOr("datetime");
    if (raw.empty()) raw = n.AttrOr("content");
    if (auto d = DateFrom(raw)) return d;
    if (n.Tag() == "time") {
      if (auto d = DateFrom(n.Text())) return d;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> SiteNames(const PageMetadata& meta, std::string_view host) {
  std::vector<std::string> names;
  for (const char* key : {"og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site"}) {
    if (std::optional<std::string> v = meta.Meta(key)) {
      std::string name = *v;
      if (!name.empty() && name.front() == '@') name.erase(0, 1);
      names.push_back(name);
    }
  }
  for (const nlohmann::json& obj : meta.json_ld()) {
    auto pub = obj.find("publisher");
    if (pub != obj.end()) {
      if (std::optional<std::string> p = JsonLdText(*pub)) names.push_back(*p);
    }
    auto t = obj.find("@type");
    if (t != obj.end() && t->is_string() && (*t == "Organization" || *t == "NewsMediaOrganization" || *t == "WebSite")) {
      if (std::optional<std::string> n = obj.contains("name") ? JsonLdText(obj["name"]) : std::nullopt) {
        names.push_back(*n);
      }
    }
  }
  // The host's main label: "www.theguardian.com" → "theguardian", "edition.cnn.com" → "cnn".
  std::string h = AsciiLower(host);
  std::vector<std::string> labels;
  std::size_t start = 0;
  while (start <= h.size()) {
    std::size_t dot = h.find('.', start);
    if (dot == std::string::npos) dot = h.size();
    labels.push_back(h.substr(start, dot - start));
    start = dot + 1;
  }
  // Skip the public suffix's short labels ("co.uk", "com.au").
  while (labels.size() > 1 && labels.back().size() <= 3) labels.pop_back();
  if (!labels.empty() && labels.back().size() >= 3 && labels.back() != "www") names.push_back(labels.back());
  return names;
}

std::string StripSiteName(std::string_view title_in, const std::vector<std::string>& names) {
  std::string title = CleanText(title_in);
  static constexpr std::string_view kSeparators[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ",
                                                     " » ", " / ", " ｜ "};
  for (int round = 0; round < 2; ++round) {
    bool changed = false;
    // Suffix: the last separator.
    std::size_t best = std::string::npos;
    std::string_view best_sep;
    for (std::string_view sep : kSeparators) {
      const std::size_t at = title.rfind(sep);
      if (at != std::string::npos && at > 0 && (best == std::string::npos || at > best)) {
        best = at;
        best_sep = sep;
      }
    }
    if (best != std::string::npos) {
      const std::string prefix = title.substr(0, best);
      const std::string suffix = title.substr(best + best_sep.size());
      const bool short_tail = (best_sep == " | " || best_sep == " ｜ ") && Words(suffix) <= 4 &&
                              Words(prefix) > Words(suffix);
      if (NamesSite(suffix, names) || short_tail) {
        title = CleanText(prefix);
        changed = true;
      } else {
        // Prefix: "Site | Title" or "Site: Title".
        std::size_t first = std::string::npos;
        std::string_view first_sep;
        for (std::string_view sep : kSeparators) {
          const std::size_t at = title.find(sep);
          if (at != std::string::npos && at < first) {
            first = at;
            first_sep = sep;
          }
        }
        if (first != std::string::npos && NamesSite(title.substr(0, first), names)) {
          title = CleanText(title.substr(first + first_sep.size()));
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return title.empty() ? CleanText(title_in) : title;
}

std::optional<std::string> FindByline(HtmlNode root) {
  static const Selector kRelAuthor = Selector::MustParse("a[rel~=author], link[rel~=author][title]");
  static const Selector kItempropName = Selector::MustParse("[itemprop~=author] [itemprop=name]");
  static const Selector kItemprop = Selector::MustParse("[itemprop~=author]");
  static const Selector kClass = Selector::MustParse(
      ".byline, .by-line, .author-name, .author, [class*=byline], [class*=author-name], [class*=AuthorName], "
      "address.author");
  std::vector<std::string> names;
  for (HtmlNode n : kRelAuthor.SelectAll(root)) {
    std::string text = n.Tag() == "link" ? CleanText(n.AttrOr("title")) : n.Text();
    if (!text.empty() && Utf8Length(text) <= 80) names.push_back(std::move(text));
  }
  // The author's name when it is marked, else the author element's own text.
  for (const Selector* sel : {&kItempropName, &kItemprop}) {
    if (!names.empty()) break;
    for (HtmlNode n : sel->SelectAll(root)) {
      std::string text = n.Attr("content") ? CleanText(n.AttrOr("content")) : n.Text();
      if (!text.empty() && Utf8Length(text) <= 80) names.push_back(std::move(text));
    }
  }
  if (names.empty()) {
    for (HtmlNode n : kClass.SelectAll(root)) {
      std::string text = n.Text();
      if (!text.empty() && Utf8Length(text) <= 100) {
        names.push_back(std::move(text));
        break;
      }
    }
  }
  if (names.empty()) return std::nullopt;
  std::string joined = extract::JoinNames(names);
  if (joined.empty()) return std::nullopt;
  return joined;
}

std::optional<std::string> FindPublished(HtmlNode root, const PageMetadata& meta) {
  for (const char* key : {"dcterms.issued", "dcterms.created", "dcterms.date", "dc.date.created", "dc.date.issued",
                          "dc.date", "article.published", "parsely-pub-date", "sailthru.date", "date"}) {
    if (std::optional<std::string> v = meta.Meta(key)) {
      if (auto d = DateFrom(*v)) return d;
    }
  }
  static const Selector kPublished = Selector::MustParse(
      "[itemprop=datePublished], time[pubdate], time[class*=publish], time[datetime]");
  return DateFromMarkup(root, kPublished);
}

std::optional<std::string> FindUpdated(HtmlNode root, const PageMetadata& meta) {
  for (const char* key : {"dcterms.modified", "dc.date.modified", "last-modified"}) {
    if (std::optional<std::string> v = meta.Meta(key)) {
      if (auto d = DateFrom(*v)) return d;
    }
  }
  static const Selector kModified = Selector::MustParse("[itemprop=dateModified], time[class*=update], time[class*=modif]");
  return DateFromMarkup(root, kModified);
}

std::optional<std::string> MainImage(const PageMetadata& meta, std::string_view base_url) {
  std::vector<std::string> candidates;
  for (const char* key : {"og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"}) {
    if (std::optional<std::string> v = meta.Meta(key)) candidates.push_back(*v);
  }
  if (const nlohmann::json* ld = meta.JsonLdArticle()) {
    if (auto it = ld->find("image"); it != ld->end()) {
      // A URL, an ImageObject (its "url"), or a list of either.
      const nlohmann::json* img = &*it;
      if (img->is_array() && !img->empty()) img = &(*img)[0];
      if (img->is_string()) candidates.push_back(img->get<std::string>());
      if (img->is_object()) {
        for (const char* key : {"url", "contentUrl"}) {
          if (auto u = img->find(key); u != img->end() && u->is_string()) {
            candidates.push_back(u->get<std::string>());
            break;
          }
        }
      }
    }
  }
  for (const std::string& c : candidates) {
    if (c.rfind("data:", 0) == 0) continue;
    std::string abs = extract::ResolveLink(base_url, c);
    if (!abs.empty()) return abs;
  }
  return std::nullopt;
}

}  // namespace newscrawl::generic
