// Content fingerprints for article dedup: a text fold that makes equivalent Vietnamese spellings
// equal, an exact hash of the folded title + body, a 64-bit SimHash of the body (kept as a
// record column), and MinHash band keys that propose near-duplicate candidates. A candidate is
// only a proposal: near_duplicate.h confirms or rejects it on the two texts. Pure functions;
// thread-safe. Part of the dedup component (src/dedup/).
#ifndef NEWSCRAWL_CONTENT_DEDUP_H_
#define NEWSCRAWL_CONTENT_DEDUP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newscrawl {

// A SimHash distance no longer decides anything (issue 13: formulaic news texts of one newsroom
// correlate, and 8 bits linked distinct articles). The SimHash is still stored per record and
// measured in tests/dedup/content_dedup_test.cpp; near duplicates are proposed by MinHash bands
// and confirmed by ConfirmNearDuplicate (near_duplicate.h).
inline constexpr int kNearDuplicateMaxDistance = 8;

// MinHash LSH: kMinHashBands bands of kMinHashRows rows. Two bodies whose 3-word shingle sets
// have Jaccard similarity s share at least one band key with probability 1 - (1 - s^3)^20:
// 0.93 at s = 0.5, 0.998 at s = 0.7, 0.42 at s = 0.3 and 2e-5 at s = 0.01 (unrelated news texts
// of one site). Copies that the confirmation accepts have s of 0.55 or more on the labeled pair
// set (tests/dedup/pair_set_test.cpp), so the candidate stage loses almost none of them; the
// confirmation rejects the many formulaic pairs (s 0.2-0.5) that the bands also propose.
inline constexpr int kMinHashBands = 20;
inline constexpr int kMinHashRows = 3;

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

// XXH3-64 hashes of the kShingleWords-word shingles of `words`, in order; fewer words than one
// shingle give one hash of all of them, no words none.
std::vector<std::uint64_t> ShingleHashes(const std::vector<std::string>& words);

// XXH3-64 of FoldForDedup(title) + '\n' + FoldForDedup(body).
std::uint64_t ExactHash(std::string_view title, std::string_view body);

// 64-bit SimHash over kShingleWords-word shingles of the folded body, each shingle hashed with
// XXH3-64 and weighted 1. A body with fewer words than one shingle uses the words it has; an
// empty body hashes to 0.
std::uint64_t SimHash64(std::string_view body);

// The kMinHashBands candidate keys of a body: each band's kMinHashRows minimum shingle hashes
// (under independent 64-bit mixes) hashed together with the band number, so keys of different
// bands never collide by construction. Empty for an empty body.
std::vector<std::uint64_t> MinHashBandKeys(std::string_view body);

// Everything the store needs about one record, folding the body once.
struct ContentFingerprint {
  std::uint64_t exact_hash = 0;  // ExactHash(title, body)
  std::uint64_t simhash = 0;     // SimHash64(body)
  std::size_t body_words = 0;    // DedupWords(FoldForDedup(body)).size()
  std::vector<std::uint64_t> band_keys;  // MinHashBandKeys(body)
};
ContentFingerprint Fingerprint(std::string_view title, std::string_view body);

// Number of differing bits (inline SWAR bit count: without -mpopcnt std::popcount is a libgcc
// call).
inline int HammingDistance(std::uint64_t a, std::uint64_t b) {
  std::uint64_t x = a ^ b;
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONTENT_DEDUP_H_
