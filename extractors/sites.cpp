// The built-in sites. Adding a paper on a CMS that already has an extractor is one row here
// (and its fixtures); a paper on a new CMS adds its extractor file next to this one.
#include "sites.h"

#include "cms_family/cms_family_extractor.h"
#include "sites/site_extractors.h"

namespace newscrawl {

std::vector<SiteEntry> BuiltinSites() {
  const auto cms = std::make_shared<const CmsFamilyExtractor>();
  // Articles on this CMS end in -post<id> plus the site's extension (.html, .tpo, .vnp).
  auto vn = [&](std::string key, std::string name, std::vector<std::string> domains, std::string ext = "html") {
    LinkRules links;
    links.article_url = "-post\\d+\\." + ext + "$";
    return SiteEntry{std::move(key), std::move(name), std::move(domains), "+07:00", "vi", cms, std::move(links)};
  };
  // Papers on CMSs of their own: one extractor each, and listing rules read off their pages
  // (fixtures/<site>/*.listing.html; tests/extractors/listing_test.cpp checks them).
  auto own = [](std::string key, std::string name, std::vector<std::string> domains,
                std::shared_ptr<const Extractor> extractor, LinkRules links) {
    return SiteEntry{std::move(key), std::move(name), std::move(domains), "+07:00", "vi", std::move(extractor),
                     std::move(links)};
  };
  LinkRules znews;
  znews.article_url = "^https://znews\\.vn/[a-z0-9-]+-post\\d+\\.html$";
  // Story cards (article.article-item, also in the home page's album strip); the mega menu and
  // footer hold only section links.
  znews.article_links = "article a[href], .album-list a[href]";
  znews.next_page = "link[rel=next][href], .btnMore a[href*=trang]";
  znews.follow_url = "^https://znews\\.vn/[a-z0-9-]+(/trang\\d+)?\\.html$";
  LinkRules vtc;
  vtc.article_url = "^https://vtcnews\\.vn/[a-z0-9-]+-ar\\d+\\.html$";
  vtc.article_links = "section a[href], article a[href]";
  vtc.next_page = "link[rel=next][href], a.btn-show-news[href]";
  vtc.follow_url = "^https://vtcnews\\.vn/([a-z0-9-]+-\\d+|tin-moi-hom-nay)(/trang-\\d+)?\\.html$";
  LinkRules cantho;
  cantho.article_url = "^https://baocantho\\.com\\.vn/[a-z0-9-]+-a\\d+\\.html$";
  // The page body only: the header's mega menu previews other sections' stories (navigation).
  cantho.article_links = "#content a[href]";
  // The pager prints page numbers only ("« < 1 2 3 4 »", the current one a bare <b>, "»" jumps to
  // the next block) and no rel=next, so no selector names "the next page": the pager's ?p=N pages
  // are followed as listing pages instead (follow_url).
  cantho.next_page = "link[rel=next][href]";
  cantho.follow_url = "^https://baocantho\\.com\\.vn/[a-z0-9-]+(/[a-z0-9-]+)?/?(\\?p=\\d+)?$";
  // Vietnam's most-read papers (issue 19). Rules read off the listing and article pages in
  // fixtures/<site>/ (listing_test.cpp checks the listing pages).
  LinkRules vnexpress;
  vnexpress.article_url = "^https://vnexpress\\.net/[a-z0-9-]+-\\d{6,}\\.html$";
  // Story cards are article.item-news (title, thumbnail and comment-count links to the story).
  vnexpress.article_links = "article a[href]";
  vnexpress.next_page = "link[rel=next][href], a.next-page[href]";
  // Sections, sub-sections and their pages: /thoi-su, /thoi-su/giao-thong, /thoi-su-p2.
  vnexpress.follow_url = "^https://vnexpress\\.net/[a-z0-9-]+(/[a-z0-9-]+)?(-p\\d+)?$";
  LinkRules vietnamnet;
  // Articles end in a 7-digit id; tag pages (-tag<digits>.html), events (-sk<id>.html) and authors
  // (/tac-gia/...) do not match.
  vietnamnet.article_url = "^https://vietnamnet\\.vn/[a-z0-9-]+-\\d{6,}\\.html$";
  vietnamnet.article_links = "h3 a[href], h2 a[href], .related-news a[href], .vnn-title a[href]";
  vietnamnet.follow_url = "^https://vietnamnet\\.vn/[a-z0-9-]+(/[a-z0-9-]+)?(-page\\d+)?$";
  LinkRules dantri;
  // /<section>/<slug>-<id>.htm with a 17-digit time-stamp id (10 digits on old stories); sections
  // (/the-thao.htm) and events (/event/<slug>-<4 digits>.htm) do not match.
  dantri.article_url = "^https://dantri\\.com\\.vn(/[a-z0-9-]+)+-\\d{10,}\\.htm$";
  dantri.follow_url = "^https://dantri\\.com\\.vn/[a-z-]+(/[a-z-]+)?(/trang-\\d+)?\\.htm$";
  LinkRules thanhnien;
  // Current stories end in an 18-digit id and .htm; the 2022 feed still links -post<id>.html.
  thanhnien.article_url = "^https://thanhnien\\.vn/[a-z0-9-]+-(\\d{15,}\\.htm|post\\d+\\.html)$";
  thanhnien.article_links = "a.box-category-link-title[href], a.box-category-link-with-avatar[href], article a[href]";
  thanhnien.follow_url = "^https://thanhnien\\.vn/[a-z-]+(/[a-z-]+)?(/trang-\\d+)?\\.htm$";
  return {
      own("znews", "Znews", {"znews.vn"}, std::make_shared<const ZnewsExtractor>(), znews),
      own("vtcnews", "VTC News", {"vtcnews.vn"}, std::make_shared<const VtcNewsExtractor>(), vtc),
      own("baocantho", "Báo Cần Thơ", {"baocantho.com.vn"}, std::make_shared<const BaoCanThoExtractor>(), cantho),
      own("vnexpress", "VnExpress", {"vnexpress.net"}, std::make_shared<const VnExpressExtractor>(), vnexpress),
      own("vietnamnet", "VietNamNet", {"vietnamnet.vn"}, std::make_shared<const VietNamNetExtractor>(), vietnamnet),
      own("dantri", "Dân trí", {"dantri.com.vn"}, std::make_shared<const DanTriExtractor>(), dantri),
      own("thanhnien", "Thanh Niên", {"thanhnien.vn"}, std::make_shared<const ThanhNienExtractor>(), thanhnien),
      vn("baogialai", "Báo Gia Lai", {"baogialai.com.vn"}),
      vn("baolaocai", "Báo Lào Cai", {"baolaocai.vn"}),
      vn("nhandan", "Nhân Dân", {"nhandan.vn"}),
      vn("plo", "Pháp Luật TP.HCM", {"plo.vn"}),
      vn("tienphong", "Tiền Phong", {"tienphong.vn"}, "tpo"),
      vn("baohatinh", "Báo Hà Tĩnh", {"baohatinh.vn"}),
      vn("vietnamplus", "VietnamPlus", {"vietnamplus.vn"}, "vnp"),
      vn("sggp", "Sài Gòn Giải Phóng", {"sggp.org.vn"}),
      vn("tinnhanhchungkhoan", "Tin nhanh Chứng khoán", {"tinnhanhchungkhoan.vn"}),
      vn("giaoducthoidai", "Giáo dục và Thời đại", {"giaoducthoidai.vn"}),
  };
}

}  // namespace newscrawl
