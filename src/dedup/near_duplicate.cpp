#include "newscrawl/dedup/near_duplicate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "newscrawl/dedup/content_dedup.h"
#include "newscrawl/core/time_parse.h"

namespace newscrawl {
namespace {

bool HasDigit(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> SplitParagraphs(std::string_view body) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t end = body.find("\n\n", pos);
    if (end == std::string_view::npos) end = body.size();
    if (end > pos) out.push_back(body.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

// How much of `a` lies in paragraphs matched in `b`, and what the rest looks like.
struct Coverage {
  double share = 0;             // of a's words in matched paragraphs
  int matched = 0;              // matched paragraphs
  int large_unmatched = 0;      // unmatched paragraphs holding at least kLargeBlock of the words
  double large_share = 0;       // of a's words in those
};

// An unmatched paragraph this large (share of the text's words) is an edit block of its own; a
// smaller one is a line added, a credit, a caption.
constexpr double kLargeBlock = 0.1;

Coverage CoverageIn(const DedupText& a, const DedupText& b) {
  Coverage c;
  if (a.words == 0) return c;
  std::size_t matched_words = 0, large_words = 0;
  const double total = static_cast<double>(a.words);
  for (const DedupText::Paragraph& p : a.paragraphs) {
    std::size_t found = 0;
    for (const std::uint64_t h : p.shingles) found += b.shingles.count(h);
    const bool shingles_agree =
        !p.shingles.empty() && static_cast<double>(found) >= kParagraphShingleMatch * static_cast<double>(p.shingles.size());
    const bool numbers_agree = std::all_of(p.numbers.begin(), p.numbers.end(),
                                           [&](const std::string& n) { return b.numbers.count(n) > 0; });
    if (shingles_agree && numbers_agree) {
      matched_words += p.words;
      ++c.matched;
    } else if (static_cast<double>(p.words) >= kLargeBlock * total) {
      large_words += p.words;
      ++c.large_unmatched;
    }
  }
  c.share = static_cast<double>(matched_words) / total;
  c.large_share = static_cast<double>(large_words) / total;
  return c;
}

double Jaccard(const DedupText& a, const DedupText& b) {
  const DedupText& small = a.shingles.size() <= b.shingles.size() ? a : b;
  const DedupText& large = &small == &a ? b : a;
  std::size_t common = 0;
  for (const std::uint64_t h : small.shingles) common += large.shingles.count(h);
  const std::size_t uni = a.shingles.size() + b.shingles.size() - common;
  return uni == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(uni);
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

DedupText PrepareDedupText(std::string_view title, std::string_view body, std::optional<std::string_view> published_at) {
  DedupText t;
  for (const std::string_view para : SplitParagraphs(body)) {
    const std::vector<std::string> words = DedupWords(FoldForDedup(para));
    if (words.empty()) continue;
    DedupText::Paragraph p;
    p.words = words.size();
    p.shingles = ShingleHashes(words);
    for (const std::string& w : words) {
      if (HasDigit(w)) p.numbers.push_back(w);
    }
    t.words += p.words;
    t.shingles.insert(p.shingles.begin(), p.shingles.end());
    t.numbers.insert(p.numbers.begin(), p.numbers.end());
    t.paragraphs.push_back(std::move(p));
  }
  t.folded_title = FoldForDedup(title);
  for (const std::string& w : DedupWords(t.folded_title)) {
    if (HasDigit(w)) t.title_numbers.push_back(w);
  }
  std::sort(t.title_numbers.begin(), t.title_numbers.end());
  if (published_at) t.published = ToUnixSeconds(*published_at);
  return t;
}

std::string NearDuplicateVerdict::EvidenceJson() const {
  nlohmann::ordered_json j;
  j["score"] = std::round(score * 1000) / 1000;
  j["coverage_short"] = std::round(coverage_short * 1000) / 1000;
  j["coverage_long"] = std::round(coverage_long * 1000) / 1000;
  j["jaccard"] = std::round(jaccard * 1000) / 1000;
  j["strict"] = strict;
  j["reason"] = reason;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

NearDuplicateVerdict ConfirmNearDuplicate(const DedupText& a, const DedupText& b) {
  NearDuplicateVerdict v;
  const bool a_shorter = a.words <= b.words;
  const DedupText& shorter = a_shorter ? a : b;
  const DedupText& longer = a_shorter ? b : a;
  const Coverage cs = CoverageIn(shorter, longer);
  const Coverage cl = CoverageIn(longer, shorter);
  v.coverage_short = cs.share;
  v.coverage_long = cl.share;
  v.score = v.coverage_short;
  v.jaccard = Jaccard(a, b);

  std::string why;
  if (!a.title_numbers.empty() && !b.title_numbers.empty() && a.title_numbers != b.title_numbers) {
    v.strict = true;
    why = "titles carry different numbers";
  } else if (a.published && b.published && a.folded_title != b.folded_title &&
             std::abs(static_cast<double>(*a.published - *b.published)) > kMaxDaysApart * 86400.0) {
    v.strict = true;
    why = "different titles, dated more than " + Fixed(kMaxDaysApart) + " days apart";
  }
  const double need_short = v.strict ? kStrictCoverageShort : kMinCoverageShort;
  const double need_long = v.strict ? kStrictCoverageLong : kMinCoverageLong;
  v.duplicate = v.coverage_short >= need_short && v.coverage_long >= need_long;
  std::string rule = "coverage " + Fixed(v.coverage_short) + " (need " + Fixed(need_short) + ") and " +
                     Fixed(v.coverage_long) + " (need " + Fixed(need_long) + ")";
  // One rewritten paragraph: everything else of the shorter text matched, in several paragraphs,
  // and one large block differs. A template with other facts differs in many paragraphs.
  if (!v.duplicate && !v.strict && cs.large_unmatched == 1 && cs.matched >= kMinMatchedForOneBlock &&
      cs.share + cs.large_share >= kMinCoverageOneBlock && cs.share >= kMinCoverageLong &&
      cl.share >= kMinCoverageLongOneBlock) {
    v.duplicate = true;
    rule += "; one rewritten paragraph, the rest " + Fixed(cs.share + cs.large_share) + " matched";
  }
  if (!why.empty()) rule += "; strict: " + why;
  v.reason = (v.duplicate ? "confirmed: " : "rejected: ") + rule;
  return v;
}

std::optional<NearDuplicateLink> FindNearDuplicate(CandidateIndex& index, const DedupText& text,
                                                   const std::vector<std::uint64_t>& keys,
                                                   std::optional<std::int64_t> older_than) {
  if (keys.empty() || text.words == 0) return std::nullopt;
  int checked = 0;
  // Read more candidates than are checked when some may be skipped as too new.
  const int wanted = older_than ? 4 * kMaxCandidatesChecked : kMaxCandidatesChecked;
  for (const CandidateIndex::Candidate& c : index.Candidates(keys, wanted)) {
    if (older_than && c.id >= *older_than) continue;
    if (checked++ == kMaxCandidatesChecked) break;
    std::optional<CandidateIndex::StoredText> stored = index.Load(c.id);
    if (!stored) continue;
    if (older_than && stored->root >= *older_than) continue;
    const DedupText other = PrepareDedupText(stored->title, stored->body, stored->published_at);
    NearDuplicateVerdict verdict = ConfirmNearDuplicate(text, other);
    if (verdict.duplicate) return NearDuplicateLink{stored->root, c.id, std::move(verdict)};
  }
  return std::nullopt;
}

}  // namespace newscrawl
