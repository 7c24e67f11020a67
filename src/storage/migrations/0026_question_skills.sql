-- Skills a question practises: nodes of kind unit or topic of the question's country's
-- curriculum. A pupil's mastery of a skill is derived from their attempts on its questions
-- (docs/decisions/0032-mastery-model.md). A question without a row here counts for the skill
-- of the exercise set it is answered in (the set's placement at a unit or topic).
CREATE TABLE question_skills (
  question_id TEXT NOT NULL REFERENCES questions (id),
  skill_id    TEXT NOT NULL REFERENCES curriculum_nodes (id),
  tagged_by   TEXT,
  created_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  hlc         BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (question_id, skill_id)
);
CREATE INDEX question_skills_skill ON question_skills (skill_id);
