#include "newscrawl/dedup/content_dedup.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <array>

#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

bool IsToneMark(UChar c) {
  // Combining grave, acute, tilde, hook above, dot below: the five Vietnamese tones in NFD.
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

bool IsCombining(UChar32 c) { return u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK; }

// In NFD lower-case text, rewrites "o<tone>a", "o<tone>e" and "u<tone>y" as "oa<tone>",
// "oe<tone>", "uy<tone>" when the second vowel carries no mark of its own. Only plain o and u
// qualify: with a circumflex or horn they are other vowels (ô, ơ, ư) whose tone placement has
// a single style.
void MoveToneToSecondVowel(icu::UnicodeString& s) {
  const int32_t n = s.length();
  for (int32_t i = 0; i + 2 < n; ++i) {
    const UChar first = s.charAt(i);
    if (first != u'o' && first != u'u') continue;
    const UChar tone = s.charAt(i + 1);
    if (!IsToneMark(tone)) continue;
    const UChar second = s.charAt(i + 2);
    const bool cluster = (first == u'o' && (second == u'a' || second == u'e')) || (first == u'u' && second == u'y');
    if (!cluster) continue;
    if (i + 3 < n && IsCombining(s.charAt(i + 3))) continue;  // second vowel already marked
    s.setCharAt(i + 1, second);
    s.setCharAt(i + 2, tone);
    i += 2;
  }
}

}  // namespace

std::string FoldForDedup(std::string_view text) {
  const std::string clean = SanitizeUtf8(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return CollapseWhitespace(ToNfc(clean));
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(clean.data(), static_cast<int32_t>(clean.size())));
  s.toLower(icu::Locale::getRoot());
  icu::UnicodeString decomposed = nfd->normalize(s, status);
  if (U_FAILURE(status)) return CollapseWhitespace(ToNfc(clean));
  MoveToneToSecondVowel(decomposed);
  const icu::UnicodeString composed = nfc->normalize(decomposed, status);
  if (U_FAILURE(status)) return CollapseWhitespace(ToNfc(clean));
  std::string out;
  composed.toUTF8String(out);
  return CollapseWhitespace(out);
}

std::vector<std::string> DedupWords(std::string_view folded) {
  std::vector<std::string> words;
  std::string current;
  const auto* data = reinterpret_cast<const uint8_t*>(folded.data());
  const int32_t length = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c >= 0 && (u_isalnum(c) || IsCombining(c))) {
      current.append(folded.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}


namespace {

std::uint64_t ExactHashOfFolded(const std::string& title, const std::string& body) {
  std::string folded = title;
  folded += '\n';
  folded += body;
  return XXH3_64bits(folded.data(), folded.size());
}

std::uint64_t SimHashOfShingles(const std::vector<std::uint64_t>& shingles) {
  if (shingles.empty()) return 0;
  std::array<int, 64> weights{};
  for (const std::uint64_t h : shingles) {
    for (int bit = 0; bit < 64; ++bit) weights[bit] += ((h >> bit) & 1U) ? 1 : -1;
  }
  std::uint64_t result = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (weights[bit] > 0) result |= (std::uint64_t{1} << bit);
  }
  return result;
}

// A 64-bit finaliser (the murmur3 / splitmix mix): with a per-row seed it acts as one of the
// independent permutations MinHash needs, at a few cycles per shingle.
std::uint64_t Mix(std::uint64_t x, std::uint64_t seed) {
  x ^= seed;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

std::vector<std::uint64_t> BandKeysOfShingles(const std::vector<std::uint64_t>& shingles) {
  std::vector<std::uint64_t> keys;
  if (shingles.empty()) return keys;
  constexpr int kHashes = kMinHashBands * kMinHashRows;
  std::array<std::uint64_t, kHashes> minima;
  minima.fill(~std::uint64_t{0});
  for (const std::uint64_t h : shingles) {
    for (int j = 0; j < kHashes; ++j) {
      const std::uint64_t v = Mix(h, 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(j + 1));
      if (v < minima[static_cast<std::size_t>(j)]) minima[static_cast<std::size_t>(j)] = v;
    }
  }
  keys.reserve(kMinHashBands);
  for (int b = 0; b < kMinHashBands; ++b) {
    std::array<std::uint64_t, kMinHashRows + 1> band{};
    band[0] = static_cast<std::uint64_t>(b);
    for (int r = 0; r < kMinHashRows; ++r) band[static_cast<std::size_t>(r + 1)] = minima[static_cast<std::size_t>(b * kMinHashRows + r)];
    keys.push_back(XXH3_64bits(band.data(), sizeof(band)));
  }
  return keys;
}

}  // namespace

std::uint64_t ExactHash(std::string_view title, std::string_view body) {
  return ExactHashOfFolded(FoldForDedup(title), FoldForDedup(body));
}

std::vector<std::uint64_t> ShingleHashes(const std::vector<std::string>& words) {
  std::vector<std::uint64_t> out;
  if (words.empty()) return out;
  const std::size_t k = static_cast<std::size_t>(kShingleWords);
  const std::size_t shingles = words.size() >= k ? words.size() - k + 1 : 1;
  out.reserve(shingles);
  std::string shingle;
  for (std::size_t s = 0; s < shingles; ++s) {
    shingle.clear();
    for (std::size_t w = s; w < s + k && w < words.size(); ++w) {
      if (w != s) shingle += ' ';
      shingle += words[w];
    }
    out.push_back(XXH3_64bits(shingle.data(), shingle.size()));
  }
  return out;
}

std::uint64_t SimHash64(std::string_view body) { return SimHashOfShingles(ShingleHashes(DedupWords(FoldForDedup(body)))); }

std::vector<std::uint64_t> MinHashBandKeys(std::string_view body) {
  return BandKeysOfShingles(ShingleHashes(DedupWords(FoldForDedup(body))));
}

ContentFingerprint Fingerprint(std::string_view title, std::string_view body) {
  const std::string folded_body = FoldForDedup(body);
  const std::vector<std::string> words = DedupWords(folded_body);
  const std::vector<std::uint64_t> shingles = ShingleHashes(words);
  return {ExactHashOfFolded(FoldForDedup(title), folded_body), SimHashOfShingles(shingles), words.size(),
          BandKeysOfShingles(shingles)};
}


}  // namespace newscrawl
