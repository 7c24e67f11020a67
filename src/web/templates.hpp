// SPDX-License-Identifier: AGPL-3.0-or-later
// Mustache templates (kainjow, auto-escaping) embedded from web/templates and the capability
// folders. Parsed once per thread; rendered with the language's messages under "t".
#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>

namespace imaginecole::web {

using TemplateData = kainjow::mustache::data;
using TemplateList = kainjow::mustache::list;

// Renders template `name` (e.g. "catalog/home") with `data`; the messages of `language` are
// visible as {{t.key}}. Throws std::logic_error for a missing or broken template (a bug).
std::string render_template(std::string_view name, const TemplateData& data,
                            std::string_view language);

// True when every embedded template parses (checked by the tests and at start-up).
std::string check_templates();

}  // namespace imaginecole::web
