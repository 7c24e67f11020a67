// SPDX-License-Identifier: AGPL-3.0-or-later
// The queue of background media jobs (table `media_jobs`), shared by every app server on one
// database. A server takes a job by leasing it: the row names the server and until when the
// job is its own; the server renews the lease while it works and gives the job back when it
// stops. Another server takes only queued jobs and jobs whose lease has run out, so a starting
// server never takes over a job a live server is running
// (docs/decisions/0020-shared-media-store-and-job-leases.md).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "storage/database.hpp"

namespace imaginecole::media {

struct LeasedJob {
  std::string id;
  std::string source_hash;
};

class JobQueue {
 public:
  // `worker_id` names this server instance in `leased_by` (see new_worker_id()).
  JobQueue(storage::Database& database, std::string worker_id, std::chrono::milliseconds lease);

  // The oldest job that is queued, or running under a lease that has run out (or under none:
  // a server from before leases), now leased to this worker; nullopt when there is none.
  // Taking is a compare-and-set on the row as it was read, so of two servers (or threads)
  // that read the same job, exactly one gets it, on SQLite and PostgreSQL alike.
  std::optional<LeasedJob> take();
  // Pushes the lease's end forward. False when this worker no longer holds the job (its lease
  // ran out and another server took it, or the job was deleted): it must stop working on it.
  bool renew(const std::string& job_id);
  // Progress of a job this worker holds (also renews the lease). False as for renew().
  bool report_progress(const std::string& job_id, int progress);
  // The job's end ("done", "failed"); the lease ends with it. False as for renew().
  bool finish(const std::string& job_id, std::string_view state, int progress,
              std::string_view message);
  // Gives a job back (this server is stopping): queued again at once for any server.
  void release(const std::string& job_id);

  const std::string& worker_id() const { return worker_id_; }
  std::chrono::milliseconds lease() const { return lease_; }

 private:
  std::string lease_end() const;

  storage::Database& database_;
  std::string worker_id_;
  std::chrono::milliseconds lease_;
};

// A name for this server instance, unique across the machines sharing a database:
// "<hostname>/<pid>/<random>".
std::string new_worker_id();

// Renews a job's lease every third of its length while alive, on its own thread (ffmpeg may go
// quiet for a long time: renewal does not wait for its progress lines). When the lease is lost,
// calls `on_lost` once, from that thread.
class LeaseRenewal {
 public:
  LeaseRenewal(JobQueue& queue, std::string job_id, std::function<void()> on_lost);
  ~LeaseRenewal();
  LeaseRenewal(const LeaseRenewal&) = delete;
  LeaseRenewal& operator=(const LeaseRenewal&) = delete;

  bool lost() const;

 private:
  void run();

  JobQueue& queue_;
  std::string job_id_;
  std::function<void()> on_lost_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool lost_ = false;
  std::thread thread_;
};

}  // namespace imaginecole::media
