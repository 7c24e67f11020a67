// SPDX-License-Identifier: AGPL-3.0-or-later
#include "classroom/roster_import.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

#include "classroom/classroom_store.hpp"
#include "classroom/secrets.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/hash.hpp"
#include "core/ids.hpp"

namespace imaginecole::classroom {

using accounts::Role;
using accounts::RoleGrant;
using accounts::Scope;
using accounts::ScopeKind;
using accounts::User;
using accounts::UserKind;
using storage::Connection;

namespace {

constexpr std::size_t kMaxRows = 5000;

// Secrets of a new pupil, hashed before the write transaction (the slow part).
struct Prepared {
  std::optional<std::string> password;
  std::optional<std::string> picture_code;
  std::optional<std::string> password_hash;
  std::optional<std::string> picture_code_hash;
};

struct Op {
  enum class Kind {
    insert_school,
    update_school,
    insert_class,
    update_class,
    insert_user,
    update_user,
    insert_grant,
    insert_link
  };
  Kind kind = Kind::insert_link;
  accounts::School school;
  accounts::SchoolClass school_class;
  User user;
  RoleGrant grant;
  Prepared secrets;
  std::string secret_key;  // file:row, the same in the dry run and when applying
  std::size_t row_index = 0;
  bool generated_code = false;  // shown once on the result, unlike a code from the file
  // update_user: the name and the disabled flag live in separate rows (migration 0017), and
  // only the one that changes is written, so a change made on another server to the other
  // one is not undone at sync.
  bool name_changed = true;
  bool disabled_changed = true;
  std::string link_source;
  std::string link_entity;
  std::string link_source_id;
  std::string link_entity_id;
};

std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
      space = false;
    }
    out.push_back(c);
  }
  return out;
}

std::string lower_ascii(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

// "Aïssatou", "Ndiaye Diop" -> "aissatou.ndiaye-diop"
std::string username_base(std::string_view first, std::string_view last) {
  std::string raw = fold_to_ascii(first);
  const std::string folded_last = fold_to_ascii(last);
  if (!raw.empty() && !folded_last.empty()) {
    raw += '.';
  }
  raw += folded_last;
  std::string out;
  for (const char c : raw) {
    const bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
    const char mapped = alnum ? c : (c == '.' ? '.' : '-');
    if (!alnum && (out.empty() || out.back() == '-' || out.back() == '.')) {
      continue;
    }
    out.push_back(mapped);
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) {
    out.pop_back();
  }
  if (out.size() > 56) {
    out.resize(56);
  }
  return out.empty() ? "eleve" : out;
}

bool valid_birth_date(std::string_view text) {
  auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (i >= text.size() || std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
        return false;
      }
    }
    return true;
  };
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    return digits(0, 4) && digits(5, 2) && digits(8, 2);  // 2015-03-21
  }
  // 21/03/2015, 1/3/2015
  const auto first = text.find('/');
  const auto second = first == std::string_view::npos ? first : text.find('/', first + 1);
  if (second == std::string_view::npos || first == 0 || first > 2 || second - first - 1 == 0 ||
      second - first - 1 > 2 || text.size() - second - 1 != 4) {
    return false;
  }
  return digits(0, first) && digits(first + 1, second - first - 1) && digits(second + 1, 4);
}

}  // namespace

std::string_view row_action_name(RowAction action) {
  switch (action) {
    case RowAction::create:
      return "create";
    case RowAction::update:
      return "update";
    case RowAction::unchanged:
      return "unchanged";
    case RowAction::remove:
      return "remove";
    case RowAction::skip:
      return "skip";
    case RowAction::error:
      return "error";
  }
  return "error";
}

std::size_t RosterPlan::count(RowAction action) const {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [&](const PlanRow& row) { return row.action == action; }));
}

// What a build step fills in: the plan shown to people and the writes that carry it out.
struct RosterImporter::Work {
  RosterPlan plan;
  std::vector<Op> ops;
  const std::map<std::string, Prepared>* prepared = nullptr;  // when applying
  // Accounts' users, schools and classes are read through its stores, on the build's connection.
  accounts::Accounts* accounts = nullptr;

  void file_error(const RosterIssue& issue) {
    plan.errors.push_back(issue);
    PlanRow row;
    row.file = issue.file;
    row.row = issue.row;
    row.action = RowAction::error;
    row.message = issue.message;
    plan.rows.push_back(std::move(row));
  }
  // Adds an error row; `code` names the kind of problem.
  void error(const std::string& file, std::size_t row_number, std::string entity, std::string key,
             std::string code, std::string message) {
    plan.errors.push_back(RosterIssue{.file = file,
                                      .row = row_number,
                                      .code = std::move(code),
                                      .detail = key,
                                      .message = message});
    PlanRow row;
    row.file = file;
    row.row = row_number;
    row.action = RowAction::error;
    row.entity = std::move(entity);
    row.key = std::move(key);
    row.message = std::move(message);
    plan.rows.push_back(std::move(row));
  }
  std::size_t add(PlanRow row) {
    plan.rows.push_back(std::move(row));
    return plan.rows.size() - 1;
  }
  // A new user's secrets: those of the file, or a generated picture code (the same one in
  // the dry run and when applying, so that the shown plan is what gets written).
  Prepared secrets_for(const std::string& key, std::optional<std::string> password,
                       std::optional<std::string> picture_code, bool generate) {
    if (prepared != nullptr) {
      const auto found = prepared->find(key);
      if (found != prepared->end() && found->second.password == password &&
          (generate || found->second.picture_code == picture_code)) {
        return found->second;
      }
    }
    Prepared out{.password = std::move(password),
                 .picture_code = std::move(picture_code),
                 .password_hash = std::nullopt,
                 .picture_code_hash = std::nullopt};
    if (generate && !out.password && !out.picture_code) {
      out.picture_code = new_picture_code();
    }
    return out;
  }
};

