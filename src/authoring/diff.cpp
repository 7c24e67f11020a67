// SPDX-License-Identifier: AGPL-3.0-or-later
#include "authoring/diff.hpp"

#include <algorithm>
#include <cstdint>

namespace imaginecole::authoring {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) {
      out.push_back(text);
      break;
    }
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    out.push_back(line);
    text.remove_prefix(end + 1);
  }
  return out;
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after) {
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  // Common head and tail first: most edits touch a few lines of a long body.
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) {
    ++head;
  }
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  std::vector<DiffLine> out;
  for (std::size_t i = 0; i < head; ++i) {
    out.push_back({DiffLine::Op::same, std::string(a[i])});
  }
  const std::size_t n = a.size() - head - tail;
  const std::size_t m = b.size() - head - tail;
  if (n * m > kMaxDiffCells) {
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back({DiffLine::Op::removed, std::string(a[head + i])});
    }
    for (std::size_t j = 0; j < m; ++j) {
      out.push_back({DiffLine::Op::added, std::string(b[head + j])});
    }
  } else {
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    const auto at = [m](std::size_t i, std::size_t j) { return i * (m + 1) + j; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        lcs[at(i, j)] = a[head + i] == b[head + j] ? lcs[at(i + 1, j + 1)] + 1
                                                   : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        out.push_back({DiffLine::Op::same, std::string(a[head + i])});
        ++i;
        ++j;
      } else if (i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)])) {
        // Removals before additions, as readers of diffs expect.
        out.push_back({DiffLine::Op::removed, std::string(a[head + i])});
        ++i;
      } else {
        out.push_back({DiffLine::Op::added, std::string(b[head + j])});
        ++j;
      }
    }
  }
  for (std::size_t k = b.size() - tail; k < b.size(); ++k) {
    out.push_back({DiffLine::Op::same, std::string(b[k])});
  }
  return out;
}

std::vector<FieldDiff> diff_contents(const Content& before, const Content& after) {
  std::vector<FieldDiff> out;
  const auto add = [&out](std::string field, std::string a, std::string b) {
    if (a != b) {
      out.push_back(FieldDiff{std::move(field), std::move(a), std::move(b), {}});
    }
  };
  add("title", before.title, after.title);
  add("summary", before.summary, after.summary);
  if (before.body != after.body) {
    out.push_back(FieldDiff{"body", before.body, after.body, diff_lines(before.body, after.body)});
  }
  add("kind", before.kind, after.kind);
  add("language", before.language, after.language);
  add("audience", before.audience, after.audience);
  add("licence", before.licence, after.licence);
  add("authors", joined(before.authors), joined(after.authors));
  add("subjects", joined(before.subject_slugs), joined(after.subject_slugs));
  add("exams", joined(before.exam_codes), joined(after.exam_codes));
  add("duration_minutes",
      before.duration_minutes ? std::to_string(*before.duration_minutes) : std::string(),
      after.duration_minutes ? std::to_string(*after.duration_minutes) : std::string());
  add("placement", before.node_id, after.node_id);
  add("questions", before.questions.value_or(""), after.questions.value_or(""));
  return out;
}

std::string diff_html(const std::vector<DiffLine>& lines) {
  std::string out = "<table class=\"diff\">";
  for (const auto& line : lines) {
    switch (line.op) {
      case DiffLine::Op::same:
        out += "<tr><td class=\"diff-mark\"> </td><td><span>" + escape(line.text) +
               "</span></td></tr>";
        break;
      case DiffLine::Op::added:
        out += "<tr class=\"diff-added\"><td class=\"diff-mark\">+</td><td><ins>" +
               escape(line.text) + "</ins></td></tr>";
        break;
      case DiffLine::Op::removed:
        out += "<tr class=\"diff-removed\"><td class=\"diff-mark\">−</td><td><del>" +
               escape(line.text) + "</del></td></tr>";
        break;
    }
  }
  out += "</table>";
  return out;
}

}  // namespace imaginecole::authoring
