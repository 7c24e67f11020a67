// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/session_store.hpp"

#include <sodium.h>

#include "core/clock.hpp"
#include "core/hash.hpp"

namespace imaginecole::accounts {
namespace {

using Clock = std::chrono::system_clock;

std::string random_hex(std::size_t bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out;
  out.reserve(bytes * 2);
  for (const char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(kHex[u >> 4]);
    out.push_back(kHex[u & 0x0f]);
  }
  return out;
}

bool is_token(std::string_view token) {
  if (token.size() != 64) {
    return false;
  }
  for (const char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string session_id_of(std::string_view token) {
  return core::sha256_hex(token);
}

NewSession SessionStore::create(std::string_view user_id, std::string_view remote_address,
                                std::string_view user_agent) {
  NewSession out;
  out.token = random_hex(32);
  const auto now = Clock::now();
  Session& session = out.session;
  session.id = session_id_of(out.token);
  session.user_id = std::string(user_id);
  session.created_at = core::format_timestamp(now);
  session.last_seen_at = session.created_at;
  session.expires_at = core::format_timestamp(now + options_.lifetime);
  session.csrf_secret = random_hex(32);
  auto connection = database_.write();
  connection->execute(
      "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, remote_address, "
      "user_agent, csrf_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {session.id, session.user_id, session.created_at, session.last_seen_at, session.expires_at,
       std::string(remote_address), std::string(user_agent.substr(0, 256)), session.csrf_secret});
  return out;
}

std::optional<Session> SessionStore::find(std::string_view token) {
  if (!is_token(token)) {
    return std::nullopt;
  }
  const auto now = Clock::now();
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.csrf_secret "
      "FROM sessions s JOIN users u ON u.id = s.user_id "
      "LEFT JOIN user_status us ON us.user_id = s.user_id "
      "WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND s.last_seen_at > ? "
      "AND COALESCE(us.disabled, 0) = 0",
      {session_id_of(token), core::format_timestamp(now),
       core::format_timestamp(now - options_.idle_timeout)});
  if (!row) {
    return std::nullopt;
  }
  return Session{.id = row->text(0),
                 .user_id = row->text(1),
                 .created_at = row->text(2),
                 .last_seen_at = row->text(3),
                 .expires_at = row->text(4),
                 .csrf_secret = row->text(5)};
}

bool SessionStore::is_live(const Session& session, Clock::time_point now) const {
  return session.expires_at > core::format_timestamp(now) &&
         session.last_seen_at > core::format_timestamp(now - options_.idle_timeout);
}

void SessionStore::touch(const Session& session) {
  const auto now = Clock::now();
  if (session.last_seen_at > core::format_timestamp(now - options_.touch_interval)) {
    return;
  }
  auto connection = database_.write();
  connection->execute("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND revoked_at IS NULL",
                      {core::format_timestamp(now), session.id});
}

bool SessionStore::revoke(std::string_view session_id) {
  auto connection = database_.write();
  return connection->execute(
             "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
             {core::now_timestamp(), std::string(session_id)}) > 0;
}

std::int64_t SessionStore::revoke_all_of(std::string_view user_id) {
  auto connection = database_.write();
  return revoke_all_of(*connection, user_id);
}

std::int64_t SessionStore::revoke_all_of(storage::Connection& connection,
                                         std::string_view user_id) {
  return connection.execute(
      "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
      {core::now_timestamp(), std::string(user_id)});
}

}  // namespace imaginecole::accounts
