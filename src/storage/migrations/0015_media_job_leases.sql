-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Video jobs are leased (docs/decisions/0020-shared-media-store-and-job-leases.md): several app
-- servers on one database share the queue, so a server that takes a job writes who it is and
-- until when the job is its own, and renews that while it works. Another server takes only
-- queued jobs and jobs whose lease has run out (its server stopped without giving it back).
-- A job left "running" by a server from before leases has none: it counts as run out.
ALTER TABLE media_jobs ADD COLUMN leased_by TEXT;    -- the server instance (host/pid/random)
ALTER TABLE media_jobs ADD COLUMN lease_until TEXT;  -- ISO 8601 UTC, like every timestamp
