// SPDX-License-Identifier: AGPL-3.0-or-later
// What other capabilities read of the library's resources: the exercise bank, authoring's
// adoption of imported resources, the media library's "what uses this file". Each runs on the
// caller's connection, so inside the caller's transaction when it has one (a service lends its
// connection; it never opens a second one).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::catalog {

// The country an exercise set was written for; nullopt when `resource_id` is no exercise set.
std::optional<std::string> exercise_set_country(storage::Connection& connection,
                                                std::string_view resource_id);

// The questions (JSON array) a published exercise set shows; nullopt when `resource_id` is not
// a published exercise set.
std::optional<std::string> published_set_questions(storage::Connection& connection,
                                                   std::string_view resource_id);

// A published exercise set as a pupil answers it: its questions (JSON array) and the version
// they come from; nullopt when `resource_id` is not a published exercise set.
struct PublishedSet {
  std::string questions;
  std::string version_id;  // resource_versions.id; "" for a set published before versions
  std::string origin_country;
};
std::optional<PublishedSet> published_set(storage::Connection& connection,
                                          std::string_view resource_id);

// The language an exercise set is written in ("fr"); nullopt when `resource_id` is not a
// published exercise set. The player marks its questions with it and labels them in it.
std::optional<std::string> published_set_language(storage::Connection& connection,
                                                  std::string_view resource_id);

// The id of the resource of `kind` written for `origin_country` under exactly this title.
std::optional<std::string> resource_id_by_title(storage::Connection& connection,
                                                std::string_view kind,
                                                std::string_view origin_country,
                                                std::string_view title);

struct PublishedResourceRow {
  std::string id;
  std::string questions;  // the JSON array of an exercise set's questions; "" otherwise
};
// Published resources with an id above `after_id` ("" from the start), in id order.
std::vector<PublishedResourceRow> published_after(storage::Connection& connection,
                                                  std::string_view after_id, std::int64_t limit);

struct ResourceTitle {
  std::string id;
  std::string title;
};
// Resources whose current text (body, questions) contains `text_pattern` (a LIKE pattern) or
// whose main file is `media_hash`.
std::vector<ResourceTitle> resources_referring_to(storage::Connection& connection,
                                                  std::string_view text_pattern,
                                                  std::string_view media_hash);
// A resource's title; nullopt for an unknown id.
std::optional<std::string> resource_title(storage::Connection& connection, std::string_view id);

}  // namespace imaginecole::catalog
