// SPDX-License-Identifier: AGPL-3.0-or-later
// Files compiled into the binary (see cmake/embed.cmake).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace imaginecole {

struct EmbeddedFile {
  std::string_view path;
  std::string_view data;
};

inline std::optional<std::string_view> find_embedded(std::span<const EmbeddedFile> files,
                                                     std::string_view path) {
  for (const auto& file : files) {
    if (file.path == path) {
      return file.data;
    }
  }
  return std::nullopt;
}

}  // namespace imaginecole

#define IMAGINECOLE_DECLARE_EMBEDDED(name)              \
  namespace imaginecole::embedded::name {               \
  std::span<const ::imaginecole::EmbeddedFile> files(); \
  }
