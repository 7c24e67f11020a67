// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/compression.hpp"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <cstdlib>
#include <stdexcept>

namespace imaginecole::http {
namespace {

// The q-value of `token` in an Accept-Encoding header; -1 when absent.
double quality_of(std::string_view header, std::string_view token) {
  double star = -1;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    const auto semi = item.find(';');
    std::string_view name = item.substr(0, semi);
    while (!name.empty() && name.back() == ' ') {
      name.remove_suffix(1);
    }
    double q = 1.0;
    if (semi != std::string_view::npos) {
      const auto qpos = item.find("q=", semi);
      if (qpos != std::string_view::npos) {
        q = std::strtod(std::string(item.substr(qpos + 2)).c_str(), nullptr);
      }
    }
    if (name == token) {
      return q;
    }
    if (name == "*") {
      star = q;
    }
  }
  return star;
}

}  // namespace

Encoding choose_encoding(std::string_view accept_encoding) {
  if (quality_of(accept_encoding, "br") > 0) {
    return Encoding::brotli;
  }
  if (quality_of(accept_encoding, "gzip") > 0) {
    return Encoding::gzip;
  }
  return Encoding::identity;
}

std::string_view encoding_token(Encoding encoding) {
  switch (encoding) {
    case Encoding::brotli:
      return "br";
    case Encoding::gzip:
      return "gzip";
    case Encoding::identity:
      break;
  }
  return "";
}

bool is_compressible(std::string_view type) {
  return type.starts_with("text/") || type.starts_with("application/json") ||
         type.starts_with("application/javascript") || type.starts_with("application/xml") ||
         type.starts_with("image/svg+xml") || type.starts_with("application/manifest+json");
}

std::string gzip_compress(std::string_view data, int level) {
  z_stream stream{};
  // 15 window bits + 16: write a gzip header rather than a zlib one.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) {
    throw std::runtime_error("deflate failed");
  }
  out.resize(stream.total_out);
  return out;
}

std::string brotli_compress(std::string_view data, int quality) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) {
    size = data.size() + 1024;
  }
  std::string out(size, '\0');
  if (BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                            reinterpret_cast<const uint8_t*>(data.data()), &size,
                            reinterpret_cast<uint8_t*>(out.data())) == BROTLI_FALSE) {
    throw std::runtime_error("brotli compression failed");
  }
  out.resize(size);
  return out;
}

std::optional<std::string> gzip_decompress(std::string_view data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) {
    return std::nullopt;
  }
  std::string out;
  char buffer[16384];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  do {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&stream);
      return std::nullopt;
    }
    out.append(buffer, sizeof buffer - stream.avail_out);
  } while (rc != Z_STREAM_END);
  inflateEnd(&stream);
  return out;
}

std::optional<std::string> brotli_decompress(std::string_view data) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (state == nullptr) {
    return std::nullopt;
  }
  std::string out;
  const auto* next_in = reinterpret_cast<const uint8_t*>(data.data());
  std::size_t available_in = data.size();
  BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    uint8_t buffer[16384];
    uint8_t* next_out = buffer;
    std::size_t available_out = sizeof buffer;
    result = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out,
                                           &next_out, nullptr);
    out.append(reinterpret_cast<char*>(buffer), sizeof buffer - available_out);
  }
  BrotliDecoderDestroyInstance(state);
  if (result != BROTLI_DECODER_RESULT_SUCCESS) {
    return std::nullopt;
  }
  return out;
}

std::string compress(std::string_view data, Encoding encoding, const CompressionLevels& levels) {
  switch (encoding) {
    case Encoding::brotli:
      return brotli_compress(data, levels.brotli);
    case Encoding::gzip:
      return gzip_compress(data, levels.gzip);
    case Encoding::identity:
      break;
  }
  return std::string(data);
}

}  // namespace imaginecole::http
