-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Nothing to do on SQLite: its single writer commits in seq order, so change_log.tx stays 0
-- (PostgreSQL records each line's transaction id here; decision 0018).
SELECT 1;
