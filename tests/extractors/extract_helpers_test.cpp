#include "common/extract_helpers.h"

#include <gtest/gtest.h>

namespace newscrawl::extract {
namespace {

HtmlDocument Doc(std::string_view html) {
  Result<HtmlDocument> d = HtmlDocument::Parse(html);
  EXPECT_TRUE(d.ok());
  return std::move(d).value();
}

TEST(ResolveLinkTest, CommonForms) {
  const std::string base = "https://baogialai.com.vn/the-thao/tin-post1.html?x=1#top";
  EXPECT_EQ(ResolveLink(base, "https://cdn.x/a.jpg"), "https://cdn.x/a.jpg");
  EXPECT_EQ(ResolveLink(base, "//cdn.x/a.jpg"), "https://cdn.x/a.jpg");
  EXPECT_EQ(ResolveLink(base, "/a/b.html"), "https://baogialai.com.vn/a/b.html");
  EXPECT_EQ(ResolveLink(base, "c.html"), "https://baogialai.com.vn/the-thao/c.html");
  EXPECT_EQ(ResolveLink(base, "../c.html"), "https://baogialai.com.vn/c.html");
  EXPECT_EQ(ResolveLink(base, ""), "https://baogialai.com.vn/the-thao/tin-post1.html?x=1");
  EXPECT_EQ(ResolveLink(base, "#x"), "https://baogialai.com.vn/the-thao/tin-post1.html?x=1#x");
  EXPECT_EQ(ResolveLink(base, "data:image/gif;base64,AAA"), "");
  EXPECT_EQ(ResolveLink(base, "javascript:void(0)"), "");
  EXPECT_EQ(ResolveLink("", "a.html"), "");
}

TEST(ImageSourceTest, LazyAttributesBeatPlaceholders) {
  HtmlDocument d = Doc(
      "<img id=a src='data:image/gif;base64,R0l' data-src='https://cdn/real.jpg'>"
      "<img id=b srcset='s.jpg 300w, l.jpg 1200w, m.jpg 800w'>"
      "<img id=c src='/p.jpg'>"
      "<img id=d src='data:image/gif;base64,R0l'>");
  auto img = [&](const char* id) { return SelectFirst(d.Root(), std::string("#") + id); };
  EXPECT_EQ(ImageSource(img("a"), "https://x.vn/a/b.html"), "https://cdn/real.jpg");
  EXPECT_EQ(ImageSource(img("b"), "https://x.vn/a/b.html"), "https://x.vn/a/l.jpg");
  EXPECT_EQ(ImageSource(img("c"), "https://x.vn/a/b.html"), "https://x.vn/p.jpg");
  EXPECT_EQ(ImageSource(img("d"), "https://x.vn/a/b.html"), std::nullopt);
}

TEST(ExtractBodyTest, ParagraphsFiguresAndLegacyTables) {
  HtmlDocument d = Doc(R"(<div id=body>
      <style>.t1{}</style>
      <div> First &nbsp;para.<br></div>
      <p><b>A subheading</b></p>
      <figure><img data-src="https://cdn/1.jpg"><figcaption> One. Ảnh: AFP </figcaption></figure>
      <p>Line one<br>Line two</p>
      <table class="picture"><tr><td class="pic"><img src="https://cdn/2.jpg"></td></tr>
        <tr><td class="caption">Legacy caption</td></tr></table>
      <div class="ad">Buy now</div>
      <ul><li>Item</li></ul>
      <p>null</p>
    </div>)");
  const Selector drop = Selector::MustParse(".ad");
  Body b = ExtractBody(SelectFirst(d.Root(), "#body"), {.drop = &drop, .skip = {}, .base_url = "https://x.vn/"});
  EXPECT_EQ(b.paragraphs,
            (std::vector<std::string>{"First para.", "A subheading", "Line one", "Line two", "Item"}));
  ASSERT_EQ(b.images.size(), 2u);
  EXPECT_EQ(b.images[0].url, "https://cdn/1.jpg");
  EXPECT_EQ(b.images[0].caption, "One. Ảnh: AFP");
  EXPECT_EQ(b.images[1].caption, "Legacy caption");
}

TEST(ExtractBodyTest, AlbumCaptionAppliesToItsFigures) {
  HtmlDocument d = Doc(R"(<div id=body><div class="layout-image-2">
      <figure><img src="https://c/1.jpg"></figure><figure><img src="https://c/2.jpg"></figure>
      <figcaption>Both</figcaption></div><p>Text</p></div>)");
  Body b = ExtractBody(SelectFirst(d.Root(), "#body"), {});
  ASSERT_EQ(b.images.size(), 2u);
  EXPECT_EQ(b.images[0].caption, "Both");
  EXPECT_EQ(b.images[1].caption, "Both");
  EXPECT_EQ(b.paragraphs, std::vector<std::string>{"Text"});
}

TEST(ExtractBodyTest, HiddenElementsAndPixelsAreLeftOut) {
  HtmlDocument d = Doc(R"(<div id=body><p>Kept</p><div style="display: none">Hidden</div>
      <p hidden>Also hidden</p><img src="https://ads/pixel" style="width: 1px; height: 1px"></div>)");
  Body b = ExtractBody(SelectFirst(d.Root(), "#body"), {});
  EXPECT_EQ(b.paragraphs, std::vector<std::string>{"Kept"});
  EXPECT_TRUE(b.images.empty());
}

TEST(TrailingBylineTest, FindsSetApartShortLastBlock) {
  HtmlDocument d = Doc(R"(<div id=a><div>Body text that is long enough to be a paragraph.</div>
      <div class="t1"><span class="t2">Anh Dũng</span></div><div id="sdaWeb_After"></div></div>
      <div id=b><p>Body paragraph.</p><p>Một câu kết thúc bình thường của bài báo.</p></div>
      <div id=c><p>Body.</p><p style="text-align: right;"><strong>NGUYỄN VĂN A</strong></p></div>)");
  const Selector ignore = Selector::MustParse("[id^=sdaWeb_]");
  EXPECT_EQ(FindTrailingByline(SelectFirst(d.Root(), "#a"), &ignore).Text(), "Anh Dũng");
  EXPECT_FALSE(FindTrailingByline(SelectFirst(d.Root(), "#b"), &ignore));
  EXPECT_EQ(FindTrailingByline(SelectFirst(d.Root(), "#c"), &ignore).Text(), "NGUYỄN VĂN A");
}

TEST(TagsTest, SplitsCleansAndDeduplicates) {
  std::vector<std::string> tags;
  AddTags("#Nhật Bản, NATO,, nato;NATO", tags);
  EXPECT_EQ(tags, (std::vector<std::string>{"Nhật Bản", "NATO", "nato"}));
}

}  // namespace
}  // namespace newscrawl::extract
