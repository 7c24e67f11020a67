-- SPDX-License-Identifier: AGPL-3.0-or-later
-- A teacher's resource reaches the pupils of its class only when the teacher shares a version
-- with them (docs/decisions/0012-class-sharing-and-content-checks.md): pupils read that
-- version, never the draft being written. NULL: not shared yet.
ALTER TABLE resource_workflow ADD COLUMN class_version INTEGER;
