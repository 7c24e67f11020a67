-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Open answers (issue 13): questions.type may be 'essay'. PostgreSQL named the column's CHECK
-- constraint questions_type_check; it is replaced.
ALTER TABLE questions DROP CONSTRAINT questions_type_check;
ALTER TABLE questions ADD CONSTRAINT questions_type_check
  CHECK (type IN ('single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_text',
                  'fill_blanks', 'matching', 'ordering', 'description', 'essay'));
