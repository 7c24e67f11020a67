// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/routes.hpp"

#include <boost/json.hpp>
#include <fstream>

#include "accounts/accounts.hpp"
#include "accounts/audit_log.hpp"
#include "accounts/csrf.hpp"
#include "accounts/permissions.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "http/byte_range.hpp"
#include "http/etag.hpp"
#include "http/multipart.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::media {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

constexpr std::string_view kUploadAccess = "media.upload";
// Absent, or in a scope the caller does not work in: the same answer.
constexpr std::string_view kAbsent = "Ce fichier n'est pas dans la médiathèque.";
constexpr std::string_view kInUse =
    "Ce fichier est utilisé par des ressources (ou leurs versions enregistrées) : il n'a pas été "
    "supprimé.";

http::Response serve_file(const MediaStore& store, http::Request& request,
                          const std::string& hash) {
  const auto path = store.find(hash);
  if (!path) {
    return web::error_page(request, 404, "No such file.");
  }
  std::string head(64, '\0');
  {
    std::ifstream in(*path, std::ios::binary);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
  }
  // The type comes from the bytes; anything unknown is a download, never rendered inline.
  const auto type = sniff_media_type(head);
  return serve_download(request, *path, hash,
                        DownloadOptions{.content_type = type.value_or("application/octet-stream"),
                                        .disposition = type ? "" : "attachment"});
}

json::object record_json(const MediaRecord& record, const std::optional<MediaJob>& job,
                         bool video_jobs) {
  json::array renditions;
  for (const Rendition& r : record.renditions) {
    renditions.push_back(json::object{{"variant", r.variant},
                                      {"hash", r.hash},
                                      {"url", "/media/" + r.hash},
                                      {"type", r.type},
                                      {"width", r.width},
                                      {"height", r.height},
                                      {"size", r.size}});
  }
  json::object out{{"hash", record.hash},
                   {"type", record.type},
                   {"size", record.size},
                   {"url", "/media/" + record.hash},
                   {"original_name", record.original_name},
                   {"renditions", std::move(renditions)},
                   {"created_at", record.created_at}};
  if (record.width > 0) {
    out["width"] = record.width;
    out["height"] = record.height;
  }
  if (record.duration_ms > 0) {
    out["duration_ms"] = record.duration_ms;
  }
  if (!record.country_code.empty()) {
    out["country"] = record.country_code;
  }
  if (record.type.starts_with("video/")) {
    out["video_jobs_available"] = video_jobs;
    if (job) {
      out["job"] = json::object{{"state", job->state},
                                {"progress", job->progress},
                                {"message", job->message},
                                {"updated_at", job->updated_at}};
    } else {
      out["job"] = nullptr;
    }
  }
  return out;
}

