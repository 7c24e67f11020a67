// SPDX-License-Identifier: AGPL-3.0-or-later
// imaginecole: one binary for the national hub and the school server.
#include "app/commands.hpp"

int main(int argc, char** argv) {
  return imaginecole::app::run_command_line(argc, argv);
}
