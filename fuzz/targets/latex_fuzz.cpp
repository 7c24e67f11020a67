// SPDX-License-Identifier: AGPL-3.0-or-later
// Maths between dollars in lessons and questions: LaTeX to MathML, inline and displayed.
#include "catalog/math_mathml.hpp"
#include "fuzz_target.hpp"

IMAGINECOLE_FUZZ_TARGET(latex) {
  const auto text = imaginecole::fuzz::as_text(data, size);
  (void)imaginecole::catalog::latex_to_mathml(text, false);
  (void)imaginecole::catalog::latex_to_mathml(text, true);
  return 0;
}
