// Content fingerprints for article dedup: a text fold that makes equivalent Vietnamese spellings
// equal, an exact hash of the folded title + body, and a 64-bit SimHash of the body for near
// duplicates (republished copies with a line added or changed). Pure functions; thread-safe.
#ifndef NEWSCRAWL_CONTENT_DEDUP_H_
#define NEWSCRAWL_CONTENT_DEDUP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newscrawl {

// Two bodies whose SimHash64 differ in at most this many bits are near duplicates.
// Measured on the 3.6 KB Vietnamese seed article (tests/store/content_dedup_test.cpp,
// NearDuplicateThresholdSeparates; 3-word shingles): a paragraph added, or any one of its 20
// paragraphs reworded, moves the hash by 0–7 bits; removing a paragraph of up to 5 % of the text
// by at most 6 (removing a 12 % paragraph: 9, not linked). Unrelated Vietnamese news texts differed
// by 24 bits or more (random 64-bit hashes: 32 ± 4), so 8 leaves a margin on both sides. The
// common choice of 3 (Manku et al., web pages of several KB) missed most one-line edits here:
// news bodies are short, and a 64-bit SimHash of a short text moves more per changed shingle.
inline constexpr int kNearDuplicateMaxDistance = 8;

// Words per SimHash shingle. 1–5 were tried on the seed article; 3 separated edits from unrelated
// texts best (2 and 4 let one edit move the hash by 10–11 bits).
inline constexpr int kShingleWords = 3;

// Bodies with fewer words than this are too short for content dedup: the store neither aliases
// nor links them by content (a one-line video caption shared by two pages is not a duplicate).
inline constexpr int kMinDedupWords = 20;

// The dedup fold: SanitizeUtf8 → NFC → lower case (ICU, root locale) → one tone-mark placement
// → collapsed white space. Vietnamese writes the tone of the open-syllable clusters oa, oe, uy in
// two styles: on the first vowel ("hòa, hòe, thủy, úy") or on the second ("hoà, hoè, thuỷ, uý").
// The fold always moves it to the second vowel, the only position that also occurs in closed
// syllables ("hoàng", "toán"), so both styles fold to "hoà, hoè, thuỷ, uý".
std::string FoldForDedup(std::string_view text);

// The words of folded text: maximal runs of letters, marks and digits (punctuation dropped).
std::vector<std::string> DedupWords(std::string_view folded);

// XXH3-64 of FoldForDedup(title) + '\n' + FoldForDedup(body).
std::uint64_t ExactHash(std::string_view title, std::string_view body);

// 64-bit SimHash over kShingleWords-word shingles of the folded body, each shingle hashed with
// XXH3-64 and weighted 1. A body with fewer words than one shingle uses the words it has; an
// empty body hashes to 0.
std::uint64_t SimHash64(std::string_view body);

// Everything the store needs about one record, folding the body once.
struct ContentFingerprint {
  std::uint64_t exact_hash = 0;  // ExactHash(title, body)
  std::uint64_t simhash = 0;     // SimHash64(body)
  std::size_t body_words = 0;    // DedupWords(FoldForDedup(body)).size()
};
ContentFingerprint Fingerprint(std::string_view title, std::string_view body);

// Number of differing bits. Inline SWAR bit count: the store compares a new body against every
// stored one, and without -mpopcnt std::popcount is a libgcc call several times slower.
inline int HammingDistance(std::uint64_t a, std::uint64_t b) {
  std::uint64_t x = a ^ b;
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONTENT_DEDUP_H_
