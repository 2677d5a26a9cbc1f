// Renders a report with headless Chromium and checks the screenshot is a real page: the PNG
// decodes, much of it differs from the background, and the charts' colours are on it. Skips
// when Chromium is not installed (.ci/run installs it, so CI always runs this).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "newscrawl/report/run_report.h"
#include "report/png_reader.h"
#include "report/report_test_util.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> FindChromium() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  for (const char* name : {"chromium", "chromium-browser"}) {
    std::string dirs = path;
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      std::error_code ec;
      if (!candidate.parent_path().empty() && fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) {
        return candidate.string();
      }
      start = end + 1;
    }
  }
  return std::nullopt;
}

// --- the decoder itself, on PNGs built here (so a decoding bug cannot hide a blank page) --------

void Chunk(std::string& png, const std::string& type, const std::string& data) {
  const auto be32 = [&](std::uint32_t v) {
    for (int shift : {24, 16, 8, 0}) png += static_cast<char>((v >> shift) & 0xff);
  };
  be32(static_cast<std::uint32_t>(data.size()));
  const std::string body = type + data;
  png += body;
  be32(static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

// A 3x3 RGB PNG whose rows use filters None, Sub and Paeth over `rgb` (27 bytes).
std::string MakePng(const std::vector<unsigned char>& rgb) {
  const std::size_t stride = 9;
  std::string raw;
  const int filters[3] = {0, 1, 4};
  for (std::size_t y = 0; y < 3; ++y) {
    raw += static_cast<char>(filters[y]);
    for (std::size_t i = 0; i < stride; ++i) {
      const int x = rgb[y * stride + i];
      const int a = i >= 3 ? rgb[y * stride + i - 3] : 0;
      const int b = y > 0 ? rgb[(y - 1) * stride + i] : 0;
      const int c = (y > 0 && i >= 3) ? rgb[(y - 1) * stride + i - 3] : 0;
      int pred = 0;
      if (filters[y] == 1) pred = a;
      if (filters[y] == 4) {
        const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
        pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
      }
      raw += static_cast<char>((x - pred) & 0xff);
    }
  }
  uLongf len = compressBound(static_cast<uLong>(raw.size()));
  std::string z(len, '\0');
  EXPECT_EQ(compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()),
                     static_cast<uLong>(raw.size())),
            Z_OK);
  z.resize(len);
  std::string png = "\x89PNG\r\n\x1a\n";
  Chunk(png, "IHDR", std::string("\0\0\0\3\0\0\0\3\x08\x02\0\0\0", 13));
  Chunk(png, "IDAT", z);
  Chunk(png, "IEND", "");
  return png;
}

TEST(PngReaderTest, DecodesFilteredRgbRows) {
  std::vector<unsigned char> rgb;
  for (int i = 0; i < 27; ++i) rgb.push_back(static_cast<unsigned char>(i * 37 % 251));
  std::string error;
  auto img = testing::DecodePng(MakePng(rgb), &error);
  ASSERT_TRUE(img) << error;
  ASSERT_EQ(img->width, 3);
  ASSERT_EQ(img->height, 3);
  for (std::size_t p = 0; p < 9; ++p) {
    const std::uint32_t expected = (std::uint32_t{rgb[p * 3]} << 16) | (std::uint32_t{rgb[p * 3 + 1]} << 8) | rgb[p * 3 + 2];
    EXPECT_EQ(img->pixels[p], expected) << "pixel " << p;
  }
  EXPECT_FALSE(testing::DecodePng("GIF89a", &error));
  EXPECT_FALSE(testing::DecodePng(MakePng(rgb).substr(0, 40), &error));
}

// --- the real browser -------------------------------------------------------------------------

bool Near(std::uint32_t a, std::uint32_t b, int tolerance) {
  for (int shift : {16, 8, 0}) {
    if (std::abs(static_cast<int>((a >> shift) & 0xff) - static_cast<int>((b >> shift) & 0xff)) > tolerance) return false;
  }
  return true;
}

TEST(ChromiumTest, ReportRendersToANonBlankScreenshot) {
  const std::optional<std::string> chromium = FindChromium();
  if (!chromium) GTEST_SKIP() << "chromium not installed (scripts/install-deps.sh --with-browser installs it)";

  testing::TempDir dir;
  {
    auto store = SqliteStore::Open(dir.File("report.db"));
    ASSERT_TRUE(store.ok());
    ASSERT_NO_FATAL_FAILURE(testing::FillHistory(**store));
  }
  const testing::CliResult r = testing::RunNewscrawl("report --db " + dir.File("report.db") + " --out " + dir.File("report.html"));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const std::string shot = dir.File("shot.png");
  // timeout(1) bounds a hung browser; the flags keep it from touching the network or the
  // user's profile.
  const std::string cmd = "timeout -k 10 120 " + *chromium +
                          " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
                          " --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars"
                          " --user-data-dir=" + dir.File("profile") + " --screenshot=" + shot +
                          " --window-size=1200,1600 file://" + dir.File("report.html") + " >" + dir.File("chromium.log") +
                          " 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << cmd;
  ASSERT_TRUE(fs::exists(shot)) << "chromium exit " << WEXITSTATUS(status) << "\n"
                                << testing::Slurp(dir.File("chromium.log"));

  std::string error;
  auto img = testing::DecodePng(testing::Slurp(shot), &error);
  ASSERT_TRUE(img) << error;
  EXPECT_EQ(img->width, 1200);
  EXPECT_EQ(img->height, 1600);

  std::map<std::uint32_t, std::size_t> histogram;
  for (std::uint32_t px : img->pixels) ++histogram[px];
  const auto background = std::max_element(histogram.begin(), histogram.end(),
                                           [](const auto& a, const auto& b) { return a.second < b.second; });
  EXPECT_EQ(background->first, 0xffffffU) << "the page background is white";
  const double foreground =
      1.0 - static_cast<double>(background->second) / static_cast<double>(img->pixels.size());
  EXPECT_GT(foreground, 0.08) << "too little is drawn: " << foreground;
  EXPECT_GT(histogram.size(), 50U) << "too few distinct colours";

  // The chart colours are on the page (bars of articles per day, 2xx segments, latency bars).
  for (std::uint32_t colour : {0x1e88e5U, 0x2e7d32U, 0x5c6bc0U}) {
    std::size_t n = 0;
    for (const auto& [px, count] : histogram) {
      if (Near(px, colour, 10)) n += count;
    }
    EXPECT_GT(n, 200U) << std::hex << "colour " << colour << " missing";
  }
}

}  // namespace
}  // namespace newscrawl
