// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/pairing_codes.hpp"

#include <sodium.h>

#include <cctype>

#include "core/clock.hpp"
#include "core/hash.hpp"

namespace imaginecole::sync {
namespace {

// No 0/O, 1/I/L, 5/S, 8/B: what people misread. 27 symbols, 10 of them: 47 bits.
constexpr std::string_view kAlphabet = "ACDEFGHJKMNPQRTUVWXYZ234679";
constexpr std::size_t kLength = 10;

std::string code_hash(std::string_view typed) {
  return core::sha256_hex("imaginecole-pairing:" + normalize_code(typed));
}

}  // namespace

std::string normalize_code(std::string_view typed) {
  std::string out;
  for (const char c : typed) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

IssuedCode issue_pairing_code(storage::Connection& connection, std::string_view school_code,
                              std::chrono::minutes valid_for) {
  std::string code;
  for (std::size_t i = 0; i < kLength; ++i) {
    code += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  const auto now = std::chrono::system_clock::now();
  IssuedCode issued{.code = code.substr(0, 5) + "-" + code.substr(5),
                    .expires_at = core::format_timestamp(now + valid_for)};
  connection.execute(
      "INSERT INTO sync_pairing_codes (code_hash, school_code, created_at, expires_at) "
      "VALUES (?, ?, ?, ?)",
      {code_hash(code), std::string(school_code), core::format_timestamp(now), issued.expires_at});
  return issued;
}

RedeemedCode check_pairing_code(storage::Connection& connection, std::string_view typed) {
  const auto row = connection.query_one(
      "SELECT school_code, expires_at, used_at FROM sync_pairing_codes WHERE code_hash = ?",
      {code_hash(typed)});
  if (!row) {
    return {};
  }
  if (!row->text(2).empty()) {
    return {.check = CodeCheck::used, .school_code = {}};
  }
  // Timestamps are ISO 8601 in UTC: their text order is their time order.
  if (row->text(1) <= core::now_timestamp()) {
    return {.check = CodeCheck::expired, .school_code = {}};
  }
  return {.check = CodeCheck::good, .school_code = row->text(0)};
}

void use_pairing_code(storage::Connection& connection, std::string_view typed,
                      std::string_view node_id) {
  connection.execute(
      "UPDATE sync_pairing_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at = ''",
      {core::now_timestamp(), std::string(node_id), code_hash(typed)});
}

}  // namespace imaginecole::sync
