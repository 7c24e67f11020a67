// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/routes.hpp"

#include <boost/json.hpp>
#include <fstream>

#include "accounts/accounts.hpp"
#include "accounts/csrf.hpp"
#include "core/errors.hpp"
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

http::Response serve_file(const MediaStore& store, http::Request& request,
                          const std::string& hash) {
  const auto path = store.find(hash);
  if (!path) {
    return web::error_page(request, 404, "No such file.");
  }
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(*path, ec);
  if (ec) {
    return web::error_page(request, 404, "No such file.");
  }
  std::string head(64, '\0');
  {
    std::ifstream in(*path, std::ios::binary);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
  }
  const std::string etag = http::strong_etag(hash);

  http::Response response;
  // The type comes from the bytes; anything unknown is a download, never rendered inline.
  const auto type = sniff_media_type(head);
  response.set_header("Content-Type", type.value_or("application/octet-stream"));
  if (!type) {
    response.set_header("Content-Disposition", "attachment");
  }
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("ETag", etag);
  response.set_header("Accept-Ranges", "bytes");
  response.set_header("Cache-Control", "public, max-age=31536000, immutable");
  if (const auto inm = request.header("if-none-match");
      inm && http::if_none_match_matches(*inm, etag)) {
    http::Response not_modified = http::Response::not_modified(etag);
    not_modified.set_header("Cache-Control", "public, max-age=31536000, immutable");
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
    response.file =
        http::FileBody{.path = *path, .offset = range.first(), .length = range.length()};
  } else {
    response.file = http::FileBody{.path = *path, .offset = 0, .length = size};
  }
  return response;
}

Response refuse(const Request& request, int status, std::string_view message) {
  Response response = web::error_page(request, status, message);
  response.set_header("Cache-Control", "no-store");
  return response;
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
    std::optional<accounts::SignedIn> who;
    std::optional<Response> refusal;
  };
  Authorized authorize(const Request& request) {
    Authorized out;
    accounts::AccessCheck check = accounts.authenticator().check(request, kUploadAccess);
    if (!check.allowed()) {
      out.refusal = refuse(request, check.status, check.message);
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
    std::vector<http::FormPart> parts;
    std::string_view bytes = request.body;
    if (request.header("content-type").value_or("").starts_with("multipart/form-data")) {
      try {
        parts = http::parse_multipart_form(request);
      } catch (const InvalidInput& error) {
        return refuse(request, 400, error.what());
      }
      const http::FormPart* file = http::find_part(parts, "file");
      if (file == nullptr) {
        return refuse(request, 400, "Le formulaire n'a pas de champ « file ».");
      }
      bytes = file->body;
      name = file->filename;
    }
    const UploadOutcome outcome = store(request, *auth.who, bytes, name);
    if (outcome.status != 0) {
      return refuse(request, outcome.status, outcome.message);
    }
    return json_answer(record_json(outcome.record, library.job(outcome.record.hash),
                                   library.video_jobs_available()),
                       outcome.created ? 201 : 200);
  }

  Response api_show(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    const std::string hash = request.path_param("hash").value_or("");
    const auto record = library.find(hash);
    if (!record) {
      return refuse(request, 404, "Ce fichier n'est pas dans la médiathèque.");
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
    for (const MediaRecord& record : library.recent(30)) {
      rows.push_back(record_row(record, messages));
    }
    page.data.set("recent", web::TemplateData(rows));
    page.data.set("has_recent", !rows.empty());
    Response response = web::render_page(request, page);
    response.set_header("Cache-Control", "no-store");
    return response;
  }

  Response library_page(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    return upload_page(request, *auth.who, 200, "");
  }

  Response form_upload(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    std::vector<http::FormPart> parts;
    try {
      parts = http::parse_multipart_form(request);
    } catch (const InvalidInput& error) {
      return upload_page(request, *auth.who, 400, error.what());
    }
    const http::FormPart* token = http::find_part(parts, accounts::kCsrfField);
    if (token == nullptr || !accounts::csrf_token_matches(auth.who->session, token->body)) {
      return refuse(request, 403, "The form has expired: reload the page and try again.");
    }
    const http::FormPart* file = http::find_part(parts, "file");
    if (file == nullptr || file->body.empty()) {
      return upload_page(request, *auth.who, 400, "Choisissez un fichier à envoyer.");
    }
    const UploadOutcome outcome = store(request, *auth.who, file->body, file->filename);
    if (outcome.status != 0) {
      return upload_page(request, *auth.who, outcome.status, outcome.message);
    }
    return Response::redirect("/edit/media/" + outcome.record.hash);
  }

  Response media_page(Request& request) {
    auto auth = authorize(request);
    if (auth.refusal) {
      return *auth.refusal;
    }
    const std::string hash = request.path_param("hash").value_or("");
    const auto record = library.find(hash);
    if (!record) {
      return refuse(request, 404, "Ce fichier n'est pas dans la médiathèque.");
    }
    const std::string& lang = web::choose_language(request);
    const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
    web::Page page;
    page.title = record->original_name.empty() ? record->hash.substr(0, 12) : record->original_name;
    page.template_name = "media/templates/media_item";
    page.breadcrumbs = {{std::string(messages.get("home_title")), "/"},
                        {std::string(messages.get("media_title")), "/edit/media"},
                        {page.title, ""}};
    page.data = record_row(*record, messages);
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
    if (refresh) {
      response.set_header("Refresh", "3");
    }
    return response;
  }
};

}  // namespace

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
  const http::RouteOptions upload_options{.access = std::string(kUploadAccess),
                                          .blocking = true,
                                          .max_body_bytes = largest + 64 * 1024};
  router.post(
      "/api/v1/media", [routes](http::Request& request) { return routes->api_upload(request); },
      upload_options);
  router.get(
      "/api/v1/media/{hash}",
      [routes](http::Request& request) { return routes->api_show(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
  router.get(
      "/edit/media", [routes](http::Request& request) { return routes->library_page(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
  router.post(
      "/edit/media", [routes](http::Request& request) { return routes->form_upload(request); },
      upload_options);
  router.get(
      "/edit/media/{hash}",
      [routes](http::Request& request) { return routes->media_page(request); },
      http::RouteOptions{.access = std::string(kUploadAccess), .blocking = true});
}

}  // namespace imaginecole::media
