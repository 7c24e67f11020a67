// SPDX-License-Identifier: AGPL-3.0-or-later
// Acknowledging a write only once it is on disk, without a thread sitting idle while the disk
// syncs.
//
// Inside a DeferredDurability scope (the HTTP server opens one around the door and a handler),
// a commit on the SQLite group-commit writer returns as soon as the transaction is in the open
// batch instead of once the batch is synced; the scope keeps what its caller must wait for
// before it tells anyone the write happened. Outside a scope (commands, services called by
// tests, PostgreSQL, whose commits are the server's) commit() returns only once durable, as
// always. Decision 0040 says why.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace imaginecole::storage {

// Called once with nullopt when the writes are on disk, or with why they were not saved.
using DurableCallback = std::function<void(std::optional<std::string> failure)>;

// What knows when a batch of commits is on disk (the SQLite group-commit writer).
class DurabilitySource {
 public:
  virtual ~DurabilitySource() = default;
  // Calls `done` once batch `batch` is on disk or has failed: at once on the calling thread
  // when that is already known, otherwise on the thread that syncs (or fails) the batch. `done`
  // must be short: post the rest elsewhere.
  virtual void when_durable(std::uint64_t batch, DurableCallback done) = 0;
  // Blocks until batch `batch` is visible to other connections (committed, maybe not yet on
  // disk) or has failed.
  virtual void wait_visible(std::uint64_t batch) = 0;
};

// A batch the writes of a scope still wait for.
struct PendingDurability {
  DurabilitySource* source = nullptr;
  std::uint64_t batch = 0;

  explicit operator bool() const { return source != nullptr; }
  // Calls `done` when durable (at once with nullopt when nothing is pending).
  void then(DurableCallback done) const;
};

class DeferredDurability {
 public:
  DeferredDurability();
  ~DeferredDurability();
  DeferredDurability(const DeferredDurability&) = delete;
  DeferredDurability& operator=(const DeferredDurability&) = delete;

  // The innermost scope open on this thread, or nullptr (commits then wait for the disk).
  static DeferredDurability* current();

  // Called by the writer when a commit made in this scope returned before its batch was synced.
  void note(DurabilitySource& source, std::uint64_t batch);
  // What the writes made in this scope still wait for (empty when they did not write).
  PendingDurability pending() const { return pending_; }
  // Blocks until those writes are visible to the database's other connections (a read through
  // one then sees them); their acknowledgement still waits for the disk.
  void wait() const;

 private:
  DeferredDurability* outer_;
  PendingDurability pending_;
};

}  // namespace imaginecole::storage
