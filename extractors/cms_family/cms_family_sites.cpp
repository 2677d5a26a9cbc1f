// The papers on the shared CMS (CmsFamilyExtractor): one row each. Adding a paper of the family is
// one row here plus its fixtures folder.
#include "cms_family_extractor.h"

namespace newscrawl {

std::vector<SiteEntry> CmsFamilySites() {
  const auto cms = std::make_shared<const CmsFamilyExtractor>();
  // Articles on this CMS end in -post<id> plus the site's extension (.html, .tpo, .vnp); the papers
  // are Vietnamese and print local times in Vietnam's time zone.
  auto paper = [&](std::string key, std::string name, std::string domain, std::string ext = "html") {
    SiteEntry site;
    site.key = std::move(key);
    site.display_name = std::move(name);
    site.domains = {std::move(domain)};
    site.default_offset = "+07:00";
    site.language = "vi";
    site.extractor = cms;
    site.links.article_url = "-post\\d+\\." + ext + "$";
    return site;
  };
  return {
      paper("baogialai", "Báo Gia Lai", "baogialai.com.vn"),
      paper("baolaocai", "Báo Lào Cai", "baolaocai.vn"),
      paper("nhandan", "Nhân Dân", "nhandan.vn"),
      paper("plo", "Pháp Luật TP.HCM", "plo.vn"),
      paper("tienphong", "Tiền Phong", "tienphong.vn", "tpo"),
      paper("baohatinh", "Báo Hà Tĩnh", "baohatinh.vn"),
      paper("vietnamplus", "VietnamPlus", "vietnamplus.vn", "vnp"),
      paper("sggp", "Sài Gòn Giải Phóng", "sggp.org.vn"),
      paper("tinnhanhchungkhoan", "Tin nhanh Chứng khoán", "tinnhanhchungkhoan.vn"),
      paper("giaoducthoidai", "Giáo dục và Thời đại", "giaoducthoidai.vn"),
  };
}

}  // namespace newscrawl
