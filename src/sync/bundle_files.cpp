// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/bundle_files.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "media/durable_file.hpp"

namespace imaginecole::sync {
namespace {

// Room left in each part for its header, keys, nonce, MAC and signature.
constexpr std::uint64_t kPartOverhead = 2048;
constexpr std::uint64_t kSmallestPart = 4096;

std::filesystem::path part_name(const std::filesystem::path& to, int part, int parts) {
  if (parts == 1) {
    return to;
  }
  return to.string() + ".part" + std::to_string(part) + "of" + std::to_string(parts);
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw InvalidInput("cannot read " + file.string());
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  std::uint64_t unit = 1;
  const char last = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  if (last == 'K' || last == 'M' || last == 'G') {
    unit = last == 'K' ? 1024ULL : last == 'M' ? 1024ULL * 1024 : 1024ULL * 1024 * 1024;
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 12 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoull(std::string(text)) * unit;
}

ExportedBundle export_bundle(LocalNode& node, const Peer& receiver,
                             const BundlePayloadSource& source, const ExportOptions& options) {
  if (receiver.role == PeerRole::hub && receiver.revoked()) {
    throw InvalidInput("this school server was revoked by its hub on " + receiver.revoked_at +
                       " (" + receiver.revoked_reason + "): it can no longer send bundles");
  }
  if (options.max_part_bytes != 0 && options.max_part_bytes < kSmallestPart) {
    throw InvalidInput("--max-size must be at least 4K");
  }
  ExportedBundle exported;
  exported.receiver = receiver.node_id;
  exported.school_code = receiver.school_code;
  exported.revocation_notice = receiver.revoked();

  BundleHeader header;
  header.bundle_id = core::new_id();
  header.sender = node.self.node_id;
  header.receiver = receiver.node_id;
  header.sender_epoch = node.self.epoch;
  header.created_at = core::now_timestamp();
  std::string payload;
  if (exported.revocation_notice) {
    header.kind = "revoked";
    payload = "This school server was revoked by the hub on " + receiver.revoked_at +
              (receiver.revoked_reason.empty() ? "" : " (" + receiver.revoked_reason + ")") + ".";
  } else {
    OutgoingPayload outgoing = source.collect(node.database, receiver);
    payload = std::move(outgoing.payload);
    header.cursor_from = std::move(outgoing.cursor_from);
    header.cursor_to = std::move(outgoing.cursor_to);
  }
  {
    auto connection = node.database.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    header.sequence = peers::take_send_sequence(*connection, receiver.node_id);
    transaction.commit();
  }
  exported.sequence = header.sequence;
  exported.payload_bytes = payload.size();

  const std::uint64_t chunk = options.max_part_bytes == 0
                                  ? std::max<std::uint64_t>(payload.size(), 1)
                                  : options.max_part_bytes - kPartOverhead;
  const int parts = payload.empty() ? 1 : static_cast<int>((payload.size() + chunk - 1) / chunk);
  header.parts = parts;
  std::filesystem::path folder = options.to.parent_path();
  if (folder.empty()) {
    folder = ".";
  }
  std::filesystem::create_directories(folder);
  // Every part reaches the disk under a temporary name before any takes its final name.
  std::vector<std::unique_ptr<media::TemporaryFile>> written;
  for (int part = 1; part <= parts; ++part) {
    header.part = part;
    const std::string_view piece =
        std::string_view(payload).substr(static_cast<std::size_t>((part - 1) * chunk), chunk);
    auto file = std::make_unique<media::TemporaryFile>(folder);
    file->write(seal_bundle(piece, header, node.keys, receiver.keys));
    written.push_back(std::move(file));
  }
  for (int part = 1; part <= parts; ++part) {
    const auto target = part_name(options.to, part, parts);
    written[static_cast<std::size_t>(part - 1)]->commit_as(target);
    exported.files.push_back(target);
  }
  return exported;
}

ImportOutcome import_bundles(LocalNode& node, const std::vector<std::filesystem::path>& files,
                             const BundlePayloadSource& source) {
  ImportOutcome outcome;
  const auto refuse = [&](Refusal refusal, std::string message) {
    outcome.imported.clear();
    outcome.refusal = refusal;
    outcome.message = std::move(message);
    return outcome;
  };
  // Read-only lookups: opening changes nothing.
  const PeerLookup lookup = [&node](const std::string& id) {
    auto connection = node.database.read();
    return peers::find(*connection, id);
  };
  struct Group {
    BundleHeader first;
    std::map<int, std::string> pieces;
  };
  std::map<std::string, Group> bundles;
  for (const auto& file : files) {
    OpenOutcome opened = open_bundle(read_file(file), node.self.node_id, node.keys, lookup);
    if (!opened) {
      return refuse(opened.refusal, file.filename().string() + ": " + opened.message);
    }
    const BundleHeader& header = opened.bundle->header;
    auto [entry, fresh] = bundles.try_emplace(header.bundle_id, Group{header, {}});
    Group& group = entry->second;
    if (!fresh && (group.first.parts != header.parts || group.first.sequence != header.sequence ||
                   group.first.sender != header.sender)) {
      return refuse(Refusal::tampered,
                    file.filename().string() + ": its parts do not agree with each other");
    }
    group.pieces[header.part] = std::move(opened.bundle->payload);
  }
  std::vector<Group*> order;
  for (auto& [id, group] : bundles) {
    for (int part = 1; part <= group.first.parts; ++part) {
      if (!group.pieces.contains(part)) {
        return refuse(Refusal::missing_part,
                      "part " + std::to_string(part) + " of " + std::to_string(group.first.parts) +
                          " of bundle number " + std::to_string(group.first.sequence) +
                          " is missing: give every .partNofM file of the bundle; nothing was "
                          "imported");
      }
    }
    order.push_back(&group);
  }
  std::sort(order.begin(), order.end(), [](const Group* a, const Group* b) {
    return a->first.sender != b->first.sender ? a->first.sender < b->first.sender
                                              : a->first.sequence < b->first.sequence;
  });
  for (const Group* group : order) {
    std::string payload;
    for (const auto& [part, piece] : group->pieces) {
      payload += piece;
    }
    const auto sender = lookup(group->first.sender);
    ImportedBundle report{.sender = group->first.sender,
                          .school_code = sender ? sender->school_code : "",
                          .sequence = group->first.sequence,
                          .payload_bytes = payload.size(),
                          .parts = group->first.parts,
                          .summary = {},
                          .revoked = false,
                          .revoked_reason = {}};
    if (!sender || sender->accepted_sequence >= group->first.sequence) {
      return refuse(Refusal::replayed,
                    "bundle number " + std::to_string(group->first.sequence) + " was given twice");
    }
    if (group->first.kind == "revoked") {
      if (sender->role != PeerRole::hub) {
        return refuse(Refusal::foreign, "a revocation notice comes only from this server's hub");
      }
      auto connection = node.database.write();
      storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
      peers::mark_revoked(*connection, sender->node_id, payload);
      peers::record_accepted(*connection, sender->node_id, group->first.sequence,
                             group->first.sender_epoch);
      transaction.commit();
      report.revoked = true;
      report.revoked_reason = payload;
      outcome.imported.push_back(std::move(report));
      continue;
    }
    if (sender->role == PeerRole::hub && sender->revoked()) {
      return refuse(Refusal::revoked, "this school server was revoked by its hub on " +
                                          sender->revoked_at + " (" + sender->revoked_reason +
                                          "): it no longer takes the hub's bundles");
    }
    if (group->first.kind != "data") {
      return refuse(Refusal::wrong_format, "bundle kind '" + group->first.kind + "' is unknown");
    }
    // Applied first, recorded after: a crash between the two makes the same bundle acceptable
    // again, and the engine applies a payload twice without harm (decision 0037).
    report.summary = source.apply(node.database, *sender, payload);
    {
      auto connection = node.database.write();
      storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
      peers::record_accepted(*connection, sender->node_id, group->first.sequence,
                             group->first.sender_epoch);
      transaction.commit();
    }
    outcome.imported.push_back(std::move(report));
  }
  return outcome;
}

}  // namespace imaginecole::sync
