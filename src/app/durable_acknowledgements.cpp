// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/durable_acknowledgements.hpp"

#include "storage/deferred_durability.hpp"

namespace imaginecole::app {
namespace {

class StorageWriteScope final : public http::WriteScope {
 public:
  http::DurableWait finish() override {
    const storage::PendingDurability pending = scope_.pending();
    if (!pending) {
      return {};  // nothing written, or PostgreSQL (its commits are durable when they return)
    }
    return [pending](http::DurableDone done) {
      pending.then([done = std::move(done)](const std::optional<std::string>& failure) {
        done(!failure.has_value());
      });
    };
  }

 private:
  storage::DeferredDurability scope_;
};

class StorageAcknowledgements final : public http::Acknowledgements {
 public:
  std::unique_ptr<http::WriteScope> open() override {
    return std::make_unique<StorageWriteScope>();
  }
};

}  // namespace

std::shared_ptr<http::Acknowledgements> durable_acknowledgements() {
  return std::make_shared<StorageAcknowledgements>();
}

}  // namespace imaginecole::app
