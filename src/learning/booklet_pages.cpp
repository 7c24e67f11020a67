// SPDX-License-Identifier: AGPL-3.0-or-later
// GET /c/{code}/{level}/{subject}/booklet?unit=&format=a4|a5[&school=]: the printable booklet
// of a subject or one of its units (learning/booklet.hpp), public like the catalogue it is made
// of. The page stands alone (no site header) so that what the browser prints is the booklet.
#include "learning/booklet_pages.hpp"

#include "core/hash.hpp"
#include "learning/booklet.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::learning {
namespace {

constexpr std::size_t kMaxSchoolName = 120;

std::string base64(const std::string& bytes) {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16U) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8U) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += {kAlphabet[(n >> 18U) & 63U], kAlphabet[(n >> 12U) & 63U], kAlphabet[(n >> 6U) & 63U],
            kAlphabet[n & 63U]};
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16U;
    if (i + 1 < bytes.size()) {
      n |= static_cast<unsigned char>(bytes[i + 1]) << 8U;
    }
    out += kAlphabet[(n >> 18U) & 63U];
    out += kAlphabet[(n >> 12U) & 63U];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6U) & 63U] : '=';
    out += '=';
  }
  return out;
}

// The booklet carries its print rules in one <style> element (the same document becomes the
// PDF, read from a file): the site's policy allows that element alone, by its SHA-256.
std::string policy_allowing_style_of(const std::string& html) {
  const std::size_t open = html.find("<style>");
  const std::size_t close = html.find("</style>");
  std::string style_source = "'self'";
  if (open != std::string::npos && close != std::string::npos && close > open) {
    const std::string hex =
        core::sha256_hex(std::string_view(html).substr(open + 7, close - open - 7));
    std::string digest;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
      digest += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    style_source += " 'sha256-" + base64(digest) + "'";
  }
  return "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src " + style_source +
         "; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'";
}

http::Response show_booklet(storage::Database& database, catalog::CurriculumStore& curricula,
                            catalog::ResourceStore& resources, http::Request& request) {
  const auto format = parse_booklet_format(request.query_param("format").value_or(""));
  if (!format) {
    return web::error_page(request, 400, "The format is a4 or a5.");
  }
  std::string school = request.query_param("school").value_or("");
  if (school.size() > kMaxSchoolName) {
    return web::error_page(request, 400, "The school's name is too long.");
  }
  const Booklet booklet =
      render_booklet(database, curricula, resources,
                     BookletRequest{.country = request.path_param("code").value_or(""),
                                    .level = request.path_param("level").value_or(""),
                                    .subject = request.path_param("subject").value_or(""),
                                    .unit = request.query_param("unit").value_or(""),
                                    .format = *format,
                                    .language = web::choose_language(request),
                                    .school = std::move(school)});
  return booklet_response(request, booklet);
}

}  // namespace

http::Response booklet_response(http::Request& request, const Booklet& booklet) {
  if (booklet.html.empty()) {
    return web::error_page(request, booklet.status, booklet.error);
  }
  http::Response response = http::Response::html(booklet.html);
  response.set_header("Cache-Control", "public, max-age=300");
  response.set_header("Content-Security-Policy", policy_allowing_style_of(booklet.html));
  return response;
}

void register_booklet_pages(http::Router& router, storage::Database& database,
                            catalog::CurriculumStore& curricula,
                            catalog::ResourceStore& resources) {
  router.get(
      "/c/{code}/{level}/{subject}/booklet",
      [&database, &curricula, &resources](http::Request& request) {
        return show_booklet(database, curricula, resources, request);
      },
      http::public_route({.blocking = true}));
}

}  // namespace imaginecole::learning
