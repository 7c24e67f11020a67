// SPDX-License-Identifier: AGPL-3.0-or-later
// Regions, schools and classes: the part of the hierarchy below a country. Writes stamp the
// record and append to the change log in the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/models.hpp"
#include "storage/database.hpp"

namespace imaginecole::accounts {

// Upper case, letters, digits and '-', 2 to 32 characters; nullopt when it cannot be a code.
std::optional<std::string> normalize_school_code(std::string_view text);

class SchoolStore {
 public:
  SchoolStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  std::optional<School> school_by_code(std::string_view code);
  std::optional<School> school_by_id(std::string_view id);
  std::optional<SchoolClass> class_by_id(std::string_view id);
  std::vector<SchoolClass> classes_of(std::string_view school_id);
  std::optional<Region> region(std::string_view country_code, std::string_view name);

  // Writes: call inside a write transaction on `connection`. Ids are filled in when empty.
  void insert_region(storage::Connection& connection, Region& region);
  void insert_school(storage::Connection& connection, School& school);
  void insert_class(storage::Connection& connection, SchoolClass& school_class);

  std::optional<School> school_by_code(storage::Connection& connection, std::string_view code);
  std::optional<SchoolClass> class_by_id(storage::Connection& connection, std::string_view id);
  std::optional<School> school_by_id(storage::Connection& connection, std::string_view id);

 private:
  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::accounts
