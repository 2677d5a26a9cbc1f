#include "newscrawl/core/article.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace newscrawl {
namespace {

TEST(ArticleTest, EveryFieldPresentAsNullOrEmptyList) {
  const nlohmann::ordered_json j = ArticleToJson(Article{});
  ASSERT_EQ(j.size(), ArticleFieldNames().size());
  std::size_t i = 0;
  for (auto it = j.begin(); it != j.end(); ++it, ++i) {
    EXPECT_EQ(it.key(), ArticleFieldNames()[i]);
    if (it.key() == "images" || it.key() == "tags") {
      EXPECT_TRUE(it->is_array());
    } else {
      EXPECT_TRUE(it->is_null()) << it.key();
    }
  }
}

TEST(ArticleTest, JsonRoundTrip) {
  Article a;
  a.url = "https://baogialai.com.vn/x-post1.html";
  a.title = "Nhật từ chối tham gia NATO";
  a.images.push_back({"https://cdn/x.jpg", "Ảnh: AFP"});
  a.images.push_back({"https://cdn/y.jpg", std::nullopt});
  a.tags = {"NATO", "Nhật Bản"};
  Result<Article> back = ArticleFromJson(ArticleToJson(a));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, a);
}

TEST(ArticleTest, WrongTypesAreParseErrors) {
  EXPECT_FALSE(ArticleFromJson(nlohmann::ordered_json::array()).ok());
  EXPECT_FALSE(ArticleFromJson({{"title", 3}}).ok());
  EXPECT_FALSE(ArticleFromJson({{"images", {{{"caption", "x"}}}}}).ok());
}

}  // namespace
}  // namespace newscrawl
