-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Versions referenced by UUID. A resource's versions are numbered 1, 2, 3 for people, but two
-- servers that both save a resource offline could each make a "version 4": a pointer that says
-- (resource, 4) would then name different content on each. Every column that points at a
-- version now has a companion holding the version's UUID (resource_versions.id), which is what
-- sync carries and trusts; the number stays beside it for display ("version 3") and for the
-- URLs and forms that show it. See docs/decisions/0021-keys-and-owners.md.
--
-- The seven pointers: the workflow's current, submitted, published, class-shared and origin
-- (adaptation) versions, the version a review line is about, and the version the published
-- projection in `resources` holds.

ALTER TABLE resource_workflow ADD COLUMN current_version_id TEXT REFERENCES resource_versions (id);
ALTER TABLE resource_workflow ADD COLUMN submitted_version_id TEXT REFERENCES resource_versions (id);
ALTER TABLE resource_workflow ADD COLUMN published_version_id TEXT REFERENCES resource_versions (id);
ALTER TABLE resource_workflow ADD COLUMN class_version_id TEXT REFERENCES resource_versions (id);
ALTER TABLE resource_workflow ADD COLUMN origin_version_id TEXT REFERENCES resource_versions (id);
ALTER TABLE resource_reviews ADD COLUMN version_id TEXT REFERENCES resource_versions (id);
ALTER TABLE resources ADD COLUMN published_version_id TEXT REFERENCES resource_versions (id);

-- Existing rows: each number names exactly one version of its resource (UNIQUE (resource_id,
-- number) until now), so the UUID is found without guessing. A number whose version is missing
-- stays without a UUID rather than pointing at a wrong one.
UPDATE resource_workflow SET
  current_version_id = (SELECT v.id FROM resource_versions v
                        WHERE v.resource_id = resource_workflow.id
                          AND v.number = resource_workflow.current_version),
  submitted_version_id = (SELECT v.id FROM resource_versions v
                          WHERE v.resource_id = resource_workflow.id
                            AND v.number = resource_workflow.submitted_version),
  published_version_id = (SELECT v.id FROM resource_versions v
                          WHERE v.resource_id = resource_workflow.id
                            AND v.number = resource_workflow.published_version),
  class_version_id = (SELECT v.id FROM resource_versions v
                      WHERE v.resource_id = resource_workflow.id
                        AND v.number = resource_workflow.class_version),
  origin_version_id = (SELECT v.id FROM resource_versions v
                       WHERE v.resource_id = resource_workflow.origin_resource_id
                         AND v.number = resource_workflow.origin_version);

UPDATE resource_reviews SET
  version_id = (SELECT v.id FROM resource_versions v
                WHERE v.resource_id = resource_reviews.resource_id
                  AND v.number = resource_reviews.version_number);

UPDATE resources SET
  published_version_id = (SELECT v.id FROM resource_versions v
                          WHERE v.resource_id = resources.id
                            AND v.number = resources.published_version)
  WHERE published_version IS NOT NULL;

CREATE INDEX resource_reviews_version ON resource_reviews (version_id);
