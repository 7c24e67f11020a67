// SPDX-License-Identifier: AGPL-3.0-or-later
#include "zim/illustration.hpp"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace imaginecole::zim {
namespace {

constexpr int kSize = 48;

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

void put_chunk(std::string& out, const char (&type)[5], const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  const std::string typed = std::string(type, 4) + data;
  out += typed;
  const auto crc =
      crc32(0L, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
  put_u32(out, static_cast<std::uint32_t>(crc));
}

bool on_book(int x, int y) {
  // Two pages from x 8..23 and 25..40, y 12..36, the spine at 24 left blue.
  return y >= 12 && y <= 36 && ((x >= 8 && x <= 23) || (x >= 25 && x <= 40));
}

}  // namespace

std::string illustration_png_48() {
  constexpr std::array<unsigned char, 3> kBlue{0x15, 0x65, 0xC0};
  constexpr std::array<unsigned char, 3> kWhite{0xFF, 0xFF, 0xFF};
  std::string raw;
  for (int y = 0; y < kSize; ++y) {
    raw.push_back('\0');  // filter: none
    for (int x = 0; x < kSize; ++x) {
      const auto& colour = on_book(x, y) ? kWhite : kBlue;
      raw.append(reinterpret_cast<const char*>(colour.data()), colour.size());
    }
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                9) != Z_OK) {
    throw std::runtime_error("zlib could not compress the illustration");
  }
  packed.resize(packed_size);
  std::string header;
  put_u32(header, kSize);
  put_u32(header, kSize);
  header +=
      std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, no filter, no interlace
  std::string png("\x89PNG\r\n\x1A\n", 8);
  put_chunk(png, "IHDR", header);
  put_chunk(png, "IDAT", packed);
  put_chunk(png, "IEND", std::string());
  return png;
}

}  // namespace imaginecole::zim
