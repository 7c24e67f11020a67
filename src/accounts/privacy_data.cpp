// SPDX-License-Identifier: AGPL-3.0-or-later
// The accounts capability's own sections of a pupil's data. Erasure replaces the account row by
// an anonymous one under a new id rather than deleting it outright: records that count (audit
// lines, later attempts) keep pointing at "a pupil who was here", but neither the username
// nor the id survives anywhere in the database (docs/decisions/0008, 0015).
#include "accounts/privacy_data.hpp"

#include <boost/json.hpp>

#include "accounts/sign_in.hpp"
#include "accounts/user_rows.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "storage/records.hpp"

namespace imaginecole::accounts {
namespace {

namespace json = boost::json;

json::value optional_json(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::value account_section(storage::Connection& connection, const User& pupil) {
  json::object out{{"id", pupil.id},
                   {"username", pupil.username},
                   {"display_name", pupil.display_name},
                   {"kind", user_kind_name(pupil.kind)},
                   {"preferred_language", optional_json(pupil.preferred_language)},
                   {"has_password", pupil.password_hash.has_value()},
                   {"has_picture_code", pupil.picture_code_hash.has_value()},
                   {"disabled", pupil.disabled},
                   {"created_at", pupil.created_at}};
  if (pupil.school_id) {
    if (const auto row = connection.query_one(
            "SELECT code, name, country_code FROM schools WHERE id = ?", {*pupil.school_id})) {
      out["school"] =
          json::object{{"code", row->text(0)}, {"name", row->text(1)}, {"country", row->text(2)}};
    }
  }
  json::array sessions;
  for (const auto& row :
       connection
           .query("SELECT created_at, last_seen_at, expires_at, revoked_at, remote_address, "
                  "user_agent FROM sessions WHERE user_id = ? ORDER BY created_at",
                  {pupil.id})
           .rows) {
    sessions.push_back(json::object{{"created_at", row.text(0)},
                                    {"last_seen_at", row.text(1)},
                                    {"expires_at", row.text(2)},
                                    {"revoked_at", optional_json(row.optional_text(3))},
                                    {"remote_address", row.text(4)},
                                    {"user_agent", row.text(5)}});
  }
  out["sessions"] = std::move(sessions);
  return out;
}

json::value enrolments_section(storage::Connection& connection, const User& pupil) {
  json::array out;
  for (const auto& row :
       connection
           .query("SELECT g.role, g.scope_kind, g.scope_id, g.created_at, c.name, c.level_slug "
                  "FROM role_grants g LEFT JOIN classes c ON g.scope_kind = 'class' AND c.id = "
                  "g.scope_id WHERE g.user_id = ? ORDER BY g.created_at, g.id",
                  {pupil.id})
           .rows) {
    out.push_back(json::object{{"role", row.text(0)},
                               {"scope_kind", row.text(1)},
                               {"scope_id", row.text(2)},
                               {"since", row.text(3)},
                               {"class_name", optional_json(row.optional_text(4))},
                               {"level", optional_json(row.optional_text(5))}});
  }
  return out;
}

json::value audit_section(storage::Connection& connection, const User& pupil) {
  json::array out;
  for (const auto& row :
       connection
           .query("SELECT action, occurred_at, remote_address, details, actor_id FROM audit_log "
                  "WHERE target_id = ? OR actor_id = ? ORDER BY occurred_at, id",
                  {pupil.id, pupil.id})
           .rows) {
    json::error_code ec;
    json::value details = json::parse(row.text(3), ec);
    out.push_back(json::object{{"action", row.text(0)},
                               {"at", row.text(1)},
                               {"from", row.text(2)},
                               {"by_the_pupil", row.text(4) == pupil.id},
                               {"details", ec ? json::value(nullptr) : details}});
  }
  return out;
}

// Failed sign-ins are kept under the name that was typed ("school:DKR001:awa"); the pupil's
// id too, should a key ever use it.
// Failed sign-ins are counted under the account's id ("<id>", "<id>:<nonce>" of a trusted
// device, "<address>|<id>"), and, for names that had no account yet, under
// "nobody:<school id>:<username>" (sign_in.cpp).
std::int64_t forget_failed_sign_ins(storage::Connection& connection, const User& pupil) {
  const std::string unknown_name = "nobody:" + pupil.school_id.value_or("") + ":" + pupil.username;
  return connection.execute(
      "DELETE FROM login_attempts WHERE attempt_key LIKE ? OR attempt_key = ? OR attempt_key "
      "LIKE ?",
      {"%" + pupil.id + "%", unknown_name, "%|" + unknown_name});
}

std::string erase_account(storage::Connection& connection, const User& pupil) {
  const std::int64_t sessions =
      connection.execute("DELETE FROM sessions WHERE user_id = ?", {pupil.id});
  const std::int64_t failures = forget_failed_sign_ins(connection, pupil);
  return std::to_string(sessions) + " sessions deleted, " + std::to_string(failures) +
         " failed sign-ins forgotten";
}

// The last step, once every section has let go of the id: an anonymous account under a fresh
// id takes the pupil's place (same kind, school and creation date; no name, no secret,
// disabled), the audit lines and the change log follow it, and the old row goes. Nothing else
// may still refer to the old id: a foreign key that does makes the whole erasure fail and roll
// back rather than leave half of it done.
std::string replace_with_anonymous(storage::Connection& connection, const User& pupil,
                                   const std::string& node_id) {
  std::string anonymous_id = core::new_id();
  const std::string now = core::now_timestamp();
  connection.execute(
      "INSERT INTO users (id, username, display_name, picture_code_hash, kind, school_id, "
      "preferred_language, created_at, updated_at, origin_node, row_version) "
      "SELECT ?, ?, '', NULL, kind, school_id, NULL, created_at, ?, ?, 1 FROM users WHERE id = ?",
      {anonymous_id, "deleted-" + anonymous_id.substr(anonymous_id.size() - 12), now, node_id,
       pupil.id});
  // The account's split rows (user_rows.hpp): the pupil's password hash and status go with the
  // old id; the anonymous account has no secret and is disabled.
  connection.execute("DELETE FROM user_credentials WHERE user_id = ?", {pupil.id});
  connection.execute("DELETE FROM user_status WHERE user_id = ?", {pupil.id});
  write_user_credentials(connection, anonymous_id, std::nullopt, node_id);
  write_user_status(connection, anonymous_id, true, std::nullopt, node_id);
  for (const char* column : {"target_id", "actor_id"}) {
    connection.execute("UPDATE audit_log SET " + std::string(column) +
                           " = ?, row_version = row_version + 1 WHERE " + column + " = ?",
                       {anonymous_id, pupil.id});
  }
  storage::rename_in_change_log(connection, pupil.id, anonymous_id);
  storage::mark_erased(connection, "users", pupil.id);
  connection.execute("DELETE FROM users WHERE id = ?", {pupil.id});
  return anonymous_id;
}

std::string erase_enrolments(storage::Connection& connection, const User& pupil) {
  const std::int64_t grants =
      connection.execute("DELETE FROM role_grants WHERE user_id = ?", {pupil.id});
  return std::to_string(grants) + " enrolments deleted";
}

// The lines stay (who did what to this account, when); what named the pupil goes.
std::string erase_audit(storage::Connection& connection, const User& pupil) {
  const std::int64_t lines = connection.execute(
      "UPDATE audit_log SET details = '{\"erased\":true}', row_version = row_version + 1 "
      "WHERE (target_id = ? OR actor_id = ?) AND details <> '{\"erased\":true}'",
      {pupil.id, pupil.id});
  return std::to_string(lines) + " audit lines cleared of names";
}

}  // namespace

PupilData::PupilData(storage::Database& database, std::string node_id)
    : database_(database), node_id_(std::move(node_id)) {
  // Enrolments and audit first: the account goes last (its name is what the others refer to).
  add_section({.name = "enrolments", .export_data = enrolments_section, .erase = erase_enrolments});
  add_section({.name = "audit", .export_data = audit_section, .erase = erase_audit});
  add_section({.name = "account", .export_data = account_section, .erase = erase_account});
}

void PupilData::add_section(PupilDataSection section) {
  // Capabilities' sections run before the account's own, which must stay last.
  const auto position = sections_.size() < 3 ? sections_.end() : sections_.end() - 1;
  sections_.insert(position, std::move(section));
}

json::value PupilData::export_pupil(const User& pupil) {
  auto connection = database_.read();
  json::array sections;
  for (const auto& section : sections_) {
    sections.push_back(
        json::object{{"name", section.name}, {"data", section.export_data(*connection, pupil)}});
  }
  return json::object{
      {"pupil_id", pupil.id}, {"exported_at", core::now_timestamp()}, {"sections", sections}};
}

ErasureReport PupilData::erase_pupil(const User& pupil, AuditLog& audit, AuditEntry entry) {
  ErasureReport report{.user_id = pupil.id, .anonymous_id = {}, .sections = {}};
  {
    auto connection = database_.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    json::object done;
    for (const auto& section : sections_) {
      std::string what = section.erase(*connection, pupil);
      done[section.name] = what;
      report.sections.emplace_back(section.name, std::move(what));
    }
    report.anonymous_id = replace_with_anonymous(*connection, pupil, node_id_);
    report.sections.back().second += ", account replaced by an anonymous one";
    done[report.sections.back().first] = report.sections.back().second;
    entry.action = "pupil.delete";
    entry.target_kind = "user";
    entry.target_id = report.anonymous_id;
    entry.details = json::serialize(json::object{{"sections", done}});
    audit.record(*connection, entry);
    transaction.commit();
  }
  // Outside the transaction (and with the writer released): the old page images of the rows
  // just rewritten leave the write-ahead log.
  report.files_purged = database_.purge_erased_pages();
  return report;
}

}  // namespace imaginecole::accounts
