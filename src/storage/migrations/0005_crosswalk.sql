-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The crosswalk between countries' levels: levels in the same group are taught to children of
-- about the same age with about the same programme (CM2 in Senegal ≈ CM2 in Côte d'Ivoire ≈
-- Class 6 in anglophone Cameroon). Data, loaded from data/demo/crosswalk.json; it only
-- suggests where another country could place a resource.
CREATE TABLE level_crosswalk (
  group_key    TEXT NOT NULL,             -- "primary-6", "lower-secondary-4"...
  country_code TEXT NOT NULL REFERENCES countries (code),
  level_slug   TEXT NOT NULL,
  PRIMARY KEY (country_code, level_slug)
);
CREATE INDEX level_crosswalk_group ON level_crosswalk (group_key);
