// SPDX-License-Identifier: AGPL-3.0-or-later
// What sync bundles carry: the seam between the bundle files (sync/bundle_files.hpp) and the
// sync engine, wired here once.
#pragma once

#include "app/platform.hpp"
#include "sync/bundle_files.hpp"

namespace imaginecole::app {

sync::BundlePayloadSource bundle_payload_source(Platform& platform);

}  // namespace imaginecole::app