namespace {

using Work = RosterImporter::Work;

// The fields of a record, or an error row when it has not as many as the header (extra
// empty fields, as a trailing separator makes, are fine).
bool check_width(Work& work, const CsvTable& table, const CsvRecord& record) {
  std::size_t width = record.fields.size();
  while (width > table.header.size() && trim(record.fields[width - 1]).empty()) {
    --width;
  }
  if (width == table.header.size()) {
    return true;
  }
  work.error(table.file, record.row, "", "", "ragged_row",
             "row " + std::to_string(record.row) + " has " + std::to_string(width) +
                 " fields but the header has " + std::to_string(table.header.size()) +
                 " (a separator or a quote is probably missing)");
  return false;
}

std::string field(const CsvRecord& record, std::optional<std::size_t> column) {
  if (!column || *column >= record.fields.size()) {
    return {};
  }
  return collapse_spaces(trim(record.fields[*column]));
}

std::optional<CsvTable> load_table(Work& work, std::string_view bytes, const std::string& name,
                                   AcceptedEncodings accepted = AcceptedEncodings::utf8_only) {
  CsvReadResult read = read_csv(bytes, name, accepted);
  if (!read.table) {
    work.file_error(*read.failure);
    return std::nullopt;
  }
  if (read.table->records.size() > kMaxRows) {
    work.file_error(RosterIssue{
        .file = name,
        .row = 0,
        .code = "too_many_rows",
        .detail = std::to_string(kMaxRows),
        .message = "the file has more than " + std::to_string(kMaxRows) + " rows; split it"});
    return std::nullopt;
  }
  return std::move(read.table);
}

void missing_column(Work& work, const std::string& file, const std::string& names) {
  work.file_error(RosterIssue{.file = file,
                              .row = 1,
                              .code = "missing_column",
                              .detail = names,
                              .message = "row 1: the header has no column " + names});
}

struct ExistingUser {
  std::string id;
  std::string username;
  std::string display_name;
  bool disabled = false;
  UserKind kind = UserKind::pupil;
  std::optional<std::string> school_id;
};

ExistingUser existing_from(const accounts::User& user) {
  return ExistingUser{.id = user.id,
                      .username = user.username,
                      .display_name = user.display_name,
                      .disabled = user.disabled,
                      .kind = user.kind,
                      .school_id = user.school_id};
}

std::optional<ExistingUser> existing_from(const std::optional<accounts::User>& user) {
  return user ? std::optional(existing_from(*user)) : std::nullopt;
}

Op grant_op(const std::string& user_id, Role role, const Scope& scope) {
  Op op;
  op.kind = Op::Kind::insert_grant;
  op.grant = RoleGrant{.id = {}, .user_id = user_id, .role = role, .scope = scope};
  return op;
}

Op link_op(const std::string& source, const std::string& entity, const std::string& source_id,
           const std::string& entity_id) {
  Op op;
  op.kind = Op::Kind::insert_link;
  op.link_source = source;
  op.link_entity = entity;
  op.link_source_id = source_id;
  op.link_entity_id = entity_id;
  return op;
}

Op update_user_op(const ExistingUser& existing, const std::string& display_name, bool disabled) {
  Op op;
  op.kind = Op::Kind::update_user;
  op.user.id = existing.id;
  op.user.display_name = display_name;
  op.user.disabled = disabled;
  op.name_changed = existing.display_name != display_name;
  op.disabled_changed = existing.disabled != disabled;
  return op;
}

// ---------------------------------------------------------------------------------------
// A teacher's class list.

void build_class_list(Connection& connection, Work& work, const ClassListImport& request) {
  const std::string& file = request.file_name;
  work.plan.class_id = request.class_id;
  const auto school_class = work.accounts->schools().class_by_id(connection, request.class_id);
  if (!school_class) {
    work.file_error(RosterIssue{.file = file,
                                .row = 0,
                                .code = "unknown_class",
                                .detail = request.class_id,
                                .message = "no class with id '" + request.class_id + "'"});
    return;
  }
  const std::string school_id = school_class->school_id;
  // Teachers' files come from Excel as often as not: Windows-1252 is read too.
  const auto table = load_table(work, request.csv, file, AcceptedEncodings::utf8_or_windows_1252);
  if (!table) {
    return;
  }
  work.plan.encoding = table->encoding;
  work.plan.separator = table->separator;
  const auto last_col = table->column(
      {"nom", "nom_de_famille", "last_name", "lastname", "family_name", "familyname", "surname"});
  const auto first_col =
      table->column({"prenom", "prenoms", "first_name", "firstname", "given_name", "givenname"});
  const auto full_col = table->column({"nom_complet", "nom_et_prenom", "nom_prenom", "full_name",
                                       "name", "display_name", "eleve", "pupil"});
  const auto username_col = table->column(
      {"identifiant", "nom_d_utilisateur", "utilisateur", "username", "login", "user_name"});
  const auto password_col = table->column({"mot_de_passe", "mdp", "password"});
  const auto picture_col =
      table->column({"code_images", "code_image", "code_photos", "picture_code", "picture_codes"});
  const auto birth_col = table->column({"date_naissance", "date_de_naissance", "ne_le", "nee_le",
                                        "birth_date", "birthdate", "date_of_birth"});
  if (!last_col && !first_col && !full_col) {
    missing_column(work, file, "\"nom\"/\"last_name\" and \"prenom\"/\"first_name\"");
    return;
  }
  for (std::size_t i = 0; i < table->header.size(); ++i) {
    const bool known = i == last_col || i == first_col || i == full_col || i == username_col ||
                       i == password_col || i == picture_col || i == birth_col;
    if (!known) {
      const std::string& name = table->header[i];
      work.plan.notices.push_back(RosterIssue{
          .file = file,
          .row = 1,
          .code = name.empty() ? "unnamed_column" : "unknown_column",
          .detail = name.empty() ? std::to_string(i + 1) : name,
          .message = name.empty() ? "column " + std::to_string(i + 1) +
                                        " has no name in the header: it is left out"
                                  : "the column \"" + name + "\" is not used: it is left out"});
    }
  }
  for (const std::size_t blank : table->blank_rows) {
    work.plan.notices.push_back(
        RosterIssue{.file = file,
                    .row = blank,
                    .code = "blank_row",
                    .detail = std::to_string(blank),
                    .message = "row " + std::to_string(blank) + " is blank: it is left out"});
  }
  if (table->records.empty()) {
    work.file_error(RosterIssue{.file = file,
                                .row = 0,
                                .code = "no_rows",
                                .detail = "",
                                .message = "the file has a header but no pupil"});
    return;
  }

  std::map<std::string, ExistingUser> existing;  // username -> pupil of the school
  for (const auto& pupil : work.accounts->users().pupils_of_school(connection, school_id)) {
    auto user = existing_from(pupil);
    existing.emplace(user.username, std::move(user));
  }
  std::set<std::string> enrolled;
  for (auto& user_id : work.accounts->users().enrolled_in_class(connection, request.class_id)) {
    enrolled.insert(std::move(user_id));
  }
  const Scope class_scope{.kind = ScopeKind::class_, .id = request.class_id};

  // Usernames written in the file are taken first; generated ones go around them.
  std::map<std::string, std::size_t> written;  // username -> row
  std::vector<bool> usable(table->records.size(), true);
  for (std::size_t i = 0; i < table->records.size(); ++i) {
    const auto& record = table->records[i];
    if (!check_width(work, *table, record)) {
      usable[i] = false;
      continue;
    }
    const std::string raw = field(record, username_col);
    if (raw.empty()) {
      continue;
    }
    const auto username = accounts::normalize_username(raw);
    if (!username) {
      work.error(file, record.row, "pupil", raw, "invalid_username",
                 "row " + std::to_string(record.row) + ": the username '" + raw +
                     "' may only have letters, digits, '.', '_' or '-' (64 at most)");
      usable[i] = false;
      continue;
    }
    const auto [at, inserted] = written.emplace(*username, record.row);
    if (!inserted) {
      work.error(file, record.row, "pupil", *username, "duplicate_id",
                 "row " + std::to_string(record.row) + ": the username '" + *username +
                     "' is already on row " + std::to_string(at->second));
      usable[i] = false;
    }
  }

  std::set<std::string> matched;  // user ids found in the file
  std::set<std::string> used;     // usernames given to rows
  for (const auto& [name, row] : written) {
    used.insert(name);
  }
  for (std::size_t i = 0; i < table->records.size(); ++i) {
    if (!usable[i]) {
      continue;
    }
    const auto& record = table->records[i];
    const std::string row_text = "row " + std::to_string(record.row) + ": ";
    const std::string first = field(record, first_col);
    const std::string last = field(record, last_col);
    std::string display_name = field(record, full_col);
    // Only one of the two name columns filled in (see the match below).
    const bool half_name =
        display_name.empty() && first_col && last_col && (first.empty() != last.empty());
    std::string half_name_note;
    if (display_name.empty()) {
      display_name = collapse_spaces(first + " " + last);
    }
    if (display_name.empty()) {
      work.error(file, record.row, "pupil", "", "missing_name", row_text + "the name is empty");
      continue;
    }
    if (const auto normalized = normalize_display_name(display_name)) {
      display_name = *normalized;
    } else {
      work.error(file, record.row, "pupil", "", "invalid_value",
                 row_text + "the name is longer than " + std::to_string(kMaxDisplayNameChars) +
                     " characters or has control characters");
      continue;
    }
    const std::string password = field(record, password_col);
    const std::string picture_raw = field(record, picture_col);
    const std::string birth = field(record, birth_col);
    if (!password.empty() && password.size() < accounts::kMinPupilPasswordLength) {
      work.error(file, record.row, "pupil", display_name, "invalid_value",
                 row_text + "the password must have at least " +
                     std::to_string(accounts::kMinPupilPasswordLength) + " characters");
      continue;
    }
    std::optional<std::string> picture_code;
    if (!picture_raw.empty()) {
      picture_code = valid_new_picture_code(picture_raw);
      if (!picture_code) {
        work.error(file, record.row, "pupil", display_name, "invalid_value",
                   row_text + "the picture code '" + picture_raw +
                       "' is not three different pictures out of nine, like 3-7-1");
        continue;
      }
    }
    if (!birth.empty() && !valid_birth_date(birth)) {
      work.error(
          file, record.row, "pupil", display_name, "invalid_value",
          row_text + "the birth date '" + birth + "' is not a date like 21/03/2015 or 2015-03-21");
      continue;
    }

    // Which pupil: the username of the file, or one made from the name (the same pupil when
    // the school already has that username with the same name, as a second import of the
    // same file finds).
    std::string username;
    const ExistingUser* match = nullptr;
    const std::string raw_username = field(record, username_col);
    if (!raw_username.empty()) {
      username = *accounts::normalize_username(raw_username);
      const auto found = existing.find(username);
      if (found != existing.end()) {
        match = &found->second;
      }
    } else {
      const std::string base = username_base(first.empty() && last.empty() ? display_name : first,
                                             first.empty() && last.empty() ? "" : last);
      for (int n = 1;; ++n) {
        const std::string candidate = n == 1 ? base : base + std::to_string(n);
        if (used.contains(candidate)) {
          continue;
        }
        const auto found = existing.find(candidate);
        if (found == existing.end()) {
          username = candidate;
          break;
        }
        if (!matched.contains(found->second.id) &&
            lower_ascii(fold_to_ascii(found->second.display_name)) ==
                lower_ascii(fold_to_ascii(display_name))) {
          username = candidate;
          match = &found->second;
          break;
        }
      }
      // Half a name ("Ndiaye" with the first name left empty) says too little to be a pupil
      // of another class: matching it could hand one child's account to another. In this
      // class it is the same file imported again; the row then says how it was matched.
      if (match != nullptr && half_name) {
        if (!enrolled.contains(match->id)) {
          work.error(file, record.row, "pupil", display_name, "half_name_matches",
                     row_text + (first.empty() ? "the first name" : "the last name") +
                         " is empty and the school already has a pupil called \"" +
                         match->display_name + "\" (" + match->username +
                         ") in another class; write the full name, or that pupil's username "
                         "in an \"identifiant\" column");
          continue;
        }
        half_name_note = row_text + (first.empty() ? "the first name" : "the last name") +
                         " is empty: taken as " + match->username +
                         ", the pupil of this class with the same name";
        work.plan.notices.push_back(RosterIssue{.file = file,
                                                .row = record.row,
                                                .code = "half_name_matched",
                                                .detail = match->username,
                                                .message = half_name_note});
      }
    }
    used.insert(username);

    PlanRow row;
    row.file = file;
    row.row = record.row;
    row.entity = "pupil";
    row.key = username;
    row.name = display_name;
    if (match != nullptr) {
      matched.insert(match->id);
      if (match->display_name != display_name) {
        row.changes.emplace_back("display_name");
      }
      if (match->disabled) {
        row.changes.emplace_back("enabled");
      }
      const bool in_class = enrolled.contains(match->id);
      if (!in_class) {
        row.changes.emplace_back("enrolled");
      }
      if (!password.empty() || picture_code) {
        row.message = "the account exists: its password and picture code are kept";
      }
      if (!half_name_note.empty()) {
        row.message = half_name_note + (row.message.empty() ? "" : "; " + row.message);
      }
      row.action = row.changes.empty() ? RowAction::unchanged : RowAction::update;
      if (match->display_name != display_name || match->disabled) {
        work.ops.push_back(update_user_op(*match, display_name, false));
      }
      if (!in_class) {
        work.ops.push_back(grant_op(match->id, Role::pupil, class_scope));
      }
      work.add(std::move(row));
      continue;
    }
    row.action = RowAction::create;
    const std::size_t index = work.add(std::move(row));
    Op op;
    op.kind = Op::Kind::insert_user;
    op.secret_key = file + ":" + std::to_string(record.row);
    op.row_index = index;
    op.user.id = core::new_id();
    op.user.username = username;
    op.user.display_name = display_name;
    op.user.kind = UserKind::pupil;
    op.user.school_id = school_id;
    op.secrets =
        work.secrets_for(op.secret_key, password.empty() ? std::nullopt : std::optional(password),
                         picture_code, true);
    op.generated_code = password.empty() && !picture_code;
    const std::string user_id = op.user.id;
    work.ops.push_back(std::move(op));
    work.ops.push_back(grant_op(user_id, Role::pupil, class_scope));
  }

  if (request.remove_absent) {
    for (const auto& [username, user] : existing) {
      if (!enrolled.contains(user.id) || matched.contains(user.id) || user.disabled) {
        continue;
      }
      PlanRow row;
      row.file = file;
      row.action = RowAction::remove;
      row.entity = "pupil";
      row.key = username;
      row.name = user.display_name;
      row.changes.emplace_back("disabled");
      row.message = "not in the file: the account is disabled, its data kept";
      work.add(std::move(row));
      work.ops.push_back(update_user_op(user, user.display_name, true));
    }
  }
}

// ---------------------------------------------------------------------------------------
// OneRoster 1.1 CSV.

struct OneRosterTables {
  std::optional<CsvTable> orgs, classes, users, enrollments;
};

std::map<std::string, std::string> links_of(Connection& connection, const std::string& source,
                                            std::string_view entity) {
  std::map<std::string, std::string> out;
  for (const auto& row : connection
                             .query("SELECT source_id, entity_id FROM roster_links WHERE source = "
                                    "? AND entity = ?",
                                    {source, std::string(entity)})
                             .rows) {
    out.emplace(row.text(0), row.text(1));
  }
  return out;
}

// The columns a OneRoster file must have, by their folded names; nullopt (and an error) when
// one is missing.
std::optional<std::map<std::string, std::size_t>> columns_of(
    Work& work, const CsvTable& table, std::initializer_list<std::string_view> required,
    std::initializer_list<std::string_view> optional) {
  std::map<std::string, std::size_t> out;
  std::string missing;
  for (const auto name : required) {
    const auto column = table.column({name});
    if (!column) {
      missing += (missing.empty() ? "" : ", ") + std::string(name);
    } else {
      out.emplace(std::string(name), *column);
    }
  }
  for (const auto name : optional) {
    if (const auto column = table.column({name})) {
      out.emplace(std::string(name), *column);
    }
  }
  if (!missing.empty()) {
    missing_column(work, table.file, missing);
    return std::nullopt;
  }
  return out;
}

std::string value_of(const CsvRecord& record, const std::map<std::string, std::size_t>& columns,
                     const std::string& name) {
  const auto found = columns.find(name);
  return found == columns.end() ? std::string() : field(record, found->second);
}

// Records with unique sourcedIds; duplicates and ragged rows become errors.
std::vector<const CsvRecord*> unique_records(Work& work, const CsvTable& table,
                                             std::size_t id_column, std::string_view entity) {
  std::map<std::string, std::size_t> seen;
  std::vector<const CsvRecord*> out;
  for (const auto& record : table.records) {
    if (!check_width(work, table, record)) {
      continue;
    }
    const std::string id = field(record, id_column);
    if (id.empty()) {
      work.error(table.file, record.row, std::string(entity), "", "missing_value",
                 "row " + std::to_string(record.row) + ": sourcedId is empty");
      continue;
    }
    const auto [at, inserted] = seen.emplace(id, record.row);
    if (!inserted) {
      work.error(table.file, record.row, std::string(entity), id, "duplicate_id",
                 "row " + std::to_string(record.row) + ": the sourcedId '" + id +
                     "' is already on row " + std::to_string(at->second));
      continue;
    }
    out.push_back(&record);
  }
  return out;
}

std::string school_code_for(const std::string& identifier, const std::string& sourced_id) {
  std::string spaced = identifier;
  std::replace(spaced.begin(), spaced.end(), ' ', '-');
  if (auto code = accounts::normalize_school_code(fold_to_ascii(spaced))) {
    return *code;
  }
  if (auto code = accounts::normalize_school_code(sourced_id)) {
    return *code;
  }
  return "OR-" + core::sha256_hex(sourced_id).substr(0, 10);
}

void build_oneroster(Connection& connection, Work& work, const OneRosterImport& request) {
  const std::string country = request.country_code;
  if (country.size() != 2 || !std::isupper(static_cast<unsigned char>(country[0])) ||
      !std::isupper(static_cast<unsigned char>(country[1]))) {
    work.file_error(RosterIssue{.file = "",
                                .row = 0,
                                .code = "missing_country",
                                .detail = country,
                                .message = "a OneRoster import needs the country of its schools "
                                           "(--country SN)"});
    return;
  }
  const std::string source = "oneroster:" + country;
  OneRosterTables tables;
  for (const auto& [name, target] :
       std::initializer_list<std::pair<std::string, std::optional<CsvTable>*>>{
           {"orgs.csv", &tables.orgs},
           {"classes.csv", &tables.classes},
           {"users.csv", &tables.users},
           {"enrollments.csv", &tables.enrollments}}) {
    const auto found = request.files.find(name);
    if (found == request.files.end()) {
      work.file_error(RosterIssue{.file = name,
                                  .row = 0,
                                  .code = "missing_file",
                                  .detail = name,
                                  .message = "the OneRoster folder has no " + name});
      continue;
    }
    *target = load_table(work, found->second, name);
  }
  if (!tables.orgs || !tables.classes || !tables.users || !tables.enrollments) {
    return;
  }
  const auto org_cols =
      columns_of(work, *tables.orgs, {"sourcedid", "name", "type"}, {"identifier", "status"});
  const auto class_cols =
      columns_of(work, *tables.classes, {"sourcedid", "title", "schoolsourcedid"}, {"status"});
  const auto user_cols =
      columns_of(work, *tables.users, {"sourcedid", "role", "username", "givenname", "familyname"},
                 {"orgsourcedids", "enableduser", "status"});
  const auto enrol_cols =
      columns_of(work, *tables.enrollments,
                 {"sourcedid", "classsourcedid", "usersourcedid", "role"}, {"status"});
  if (!org_cols || !class_cols || !user_cols || !enrol_cols) {
    return;
  }

  // Schools.
  auto school_links = links_of(connection, source, "school");
  std::map<std::string, std::string> schools;  // sourcedId -> school id (existing or new)
  std::map<std::string, std::size_t> codes;    // codes given in this file -> row
  const auto& orgs_file = tables.orgs->file;
  for (const CsvRecord* record :
       unique_records(work, *tables.orgs, org_cols->at("sourcedid"), "school")) {
    const std::string id = value_of(*record, *org_cols, "sourcedid");
    const std::string name = value_of(*record, *org_cols, "name");
    const std::string type = lower_ascii(value_of(*record, *org_cols, "type"));
    PlanRow row{.file = orgs_file, .row = record->row, .entity = "school", .key = id, .name = name};
    if (type != "school") {
      row.action = RowAction::skip;
      row.message = "an org of type '" + type + "' is not a school";
      work.add(std::move(row));
      continue;
    }
    if (name.empty()) {
      work.error(orgs_file, record->row, "school", id, "missing_value",
                 "row " + std::to_string(record->row) + ": the school has no name");
      continue;
    }
    if (const auto linked = school_links.find(id); linked != school_links.end()) {
      const auto existing = work.accounts->schools().school_by_id(connection, linked->second);
      if (existing) {
        row.key = existing->code;
        schools.emplace(id, linked->second);
        if (existing->name != name) {
          row.action = RowAction::update;
          row.changes.emplace_back("name");
          Op op;
          op.kind = Op::Kind::update_school;
          op.school.id = linked->second;
          op.school.name = name;
          work.ops.push_back(std::move(op));
        }
        work.add(std::move(row));
        continue;
      }
    }
    const std::string code = school_code_for(value_of(*record, *org_cols, "identifier"), id);
    row.key = code;
    if (const auto [at, inserted] = codes.emplace(code, record->row); !inserted) {
      work.error(orgs_file, record->row, "school", code, "duplicate_id",
                 "row " + std::to_string(record->row) + ": the school code '" + code +
                     "' is already used on row " + std::to_string(at->second));
      continue;
    }
    const auto same_code = work.accounts->schools().school_by_code(connection, code);
    if (same_code) {
      if (same_code->country_code != country) {
        work.error(orgs_file, record->row, "school", code, "taken",
                   "row " + std::to_string(record->row) + ": the school code '" + code +
                       "' belongs to a school of another country");
        continue;
      }
      row.action = RowAction::update;
      row.changes.emplace_back("linked");
      schools.emplace(id, same_code->id);
      work.ops.push_back(link_op(source, "school", id, same_code->id));
      if (same_code->name != name) {
        row.changes.emplace_back("name");
        Op op;
        op.kind = Op::Kind::update_school;
        op.school.id = same_code->id;
        op.school.name = name;
        work.ops.push_back(std::move(op));
      }
      work.add(std::move(row));
      continue;
    }
    row.action = RowAction::create;
    Op op;
    op.kind = Op::Kind::insert_school;
    op.school.id = core::new_id();
    op.school.code = code;
    op.school.country_code = country;
    op.school.name = name;
    schools.emplace(id, op.school.id);
    work.ops.push_back(link_op(source, "school", id, op.school.id));
    work.ops.insert(work.ops.end() - 1, std::move(op));
    work.add(std::move(row));
  }

  // Classes.
  auto class_links = links_of(connection, source, "class");
  std::map<std::string, std::pair<std::string, std::string>> classes;  // -> class id, school id
  const auto& classes_file = tables.classes->file;
  for (const CsvRecord* record :
       unique_records(work, *tables.classes, class_cols->at("sourcedid"), "class")) {
    const std::string id = value_of(*record, *class_cols, "sourcedid");
    const std::string title = value_of(*record, *class_cols, "title");
    const std::string school_ref = value_of(*record, *class_cols, "schoolsourcedid");
    const std::string row_text = "row " + std::to_string(record->row) + ": ";
    PlanRow row{
        .file = classes_file, .row = record->row, .entity = "class", .key = id, .name = title};
    const auto school = schools.find(school_ref);
    if (school == schools.end()) {
      work.error(classes_file, record->row, "class", id, "unknown_reference",
                 row_text + "the school '" + school_ref + "' is not in orgs.csv");
      continue;
    }
    if (title.empty()) {
      work.error(classes_file, record->row, "class", id, "missing_value",
                 row_text + "the class has no title");
      continue;
    }
    if (const auto linked = class_links.find(id); linked != class_links.end()) {
      const auto existing = work.accounts->schools().class_by_id(connection, linked->second);
      if (existing) {
        if (existing->school_id != school->second) {
          work.error(classes_file, record->row, "class", id, "invalid_value",
                     row_text + "the class already exists in another school");
          continue;
        }
        classes.emplace(id, std::pair(linked->second, school->second));
        if (existing->name != title) {
          row.action = RowAction::update;
          row.changes.emplace_back("name");
          Op op;
          op.kind = Op::Kind::update_class;
          op.school_class.id = linked->second;
          op.school_class.name = title;
          work.ops.push_back(std::move(op));
        }
        work.add(std::move(row));
        continue;
      }
    }
    row.action = RowAction::create;
    Op op;
    op.kind = Op::Kind::insert_class;
    op.school_class.id = core::new_id();
    op.school_class.school_id = school->second;
    op.school_class.name = title;
    classes.emplace(id, std::pair(op.school_class.id, school->second));
    const std::string class_id = op.school_class.id;
    work.ops.push_back(std::move(op));
    work.ops.push_back(link_op(source, "class", id, class_id));
    work.add(std::move(row));
  }

  // Users.
  auto user_links = links_of(connection, source, "user");
  struct KnownUser {
    std::string id;
    Role role = Role::pupil;
    std::optional<std::string> school_id;
  };
  std::map<std::string, KnownUser> users;  // sourcedId ->
  std::set<std::string> pupil_names;       // school id + '/' + username given in this file
  std::set<std::string> staff_names;
  const auto& users_file = tables.users->file;
  for (const CsvRecord* record :
       unique_records(work, *tables.users, user_cols->at("sourcedid"), "user")) {
    const std::string id = value_of(*record, *user_cols, "sourcedid");
    const std::string role_text = lower_ascii(value_of(*record, *user_cols, "role"));
    const std::string given = value_of(*record, *user_cols, "givenname");
    const std::string family = value_of(*record, *user_cols, "familyname");
    const std::string row_text = "row " + std::to_string(record->row) + ": ";
    std::string display_name = collapse_spaces(given + " " + family);
    const bool disabled = lower_ascii(value_of(*record, *user_cols, "enableduser")) == "false" ||
                          lower_ascii(value_of(*record, *user_cols, "status")) == "tobedeleted";
    PlanRow row{.file = users_file,
                .row = record->row,
                .entity = role_text,
                .key = id,
                .name = display_name};
    if (role_text != "student" && role_text != "teacher") {
      row.action = RowAction::skip;
      row.message = "the role '" + role_text + "' is not imported (students and teachers only)";
      work.add(std::move(row));
      continue;
    }
    const bool pupil = role_text == "student";
    row.entity = pupil ? "pupil" : "teacher";
    if (display_name.empty()) {
      display_name = value_of(*record, *user_cols, "username");
      row.name = display_name;
    }
    if (const auto normalized = normalize_display_name(display_name)) {
      display_name = *normalized;
      row.name = display_name;
    } else {
      work.error(users_file, record->row, row.entity, id, "missing_name",
                 row_text + "the name is empty or too long");
      continue;
    }
    // The pupil's school: the first of its orgs that is a school of this import.
    std::optional<std::string> school_id;
    std::stringstream orgs(value_of(*record, *user_cols, "orgsourcedids"));
    for (std::string org; std::getline(orgs, org, ',');) {
      if (const auto found = schools.find(trim(org)); found != schools.end()) {
        school_id = found->second;
        break;
      }
    }
    if (pupil && !school_id) {
      work.error(users_file, record->row, "pupil", id, "unknown_reference",
                 row_text + "none of the orgs '" + value_of(*record, *user_cols, "orgsourcedids") +
                     "' is a school of orgs.csv");
      continue;
    }
    const std::string raw_username = value_of(*record, *user_cols, "username");
    const auto username = raw_username.empty() ? std::optional(username_base(given, family))
                                               : accounts::normalize_username(raw_username);
    if (!username) {
      work.error(users_file, record->row, row.entity, id, "invalid_username",
                 row_text + "the username '" + raw_username +
                     "' may only have letters, digits, '.', '_' or '-' (64 at most)");
      continue;
    }
    const std::string name_key = pupil ? *school_id + "/" + *username : *username;
    if (!(pupil ? pupil_names : staff_names).insert(name_key).second) {
      work.error(users_file, record->row, row.entity, id, "duplicate_id",
                 row_text + "the username '" + *username + "' is used twice");
      continue;
    }
    row.key = *username;
    const Role role = pupil ? Role::pupil : Role::teacher;

    std::optional<ExistingUser> existing;
    if (const auto linked = user_links.find(id); linked != user_links.end()) {
      existing = existing_from(work.accounts->users().by_id(connection, linked->second));
    }
    if (!existing) {
      existing = existing_from(
          pupil ? work.accounts->users().pupil_by_username(connection, *school_id, *username)
                : work.accounts->users().staff_by_username(connection, *username));
      if (existing && !pupil) {
        work.error(users_file, record->row, "teacher", *username, "taken",
                   row_text + "the username '" + *username +
                       "' belongs to an account that was not imported from this roster");
        continue;
      }
      if (existing) {
        row.changes.emplace_back("linked");
        work.ops.push_back(link_op(source, "user", id, existing->id));
      }
    }
    if (existing) {
      if ((existing->kind == UserKind::pupil) != pupil ||
          (pupil && existing->school_id != school_id)) {
        work.error(users_file, record->row, row.entity, *username, "invalid_value",
                   row_text + "the account exists with another role or school");
        continue;
      }
      users.emplace(id, KnownUser{.id = existing->id, .role = role, .school_id = school_id});
      if (existing->display_name != display_name) {
        row.changes.emplace_back("display_name");
      }
      if (existing->disabled != disabled) {
        row.changes.emplace_back(disabled ? "disabled" : "enabled");
      }
      if (existing->display_name != display_name || existing->disabled != disabled) {
        work.ops.push_back(update_user_op(*existing, display_name, disabled));
      }
      row.action = row.changes.empty() ? RowAction::unchanged : RowAction::update;
      work.add(std::move(row));
      continue;
    }
    if (pupil && work.accounts->users().pupil_by_username(connection, *school_id, *username)) {
      work.error(users_file, record->row, "pupil", *username, "taken",
                 row_text + "the username '" + *username + "' is taken in this school");
      continue;
    }
    row.action = RowAction::create;
    if (!pupil) {
      row.message = "no password yet: an administrator sets one";
    }
    const std::size_t index = work.add(std::move(row));
    Op op;
    op.kind = Op::Kind::insert_user;
    op.secret_key = users_file + ":" + std::to_string(record->row);
    op.row_index = index;
    op.user.id = core::new_id();
    op.user.username = *username;
    op.user.display_name = display_name;
    op.user.kind = pupil ? UserKind::pupil : UserKind::staff;
    op.user.school_id = pupil ? school_id : std::nullopt;
    op.user.disabled = disabled;
    op.secrets = work.secrets_for(op.secret_key, std::nullopt, std::nullopt, pupil);
    op.generated_code = pupil;
    users.emplace(id, KnownUser{.id = op.user.id, .role = role, .school_id = school_id});
    const std::string user_id = op.user.id;
    work.ops.push_back(std::move(op));
    work.ops.push_back(link_op(source, "user", id, user_id));
  }

  // Enrolments: a pupil's or a teacher's grant at the class.
  const auto& enrol_file = tables.enrollments->file;
  std::set<std::string> granted;  // user id + class id + role, in this file
  for (const CsvRecord* record :
       unique_records(work, *tables.enrollments, enrol_cols->at("sourcedid"), "enrollment")) {
    const std::string id = value_of(*record, *enrol_cols, "sourcedid");
    const std::string class_ref = value_of(*record, *enrol_cols, "classsourcedid");
    const std::string user_ref = value_of(*record, *enrol_cols, "usersourcedid");
    const std::string role_text = lower_ascii(value_of(*record, *enrol_cols, "role"));
    const std::string row_text = "row " + std::to_string(record->row) + ": ";
    PlanRow row{.file = enrol_file,
                .row = record->row,
                .entity = "enrollment",
                .key = id,
                .name = user_ref + " -> " + class_ref};
    if (role_text != "student" && role_text != "teacher") {
      row.action = RowAction::skip;
      row.message = "the role '" + role_text + "' is not imported (students and teachers only)";
      work.add(std::move(row));
      continue;
    }
    const auto school_class = classes.find(class_ref);
    if (school_class == classes.end()) {
      work.error(enrol_file, record->row, "enrollment", id, "unknown_reference",
                 row_text + "the class '" + class_ref + "' is not in classes.csv");
      continue;
    }
    const auto user = users.find(user_ref);
    if (user == users.end()) {
      work.error(enrol_file, record->row, "enrollment", id, "unknown_reference",
                 row_text + "the user '" + user_ref + "' is not in users.csv");
      continue;
    }
    const Role role = role_text == "student" ? Role::pupil : Role::teacher;
    if (role != user->second.role) {
      work.error(enrol_file, record->row, "enrollment", id, "invalid_value",
                 row_text + "the role '" + role_text + "' differs from the user's role");
      continue;
    }
    if (role == Role::pupil && user->second.school_id != school_class->second.second) {
      work.error(enrol_file, record->row, "enrollment", id, "invalid_value",
                 row_text + "the class is in another school than the pupil");
      continue;
    }
    const Scope scope{.kind = ScopeKind::class_, .id = school_class->second.first};
    const std::string grant_key =
        user->second.id + "/" + scope.id + "/" + std::string(accounts::role_name(role));
    if (!granted.insert(grant_key).second ||
        work.accounts->users().has_grant(connection, user->second.id, role, scope)) {
      row.action = RowAction::unchanged;
    } else {
      row.action = RowAction::create;
      work.ops.push_back(grant_op(user->second.id, role, scope));
    }
    work.add(std::move(row));
  }

  if (request.remove_absent) {
    for (const auto& [source_id, user_id] : user_links) {
      if (users.contains(source_id)) {
        continue;
      }
      const auto user = existing_from(work.accounts->users().by_id(connection, user_id));
      if (!user || user->disabled) {
        continue;
      }
      PlanRow row{.file = users_file,
                  .row = 0,
                  .action = RowAction::remove,
                  .entity = user->kind == UserKind::pupil ? "pupil" : "teacher",
                  .key = user->username,
                  .name = user->display_name};
      row.changes.emplace_back("disabled");
      row.message = "not in users.csv: the account is disabled, its data kept";
      work.add(std::move(row));
      work.ops.push_back(update_user_op(*user, user->display_name, true));
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::map<std::string, std::string> read_oneroster_folder(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    throw InvalidInput("'" + path + "' is not a folder of OneRoster CSV files");
  }
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".csv") {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    files.emplace(entry.path().filename().string(), bytes.str());
  }
  if (ec) {
    throw InvalidInput("cannot read the folder '" + path + "': " + ec.message());
  }
  return files;
}

RosterPlan RosterImporter::import_class_list(const ClassListImport& request, bool apply) {
  boost::json::object details{{"format", "class-csv"},
                              {"class_id", request.class_id},
                              {"remove_absent", request.remove_absent}};
  return run(
      [&](Connection& connection, Work& work) { build_class_list(connection, work, request); },
      apply, request.actor_id, request.remote_address, boost::json::serialize(details));
}

RosterPlan RosterImporter::import_oneroster(const OneRosterImport& request, bool apply) {
  boost::json::object details{{"format", "oneroster"},
                              {"country", request.country_code},
                              {"remove_absent", request.remove_absent}};
  return run(
      [&](Connection& connection, Work& work) { build_oneroster(connection, work, request); },
      apply, request.actor_id, request.remote_address, boost::json::serialize(details));
}

RosterPlan RosterImporter::run(const std::function<void(Connection&, Work&)>& build, bool apply,
                               const std::optional<std::string>& actor_id,
                               const std::string& remote_address,
                               const std::string& audit_details) {
  Work first;
  first.accounts = &accounts_;
  {
    auto connection = accounts_.database().read();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::read);
    build(*connection, first);
  }
  if (!apply || !first.plan.ok()) {
    return std::move(first.plan);
  }

  // Hash the new accounts' secrets on as many threads as the hasher runs at once, before
  // taking the write lock: it is the slow part (one Argon2id hash per secret).
  std::map<std::string, Prepared> prepared;
  for (const auto& op : first.ops) {
    if (op.kind == Op::Kind::insert_user) {
      prepared.emplace(op.secret_key, op.secrets);
    }
  }
  std::vector<Prepared*> jobs;
  for (auto& [key, secrets] : prepared) {
    jobs.push_back(&secrets);
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&]() {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      if (jobs[i]->password) {
        jobs[i]->password_hash = accounts_.hasher().hash(*jobs[i]->password);
      }
      if (jobs[i]->picture_code) {
        jobs[i]->picture_code_hash = accounts_.hasher().hash(*jobs[i]->picture_code);
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    const std::size_t count =
        std::min(std::max<std::size_t>(accounts_.hasher().max_concurrent(), 1),
                 std::max<std::size_t>(jobs.size(), 1));
    for (std::size_t i = 1; i < count; ++i) {
      threads.emplace_back(worker);
    }
    worker();
  }

  Work second;
  second.accounts = &accounts_;
  second.prepared = &prepared;
  auto connection = accounts_.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  build(*connection, second);
  if (!second.plan.ok()) {
    return std::move(second.plan);  // the database changed in between: nothing written
  }
  if (second.ops.empty()) {
    second.plan.applied = true;  // everything is already as the files say
    return std::move(second.plan);
  }
  const std::string now = core::now_timestamp();
  std::size_t users_created = 0;
  ClassroomStore cards(accounts_.database(), node_id_);
  for (auto& op : second.ops) {
    switch (op.kind) {
      case Op::Kind::insert_school:
        accounts_.schools().insert_school(*connection, op.school);
        break;
      case Op::Kind::update_user:
        if (op.name_changed) {
          accounts_.users().set_display_name(*connection, op.user.id, op.user.display_name);
        }
        if (op.disabled_changed) {
          accounts_.users().set_disabled(*connection, op.user.id, op.user.disabled, std::nullopt);
        }
        break;
      case Op::Kind::update_school:
        accounts_.schools().rename_school(*connection, op.school.id, op.school.name);
        break;
      case Op::Kind::update_class:
        accounts_.schools().rename_class(*connection, op.school_class.id, op.school_class.name);
        break;
      case Op::Kind::insert_class:
        accounts_.schools().insert_class(*connection, op.school_class);
        break;
      case Op::Kind::insert_user: {
        Prepared& secrets = op.secrets;
        if (secrets.password && !secrets.password_hash) {
          secrets.password_hash = accounts_.hasher().hash(*secrets.password);
        }
        if (secrets.picture_code && !secrets.picture_code_hash) {
          secrets.picture_code_hash = accounts_.hasher().hash(*secrets.picture_code);
        }
        op.user.password_hash = secrets.password_hash;
        op.user.picture_code_hash = secrets.picture_code_hash;
        accounts_.users().insert_user(*connection, op.user);
        ++users_created;
        if (secrets.picture_code && op.user.kind == UserKind::pupil) {
          // The printable card of the class page reads the code from here (see 0006).
          cards.set_picture_code(*connection, op.user.id, *secrets.picture_code);
          if (op.generated_code) {
            second.plan.rows[op.row_index].picture_code = *secrets.picture_code;
          }
        }
        break;
      }
      case Op::Kind::insert_grant:
        accounts_.users().insert_grant(*connection, op.grant, actor_id);
        break;
      case Op::Kind::insert_link: {
        const std::string id = core::new_id();
        connection->execute(
            "INSERT INTO roster_links (id, source, entity, source_id, entity_id, created_at, "
            "updated_at, origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {id, op.link_source, op.link_entity, op.link_source_id, op.link_entity_id, now, now,
             node_id_});
        break;
      }
    }
  }
  boost::json::object details = boost::json::parse(audit_details).as_object();
  details["created"] = second.plan.count(RowAction::create);
  details["updated"] = second.plan.count(RowAction::update);
  details["removed"] = second.plan.count(RowAction::remove);
  details["users_created"] = users_created;
  accounts::AuditEntry entry;
  entry.actor_id = actor_id;
  entry.action = "roster.import";
  if (second.plan.class_id) {
    entry.target_kind = "class";
    entry.target_id = *second.plan.class_id;
    entry.scope_kind = "class";
    entry.scope_id = *second.plan.class_id;
  }
  entry.remote_address = remote_address;
  entry.details = boost::json::serialize(details);
  accounts_.audit().record(*connection, entry);
  transaction.commit();
  second.plan.applied = true;
  return std::move(second.plan);
}

// ---------------------------------------------------------------------------------------

boost::json::object plan_json(const RosterPlan& plan) {
  boost::json::object out;
  out["applied"] = plan.applied;
  out["created"] = plan.count(RowAction::create);
  out["updated"] = plan.count(RowAction::update);
  out["unchanged"] = plan.count(RowAction::unchanged);
  out["removed"] = plan.count(RowAction::remove);
  out["skipped"] = plan.count(RowAction::skip);
  boost::json::array errors;
  for (const auto& issue : plan.errors) {
    errors.push_back(boost::json::object{{"file", issue.file},
                                         {"row", issue.row},
                                         {"code", issue.code},
                                         {"message", issue.message}});
  }
  out["errors"] = std::move(errors);
  boost::json::array notices;
  for (const auto& issue : plan.notices) {
    notices.push_back(boost::json::object{{"file", issue.file},
                                          {"row", issue.row},
                                          {"code", issue.code},
                                          {"detail", issue.detail},
                                          {"message", issue.message}});
  }
  out["notices"] = std::move(notices);
  if (plan.encoding) {
    out["encoding"] = encoding_name(*plan.encoding);
    out["separator"] = std::string(1, plan.separator);
  }
  boost::json::array rows;
  for (const auto& row : plan.rows) {
    boost::json::object item{
        {"file", row.file},     {"row", row.row}, {"action", row_action_name(row.action)},
        {"entity", row.entity}, {"key", row.key}, {"name", row.name}};
    boost::json::array changes;
    for (const auto& change : row.changes) {
      changes.emplace_back(change);
    }
    item["changes"] = std::move(changes);
    if (!row.message.empty()) {
      item["message"] = row.message;
    }
    if (!row.picture_code.empty()) {
      item["picture_code"] = row.picture_code;
    }
    rows.push_back(std::move(item));
  }
  out["rows"] = std::move(rows);
  return out;
}

std::string plan_text(const RosterPlan& plan) {
  std::ostringstream out;
  for (const auto& row : plan.rows) {
    out << row.file << ':' << row.row << "  " << row_action_name(row.action);
    if (!row.entity.empty()) {
      out << "  " << row.entity;
    }
    if (!row.key.empty()) {
      out << "  " << row.key;
    }
    if (!row.name.empty()) {
      out << "  \"" << row.name << '"';
    }
    for (std::size_t i = 0; i < row.changes.size(); ++i) {
      out << (i == 0 ? "  (" : ", ") << row.changes[i] << (i + 1 == row.changes.size() ? ")" : "");
    }
    if (!row.picture_code.empty()) {
      out << "  picture code " << row.picture_code;
    }
    if (!row.message.empty()) {
      out << "  -- " << row.message;
    }
    out << '\n';
  }
  for (const auto& notice : plan.notices) {
    out << notice.file << ':' << notice.row << "  note  " << notice.message << '\n';
  }
  if (plan.encoding && *plan.encoding == TextEncoding::windows_1252) {
    out << "The file was read as Windows-1252 (Excel's plain CSV).\n";
  }
  out << plan.count(RowAction::create) << " created, " << plan.count(RowAction::update)
      << " updated, " << plan.count(RowAction::unchanged) << " unchanged, "
      << plan.count(RowAction::remove) << " removed (disabled), " << plan.count(RowAction::skip)
      << " skipped, " << plan.errors.size() << " error(s)"
      << (plan.applied ? "; written."
          : plan.ok()  ? "; dry run, nothing written."
                       : "; nothing written.")
      << '\n';
  return out.str();
}

}  // namespace imaginecole::classroom
