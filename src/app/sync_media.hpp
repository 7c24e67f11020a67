// SPDX-License-Identifier: AGPL-3.0-or-later
// What `imaginecole sync media` prints, shared with `sync --hub` (which fetches the media after
// the records): one line per file tried, a summary, the hub's absence.
#pragma once

#include "sync/media_fetch.hpp"

namespace imaginecole::app {

// Prints the report (failures on standard error); returns the exit code: 0 when every file is
// here or deferred by the budget, 1 otherwise.
int print_media_fetch_report(const sync::MediaFetchReport& report);

}  // namespace imaginecole::app
