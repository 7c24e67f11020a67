// SPDX-License-Identifier: AGPL-3.0-or-later
// Which synced tables travel between a hub and a school server, in which direction, and which
// of their rows a given school may receive or send. The record layer (decision 0018) gives
// every change-log line its scope (country, school code); these rules add what a scope cannot
// say: staff with rights beyond the school never leave the hub, resources go down only when
// published and chosen for the school, a school sends content only as drafts for review.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "sync/engine.hpp"

namespace imaginecole::sync {

struct EntityRule {
  std::string_view name;
  std::vector<std::string_view> key;
  bool append_only = false;
  bool down = false;  // hub → school
  bool up = false;    // school → hub
  // The row is about one user (its column naming them): the user must belong to the school.
  std::string_view user_column;
  // Rows whose `school_id` must be the school's (learning records, assignments).
  bool school_bound = false;
  // Content a school may send only as a draft for review (never published content).
  bool draft_only_up = false;
};

// Every synced table the engine moves; a synced table absent from it never travels (checked
// against the registry by tests/sync/engine_scope_test.cpp).
const std::vector<EntityRule>& entity_rules();
const EntityRule* find_entity_rule(std::string_view name);
// Synced tables deliberately left out, with why (the same test checks them).
const std::vector<std::pair<std::string_view, std::string_view>>& entities_not_moved();

// A row as read from its table: column names and values.
struct RowValues {
  std::vector<std::pair<std::string, storage::Value>> columns;
  std::optional<std::string> text(std::string_view column) const;
};

// The school's id on this server, when it has the school.
std::optional<std::string> school_id_of(storage::Connection& connection, std::string_view code);

// A user that belongs to the school: a pupil of it, or staff whose every role is at the school
// or one of its classes. Staff with any right beyond (country admin, editor, platform admin,
// analyst, a role at another school) never go down, nor up.
bool user_belongs_to_school(storage::Connection& connection, std::string_view user_id,
                            std::string_view school_id);

// An account of the school (its pupil, or staff with a role at it or one of its classes) that
// no longer belongs to it: it gained a right beyond the school, so it must leave the box.
bool user_withdrawn_from_school(storage::Connection& connection, std::string_view user_id,
                                std::string_view school_id);

// Whether this row may go to (or come from) the school, beyond its change-log scope.
bool row_fits_school(storage::Connection& connection, const EntityRule& rule, const RowValues& row,
                     const PeerScope& school, std::string_view school_id, bool going_down);

// A published resource of the school's country, in its chosen levels and subjects.
bool resource_chosen_for(storage::Connection& connection, std::string_view resource_id,
                         const PeerScope& school);

// A resource that is still a draft or in review here (or not here at all): what a school may
// send up for national review.
bool resource_is_draft(storage::Connection& connection, std::string_view resource_id);

}  // namespace imaginecole::sync
