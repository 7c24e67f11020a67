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

// A region's id, the same on every server: regions are named places of a country (unique by
// country and name), seeded by `init --demo` and made on demand when a school names its region,
// so two servers that both write "Dakar" for SN hold one record, not two that clash at sync.
std::string region_id(std::string_view country_code, std::string_view name);

class SchoolStore {
 public:
  SchoolStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  std::optional<School> school_by_code(std::string_view code);
  std::optional<School> school_by_id(std::string_view id);
  std::optional<SchoolClass> class_by_id(std::string_view id);
  std::vector<SchoolClass> classes_of(std::string_view school_id);
  std::optional<Region> region(std::string_view country_code, std::string_view name);

  // Writes: call inside a write transaction on `connection`. Ids are filled in when empty
  // (a region's with region_id()).
  void insert_region(storage::Connection& connection, Region& region);
  void insert_school(storage::Connection& connection, School& school);
  void insert_class(storage::Connection& connection, SchoolClass& school_class);

  std::optional<School> school_by_code(storage::Connection& connection, std::string_view code);
  std::optional<SchoolClass> class_by_id(storage::Connection& connection, std::string_view id);
  std::optional<School> school_by_id(storage::Connection& connection, std::string_view id);

  // Classes of every school of a country, and of the whole platform (at most `limit`).
  std::vector<SchoolClass> classes_in_country(std::string_view country_code);
  std::vector<SchoolClass> all_classes(std::size_t limit);
  // The class whose join code is `code` (compared as stored: upper case), if any.
  std::optional<SchoolClass> class_by_join_code(std::string_view code);
  // Renames a school or a class in the caller's transaction; false when there is no such row.
  bool rename_school(storage::Connection& connection, std::string_view school_id,
                     std::string_view name);
  bool rename_class(storage::Connection& connection, std::string_view class_id,
                    std::string_view name);
  // Opens (a code) or closes (nullopt) a class's join code; throws storage::ConstraintViolation
  // when another class holds the code.
  void set_join_code(storage::Connection& connection, std::string_view class_id,
                     const std::optional<std::string>& code);

 private:
  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::accounts
