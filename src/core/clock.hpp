// SPDX-License-Identifier: AGPL-3.0-or-later
// Timestamps as stored in the database: ISO 8601 UTC with milliseconds, which sort as text on
// every backend ("2026-11-30T04:36:02.123Z").
#pragma once

#include <chrono>
#include <string>

namespace imaginecole::core {

std::string format_timestamp(std::chrono::system_clock::time_point when);
std::string now_timestamp();

// "Mon, 30 Nov 2026 04:36:02 GMT" for HTTP headers.
std::string http_date(std::chrono::system_clock::time_point when);

}  // namespace imaginecole::core
