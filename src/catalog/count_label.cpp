// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/count_label.hpp"

#include "web/i18n.hpp"

namespace imaginecole::catalog {

std::string resource_count_label(const web::Catalogue& messages, std::int64_t count) {
  // Three forms cover French and English; Arabic's own forms read well enough with a number.
  if (count == 0) {
    return std::string(messages.get("find_count_none"));
  }
  if (count == 1) {
    return std::string(messages.get("find_count_one"));
  }
  return messages.with_detail("find_count_many", std::to_string(count));
}

}  // namespace imaginecole::catalog
