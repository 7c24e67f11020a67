// SPDX-License-Identifier: AGPL-3.0-or-later
// The editorial workflow's rules, in one place: who may see, edit, submit, send back,
// publish, unpublish and adapt a resource, and what each transition writes (a version, the
// workflow row, the projection in `resources`, a transition line, an audit entry), each in
// one transaction. Routes only translate requests and outcomes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "accounts/permissions.hpp"
#include "authoring/authoring_store.hpp"
#include "authoring/workflow.hpp"
#include "catalog/markdown.hpp"

namespace imaginecole::accounts {
class Accounts;
}
namespace imaginecole::catalog {
class Library;
struct Resource;
class CurriculumStore;
}  // namespace imaginecole::catalog

namespace imaginecole::authoring {

// Who acts, and from where (for the audit log).
struct Actor {
  accounts::Principal principal;
  std::string remote_address;
};

enum class Failure {
  not_found,  // absent, or not visible to the actor: the same answer for both (404)
  invalid,    // the input cannot be used (400); `fields` says which
  conflict,   // the workflow is not in a state that allows it, or a newer version exists (409)
  refused,    // visible, but this actor may not do this (403): an editor publishing, four eyes,
              // a licence forbidding adaptation
};

struct Problem {
  Failure failure = Failure::invalid;
  std::string message_key;           // authoring_error_*
  std::vector<FieldProblem> fields;  // for invalid content
  // What keeps a version from pupils (submit, share, publish): images without a description…
  std::vector<catalog::MarkdownProblem> content;
};

template <typename T>
class Outcome {
 public:
  Outcome(T value) : state_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Outcome(Problem problem) : state_(std::move(problem)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<T>(state_); }
  const T* operator->() const { return &std::get<T>(state_); }
  const Problem& problem() const { return std::get<Problem>(state_); }

 private:
  std::variant<T, Problem> state_;
};

// What an actor may do with one resource.
struct Rights {
  bool edit = false;    // change, submit
  bool review = false;  // send back, publish, unpublish
  bool member = false;  // read a teacher's resource as a member of its class
  bool view() const { return edit || review; }
};

// A resource as its editor page shows it.
struct Opened {
  Workflow workflow;
  Version current;
  Rights rights;
  std::vector<Transition> transitions;
  // An adaptation whose origin has published a newer version than the one adapted.
  std::optional<int> origin_newer_version;
};

struct Dashboard {
  std::vector<std::string> edit_countries;
  std::vector<std::string> review_countries;
  std::vector<std::string> teaching_classes;
  std::vector<WorkflowSummary> country_work;  // resources of the countries the actor edits
  std::vector<WorkflowSummary> queue;         // in review, in the countries the actor reviews
  std::vector<WorkflowSummary> mine;          // created by the actor
  std::vector<std::string> origin_updates;    // ids of adaptations whose origin has a newer version
};

// The author recorded for versions that came from an import rather than a person.
inline constexpr std::string_view kImportAuthor = "import";

struct NewDraft {
  std::string country;   // empty: the only country where the actor edits
  std::string class_id;  // set: a teacher's resource for this class
  Content content;
  std::string comment;
};

struct AuthoringOptions {
  // The exercise set's current questions as a JSON array (exercises/), frozen into each
  // version of an exercise set; unset when that capability is absent.
  std::function<std::optional<std::string>(std::string_view resource_id)> questions_of;
  // Gives an adapted exercise set (`set_id`, in `country`) its own copies of the origin's
  // published questions (`questions_json`); unset when that capability is absent.
  std::function<void(std::string_view questions_json, std::string_view origin_set,
                     std::string_view set_id, std::string_view country, std::string_view actor_id)>
      copy_questions;
};

class AuthoringService {
 public:
  AuthoringService(AuthoringStore& store, catalog::Library& library,
                   catalog::CurriculumStore& curricula, accounts::Accounts& accounts,
                   AuthoringOptions options = {})
      : store_(store),
        library_(library),
        curricula_(curricula),
        accounts_(accounts),
        options_(std::move(options)) {}

