// The built-in sites. Adding a paper on a CMS that already has an extractor is one row here
// (and its fixtures); a paper on a new CMS adds its extractor file next to this one.
#include "sites.h"

#include "cms_family/cms_family_extractor.h"

namespace newscrawl {

std::vector<SiteEntry> BuiltinSites() {
  const auto cms = std::make_shared<const CmsFamilyExtractor>();
  // Articles on this CMS end in -post<id> plus the site's extension (.html, .tpo, .vnp).
  auto vn = [&](std::string key, std::string name, std::vector<std::string> domains, std::string ext = "html") {
    LinkRules links;
    links.article_url = "-post\\d+\\." + ext + "$";
    return SiteEntry{std::move(key), std::move(name), std::move(domains), "+07:00", "vi", cms, std::move(links)};
  };
  return {
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
