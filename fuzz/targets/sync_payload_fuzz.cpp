// SPDX-License-Identifier: AGPL-3.0-or-later
// The payload inside a sync bundle, once opened: gzip, then a header line and row lines. The
// first byte chooses the layer fuzzed: 0, the bytes as received (gzip); else the text after
// it, compressed here, so that mutations reach the row format behind the checksum.
#include "fuzz_target.hpp"
#include "sync/engine_payload.hpp"

namespace engine = imaginecole::sync;

IMAGINECOLE_FUZZ_SEEDS(sync_payload) {
  engine::Payload payload;
  payload.header.version = 1;
  payload.header.sender_node = "hub-node";
  payload.header.sender_epoch = "epoch-1";
  payload.header.sender_role = "hub";
  payload.header.receiver_node = "box-node";
  payload.header.next = "42";
  payload.header.health = R"({"version":"0.1.0","free_bytes":1000})";
  payload.header.media_hashes = {std::string(64, 'a')};
  payload.rows.push_back({.entity = "users",
                          .id = "u-1",
                          .op = "upsert",
                          .hlc = 1'765'000'000'000,
                          .origin = "hub-node",
                          .columns = {{"id", std::string("u-1")},
                                      {"display_name", std::string("Awa Diop")},
                                      {"disabled", std::int64_t{0}},
                                      {"score", 0.5},
                                      {"deleted_at", nullptr}}});
  payload.rows.push_back(
      {.entity = "attempts", .id = "a-1", .op = "erase", .hlc = 2, .origin = "box"});
  const std::string sealed = engine::encode_payload(payload);
  const auto text = engine::gunzip(sealed, 1 << 20);
  return {std::string(1, '\0') + sealed, std::string(1, '\1') + (text ? *text : std::string())};
}

IMAGINECOLE_FUZZ_TARGET(sync_payload) {
  if (size == 0) {
    return 0;
  }
  const auto rest = imaginecole::fuzz::as_text(data + 1, size - 1);
  if (data[0] == 0) {
    (void)engine::decode_payload(rest);
  } else {
    (void)engine::decode_payload(engine::gzip(rest));
  }
  return 0;
}
