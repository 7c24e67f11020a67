// SPDX-License-Identifier: AGPL-3.0-or-later
// Which encoding a spreadsheet's text file is in, and its conversion to UTF-8. The rule
// (docs/decisions/0023): valid UTF-8, with or without a byte-order mark, is UTF-8; otherwise
// the file is taken as Windows-1252, the code page Excel uses for "CSV (point-virgule)" on a
// French Windows; a byte that code page leaves undefined, or control characters that no
// text file has, refuse the file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace imaginecole::classroom {

enum class TextEncoding { utf8, utf8_bom, windows_1252 };

// "utf-8", "utf-8-bom", "windows-1252" (message keys and JSON use these).
std::string_view encoding_name(TextEncoding encoding);

// Which encodings a reader accepts besides UTF-8: OneRoster files are UTF-8 by their
// specification; a teacher's class list comes from whatever spreadsheet the school has.
enum class AcceptedEncodings { utf8_only, utf8_or_windows_1252 };

struct DecodedText {
  std::string text;  // UTF-8, without the byte-order mark
  TextEncoding encoding = TextEncoding::utf8;
};

// Why a file could not be read as text: `code` is "not_text" (binary data), "utf16",
// "not_utf8" (only UTF-8 accepted) or "not_windows_1252" (a byte undefined there); `offset`
// is the position of the offending byte in the file.
struct DecodeFailure {
  std::string code;
  std::size_t offset = 0;
  unsigned char byte = 0;
};

struct DecodeResult {
  std::optional<DecodedText> decoded;
  std::optional<DecodeFailure> failure;
};

DecodeResult decode_text(std::string_view bytes, AcceptedEncodings accepted);

// Windows-1252 bytes as UTF-8; nullopt when a byte is one of the five the code page leaves
// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), with its position in `undefined_at`.
std::optional<std::string> windows_1252_to_utf8(std::string_view bytes,
                                                std::size_t* undefined_at = nullptr);

}  // namespace imaginecole::classroom
