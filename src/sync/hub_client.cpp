// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/hub_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

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

HubAddress parse_hub_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    throw std::runtime_error("the hub URL must start with http:// (got '" + std::string(url) +
                             "')");
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
    throw std::runtime_error("the hub URL has no host: '" + std::string(url) + "'");
  }
  return address;
}

}  // namespace

HubAnswer post_json_to_hub(std::string_view hub_url, std::string_view path,
                           std::string_view json_body, std::chrono::seconds timeout) {
  const HubAddress address = parse_hub_url(hub_url);
  asio::io_context context;
  asio::ip::tcp::resolver resolver(context);
  beast::tcp_stream stream(context);
  try {
    stream.expires_after(timeout);
    stream.connect(resolver.resolve(address.host, address.port));
    beast::http::request<beast::http::string_body> request{beast::http::verb::post,
                                                           address.prefix + std::string(path), 11};
    request.set(beast::http::field::host, address.host + ":" + address.port);
    request.set(beast::http::field::content_type, "application/json");
    request.set(beast::http::field::user_agent, "imaginecole-sync");
    request.body() = std::string(json_body);
    request.prepare_payload();
    stream.expires_after(timeout);
    beast::http::write(stream, request);
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(1024 * 1024);
    stream.expires_after(timeout);
    beast::http::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return HubAnswer{.status = static_cast<int>(parser.get().result_int()),
                     .body = std::move(parser.get().body())};
  } catch (const boost::system::system_error& failure) {
    throw std::runtime_error("cannot reach the hub at " + std::string(hub_url) + ": " +
                             failure.code().message());
  }
}

}  // namespace imaginecole::sync
