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

TEST_P(PrivacyData, DeletionAnonymizesAndKeepsNamelessAuditLines) {
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

  const auto erased = accounts().users().by_id(pupil.id);
  ASSERT_TRUE(erased);
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
      "SELECT action, details FROM audit_log WHERE target_id = ? ORDER BY occurred_at", {pupil.id});
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

}  // namespace
}  // namespace imaginecole::accounts
