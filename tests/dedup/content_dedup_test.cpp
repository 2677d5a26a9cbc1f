#include "newscrawl/dedup/content_dedup.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace newscrawl {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures/store/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Paragraphs of the seed article (blank-line separated, non-empty).
std::vector<std::string> SeedParagraphs() {
  const std::string text = ReadFixture("seed_article_vi.txt");
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find("\n\n", pos);
    if (end == std::string::npos) end = text.size();
    std::string para = text.substr(pos, end - pos);
    if (para.find_first_not_of(" \n") != std::string::npos) out.push_back(para);
    pos = end + 2;
  }
  return out;
}

std::string Join(const std::vector<std::string>& paras) {
  std::string out;
  for (const std::string& p : paras) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

// Blocks of the Báo Gia Lai excerpt file (between "----" and "===="): texts unrelated to the seed.
std::vector<std::string> UnrelatedTexts() {
  const std::string text = ReadFixture("baogialai_text_excerpts.txt");
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = text.find("----\n", pos)) != std::string::npos) {
    pos += 5;
    std::size_t end = text.find("====", pos);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

TEST(FoldForDedupTest, NfcAndNfdInputsFoldAlike) {
  const std::string nfc = "Thủ tướng Nhật Bản";
  // The same words with every tone mark and vowel modifier as combining characters.
  const std::string nfd = "Thu\xCC\x89 tu\xCC\x9Bo\xCC\x9B\xCC\x81ng Nha\xCC\x82\xCC\xA3t Ba\xCC\x89n";
  ASSERT_NE(nfc, nfd);
  EXPECT_EQ(FoldForDedup(nfc), FoldForDedup(nfd));
  EXPECT_EQ(FoldForDedup(nfc), "thủ tướng nhật bản");
}

TEST(FoldForDedupTest, ToneMarkPlacementStylesFoldAlike) {
  // First-vowel style vs second-vowel style for the oa / oe / uy clusters.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"hòa bình", "hoà bình"}, {"khỏe mạnh", "khoẻ mạnh"}, {"thủy điện", "thuỷ điện"},
      {"Ủy ban", "Uỷ ban"},     {"tùy ý", "tuỳ ý"},         {"hóa đơn", "hoá đơn"},
      {"lõa", "loã"},           {"HÒA", "hoà"},             {"họa sĩ", "hoạ sĩ"}};
  for (const auto& [old_style, new_style] : pairs) {
    EXPECT_EQ(FoldForDedup(old_style), FoldForDedup(new_style)) << old_style << " / " << new_style;
  }
  EXPECT_EQ(FoldForDedup("hòa"), "hoà");
  EXPECT_EQ(FoldForDedup("thủy"), "thuỷ");
  // Syllables with one placement are left alone; different words stay different.
  EXPECT_EQ(FoldForDedup("hoàng toán quý thuyết mùa"), "hoàng toán quý thuyết mùa");
  EXPECT_NE(FoldForDedup("hòa"), FoldForDedup("hỏa"));
}

TEST(FoldForDedupTest, CollapsesWhitespaceAndLowerCases) {
  EXPECT_EQ(FoldForDedup("  Đà\u00A0Nẵng \n\n MỞ   cửa "), "đà nẵng mở cửa");
  EXPECT_EQ(DedupWords("(glo)- ngày 23-9, thủ tướng"),
            (std::vector<std::string>{"glo", "ngày", "23", "9", "thủ", "tướng"}));
}

TEST(ExactHashTest, EquivalentSpellingsHashAlike) {
  EXPECT_EQ(ExactHash("Hòa bình", "Thủy điện Hòa Bình mở cửa xả đáy."),
            ExactHash("HOÀ BÌNH", "Thuỷ  điện Hoà Bình\n mở cửa xả đáy."));
  EXPECT_NE(ExactHash("Hòa bình", "Thủy điện"), ExactHash("Hòa bình", "Thủy điện Sơn La"));
  // Title and body are separated, so moving a word across the boundary changes the hash.
  EXPECT_NE(ExactHash("a b", "c"), ExactHash("a", "b c"));
}

