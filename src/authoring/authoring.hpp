// SPDX-License-Identifier: AGPL-3.0-or-later
// The authoring capability's parts, built once per process: the workflow's store and the
// service that applies its rules.
#pragma once

#include <string>

#include "authoring/authoring_service.hpp"
#include "authoring/authoring_store.hpp"

namespace imaginecole::authoring {

class Authoring {
 public:
  Authoring(storage::Database& database, const std::string& node_id, catalog::Library& library,
            catalog::CurriculumStore& curricula, accounts::Accounts& accounts,
            AuthoringOptions options = {})
      : store_(database, node_id),
        service_(store_, library, curricula, accounts, std::move(options)) {}

  AuthoringStore& store() { return store_; }
  AuthoringService& service() { return service_; }

 private:
  AuthoringStore store_;
  AuthoringService service_;
};

}  // namespace imaginecole::authoring
