// SPDX-License-Identifier: AGPL-3.0-or-later
// Images with libvips: checks that uploaded bytes decode completely, reads their size, and
// makes the small renditions pupils on slow links download instead (WebP and JPEG, 320 and
// 640 pixels wide, never wider than the original). Memory stays bounded: libvips' operation
// cache is off, one thread per operation, and images over kMaxPixels are refused unread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::media {

inline constexpr long long kMaxPixels = 50'000'000;

struct ImageFacts {
  int width = 0;
  int height = 0;
};

struct EncodedImage {
  std::string variant;  // "w320.webp"
  std::string type;     // "image/webp"
  int width = 0;
  int height = 0;
  std::string bytes;
};

// Decodes all of `bytes`; InvalidInput (core/errors.hpp) with a French message when the image
// is broken, truncated or too large.
ImageFacts check_image(std::string_view bytes);

// WebP and JPEG at each width of `widths` smaller than the original's.
std::vector<EncodedImage> make_renditions(std::string_view bytes, const std::vector<int>& widths);

}  // namespace imaginecole::media
