// Near-duplicate confirmation: whether two article texts are one article (a republished or
// syndicated copy, a copy-edited version) or two articles that only look alike (the same
// newsroom's formulaic reports, the same template with other facts). Part of the dedup component
// (src/dedup/); every store backend uses it through FindNearDuplicate, so the rule is written
// once. Pure functions plus one algorithm over a CandidateIndex that the backend owns.
//
// Why not a hash distance: a 64-bit SimHash within 8 bits linked 97 distinct articles of 600 on
// the CMS's real markup (issue 13). News text is formulaic, so hashes of unrelated articles of one
// newsroom correlate. The rule here compares the texts themselves, paragraph by paragraph:
//  - a paragraph of one text is *matched* when at least kParagraphShingleMatch of its 3-word
//    shingles occur in the other text and every number in it (any word with a digit: dates,
//    amounts, scores, ages) occurs there too;
//  - coverage of a text = the share of its words that lie in matched paragraphs;
//  - two texts are one article when the shorter one's coverage is at least kMinCoverageShort and
//    the longer one's at least kMinCoverageLong. Copy edits are local (a line added, a paragraph
//    reworded, a new intro, a credit line), so they leave most paragraphs matched; a template with
//    other facts changes a name or a number in most paragraphs, so few match.
//  - one rewritten paragraph: when a single large paragraph (a tenth of the words or more) is
//    all that differs, with at least kMinMatchedForOneBlock paragraphs matched and small
//    differences (lines, credits) covering the rest up to kMinCoverageOneBlock, it is a copy too;
//  - Titles and dates are evidence: when both titles carry numbers and those differ (a daily
//    report "ngày 6/12" vs "ngày 7/12"), or both texts are dated more than kMaxDaysApart apart and
//    their titles differ, the stricter kStrict* coverages apply.
// The thresholds were set on the labeled pair set in tests/dedup/pair_set_test.cpp.
#ifndef NEWSCRAWL_NEAR_DUPLICATE_H_
#define NEWSCRAWL_NEAR_DUPLICATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace newscrawl {

inline constexpr double kParagraphShingleMatch = 0.9;
inline constexpr double kMinCoverageShort = 0.8;
inline constexpr double kMinCoverageLong = 0.6;
inline constexpr double kStrictCoverageShort = 0.9;
inline constexpr double kStrictCoverageLong = 0.8;
inline constexpr double kMaxDaysApart = 3.0;
inline constexpr int kMinMatchedForOneBlock = 3;
inline constexpr double kMinCoverageOneBlock = 0.9;
// The longer text may carry its own intro and credit besides the rewritten paragraph.
inline constexpr double kMinCoverageLongOneBlock = 0.5;
// Bumped whenever the rule changes; stored with each link, so a recheck can find links made
// under an older rule.
inline constexpr int kNearDuplicateRuleVersion = 2;

// A text prepared for comparison (folded once; see FoldForDedup).
struct DedupText {
  struct Paragraph {
    std::size_t words = 0;
    std::vector<std::uint64_t> shingles;
    std::vector<std::string> numbers;
  };
  std::vector<Paragraph> paragraphs;
  std::unordered_set<std::uint64_t> shingles;  // of the whole body
  std::unordered_set<std::string> numbers;     // of the whole body
  std::size_t words = 0;
  std::string folded_title;
  std::vector<std::string> title_numbers;      // sorted
  std::optional<std::int64_t> published;       // Unix seconds, when the date parses
};

// Paragraphs are the body's blank-line separated blocks (the record's paragraph separator).
DedupText PrepareDedupText(std::string_view title, std::string_view body,
                           std::optional<std::string_view> published_at = std::nullopt);

// The decision and its evidence, kept with the link (dedup_links) so a user can see why.
struct NearDuplicateVerdict {
  bool duplicate = false;
  double score = 0;           // the shorter text's coverage (0..1)
  double coverage_short = 0;
  double coverage_long = 0;
  double jaccard = 0;         // of the two shingle sets, for the record
  bool strict = false;        // title/date evidence asked for the stricter coverages
  std::string reason;         // one line: why linked or not

  // {"score":..,"coverage_short":..,"coverage_long":..,"jaccard":..,"strict":..,"reason":".."}
  std::string EvidenceJson() const;
};

NearDuplicateVerdict ConfirmNearDuplicate(const DedupText& a, const DedupText& b);

// What a backend gives the finder. It may throw its own storage exceptions; the caller's write
// wrapper turns them into a Status.
class CandidateIndex {
 public:
  virtual ~CandidateIndex() = default;
  struct Candidate {
    std::int64_t id = 0;
    int shared_keys = 0;
  };
  // Stored articles sharing at least one band key, most shared keys first (ties: lowest id),
  // at most `limit`.
  virtual std::vector<Candidate> Candidates(const std::vector<std::uint64_t>& keys, int limit) = 0;
  struct StoredText {
    std::string title;
    std::string body;
    std::optional<std::string> published_at;
    std::int64_t root = 0;  // the original it belongs to: its duplicate_of, or itself
  };
  virtual std::optional<StoredText> Load(std::int64_t id) = 0;
};

// Candidates confirmed per new record, at most: a copy shares most band keys with its original,
// so it ranks first; formulaic texts that share one or two keys rank after it.
inline constexpr int kMaxCandidatesChecked = 12;

struct NearDuplicateLink {
  std::int64_t original_id = 0;  // the root the new record is linked to
  std::int64_t matched_id = 0;   // the stored article it was compared with
  NearDuplicateVerdict verdict;
};

// The first candidate (by shared keys) that the confirmation accepts, if any. With
// `older_than` (a stored article's id, when its link is re-decided) only articles stored before
// it are candidates: neither itself nor a later copy of it can become its original.
std::optional<NearDuplicateLink> FindNearDuplicate(CandidateIndex& index, const DedupText& text,
                                                   const std::vector<std::uint64_t>& keys,
                                                   std::optional<std::int64_t> older_than = std::nullopt);

}  // namespace newscrawl

#endif  // NEWSCRAWL_NEAR_DUPLICATE_H_
