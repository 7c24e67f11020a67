// SPDX-License-Identifier: AGPL-3.0-or-later
// Lesson bodies: Markdown (CommonMark with tables and strikethrough) to HTML with md4c. Raw
// HTML in the source is escaped, never passed through; links and images keep only http(s),
// mailto and relative URLs. Maths ($...$) stays as escaped text for now.
#pragma once

#include <string>
#include <string_view>

namespace imaginecole::catalog {

std::string markdown_to_html(std::string_view markdown);

}  // namespace imaginecole::catalog
