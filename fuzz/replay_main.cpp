// SPDX-License-Identifier: AGPL-3.0-or-later
// imaginecole_fuzz_replay: the short run of the fuzz targets in the test command, without
// libFuzzer (decision 0053). For one target it runs every committed corpus and regression
// input, the seeds the target makes in code, then `--runs` mutations of them (bit flips, bytes
// set, inserted and erased, blocks repeated, inputs spliced and cut), from a fixed random seed
// so that a failure replays. An input that crashes is written to crash-<target>-<n> in the
// current folder first, to be turned into a regression (fuzz/regressions/<target>/).
//
//   imaginecole_fuzz_replay --list
//   imaginecole_fuzz_replay TARGET [--corpus DIR]... [--runs N] [--seed S] [--max-len N]
//   imaginecole_fuzz_replay TARGET --input FILE
//   imaginecole_fuzz_replay TARGET --write-seeds DIR
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_target.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define IMAGINECOLE_HAS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IMAGINECOLE_HAS_SANITIZER 1
#endif
#endif
#ifdef IMAGINECOLE_HAS_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

namespace imaginecole::fuzz {
namespace {

namespace fs = std::filesystem;

std::map<std::string, TargetFunction>& targets() {
  static std::map<std::string, TargetFunction> all;
  return all;
}
std::map<std::string, SeedFunction>& seed_makers() {
  static std::map<std::string, SeedFunction> all;
  return all;
}

// The input being run, written out if the process dies on it.
std::string current_target;
std::string current_input;
bool running = false;

void save_current_input() {
  if (!running) {
    return;
  }
  running = false;
  const std::string file = "crash-" + current_target + "-" +
                           std::to_string(std::hash<std::string>{}(current_input) % 1'000'000);
  std::ofstream out(file, std::ios::binary);
  out.write(current_input.data(), static_cast<std::streamsize>(current_input.size()));
  std::cerr << "fuzz: the input that failed is in " << fs::absolute(file).string() << " ("
            << current_input.size() << " bytes)\n";
}

[[noreturn]] void on_terminate() {
  std::cerr << "fuzz: an exception the target does not expect";
  if (const auto error = std::current_exception()) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& thrown) {
      std::cerr << ": " << thrown.what();
    } catch (...) {
    }
  }
  std::cerr << "\n";
  save_current_input();
  std::abort();
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run_one(TargetFunction target, const std::string& input) {
  current_input = input;
  running = true;
  target(reinterpret_cast<const std::uint8_t*>(current_input.data()), current_input.size());
  running = false;
}

class Mutator {
 public:
  Mutator(std::uint64_t seed, std::size_t max_len) : random_(seed), max_len_(max_len) {}

  std::string mutate(const std::vector<std::string>& pool) {
    std::string input = pool[below(pool.size())];
    const std::size_t steps = 1 + below(4);
    for (std::size_t step = 0; step < steps; ++step) {
      apply(input, pool);
    }
    if (input.size() > max_len_) {
      input.resize(max_len_);
    }
    return input;
  }

 private:
  std::size_t below(std::size_t bound) {
    return bound == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, bound - 1)(random_);
  }
  char interesting_byte() {
    static constexpr char kBytes[] = {
        '\0', '\n', '\r', ' ',  '"', '\'', '<', '>', '&',    '{',    '}',    '[',    ']',   ':',
        ';',  '=',  '%',  '\\', '$', '-',  '/', '#', '\xff', '\xc3', '\x80', '\xe2', '\x7f'};
    return below(2) == 0 ? kBytes[below(sizeof(kBytes))] : static_cast<char>(below(256));
  }

  void apply(std::string& input, const std::vector<std::string>& pool) {
    const std::size_t kind = below(8);
    const std::size_t at = below(input.size() + 1);
    switch (kind) {
      case 0:  // flip a bit
        if (!input.empty()) {
          input[below(input.size())] ^= static_cast<char>(1U << below(8));
        }
        break;
      case 1:  // set a byte
        if (!input.empty()) {
          input[below(input.size())] = interesting_byte();
        }
        break;
      case 2:  // insert bytes
        input.insert(at, 1 + below(4), interesting_byte());
        break;
      case 3:  // erase a block
        if (!input.empty()) {
          input.erase(below(input.size()), 1 + below(std::min<std::size_t>(64, input.size())));
        }
        break;
      case 4: {  // repeat a block
        if (!input.empty() && input.size() < max_len_) {
          const std::size_t from = below(input.size());
          const std::string block = input.substr(from, 1 + below(32));
          for (std::size_t times = 1 + below(8); times > 0; --times) {
            input.insert(at, block);
          }
        }
        break;
      }
      case 5: {  // splice another input in
        const std::string& other = pool[below(pool.size())];
        const std::size_t from = below(other.size() + 1);
        input.insert(at, other.substr(from, below(other.size() - from + 1)));
        break;
      }
      case 6:  // cut
        input.resize(at);
        break;
      default: {  // a number somewhere: the edges of what integers hold
        static const char* const kNumbers[] = {"0",     "-1",  "4294967296",  "9223372036854775808",
                                               "1e308", "NaN", "999999999999"};
        input.insert(at, kNumbers[below(std::size(kNumbers))]);
        break;
      }
    }
  }

