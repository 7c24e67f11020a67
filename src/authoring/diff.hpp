// SPDX-License-Identifier: AGPL-3.0-or-later
// What changed between two versions: field by field, and the Markdown body line by line (a
// longest-common-subsequence diff), as values and as HTML with <ins> and <del>.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "authoring/workflow.hpp"

namespace imaginecole::authoring {

struct DiffLine {
  enum class Op { same, added, removed };
  Op op = Op::same;
  std::string text;
};

// Lines of `before` and `after` in order, each kept, removed or added. Above kMaxDiffCells
// line pairs the whole text counts as replaced (a bound on time and memory).
inline constexpr std::size_t kMaxDiffCells = 4'000'000;
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after);

struct FieldDiff {
  std::string field;  // "title", "body", ...
  std::string before;
  std::string after;
  std::vector<DiffLine> lines;  // filled for the body
};

// The fields that differ, in a fixed order (title, summary, body, then the others).
std::vector<FieldDiff> diff_contents(const Content& before, const Content& after);

// <table> rows of a line diff with <ins>/<del>, escaped.
std::string diff_html(const std::vector<DiffLine>& lines);

}  // namespace imaginecole::authoring
