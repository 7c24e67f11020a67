// SPDX-License-Identifier: AGPL-3.0-or-later
// The editorial workflow's values: a resource's editable content (what a version freezes),
// its versions, its place in the workflow, the transitions recorded, and the licence rules of
// adaptation. Pure values: parsed and checked here, stored by AuthoringStore, changed only by
// AuthoringService (see docs/decisions/0010-editorial-workflow.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::authoring {

enum class State { draft, in_review, published, unpublished };
std::string_view state_name(State state);
std::optional<State> parse_state(std::string_view text);

// Largest Markdown body, title and summary an editor may save (bytes).
inline constexpr std::size_t kMaxBodyBytes = 256 * 1024;
inline constexpr std::size_t kMaxTitleBytes = 200;
inline constexpr std::size_t kMaxSummaryBytes = 1000;

// Every field an editor changes; a version's snapshot is this as JSON.
struct Content {
  std::string kind = "lesson";
  std::string title;
  std::string summary;
  std::string body;  // Markdown
  std::string language = "fr";
  std::string audience = "pupil";
  std::string licence = "CC-BY-SA-4.0";
  std::vector<std::string> authors;
  std::vector<std::string> subject_slugs;
  std::vector<std::string> exam_codes;
  std::optional<int> duration_minutes;
  std::string node_id;                   // where the country places it at publication; may be empty
  std::optional<std::string> questions;  // exercise sets: JSON array of the questions then
};

std::string content_to_json(const Content& content);
// Throws InvalidInput for a snapshot that is not a JSON object.
Content content_from_json(std::string_view json);

// A problem of one field, with the key of its message (authoring_error_*).
struct FieldProblem {
  std::string field;
  std::string message_key;
};
// Title present and short, known kind/licence/audience, body within kMaxBodyBytes, language
// tag sane. An empty list: the content may be saved.
std::vector<FieldProblem> validate(const Content& content);

struct Version {
  std::string id;
  std::string resource_id;
  int number = 0;
  Content content;
  std::string author_id;
  std::string comment;
  std::string created_at;
};

struct Workflow {
  std::string resource_id;
  std::string country_code;
  State state = State::draft;
  std::string title;
  std::optional<std::string> class_id;
  int current_version = 0;
  std::optional<int> submitted_version;
  std::optional<int> published_version;
  // A teacher's resource: the version shared with the class (its pupils read that one).
  std::optional<int> class_version;
  std::optional<std::string> last_comment;
  std::optional<std::string> origin_resource_id;
  std::optional<int> origin_version;
  std::optional<std::string> origin_country;
  std::optional<std::string> origin_title;
  std::optional<std::string> origin_licence;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  std::int64_t row_version = 1;
  // The UUIDs of the current and class-shared versions (migration 0016), read from the row: the
  // number names a version for people, the UUID names it exactly, even after a sync brought in
  // another server's version with the same number. Written by the store from the numbers.
  std::optional<std::string> current_version_id;
  std::optional<std::string> class_version_id;
};

// One transition: "sn.reviewer sent version 2 back to draft: «…»".
struct Transition {
  std::string id;
  std::string resource_id;
  int version_number = 0;
  std::string actor_id;
  std::string from_state;
  std::string to_state;  // a State's name, or "created", "saved", "adapted"
  std::string comment;
  std::string created_at;
};

// What a licence allows an adapter to do.
enum class AdaptRule {
  free,          // adapt, and choose the adaptation's licence
  same_licence,  // adapt, keeping the licence (share-alike, non-commercial)
  refused,       // no adaptation (all rights reserved)
};
AdaptRule adapt_rule(std::string_view licence);

}  // namespace imaginecole::authoring
