// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/job_queue.hpp"

#include <unistd.h>

#include <climits>
#include <cstdio>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::media {

JobQueue::JobQueue(storage::Database& database, std::string worker_id,
                   std::chrono::milliseconds lease)
    : database_(database), worker_id_(std::move(worker_id)), lease_(lease) {}

std::string JobQueue::lease_end() const {
  return core::format_timestamp(std::chrono::system_clock::now() + lease_);
}

std::optional<LeasedJob> JobQueue::take() {
  const std::string now = core::now_timestamp();
  storage::QueryResult candidates;
  {
    auto connection = database_.read();
    candidates = connection->query(
        "SELECT id, source_hash, state, COALESCE(leased_by, ''), COALESCE(lease_until, '') "
        "FROM media_jobs WHERE state = 'queued' OR (state = 'running' AND "
        "(lease_until IS NULL OR lease_until < ?)) ORDER BY created_at, id LIMIT 8",
        {now});
  }
  auto connection = database_.write();
  for (const auto& row : candidates.rows) {
    // Only if the row is still as read: another server that took it meanwhile changed its
    // state or lease, and then this UPDATE changes nothing. On PostgreSQL a concurrent UPDATE
    // of the same row waits for the first to commit and checks these conditions again on the
    // new row; SQLite has one writer at a time.
    const auto taken = connection->execute(
        "UPDATE media_jobs SET state = 'running', progress = 0, message = '', leased_by = ?, "
        "lease_until = ?, updated_at = ? WHERE id = ? AND state = ? AND "
        "COALESCE(leased_by, '') = ? AND COALESCE(lease_until, '') = ?",
        {worker_id_, lease_end(), now, row.text(0), row.text(2), row.text(3), row.text(4)});
    if (taken == 1) {
      return LeasedJob{.id = row.text(0), .source_hash = row.text(1)};
    }
  }
  return std::nullopt;
}

bool JobQueue::renew(const std::string& job_id) {
  auto connection = database_.write();
  return connection->execute(
             "UPDATE media_jobs SET lease_until = ? "
             "WHERE id = ? AND state = 'running' AND leased_by = ?",
             {lease_end(), job_id, worker_id_}) == 1;
}

bool JobQueue::report_progress(const std::string& job_id, int progress) {
  auto connection = database_.write();
  return connection->execute(
             "UPDATE media_jobs SET progress = ?, lease_until = ?, updated_at = ? "
             "WHERE id = ? AND state = 'running' AND leased_by = ?",
             {static_cast<std::int64_t>(progress), lease_end(), core::now_timestamp(), job_id,
              worker_id_}) == 1;
}

bool JobQueue::finish(const std::string& job_id, std::string_view state, int progress,
                      std::string_view message) {
  auto connection = database_.write();
  // leased_by stays: operators can see which server did the job.
  return connection->execute(
             "UPDATE media_jobs SET state = ?, progress = ?, message = ?, lease_until = NULL, "
             "updated_at = ? WHERE id = ? AND state = 'running' AND leased_by = ?",
             {std::string(state), static_cast<std::int64_t>(progress), std::string(message),
              core::now_timestamp(), job_id, worker_id_}) == 1;
}

void JobQueue::release(const std::string& job_id) {
  auto connection = database_.write();
  connection->execute(
      "UPDATE media_jobs SET state = 'queued', progress = 0, leased_by = NULL, "
      "lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'running' AND leased_by = ?",
      {core::now_timestamp(), job_id, worker_id_});
}

std::string new_worker_id() {
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
    std::snprintf(host, sizeof host, "unknown-host");
  }
  // The random end of a UUIDv7 tells apart two processes that reuse a pid (containers).
  const std::string random = core::new_id().substr(24);
  return std::string(host) + "/" + std::to_string(getpid()) + "/" + random;
}

LeaseRenewal::LeaseRenewal(JobQueue& queue, std::string job_id, std::function<void()> on_lost)
    : queue_(queue), job_id_(std::move(job_id)), on_lost_(std::move(on_lost)) {
  thread_ = std::thread([this] { run(); });
}

LeaseRenewal::~LeaseRenewal() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool LeaseRenewal::lost() const {
  std::lock_guard lock(mutex_);
  return lost_;
}

void LeaseRenewal::run() {
  const auto every = std::max(queue_.lease() / 3, std::chrono::milliseconds(1));
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, every, [this] { return stopping_; })) {
    lock.unlock();
    bool held = true;
    try {
      held = queue_.renew(job_id_);
    } catch (const std::exception& error) {
      // The database is briefly unreachable: try again next time, before the lease runs out.
      std::fprintf(stderr, "{\"level\":\"warn\",\"msg\":\"media job lease not renewed: %s\"}\n",
                   error.what());
    }
    lock.lock();
    if (!held) {
      lost_ = true;
      lock.unlock();
      on_lost_();
      return;
    }
  }
}

}  // namespace imaginecole::media
