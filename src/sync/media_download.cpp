// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/media_download.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "core/errors.hpp"

namespace imaginecole::sync {
namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;
namespace http = beast::http;
namespace fs = std::filesystem;

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kErrorTextLimit = 2048;

// The partial file, opened for appending (POSIX: a short write is retried, EINTR too).
class PartialFile {
 public:
  explicit PartialFile(const fs::path& path) : path_(path) {
    fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      throw failure("cannot open");
    }
  }
  ~PartialFile() { close(fd_); }
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;

  void truncate() {
    if (ftruncate(fd_, 0) != 0) {
      throw failure("cannot empty");
    }
  }
  void append(const char* data, std::size_t size) {
    while (size > 0) {
      const ssize_t written = ::write(fd_, data, size);
      if (written < 0) {
        if (errno == EINTR) {
          continue;
        }
        throw failure("cannot write");
      }
      data += written;
      size -= static_cast<std::size_t>(written);
    }
  }

 private:
  std::runtime_error failure(const std::string& what) const {
    return std::runtime_error(what + " " + path_.string() + ": " + std::strerror(errno));
  }
  fs::path path_;
  int fd_ = -1;
};

// "bytes 100-199/200" → its first byte; nullopt when unreadable.
std::optional<std::uint64_t> range_start(std::string_view content_range) {
  constexpr std::string_view kUnit = "bytes ";
  if (!content_range.starts_with(kUnit)) {
    return std::nullopt;
  }
  content_range.remove_prefix(kUnit.size());
  std::uint64_t first = 0;
  const auto [end, error] =
      std::from_chars(content_range.data(), content_range.data() + content_range.size(), first);
  if (error != std::errc{} || end == content_range.data() + content_range.size() || *end != '-') {
    return std::nullopt;
  }
  return first;
}

std::uint64_t size_or_zero(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

}  // namespace

HttpOrigin parse_http_origin(std::string_view url, std::string_view what) {
  const std::string original(url);
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    throw InvalidInput("the " + std::string(what) + " URL must start with http:// (got '" +
                       original + "')");
  }
  url.remove_prefix(kScheme.size());
  const auto slash = url.find('/');
  const std::string_view authority = url.substr(0, slash);
  HttpOrigin origin;
  if (slash != std::string_view::npos) {
    origin.prefix = std::string(url.substr(slash));
    while (!origin.prefix.empty() && origin.prefix.back() == '/') {
      origin.prefix.pop_back();
    }
  }
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    origin.host = std::string(authority.substr(0, colon));
    origin.port = std::string(authority.substr(colon + 1));
  } else {
    origin.host = std::string(authority);
    origin.port = "80";
  }
  if (origin.host.starts_with('[') && origin.host.ends_with(']')) {
    origin.host = origin.host.substr(1, origin.host.size() - 2);
  }
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(origin.port.data(), origin.port.data() + origin.port.size(), port);
  if (origin.host.empty() || origin.host.find_first_of("@ ") != std::string::npos) {
    throw InvalidInput("the " + std::string(what) + " URL has no usable host: '" + original + "'");
  }
  if (error != std::errc{} || end != origin.port.data() + origin.port.size() || port == 0 ||
      port > 65535) {
    throw InvalidInput("the " + std::string(what) + " URL has no usable port: '" + original + "'");
  }
  return origin;
}

DownloadResult download_to_partial(const DownloadRequest& request) {
  DownloadResult result;
  result.offset = size_or_zero(request.partial);
  const bool through_proxy = !request.proxy.host.empty();
  const HttpOrigin& peer = through_proxy ? request.proxy : request.origin;
  const std::string origin_form = request.origin.prefix + request.path;

  asio::io_context context;
  asio::ip::tcp::resolver resolver(context);
  beast::tcp_stream stream(context);
  beast::error_code ec;
  stream.expires_after(request.timeout);
  const auto addresses = resolver.resolve(peer.host, peer.port, ec);
  if (!ec) {
    stream.connect(addresses, ec);
  }
  if (ec) {
    result.reason = "cannot reach " + std::string(through_proxy ? "the proxy" : "the hub") +
                    " at " + peer.authority() + ": " + ec.message();
    return result;
  }
  result.reached = true;

  // A proxy gets the absolute form (RFC 9112 §3.2.2); the hub gets the origin form.
  http::request<http::empty_body> get{
      http::verb::get,
      through_proxy ? "http://" + request.origin.authority() + origin_form : origin_form, 11};
  get.set(http::field::host, request.origin.authority());
  get.set(http::field::user_agent, "imaginecole-sync");
  get.set(http::field::connection, "close");
  if (result.offset > 0) {
    get.set(http::field::range, "bytes=" + std::to_string(result.offset) + "-");
  }
  stream.expires_after(request.timeout);
  http::write(stream, get, ec);
  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(boost::none);  // a video is large; its size is checked against the row
  if (!ec) {
    stream.expires_after(request.timeout);
    http::read_header(stream, buffer, parser, ec);
  }
  if (ec) {
    result.reason = "no answer from " + peer.authority() + ": " + ec.message();
    return result;
  }
  result.status = static_cast<int>(parser.get().result_int());

  const bool keep = result.status == 200 || result.status == 206;
  std::optional<PartialFile> partial;  // only a file's bytes are written (not an error page)
  if (keep) {
    partial.emplace(request.partial);
  }
  std::string error_text;
  if (result.status == 206) {
    const auto first = range_start(parser.get()[http::field::content_range]);
    if (!first || *first != result.offset) {
      // Not the bytes asked for: nothing of it is kept, the next request starts again.
      partial->truncate();
      result.restarted = true;
      result.reason = "the hub answered another range (" +
                      std::string(parser.get()[http::field::content_range]) + ")";
      return result;
    }
    result.resumed = result.offset > 0;
  } else if (result.status == 200) {
    // The whole file (a hub or proxy that ignores Range): start again from its first byte.
    partial->truncate();
    result.restarted = result.offset > 0;
  }

  std::string chunk(kChunk, '\0');
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    stream.expires_after(request.timeout);
    http::read(stream, buffer, parser, ec);
    if (ec == http::error::need_buffer) {
      ec = {};
    }
    const std::size_t got = chunk.size() - parser.get().body().size;
    if (keep) {
      partial->append(chunk.data(), got);
      result.received += got;
    } else if (error_text.size() < kErrorTextLimit) {
      error_text.append(chunk.data(), std::min(got, kErrorTextLimit - error_text.size()));
    }
    if (ec) {
      result.reason = "the transfer was cut after " + std::to_string(result.received) +
                      " bytes: " + ec.message();
      return result;
    }
  }
  result.complete = true;
  if (!keep) {
    result.reason = error_text;
  }
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  return result;
}

}  // namespace imaginecole::sync
