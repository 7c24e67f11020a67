// SPDX-License-Identifier: AGPL-3.0-or-later
// Published resources that came in without the workflow (the demo data, a catalogue import)
// get one: a first version holding what pupils see, so that editors can change them like any
// other resource, with history, review and diff.
#include "authoring/authoring_service.hpp"
#include "catalog/library.hpp"

namespace imaginecole::authoring {

namespace {

// How many resources one transaction adopts.
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
  for (;;) {
    auto connection = store_.database().write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    const auto rows = connection->query(
        "SELECT r.id, r.questions FROM resources r LEFT JOIN resource_workflow w ON w.id = r.id "
        "WHERE w.id IS NULL AND r.status = 'published' ORDER BY r.id LIMIT ?",
        {kBatch});
    if (rows.rows.empty()) {
      return adopted;
    }
    for (const auto& row : rows.rows) {
      const std::string id = row.text(0);
      const auto resource = library_.resources().find_published(id);
      if (!resource) {
        continue;
      }
      Content content = content_of(*resource);
      if (content.kind == "exercise_set") {
        content.questions = row.text(1);
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
