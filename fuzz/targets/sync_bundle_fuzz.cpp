// SPDX-License-Identifier: AGPL-3.0-or-later
// A sealed sync bundle as it comes off a USB key or in an exchange request: the receiver reads
// its header, then checks signature, sequence and sender before decrypting. Any bytes are
// refused with a reason or opened; none crashes. The seed is a real bundle between two fixed
// nodes.
#include <array>

#include "fuzz_target.hpp"
#include "sync/sealed_bundle.hpp"

namespace {

namespace sealed = imaginecole::sync;

const sealed::NodeKeys& keys_of(unsigned char which) {
  static const sealed::NodeKeys hub = sealed::NodeKeys::from_seed(std::array<unsigned char, 32>{1});
  static const sealed::NodeKeys box = sealed::NodeKeys::from_seed(std::array<unsigned char, 32>{2});
  return which == 1 ? hub : box;
}

std::optional<sealed::Peer> the_box(const std::string& node_id) {
  if (node_id != "box-node") {
    return std::nullopt;
  }
  sealed::Peer peer;
  peer.node_id = node_id;
  peer.epoch = "epoch-1";
  peer.role = sealed::PeerRole::school;
  peer.school_code = "DKR001";
  peer.keys = keys_of(2).public_keys();
  peer.accepted_sequence = 3;
  return peer;
}

}  // namespace

IMAGINECOLE_FUZZ_SEEDS(sync_bundle) {
  sealed::BundleHeader header;
  header.bundle_id = "b-1";
  header.sender = "box-node";
  header.receiver = "hub-node";
  header.sender_epoch = "epoch-1";
  header.sequence = 4;
  header.cursor_from = "0";
  header.cursor_to = "17";
  header.created_at = "2026-12-06T06:00:00Z";
  return {sealed::seal_bundle("payload bytes", header, keys_of(2), keys_of(1).public_keys()),
          sealed::seal_bundle(std::string(300, 'x'), header, keys_of(2), keys_of(1).public_keys())};
}

IMAGINECOLE_FUZZ_TARGET(sync_bundle) {
  const auto bytes = imaginecole::fuzz::as_text(data, size);
  (void)sealed::peek_header(bytes);
  (void)sealed::open_bundle(bytes, "hub-node", keys_of(1), &the_box);
  return 0;
}
