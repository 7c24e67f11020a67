// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/accounts.hpp"

namespace imaginecole::accounts {

Accounts::Accounts(storage::Database& database, std::string node_id, AccountsOptions options)
    : database_(database),
      users_(database, node_id),
      schools_(database, node_id),
      sessions_(database, options.sessions),
      throttle_(database, options.throttle),
      devices_(database),
      hasher_(options.hasher),
      audit_(database, node_id),
      sign_in_(users_, schools_, sessions_, throttle_, devices_, hasher_, audit_),
      authenticator_(users_, sessions_, &schools_),
      provisioning_(users_, schools_, hasher_, audit_) {}

}  // namespace imaginecole::accounts
