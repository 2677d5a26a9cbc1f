// vtcnews.vn ("VTCNews CMS"): `nd-detail` section, `edittor-content` body, lazy `data-src` images,
// read by the shared ArticleTemplateExtractor. Evidence: fixtures/vtcnews/mo-rong-duong-...-ar994669.html
// (section.nd-detail: h1, a.mt-category, span.time-update, "(VTC News) - " + h2 sapo,
// div.edittor-content[itemprop=articleBody] with figure + p.ctmb photo blocks, div.author-make,
// "Đọc thêm" box, ul.keylink tags).
#include "../common/article_template_extractor.h"
#include "../site_definition.h"

namespace newscrawl {

NEWSCRAWL_SITE(vtcnews) {
  ArticleTemplate page;
  page.name = "vtcnews";
  page.title = ".nd-detail h1, h1";
  // The sapo is split in two: the "(VTC News) - " tag in a span, the sentence in an h2.
  page.lead = ".nd-detail .content-wrapper > .inline-nb";
  page.lead_pick = ArticleTemplate::Pick::kAll;
  page.body = ".edittor-content[itemprop=articleBody], .edittor-content";
  // Ad slots ("Được tài trợ"), the in-body "Đọc thêm" box, reactions, quizzes, share bar, the
  // text-to-speech slot, and the byline (read separately).
  page.drop =
      ".baner-mb, .baner-pc, .ads-item, .sys-ads, .sponsored-banner, ins, .relate-listnews, .div-interaction, "
      ".result-quizz, .share-social, #load_texttospeech, .author-make";
  // Printed as the paper shortens it ("Lương Ý"); JSON-LD has the full name.
  page.byline = ".author-make";
  page.printed_time = ".nd-detail .time-update";
  page.section = ".nd-detail a.mt-category";
  page.tags = "ul.keylink a";
  // Never read: the desktop and mobile menus, the related list under the body, the footer.
  page.pruned = {"div.menu-pc", "div.menu-mobile", "div.relate-listnews", "footer#footer"};

  SiteEntry site;
  site.display_name = "VTC News";
  site.domains = {"vtcnews.vn"};
  site.default_offset = "+07:00";
  site.language = "vi";
  site.extractor = std::make_shared<const ArticleTemplateExtractor>(page);
  site.links.article_url = "^https://vtcnews\\.vn/[a-z0-9-]+-ar\\d+\\.html$";
  site.links.article_links = "section a[href], article a[href]";
  site.links.next_page = "link[rel=next][href], a.btn-show-news[href]";
  site.links.follow_url = "^https://vtcnews\\.vn/([a-z0-9-]+-\\d+|tin-moi-hom-nay)(/trang-\\d+)?\\.html$";
  return site;
}

}  // namespace newscrawl
