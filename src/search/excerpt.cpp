// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/excerpt.hpp"

#include <algorithm>
#include <set>

#include "search/french_tokenizer.hpp"
#include "search/plain_text.hpp"
#include "search/snippet.hpp"

namespace imaginecole::search {
namespace {

// The longest prefix of `text` of at most `max` bytes that does not cut a UTF-8 character.
std::string_view utf8_prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) {
    return text;
  }
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

bool matches(const TokenSpan& span, const std::vector<std::string>& stems) {
  return std::find(stems.begin(), stems.end(), span.token) != stems.end();
}

// The first token of the window of kExcerptTokens tokens holding the most distinct stems.
std::size_t best_window(const std::vector<TokenSpan>& spans,
                        const std::vector<std::string>& stems) {
  std::size_t best_start = 0;
  std::size_t best_count = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (!matches(spans[i], stems)) {
      continue;
    }
    // A little context before the first match, and a full window when near the end.
    const std::size_t tail = spans.size() > kExcerptTokens ? spans.size() - kExcerptTokens : 0;
    const std::size_t start = std::min(i >= 3 ? i - 3 : 0, tail);
    std::set<std::string_view> found;
    for (std::size_t j = start; j < std::min(spans.size(), start + kExcerptTokens); ++j) {
      if (matches(spans[j], stems)) {
        found.insert(spans[j].token);
      }
    }
    if (found.size() > best_count) {
      best_count = found.size();
      best_start = start;
    }
  }
  return best_start;
}

// The window's text with markers around matched words, "…" where text was left out.
std::string cut(std::string_view text, const std::vector<TokenSpan>& spans, std::size_t first,
                const std::vector<std::string>& stems) {
  if (spans.empty()) {
    return std::string(utf8_prefix(text, 200));
  }
  const std::size_t last = std::min(spans.size(), first + kExcerptTokens) - 1;
  const std::size_t begin = first == 0 ? 0 : spans[first].start;
  const std::size_t end = last + 1 == spans.size() ? text.size() : spans[last].end;
  std::string out = first == 0 ? "" : "…";
  std::size_t at = begin;
  for (std::size_t i = first; i <= last; ++i) {
    if (!matches(spans[i], stems)) {
      continue;
    }
    out.append(text.substr(at, spans[i].start - at));
    out += kMarkOpen;
    out.append(text.substr(spans[i].start, spans[i].end - spans[i].start));
    out += kMarkClose;
    at = spans[i].end;
  }
  out.append(text.substr(at, end - at));
  if (end < text.size()) {
    out += "…";
  }
  return out;
}

}  // namespace

std::string marked_excerpt(std::string_view title, std::string_view summary, std::string_view body,
                           const std::vector<std::string>& stems) {
  const auto any_match = [&](const std::vector<TokenSpan>& spans) {
    return std::any_of(spans.begin(), spans.end(),
                       [&](const TokenSpan& span) { return matches(span, stems); });
  };
  const std::string plain_body = markdown_to_plain_text(utf8_prefix(body, kExcerptSourceBytes));
  const auto body_spans = french_token_spans(plain_body);
  if (any_match(body_spans)) {
    return cut(plain_body, body_spans, best_window(body_spans, stems), stems);
  }
  // The summary and the title are plain text already.
  const auto summary_spans = french_token_spans(summary);
  if (!any_match(summary_spans)) {
    const auto title_spans = french_token_spans(title);
    if (any_match(title_spans)) {
      return cut(title, title_spans, best_window(title_spans, stems), stems);
    }
  }
  return cut(summary, summary_spans, best_window(summary_spans, stems), stems);
}

}  // namespace imaginecole::search
