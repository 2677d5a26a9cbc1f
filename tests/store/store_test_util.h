// Helpers shared by the store tests: a temporary directory and synthetic articles.
#ifndef NEWSCRAWL_TESTS_STORE_TEST_UTIL_H_
#define NEWSCRAWL_TESTS_STORE_TEST_UTIL_H_

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "newscrawl/core/article.h"

namespace newscrawl::testing {

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "newscrawl-store-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }

 private:
  std::string path_;
};

// A body of `words` pseudo-random words, different for every seed (so no two are near
// duplicates of each other), as paragraphs of 15 words.
inline std::string SyntheticBody(std::uint64_t seed, int words = 80) {
  std::mt19937_64 rng(seed * 7919 + 17);
  static const char* kSyllables[] = {"an", "bình", "cường", "dân", "đông", "gia", "hải", "khánh", "lâm", "minh",
                                     "nam", "phú", "quang", "sơn", "tâm", "thành", "trung", "vinh", "xuân", "yên"};
  std::string body;
  for (int i = 0; i < words; ++i) {
    if (i > 0) body += (i % 15 == 0) ? "\n\n" : " ";
    body += kSyllables[rng() % 20];
    body += std::to_string(rng() % 1000);
  }
  return body;
}

inline Article SyntheticArticle(std::uint64_t seed, const std::string& site = "example") {
  Article a;
  a.url = "https://" + site + ".vn/bai-" + std::to_string(seed) + ".html";
  a.canonical_url = a.url;
  a.site = site;
  a.extractor = "test";
  a.title = "Tiêu đề số " + std::to_string(seed);
  a.byline = "Phóng viên " + std::to_string(seed % 7);
  a.lead = "Tóm tắt " + std::to_string(seed);
  a.body = SyntheticBody(seed);
  a.images = {{"https://cdn." + site + ".vn/" + std::to_string(seed) + ".jpg", "Ảnh: minh họa"}};
  a.published_at = "2025-06-17T10:15:00+07:00";
  a.section = "Thời sự";
  a.tags = {"tin tức", "số " + std::to_string(seed % 3)};
  a.language = "vi";
  return a;
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_STORE_TEST_UTIL_H_
