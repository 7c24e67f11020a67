// SPDX-License-Identifier: AGPL-3.0-or-later
// Sealed bundles as files, for the USB key (`imaginecole sync export|import`): one bundle per
// receiver, split into parts that fit a key (FILE.part1of3, ...), each part a sealed bundle of
// its own; files written atomically; an import applies nothing unless every file opens and
// every part is there.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "sync/node_keys.hpp"
#include "sync/pairing.hpp"
#include "sync/peers.hpp"
#include "sync/sealed_bundle.hpp"

namespace imaginecole::sync {

// What a bundle carries, made and applied by the sync engine (src/app wires it): the seam that
// keeps sealing and files apart from what is synced.
struct OutgoingPayload {
  std::string payload;
  std::string cursor_from;  // the feed positions it covers (may be empty)
  std::string cursor_to;
};

struct BundlePayloadSource {
  // What to send `peer` now.
  std::function<OutgoingPayload(storage::Database&, const Peer& peer)> collect;
  // Applies what `peer` sent; returns a one-line summary for the operator. Throws to refuse
  // (nothing recorded then).
  std::function<std::string(storage::Database&, const Peer& peer, std::string_view payload)> apply;
};

// This node in sync: its database, identity and keys.
struct LocalNode {
  storage::Database& database;
  NodeSelf self;
  NodeKeys keys;
};

struct ExportOptions {
  std::filesystem::path to;
  // Largest file; 0: one file. A bundle larger than this is split into parts.
  std::uint64_t max_part_bytes = 0;
};

struct ExportedBundle {
  std::string receiver;
  std::string school_code;
  std::int64_t sequence = 0;
  std::uint64_t payload_bytes = 0;
  bool revocation_notice = false;  // the receiver is revoked: the bundle only tells it so
  std::vector<std::filesystem::path> files;
};

// Seals what `source` collects for `receiver` into file(s). A revoked school gets a
// revocation notice instead of data. InvalidInput when this server may not export (revoked by
// its hub) or the size limit is too small; std::runtime_error when a file cannot be written
// (nothing is left under the target names then).
ExportedBundle export_bundle(LocalNode& node, const Peer& receiver,
                             const BundlePayloadSource& source, const ExportOptions& options);

struct ImportedBundle {
  std::string sender;
  std::string school_code;
  std::int64_t sequence = 0;
  std::uint64_t payload_bytes = 0;
  int parts = 1;
  std::string summary;   // from the engine
  bool revoked = false;  // a revocation notice from this box's hub (now recorded)
  std::string revoked_reason;
};

struct ImportOutcome {
  std::vector<ImportedBundle> imported;
  std::optional<Refusal> refusal;
  std::string message;  // why refused, naming the file
};

// Opens every file, checks that each bundle has all its parts, then applies the bundles in
// sequence order and records each one's sequence. Refuses (applying nothing) when any file is
// refused or any part is missing. InvalidInput when a file cannot be read.
ImportOutcome import_bundles(LocalNode& node, const std::vector<std::filesystem::path>& files,
                             const BundlePayloadSource& source);

// "100M", "1G", "650K", "123456" -> bytes; nullopt when unreadable.
std::optional<std::uint64_t> parse_size(std::string_view text);

}  // namespace imaginecole::sync
