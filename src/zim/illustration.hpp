// SPDX-License-Identifier: AGPL-3.0-or-later
// The 48×48 PNG a Kiwix library shows beside a ZIM file (its "Illustration_48x48@1"), drawn
// here rather than converted from the site's SVG icon, so the export needs no SVG renderer.
#pragma once

#include <string>

namespace imaginecole::zim {

// An open book, white on the site's blue.
std::string illustration_png_48();

}  // namespace imaginecole::zim
