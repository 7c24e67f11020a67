// SPDX-License-Identifier: AGPL-3.0-or-later
// Leased video jobs on SQLite and PostgreSQL, with two job runners on two connection pools of
// one database, as two app servers have: a job is taken by exactly one of them, a live lease
// (renewed or not yet run out) is never taken over, a lease that ran out or was given back is,
// and the runner that lost its lease can no longer write the job's outcome.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "media/job_queue.hpp"
#include "storage/open_database.hpp"
#include "support/backends.hpp"

namespace imaginecole::testing {
namespace {

using namespace std::chrono_literals;

class JobQueueTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    // The second server: its own database handle (own pool) on the same database.
    other_ = storage::open_database(
        storage::DatabaseConfig{.data_dir = test_db().data_dir.path(), .url = test_db().url});
  }
  void TearDown() override {
    other_.reset();
    BackendTest::TearDown();
  }

  std::string add_job(const std::string& state = "queued") {
    std::string id = core::new_id();
    const std::string now = core::now_timestamp();
    auto connection = db().write();
    connection->execute(
        "INSERT INTO media_jobs (id, source_hash, kind, state, progress, message, created_at, "
        "updated_at) VALUES (?, ?, 'low_video', ?, 0, '', ?, ?)",
        {id, core::new_id(), state, now, now});
    return id;
  }
  std::string column(const std::string& id, const std::string& name) {
    auto connection = db().read();
    const auto row = connection->query_one(
        "SELECT COALESCE(" + name + ", '') FROM media_jobs WHERE id = ?", {id});
    return row ? row->text(0) : std::string("(no job)");
  }

  std::unique_ptr<storage::Database> other_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(JobQueueTest);

TEST_P(JobQueueTest, TwoServersTakingAtOnceNeverTakeTheSameJob) {
  std::set<std::string> jobs;
  for (int i = 0; i < 40; ++i) {
    jobs.insert(add_job());
  }
  media::JobQueue server_a(db(), "host-a/1/a", 60s);
  media::JobQueue server_b(*other_, "host-b/1/b", 60s);
  std::vector<std::string> taken_a;
  std::vector<std::string> taken_b;
  std::atomic<bool> go{false};
  const auto drain = [&go](media::JobQueue& queue, std::vector<std::string>& taken) {
    while (!go.load()) {
      std::this_thread::yield();
    }
    while (const auto job = queue.take()) {
      taken.push_back(job->id);
    }
  };
  std::thread a([&] { drain(server_a, taken_a); });
  std::thread b([&] { drain(server_b, taken_b); });
  go = true;
  a.join();
  b.join();

  std::set<std::string> all(taken_a.begin(), taken_a.end());
  for (const std::string& id : taken_b) {
    EXPECT_TRUE(all.insert(id).second) << "job " << id << " taken by both servers";
  }
  EXPECT_EQ(all, jobs);
  EXPECT_EQ(taken_a.size() + taken_b.size(), jobs.size());
  for (const std::string& id : taken_a) {
    EXPECT_EQ(column(id, "leased_by"), "host-a/1/a");
  }
  for (const std::string& id : taken_b) {
    EXPECT_EQ(column(id, "leased_by"), "host-b/1/b");
    EXPECT_EQ(column(id, "state"), "running");
  }
}

TEST_P(JobQueueTest, ALiveLeaseIsKeptAndOneThatRanOutIsTakenOver) {
  const std::string id = add_job();
  media::JobQueue first(db(), "host-a/1/a", 300ms);
  media::JobQueue second(*other_, "host-b/2/b", 60s);
  const auto taken = first.take();
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->id, id);
  EXPECT_FALSE(second.take()) << "a starting server took a job whose lease is live";
  EXPECT_EQ(column(id, "leased_by"), "host-a/1/a");

  // The first server stopped without giving the job back (killed): its lease runs out.
  std::this_thread::sleep_for(400ms);
  const auto taken_over = second.take();
  ASSERT_TRUE(taken_over);
  EXPECT_EQ(taken_over->id, id);
  EXPECT_EQ(column(id, "leased_by"), "host-b/2/b");

  // The first server, back, cannot keep or end a job that is no longer its own.
  EXPECT_FALSE(first.renew(id));
  EXPECT_FALSE(first.report_progress(id, 50));
  EXPECT_FALSE(first.finish(id, "done", 100, ""));
  EXPECT_EQ(column(id, "state"), "running");
  EXPECT_TRUE(second.report_progress(id, 50));
  EXPECT_TRUE(second.finish(id, "done", 100, ""));
  EXPECT_EQ(column(id, "state"), "done");
  EXPECT_EQ(column(id, "lease_until"), "");
  EXPECT_FALSE(first.take());
}

TEST_P(JobQueueTest, RenewalKeepsALeaseAliveLongerThanItsLength) {
  const std::string id = add_job();
  media::JobQueue first(db(), "host-a/1/a", 300ms);
  media::JobQueue second(*other_, "host-b/2/b", 60s);
  ASSERT_TRUE(first.take());
  {
    std::atomic<bool> lost{false};
    const media::LeaseRenewal renewal(first, id, [&lost] { lost = true; });
    for (int i = 0; i < 5; ++i) {
      std::this_thread::sleep_for(200ms);
      EXPECT_FALSE(second.take()) << "taken over at " << (i + 1) * 200 << " ms";
    }
    EXPECT_FALSE(renewal.lost());
    EXPECT_FALSE(lost.load());
  }
  // Renewal over (the server hangs or died): the lease runs out.
  std::this_thread::sleep_for(400ms);
  EXPECT_TRUE(second.take());
}

TEST_P(JobQueueTest, AJobGivenBackIsTakenAtOnce) {
  const std::string id = add_job();
  media::JobQueue first(db(), "host-a/1/a", 60s);
  media::JobQueue second(*other_, "host-b/2/b", 60s);
  ASSERT_TRUE(first.take());
  EXPECT_FALSE(second.take());
  first.release(id);
  EXPECT_EQ(column(id, "state"), "queued");
  const auto taken = second.take();
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->id, id);
}

TEST_P(JobQueueTest, AJobRunningWithoutALeaseFromBeforeLeasesIsTaken) {
  const std::string id = add_job("running");
  media::JobQueue queue(db(), "host-a/1/a", 60s);
  const auto taken = queue.take();
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->id, id);
  EXPECT_EQ(column(id, "leased_by"), "host-a/1/a");
}

TEST_P(JobQueueTest, ARenewalThatFindsTheJobGoneReportsTheLeaseLost) {
  const std::string id = add_job();
  media::JobQueue queue(db(), "host-a/1/a", 150ms);
  ASSERT_TRUE(queue.take());
  std::atomic<int> lost_calls{0};
  const media::LeaseRenewal renewal(queue, id, [&lost_calls] { ++lost_calls; });
  {
    // The video was deleted (by this server or another) while it was being converted.
    auto connection = other_->write();
    EXPECT_EQ(connection->execute("DELETE FROM media_jobs WHERE id = ?", {id}), 1);
  }
  for (int i = 0; i < 50 && !renewal.lost(); ++i) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(renewal.lost());
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(lost_calls.load(), 1);
}

TEST(JobQueueWorkerId, NamesTheHostAndProcessAndDiffersEachTime) {
  const std::string first = media::new_worker_id();
  const std::string second = media::new_worker_id();
  EXPECT_NE(first, second);
  EXPECT_NE(first.find("/" + std::to_string(getpid()) + "/"), std::string::npos) << first;
}

}  // namespace
}  // namespace imaginecole::testing