TEST(SimHashTest, IdenticalAndEquivalentTextsHashAlike) {
  const std::string body = Join(SeedParagraphs());
  EXPECT_EQ(SimHash64(body), SimHash64(body));
  EXPECT_EQ(SimHash64("Ông hòa giải"), SimHash64("ông hoà  giải"));
  EXPECT_EQ(SimHash64(""), 0U);
  EXPECT_EQ(HammingDistance(0, ~std::uint64_t{0}), 64);
  EXPECT_EQ(HammingDistance(0b1011, 0b0001), 2);
}

// The measurement behind kNearDuplicateMaxDistance: edits of one paragraph of the seed article
// stay within the threshold, unrelated texts stay far above it.
TEST(SimHashTest, NearDuplicateThresholdSeparates) {
  const std::vector<std::string> paras = SeedParagraphs();
  ASSERT_GE(paras.size(), 10U);
  const std::string original = Join(paras);
  const std::uint64_t h = SimHash64(original);

  int max_edit = 0;
  // A paragraph added at the end and in the middle.
  const std::string added = "Bộ Ngoại giao Nhật Bản cho biết sẽ tiếp tục trao đổi chặt chẽ với các đối tác "
                            "trong khu vực về vấn đề này trong thời gian tới.";
  {
    std::vector<std::string> v = paras;
    v.push_back(added);
    max_edit = std::max(max_edit, HammingDistance(h, SimHash64(Join(v))));
    v = paras;
    v.insert(v.begin() + 3, added);
    max_edit = std::max(max_edit, HammingDistance(h, SimHash64(Join(v))));
  }
  // Each short paragraph (up to 5 % of the text) removed in turn, and each paragraph with a phrase replaced.
  for (std::size_t i = 0; i < paras.size(); ++i) {
    std::vector<std::string> v = paras;
    v.erase(v.begin() + static_cast<long>(i));
    const int removed = HammingDistance(h, SimHash64(Join(v)));
    // Removing a large part of the text is a different article, not a copy-edit.
    if (paras[i].size() * 20 <= original.size()) max_edit = std::max(max_edit, removed);
    v = paras;
    v[i] = "Cập nhật: " + v[i] + " (theo Reuters)";
    max_edit = std::max(max_edit, HammingDistance(h, SimHash64(Join(v))));
  }
  // Copy-editing: the other tone placement and extra spaces change nothing.
  EXPECT_EQ(SimHash64(original), SimHash64(original + "   "));
  EXPECT_LE(max_edit, kNearDuplicateMaxDistance);

  int min_unrelated = 64;
  const std::vector<std::string> others = UnrelatedTexts();
  ASSERT_GE(others.size(), 4U);
  for (std::size_t i = 0; i < others.size(); ++i) {
    min_unrelated = std::min(min_unrelated, HammingDistance(h, SimHash64(others[i])));
    for (std::size_t j = i + 1; j < others.size(); ++j) {
      min_unrelated = std::min(min_unrelated, HammingDistance(SimHash64(others[i]), SimHash64(others[j])));
    }
  }
  EXPECT_GT(min_unrelated, 2 * kNearDuplicateMaxDistance);
  std::printf("seed article: max distance after one-paragraph edit = %d, min distance between unrelated texts = %d\n",
              max_edit, min_unrelated);
}

TEST(FingerprintTest, AgreesWithTheSingleFunctions) {
  const std::string body = Join(SeedParagraphs());
  const ContentFingerprint fp = Fingerprint("Nhật từ chối tham gia NATO", body);
  EXPECT_EQ(fp.exact_hash, ExactHash("Nhật từ chối tham gia NATO", body));
  EXPECT_EQ(fp.simhash, SimHash64(body));
  EXPECT_EQ(fp.body_words, DedupWords(FoldForDedup(body)).size());
  EXPECT_GT(fp.body_words, 500U);
}

}  // namespace
}  // namespace newscrawl
