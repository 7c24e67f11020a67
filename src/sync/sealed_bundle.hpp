// SPDX-License-Identifier: AGPL-3.0-or-later
// A sealed bundle: what one node sends another by USB key (and later over the network),
// signed by its sender and encrypted for its receiver (decision 0037).
//
//   "IMGCSYNC" | format (1 byte) | header length (4 bytes, big-endian) | header (JSON)
//   | ephemeral X25519 public key (32) | nonce (24) | ciphertext (crypto_box: payload + 16)
//   | Ed25519 signature (64) of everything before it
//
// The header stays readable (who sends, to whom, which sequence, which part) so that a
// receiver refuses a foreign or revoked bundle before any work; the signature covers it with
// the ciphertext. The payload is opaque here: the sync engine makes and applies it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sync/node_keys.hpp"
#include "sync/peers.hpp"

namespace imaginecole::sync {

inline constexpr int kBundleFormat = 1;

struct BundleHeader {
  int format = kBundleFormat;
  // "data": a payload for the engine; "revoked": the hub tells a box it is revoked (the
  // payload is the hub's message).
  std::string kind = "data";
  std::string bundle_id;  // shared by the parts of one bundle
  std::string sender;
  std::string receiver;
  std::string sender_epoch;
  // Per (sender, receiver), rising: the receiver refuses any sequence not above the last it
  // accepted from the sender.
  std::int64_t sequence = 0;
  // The sender's feed positions the payload covers (after cursor_from, up to cursor_to).
  std::string cursor_from;
  std::string cursor_to;
  int part = 1;
  int parts = 1;
  std::string created_at;
  std::uint64_t sealed_bytes = 0;  // the ciphertext's length (tells truncated from tampered)
};

// Why a bundle was refused; each has its own message.
enum class Refusal {
  not_a_bundle,
  wrong_format,
  truncated,
  tampered,
  foreign,         // sealed for another node
  unknown_sender,  // from a node this one is not paired with
  revoked,         // from a revoked node
  epoch_changed,   // from a box whose data was copied or restored since it paired
  replayed,        // a sequence already accepted
  missing_part,    // a bundle split in parts, imported without all of them
};

std::string_view refusal_name(Refusal refusal);

struct OpenedBundle {
  BundleHeader header;
  std::string payload;
};

struct OpenOutcome {
  std::optional<OpenedBundle> bundle;
  Refusal refusal = Refusal::tampered;
  std::string message;  // why, for a person, when refused

  explicit operator bool() const { return bundle.has_value(); }
};

// Signs with `mine`, encrypts for `receiver` with a fresh ephemeral key. header.sealed_bytes
// is filled in.
std::string seal_bundle(std::string_view payload, BundleHeader header, const NodeKeys& mine,
                        const PublicKeys& receiver);

// What the receiver knows of the sender named in a header (nullopt: not paired with it).
using PeerLookup = std::function<std::optional<Peer>(const std::string& node_id)>;

// Checks and decrypts; changes nothing (the caller records the sequence once the payload was
// applied). `my_node` is this node's id.
OpenOutcome open_bundle(std::string_view bytes, std::string_view my_node, const NodeKeys& mine,
                        const PeerLookup& lookup);

// The header alone, unverified (to group parts and print what a file is).
std::optional<BundleHeader> peek_header(std::string_view bytes);

}  // namespace imaginecole::sync
