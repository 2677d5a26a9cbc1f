// The labeled near-duplicate pair set: true copies (one text and an edited copy of it) and
// distinct pairs (two articles), built from real article texts (the project's Vietnamese
// fixtures, the AEB dev pages' gold texts) and from generated formulaic reports. The thresholds
// in near_duplicate.h are set on it; tests/dedup/pair_set_test.cpp reports precision and recall.
// Header-only test support.
#ifndef NEWSCRAWL_TESTS_DEDUP_PAIR_SET_H_
#define NEWSCRAWL_TESTS_DEDUP_PAIR_SET_H_

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dedup/formulaic_news.h"

namespace newscrawl::testing {

struct PairText {
  std::string source;  // where the text came from
  std::string title;
  std::string body;
  std::string published_at;
};

struct LabeledPair {
  std::string kind;  // the edit for a copy ("line added", ...) or the kind of distinct pair
  bool copy = false;
  PairText a, b;
};

inline std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> Paragraphs(const std::string& body) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t end = body.find("\n\n", pos);
    if (end == std::string::npos) end = body.size();
    if (end > pos) out.push_back(body.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

inline std::string JoinParagraphs(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& p : v) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

inline std::size_t WordCount(const std::string& s) {
  std::istringstream in(s);
  std::size_t n = 0;
  for (std::string w; in >> w;) ++n;
  return n;
}

// Real article texts of at least 120 words with at least 4 paragraphs.
inline std::vector<PairText> RealTexts() {
  std::vector<PairText> out;
  const std::filesystem::path root = NEWSCRAWL_SOURCE_DIR;
  std::vector<std::filesystem::path> records;
  for (const auto& dir : std::filesystem::directory_iterator(root / "fixtures")) {
    // The generic folder holds pages of other fixtures' articles too; one copy of each text.
    if (!dir.is_directory() || dir.path().filename() == "generic") continue;
    for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = f.path().filename().string();
      // Hostile variants are edited copies of another fixture's page: the same article.
      if (f.path().extension() != ".json" || name.find(".source.") != std::string::npos ||
          name.find(".reference.") != std::string::npos || name.rfind("variant-", 0) == 0) {
        continue;
      }
      records.push_back(f.path());
    }
  }
  std::sort(records.begin(), records.end());
  for (const auto& p : records) {
    const nlohmann::json j = nlohmann::json::parse(ReadAll(p), nullptr, false);
    if (!j.is_object() || !j.contains("body") || !j["body"].is_string()) continue;
    PairText t{p.filename().string(), j.value("title", nlohmann::json("")).is_string() ? j.value("title", "") : "",
               j["body"].get<std::string>(), ""};
    if (j.contains("published_at") && j["published_at"].is_string()) t.published_at = j["published_at"];
    out.push_back(std::move(t));
  }
  std::ifstream aeb(root / "tests/dedup/data/aeb_bodies.jsonl");
  for (std::string line; std::getline(aeb, line);) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object()) out.push_back({"aeb:" + j["id"].get<std::string>(), "", j["body"].get<std::string>(), ""});
  }
  std::vector<PairText> kept;
  std::set<std::string> openings;  // one text per opening: a page saved twice is one article
  for (PairText& t : out) {
    if (WordCount(t.body) >= 120 && Paragraphs(t.body).size() >= 4 && openings.insert(t.body.substr(0, 300)).second) {
      kept.push_back(std::move(t));
    }
  }
  return kept;
}

inline std::vector<PairText> FormulaicTexts(int per_kind) {
  std::vector<PairText> out;
  for (int kind = 0; kind < kFormulaicKinds; ++kind) {
    for (int s = 0; s < per_kind; ++s) {
      const FormulaicArticle a = MakeFormulaicArticle(kind, static_cast<std::uint64_t>(1000 + s));
      out.push_back({"formulaic:" + std::to_string(kind) + ":" + std::to_string(s), a.title, a.Body(), a.published_at});
    }
  }
  return out;
}

// The copy edits, each a function of the original text.
struct CopyEdit {
  const char* name;
  PairText (*apply)(const PairText&, std::mt19937_64&);
};

inline std::size_t MiddleParagraph(const std::vector<std::string>& v, std::mt19937_64& rng) {
  return v.size() <= 2 ? 0 : 1 + rng() % (v.size() - 2);
}

inline PairText EditLineAdded(const PairText& t, std::mt19937_64&) {
  PairText c = t;
  c.body = t.body + "\n\nBài viết được đăng lại từ báo Gia Lai với sự đồng ý của tòa soạn.";
  return c;
}

inline PairText EditParagraphRemoved(const PairText& t, std::mt19937_64& rng) {
  PairText c = t;
  std::vector<std::string> v = Paragraphs(t.body);
  // A copy-editor cuts a short paragraph, not a third of the article.
  std::size_t best = MiddleParagraph(v, rng);
  for (std::size_t i = 1; i + 1 < v.size(); ++i) {
    if (WordCount(v[i]) < WordCount(v[best])) best = i;
  }
  v.erase(v.begin() + static_cast<long>(best));
  c.body = JoinParagraphs(v);
  return c;
}

