// SPDX-License-Identifier: AGPL-3.0-or-later
// gzip (zlib) and brotli for text responses, chosen from Accept-Encoding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace imaginecole::http {

enum class Encoding { identity, gzip, brotli };

// The best encoding the client accepts ("br" over "gzip"), honouring q=0.
Encoding choose_encoding(std::string_view accept_encoding);
std::string_view encoding_token(Encoding encoding);  // "br", "gzip", ""

// True for types worth compressing (text/*, JSON, JS, SVG, XML).
bool is_compressible(std::string_view content_type);

struct CompressionLevels {
  int gzip = 6;    // 1..9
  int brotli = 5;  // 0..11: 11 for assets compressed once, 4-5 for pages made per request
};

std::string gzip_compress(std::string_view data, int level);
std::string brotli_compress(std::string_view data, int quality);
std::optional<std::string> gzip_decompress(std::string_view data);  // for tests and imports
std::optional<std::string> brotli_decompress(std::string_view data);
std::string compress(std::string_view data, Encoding encoding, const CompressionLevels& levels);

}  // namespace imaginecole::http
