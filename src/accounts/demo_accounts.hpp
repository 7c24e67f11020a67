// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo accounts of `imaginecole init --demo`: a school with a class in Senegal and in
// Côte d'Ivoire, every role in both countries, and a platform admin. Their passwords are
// public (docs/demo-accounts.md): never load them on a real server.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace imaginecole::accounts {

class Accounts;

struct DemoAccount {
  std::string username;
  std::string role;
  // "country:SN", "school:DKR001"; "class:DKR001" stands for the demo class of DKR001.
  std::string scope;
  std::optional<std::string> school_code;  // pupils type it when they sign in
  std::string password;
  std::optional<std::string> picture_code;  // pupils
  std::string display_name;
};

struct DemoSchool {
  std::string country_code;
  std::string region;
  std::string code;
  std::string name;
  std::string class_name;
  std::string class_level;
  std::string class_join_code;
};

const std::vector<DemoSchool>& demo_schools();
// Every demo account, in the order they are created.
const std::vector<DemoAccount>& demo_accounts();

struct DemoAccountsReport {
  bool already_present = false;
  int schools = 0;
  int classes = 0;
  int users = 0;
};

// Creates the demo schools, classes and accounts; does nothing when they exist. Throws
// InvalidInput when an account cannot be created (a bug in the demo data).
DemoAccountsReport load_demo_accounts(Accounts& accounts);

}  // namespace imaginecole::accounts