inline PairText EditParagraphReworded(const PairText& t, std::mt19937_64& rng) {
  PairText c = t;
  std::vector<std::string> v = Paragraphs(t.body);
  std::string& p = v[MiddleParagraph(v, rng)];
  // Reworded: words dropped and neighbours swapped all through the paragraph.
  std::istringstream in(p);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (rng() % 5 == 0) continue;
    out.push_back(words[i]);
    if (out.size() >= 2 && rng() % 4 == 0) std::swap(out[out.size() - 1], out[out.size() - 2]);
  }
  std::string joined;
  for (const std::string& w : out) joined += (joined.empty() ? "" : " ") + w;
  p = "Theo đó, " + joined;
  c.body = JoinParagraphs(v);
  return c;
}

inline PairText EditNewIntro(const PairText& t, std::mt19937_64&) {
  PairText c = t;
  c.body = "Sáng nay, nhiều bạn đọc đã gửi thư về tòa soạn quan tâm đến vấn đề dưới đây. Chúng tôi xin đăng lại "
           "toàn văn bài viết để bạn đọc tiện theo dõi và tham khảo thêm.\n\n" +
           t.body;
  return c;
}

inline PairText EditBylineChanged(const PairText& t, std::mt19937_64&) {
  PairText c = t;
  c.body = "PV Nguyễn Thanh Hà\n\n" + t.body + "\n\nTrần Minh Tuấn (tổng hợp)";
  return c;
}

// Another site's copy: its own title, paragraphs split and joined differently, the other tone
// style, a source line.
inline PairText EditSyndicated(const PairText& t, std::mt19937_64&) {
  PairText c = t;
  c.title = "Đọc thêm: " + t.title + " (theo báo bạn)";
  std::vector<std::string> v = Paragraphs(t.body);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i + 1 < v.size() && i % 3 == 1) {
      out.push_back(v[i] + " " + v[i + 1]);
      ++i;
    } else {
      out.push_back(v[i]);
    }
  }
  std::string body = JoinParagraphs(out) + "\n\n(Theo Báo Gia Lai)";
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{{"hòa", "hoà"}, {"thủy", "thuỷ"}, {"hóa", "hoá"}}) {
    for (std::size_t pos = 0; (pos = body.find(from, pos)) != std::string::npos; pos += to.size()) body.replace(pos, from.size(), to);
  }
  c.body = body;
  return c;
}

inline PairText EditIntroCreditAndReword(const PairText& t, std::mt19937_64& rng) {
  return EditLineAdded(EditParagraphReworded(EditNewIntro(t, rng), rng), rng);
}

inline const std::vector<CopyEdit>& CopyEdits() {
  static const std::vector<CopyEdit> edits = {
      {"line added", EditLineAdded},         {"paragraph removed", EditParagraphRemoved},
      {"paragraph reworded", EditParagraphReworded}, {"new intro", EditNewIntro},
      {"byline changed", EditBylineChanged}, {"syndicated on another site", EditSyndicated},
      {"intro + reword + credit", EditIntroCreditAndReword}};
  return edits;
}

inline std::vector<LabeledPair> BuildPairSet() {
  std::vector<LabeledPair> pairs;
  const std::vector<PairText> real = RealTexts();
  const std::vector<PairText> formulaic = FormulaicTexts(25);
  std::mt19937_64 rng(20261207);
  for (const std::vector<PairText>* set : {&real, &formulaic}) {
    for (const PairText& t : *set) {
      for (const CopyEdit& e : CopyEdits()) {
        pairs.push_back({e.name, true, t, e.apply(t, rng)});
      }
    }
  }
  for (std::size_t i = 0; i < real.size(); ++i) {
    for (std::size_t j = i + 1; j < real.size(); ++j) pairs.push_back({"unrelated real articles", false, real[i], real[j]});
  }
  for (std::size_t i = 0; i < formulaic.size(); ++i) {
    for (std::size_t j = i + 1; j < formulaic.size(); ++j) {
      const bool same_kind = formulaic[i].source.substr(0, 11) == formulaic[j].source.substr(0, 11);
      if (same_kind) pairs.push_back({"same template, other facts", false, formulaic[i], formulaic[j]});
    }
  }
  // Same report, other day: the same facts drawn again for the next day differ only in the
  // numbers and names the template carries; and one copy-edited (a line added) against the
  // other day's report.
  for (int kind = 0; kind < kFormulaicKinds; ++kind) {
    for (int s = 0; s < 10; ++s) {
      const FormulaicArticle d1 = MakeFormulaicArticle(kind, static_cast<std::uint64_t>(5000 + s));
      const FormulaicArticle d2 = MakeFormulaicArticle(kind, static_cast<std::uint64_t>(5000 + s + 1));
      PairText a{"day1", d1.title, d1.Body(), d1.published_at}, b{"day2", d2.title, d2.Body(), d2.published_at};
      pairs.push_back({"same topic, other day, copy-edited", false, a, EditLineAdded(b, rng)});
    }
  }
  return pairs;
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_DEDUP_PAIR_SET_H_
