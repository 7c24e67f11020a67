// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/request_header.hpp"

#include <cctype>
#include <iterator>

namespace imaginecole::http {

Request request_from_header(const boost::beast::http::request_header<>& header,
                            const std::string& remote_address) {
  Request request;
  request.method = parse_method(std::string_view(header.method_string()));
  request.target = std::string(header.target());
  const auto question = request.target.find('?');
  const std::string_view raw_path = std::string_view(request.target).substr(0, question);
  request.path = percent_decode(raw_path, false);
  if (question != std::string::npos) {
    request.query = request.target.substr(question + 1);
  }
  // Exactly as many as came: a fixed guess of 16 fields made a 1 KiB allocation, which makes
  // glibc's malloc consolidate its free lists on every request.
  request.headers.reserve(static_cast<std::size_t>(std::distance(header.begin(), header.end())));
  for (const auto& field : header) {
    std::string name(field.name_string());
    for (char& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.remote_address = remote_address;
  return request;
}

}  // namespace imaginecole::http
