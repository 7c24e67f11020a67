// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/node_identity.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/clock.hpp"
#include "core/hash.hpp"
#include "core/ids.hpp"

namespace imaginecole::storage {
namespace {

constexpr std::int64_t kIdentityLockKey = 0x696d6169;

std::string first_line_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string board_serial() {
  // Raspberry Pi and most arm64 boards expose it in the device tree; older kernels in cpuinfo.
  std::string serial = first_line_of("/sys/firmware/devicetree/base/serial-number");
  serial.erase(std::remove(serial.begin(), serial.end(), '\0'), serial.end());
  if (!serial.empty()) {
    return serial;
  }
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.starts_with("Serial")) {
      return line;
    }
  }
  return "";
}

// Addresses of physical network cards only: virtual ones (bridges, veth) change on every
// container start and would start a new epoch each time.
std::string network_card_addresses() {
  std::vector<std::string> addresses;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/sys/class/net", error)) {
    if (std::filesystem::exists(entry.path() / "device")) {
      addresses.push_back(first_line_of(entry.path() / "address"));
    }
  }
  std::sort(addresses.begin(), addresses.end());
  std::string out;
  for (const auto& address : addresses) {
    out += address + ",";
  }
  return out;
}

std::string sqlite_fingerprint(Connection& connection) {
  std::string file;
  for (const auto& row : connection.query("PRAGMA database_list").rows) {
    if (row.text(1) == "main") {
      file = row.text(2);
    }
  }
  struct stat info {};
  std::ostringstream out;
  if (!file.empty() && ::stat(file.c_str(), &info) == 0) {
    out << "file:" << info.st_dev << ':' << info.st_ino << ';';
  }
  out << "machine:" << first_line_of("/etc/machine-id") << ';' << "board:" << board_serial() << ';'
      << "net:" << network_card_addresses();
  return out.str();
}

std::string postgres_fingerprint(Connection& connection) {
  // The database's oid changes when a dump is restored into a new database; the cluster's
  // start-up identity when it is restored into another cluster.
  const auto row = connection.query_one(
      "SELECT d.oid::text, current_schema(), "
      "COALESCE((SELECT setting FROM pg_settings WHERE name = 'data_directory'), '') "
      "FROM pg_database d WHERE d.datname = current_database()");
  std::string out = "pg:" + row->text(0) + ':' + row->text(1) + ':' + row->text(2);
  try {
    if (auto system =
            connection.query_one("SELECT system_identifier::text FROM pg_control_system()")) {
      out += ':' + system->text(0);
    }
  } catch (const StorageError&) {
    // Not every role may read pg_control_system(); the database oid is enough then. The failed
    // statement aborted nothing: this runs outside the identity transaction.
  }
  return out;
}

std::string new_epoch_value() {
  // The random tail of a UUIDv7: two copies that start a new epoch at once never agree.
  std::string id = core::new_id();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return id.substr(id.size() - 12);
}

void put_setting(Connection& connection, std::string_view key, std::string_view value) {
  connection.execute(
      "INSERT INTO node_settings (key, value) VALUES (?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {std::string(key), std::string(value)});
}

std::optional<std::string> setting(Connection& connection, std::string_view key) {
  if (auto row = connection.query_one("SELECT value FROM node_settings WHERE key = ?",
                                      {std::string(key)})) {
    return row->text(0);
  }
  return std::nullopt;
}

}  // namespace

std::string storage_fingerprint(Connection& connection) {
  return core::sha256_hex(connection.backend() == Backend::sqlite
                              ? sqlite_fingerprint(connection)
                              : postgres_fingerprint(connection));
}

NodeIdentity load_node_identity(Database& database) {
  std::string fingerprint;
  {
    // The usual start: nothing to write, so no write transaction (and no sync to disk).
    auto reader = database.read();
    fingerprint = storage_fingerprint(*reader);
    auto node_id = setting(*reader, "node_id");
    auto epoch = setting(*reader, "epoch");
    if (node_id && epoch && setting(*reader, "fingerprint") == fingerprint) {
      return NodeIdentity{.node_id = *node_id, .epoch = *epoch};
    }
  }
  auto connection = database.write();
  Transaction transaction(*connection, Transaction::Mode::write);
  if (database.backend() == Backend::postgres) {
    connection->query("SELECT pg_advisory_xact_lock(?)", {kIdentityLockKey});
  }
  NodeIdentity identity;
  auto node_id = setting(*connection, "node_id");
  if (!node_id) {
    node_id = core::new_id();
    put_setting(*connection, "node_id", *node_id);
  }
  identity.node_id = *node_id;
  auto epoch = setting(*connection, "epoch");
  if (!epoch || setting(*connection, "fingerprint") != fingerprint) {
    epoch = new_epoch_value();
    identity.epoch_is_new = true;
    put_setting(*connection, "epoch", *epoch);
    put_setting(*connection, "epoch_started_at", core::now_timestamp());
    put_setting(*connection, "fingerprint", fingerprint);
  }
  identity.epoch = *epoch;
  transaction.commit();
  return identity;
}

std::string start_new_epoch(Database& database) {
  auto connection = database.write();
  Transaction transaction(*connection, Transaction::Mode::write);
  std::string epoch = new_epoch_value();
  put_setting(*connection, "epoch", epoch);
  put_setting(*connection, "epoch_started_at", core::now_timestamp());
  transaction.commit();
  return epoch;
}

}  // namespace imaginecole::storage
