// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/assignment_json.hpp"

#include <boost/json.hpp>

#include <charconv>

#include "core/errors.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;

json::value optional_json(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::object progress_json(const ItemProgress& progress) {
  return json::object{
      {"status", status_name(progress.status)},
      {"attempts", progress.attempts},
      {"answers", progress.answers},
      {"questions_answered", progress.answered},
      {"questions", progress.questions},
      {"best_score", progress.best_score},
      {"last_score", progress.last_score},
      {"waiting_for_mark", progress.waiting_for_mark},
      {"last_at", progress.last_at.empty() ? json::value(nullptr) : json::value(progress.last_at)}};
}

std::string text_field(const json::object& body, std::string_view name, std::string fallback) {
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) {
    return fallback;
  }
  if (!value->is_string()) {
    throw InvalidInput("\"" + std::string(name) + "\" must be a text");
  }
  return std::string(value->as_string());
}

}  // namespace

json::object assignment_json(const AssignmentView& view) {
  const Assignment& a = view.assignment;
  json::array pupils;
  for (const auto& id : a.pupil_ids) {
    pupils.emplace_back(id);
  }
  return json::object{{"id", a.id},
                      {"client_id", a.client_id},
                      {"class", a.class_id},
                      {"resource", a.resource_id},
                      {"title", view.title},
                      {"kind", view.kind},
                      {"group", a.group_name},
                      {"pupils", std::move(pupils)},
                      {"opens_at", a.rules.opens_at},
                      {"due_at", optional_json(a.rules.due_at)},
                      {"mode", a.rules.mode},
                      {"order", a.rules.order},
                      {"attempts_allowed", a.rules.attempts_allowed},
                      {"solutions", a.rules.solutions},
                      {"cancelled", a.cancelled},
                      {"created_at", a.created_at},
                      {"updated_at", a.updated_at}};
}

json::object pupil_assignment_json(const PupilAssignment& mine) {
  json::object out = assignment_json(mine.view);
  out.erase("client_id");
  out.erase("pupils");
  out.erase("group");
  out["class_name"] = mine.class_name;
  out["status"] = status_name(mine.progress.status);
  out["progress"] = progress_json(mine.progress);
  return out;
}

json::object report_json(const ClassReport& report) {
  json::array items;
  for (const auto& item : report.items) {
    json::object entry = assignment_json(item.view);
    entry["questions"] = item.questions;
    items.push_back(std::move(entry));
  }
  json::array pupils;
  for (const auto& row : report.pupils) {
    json::array cells;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      json::object cell = progress_json(row.cells[i].progress);
      cell["assignment"] = report.items[i].view.assignment.id;
      cell["resource"] = report.items[i].view.assignment.resource_id;
      cell["assigned"] = row.cells[i].assigned;
      cells.push_back(std::move(cell));
    }
    pupils.push_back(json::object{{"id", row.pupil.id},
                                  {"display_name", row.pupil.display_name},
                                  {"username", row.pupil.username},
                                  {"started", row.started},
                                  {"items", std::move(cells)}});
  }
  json::array missed;
  for (const auto& question : report.most_missed) {
    missed.push_back(json::object{{"resource", question.resource_id},
                                  {"title", question.resource_title},
                                  {"question", question.question_id},
                                  {"prompt", question.prompt},
                                  {"pupils_answered", question.pupils_answered},
                                  {"pupils_wrong", question.pupils_wrong},
                                  {"share_wrong", question.share_wrong}});
  }
  json::array not_started;
  for (const auto& pupil : report.not_started) {
    not_started.push_back(json::object{{"id", pupil.id}, {"display_name", pupil.display_name}});
  }
  return json::object{{"items", std::move(items)},
                      {"pupils", std::move(pupils)},
                      {"most_missed", std::move(missed)},
                      {"not_started", std::move(not_started)}};
}

json::object mark_json(const Mark& mark) {
  return json::object{
      {"id", mark.id},       {"attempt", mark.attempt_id}, {"marker", mark.marker_id},
      {"score", mark.score}, {"comment", mark.comment},    {"marked_at", mark.marked_at}};
}

AssignmentRequest assignment_request_from(const json::object& body) {
  AssignmentRequest request;
  request.client_id = text_field(body, "client_id", "");
  request.resource_id = text_field(body, "resource", "");
  request.group_name = text_field(body, "group", "");
  request.rules.mode = text_field(body, "mode", "practice");
  request.rules.order = text_field(body, "order", "fixed");
  request.rules.solutions = text_field(body, "solutions", "after_attempt");
  request.rules.opens_at = text_field(body, "opens_at", "");
  if (const auto* due = body.if_contains("due_at"); due != nullptr && !due->is_null()) {
    request.rules.due_at = text_field(body, "due_at", "");
  }
  if (const auto* allowed = body.if_contains("attempts_allowed");
      allowed != nullptr && !allowed->is_null()) {
    if (!allowed->is_int64()) {
      throw InvalidInput("\"attempts_allowed\" must be a whole number (0: unlimited)");
    }
    request.rules.attempts_allowed = allowed->as_int64();
  }
  if (const auto* pupils = body.if_contains("pupils"); pupils != nullptr && !pupils->is_null()) {
    if (!pupils->is_array()) {
      throw InvalidInput("\"pupils\" must be an array of pupils' ids (empty: the whole class)");
    }
    for (const auto& id : pupils->as_array()) {
      if (!id.is_string()) {
        throw InvalidInput("\"pupils\" must be an array of pupils' ids");
      }
      request.pupil_ids.emplace_back(id.as_string());
    }
  }
  return request;
}

AssignmentRequest assignment_request_from(
    const std::vector<std::pair<std::string, std::string>>& form) {
  AssignmentRequest request;
  request.rules.mode = "practice";
  bool whole_class = true;
  for (const auto& [name, value] : form) {
    if (name == "client_id") {
      request.client_id = value;
    } else if (name == "resource") {
      request.resource_id = value;
    } else if (name == "group") {
      request.group_name = value;
    } else if (name == "mode") {
      request.rules.mode = value;
    } else if (name == "order") {
      request.rules.order = value;
    } else if (name == "solutions") {
      request.rules.solutions = value;
    } else if (name == "opens_at") {
      request.rules.opens_at = value;
    } else if (name == "due_at" && !value.empty()) {
      request.rules.due_at = value;
    } else if (name == "who") {
      whole_class = value != "some";
    } else if (name == "pupil") {
      request.pupil_ids.push_back(value);
    } else if (name == "attempts_allowed" && !value.empty()) {
      std::int64_t number = -1;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
      request.rules.attempts_allowed =
          error == std::errc() && end == value.data() + value.size() ? number : -1;
    }
  }
  if (whole_class) {
    request.pupil_ids.clear();
  }
  return request;
}

}  // namespace imaginecole::learning
