// SPDX-License-Identifier: AGPL-3.0-or-later
// What sync bundles and network batches carry: the seam between the transports
// (sync/bundle_files.hpp, sync/network_sync.hpp) and the sync engine, wired here once.
#pragma once

#include "app/platform.hpp"
#include "sync/bundle_files.hpp"
#include "sync/network_sync.hpp"

namespace imaginecole::app {

sync::BundlePayloadSource bundle_payload_source(Platform& platform);
sync::BatchSource network_batch_source(Platform& platform);
// A hub answering one school server's exchange (POST /api/v1/sync/exchange).
sync::ExchangeAnswer answer_sync_exchange(Platform& platform, std::string_view sealed_request,
                                          std::size_t batch_rows);

}  // namespace imaginecole::app
