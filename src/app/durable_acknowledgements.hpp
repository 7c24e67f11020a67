// SPDX-License-Identifier: AGPL-3.0-or-later
// The HTTP server's write scopes, made of the storage's deferred durability: a request's
// answer leaves once the batch holding its writes is on disk (decision 0040).
#pragma once

#include <memory>

#include "http/acknowledgements.hpp"

namespace imaginecole::app {

std::shared_ptr<http::Acknowledgements> durable_acknowledgements();

}  // namespace imaginecole::app
