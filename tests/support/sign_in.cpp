// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/sign_in.hpp"

#include <boost/json.hpp>
#include <stdexcept>

namespace imaginecole::testing {

Headers sign_in(std::uint16_t port, const Credentials& who) {
  boost::json::object body{{"username", who.username}, {"password", who.password}};
  if (!who.school.empty()) {
    body["school"] = who.school;
  }
  const auto response =
      http_request(port, "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                   boost::json::serialize(body));
  if (response.status != 200) {
    throw std::runtime_error("signing in as " + who.username + " answered " +
                             std::to_string(response.status) + ": " + response.body);
  }
  std::string cookie;
  for (const auto& [name, value] : response.headers) {
    if (name == "set-cookie" && value.starts_with("imaginecole_session=")) {
      cookie = value.substr(0, value.find(';'));
    }
  }
  const auto token = boost::json::parse(response.body).at("csrf_token").as_string();
  return {{"Cookie", cookie}, {"X-CSRF-Token", std::string(token)}};
}

Headers with_json(Headers headers) {
  headers.emplace_back("Content-Type", "application/json");
  return headers;
}

}  // namespace imaginecole::testing
