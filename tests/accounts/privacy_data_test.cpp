// SPDX-License-Identifier: AGPL-3.0-or-later
// A pupil's data: what the export holds, what deletion leaves, on both backends.
#include "accounts/privacy_data.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts_fixture.hpp"

namespace imaginecole::accounts {
namespace {

namespace json = boost::json;

class PrivacyData : public AccountsTest {
 protected:
  User awa() {
    const auto school = accounts().schools().school_by_code("DKR001");
    return *accounts().users().pupil_by_username(school->id, "awa");
  }
};
IMAGINECOLE_ON_BOTH_BACKENDS(PrivacyData);

const json::value& section(const json::value& document, std::string_view name) {
  for (const auto& s : document.at("sections").as_array()) {
    if (s.at("name").as_string() == name) {
      return s.at("data");
    }
  }
  throw std::runtime_error("no section " + std::string(name));
}

TEST_P(PrivacyData, ExportHoldsAccountEnrolmentsAndAudit) {
  PupilData data(db(), node_id_);
  const User pupil = awa();
  accounts().sessions().create(pupil.id, "192.0.2.7", "tablet");
  const json::value document = data.export_pupil(pupil);
  EXPECT_EQ(document.at("pupil_id").as_string(), pupil.id);
  const auto& account = section(document, "account");
  EXPECT_EQ(account.at("username").as_string(), "awa");
  EXPECT_EQ(account.at("display_name").as_string(), "Awa");
  EXPECT_EQ(account.at("school").at("code").as_string(), "DKR001");
  EXPECT_EQ(account.at("sessions").as_array().size(), 1u);
  EXPECT_EQ(json::serialize(document).find("argon2"), std::string::npos) << "never the hashes";
  const auto& enrolments = section(document, "enrolments").as_array();
  ASSERT_EQ(enrolments.size(), 1u);
  EXPECT_EQ(enrolments[0].at("role").as_string(), "pupil");
  EXPECT_EQ(enrolments[0].at("level").as_string(), "cm2");
  const auto& audit = section(document, "audit").as_array();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].at("action").as_string(), "user.create");
}

TEST_P(PrivacyData, OtherCapabilitiesAddSectionsThatRunBeforeTheAccount) {
  PupilData data(db(), node_id_);
  std::vector<std::string> order;
  data.add_section({.name = "attempts",
                    .export_data =
                        [](storage::Connection&, const User&) {
                          return json::value(json::array{1, 2});
                        },
                    .erase =
                        [&order](storage::Connection&, const User&) {
                          order.push_back("attempts");
                          return std::string("2 attempts deleted");
                        }});
  EXPECT_EQ(section(data.export_pupil(awa()), "attempts").as_array().size(), 2u);
  const auto report = data.erase_pupil(awa(), accounts().audit(), AuditEntry{});
  ASSERT_EQ(report.sections.size(), 4u);
  EXPECT_EQ(report.sections[2].first, "attempts");
  EXPECT_EQ(report.sections.back().first, "account");
}

TEST_P(PrivacyData, DeletionReplacesTheAccountAndKeepsNamelessAuditLines) {
  PupilData data(db(), node_id_);
  const User pupil = awa();
  const auto session = accounts().sessions().create(pupil.id, "192.0.2.7", "tablet");
  AuditEntry entry;
  entry.actor_id = accounts().users().staff_by_username("sn.admin")->id;
  entry.scope_kind = "school";
  entry.scope_id = *pupil.school_id;
  entry.remote_address = "192.0.2.1";
  const auto report = data.erase_pupil(pupil, accounts().audit(), entry);
  EXPECT_EQ(report.user_id, pupil.id);
  EXPECT_NE(report.anonymous_id, pupil.id);
  EXPECT_EQ(report.files_purged, db().backend() == storage::Backend::sqlite);

  EXPECT_FALSE(accounts().users().by_id(pupil.id)) << "the old id is gone";
  const auto erased = accounts().users().by_id(report.anonymous_id);
  ASSERT_TRUE(erased);
  EXPECT_EQ(erased->school_id, pupil.school_id);
  EXPECT_NE(erased->username, "awa");
  EXPECT_TRUE(erased->display_name.empty());
  EXPECT_FALSE(erased->password_hash);
  EXPECT_FALSE(erased->picture_code_hash);
  EXPECT_TRUE(erased->disabled);
  EXPECT_TRUE(accounts().users().grants_of(pupil.id).empty());
  EXPECT_FALSE(accounts().sessions().find(session.token));
  EXPECT_FALSE(accounts().users().pupil_by_username(*pupil.school_id, "awa"));
  const auto result = accounts().sign_in().sign_in(this->pupil("DKR001", "awa", "soleil"));
  EXPECT_EQ(result.status, SignInStatus::invalid);

  auto connection = db().read();
  const auto lines = connection->query(
      "SELECT action, details FROM audit_log WHERE target_id = ? ORDER BY occurred_at",
      {report.anonymous_id});
  ASSERT_GE(lines.rows.size(), 2u);
  bool deletion_logged = false;
  for (const auto& row : lines.rows) {
    EXPECT_EQ(row.text(1).find("awa"), std::string::npos) << row.text(1);
    EXPECT_EQ(row.text(1).find("Awa"), std::string::npos) << row.text(1);
    deletion_logged = deletion_logged || row.text(0) == "pupil.delete";
  }
  EXPECT_TRUE(deletion_logged);
  EXPECT_TRUE(
      connection
          ->query_one("SELECT 1 FROM change_log WHERE entity = 'role_grants' AND op = 'delete'")
          .has_value());
}

