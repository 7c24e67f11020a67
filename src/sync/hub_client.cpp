// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/hub_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <stdexcept>

namespace imaginecole::sync {
namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;

struct HubAddress {
  std::string host;
  std::string port;
  std::string prefix;
};

HubAddress parse_http_url(std::string_view url, std::string_view what) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    throw std::runtime_error(std::string(what) + " URL must start with http:// (got '" +
                             std::string(url) + "')");
  }
  url.remove_prefix(kScheme.size());
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  HubAddress address;
  if (slash != std::string_view::npos) {
    address.prefix = std::string(url.substr(slash));
    while (!address.prefix.empty() && address.prefix.back() == '/') {
      address.prefix.pop_back();
    }
  }
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    address.host = std::string(authority.substr(0, colon));
    address.port = std::string(authority.substr(colon + 1));
  } else {
    address.host = std::string(authority);
    address.port = "80";
  }
  if (address.host.starts_with('[') && address.host.ends_with(']')) {
    address.host = address.host.substr(1, address.host.size() - 2);
  }
  if (address.host.empty()) {
    throw std::runtime_error(std::string(what) + " URL has no host: '" + std::string(url) + "'");
  }
  return address;
}

std::string environment(const char* lower, const char* upper) {
  const char* value = std::getenv(lower);
  if (value == nullptr || *value == '\0') {
    value = std::getenv(upper);
  }
  return value == nullptr ? "" : value;
}

bool host_excluded(const std::string& host, const std::string& no_proxy) {
  std::size_t start = 0;
  while (start <= no_proxy.size()) {
    auto end = no_proxy.find(',', start);
    if (end == std::string::npos) {
      end = no_proxy.size();
    }
    std::string entry = no_proxy.substr(start, end - start);
    while (!entry.empty() && entry.front() == ' ') {
      entry.erase(0, 1);
    }
    while (!entry.empty() && entry.back() == ' ') {
      entry.pop_back();
    }
    if (entry.starts_with('.')) {
      entry.erase(0, 1);
    }
    if (entry == "*" || (!entry.empty() && (host == entry || host.ends_with("." + entry)))) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

std::string proxy_from_environment(std::string_view hub_url) {
  std::string proxy = environment("http_proxy", "HTTP_PROXY");
  if (proxy.empty()) {
    return "";
  }
  const HubAddress hub = parse_http_url(hub_url, "the hub");
  return host_excluded(hub.host, environment("no_proxy", "NO_PROXY")) ? "" : proxy;
}

HubAnswer post_to_hub(std::string_view hub_url, std::string_view path, std::string_view body,
                      const HubCallOptions& options) {
  const HubAddress address = parse_http_url(hub_url, "the hub");
  // Through a proxy: connect to it and name the hub in the request line (absolute form).
  const bool proxied = !options.proxy.empty();
  const HubAddress peer = proxied ? parse_http_url(options.proxy, "the proxy") : address;
  const std::string origin =
      "http://" +
      (address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host) +
      ":" + address.port;
  asio::io_context context;
  asio::ip::tcp::resolver resolver(context);
  beast::tcp_stream stream(context);
  const std::string through = proxied ? " through the proxy " + options.proxy : "";
  try {
    stream.expires_after(options.timeout);
    stream.connect(resolver.resolve(peer.host, peer.port));
    const std::string target = address.prefix + std::string(path);
    beast::http::request<beast::http::string_body> request{beast::http::verb::post,
                                                           proxied ? origin + target : target, 11};
    request.set(beast::http::field::host, address.host + ":" + address.port);
    request.set(beast::http::field::content_type, options.content_type);
    request.set(beast::http::field::user_agent, "imaginecole-sync");
    request.set(beast::http::field::connection, "close");
    request.body() = std::string(body);
    request.prepare_payload();
    stream.expires_after(options.timeout);
    beast::http::write(stream, request);
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(options.max_answer_bytes);
    stream.expires_after(options.timeout);
    beast::http::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    auto& answer = parser.get();
    return HubAnswer{.status = static_cast<int>(answer.result_int()),
                     .content_type = std::string(answer[beast::http::field::content_type]),
                     .body = std::move(answer.body())};
  } catch (const boost::system::system_error& failure) {
    throw std::runtime_error("cannot reach the hub at " + std::string(hub_url) + through + ": " +
                             failure.code().message());
  }
}

HubAnswer post_json_to_hub(std::string_view hub_url, std::string_view path,
                           std::string_view json_body, std::chrono::seconds timeout) {
  return post_to_hub(hub_url, path, json_body,
                     HubCallOptions{.content_type = "application/json",
                                    .proxy = proxy_from_environment(hub_url),
                                    .timeout = timeout});
}

}  // namespace imaginecole::sync
