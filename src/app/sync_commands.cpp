// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole hub pair-code|revoke` (a hub's admin) and `imaginecole sync pair|status|export|
// import` (either side): pairing, trust and USB bundles (decision 0037).
#include <boost/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/command_line.hpp"
#include "app/hub_status.hpp"
#include "app/network_sync_run.hpp"
#include "app/sync_payload.hpp"
#include "core/errors.hpp"
#include "sync/bundle_files.hpp"
#include "sync/bundle_media.hpp"
#include "sync/pairing_codes.hpp"
#include "sync/peers.hpp"
#include "sync/school_pairing.hpp"

namespace imaginecole::app {
namespace {

namespace json = boost::json;

struct HubSettings {
  bool json = false;
  std::string school;
  int valid_hours = 24;
  std::string reason;
};

struct SyncSettings {
  std::string hub_url;
  std::string code;
  bool json = false;
  std::string to;
  std::string peer;
  std::string school;
  std::string all_schools;
  std::string max_size;
  std::vector<std::string> files;
  std::string proxy;
  std::size_t batch_rows = sync::kDefaultBatchRows;
  std::string max_media_bytes;
};

std::unique_ptr<Platform> open_platform(const CommonSettings& common) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  return std::make_unique<Platform>(platform_options(common));
}

sync::NodeSelf self_of(Platform& platform, const sync::NodeKeys& keys) {
  return sync::NodeSelf{.node_id = platform.identity().node_id,
                        .epoch = platform.identity().epoch,
                        .keys = keys.public_keys()};
}

int pair_code(const CommonSettings& common, const HubSettings& settings) {
  auto platform = open_platform(common);
  if (!platform->accounts().schools().school_by_code(settings.school)) {
    throw InvalidInput("no school has the code '" + settings.school + "' on this hub");
  }
  const auto keys = sync::load_node_keys(platform->sync_key_place());
  sync::IssuedCode issued;
  {
    auto connection = platform->database().write();
    issued = sync::issue_pairing_code(*connection, settings.school,
                                      std::chrono::hours(settings.valid_hours));
  }
  std::printf("Pairing code for school %s: %s\n", settings.school.c_str(), issued.code.c_str());
  std::printf("Valid until %s, for one pairing.\n", issued.expires_at.c_str());
  std::printf("Hub key fingerprint: %s (the school server prints it when it pairs)\n",
              keys.public_keys().fingerprint().c_str());
  return 0;
}

int revoke(const CommonSettings& common, const HubSettings& settings) {
  auto platform = open_platform(common);
  auto connection = platform->database().write();
  const auto peer = sync::peers::find_by_school(*connection, settings.school);
  if (!peer) {
    throw InvalidInput("no school server of school '" + settings.school +
                       "' is paired with this hub");
  }
  if (peer->revoked()) {
    std::printf("The server of school %s was already revoked on %s.\n", settings.school.c_str(),
                peer->revoked_at.c_str());
    return 0;
  }
  sync::peers::mark_revoked(
      *connection, peer->node_id,
      settings.reason.empty() ? "revoked by the hub's admin" : settings.reason);
  std::printf(
      "Revoked the server of school %s (node %s): its pairing, syncs and bundles are "
      "refused from now on.\n",
      settings.school.c_str(), peer->node_id.c_str());
  return 0;
}

int pair(const CommonSettings& common, const SyncSettings& settings) {
  auto platform = open_platform(common);
  const auto place = platform->sync_key_place();
  const auto keys = sync::load_node_keys(place);
  const auto result =
      sync::pair_with_hub(place, self_of(*platform, keys), settings.hub_url, settings.code);
  if (!result.paired) {
    std::fprintf(stderr, "imaginecole: the hub refused the pairing: %s\n", result.message.c_str());
    return 2;
  }
  std::printf("Paired with the hub (node %s) as the server of school %s.\n",
              result.hub_node.c_str(), result.school_code.c_str());
  std::printf("Hub key fingerprint: %s (compare it with the one the hub printed)\n",
              result.hub_fingerprint.c_str());
  return 0;
}

json::object peer_json(const sync::Peer& peer) {
  return json::object{{"node", peer.node_id},
                      {"role", sync::role_name(peer.role)},
                      {"school", peer.school_code},
                      {"hub_url", peer.hub_url},
                      {"epoch", peer.epoch},
                      {"fingerprint", peer.keys.fingerprint()},
                      {"paired_at", peer.paired_at},
                      {"revoked", peer.revoked()},
                      {"revoked_at", peer.revoked_at},
                      {"revoked_reason", peer.revoked_reason},
                      {"bundles_sent", peer.sent_sequence},
                      {"bundles_accepted", peer.accepted_sequence}};
}

int status(const CommonSettings& common, const SyncSettings& settings) {
  auto platform = open_platform(common);
  const auto keys = sync::load_node_keys(platform->sync_key_place());
  std::vector<sync::Peer> peers;
  {
    auto connection = platform->database().read();
    peers = sync::peers::all(*connection);
  }
  if (settings.json) {
    json::array list;
    for (const auto& peer : peers) {
      list.push_back(peer_json(peer));
    }
    std::cout << json::serialize(json::object{{"node", platform->identity().node_id},
                                              {"epoch", platform->identity().epoch},
                                              {"fingerprint", keys.public_keys().fingerprint()},
                                              {"peers", std::move(list)}})
              << '\n';
    return 0;
  }
  std::printf("node %s\nepoch %s\nkey fingerprint %s\n", platform->identity().node_id.c_str(),
              platform->identity().epoch.c_str(), keys.public_keys().fingerprint().c_str());
  if (peers.empty()) {
    std::printf(
        "Not paired: run `imaginecole sync pair --hub URL --code CODE` on a school "
        "server, or `imaginecole hub pair-code --school CODE` on a hub.\n");
  }
  for (const auto& peer : peers) {
    if (peer.role == sync::PeerRole::hub) {
      std::printf("hub %s (%s) for school %s, paired %s; bundles sent %lld, accepted %lld\n",
                  peer.node_id.c_str(), peer.hub_url.c_str(), peer.school_code.c_str(),
                  peer.paired_at.c_str(), static_cast<long long>(peer.sent_sequence),
                  static_cast<long long>(peer.accepted_sequence));
      if (peer.revoked()) {
        std::printf(
            "REVOKED by the hub (learned %s): %s\nThis server can no longer sync; ask "
            "the hub's administrator.\n",
            peer.revoked_at.c_str(), peer.revoked_reason.c_str());
      }
    } else {
      std::printf("school %s: node %s, paired %s%s; bundles sent %lld, accepted %lld\n",
                  peer.school_code.c_str(), peer.node_id.c_str(), peer.paired_at.c_str(),
                  peer.revoked() ? (", REVOKED " + peer.revoked_at).c_str() : "",
                  static_cast<long long>(peer.sent_sequence),
                  static_cast<long long>(peer.accepted_sequence));
    }
  }
  return 0;
}

void print_exported(const sync::ExportedBundle& exported) {
  std::printf("%s bundle number %lld for %s (%llu bytes):",
              exported.revocation_notice ? "Wrote the revocation notice" : "Wrote",
              static_cast<long long>(exported.sequence),
              exported.school_code.empty() ? exported.receiver.c_str()
                                           : ("school " + exported.school_code).c_str(),
              static_cast<unsigned long long>(exported.payload_bytes));
  for (const auto& file : exported.files) {
    std::printf(" %s", file.c_str());
  }
  std::printf("\n");
}

void print_media_written(const sync::BundleMediaWritten& written) {
  if (written.files == 0 && written.too_large == 0) {
    return;
  }
  std::printf("Media: %zu file%s (%llu bytes) in %s", written.files, written.files == 1 ? "" : "s",
              static_cast<unsigned long long>(written.bytes), written.folder.c_str());
  if (written.too_large > 0) {
    std::printf("; %zu larger than --max-size left for `imaginecole sync media`",
                written.too_large);
  }
  std::printf("\n");
}

int export_bundles(const CommonSettings& common, const SyncSettings& settings) {
  sync::ExportOptions options;
  if (!settings.max_size.empty()) {
    const auto size = sync::parse_size(settings.max_size);
    if (!size) {
      throw InvalidInput("--max-size '" + settings.max_size + "' is not a size (100M, 650K, 2G)");
    }
    options.max_part_bytes = *size;
  }
  auto platform = open_platform(common);
  sync::LocalNode node{.database = platform->database(),
                       .self = {},
                       .keys = sync::load_node_keys(platform->sync_key_place())};
  node.self = self_of(*platform, node.keys);
  auto source = bundle_payload_source(*platform);
  // The media the bundle's rows name go beside it on the key (sync/bundle_media.hpp).
  std::string last_payload;
  source.collect = [collect = source.collect, &last_payload](storage::Database& database,
                                                             const sync::Peer& peer) {
    auto outgoing = collect(database, peer);
    last_payload = outgoing.payload;
    return outgoing;
  };
  std::vector<sync::Peer> receivers;
  {
    auto connection = platform->database().read();
    if (!settings.all_schools.empty()) {
      for (auto& peer : sync::peers::all(*connection)) {
        if (peer.role == sync::PeerRole::school && !peer.revoked()) {
          receivers.push_back(std::move(peer));
        }
      }
      if (receivers.empty()) {
        throw InvalidInput("no school server is paired with this hub");
      }
    } else {
      std::optional<sync::Peer> receiver;
      if (!settings.peer.empty()) {
        receiver = sync::peers::find(*connection, settings.peer);
      } else if (!settings.school.empty()) {
        receiver = sync::peers::find_by_school(*connection, settings.school);
      } else {
        receiver = sync::peers::hub(*connection);
      }
      if (!receiver) {
        throw InvalidInput(settings.peer.empty() && settings.school.empty()
                               ? "this server is not paired with a hub: give --school CODE or "
                                 "--all-schools DIR on a hub, or pair first"
                               : "no paired server matches --peer/--school");
      }
      receivers.push_back(*receiver);
    }
  }
  for (const auto& receiver : receivers) {
    options.to = settings.all_schools.empty() ? std::filesystem::path(settings.to)
                                              : std::filesystem::path(settings.all_schools) /
                                                    (receiver.school_code + ".imgcsync");
    if (options.to.empty()) {
      throw InvalidInput("--to FILE is required");
    }
    last_payload.clear();
    const auto exported = sync::export_bundle(node, receiver, source, options);
    print_exported(exported);
    if (!exported.revocation_notice && !exported.files.empty()) {
      print_media_written(sync::write_bundle_media(last_payload, platform->media(),
                                                   exported.files.front(), options.max_part_bytes));
    }
  }
  return 0;
}

int import_bundles(const CommonSettings& common, const SyncSettings& settings) {
  auto platform = open_platform(common);
  sync::LocalNode node{.database = platform->database(),
                       .self = {},
                       .keys = sync::load_node_keys(platform->sync_key_place())};
  node.self = self_of(*platform, node.keys);
  std::vector<std::filesystem::path> files(settings.files.begin(), settings.files.end());
  const auto outcome = sync::import_bundles(node, files, bundle_payload_source(*platform));
  if (outcome.refusal) {
    std::fprintf(stderr, "imaginecole: bundle refused (%s): %s\n",
                 std::string(sync::refusal_name(*outcome.refusal)).c_str(),
                 outcome.message.c_str());
    return 2;
  }
  int code = 0;
  for (const auto& bundle : outcome.imported) {
    if (bundle.revoked) {
      std::fprintf(stderr, "imaginecole: %s This server can no longer sync.\n",
                   bundle.revoked_reason.c_str());
      code = 2;
      continue;
    }
    std::printf("Imported bundle number %lld from %s (%d part%s, %llu bytes): %s\n",
                static_cast<long long>(bundle.sequence),
                bundle.school_code.empty() ? bundle.sender.c_str()
                                           : ("school " + bundle.school_code).c_str(),
                bundle.parts, bundle.parts == 1 ? "" : "s",
                static_cast<unsigned long long>(bundle.payload_bytes), bundle.summary.c_str());
  }
  if (!outcome.imported.empty() && code == 0) {
    // The rows are in: the media beside the bundle that they name can enter the store.
    const auto media = sync::import_bundle_media(files, platform->database(), platform->media());
    if (media.stored > 0) {
      std::printf("Media: %zu file%s (%llu bytes) stored from the key\n", media.stored,
                  media.stored == 1 ? "" : "s", static_cast<unsigned long long>(media.bytes));
    }
    for (const auto& line : media.refused) {
      std::fprintf(stderr, "imaginecole: %s\n", line.c_str());
      code = 1;
    }
  }
  return code;
}

int sync_with_hub(const CommonSettings& common, const SyncSettings& settings) {
  std::uint64_t media_max_bytes = 0;
  if (!settings.max_media_bytes.empty()) {
    const auto parsed = sync::parse_size(settings.max_media_bytes);
    if (!parsed) {
      throw InvalidInput("--max-media-bytes '" + settings.max_media_bytes +
                         "' is not a size (e.g. 650K, 20M, 1G)");
    }
    media_max_bytes = *parsed;
  }
  auto platform = open_platform(common);
  const auto outcome =
      run_network_sync_once(*platform, NetworkSyncSettings{.hub_url = settings.hub_url,
                                                           .proxy = settings.proxy,
                                                           .batch_rows = settings.batch_rows,
                                                           .media_max_bytes = media_max_bytes,
                                                           .quiet = false});
  if (outcome.exit_code == 0) {
    std::printf("%s\n", outcome.message.c_str());
  } else {
    std::fprintf(stderr, "imaginecole: %s\n", outcome.message.c_str());
  }
  return outcome.exit_code;
}

}  // namespace

