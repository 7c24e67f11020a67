// SPDX-License-Identifier: AGPL-3.0-or-later
// What an HTTP event loop may do while it tries a request from memory (core::NoWaitingHere,
// decision 0046): read a local SQLite file, but never wait for the SQLite writer nor for a
// PostgreSQL round trip; and a write through a write lease is always seen by the caches that
// watch write_commits(), even a statement committed on its own.
#include <gtest/gtest.h>

#include "core/no_waiting.hpp"
#include "support/backends.hpp"

namespace imaginecole::storage {
namespace {

using testing::BackendTest;

class NoWaiting : public BackendTest {};
IMAGINECOLE_ON_BOTH_BACKENDS(NoWaiting);

TEST_P(NoWaiting, AnEventLoopNeverWaitsForTheWriterOrTheNetwork) {
  {
    const core::NoWaitingHere no_waiting;
    EXPECT_THROW(db().write(), core::WouldWait);
    if (db().reads_are_local()) {
      EXPECT_EQ(db().read()->query_one("SELECT 1")->integer(0), 1);
    } else {
      EXPECT_THROW(db().read(), core::WouldWait);
    }
  }
  // Outside the guard (a worker), both are fine.
  EXPECT_EQ(db().read()->query_one("SELECT 1")->integer(0), 1);
  EXPECT_NO_THROW(db().write());
}

TEST_P(NoWaiting, AStatementCommittedOnItsOwnCountsAsAWrite) {
  const auto before = db().write_commits();
  db().write()->execute("UPDATE content_version SET n = n WHERE id = 1");
  EXPECT_GT(db().write_commits(), before);
}

}  // namespace
}  // namespace imaginecole::storage
