// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/node_settings.hpp"

namespace imaginecole::storage {

std::string keep_first_node_setting(Connection& connection, std::string_view key,
                                    std::string_view value) {
  connection.execute(
      "INSERT INTO node_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
      {std::string(key), std::string(value)});
  const auto row =
      connection.query_one("SELECT value FROM node_settings WHERE key = ?", {std::string(key)});
  return row ? row->text(0) : std::string();
}

}  // namespace imaginecole::storage

namespace imaginecole::storage {

void replace_node_setting(Connection& connection, std::string_view key, std::string_view value) {
  connection.execute(
      "INSERT INTO node_settings (key, value) VALUES (?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {std::string(key), std::string(value)});
}

}  // namespace imaginecole::storage
