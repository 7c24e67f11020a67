// SPDX-License-Identifier: AGPL-3.0-or-later
// The budget of one import: counted before the work, refused with the limit named.
#include "exercises/import_budget.hpp"

namespace imaginecole::exercises {

std::string describe_bytes(std::uint64_t bytes) {
  const auto with_tenth = [](std::uint64_t value, std::uint64_t unit, std::string_view name) {
    const std::uint64_t tenths = (value * 10 + unit / 2) / unit;
    std::string out = std::to_string(tenths / 10);
    if (tenths % 10 != 0) {
      out += "." + std::to_string(tenths % 10);
    }
    return out + " " + std::string(name);
  };
  if (bytes >= (1ULL << 20)) {
    return with_tenth(bytes, 1ULL << 20, "MiB");
  }
  if (bytes >= (1ULL << 10)) {
    return with_tenth(bytes, 1ULL << 10, "KiB");
  }
  return std::to_string(bytes) + " bytes";
}

ImportBudget::ImportBudget(ImportLimits limits) : limits_(limits) {}

void ImportBudget::require_questions(std::size_t count) const {
  if (count > limits_.questions) {
    throw ImportTooLarge("the import holds " + std::to_string(count) +
                         " questions, more than the limit of " + std::to_string(limits_.questions) +
                         " questions for one import: split it into several files");
  }
}

void ImportBudget::spend(std::uint64_t bytes, std::string_view what) {
  if (bytes > limits_.total_bytes || spent_ > limits_.total_bytes - bytes) {
    throw ImportTooLarge("the import is too large: with " + std::string(what) +
                         " its files hold more than " + describe_bytes(limits_.total_bytes) +
                         " once decompressed (the limit for one import): split it");
  }
  spent_ += bytes;
}

void ImportBudget::spend_file(std::uint64_t bytes, std::string_view what) {
  if (bytes > limits_.file_bytes) {
    // Only this file is refused (its question is skipped): it was not read.
    throw InvalidInput(std::string(what) + " holds " + describe_bytes(bytes) +
                       " once decompressed, more than the limit of " +
                       describe_bytes(limits_.file_bytes) + " for one file of an import");
  }
  spend(bytes, what);
}

std::shared_ptr<const std::string> ImportBudget::read_once(
    const std::string& key, const std::function<std::optional<std::uint64_t>()>& size,
    const std::function<std::string()>& read) {
  auto found = files_.find(key);
  if (found == files_.end()) {
    FileOutcome outcome;
    try {
      if (const std::optional<std::uint64_t> bytes = size()) {
        spend_file(*bytes, key);
        outcome.content = std::make_shared<const std::string>(read());
      }
    } catch (const ImportTooLarge&) {
      throw;
    } catch (const InvalidInput& error) {
      // A damaged or oversized file costs its reading once, however many items name it.
      outcome.error = error.what();
    }
    found = files_.emplace(key, std::move(outcome)).first;
  }
  if (!found->second.error.empty()) {
    throw InvalidInput(found->second.error);
  }
  return found->second.content;
}

const ImportBudget::PictureVerdict* ImportBudget::picture(const std::string& key) const {
  if (key.empty()) {
    return nullptr;  // a picture without a key is judged every time
  }
  const auto found = pictures_.find(key);
  return found == pictures_.end() ? nullptr : &found->second;
}

void ImportBudget::remember_picture(const std::string& key, PictureVerdict verdict) {
  if (key.empty()) {
    return;
  }
  pictures_[key] = std::move(verdict);
}

}  // namespace imaginecole::exercises
