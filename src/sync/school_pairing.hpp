// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole sync pair`: a school server pairs with its hub (the other half of pairing.hpp).
// The box makes new keys for every pairing, so that a copy of its card keeps only keys the hub
// no longer trusts (decision 0037).
#pragma once

#include <string>

#include "sync/node_keys.hpp"
#include "sync/pairing.hpp"

namespace imaginecole::sync {

struct SchoolPairing {
  bool paired = false;
  std::string school_code;
  std::string hub_node;
  std::string hub_fingerprint;
  std::string message;   // the hub's refusal, for a person
  bool revoked = false;  // the hub said this box is revoked (now stored)
};

// Calls the hub; on success stores the hub as this server's peer and the new keys.
// std::runtime_error when the hub cannot be reached or answers nonsense.
SchoolPairing pair_with_hub(const KeyPlace& keys, const NodeSelf& self, std::string_view hub_url,
                            std::string_view code);

}  // namespace imaginecole::sync
