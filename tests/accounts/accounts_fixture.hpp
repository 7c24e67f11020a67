// SPDX-License-Identifier: AGPL-3.0-or-later
// An Accounts over a fresh database on each backend, with the demo schools and accounts, and
// the cheapest Argon2id parameters so that the suite stays fast (the hasher's own tests use
// the real ones).
#pragma once

#include <sodium.h>

#include <memory>

#include "accounts/accounts.hpp"
#include "accounts/demo_accounts.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"

namespace imaginecole::accounts {

inline AccountsOptions fast_accounts_options() {
  AccountsOptions options;
  options.hasher.ops_limit = crypto_pwhash_OPSLIMIT_MIN;
  options.hasher.mem_limit = crypto_pwhash_MEMLIMIT_MIN;
  return options;
}

class AccountsTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    node_id_ = storage::node_id(db());
    accounts_ = make_accounts(fast_accounts_options());
    load_demo_accounts(*accounts_);
  }

  std::unique_ptr<Accounts> make_accounts(AccountsOptions options) {
    return std::make_unique<Accounts>(db(), node_id_, options);
  }
  Accounts& accounts() { return *accounts_; }

  static Credentials staff(std::string username, std::string password,
                           std::string address = "192.0.2.10") {
    Credentials credentials;
    credentials.username = std::move(username);
    credentials.password = std::move(password);
    credentials.remote_address = std::move(address);
    return credentials;
  }
  static Credentials pupil(std::string school, std::string username, std::string password) {
    Credentials credentials = staff(std::move(username), std::move(password));
    credentials.school_code = std::move(school);
    return credentials;
  }

  std::string node_id_;

 private:
  std::unique_ptr<Accounts> accounts_;
};

}  // namespace imaginecole::accounts
