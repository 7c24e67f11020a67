// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>

namespace imaginecole::sync {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

Response answer(const json::object& body, int status) {
  Response response = Response::json(json::serialize(body), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response error(int status, std::string_view code, std::string_view message) {
  return answer(json::object{{"error", code}, {"message", message}}, status);
}

std::optional<PairRequest> parse_pair_request(std::string_view body) {
  boost::system::error_code failure;
  const json::value value = json::parse(body, failure);
  if (failure || !value.is_object()) {
    return std::nullopt;
  }
  const auto& object = value.as_object();
  const auto text = [&](std::string_view key) -> std::string {
    const auto* found = object.if_contains(key);
    return found != nullptr && found->is_string() ? std::string(found->as_string()) : "";
  };
  PairRequest request{
      .code = text("code"), .node_id = text("node_id"), .epoch = text("epoch"), .keys = {}};
  const auto keys = PublicKeys::from_hex(text("sign_public_key"), text("box_public_key"));
  if (request.code.empty() || request.node_id.empty() || request.node_id.size() > 64 ||
      request.epoch.empty() || request.epoch.size() > 64 || !keys) {
    return std::nullopt;
  }
  request.keys = *keys;
  return request;
}

Response pair(const SyncRouteDeps& deps, Request& request) {
  const auto parsed = parse_pair_request(request.body);
  if (!parsed) {
    return error(400, "bad_request",
                 "Send JSON with code, node_id, epoch, sign_public_key and box_public_key "
                 "(64 hex digits each).");
  }
  // The hub's keys first: once the pairing is recorded, the answer must not fail.
  const NodeSelf self = deps.self();
  const PairOutcome outcome =
      accept_pairing(deps.database, deps.throttle, request.remote_address, *parsed);
  if (outcome.status != 200) {
    Response response = error(outcome.status, outcome.error, outcome.message);
    if (outcome.retry_after_seconds > 0) {
      response.set_header("Retry-After", std::to_string(outcome.retry_after_seconds));
    }
    return response;
  }
  return answer(json::object{{"hub_node", self.node_id},
                             {"hub_epoch", self.epoch},
                             {"sign_public_key", self.keys.sign_hex()},
                             {"box_public_key", self.keys.box_hex()},
                             {"fingerprint", self.keys.fingerprint()},
                             {"school_code", outcome.school_code}},
                200);
}

}  // namespace

void register_sync_routes(http::Router& router, const SyncRouteDeps& deps) {
  // Public: the one-time code is the caller's credential; wrong codes are throttled per
  // address like sign-ins. Blocking: it writes.
  router.post(
      "/api/v1/sync/pair", [deps](Request& request) { return pair(deps, request); },
      http::public_route({.access = {}, .blocking = true, .max_body_bytes = 4 * 1024}));
  // Public to the HTTP gate, and not a state change in its sense (no session, no CSRF token,
  // not JSON): the sealed batch is the caller's credential, signed by a paired school server's
  // key and checked before anything is read; a browser cannot sign for a node. Blocking: it
  // writes.
  if (deps.exchange) {
    router.post(
        "/api/v1/sync/exchange",
        [deps](Request& request) {
          std::size_t rows = kDefaultBatchRows;
          if (const auto asked = request.query_param("batch_rows")) {
            rows = std::clamp<std::size_t>(
                static_cast<std::size_t>(std::strtoull(asked->c_str(), nullptr, 10)), 1, 5000);
          }
          const ExchangeAnswer exchanged = deps.exchange(request.body, rows);
          Response response;
          response.status = exchanged.status;
          response.set_header("Content-Type", exchanged.content_type);
          response.set_header("Cache-Control", "no-store");
          response.body = exchanged.body;
          return response;
        },
        http::public_route({.access = {},
                            .changes_state = false,
                            .blocking = true,
                            .max_body_bytes = 32 * 1024 * 1024}));
  }
}

}  // namespace imaginecole::sync