  std::mt19937_64 random_;
  std::size_t max_len_;
};

int usage() {
  std::cerr << "usage: imaginecole_fuzz_replay --list\n"
               "       imaginecole_fuzz_replay TARGET [--corpus DIR]... [--runs N] [--seed S] "
               "[--max-len N]\n"
               "       imaginecole_fuzz_replay TARGET --input FILE\n"
               "       imaginecole_fuzz_replay TARGET --write-seeds DIR\n";
  return 2;
}

int run(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--list") {
    for (const auto& [name, function] : targets()) {
      std::cout << name << "\n";
    }
    return 0;
  }
  if (argc < 2) {
    return usage();
  }
  current_target = argv[1];
  const auto found = targets().find(current_target);
  if (found == targets().end()) {
    std::cerr << "fuzz: no target named " << current_target << " (--list names them)\n";
    return 2;
  }
  std::vector<fs::path> corpora;
  std::vector<fs::path> inputs;
  std::optional<fs::path> seeds_folder;
  std::uint64_t runs = 1000;
  std::uint64_t seed = 1;
  std::size_t max_len = 64 * 1024;
  for (int i = 2; i < argc; ++i) {
    const std::string option = argv[i];
    if (i + 1 >= argc) {
      return usage();
    }
    const std::string value = argv[++i];
    if (option == "--corpus") {
      corpora.emplace_back(value);
    } else if (option == "--input") {
      inputs.emplace_back(value);
    } else if (option == "--write-seeds") {
      seeds_folder = value;
    } else if (option == "--runs") {
      runs = std::stoull(value);
    } else if (option == "--seed") {
      seed = std::stoull(value);
    } else if (option == "--max-len") {
      max_len = std::stoull(value);
    } else {
      return usage();
    }
  }

  std::vector<std::string> pool;
  if (const auto maker = seed_makers().find(current_target); maker != seed_makers().end()) {
    pool = maker->second();
  }
  if (seeds_folder) {
    fs::create_directories(*seeds_folder);
    for (std::size_t i = 0; i < pool.size(); ++i) {
      std::ofstream out(*seeds_folder / ("seed-" + std::to_string(i)), std::ios::binary);
      out.write(pool[i].data(), static_cast<std::streamsize>(pool[i].size()));
    }
    std::cout << pool.size() << " seeds written to " << seeds_folder->string() << "\n";
    return 0;
  }
  for (const auto& folder : corpora) {
    if (!fs::is_directory(folder)) {
      continue;  // a target without regressions yet
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.is_regular_file()) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      pool.push_back(read_file(file));
    }
  }
  for (const auto& file : inputs) {
    pool.push_back(read_file(file));
  }
  if (pool.empty()) {
    pool.emplace_back();
  }
  for (const auto& input : pool) {
    run_one(found->second, input);
  }
  if (!inputs.empty()) {
    std::cout << current_target << ": " << pool.size() << " inputs ran\n";
    return 0;
  }
  Mutator mutator(seed, max_len);
  for (std::uint64_t i = 0; i < runs; ++i) {
    run_one(found->second, mutator.mutate(pool));
  }
  std::cout << current_target << ": " << pool.size() << " corpus inputs and " << runs
            << " mutations ran (seed " << seed << ")\n";
  return 0;
}

}  // namespace

bool register_target(const char* name, TargetFunction function) {
  targets()[name] = function;
  return true;
}

bool register_seeds(const char* name, SeedFunction function) {
  seed_makers()[name] = function;
  return true;
}

}  // namespace imaginecole::fuzz

int main(int argc, char** argv) {
  std::set_terminate(imaginecole::fuzz::on_terminate);
#ifdef IMAGINECOLE_HAS_SANITIZER
  __sanitizer_set_death_callback(imaginecole::fuzz::save_current_input);
#endif
  return imaginecole::fuzz::run(argc, argv);
}