// Every text column of every table, on both backends: after the erasure none holds the
// pupil's username or id (sessions, failed sign-ins, audit lines by and about them, the change
// log).
TEST_P(PrivacyData, NoTableNamesThePupilAfterErasure) {
  const auto school = accounts().schools().school_by_code("DKR001");
  const auto grants = accounts().users().grants_of(awa().id);
  ASSERT_FALSE(grants.empty());
  const auto created = accounts().provisioning().add({.username = "zqxerasable",
                                                      .display_name = "Zéphyrine Quillardetova",
                                                      .password = "baobab-zq",
                                                      .picture_code = {},
                                                      .role = "pupil",
                                                      .scope = "class:" + grants[0].scope.id});
  ASSERT_TRUE(created) << created.error();
  const User pupil = *accounts().users().pupil_by_username(school->id, "zqxerasable");
  EXPECT_EQ(accounts().sign_in().sign_in(this->pupil("DKR001", "zqxerasable", "wrong")).status,
            SignInStatus::invalid);
  const auto signed_in =
      accounts().sign_in().sign_in(this->pupil("DKR001", "zqxerasable", "baobab-zq"));
  ASSERT_EQ(signed_in.status, SignInStatus::signed_in);
  accounts().sign_in().sign_out(signed_in.session->session, "192.0.2.9");

  // Where a column of text holds `needle`, as "table.column" lines.
  const auto places_of = [this](const std::string& needle) {
    auto connection = db().read();
    const bool sqlite = db().backend() == storage::Backend::sqlite;
    std::vector<std::pair<std::string, std::string>> columns;
    if (sqlite) {
      for (const auto& table :
           connection
               ->query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                       "LIKE 'sqlite_%' AND name NOT LIKE 'resources_fts%'")
               .rows) {
        for (const auto& column :
             connection->query("SELECT name, type FROM pragma_table_info(?)", {table.text(0)})
                 .rows) {
          if (column.text(1) == "TEXT") {
            columns.emplace_back(table.text(0), column.text(0));
          }
        }
      }
    } else {
      for (const auto& row :
           connection
               ->query("SELECT table_name, column_name FROM information_schema.columns WHERE "
                       "table_schema = current_schema() AND data_type = 'text'")
               .rows) {
        columns.emplace_back(row.text(0), row.text(1));
      }
    }
    EXPECT_GT(columns.size(), 20U);
    std::string out;
    for (const auto& [table, column] : columns) {
      const auto found = connection->query_one(
          "SELECT COUNT(*) FROM " + table + " WHERE " + column + " LIKE ?", {"%" + needle + "%"});
      if (found->integer(0) > 0) {
        out += table + "." + column + "\n";
      }
    }
    return out;
  };
  ASSERT_NE(places_of("zqxerasable"), "") << "the scan finds what is there";
  ASSERT_NE(places_of(pupil.id), "");

  PupilData data(db(), node_id_);
  data.erase_pupil(pupil, accounts().audit(), AuditEntry{});
  EXPECT_EQ(places_of("zqxerasable"), "");
  // The bare id (a random number that names nobody once the account is gone) stays in two
  // places only: tombstones (the account's and its parts'), which tell the servers holding a
  // copy to delete it, and the erased list, which refuses that copy if it ever comes back.
  EXPECT_EQ(places_of(pupil.id), "change_log.entity_id\nerased_records.entity_id\n");
  {
    auto connection = db().read();
    EXPECT_EQ(connection
                  ->query_one("SELECT COUNT(*) FROM change_log WHERE entity_id = ? AND "
                              "op <> 'delete'",
                              {pupil.id})
                  ->integer(0),
              0)
        << "every line that keeps the id is a tombstone";
  }
  EXPECT_EQ(places_of("Quillardetova"), "");
  ASSERT_TRUE(pupil.password_hash);
  EXPECT_EQ(places_of(*pupil.password_hash), "") << "the credentials row (0017) goes too";
}

}  // namespace
}  // namespace imaginecole::accounts
