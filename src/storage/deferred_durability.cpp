// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/deferred_durability.hpp"

#include <algorithm>

namespace imaginecole::storage {
namespace {

thread_local DeferredDurability* innermost = nullptr;

}  // namespace

void PendingDurability::then(DurableCallback done) const {
  if (source == nullptr) {
    done(std::nullopt);
    return;
  }
  source->when_durable(batch, std::move(done));
}

DeferredDurability::DeferredDurability() : outer_(innermost) {
  innermost = this;
}

DeferredDurability::~DeferredDurability() {
  innermost = outer_;
  // An inner scope's writes are also its outer scope's: the outer one must not answer first.
  if (outer_ != nullptr && pending_) {
    outer_->note(*pending_.source, pending_.batch);
  }
}

DeferredDurability* DeferredDurability::current() {
  return innermost;
}

void DeferredDurability::note(DurabilitySource& source, std::uint64_t batch) {
  if (pending_.source != nullptr && pending_.source != &source) {
    // Writes to a second database in one scope (not done today): settle the first one now
    // rather than keep two things to wait for.
    wait();
  }
  pending_.batch = pending_.source == &source ? std::max(pending_.batch, batch) : batch;
  pending_.source = &source;
}

void DeferredDurability::wait() const {
  if (pending_.source != nullptr) {
    pending_.source->wait_visible(pending_.batch);
  }
}

}  // namespace imaginecole::storage
