// SPDX-License-Identifier: AGPL-3.0-or-later
#include "classroom/text_encoding.hpp"

#include <array>
#include <cstdint>

#include "classroom/roster_csv.hpp"

namespace imaginecole::classroom {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Windows-1252 0x80..0x9F (the rest of the code page is Latin-1, the same as Unicode); 0 for
// the five bytes it leaves undefined.
constexpr std::array<std::uint16_t, 32> kWindows1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0u | (code >> 6u)));
    out.push_back(static_cast<char>(0x80u | (code & 0x3Fu)));
  } else {
    out.push_back(static_cast<char>(0xE0u | (code >> 12u)));
    out.push_back(static_cast<char>(0x80u | ((code >> 6u) & 0x3Fu)));
    out.push_back(static_cast<char>(0x80u | (code & 0x3Fu)));
  }
}

// A text file has no C0 control characters but tab, line breaks, form feed and the old DOS
// end-of-file mark; a spreadsheet (.xlsx is a zip), a picture or a PDF has NULs and others
// within their first bytes.
std::optional<std::size_t> first_binary_byte(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1A) {
      return i;
    }
    if (c == 0x7F) {
      return i;
    }
  }
  return std::nullopt;
}

DecodeResult failure(std::string code, std::string_view bytes, std::size_t offset) {
  return DecodeResult{.decoded = std::nullopt,
                      .failure = DecodeFailure{
                          .code = std::move(code),
                          .offset = offset,
                          .byte = offset < bytes.size() ? static_cast<unsigned char>(bytes[offset])
                                                        : static_cast<unsigned char>(0)}};
}

}  // namespace

std::string_view encoding_name(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::utf8:
      return "utf-8";
    case TextEncoding::utf8_bom:
      return "utf-8-bom";
    case TextEncoding::windows_1252:
      return "windows-1252";
  }
  return "utf-8";
}

std::optional<std::string> windows_1252_to_utf8(std::string_view bytes, std::size_t* undefined_at) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80 || c >= 0xA0) {
      append_utf8(out, c);
      continue;
    }
    const std::uint16_t code = kWindows1252High[c - 0x80];
    if (code == 0) {
      if (undefined_at != nullptr) {
        *undefined_at = i;
      }
      return std::nullopt;
    }
    append_utf8(out, code);
  }
  return out;
}

DecodeResult decode_text(std::string_view bytes, AcceptedEncodings accepted) {
  // Excel's "Unicode text" is UTF-16 with its byte-order mark: every other byte is a NUL.
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return failure("utf16", bytes, 0);
  }
  const bool bom = bytes.starts_with(kUtf8Bom);
  const std::string_view body = bom ? bytes.substr(kUtf8Bom.size()) : bytes;
  const std::size_t shift = bom ? kUtf8Bom.size() : 0;
  if (const auto binary = first_binary_byte(body)) {
    return failure("not_text", bytes, *binary + shift);
  }
  const auto invalid = first_invalid_utf8(body);
  if (!invalid) {
    return DecodeResult{
        .decoded = DecodedText{.text = std::string(body),
                               .encoding = bom ? TextEncoding::utf8_bom : TextEncoding::utf8},
        .failure = std::nullopt};
  }
  // A byte-order mark promises UTF-8: a file that has one and breaks it is damaged, not
  // in another encoding.
  if (bom || accepted == AcceptedEncodings::utf8_only) {
    return failure("not_utf8", bytes, *invalid + shift);
  }
  std::size_t undefined_at = 0;
  auto converted = windows_1252_to_utf8(body, &undefined_at);
  if (!converted) {
    return failure("not_windows_1252", bytes, undefined_at);
  }
  return DecodeResult{
      .decoded = DecodedText{.text = std::move(*converted), .encoding = TextEncoding::windows_1252},
      .failure = std::nullopt};
}

}  // namespace imaginecole::classroom
