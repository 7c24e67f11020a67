-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Network sync (decision 0041): a hub keeps the health each school server sends with its
-- changes (JSON: version, free disk, data size, clock, pending records, last sync) and when it
-- last synced; a box keeps when it last synced with its hub and the last error. sync_peers is
-- this server's own table (never synced).
ALTER TABLE sync_peers ADD COLUMN health TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_peers ADD COLUMN health_at TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_peers ADD COLUMN last_sync_at TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_peers ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
