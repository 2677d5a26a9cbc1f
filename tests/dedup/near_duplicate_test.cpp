#include "newscrawl/dedup/near_duplicate.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "dedup/formulaic_news.h"

namespace newscrawl {
namespace {

const std::string kP1 = "Ngày 12/5, UBND huyện Chư Sê tổ chức hội nghị đánh giá tình hình thực hiện nhiệm vụ phát "
                        "triển kinh tế xã hội và triển khai nhiệm vụ trọng tâm thời gian tới.";
const std::string kP2 = "Theo báo cáo, tổng giá trị sản xuất trên địa bàn huyện ước đạt 5200 tỷ đồng, tăng 8% so "
                        "với cùng kỳ năm trước; thu ngân sách đạt 95% dự toán được giao.";
const std::string kP3 = "Phát biểu chỉ đạo, ông Nguyễn Văn An đề nghị các phòng ban tập trung thực hiện quyết liệt "
                        "các giải pháp, phấn đấu hoàn thành các chỉ tiêu đề ra trong năm nay.";

TEST(ConfirmNearDuplicateTest, AnAddedLineIsACopyAndTheEvidenceSaysWhy) {
  const DedupText a = PrepareDedupText("Hội nghị", kP1 + "\n\n" + kP2 + "\n\n" + kP3);
  const DedupText b = PrepareDedupText("Hội nghị", kP1 + "\n\n" + kP2 + "\n\n" + kP3 + "\n\nNguồn: Báo Gia Lai.");
  const NearDuplicateVerdict v = ConfirmNearDuplicate(a, b);
  EXPECT_TRUE(v.duplicate) << v.reason;
  EXPECT_DOUBLE_EQ(v.coverage_short, 1.0);
  EXPECT_LT(v.coverage_long, 1.0);
  const nlohmann::json j = nlohmann::json::parse(v.EvidenceJson());
  EXPECT_EQ(j["score"], 1.0);
  EXPECT_EQ(j["strict"], false);
  EXPECT_EQ(j["reason"].get<std::string>().rfind("confirmed", 0), 0U);
  // The rule is symmetric.
  EXPECT_EQ(ConfirmNearDuplicate(b, a).duplicate, v.duplicate);
}

TEST(ConfirmNearDuplicateTest, OneChangedNumberInAParagraphUnmatchesIt) {
  std::string p2 = kP2;
  p2.replace(p2.find("5200"), 4, "5300");
  const DedupText a = PrepareDedupText("", kP1 + "\n\n" + kP2 + "\n\n" + kP3);
  const DedupText b = PrepareDedupText("", kP1 + "\n\n" + p2 + "\n\n" + kP3);
  const NearDuplicateVerdict v = ConfirmNearDuplicate(a, b);
  EXPECT_FALSE(v.duplicate) << v.reason;
  EXPECT_LT(v.coverage_short, 0.9);
  EXPECT_GT(v.jaccard, 0.8);  // a shingle measure alone would have called them one article
}

TEST(ConfirmNearDuplicateTest, TitlesWithOtherNumbersAskForTheStrictRule) {
  const std::string body = kP1 + "\n\n" + kP2 + "\n\n" + kP3;
  const NearDuplicateVerdict same = ConfirmNearDuplicate(PrepareDedupText("Giá vàng ngày 6/12", body),
                                                         PrepareDedupText("Giá vàng ngày 6/12", body + " Thêm."));
  EXPECT_FALSE(same.strict);
  const NearDuplicateVerdict other = ConfirmNearDuplicate(PrepareDedupText("Giá vàng ngày 6/12", body),
                                                          PrepareDedupText("Giá vàng ngày 7/12", body));
  EXPECT_TRUE(other.strict);
  EXPECT_TRUE(other.duplicate) << "identical bodies pass even the strict rule";
}

TEST(ConfirmNearDuplicateTest, DistantDatesWithOtherTitlesAskForTheStrictRule) {
  const std::string body = kP1 + "\n\n" + kP2 + "\n\n" + kP3;
  const std::string edited = kP1 + "\n\n" + kP2 + "\n\n" + kP3 + " Hội nghị kết thúc vào buổi chiều cùng ngày.";
  const NearDuplicateVerdict v = ConfirmNearDuplicate(
      PrepareDedupText("Chư Sê triển khai nhiệm vụ", body, "2025-05-12T08:00:00+07:00"),
      PrepareDedupText("Huyện Chư Sê họp bàn", edited, "2025-06-20T08:00:00+07:00"));
  EXPECT_TRUE(v.strict);
  EXPECT_NE(v.reason.find("days apart"), std::string::npos);
}

TEST(ConfirmNearDuplicateTest, FormulaicReportsOfOneKindAreNeverLinked) {
  for (int kind = 0; kind < testing::kFormulaicKinds; ++kind) {
    const testing::FormulaicArticle a = testing::MakeFormulaicArticle(kind, 1), b = testing::MakeFormulaicArticle(kind, 2);
    const NearDuplicateVerdict v =
        ConfirmNearDuplicate(PrepareDedupText(a.title, a.Body(), a.published_at), PrepareDedupText(b.title, b.Body(), b.published_at));
    EXPECT_FALSE(v.duplicate) << "kind " << kind << ": " << v.reason;
  }
}

// A CandidateIndex over a map, recording what the finder loads.
class MapIndex final : public CandidateIndex {
 public:
  std::map<std::int64_t, StoredText> texts;
  std::vector<Candidate> ranked;
  std::vector<std::int64_t> loaded;
  std::vector<Candidate> Candidates(const std::vector<std::uint64_t>&, int limit) override {
    std::vector<Candidate> out = ranked;
    if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
    return out;
  }
  std::optional<StoredText> Load(std::int64_t id) override {
    loaded.push_back(id);
    auto it = texts.find(id);
    if (it == texts.end()) return std::nullopt;
    return it->second;
  }
};

TEST(FindNearDuplicateTest, LinksToTheRootOfTheFirstConfirmedCandidate) {
  const std::string body = kP1 + "\n\n" + kP2 + "\n\n" + kP3;
  MapIndex index;
  const testing::FormulaicArticle other = testing::MakeFormulaicArticle(5, 9);
  index.texts[3] = {"khác", other.Body(), std::nullopt, 3};
  index.texts[7] = {"Hội nghị", body + "\n\nNguồn: A.", std::nullopt, 2};  // itself a copy of 2
  index.ranked = {{3, 5}, {7, 4}};
  const auto link = FindNearDuplicate(index, PrepareDedupText("Hội nghị", body), {1, 2, 3});
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->original_id, 2);
  EXPECT_EQ(link->matched_id, 7);
  EXPECT_EQ(index.loaded, (std::vector<std::int64_t>{3, 7}));
}

TEST(FindNearDuplicateTest, OlderThanSkipsItselfAndLaterArticles) {
  const std::string body = kP1 + "\n\n" + kP2 + "\n\n" + kP3;
  MapIndex index;
  index.texts[5] = {"", body, std::nullopt, 5};
  index.texts[9] = {"", body + " Thêm.", std::nullopt, 5};  // a later copy of 5
  index.ranked = {{5, 20}, {9, 19}};
  EXPECT_FALSE(FindNearDuplicate(index, PrepareDedupText("", body), {1}, /*older_than=*/5).has_value());
  EXPECT_TRUE(FindNearDuplicate(index, PrepareDedupText("", body), {1}, /*older_than=*/6).has_value());
  EXPECT_FALSE(FindNearDuplicate(index, PrepareDedupText("", body), {}).has_value()) << "no keys, no candidates";
}

TEST(FindNearDuplicateTest, ChecksABoundedNumberOfCandidates) {
  MapIndex index;
  for (std::int64_t id = 1; id <= 40; ++id) {
    index.texts[id] = {"", testing::MakeFormulaicArticle(2, static_cast<std::uint64_t>(id)).Body(), std::nullopt, id};
    index.ranked.push_back({id, 1});
  }
  const testing::FormulaicArticle a = testing::MakeFormulaicArticle(2, 100);
  EXPECT_FALSE(FindNearDuplicate(index, PrepareDedupText(a.title, a.Body()), {1}).has_value());
  EXPECT_EQ(index.loaded.size(), static_cast<std::size_t>(kMaxCandidatesChecked));
}

}  // namespace
}  // namespace newscrawl
