// SPDX-License-Identifier: AGPL-3.0-or-later
// Published resources that came in without the workflow (the demo data, a catalogue import)
// get one: a first version holding what pupils see, so that editors can change them like any
// other resource, with history, review and diff.
#include "authoring/authoring_service.hpp"
#include "catalog/library.hpp"
#include "catalog/resource_queries.hpp"

namespace imaginecole::authoring {

namespace {

// How many published resources one transaction looks at (and adopts, when they need it).
constexpr std::int64_t kBatch = 200;

}  // namespace

// The editable fields of a resource as pages show it: what a first version or an adaptation
// starts from (the inverse of the projection written at publication).
Content content_of(const catalog::Resource& resource) {
  Content content;
  content.kind = resource.kind;
  content.title = resource.title;
  content.summary = resource.summary;
  content.body = resource.body;
  content.language = resource.language;
  content.audience = resource.audience;
  content.licence = resource.licence;
  content.authors = resource.authors;
  content.subject_slugs = resource.subject_slugs;
  content.exam_codes = resource.exam_codes;
  content.duration_minutes = resource.duration_minutes;
  return content;
}

int AuthoringService::adopt_published(std::string_view comment) {
  int adopted = 0;
  std::string after;  // published resources are walked in id order, a batch per transaction
  for (;;) {
    auto connection = store_.database().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    const auto rows = catalog::published_after(*connection, after, kBatch);
    if (rows.empty()) {
      return adopted;
    }
    for (const auto& row : rows) {
      const std::string& id = row.id;
      after = id;
      if (store_.workflow(*connection, id)) {
        continue;  // already under the workflow
      }
      const auto resource = library_.resources().find_published(id);
      if (!resource) {
        continue;
      }
      Content content = content_of(*resource);
      if (content.kind == "exercise_set") {
        content.questions = row.questions;
      }
      Workflow workflow;
      workflow.resource_id = id;
      workflow.country_code = resource->origin_country;
      workflow.state = State::published;
      workflow.title = resource->title;
      workflow.current_version = 1;
      workflow.published_version = 1;
      workflow.created_by = std::string(kImportAuthor);
      store_.insert_workflow(*connection, workflow);
      store_.append_version(*connection, id, 1, content, kImportAuthor, comment);
      ++adopted;
    }
    transaction.commit();
  }
}

}  // namespace imaginecole::authoring
