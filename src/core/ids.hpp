// SPDX-License-Identifier: AGPL-3.0-or-later
// Globally unique, time-ordered record ids (UUID version 7), so that two servers that never
// talked can both create records that later meet in one database without clashing.
#pragma once

#include <string>
#include <string_view>

namespace imaginecole::core {

// A new UUIDv7 as 36 lowercase characters ("0190f3c2-…").
std::string new_id();

// The same id on every server for the same `key` (RFC 9562 §5.8 and Appendix B.2: a name-based
// UUIDv8, the first 128 bits of SHA-256 over a fixed Imaginécole namespace and the key). Reference
// data seeded from files on each server separately (countries, subjects, curriculum nodes,
// exams, regions) takes its id from a stable natural key such as "country:SN" or
// "curriculum:SN/cm2/mathematiques", so two servers that were never connected agree on it. Records
// a person creates keep new_id(): they are new, owned by the server that made them.
std::string name_based_id(std::string_view key);

// True when `text` is a UUID in canonical 8-4-4-4-12 lowercase or uppercase hex form.
bool is_valid_id(std::string_view text);

}  // namespace imaginecole::core
