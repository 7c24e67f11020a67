// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/request_under_kill.hpp"

#include <stdexcept>

namespace imaginecole::testing {

KillableAnswer send_under_kill(std::uint16_t port, const std::string& method,
                               const std::string& target, const Headers& headers,
                               const std::string& body, Unanswered& unanswered) {
  std::optional<HttpConnection> connection;
  try {
    connection.emplace(port);
  } catch (const std::runtime_error&) {
    ++unanswered.refused;
    return {.delivery = Delivery::refused, .response = std::nullopt};
  }
  try {
    return {.delivery = Delivery::answered,
            .response = connection->request(method, target, headers, body)};
  } catch (const std::runtime_error&) {
    ++unanswered.cut;
    return {.delivery = Delivery::cut, .response = std::nullopt};
  }
}

}  // namespace imaginecole::testing
