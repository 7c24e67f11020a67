// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/compression.hpp"

#include <gtest/gtest.h>

namespace imaginecole::http {
namespace {

TEST(Compression, ChoosesBrotliThenGzipHonouringQualityZero) {
  EXPECT_EQ(choose_encoding("gzip, deflate, br"), Encoding::brotli);
  EXPECT_EQ(choose_encoding("gzip"), Encoding::gzip);
  EXPECT_EQ(choose_encoding("br;q=0, gzip;q=0.8"), Encoding::gzip);
  EXPECT_EQ(choose_encoding("gzip;q=0"), Encoding::identity);
  EXPECT_EQ(choose_encoding("identity"), Encoding::identity);
  EXPECT_EQ(choose_encoding("*"), Encoding::brotli);
  EXPECT_EQ(choose_encoding(""), Encoding::identity);
}

TEST(Compression, RoundTripsFrenchText) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "Équations du premier degré : les élèves résolvent 3x + 2 = 11. ";
  }
  const std::string gz = gzip_compress(text, 6);
  const std::string br = brotli_compress(text, 5);
  EXPECT_LT(gz.size(), text.size() / 5);
  EXPECT_LT(br.size(), text.size() / 5);
  EXPECT_EQ(gzip_decompress(gz), text);
  EXPECT_EQ(brotli_decompress(br), text);
}

TEST(Compression, DecompressingGarbageFailsCleanly) {
  EXPECT_FALSE(gzip_decompress("this is not gzip"));
  EXPECT_FALSE(brotli_decompress("\xff\xff\xff\xff not brotli"));
}

TEST(Compression, OnlyTextTypesAreCompressed) {
  EXPECT_TRUE(is_compressible("text/html; charset=utf-8"));
  EXPECT_TRUE(is_compressible("application/json"));
  EXPECT_TRUE(is_compressible("image/svg+xml"));
  EXPECT_FALSE(is_compressible("image/png"));
  EXPECT_FALSE(is_compressible("video/mp4"));
}

}  // namespace
}  // namespace imaginecole::http
