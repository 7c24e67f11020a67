// SPDX-License-Identifier: AGPL-3.0-or-later
#include "web/flash.hpp"

#include <array>
#include <utility>

#include "http/cookie.hpp"

namespace imaginecole::web {
namespace {

constexpr std::array<std::pair<Flash, std::string_view>, 16> kKeys{{
    {Flash::pupils_created, "safe_flash_pupils_created"},
    {Flash::secret_reset, "safe_flash_secret_reset"},
    {Flash::request_decided, "safe_flash_request_decided"},
    {Flash::join_code_changed, "safe_flash_join_code_changed"},
    {Flash::saved, "safe_flash_saved"},
    {Flash::submitted, "safe_flash_submitted"},
    {Flash::published, "safe_flash_published"},
    {Flash::created, "safe_flash_created"},
    {Flash::deleted, "safe_flash_deleted"},
    {Flash::removed, "safe_flash_removed"},
    {Flash::deactivated, "safe_flash_deactivated"},
    {Flash::imported, "safe_flash_imported"},
    {Flash::sent_back, "safe_flash_sent_back"},
    {Flash::unpublished, "safe_flash_unpublished"},
    {Flash::shared, "safe_flash_shared"},
    {Flash::signed_out, "safe_flash_signed_out"},
}};

// Long enough for the redirect's GET on a slow line, short enough that a confirmation never
// shows up on an unrelated page much later.
constexpr std::int64_t kFlashSeconds = 60;

}  // namespace

std::string_view flash_key(Flash flash) {
  for (const auto& [value, key] : kKeys) {
    if (value == flash) {
      return key;
    }
  }
  return {};
}

std::optional<Flash> flash_from_key(std::string_view key) {
  for (const auto& [value, known] : kKeys) {
    if (known == key) {
      return value;
    }
  }
  return std::nullopt;
}

http::Response with_flash(http::Response response, const http::Request& request, Flash flash) {
  http::set_cookie(response, request,
                   http::Cookie{.name = std::string(kFlashCookie),
                                .value = std::string(flash_key(flash)),
                                .max_age = kFlashSeconds});
  return response;
}

std::optional<Flash> pending_flash(const http::Request& request) {
  const auto value = request.cookie(kFlashCookie);
  if (!value) {
    return std::nullopt;
  }
  return flash_from_key(*value);
}

}  // namespace imaginecole::web