Response json_answer(const json::value& value, int status) {
  Response response = Response::json(json::serialize(value), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

std::string last_segment(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  std::string out(slash == std::string_view::npos ? name : name.substr(slash + 1));
  std::erase_if(out, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  return out.substr(0, 200);
}

// "%C3%A9" in X-Filename (headers are ASCII) → "é".
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') {
          return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
          return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
          return c - 'A' + 10;
        }
        return -1;
      };
      const int high = hex(text[i + 1]);
      const int low = hex(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// The country an upload belongs to: ?country= when the uploader works there, else the country
// of their first country-wide grant, else none.
std::string upload_country(const Request& request, const accounts::SignedIn& who) {
  const auto asked = request.query_param("country");
  for (const accounts::RoleGrant& grant : who.grants) {
    if (grant.scope.kind == accounts::ScopeKind::platform && asked && asked->size() == 2) {
      return *asked;
    }
    if (grant.scope.kind == accounts::ScopeKind::country && (!asked || *asked == grant.scope.id)) {
      return grant.scope.id;
    }
  }
  return {};
}

struct MediaRoutes {
  MediaLibrary& library;
  accounts::Accounts& accounts;

  struct Authorized {
    accounts::Caller who;
    std::optional<Response> refusal;
  };
  Authorized authorize(const Request& request) {
    Authorized out;
    accounts::AccessCheck check = accounts.authenticator().check(request, kUploadAccess);
    if (!check.allowed()) {
      out.refusal = web::error_page(request, check.status, check.message);
      return out;
    }
    out.who = std::move(check.signed_in);
    return out;
  }

  UploadOutcome store(const Request& request, const accounts::SignedIn& who, std::string_view bytes,
                      const std::string& name) {
    return library.upload(Upload{.bytes = bytes,
                                 .original_name = last_segment(name),
                                 .uploaded_by = who.user.id,
                                 .country_code = upload_country(request, who)});
  }

  // POST /api/v1/media: the file as the body (Content-Type and X-Filename say what the
  // client thinks it is), or a multipart form with a "file" part.
  Response api_upload(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    std::string name(request.header("x-filename").value_or(""));
    name = percent_decoded(name);
    // A spooled body is mapped, never read into memory; the file part is a view of it.
    std::optional<http::BodyBytes> raw;
    http::MultipartForm form;
    std::string_view bytes;
    if (request.header("content-type").value_or("").starts_with("multipart/form-data")) {
      try {
        form = http::parse_multipart_form_views(request);
      } catch (const InvalidInput& error) {
        return web::error_page(request, 400, error.what());
      }
      const http::FormPartView* file = form.find("file");
      if (file == nullptr) {
        return web::error_page(request, 400, "Le formulaire n'a pas de champ « file ».");
      }
      bytes = file->body;
      name = file->filename;
    } else {
      raw.emplace(request);
      bytes = raw->view();
    }
    const UploadOutcome outcome = store(request, *auth.who, bytes, name);
    if (outcome.status != 0) {
      return web::error_page(request, outcome.status, outcome.message);
    }
    return json_answer(
        record_json(as_seen_by(*auth.who, outcome, name), library.job(outcome.record.hash),
                    library.video_jobs_available()),
        outcome.created ? 201 : 200);
  }

  // The record an uploader is shown. Bytes that another country already had keep that
  // country's record (one per hash), but its original name, country and uploader are theirs:
  // the second uploader sees the name they sent and the facts of the bytes, nothing more.
  static MediaRecord as_seen_by(const accounts::SignedIn& who, const UploadOutcome& outcome,
                                const std::string& sent_name) {
    if (outcome.created || may_manage(who, outcome.record)) {
      return outcome.record;
    }
    MediaRecord seen = outcome.record;
    seen.original_name = last_segment(sent_name);
    seen.country_code.clear();
    seen.uploaded_by.clear();
    seen.id.clear();
    return seen;
  }

  // May `who` see the details of this record and delete it? Its uploader may; otherwise a
  // media.upload grant covering the record's country (platform grants for records without).
  static bool may_manage(const accounts::SignedIn& who, const MediaRecord& record) {
    if (!record.uploaded_by.empty() && record.uploaded_by == who.user.id) {
      return true;
    }
    return accounts::is_allowed(who.principal(), accounts::Permission::media_upload,
                                accounts::ScopePath{.country_code = record.country_code});
  }

  RemoveOutcome remove(const Request& request, const accounts::SignedIn& who,
                       const std::string& hash) {
    return library.remove(hash, [&](storage::Connection& connection, const MediaRecord& record) {
      accounts::AuditEntry entry;
      entry.actor_id = who.user.id;
      entry.action = "media.delete";
      entry.target_kind = "media";
      entry.target_id = record.id;
      if (!record.country_code.empty()) {
        entry.scope_kind = "country";
        entry.scope_id = record.country_code;
      } else {
        entry.scope_kind = "platform";
      }
      entry.remote_address = request.remote_address;
      entry.details = json::serialize(json::object{{"hash", record.hash},
                                                   {"type", record.type},
                                                   {"size", record.size},
                                                   {"original_name", record.original_name}});
      accounts.audit().record(connection, entry);
    });
  }

  static json::array uses_json(const std::vector<MediaUse>& uses) {
    json::array out;
    for (const MediaUse& use : uses) {
      json::array versions;
      for (const int number : use.versions) {
        versions.push_back(number);
      }
      out.push_back(json::object{{"kind", use.kind},
                                 {"id", use.id},
                                 {"title", use.title},
                                 {"current", use.current},
                                 {"versions", std::move(versions)}});
    }
    return out;
  }

  // DELETE /api/v1/media/{hash}
  Response api_delete(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    const std::string hash = request.path_param("hash").value_or("");
    const auto record = library.find(hash);
    if (!record || !may_manage(*auth.who, *record)) {
      return web::error_page(request, 404, kAbsent);
    }
    const RemoveOutcome outcome = remove(request, *auth.who, hash);
    if (!outcome.found) {
      return web::error_page(request, 404, kAbsent);
    }
    if (!outcome.removed) {
      return json_answer(json::object{{"error", json::object{{"status", 409}, {"message", kInUse}}},
                                      {"used_by", uses_json(outcome.uses)}},
                         409);
    }
    return json_answer(
        json::object{{"deleted", hash}, {"files_removed", outcome.files_removed.size()}}, 200);
  }

  Response api_show(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    const std::string hash = request.path_param("hash").value_or("");
    const auto record = library.find(hash);
    // Another country's file: the same answer as no file (the bytes stay public at /media/).
    if (!record || !may_manage(*auth.who, *record)) {
      return web::error_page(request, 404, kAbsent);
    }
    return json_answer(record_json(*record, library.job(hash), library.video_jobs_available()),
                       200);
  }

  Response serve_variant(Request& request) {
    const std::string hash = request.path_param("hash").value_or("");
    const std::string variant = request.path_param("variant").value_or("");
    const auto record = library.find(hash);
    if (record) {
      for (const Rendition& rendition : record->renditions) {
        if (rendition.variant == variant) {
          return serve_file(library.store(), request, rendition.hash);
        }
      }
    }
    return web::error_page(request, 404, "No such file.");
  }

  web::TemplateData record_row(const MediaRecord& record, const web::Catalogue& messages) {
    web::TemplateData row;
    row.set("hash", record.hash);
    row.set("short_hash", record.hash.substr(0, 12));
    row.set("url", "/media/" + record.hash);
    row.set("page", "/edit/media/" + record.hash);
    row.set("type", record.type);
    row.set("name",
            record.original_name.empty() ? record.hash.substr(0, 12) : record.original_name);
    row.set("size", std::to_string((record.size + 1023) / 1024) + " Kio");
    row.set("is_image", record.type.starts_with("image/"));
    row.set("is_video", record.type.starts_with("video/"));
    row.set("is_audio", record.type.starts_with("audio/"));
    if (record.width > 0) {
      row.set("dimensions", std::to_string(record.width) + " × " + std::to_string(record.height));
    }
    row.set("snippet", "![" + std::string(messages.get("media_describe_here")) + "](/media/" +
                           record.hash + ")");
    web::TemplateList renditions;
    for (const Rendition& r : record.renditions) {
      web::TemplateData item;
      item.set("variant", r.variant);
      item.set("url", "/media/" + r.hash);
      item.set("type", r.type);
      item.set("width", std::to_string(r.width));
      item.set("size", std::to_string((r.size + 1023) / 1024) + " Kio");
      renditions.push_back(item);
    }
    row.set("renditions", web::TemplateData(renditions));
    row.set("has_renditions", !record.renditions.empty());
    return row;
  }

  Response upload_page(Request& request, const accounts::SignedIn& who, int status,
                       const std::string& message) {
    const std::string& lang = web::choose_language(request);
    const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
    web::Page page;
    page.title = std::string(messages.get("media_title"));
    page.template_name = "media/templates/media_library";
    page.status = status;
    page.breadcrumbs = {{std::string(messages.get("home_title")), "/"}, {page.title, ""}};
    page.data.set("csrf", accounts::csrf_token_for(who.session));
    const MediaLimits& limits = library.limits();
    page.data.set("limit_image", std::to_string(limits.image_bytes >> 20));
    page.data.set("limit_audio", std::to_string(limits.audio_bytes >> 20));
    page.data.set("limit_video", std::to_string(limits.video_bytes >> 20));
    page.data.set("limit_document", std::to_string(limits.document_bytes >> 20));
    if (!message.empty()) {
      page.data.set("message", message);
    }
    web::TemplateList rows;
    // The newest files this person may manage (their own, their country's).
    for (const MediaRecord& record : library.recent(300)) {
      if (may_manage(who, record)) {
        rows.push_back(record_row(record, messages));
      }
      if (rows.size() == 30) {
        break;
      }
    }
    page.data.set("recent", web::TemplateData(rows));
    page.data.set("has_recent", !rows.empty());
    Response response = web::render_page(request, page);
    response.set_header("Cache-Control", "no-store");
    return response;
  }

  // The images `who` may use, newest first: what the editor's picture picker offers.
  std::vector<MediaRecord> pickable_images(const accounts::SignedIn& who) {
    std::vector<MediaRecord> out;
    for (MediaRecord& record : library.recent(300)) {
      if (record.type.starts_with("image/") && may_manage(who, record)) {
        out.push_back(std::move(record));
      }
      if (out.size() == 60) {
        break;
      }
    }
    return out;
  }

  // A small picture for the list: the smallest rendition, else the original.
  static std::string thumbnail_url(const MediaRecord& record) {
    const Rendition* smallest = nullptr;
    for (const Rendition& r : record.renditions) {
      if (r.width > 0 && (smallest == nullptr || r.width < smallest->width)) {
        smallest = &r;
      }
    }
    return "/media/" + (smallest != nullptr ? smallest->hash : record.hash);
  }

  // GET /edit/media/pick?for={resource id}: the library's images, each with a description
  // field and an "Insérer" button that posts to the editor (authoring/image_insert.cpp).
  Response picker_page(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    const std::string& lang = web::choose_language(request);
    const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
    const std::string resource = request.query_param("for").value_or("");
    if (!core::is_valid_id(resource)) {
      return web::error_page(request, 400, messages.get("editor_picker_no_resource"));
    }
    web::Page page;
    page.title = std::string(messages.get("editor_picker_title"));
    page.template_name = "media/templates/media_picker";
    page.breadcrumbs = {
        {std::string(messages.get("home_title")), "/"},
        {std::string(messages.get("authoring_title")), "/edit"},
        {std::string(messages.get("editor_back_to_draft")), "/edit/resources/" + resource},
        {page.title, ""}};
    page.data.set("csrf", accounts::csrf_token_for(auth.who->session));
    page.data.set("action_url", "/edit/resources/" + resource + "/insert-image");
    page.data.set("back_url", "/edit/resources/" + resource);
    web::TemplateList rows;
    for (const MediaRecord& record : pickable_images(*auth.who)) {
      web::TemplateData row = record_row(record, messages);
      row.set("thumbnail", thumbnail_url(record));
      rows.push_back(std::move(row));
    }
    page.data.set("images", web::TemplateData(rows));
    page.data.set("has_images", !rows.empty());
    Response response = web::render_page(request, page);
    response.set_header("Cache-Control", "no-store");
    return response;
  }

  // GET /api/v1/media?type=image: the same list for the editor's insert dialog (editor.js).
  Response api_images(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    json::array items;
    for (const MediaRecord& record : pickable_images(*auth.who)) {
      items.push_back(json::object{{"hash", record.hash},
                                   {"name", record.original_name},
                                   {"url", "/media/" + record.hash},
                                   {"thumbnail", thumbnail_url(record)},
                                   {"width", record.width},
                                   {"height", record.height}});
    }
    Response response;
    response.set_header("Content-Type", "application/json; charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    response.body = json::serialize(json::object{{"images", std::move(items)}});
    return response;
  }

  Response library_page(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    std::string message;
    if (request.query_param("deleted") == "1") {
      const web::Catalogue& messages =
          web::Messages::instance().catalogue(web::choose_language(request));
      message = std::string(messages.get("media_delete_done"));
    }
    return upload_page(request, *auth.who, 200, message);
  }

  Response form_upload(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    http::MultipartForm form;
    try {
      form = http::parse_multipart_form_views(request);
    } catch (const InvalidInput& error) {
      return upload_page(request, *auth.who, 400, error.what());
    }
    const http::FormPartView* file = form.find("file");
    if (file == nullptr || file->body.empty()) {
      return upload_page(request, *auth.who, 400, "Choisissez un fichier à envoyer.");
    }
    const UploadOutcome outcome = store(request, *auth.who, file->body, file->filename);
    if (outcome.status != 0) {
      return upload_page(request, *auth.who, outcome.status, outcome.message);
    }
    if (!outcome.created && !may_manage(*auth.who, outcome.record)) {
      // Another country's file: its page is not for this person; its public address is.
      const web::Catalogue& messages =
          web::Messages::instance().catalogue(web::choose_language(request));
      return upload_page(request, *auth.who, 200,
                         std::string(messages.get("media_already_stored")) + " ![" +
                             std::string(messages.get("media_describe_here")) + "](/media/" +
                             outcome.record.hash + ")");
    }
    return Response::redirect("/edit/media/" + outcome.record.hash);
  }

  // POST /edit/media/{hash}/delete: the form of the file's page (CSRF + "je confirme").
  Response form_delete(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    const auto fields = http::parse_form(request.body);
    const auto field = [&](std::string_view name) -> std::string {
      for (const auto& [key, value] : fields) {
        if (key == name) {
          return value;
        }
      }
      return {};
    };
    const std::string hash = request.path_param("hash").value_or("");
    const auto record = library.find(hash);
    if (!record || !may_manage(*auth.who, *record)) {
      return web::error_page(request, 404, kAbsent);
    }
    if (field("confirm") != "1") {
      return item_page(request, *auth.who, *record, 400, "media_delete_need_confirm", {});
    }
    const RemoveOutcome outcome = remove(request, *auth.who, hash);
    if (!outcome.found) {
      return web::error_page(request, 404, kAbsent);
    }
    if (!outcome.removed) {
      return item_page(request, *auth.who, *record, 409, "media_delete_in_use", outcome.uses);
    }
    return Response::redirect("/edit/media?deleted=1");
  }

  Response media_page(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    const std::string hash = request.path_param("hash").value_or("");
    const auto record = library.find(hash);
    if (!record || !may_manage(*auth.who, *record)) {
      return web::error_page(request, 404, kAbsent);
    }
    return item_page(request, *auth.who, *record, 200, "", {});
  }

  Response item_page(Request& request, const accounts::SignedIn& who, const MediaRecord& found,
                     int status, std::string_view message_key, const std::vector<MediaUse>& uses) {
    const MediaRecord* record = &found;
    const std::string& hash = record->hash;
    const std::string& lang = web::choose_language(request);
    const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
    web::Page page;
    page.title = record->original_name.empty() ? record->hash.substr(0, 12) : record->original_name;
    page.template_name = "media/templates/media_item";
    page.status = status;
    page.breadcrumbs = {{std::string(messages.get("home_title")), "/"},
                        {std::string(messages.get("media_title")), "/edit/media"},
                        {page.title, ""}};
    page.data = record_row(*record, messages);
    if (may_manage(who, *record)) {
      page.data.set("can_delete", true);
      page.data.set("csrf", accounts::csrf_token_for(who.session));
      page.data.set("delete_action", "/edit/media/" + hash + "/delete");
    }
    if (!message_key.empty()) {
      page.data.set("message", std::string(messages.get(std::string(message_key))));
    }
    web::TemplateList use_rows;
    for (const MediaUse& use : uses) {
      web::TemplateData row;
      row.set("title", use.title.empty() ? use.id : use.title);
      if (use.kind == "resource") {
        row.set("link", "/edit/resources/" + use.id);
      } else {
        row.set("is_question", true);
      }
      row.set("current", use.current);
      std::string versions;
      for (const int number : use.versions) {
        versions += (versions.empty() ? "" : ", ") + std::to_string(number);
      }
      if (!versions.empty()) {
        row.set("versions", versions);
      }
      use_rows.push_back(row);
    }
    page.data.set("uses", web::TemplateData(use_rows));
    page.data.set("has_uses", !use_rows.empty());
    const auto job = library.job(hash);
    bool refresh = false;
    if (record->type.starts_with("video/")) {
      web::TemplateData job_data;
      if (!job) {
        job_data.set("state_label", std::string(messages.get("media_job_none")));
      } else {
        job_data.set("state_label", std::string(messages.get("media_job_" + job->state)));
        job_data.set("progress", std::to_string(job->progress));
        job_data.set("message", job->message);
        refresh = job->state == "queued" || job->state == "running";
        job_data.set("refresh", refresh);
      }
      page.data.set("job", job_data);
    }
    Response response = web::render_page(request, page);
    response.set_header("Cache-Control", "no-store");
    if (refresh && status == 200) {
      response.set_header("Refresh", "3");
    }
    return response;
  }
};

}  // namespace

http::Response serve_download(http::Request& request, const std::filesystem::path& path,
                              std::string_view identity, const DownloadOptions& options) {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) {
    return web::error_page(request, 404, "No such file.");
  }
  const std::string etag = http::strong_etag(identity);
  http::Response response;
  response.set_header("Content-Type", options.content_type);
  if (!options.disposition.empty()) {
    response.set_header("Content-Disposition", options.disposition);
  }
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("ETag", etag);
  response.set_header("Accept-Ranges", "bytes");
  response.set_header("Cache-Control", options.cache_control);
  if (const auto inm = request.header("if-none-match");
      inm && http::if_none_match_matches(*inm, etag)) {
    http::Response not_modified = http::Response::not_modified(etag);
    not_modified.set_header("Cache-Control", options.cache_control);
    return not_modified;
  }

  http::ByteRange range;
  if (const auto header = request.header("range")) {
    // If-Range with another validator means "the file changed: send all of it".
    const auto if_range = request.header("if-range");
    if (!if_range || *if_range == etag) {
      range = http::ByteRange::parse(*header).resolve(size);
    }
  }
  if (range.kind() == http::ByteRange::Kind::unsatisfiable) {
    http::Response refused =
        web::error_page(request, 416, "The requested range is outside the file.");
    refused.set_header("Content-Range", range.content_range(size));
    return refused;
  }
  if (range.kind() == http::ByteRange::Kind::satisfiable) {
    response.status = 206;
    response.set_header("Content-Range", range.content_range(size));
    response.file = http::FileBody{.path = path, .offset = range.first(), .length = range.length()};
  } else {
    response.file = http::FileBody{.path = path, .offset = 0, .length = size};
  }
  return response;
}

void register_media_routes(http::Router& router, MediaLibrary& library,
                           accounts::Accounts& accounts) {
  auto routes = std::make_shared<MediaRoutes>(MediaRoutes{library, accounts});
  const MediaStore& store = library.store();
  router.get(
      "/media/{hash}",
      [&store](http::Request& request) {
        return serve_file(store, request, request.path_param("hash").value_or(""));
      },
      http::public_route());
  router.get(
      "/media/{hash}/{variant}",
      [routes](http::Request& request) { return routes->serve_variant(request); },
      http::public_route());

  const std::size_t largest = static_cast<std::size_t>(library.limits().largest());
  // Bodies go to a spool file, not memory (a school server has little of it).
  const http::RouteOptions upload_options{.access = std::string(kUploadAccess),
                                          .blocking = true,
                                          .max_body_bytes = largest + 64 * 1024,
                                          .spool_body_to_file = true};
  router.post(
      "/api/v1/media", [routes](http::Request& request) { return routes->api_upload(request); },
      upload_options);
  router.get(
      "/api/v1/media/{hash}",
      [routes](http::Request& request) { return routes->api_show(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
  router.add(
      http::Method::del, "/api/v1/media/{hash}",
      [routes](http::Request& request) { return routes->api_delete(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
  router.post(
      "/edit/media/{hash}/delete",
      [routes](http::Request& request) { return routes->form_delete(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
  router.get(
      "/edit/media", [routes](http::Request& request) { return routes->library_page(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
  router.post(
      "/edit/media", [routes](http::Request& request) { return routes->form_upload(request); },
      upload_options);
  router.get(
      "/edit/media/pick", [routes](http::Request& request) { return routes->picker_page(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
  router.get(
      "/api/v1/media", [routes](http::Request& request) { return routes->api_images(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
  router.get(
      "/edit/media/{hash}",
      [routes](http::Request& request) { return routes->media_page(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
}

}  // namespace imaginecole::media
