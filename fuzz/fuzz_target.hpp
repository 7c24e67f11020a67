// SPDX-License-Identifier: AGPL-3.0-or-later
// One fuzz target: a function of untrusted bytes that must return without a crash, a leak, an
// undefined behaviour or an exception the parser does not document (decision 0053).
//
// Each target is written once, `IMAGINECOLE_FUZZ_TARGET(name) { ... data, size ... }`, and
// built two ways:
// - with clang and IMAGINECOLE_FUZZ (preset "fuzz", scripts/fuzz.sh), as a libFuzzer program
//   `fuzz_<name>` guided by coverage;
// - in every other build, into one program, imaginecole_fuzz_replay (replay_main.cpp), that
//   replays the committed corpus and regressions and a fixed number of mutations of them: the
//   short run of every target in the test command.
// A target may also make seeds in code (IMAGINECOLE_FUZZ_SEEDS), for inputs that cannot be
// committed as text (a sealed sync bundle, a gzip payload).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::fuzz {

using TargetFunction = int (*)(const std::uint8_t* data, std::size_t size);
using SeedFunction = std::vector<std::string> (*)();

bool register_target(const char* name, TargetFunction function);
bool register_seeds(const char* name, SeedFunction function);

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace imaginecole::fuzz

#ifdef IMAGINECOLE_LIBFUZZER
#define IMAGINECOLE_FUZZ_TARGET(name) \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
#define IMAGINECOLE_FUZZ_SEEDS(name) [[maybe_unused]] static std::vector<std::string> seeds_##name()
#else
#define IMAGINECOLE_FUZZ_TARGET(name)                                 \
  static int fuzz_##name(const std::uint8_t* data, std::size_t size); \
  [[maybe_unused]] static const bool registered_##name =              \
      ::imaginecole::fuzz::register_target(#name, &fuzz_##name);      \
  static int fuzz_##name(const std::uint8_t* data, std::size_t size)
#define IMAGINECOLE_FUZZ_SEEDS(name)                             \
  static std::vector<std::string> seeds_##name();                \
  [[maybe_unused]] static const bool seeded_##name =             \
      ::imaginecole::fuzz::register_seeds(#name, &seeds_##name); \
  static std::vector<std::string> seeds_##name()
#endif
