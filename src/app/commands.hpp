// SPDX-License-Identifier: AGPL-3.0-or-later
// The command line: `imaginecole <subcommand> [options]`. Precedence of settings: flags, then
// IMAGINECOLE_* environment variables, then the --config file, then defaults.
#pragma once

namespace imaginecole::app {

// Returns the process exit code.
int run_command_line(int argc, char** argv);

}  // namespace imaginecole::app
