// SPDX-License-Identifier: AGPL-3.0-or-later
// What the sync tests do again and again with the real binary: run a command at a server's data
// folder (and database), pair a school server with its hub, count rows, and have a pupil answer
// an exercise through a server's JSON API.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {

// `--data DIR` and, for a hub on PostgreSQL, `--database URL` (demo_database.hpp's location_of).
using Location = std::vector<std::string>;

// `imaginecole args... location...`.
CommandResult run_at(const Location& location, std::vector<std::string> args,
                     const std::map<std::string, std::string>& env = {});

// The code in `hub pair-code`'s output: the last word of its first line.
std::string pairing_code_in(const std::string& pair_code_output);

// `hub pair-code --school SCHOOL` on the hub, then `sync pair` on the school server with it;
// fails the test (and returns false) when either refuses.
bool pair_school(const Location& hub, const std::string& hub_url, const Location& box,
                 const std::string& school);

// The integer a query such as "SELECT COUNT(*) ..." returns.
std::int64_t count_rows(storage::Database& database, const std::string& sql,
                        std::initializer_list<storage::Value> values = {});
// The same on the SQLite database of the data folder `data`.
std::int64_t count_rows(const std::filesystem::path& data, const std::string& sql,
                        std::initializer_list<storage::Value> values = {});

// The id of a single-choice question of exercise set `set`, read through the server's API as
// `pupil`; "" (and a failed test) when there is none.
std::string single_choice_question(std::uint16_t port, const Headers& pupil,
                                   const std::string& set);

// `pupil` answers `question` of `set` through POST /api/v1/attempts; returns the attempt's
// client id (the test fails when the server does not take it).
std::string answer_exercise(std::uint16_t port, const Headers& pupil, const std::string& set,
                            const std::string& question);

}  // namespace imaginecole::testing
