// SPDX-License-Identifier: AGPL-3.0-or-later
#include "authoring/route_support.hpp"

#include "accounts/accounts.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::authoring {

Caller authenticate(accounts::Accounts& accounts, const http::Request& request,
                    std::string_view access) {
  Caller out;
  accounts::AccessCheck check = accounts.authenticator().check(request, access);
  if (!check.allowed()) {
    out.refusal = web::error_page(request, check.status, check.message);
    return out;
  }
  out.actor =
      Actor{.principal = check.signed_in->principal(), .remote_address = request.remote_address};
  out.who = std::move(check.signed_in);
  return out;
}

int status_of(Failure failure) {
  switch (failure) {
    case Failure::not_found:
      return 404;
    case Failure::invalid:
      return 400;
    case Failure::conflict:
      return 409;
    case Failure::refused:
      return 403;
  }
  return 400;
}

std::string message_of(const http::Request& request, std::string_view key) {
  const std::string& lang = web::choose_language(request);
  return std::string(web::Messages::instance().catalogue(lang).get(key));
}

std::string form_value(const Form& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    const auto first = item.find_first_not_of(" \t\r\n");
    const auto last = item.find_last_not_of(" \t\r\n");
    if (first != std::string_view::npos) {
      out.emplace_back(item.substr(first, last - first + 1));
    }
    if (comma == std::string_view::npos) {
      break;
    }
    text.remove_prefix(comma + 1);
  }
  return out;
}

Content content_from_form(const Form& form) {
  Content content;
  content.title = form_value(form, "title");
  content.summary = form_value(form, "summary");
  content.body = form_value(form, "body");
  content.kind = form_value(form, "kind");
  content.language = form_value(form, "language");
  content.audience = form_value(form, "audience");
  content.licence = form_value(form, "licence");
  content.authors = split_list(form_value(form, "authors"));
  content.subject_slugs = split_list(form_value(form, "subjects"));
  content.exam_codes = split_list(form_value(form, "exams"));
  content.node_id = form_value(form, "node_id");
  const std::string minutes = form_value(form, "duration_minutes");
  if (!minutes.empty()) {
    try {
      std::size_t used = 0;
      content.duration_minutes = std::stoi(minutes, &used);
      if (used != minutes.size()) {
        content.duration_minutes = -1;  // refused by validate()
      }
    } catch (const std::exception&) {
      content.duration_minutes = -1;
    }
  }
  return content;
}

}  // namespace imaginecole::authoring
