// SPDX-License-Identifier: AGPL-3.0-or-later
// The payload's wire form, apart from what goes in it: gzip of JSON lines, a header line then
// one line per row. Parsing checks everything before anything is applied, so a truncated,
// foreign or newer payload is refused with a message and changes nothing.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "storage/database.hpp"

namespace imaginecole::sync {

struct PayloadRow {
  std::string entity;
  std::string id;  // the change log's id: key columns joined by '/'
  // "upsert", "delete", "erase" (a delete that must never come back) or "withdraw" (a users
  // id: an account that gained rights beyond the school is disabled on the box, decision 0041)
  std::string op;
  std::int64_t hlc = 0;
  std::string origin;
  // upsert: every column of the row, by name (hlc and origin_node included)
  std::vector<std::pair<std::string, storage::Value>> columns;
};

struct PayloadHeader {
  int version = 0;
  std::string sender_node;
  std::string sender_epoch;
  std::string sender_role;  // "hub" or "school"
  std::string receiver_node;
  std::string since;  // cursor the rows start after ("" from the start)
  std::string next;   // cursor they end at
  // How far the sender has read the receiver's feed ("" when it has not): the receiver's next
  // payload to the sender starts there (over a USB key there is no other way back).
  std::string ack;
  bool more = false;
  std::string health;  // a box's health, JSON object text ("" when none)
  std::vector<std::string> media_hashes;
};

struct Payload {
  PayloadHeader header;
  std::vector<PayloadRow> rows;
};

std::string encode_payload(const Payload& payload);
// A clear message for anything unusable: not gzip, truncated, another format or version,
// a row line without its fields, a row count that does not match the header.
Result<Payload> decode_payload(std::string_view bytes);

// gzip (RFC 1952), for the payload and its tests.
std::string gzip(std::string_view text);
Result<std::string> gunzip(std::string_view bytes, std::size_t max_size);

}  // namespace imaginecole::sync
