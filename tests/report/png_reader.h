// A minimal PNG decoder for the screenshot test: 8-bit RGB or RGBA, non-interlaced (what
// Chromium's --screenshot writes). Enough to count pixels; not a general PNG library.
// Header-only test support; stateless.
#ifndef NEWSCRAWL_TESTS_REPORT_PNG_READER_H_
#define NEWSCRAWL_TESTS_REPORT_PNG_READER_H_

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace newscrawl::testing {

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint32_t> pixels;  // 0xRRGGBB, row by row (alpha dropped)
};

inline std::uint32_t Be32(const std::string& s, std::size_t at) {
  return (std::uint32_t{static_cast<unsigned char>(s[at])} << 24) | (std::uint32_t{static_cast<unsigned char>(s[at + 1])} << 16) |
         (std::uint32_t{static_cast<unsigned char>(s[at + 2])} << 8) | std::uint32_t{static_cast<unsigned char>(s[at + 3])};
}

// nullopt (with `error` set) for anything but a well-formed 8-bit RGB/RGBA non-interlaced PNG.
inline std::optional<RgbImage> DecodePng(const std::string& png, std::string* error) {
  const auto fail = [&](const std::string& why) {
    if (error != nullptr) *error = why;
    return std::nullopt;
  };
  if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return fail("not a PNG signature");
  RgbImage img;
  int channels = 0;
  std::string idat;
  bool seen_end = false;
  for (std::size_t pos = 8; pos + 12 <= png.size();) {
    const std::uint32_t len = Be32(png, pos);
    const std::string type = png.substr(pos + 4, 4);
    if (pos + 12 + len > png.size()) return fail("truncated chunk " + type);
    const std::size_t data = pos + 8;
    if (type == "IHDR") {
      if (len != 13) return fail("bad IHDR");
      img.width = static_cast<int>(Be32(png, data));
      img.height = static_cast<int>(Be32(png, data + 4));
      const int depth = static_cast<unsigned char>(png[data + 8]);
      const int color = static_cast<unsigned char>(png[data + 9]);
      const int interlace = static_cast<unsigned char>(png[data + 12]);
      if (depth != 8 || (color != 2 && color != 6) || interlace != 0) {
        return fail("unsupported PNG: depth " + std::to_string(depth) + ", colour type " + std::to_string(color) +
                    ", interlace " + std::to_string(interlace));
      }
      channels = color == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      idat.append(png, data, len);
    } else if (type == "IEND") {
      seen_end = true;
      break;
    }
    pos += 12 + len;
  }
  if (channels == 0 || !seen_end) return fail("missing IHDR or IEND");
  if (img.width <= 0 || img.height <= 0 || img.width > 20000 || img.height > 20000) return fail("bad size");
  const std::size_t stride = static_cast<std::size_t>(img.width) * static_cast<std::size_t>(channels);
  std::vector<unsigned char> raw((stride + 1) * static_cast<std::size_t>(img.height));
  uLongf raw_len = static_cast<uLongf>(raw.size());
  if (uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()), static_cast<uLong>(idat.size())) != Z_OK ||
      raw_len != raw.size()) {
    return fail("zlib data does not inflate to the image size");
  }
  // Undo the per-row filters (PNG spec section 9) in place.
  std::vector<unsigned char> prev(stride, 0);
  img.pixels.reserve(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height));
  for (int y = 0; y < img.height; ++y) {
    unsigned char* row = raw.data() + static_cast<std::size_t>(y) * (stride + 1);
    const int filter = row[0];
    unsigned char* cur = row + 1;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<std::size_t>(channels) ? cur[i - channels] : 0;
      const int b = prev[i];
      const int c = i >= static_cast<std::size_t>(channels) ? prev[i - channels] : 0;
      int predictor = 0;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
          break;
        }
        default: return fail("bad filter type " + std::to_string(filter));
      }
      cur[i] = static_cast<unsigned char>(cur[i] + predictor);
    }
    for (int x = 0; x < img.width; ++x) {
      const unsigned char* px = cur + static_cast<std::size_t>(x) * static_cast<std::size_t>(channels);
      img.pixels.push_back((std::uint32_t{px[0]} << 16) | (std::uint32_t{px[1]} << 8) | px[2]);
    }
    prev.assign(cur, cur + stride);
  }
  return img;
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_REPORT_PNG_READER_H_
