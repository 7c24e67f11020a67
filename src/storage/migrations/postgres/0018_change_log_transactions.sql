-- SPDX-License-Identifier: AGPL-3.0-or-later
-- PostgreSQL takes change_log.seq at insert, not at commit: each line also records its writing
-- transaction's id, and the feed reads only lines of transactions older than every running one
-- (decision 0018). Lines written before this migration keep tx = 0 and come first.
ALTER TABLE change_log ALTER COLUMN tx SET DEFAULT (pg_current_xact_id()::text::BIGINT);
