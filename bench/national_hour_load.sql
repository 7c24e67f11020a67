-- SPDX-License-Identifier: AGPL-3.0-or-later
-- bench/national_hour.sh: pupils :first to :last (numbers) in one transaction, with psql
-- variables per_school, per_class (pupils per school and per class) and hash (one Argon2id
-- string the server made, reused: hashing 6.6 million passwords would take days).
--
-- Schools and classes (a few thousand) go through the records layer's own triggers. The
-- pupils' four rows (users, user_credentials, user_status, the pupil grant at the class) go in
-- with the triggers off (session_replication_role = replica): through the per-row PL/pgSQL
-- triggers, 20,000 pupils took 14 s, so 6.6 million would take over an hour. This transaction
-- writes what the triggers would: an hlc stamp per row (unique, in order, from this
-- transaction's clock as imaginecole_stamp() does), the node's id as origin_node, row_version 1,
-- and one change_log upsert line per row with the scope the triggers compute (the school's
-- country and code). Ids are UUIDv7-shaped (the millisecond part derived from the number) and
-- reproducible from the pupil's number, so the benchmark finds pupil n's id again.
\set ON_ERROR_STOP on
CREATE OR REPLACE FUNCTION pg_temp.nh_id(kind TEXT, n BIGINT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $f$
  SELECT substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(r, 1, 3) || '-8' ||
         substr(r, 4, 3) || '-' || substr(r, 7, 12)
  FROM (SELECT lpad(to_hex(1796000000000 + n / 1000), 12, '0') AS t, md5(kind || n) AS r) AS x
$f$;

BEGIN;
CREATE TEMP TABLE nh_clock ON COMMIT DROP AS
  SELECT GREATEST((extract(epoch FROM clock_timestamp()) * 1000)::BIGINT * 65536,
                  COALESCE((SELECT at_least FROM node_clock WHERE id = 1), 0) + 1) AS hlc0,
         to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now,
         imaginecole_node() AS node;

-- Through the triggers: a school (in Senegal) per :per_school pupils, a CM2 class per
-- :per_class.
INSERT INTO schools (id, code, country_code, name, created_at, updated_at, origin_node)
  SELECT pg_temp.nh_id('school', s), 'NH' || lpad(s::text, 6, '0'), 'SN', 'École nationale ' || s,
         c.now, c.now, c.node
  FROM nh_clock c, generate_series(:first / :per_school, :last / :per_school) AS s
  ON CONFLICT DO NOTHING;
INSERT INTO classes (id, school_id, name, level_slug, created_at, updated_at, origin_node)
  SELECT pg_temp.nh_id('class', k), pg_temp.nh_id('school', k * :per_class / :per_school),
         'CM2 ' || k, '/SN/cm2', c.now, c.now, c.node
  FROM nh_clock c, generate_series(:first / :per_class, :last / :per_class) AS k
  ON CONFLICT DO NOTHING;

-- The pupils, triggers off: their change-log lines are written below.
SET LOCAL session_replication_role = replica;
CREATE TEMP TABLE nh_pupils ON COMMIT DROP AS
  SELECT n, pg_temp.nh_id('user', n) AS user_id, pg_temp.nh_id('grant', n) AS grant_id,
         pg_temp.nh_id('school', n / :per_school) AS school_id,
         'NH' || lpad((n / :per_school)::text, 6, '0') AS school_code,
         pg_temp.nh_id('class', n / :per_class) AS class_id,
         c.hlc0 + 4 * (n - :first) AS hlc, c.now, c.node
  FROM nh_clock c, generate_series(:first, :last) AS n;
INSERT INTO users (id, username, display_name, kind, school_id, created_at, updated_at,
                   origin_node, row_version, hlc)
  SELECT user_id, 'eleve' || n, 'Élève ' || n, 'pupil', school_id, now, now, node, 1, hlc
  FROM nh_pupils;
INSERT INTO user_credentials (user_id, password_hash, password_changed_at, created_at,
                              updated_at, origin_node, row_version, hlc)
  SELECT user_id, :'hash', now, now, now, node, 1, hlc + 1 FROM nh_pupils;
INSERT INTO user_status (user_id, disabled, created_at, updated_at, origin_node, row_version, hlc)
  SELECT user_id, 0, now, now, node, 1, hlc + 2 FROM nh_pupils;
INSERT INTO role_grants (id, user_id, role, scope_kind, scope_id, created_at, updated_at,
                         origin_node, row_version, hlc)
  SELECT grant_id, user_id, 'pupil', 'class', class_id, now, now, node, 1, hlc + 3 FROM nh_pupils;
INSERT INTO change_log (entity, entity_id, op, row_version, hlc, node_id, country, school,
                        content, changed_at)
  SELECT e.entity, CASE WHEN e.k = 3 THEN p.grant_id ELSE p.user_id END, 'upsert', 1, p.hlc + e.k,
         p.node, 'SN', p.school_code, 0, p.now
  FROM nh_pupils p
  CROSS JOIN (VALUES (0, 'users'), (1, 'user_credentials'), (2, 'user_status'),
                     (3, 'role_grants')) AS e (k, entity)
  ORDER BY p.hlc + e.k;
COMMIT;
