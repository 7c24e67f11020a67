// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/demo_accounts.hpp"

#include <map>

#include "accounts/accounts.hpp"

namespace imaginecole::accounts {
namespace {

constexpr const char* kStaffPassword = "ecole-demo";
constexpr const char* kPupilPassword = "soleil";

DemoAccount staff(std::string username, std::string role, std::string scope,
                  std::string display_name) {
  return DemoAccount{.username = std::move(username),
                     .role = std::move(role),
                     .scope = std::move(scope),
                     .school_code = std::nullopt,
                     .password = kStaffPassword,
                     .picture_code = std::nullopt,
                     .display_name = std::move(display_name)};
}

DemoAccount pupil(std::string username, std::string school_code, std::string picture_code,
                  std::string display_name) {
  return DemoAccount{.username = std::move(username),
                     .role = "pupil",
                     .scope = "class:" + school_code,
                     .school_code = std::move(school_code),
                     .password = kPupilPassword,
                     .picture_code = std::move(picture_code),
                     .display_name = std::move(display_name)};
}

}  // namespace

const std::vector<DemoSchool>& demo_schools() {
  static const std::vector<DemoSchool> schools = {
      {.country_code = "SN",
       .region = "Dakar",
       .code = "DKR001",
       .name = "École élémentaire Liberté 6 (démo)",
       .class_name = "CM2 A",
       .class_level = "cm2",
       .class_join_code = "LIB-CM2A"},
      {.country_code = "CI",
       .region = "Abidjan",
       .code = "ABJ001",
       .name = "École primaire publique Cocody Riviera (démo)",
       .class_name = "CM2 B",
       .class_level = "cm2",
       .class_join_code = "COC-CM2B"},
  };
  return schools;
}

const std::vector<DemoAccount>& demo_accounts() {
  static const std::vector<DemoAccount> accounts = {
      staff("platform.admin", "platform_admin", "platform", "Administratrice de la plateforme"),
      staff("sn.admin", "country_admin", "country:SN", "Aminata Diop (administratrice, Sénégal)"),
      staff("sn.editor", "editor", "country:SN", "Ousmane Sarr (éditeur, Sénégal)"),
      staff("sn.reviewer", "reviewer", "country:SN", "Mariama Ba (relectrice, Sénégal)"),
      staff("sn.analyst", "analyst", "country:SN", "Cheikh Ndiaye (analyste, Sénégal)"),
      staff("sn.head", "school_head", "school:DKR001", "Ndèye Fall (directrice, DKR001)"),
      staff("sn.teacher", "teacher", "class:DKR001", "Ibrahima Sow (enseignant, CM2 A)"),
      pupil("awa", "DKR001", "1-2-3", "Awa"),
      pupil("moussa", "DKR001", "4-5-6", "Moussa"),
      pupil("fatou", "DKR001", "7-8-9", "Fatou"),
      staff("ci.admin", "country_admin", "country:CI",
            "Adjoua Koffi (administratrice, Côte d'Ivoire)"),
      staff("ci.editor", "editor", "country:CI", "Yao Kouassi (éditeur, Côte d'Ivoire)"),
      staff("ci.reviewer", "reviewer", "country:CI",
            "Affoué N'Guessan (relectrice, Côte d'Ivoire)"),
      staff("ci.analyst", "analyst", "country:CI", "Serge Bamba (analyste, Côte d'Ivoire)"),
      staff("ci.head", "school_head", "school:ABJ001", "Mamadou Traoré (directeur, ABJ001)"),
      staff("ci.teacher", "teacher", "class:ABJ001", "Christine Kouamé (enseignante, CM2 B)"),
      pupil("aya", "ABJ001", "1-5-9", "Aya"),
      pupil("kouadio", "ABJ001", "3-5-7", "Kouadio"),
      pupil("yao", "ABJ001", "2-4-6", "Yao"),
      staff("tg.editor", "editor", "country:TG", "Kossi Agbeko (éditeur, Togo)"),
      staff("tg.reviewer", "reviewer", "country:TG", "Ama Mensah (relectrice, Togo)"),
      staff("ne.editor", "editor", "country:NE", "Issoufou Maïga (éditeur, Niger)"),
      staff("ne.reviewer", "reviewer", "country:NE", "Hadiza Abdou (relectrice, Niger)"),
  };
  return accounts;
}

DemoAccountsReport load_demo_accounts(Accounts& accounts) {
  DemoAccountsReport report;
  if (accounts.schools().school_by_code(demo_schools().front().code)) {
    report.already_present = true;
    return report;
  }
  // Each demo school's class id, by school code.
  std::map<std::string, std::string> class_of_school;
  {
    auto connection = accounts.database().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    for (const DemoSchool& demo : demo_schools()) {
      Region region{.id = {}, .country_code = demo.country_code, .name = demo.region};
      accounts.schools().insert_region(*connection, region);
      School school{.id = {},
                    .code = demo.code,
                    .region_id = region.id,
                    .country_code = demo.country_code,
                    .name = demo.name};
      accounts.schools().insert_school(*connection, school);
      SchoolClass school_class{.id = {},
                               .school_id = school.id,
                               .name = demo.class_name,
                               .level_slug = demo.class_level,
                               .join_code = demo.class_join_code};
      accounts.schools().insert_class(*connection, school_class);
      class_of_school[demo.code] = school_class.id;
      ++report.schools;
      ++report.classes;
    }
    transaction.commit();
  }
  // The demo's passwords are published (docs/demo-accounts.md): each is hashed once and its hash
  // shared by the accounts that use it, which makes `init --demo` several times faster.
  std::map<std::string, std::string> hash_of_password;
  const auto published_hash = [&](const std::string& password) {
    auto [slot, added] = hash_of_password.try_emplace(password);
    if (added) {
      slot->second = accounts.hasher().hash(password);
    }
    return slot->second;
  };
  for (const DemoAccount& demo : demo_accounts()) {
    std::string scope = demo.scope;
    if (scope.starts_with("class:")) {
      scope = "class:" + class_of_school.at(scope.substr(6));
    }
    const auto created = accounts.provisioning().add(NewUser{
        .username = demo.username,
        .display_name = demo.display_name,
        .password = demo.password,
        .picture_code = demo.picture_code,
        .role = demo.role,
        .scope = scope,
        .preferred_language = "fr",
        .actor_id = std::nullopt,
        .remote_address = {},
        .password_hash = published_hash(demo.password),
        .picture_code_hash = std::nullopt,
    });
    if (!created) {
      throw InvalidInput("demo account " + demo.username + ": " + created.error());
    }
    ++report.users;
  }
  return report;
}

}  // namespace imaginecole::accounts
