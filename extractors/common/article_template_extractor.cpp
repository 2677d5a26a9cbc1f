#include "article_template_extractor.h"

#include "extract_helpers.h"
#include "field_guard.h"

namespace newscrawl {
namespace {

using Pick = ArticleTemplate::Pick;

void SetFromPicked(std::optional<std::string>& field, const Selector& selector, Pick pick, HtmlNode root) {
  if (pick == Pick::kFirst) return extract::SetFromFirst(field, selector, root);
  const std::vector<HtmlNode> found = selector.SelectAll(root);
  if (pick == Pick::kLast) {
    if (!found.empty()) {
      if (auto v = extract::CleanField(found.back().Text())) field = v;
    }
    return;
  }
  std::string joined;
  for (HtmlNode n : found) joined += n.Text() + " ";
  if (auto v = extract::CleanField(joined)) field = v;
}

std::vector<ElementPattern> ParsePatterns(const std::vector<std::string>& texts) {
  std::vector<ElementPattern> out;
  for (const std::string& t : texts) out.push_back(ElementPattern::MustParse(t));
  return out;
}

}  // namespace

ArticleTemplateExtractor::ArticleTemplateExtractor(const ArticleTemplate& page)
    : name_(page.name),
      title_(Selector::MustParse(page.title)),
      lead_(Selector::MustParse(page.lead)),
      body_(Selector::MustParse(page.body)),
      drop_(Selector::MustParse(page.drop)),
      byline_(Selector::MustParse(page.byline)),
      printed_time_(Selector::MustParse(page.printed_time)),
      section_(Selector::MustParse(page.section)),
      tags_(Selector::MustParse(page.tags)),
      lead_pick_(page.lead_pick),
      section_pick_(page.section_pick),
      pruned_(ParsePatterns(page.pruned)) {}

Article ArticleTemplateExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta,
                                          const ExtractContext& ctx) const {
  const HtmlNode root = doc.Root();
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ctx.default_offset});

  extract::GuardField(name_, "title", [&] {
    extract::SetFromFirst(a.title, title_, root);
  });
  extract::GuardField(name_, "lead", [&] {
    SetFromPicked(a.lead, lead_, lead_pick_, root);  // verbatim, the paper's "(VTC News) -" tag included
  });
  extract::GuardField(name_, "byline", [&] {
    // The printed credit, as the paper shortens it; JSON-LD's author may differ (a full name, a
    // trailing space).
    if (HtmlNode b = byline_.SelectFirst(root)) {
      if (auto v = extract::CleanField(extract::StripCreditLabel(b.Text()))) a.byline = v;
    }
  });
  extract::GuardField(name_, "body", [&] {
    const HtmlNode body = body_.SelectFirst(root);
    if (!body) return;
    extract::Body b = extract::ExtractBody(body, {.drop = &drop_, .skip = {}, .base_url = base});
    a.body = extract::JoinParagraphs(b.paragraphs);
    a.images = std::move(b.images);
  });
  extract::GuardField(name_, "published_at", [&] {
    // JSON-LD carries seconds and the offset (a head pubdate may have no offset); the printed line
    // is the fallback when the head is missing.
    if (auto v = extract::JsonLdDateTime(meta, "datePublished", ctx.default_offset)) a.published_at = v;
    if (!a.published_at) {
      if (HtmlNode t = printed_time_.SelectFirst(root)) {
        a.published_at = extract::PrintedDateTime(t.Text(), ctx.default_offset);
      }
    }
  });
  extract::GuardField(name_, "updated_at", [&] {
    if (auto v = extract::JsonLdDateTime(meta, "dateModified", ctx.default_offset)) a.updated_at = v;
  });
  extract::GuardField(name_, "section", [&] {
    SetFromPicked(a.section, section_, section_pick_, root);
  });
  extract::GuardField(name_, "tags", [&] {
    std::vector<std::string> tags;
    for (HtmlNode t : tags_.SelectAll(root)) extract::AddTags(t.Text(), tags);
    if (!tags.empty()) a.tags = std::move(tags);
  });
  return a;
}

}  // namespace newscrawl