CapabilityCommand add_hub_command(CLI::App& app, const CommonSettings& common) {
  auto settings = std::make_shared<HubSettings>();
  auto* hub =
      app.add_subcommand("hub", "A hub's school servers: pairing codes, revocation, health");
  hub->require_subcommand(1);
  auto* code = hub->add_subcommand(
      "pair-code", "Print a one-time code a school server pairs with (imaginecole sync pair)");
  code->add_option("--school", settings->school, "The school's code (DKR001)")->required();
  code->add_option("--valid-hours", settings->valid_hours, "Hours before the code expires")
      ->check(CLI::Range(1, 24 * 14))
      ->capture_default_str();
  auto* revoke_command = hub->add_subcommand(
      "revoke", "Revoke a school's server: its pairing, syncs and bundles are refused");
  revoke_command->add_option("--school", settings->school, "The school's code")->required();
  revoke_command->add_option("--reason", settings->reason, "Why (shown to the school server)");
  auto* status_command = hub->add_subcommand(
      "status", "The school servers' health (sent with each sync), the ones in trouble first");
  status_command->add_flag("--json", settings->json, "Print JSON");
  code->fallthrough();
  revoke_command->fallthrough();
  status_command->fallthrough();
  return {hub, [&common, settings, code, status_command] {
            if (status_command->parsed()) {
              return print_hub_status(*open_platform(common), settings->json);
            }
            return code->parsed() ? pair_code(common, *settings) : revoke(common, *settings);
          }};
}