  Outcome<Workflow> create(const Actor& actor, NewDraft draft);
  // Appends the next version. `base_version`: the version the editor started from; a newer
  // one saved meanwhile is a conflict (nothing lost: the caller shows the text again).
  Outcome<Workflow> save(const Actor& actor, std::string_view id, Content content,
                         std::string_view comment, std::optional<int> base_version);
  Outcome<Workflow> submit(const Actor& actor, std::string_view id, std::string_view comment);
  Outcome<Workflow> send_back(const Actor& actor, std::string_view id, std::string_view comment);
  Outcome<Workflow> publish(const Actor& actor, std::string_view id, std::string_view comment);
  Outcome<Workflow> unpublish(const Actor& actor, std::string_view id, std::string_view comment);
  // A teacher shares the current version of a class resource with the class's pupils (no
  // country review: the teacher answers for their class).
  Outcome<Workflow> share_with_class(const Actor& actor, std::string_view id,
                                     std::string_view comment);
  // A new draft in `country` (empty: the actor's only one) copied from a published resource
  // of another country, recording its origin, version and licence.
  Outcome<Workflow> adapt(const Actor& actor, std::string_view origin_id, std::string country);

  Outcome<Opened> open(const Actor& actor, std::string_view id);
  Outcome<std::vector<Version>> history(const Actor& actor, std::string_view id);
  // Versions `from` and `to` with content. Versions that were once published may be compared
  // by any editor or reviewer (an adapter follows the origin that way).
  Outcome<std::pair<Version, Version>> compare(const Actor& actor, std::string_view id, int from,
                                               int to);
  // A teacher's resource as the members of its class read it: the version shared with the
  // class (its writers read the current one).
  Outcome<Version> class_view(const Actor& actor, std::string_view id);
  // Teachers' resources of the classes the actor belongs to: those shared with the class, and
  // for its teachers every one.
  std::vector<WorkflowSummary> class_resources(const Actor& actor);

  // Gives every published resource without a workflow (demo data, a catalogue import) a
  // published first version by kImportAuthor, so that editors can change it. Returns how many.
  int adopt_published(std::string_view comment);

  Dashboard dashboard(const Actor& actor);
  Rights rights(const Actor& actor, const Workflow& workflow);
  // The newer published version of an adaptation's origin, if any.
  std::optional<int> origin_newer_version(const Workflow& workflow);

  AuthoringStore& store() { return store_; }
  // Read by the pages (a resource's placements on its review page).
  catalog::Library& library() { return library_; }

 private:
  enum class Needs { edit, review };
  // Checks the workflow's state and writes the change; a problem: nothing is committed.
  using StateChange = std::function<std::optional<Problem>(storage::Connection&, Workflow&)>;
  // Opens a write transaction, loads the workflow, checks the actor's rights (`needs`) and the
  // comment, then lets `change` check the state and write; commits when it returns no problem.
  Outcome<Workflow> change_state(const Actor& actor, std::string_view id, std::string_view comment,
                                 Needs needs, const StateChange& change);
  // A problem when version `number` of `id` cannot reach pupils as it stands.
  std::optional<Problem> unfit_for_pupils(storage::Connection& connection, std::string_view id,
                                          int number);
  std::optional<accounts::ScopePath> class_path(std::string_view class_id);
  std::optional<Problem> check_content(const Workflow* workflow, const std::string& country,
                                       const Content& content);
  void audit(storage::Connection& connection, const Actor& actor, std::string_view action,
             const Workflow& workflow, int version, std::string_view from, std::string_view to);
  void transition(storage::Connection& connection, const Actor& actor, Workflow& workflow,
                  int version, std::string_view from, std::string_view to,
                  std::string_view comment);

  AuthoringStore& store_;
  catalog::Library& library_;
  catalog::CurriculumStore& curricula_;
  accounts::Accounts& accounts_;
  AuthoringOptions options_;
};

// A resource's editable fields (a first version of imported data, an adaptation's start).
Content content_of(const catalog::Resource& resource);

// Countries where `principal` holds `permission` through a country grant.
std::vector<std::string> countries_with(const accounts::Principal& principal,
                                        accounts::Permission permission);

}  // namespace imaginecole::authoring
