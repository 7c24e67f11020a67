// SPDX-License-Identifier: AGPL-3.0-or-later
// Lesson text as an editor types it (Markdown with maths): the page rendering and the editor's
// problem list read any bytes without failing.
#include "catalog/markdown.hpp"
#include "fuzz_target.hpp"

IMAGINECOLE_FUZZ_TARGET(markdown) {
  const auto text = imaginecole::fuzz::as_text(data, size);
  (void)imaginecole::catalog::markdown_to_html(text);
  (void)imaginecole::catalog::markdown_problems(text);
  return 0;
}
