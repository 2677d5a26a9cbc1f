// znews.vn (Tri Thức – Znews): `the-article-*` classes, legacy `table.picture` photos, read by the
// shared ArticleTemplateExtractor.
// Evidence: fixtures/znews/gia-vang-the-gioi-cao-nhat-moi-thoi-dai-post1613516.html (header.the-article-header, p.the-article-summary, div.the-article-body, div.the-article-credit,
// p.the-article-tags; related stories as table.article inside the body).
#include "../common/article_template_extractor.h"
#include "../site_definition.h"

namespace newscrawl {

NEWSCRAWL_SITE(znews) {
  ArticleTemplate page;
  page.name = "znews";
  page.title = "h1.the-article-title";
  page.lead = "p.the-article-summary";
  page.body = "div.the-article-body";
  // In-body related stories (table.article > .inner-article), the paper's standing promotion box
  // centred at the end (div.notebox.ncenter, "Tri Thức - Znews giới thiệu ..."), banners, players.
  page.drop =
      "table.article, .inner-article, .notebox.ncenter, .znews-banner, [id^=ZingNews_], .z-widget-video, "
      ".video-player, .the-article-credit, .the-article-tags";
  page.byline = ".the-article-credit .author, .the-article-credit";
  page.printed_time = ".the-article-meta .the-article-publish";
  page.section = ".the-article-category a";
  page.section_pick = ArticleTemplate::Pick::kLast;
  // The tag line prints the keyword (strong), topic links and plain tags (span), in that order.
  page.tags = ".the-article-tags strong, .the-article-tags a, .the-article-tags span";
  // Never read: the header with its category menus, the most-viewed sidebar, the footer.
  page.pruned = {"header#zing-header", "section.sidebar", "footer#footer", "div.cookie-consent"};

  SiteEntry site;
  site.display_name = "Znews";
  site.domains = {"znews.vn"};
  site.default_offset = "+07:00";
  site.language = "vi";
  site.extractor = std::make_shared<const ArticleTemplateExtractor>(page);
  site.links.article_url = "^https://znews\\.vn/[a-z0-9-]+-post\\d+\\.html$";
  // Story cards (article.article-item, also in the home page's album strip); the mega menu and
  // footer hold only section links.
  site.links.article_links = "article a[href], .album-list a[href]";
  site.links.next_page = "link[rel=next][href], .btnMore a[href*=trang]";
  site.links.follow_url = "^https://znews\\.vn/[a-z0-9-]+(/trang\\d+)?\\.html$";
  return site;
}

}  // namespace newscrawl