CapabilityCommand add_sync_command(CLI::App& app, const CommonSettings& common) {
  auto settings = std::make_shared<SyncSettings>();
  auto* sync_command = app.add_subcommand(
      "sync", "Sync with the hub over the network (no subcommand), or pair, export, import");
  // `imaginecole sync --hub URL`: both directions in one run (decision 0041).
  sync_command->require_subcommand(0, 1);
  sync_command->add_option("--hub", settings->hub_url,
                           "The hub's address (default: the one saved at pairing)");
  sync_command->add_option("--proxy", settings->proxy,
                           "A plain HTTP proxy (http://host:port; default: http_proxy)");
  sync_command
      ->add_option("--batch-rows", settings->batch_rows, "Rows per batch each way (resume unit)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  sync_command->add_option("--max-media-bytes", settings->max_media_bytes,
                           "Media downloaded at most in this run, small files first (20M; "
                           "default: no limit)");
  auto* pair_command = sync_command->add_subcommand(
      "pair", "Pair this school server with its hub, with a code from the hub's admin");
  pair_command->add_option("--hub", settings->hub_url, "The hub's address (http://host:port)")
      ->required();
  pair_command->add_option("--code", settings->code, "The pairing code")->required();
  auto* status_command =
      sync_command->add_subcommand("status", "This server's identity, its peers, revocation");
  status_command->add_flag("--json", settings->json, "Print JSON");
  auto* export_command =
      sync_command->add_subcommand("export", "Write sealed bundle file(s) for a USB key");
  export_command->add_option("--to", settings->to, "The bundle file");
  auto* receiver = export_command->add_option_group("receiver");
  receiver->add_option("--peer", settings->peer, "For this paired node id");
  receiver->add_option("--school", settings->school, "A hub: for this school's server");
  receiver->add_option("--all-schools", settings->all_schools,
                       "A hub: one bundle per school server into this folder");
  receiver->require_option(0, 1);
  export_command->add_option("--max-size", settings->max_size,
                             "Split into parts no larger than this (100M, 650K)");
  auto* import_command = sync_command->add_subcommand(
      "import", "Read sealed bundle file(s) (all the parts of a split bundle, in any order)");
  import_command->add_option("files", settings->files, "Bundle files")->required();
  for (auto* sub : {pair_command, status_command, export_command, import_command}) {
    sub->fallthrough();
  }
  return {sync_command,
          [&common, settings, pair_command, status_command, export_command, import_command] {
            if (pair_command->parsed()) {
              return pair(common, *settings);
            }
            if (status_command->parsed()) {
              return status(common, *settings);
            }
            if (export_command->parsed()) {
              return export_bundles(common, *settings);
            }
            if (import_command->parsed()) {
              return import_bundles(common, *settings);
            }
            return sync_with_hub(common, *settings);
          }};
}

}  // namespace imaginecole::app
