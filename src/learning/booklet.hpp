// SPDX-License-Identifier: AGPL-3.0-or-later
// A printable booklet of a subject (or one of its units) in a country's tree: the school's and
// country's names on the cover, each unit's lessons and exercises in the curriculum's order,
// then the answer key of every exercise at the end. One standalone HTML document (its print
// rules inside it: @page size A4 or A5 and page numbers in the margin boxes), rendered from
// the stores without a request, so the browser's print page and `imaginecole export booklet`
// (which hands it to headless Chromium) print the same thing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/curriculum_store.hpp"
#include "catalog/resource_store.hpp"
#include "exercises/question.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

enum class BookletFormat { a4, a5 };
std::optional<BookletFormat> parse_booklet_format(std::string_view text);

struct BookletRequest {
  std::string country;  // code, any case
  std::string level;    // level slug
  std::string subject;  // the subject node's slug under the level
  // A unit's slug, or several separated by commas (a term: "fractions,mesures,geometrie"),
  // printed in the curriculum's order; empty: the whole subject.
  std::string unit;
  BookletFormat format = BookletFormat::a4;
  std::string language = "fr";  // the words around the content
  std::string school;           // printed on the cover; empty: a line to write it on
  // Where the page links back to (the subject page); empty for a file.
  bool for_browser = true;
};

struct Booklet {
  std::string html;  // set when found
  std::string title;
  int status = 200;   // 404 when the country, level, subject or unit is unknown
  std::string error;  // why, in words a person understands
  int lessons = 0;
  int exercise_sets = 0;
  int questions = 0;
};

Booklet render_booklet(storage::Database& database, catalog::CurriculumStore& curricula,
                       catalog::ResourceStore& resources, const BookletRequest& request);

// A mock exam paper on paper (learning/mock_paper.hpp): the questions the web paper of the same
// seed and size shows, numbered, then their answer key on its own page.
struct PaperBookletRequest {
  std::string country;       // code ("SN")
  std::string country_name;  // in the booklet's language
  std::string exam_code;     // "CFEE"
  std::string exam_name;
  std::vector<exercises::Question> questions;
  std::uint64_t seed = 0;
  BookletFormat format = BookletFormat::a4;
  std::string language = "fr";
  std::string school;
  bool for_browser = true;
};

Booklet render_paper_booklet(const PaperBookletRequest& request);

}  // namespace imaginecole::learning
