// SPDX-License-Identifier: AGPL-3.0-or-later
#include "authoring/authoring_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "accounts/accounts.hpp"
#include "authoring/question_texts.hpp"
#include "catalog/curriculum_store.hpp"
#include "catalog/library.hpp"
#include "catalog/markdown.hpp"
#include "core/ids.hpp"

namespace imaginecole::authoring {
namespace {

namespace json = boost::json;
using accounts::Permission;
using accounts::ScopeKind;

Problem problem(Failure failure, std::string key) {
  return Problem{.failure = failure, .message_key = std::move(key), .fields = {}, .content = {}};
}

Problem absent() {
  return problem(Failure::not_found, "authoring_error_not_found");
}

catalog::Resource projection_of(const Workflow& workflow, const Content& content) {
  catalog::Resource r;
  r.id = workflow.resource_id;
  r.kind = content.kind;
  r.title = content.title;
  r.summary = content.summary;
  r.body = content.body;
  r.language = content.language;
  r.audience = content.audience;
  r.licence = content.licence;
  r.authors = content.authors;
  r.origin_country = workflow.country_code;
  r.duration_minutes = content.duration_minutes;
  r.subject_slugs = content.subject_slugs;
  r.exam_codes = content.exam_codes;
  return r;
}

// What keeps a version from pupils: the Markdown problems of its text (images without a
// description, formulas that do not read, refused addresses, missing media files), and those
// of an exercise set's questions.
std::vector<catalog::MarkdownProblem> content_problems(const Content& content) {
  auto problems = catalog::markdown_problems(content.body);
  if (content.questions) {
    auto more = question_problems(*content.questions);
    problems.insert(problems.end(), std::make_move_iterator(more.begin()),
                    std::make_move_iterator(more.end()));
  }
  return problems;
}

bool trimmed_empty(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

constexpr std::size_t kMaxCommentBytes = 4000;

}  // namespace

std::vector<std::string> countries_with(const accounts::Principal& principal,
                                        Permission permission) {
  std::vector<std::string> out;
  for (const auto& grant : principal.grants) {
    if (grant.scope.kind == ScopeKind::country &&
        accounts::role_grants_permission(grant.role, permission) &&
        std::find(out.begin(), out.end(), grant.scope.id) == out.end()) {
      out.push_back(grant.scope.id);
    }
  }
  return out;
}

std::optional<accounts::ScopePath> AuthoringService::class_path(std::string_view class_id) {
  const auto school_class = accounts_.schools().class_by_id(class_id);
  if (!school_class) {
    return std::nullopt;
  }
  const auto school = accounts_.schools().school_by_id(school_class->school_id);
  if (!school) {
    return std::nullopt;
  }
  return accounts::ScopePath{
      .country_code = school->country_code, .school_id = school->id, .class_id = school_class->id};
}

Rights AuthoringService::rights(const Actor& actor, const Workflow& workflow) {
  Rights out;
  const accounts::Principal& who = actor.principal;
  if (who.user_id.empty()) {
    return out;
  }
  const accounts::ScopePath country{.country_code = workflow.country_code};
  // A teacher's resource reaches the country's editors and reviewers once submitted.
  const bool shared = !workflow.class_id || workflow.state == State::in_review ||
                      workflow.published_version.has_value();
  out.edit = shared && accounts::is_allowed(who, Permission::content_edit, country);
  out.review = shared && accounts::is_allowed(who, Permission::content_review, country);
  if (workflow.class_id) {
    const auto path = class_path(*workflow.class_id);
    const bool creator = workflow.created_by == who.user_id;
    if (creator && path && accounts::is_allowed(who, Permission::content_class, *path)) {
      out.edit = true;
    }
    out.member = creator || std::any_of(who.grants.begin(), who.grants.end(), [&](const auto& g) {
                   return g.scope.kind == ScopeKind::class_ && g.scope.id == *workflow.class_id;
                 });
    if (!out.member && path) {
      out.member = accounts::is_allowed(who, Permission::pupils_read, *path);
    }
  }
  return out;
}

std::optional<Problem> AuthoringService::check_content(const Workflow* workflow,
                                                       const std::string& country,
                                                       const Content& content) {
  Problem out{.failure = Failure::invalid,
              .message_key = "authoring_error_invalid",
              .fields = validate(content),
              .content = {}};
  if (workflow != nullptr && workflow->origin_licence &&
      adapt_rule(*workflow->origin_licence) == AdaptRule::same_licence &&
      content.licence != *workflow->origin_licence) {
    out.fields.push_back({"licence", "authoring_error_licence_locked"});
  }
  if (!content.node_id.empty()) {
    const auto curriculum = curricula_.curriculum(country);
    if (!core::is_valid_id(content.node_id) || !curriculum ||
        curriculum->find(content.node_id) == nullptr) {
      out.fields.push_back({"node_id", "authoring_error_node"});
    }
  }
  if (out.fields.empty()) {
    return std::nullopt;
  }
  return out;
}

void AuthoringService::audit(storage::Connection& connection, const Actor& actor,
                             std::string_view action, const Workflow& workflow, int version,
                             std::string_view from, std::string_view to) {
  accounts::AuditEntry entry;
  entry.actor_id = actor.principal.user_id;
  entry.action = std::string(action);
  entry.target_kind = "resource";
  entry.target_id = workflow.resource_id;
  entry.scope_kind = workflow.class_id ? "class" : "country";
  entry.scope_id = workflow.class_id.value_or(workflow.country_code);
  entry.remote_address = actor.remote_address;
  entry.details = json::serialize(
      json::object{{"version", version}, {"from", std::string(from)}, {"to", std::string(to)}});
  accounts_.audit().record(connection, entry);
}

void AuthoringService::transition(storage::Connection& connection, const Actor& actor,
                                  Workflow& workflow, int version, std::string_view from,
                                  std::string_view to, std::string_view comment) {
  Transition line{.id = {},
                  .resource_id = workflow.resource_id,
                  .version_number = version,
                  .actor_id = actor.principal.user_id,
                  .from_state = std::string(from),
                  .to_state = std::string(to),
                  .comment = std::string(comment),
                  .created_at = {}};
  store_.record_transition(connection, line);
  audit(connection, actor, "resource." + std::string(to), workflow, version, from, to);
}

Outcome<Workflow> AuthoringService::create(const Actor& actor, NewDraft draft) {
  const accounts::Principal& who = actor.principal;
  Workflow workflow;
  if (!draft.class_id.empty()) {
    const auto path = core::is_valid_id(draft.class_id) ? class_path(draft.class_id) : std::nullopt;
    if (!path || !accounts::is_allowed(who, Permission::content_class, *path)) {
      return problem(Failure::refused, "authoring_error_not_editor");
    }
    workflow.class_id = draft.class_id;
    workflow.country_code = path->country_code;
  } else {
    const auto countries = countries_with(who, Permission::content_edit);
    std::string country = draft.country;
    std::transform(country.begin(), country.end(), country.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (country.empty() && countries.size() == 1) {
      country = countries.front();
    }
    if (country.empty() ||
        !accounts::is_allowed(who, Permission::content_edit, {.country_code = country})) {
      return problem(Failure::refused, "authoring_error_not_editor");
    }
    workflow.country_code = country;
  }
  if (auto bad = check_content(nullptr, workflow.country_code, draft.content)) {
    return *bad;
  }
  if (draft.comment.size() > kMaxCommentBytes) {
    return problem(Failure::invalid, "authoring_error_comment_long");
  }
  catalog::Resource resource = projection_of(workflow, draft.content);
  resource.status = "draft";
  auto connection = store_.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  library_.resources().insert(*connection, resource);
  workflow.resource_id = resource.id;
  workflow.state = State::draft;
  workflow.title = draft.content.title;
  workflow.current_version = 1;
  workflow.created_by = who.user_id;
  store_.insert_workflow(*connection, workflow);
  if (draft.content.kind == "exercise_set" && options_.questions_of) {
    draft.content.questions = options_.questions_of(resource.id);
  }
  store_.append_version(*connection, resource.id, 1, draft.content, who.user_id, draft.comment);
  transition(*connection, actor, workflow, 1, "", "created", draft.comment);
  transaction.commit();
  return workflow;
}

Outcome<Workflow> AuthoringService::save(const Actor& actor, std::string_view id, Content content,
                                         std::string_view comment,
                                         std::optional<int> base_version) {
  if (!core::is_valid_id(id)) {
    return absent();
  }
  auto found = store_.workflow(id);
  if (!found || !rights(actor, *found).edit) {
    return absent();
  }
  if (auto bad = check_content(&*found, found->country_code, content)) {
    return *bad;
  }
  if (comment.size() > kMaxCommentBytes) {
    return problem(Failure::invalid, "authoring_error_comment_long");
  }
  if (content.kind == "exercise_set" && options_.questions_of) {
    content.questions = options_.questions_of(id);
  }
  auto connection = store_.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  auto workflow = store_.workflow(*connection, id);
  if (!workflow) {
    return absent();
  }
  if (base_version && *base_version != workflow->current_version) {
    return problem(Failure::conflict, "authoring_error_stale");
  }
  const State before = workflow->state;
  const int number = workflow->current_version + 1;
  store_.append_version(*connection, id, number, content, actor.principal.user_id, comment);
  workflow->current_version = number;
  workflow->title = content.title;
  // New work on top of a published (or unpublished) version is a draft again; pupils keep
  // seeing the published version until the next publication. In review, the reviewers keep
  // looking at the submitted version.
  if (before == State::published || before == State::unpublished) {
    workflow->state = State::draft;
  }
  store_.update_workflow(*connection, *workflow);
  transition(*connection, actor, *workflow, number, state_name(before), "saved", comment);
  transaction.commit();
  return *workflow;
}

Outcome<Workflow> AuthoringService::change_state(const Actor& actor, std::string_view id,
                                                 std::string_view comment, Needs needs,
                                                 const StateChange& change) {
  if (!core::is_valid_id(id)) {
    return absent();
  }
  auto connection = store_.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  auto workflow = store_.workflow(*connection, id);
  if (!workflow) {
    return absent();
  }
  // Rights on the workflow as it stands: a teacher's draft is not yet visible to the
  // country's editors and reviewers.
  const Rights can = rights(actor, *workflow);
  if (needs == Needs::edit && !can.edit) {
    return absent();
  }
  if (needs == Needs::review) {
    if (!can.view()) {
      return absent();
    }
    if (!can.review) {
      return problem(Failure::refused, "authoring_error_not_reviewer");
    }
  }
  if (comment.size() > kMaxCommentBytes) {
    return problem(Failure::invalid, "authoring_error_comment_long");
  }
  if (auto refused = change(*connection, *workflow)) {
    return *refused;
  }
  transaction.commit();
  return *workflow;
}

std::optional<Problem> AuthoringService::unfit_for_pupils(storage::Connection& connection,
                                                          std::string_view id, int number) {
  const auto version = store_.version(connection, id, number);
  if (!version) {
    return absent();
  }
  auto problems = content_problems(version->content);
  if (problems.empty()) {
    return std::nullopt;
  }
  return Problem{.failure = Failure::invalid,
                 .message_key = "authoring_error_content_problems",
                 .fields = {{"body", "authoring_error_content_problems"}},
                 .content = std::move(problems)};
}

Outcome<Workflow> AuthoringService::submit(const Actor& actor, std::string_view id,
                                           std::string_view comment) {
  // An exercise set's questions as they are now (read before the write transaction).
  const std::optional<std::string> questions =
      options_.questions_of && core::is_valid_id(id) ? options_.questions_of(id) : std::nullopt;
  return change_state(
      actor, id, comment, Needs::edit,
      [&](storage::Connection& connection, Workflow& workflow) -> std::optional<Problem> {
        if (workflow.state != State::draft && workflow.state != State::unpublished) {
          return problem(Failure::conflict, "authoring_error_not_draft");
        }
        // Questions changed since the last save: reviewers must see them, so they are saved
        // as the next version first.
        if (auto current = store_.version(connection, id, workflow.current_version);
            current && current->content.kind == "exercise_set" && questions &&
            current->content.questions != questions) {
          current->content.questions = questions;
          const int number = workflow.current_version + 1;
          store_.append_version(connection, id, number, current->content, actor.principal.user_id,
                                comment);
          workflow.current_version = number;
          transition(connection, actor, workflow, number, state_name(workflow.state), "saved",
                     comment);
        }
        // Reviewers should not have to point out a missing image description.
        if (auto unfit = unfit_for_pupils(connection, id, workflow.current_version)) {
          return unfit;
        }
        const State before = workflow.state;
        workflow.state = State::in_review;
        workflow.submitted_version = workflow.current_version;
        store_.update_workflow(connection, workflow);
        if (!workflow.published_version) {
          library_.resources().set_status(connection, id, "in_review");
        }
        transition(connection, actor, workflow, workflow.current_version, state_name(before),
                   "in_review", comment);
        return std::nullopt;
      });
}

Outcome<Workflow> AuthoringService::send_back(const Actor& actor, std::string_view id,
                                              std::string_view comment) {
  return change_state(
      actor, id, comment, Needs::review,
      [&](storage::Connection& connection, Workflow& workflow) -> std::optional<Problem> {
        if (workflow.state != State::in_review) {
          return problem(Failure::conflict, "authoring_error_not_in_review");
        }
        if (trimmed_empty(comment)) {
          return Problem{.failure = Failure::invalid,
                         .message_key = "authoring_error_comment_missing",
                         .fields = {{"comment", "authoring_error_comment_missing"}},
                         .content = {}};
        }
        const int version = workflow.submitted_version.value_or(workflow.current_version);
        workflow.state = State::draft;
        workflow.submitted_version.reset();
        workflow.last_comment = std::string(comment);
        store_.update_workflow(connection, workflow);
        if (!workflow.published_version) {
          library_.resources().set_status(connection, id, "draft");
        }
        transition(connection, actor, workflow, version, "in_review", "draft", comment);
        return std::nullopt;
      });
}

Outcome<Workflow> AuthoringService::publish(const Actor& actor, std::string_view id,
                                            std::string_view comment) {
  return change_state(
      actor, id, comment, Needs::review,
      [&](storage::Connection& connection, Workflow& workflow) -> std::optional<Problem> {
        if (workflow.state != State::in_review || !workflow.submitted_version) {
          return problem(Failure::conflict, "authoring_error_not_in_review");
        }
        const auto version = store_.version(connection, id, *workflow.submitted_version);
        if (!version) {
          return absent();
        }
        // Four eyes: whoever wrote the version cannot be the one who publishes it.
        if (version->author_id == actor.principal.user_id) {
          return problem(Failure::refused, "authoring_error_own_version");
        }
        // Checked again: a media file may have gone since the submission.
        if (auto unfit = unfit_for_pupils(connection, id, version->number)) {
          return unfit;
        }
        std::optional<std::string> attribution;
        if (workflow.origin_resource_id) {
          attribution =
              json::serialize(json::object{{"resource_id", *workflow.origin_resource_id},
                                           {"title", workflow.origin_title.value_or("")},
                                           {"country", workflow.origin_country.value_or("")},
                                           {"version", workflow.origin_version.value_or(1)},
                                           {"licence", workflow.origin_licence.value_or("")}});
        }
        library_.resources().write_published(connection, projection_of(workflow, version->content),
                                             version->number, version->id, attribution,
                                             version->content.questions);
        if (!version->content.node_id.empty()) {
          const auto result = library_.placements().place(
              connection, catalog::PlacementRequest{.country_code = workflow.country_code,
                                                    .resource_id = std::string(id),
                                                    .node_id = version->content.node_id,
                                                    .position = std::nullopt,
                                                    .placed_by = actor.principal.user_id});
          // Already placed there by an earlier publication: nothing to do.
          if (!result && result.error().failure != catalog::EditFailure::conflict) {
            return Problem{.failure = Failure::invalid,
                           .message_key = "authoring_error_node",
                           .fields = {{"node_id", "authoring_error_node"}},
                           .content = {}};
          }
        }
        workflow.state = State::published;
        workflow.published_version = version->number;
        workflow.submitted_version.reset();
        workflow.last_comment.reset();
        // A teacher's resource published by the country's reviewers belongs to everyone; its
        // class keeps it in its list, now at the published version.
        if (workflow.class_id) {
          workflow.class_version = version->number;
        }
        store_.update_workflow(connection, workflow);
        transition(connection, actor, workflow, version->number, "in_review", "published", comment);
        return std::nullopt;
      });
}

Outcome<Workflow> AuthoringService::unpublish(const Actor& actor, std::string_view id,
                                              std::string_view comment) {
  return change_state(
      actor, id, comment, Needs::review,
      [&](storage::Connection& connection, Workflow& workflow) -> std::optional<Problem> {
        if (!workflow.published_version || workflow.state == State::unpublished) {
          return problem(Failure::conflict, "authoring_error_not_published");
        }
        const State before = workflow.state;
        workflow.state = State::unpublished;
        workflow.submitted_version.reset();
        store_.update_workflow(connection, workflow);
        library_.resources().set_status(connection, id, "unpublished");
        transition(connection, actor, workflow, *workflow.published_version, state_name(before),
                   "unpublished", comment);
        return std::nullopt;
      });
}

Outcome<Workflow> AuthoringService::share_with_class(const Actor& actor, std::string_view id,
                                                     std::string_view comment) {
  return change_state(
      actor, id, comment, Needs::edit,
      [&](storage::Connection& connection, Workflow& workflow) -> std::optional<Problem> {
        // Only the class's own teachers share with it; the country's editors publish instead.
        const auto path = workflow.class_id ? class_path(*workflow.class_id) : std::nullopt;
        if (!path || !accounts::is_allowed(actor.principal, Permission::content_class, *path)) {
          return problem(Failure::refused, "authoring_error_not_class_teacher");
        }
        if (workflow.class_version == workflow.current_version) {
          return problem(Failure::conflict, "authoring_error_already_shared");
        }
        if (auto unfit = unfit_for_pupils(connection, id, workflow.current_version)) {
          return unfit;
        }
        workflow.class_version = workflow.current_version;
        store_.update_workflow(connection, workflow);
        transition(connection, actor, workflow, workflow.current_version,
                   state_name(workflow.state), "shared", comment);
        return std::nullopt;
      });
}

Outcome<Workflow> AuthoringService::adapt(const Actor& actor, std::string_view origin_id,
                                          std::string country) {
  const accounts::Principal& who = actor.principal;
  std::transform(country.begin(), country.end(), country.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const auto countries = countries_with(who, Permission::content_edit);
  if (country.empty() && countries.size() == 1) {
    country = countries.front();
  }
  if (country.empty() ||
      !accounts::is_allowed(who, Permission::content_edit, {.country_code = country})) {
    return problem(Failure::refused, "authoring_error_not_editor");
  }
  const auto origin =
      core::is_valid_id(origin_id) ? library_.resources().find_published(origin_id) : std::nullopt;
  if (!origin) {
    return absent();
  }
  if (origin->origin_country == country) {
    return problem(Failure::invalid, "authoring_error_adapt_own_country");
  }
  if (adapt_rule(origin->licence) == AdaptRule::refused) {
    return problem(Failure::refused, "authoring_error_adapt_forbidden");
  }
  const auto origin_workflow = store_.workflow(origin_id);
  const int origin_version = origin_workflow && origin_workflow->published_version
                                 ? *origin_workflow->published_version
                                 : 1;
  Content content = content_of(*origin);
  if (origin_workflow && origin_workflow->published_version) {
    if (const auto published = store_.version(origin_id, *origin_workflow->published_version)) {
      content.questions = published->content.questions;
    }
  }
  Workflow workflow;
  workflow.country_code = country;
  workflow.state = State::draft;
  workflow.title = content.title;
  workflow.current_version = 1;
  workflow.origin_resource_id = origin->id;
  workflow.origin_version = origin_version;
  workflow.origin_country = origin->origin_country;
  workflow.origin_title = origin->title;
  workflow.origin_licence = origin->licence;
  workflow.created_by = who.user_id;
  catalog::Resource resource = projection_of(workflow, content);
  resource.status = "draft";
  {
    auto connection = store_.database().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    library_.resources().insert(*connection, resource);
    workflow.resource_id = resource.id;
    store_.insert_workflow(*connection, workflow);
    const std::string comment =
        "adapted from " + origin->id + " version " + std::to_string(origin_version);
    store_.append_version(*connection, resource.id, 1, content, who.user_id, comment);
    transition(*connection, actor, workflow, 1, "", "adapted", comment);
    transaction.commit();
  }  // the write connection is released: the question bank takes its own
  // The set's own questions, in the adapter's bank, so that saving the set keeps them.
  if (content.kind == "exercise_set" && content.questions && options_.copy_questions) {
    options_.copy_questions(*content.questions, origin->id, resource.id, country, who.user_id);
  }
  return workflow;
}

std::optional<int> AuthoringService::origin_newer_version(const Workflow& workflow) {
  if (!workflow.origin_resource_id) {
    return std::nullopt;
  }
  const auto origin = store_.workflow(*workflow.origin_resource_id);
  if (origin && origin->published_version && origin->state == State::published &&
      *origin->published_version > workflow.origin_version.value_or(0)) {
    return origin->published_version;
  }
  return std::nullopt;
}

Outcome<Opened> AuthoringService::open(const Actor& actor, std::string_view id) {
  if (!core::is_valid_id(id)) {
    return absent();
  }
  auto workflow = store_.workflow(id);
  if (!workflow) {
    return absent();
  }
  const Rights can = rights(actor, *workflow);
  if (!can.view()) {
    return absent();
  }
  auto current = store_.version(id, workflow->current_version);
  if (!current) {
    return absent();
  }
  return Opened{.workflow = *workflow,
                .current = std::move(*current),
                .rights = can,
                .transitions = store_.transitions(id),
                .origin_newer_version = origin_newer_version(*workflow)};
}

Outcome<std::vector<Version>> AuthoringService::history(const Actor& actor, std::string_view id) {
  if (!core::is_valid_id(id)) {
    return absent();
  }
  const auto workflow = store_.workflow(id);
  if (!workflow || !rights(actor, *workflow).view()) {
    return absent();
  }
  return store_.versions(id);
}

Outcome<std::pair<Version, Version>> AuthoringService::compare(const Actor& actor,
                                                               std::string_view id, int from,
                                                               int to) {
  if (!core::is_valid_id(id)) {
    return absent();
  }
  const auto workflow = store_.workflow(id);
  if (!workflow) {
    return absent();
  }
  if (!rights(actor, *workflow).view()) {
    const bool some_editor = !countries_with(actor.principal, Permission::content_edit).empty() ||
                             !countries_with(actor.principal, Permission::content_review).empty();
    if (!some_editor || !store_.was_published(id, from) || !store_.was_published(id, to)) {
      return absent();
    }
  }
  auto before = store_.version(id, from);
  auto after = store_.version(id, to);
  if (!before || !after) {
    return problem(Failure::not_found, "authoring_error_no_version");
  }
  return std::make_pair(std::move(*before), std::move(*after));
}

Outcome<Version> AuthoringService::class_view(const Actor& actor, std::string_view id) {
  if (!core::is_valid_id(id)) {
    return absent();
  }
  const auto workflow = store_.workflow(id);
  if (!workflow || !workflow->class_id) {
    return absent();
  }
  const Rights can = rights(actor, *workflow);
  if (!can.member) {
    return absent();
  }
  // Those who write it read their latest version; pupils read the version shared with them,
  // named by its UUID: exactly the one the teacher shared, whatever a sync brings in later.
  const std::optional<std::string>& shown =
      can.edit ? workflow->current_version_id : workflow->class_version_id;
  if (!shown) {
    return absent();
  }
  auto version = store_.version_by_id(id, *shown);
  if (!version) {
    return absent();
  }
  return std::move(*version);
}

std::vector<WorkflowSummary> AuthoringService::class_resources(const Actor& actor) {
  std::vector<WorkflowSummary> out;
  for (const auto& grant : actor.principal.grants) {
    if (grant.scope.kind != ScopeKind::class_) {
      continue;
    }
    const bool teaches = accounts::role_grants_permission(grant.role, Permission::content_class);
    for (auto& item : store_.of_class(grant.scope.id, 100)) {
      const bool listed = std::any_of(out.begin(), out.end(), [&](const auto& known) {
        return known.resource_id == item.resource_id;
      });
      if (!listed && (teaches || item.class_version)) {
        out.push_back(std::move(item));
      }
    }
  }
  return out;
}

Dashboard AuthoringService::dashboard(const Actor& actor) {
  Dashboard out;
  const accounts::Principal& who = actor.principal;
  out.edit_countries = countries_with(who, Permission::content_edit);
  out.review_countries = countries_with(who, Permission::content_review);
  for (const auto& grant : who.grants) {
    if (grant.scope.kind == ScopeKind::class_ &&
        accounts::role_grants_permission(grant.role, Permission::content_class)) {
      out.teaching_classes.push_back(grant.scope.id);
    }
  }
  for (const auto& country : out.edit_countries) {
    for (auto& item : store_.in_country(country, std::nullopt, 50)) {
      // Teachers' resources not yet submitted stay with their class.
      if (!item.class_id || item.state == State::in_review || item.published_version) {
        out.country_work.push_back(std::move(item));
      }
    }
  }
  for (const auto& country : out.review_countries) {
    for (auto& item : store_.in_country(country, State::in_review, 50)) {
      out.queue.push_back(std::move(item));
    }
  }
  out.mine = store_.created_by(who.user_id, 50);
  for (const auto* list : {&out.country_work, &out.mine}) {
    for (const auto& item : *list) {
      if (!item.origin_resource_id ||
          std::find(out.origin_updates.begin(), out.origin_updates.end(), item.resource_id) !=
              out.origin_updates.end()) {
        continue;
      }
      if (const auto workflow = store_.workflow(item.resource_id);
          workflow && origin_newer_version(*workflow)) {
        out.origin_updates.push_back(item.resource_id);
      }
    }
  }
  return out;
}

}  // namespace imaginecole::authoring
