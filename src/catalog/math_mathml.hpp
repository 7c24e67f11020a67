// SPDX-License-Identifier: AGPL-3.0-or-later
// School LaTeX ($x^2$, \frac, \sqrt, Greek letters, cases, matrices…) to MathML Core on the
// server, so pupils' browsers show formulas without a JavaScript library. Everything from the
// source is escaped; an unknown command shows as visible red text (<merror>) and is reported;
// malformed input (unbalanced braces, very deep nesting) never crashes and is reported too.
// No maintained C/C++ library does this in Debian (docs/decisions/0011-media-and-maths.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::catalog {

struct MathResult {
  std::string mathml;                 // always a complete <math> element
  std::vector<std::string> problems;  // French sentences; empty when the source is fine
};

// `display`: a formula on its own line ($$…$$, display="block") rather than in the text.
MathResult latex_to_mathml(std::string_view tex, bool display);

}  // namespace imaginecole::catalog
