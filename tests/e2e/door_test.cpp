// SPDX-License-Identifier: AGPL-3.0-or-later
// The security regression suite of the router's door (issue 10, items 1 to 3 and 7): each test
// reproduces an attack that got through before the door existed. The real binary, the demo
// data, real sockets on 127.0.0.1.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// Resident memory of a process (kB): the heap and what the server holds, not its files.
long resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) {
      return std::stol(line.substr(6));
    }
  }
  return -1;
}

std::size_t files_in(const fs::path& folder) {
  std::error_code ec;
  std::size_t count = 0;
  for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    ++count;
  }
  return count;
}

std::string header_block(const std::string& method, const std::string& target,
                         const Headers& headers) {
  std::string out = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) {
    out += name + ": " + value + "\r\n";
  }
  return out + "\r\n";
}

class Door : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    const auto init = run_imaginecole({"init", "--data", data_->path().string(), "--demo"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    server_ = new ServerProcess(ServerProcess::start({"--data", data_->path().string()}));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete data_;
  }
  static std::uint16_t port() { return server_->port(); }
  static fs::path spool_dir() { return data_->path() / "tmp" / "uploads"; }

  // A signed-in session: its cookie and its CSRF token.
  static Headers sign_in(const std::string& username) {
    const auto response =
        http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                     R"({"username": ")" + username + R"(", "password": "ecole-demo"})");
    EXPECT_EQ(response.status, 200) << response.body;
    std::string token;
    for (const auto& [name, value] : response.headers) {
      if (name == "set-cookie" && value.starts_with("imaginecole_session=")) {
        token = value.substr(20, value.find(';') - 20);
      }
    }
    return {{"Cookie", "imaginecole_session=" + token},
            {"X-CSRF-Token", std::string(json::parse(response.body).at("csrf_token").as_string())}};
  }

  static inline TempDir* data_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
};

// Item 1: 40 anonymous connections announcing 8 MiB each used to add 320 MiB to the server.
// Now each is answered from its headers, while most of its body has not even been sent.
TEST_F(Door, AnonymousBodiesAreRefusedBeforeTheyAreRead) {
  const long before = resident_kib(server_->pid());
  const std::string partial_body(512 * 1024, 'x');
  std::vector<std::unique_ptr<HttpConnection>> connections;
  for (int i = 0; i < 40; ++i) {
    auto connection = std::make_unique<HttpConnection>(port());
    connection->send_raw(header_block("POST", "/edit/questions/import",
                                      {{"Content-Type", "multipart/form-data; boundary=B"},
                                       {"Content-Length", std::to_string(8 * 1024 * 1024)}}));
    connection->send_raw(partial_body);
    connections.push_back(std::move(connection));
  }
  for (auto& connection : connections) {
    // Answered without the other 7.5 MiB: the server did not wait for the body.
    const auto response = connection->read_response();
    EXPECT_EQ(response.status, 303);  // a page: "sign in first", and come back here
    EXPECT_EQ(response.header("location"), "/signin?next=/");
    EXPECT_EQ(response.header("connection"), "close");
    EXPECT_TRUE(connection->closed_by_peer());
  }
  const long after = resident_kib(server_->pid());
  EXPECT_LT(after - before, 16 * 1024)
      << "resident memory grew from " << before << " to " << after << " kB";
}

// Item 1: anonymous uploads used to be written to disk (327 MiB for three) before the 401.
TEST_F(Door, AnonymousUploadsAreNeverSpooled) {
  std::vector<std::unique_ptr<HttpConnection>> connections;
  const std::string chunk(1024 * 1024, 'u');
  for (int i = 0; i < 3; ++i) {
    auto connection = std::make_unique<HttpConnection>(port());
    connection->send_raw(header_block("POST", "/api/v1/media",
                                      {{"Content-Type", "application/octet-stream"},
                                       {"X-Filename", "film.mp4"},
                                       {"Content-Length", std::to_string(150LL * 1024 * 1024)}}));
    connection->send_raw(chunk);
    connections.push_back(std::move(connection));
  }
  EXPECT_EQ(files_in(spool_dir()), 0U);
  for (auto& connection : connections) {
    const auto response = connection->read_response();
    EXPECT_EQ(response.status, 401);
    EXPECT_NE(response.body.find("\"status\":401"), std::string::npos) << response.body;
    EXPECT_TRUE(connection->closed_by_peer());
  }
  EXPECT_EQ(files_in(spool_dir()), 0U);
}

// Item 1: a signed-in caller without the permission is refused before the body too.
TEST_F(Door, UnauthorisedBodiesAreRefusedBeforeTheyAreRead) {
  Headers pupil = sign_in("sn.analyst");
  pupil.emplace_back("Content-Type", "application/octet-stream");
  pupil.emplace_back("Content-Length", std::to_string(100LL * 1024 * 1024));
  HttpConnection connection(port());
  connection.send_raw(header_block("POST", "/api/v1/media", pupil));
  connection.send_raw(std::string(64 * 1024, 'a'));
  const auto response = connection.read_response();
  EXPECT_EQ(response.status, 403);
  EXPECT_TRUE(connection.closed_by_peer());
  EXPECT_EQ(files_in(spool_dir()), 0U);
}

// Item 1: a state-changing request that a browser says comes from another site is refused
// from its headers; a signed-in JSON call without its token too.
TEST_F(Door, CrossSiteWritesAreRefusedFromTheirHeaders) {
  Headers editor = sign_in("sn.editor");
  // Even with the right token (a page of ours that leaked it, a token kept from before), a
  // browser that says the request comes from another site is refused.
  const auto form = http_get(port(), "/edit/resources/new", {editor.front()});
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto at = form.body.find(marker);
  ASSERT_NE(at, std::string::npos) << form.body;
  const auto start = at + marker.size();
  const std::string token = form.body.substr(start, form.body.find('"', start) - start);
  Headers cross_site = {editor.front(),
                        {"Origin", "https://evil.example"},
                        {"Content-Type", "application/x-www-form-urlencoded"}};
  const auto from_elsewhere =
      http_request(port(), "POST", "/edit/resources/new", cross_site,
                   "csrf_token=" + token +
                       "&title=Pi%C3%A9ge&body=x&kind=lesson&licence=CC-BY-4.0"
                       "&audience=pupil&language=fr&action=save");
  EXPECT_EQ(from_elsewhere.status, 403) << from_elsewhere.body;
  Headers same_site = cross_site;
  same_site[1] = {"Origin", "http://127.0.0.1"};
  EXPECT_NE(http_request(port(), "POST", "/edit/resources/new", same_site,
                         "csrf_token=" + token + "&action=preview&title=Aper%C3%A7u")
                .status,
            403);
  Headers fetch_metadata = {editor.front(),
                            {"Sec-Fetch-Site", "cross-site"},
                            {"Content-Type", "application/x-www-form-urlencoded"}};
  EXPECT_EQ(http_request(port(), "POST", "/edit/resources/new", fetch_metadata, "title=x").status,
            403);
  // A form without its token, and JSON without the header.
  EXPECT_EQ(http_request(port(), "POST", "/edit/resources/new",
                         {editor.front(), {"Content-Type", "application/x-www-form-urlencoded"}},
                         "title=x")
                .status,
            403);
  EXPECT_EQ(http_request(port(), "POST", "/api/v1/drafts",
                         {editor.front(), {"Content-Type", "application/json"}}, "{}")
                .status,
            403);
}

// Item 7: the JSON sign-in refuses a cross-site text/plain post (login CSRF): a browser sends
// text/plain to another site without asking, so an attacker's page could sign a visitor into
// the attacker's account.
TEST_F(Door, TheJsonSignInTakesOnlyJson) {
  const auto text_plain =
      http_request(port(), "POST", "/api/v1/auth/login", {{"Content-Type", "text/plain"}},
                   R"({"username": "sn.editor", "password": "ecole-demo"})");
  EXPECT_EQ(text_plain.status, 415);
  EXPECT_FALSE(text_plain.header("set-cookie"));
  const auto form = http_request(port(), "POST", "/api/v1/auth/login",
                                 {{"Content-Type", "application/x-www-form-urlencoded"}},
                                 "username=sn.editor&password=ecole-demo");
  EXPECT_EQ(form.status, 415);
}

// Item 2: "next" used to let a link write its own headers (and a whole second response) into
// ours, or send a freshly signed-in person to another site.
TEST_F(Door, NextNeverWritesAHeaderNorLeavesTheSite) {
  const auto injected =
      http_get(port(), "/lang/fr?next=%2F%0D%0ASet-Cookie:%20imaginecole_session=attacker");
  EXPECT_EQ(injected.status, 303);
  EXPECT_EQ(injected.header("location"), "/");
  for (const auto& [name, value] : injected.headers) {
    EXPECT_EQ(value.find("attacker"), std::string::npos) << name << ": " << value;
  }
  for (const char* next : {"/%09/evil.example", "//evil.example", "/%5Cevil.example",
                           "https://evil.example", "/%252F%252Fevil.example"}) {
    const auto language = http_get(port(), std::string("/lang/en?next=") + next);
    EXPECT_EQ(language.header("location"), "/") << next;
  }
  EXPECT_EQ(http_get(port(), "/lang/en?next=/c/SN%3Fpage%3D2").header("location"), "/c/SN?page=2");

  // After a genuine sign-in through the page, the person stays on this site.
  const auto form = http_get(port(), "/signin?next=/%09/evil.example");
  ASSERT_EQ(form.status, 200);
  // The page carries the bad target nowhere, except inside its own URL in the language links
  // (/lang/fr?next=/signin%3Fnext%3D…), which come back to this same page and its same check.
  std::string outside_language_links = form.body;
  if (const auto langs = outside_language_links.find("<ul class=\"langs\">");
      langs != std::string::npos) {
    outside_language_links.erase(langs, outside_language_links.find("</ul>", langs) - langs);
  }
  EXPECT_EQ(outside_language_links.find("evil.example"), std::string::npos);
  EXPECT_NE(form.body.find("/lang/en?next=/signin%3Fnext%3D/%2509/evil.example"),
            std::string::npos);
  std::string cookie;
  for (const auto& [name, value] : form.headers) {
    if (name == "set-cookie" && value.starts_with("imaginecole_presession=")) {
      cookie = value.substr(0, value.find(';'));
    }
  }
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto at = form.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string token = form.body.substr(at + marker.size(), 64);
  const auto signed_in =
      http_request(port(), "POST", "/signin",
                   {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
                   "csrf_token=" + token +
                       "&username=sn.teacher&password=ecole-demo&next=%2F%09%2Fevil.example");
  EXPECT_EQ(signed_in.status, 303) << signed_in.body;
  const auto location = signed_in.header("location").value_or("");
  EXPECT_TRUE(location.starts_with("/") && !location.starts_with("//")) << location;
  EXPECT_EQ(location.find("evil"), std::string::npos) << location;
}

// Item 3: a Transfer-Encoding other than "chunked" used to be read as "no body", and the body
// was then answered as a second request (smuggling).
TEST_F(Door, OnlyChunkedTransferCodingIsAccepted) {
  const std::string smuggled = "GET /api/v1/countries HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const char* coding :
       {"identity", "gzip", "chunked, identity", "gzip, chunked", "chunked2"}) {
    HttpConnection connection(port());
    connection.send_raw(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "application/json\r\nTransfer-Encoding: " +
        std::string(coding) + "\r\n\r\n" + smuggled);
    const auto response = connection.read_response();
    EXPECT_EQ(response.status, 501) << coding;
    EXPECT_TRUE(connection.closed_by_peer()) << coding << ": the smuggled request was answered";
  }
  // "chunked" itself still works.
  HttpConnection chunked(port());
  const std::string body = R"({"username":"sn.teacher","password":"ecole-demo"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  chunked.send_raw(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n" +
      std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.read_response().status, 200);
}

// Item 1: a cap on open connections per address answers 503 instead of letting memory grow;
// trusted proxies are exempt, and the client address comes from them only.
TEST(DoorLimits, ConnectionsPastTheCapGet503) {
  TempDir data;
  ASSERT_EQ(run_imaginecole({"init", "--data", data.path().string()}).exit_code, 0);
  auto server = ServerProcess::start(
      {"--data", data.path().string(), "--max-connections-per-address", "4", "--threads", "1"});
  std::vector<std::unique_ptr<HttpConnection>> open;
  for (int i = 0; i < 4; ++i) {
    open.push_back(std::make_unique<HttpConnection>(server.port()));
    EXPECT_EQ(open.back()->request("GET", "/healthz").status, 200);
  }
  HttpConnection fifth(server.port());
  const auto refused = fifth.request("GET", "/healthz");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.header("retry-after"), "5");
  EXPECT_TRUE(fifth.closed_by_peer());
  open.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200);
}

TEST(DoorLimits, TheClientAddressComesFromTrustedProxiesOnly) {
  TempDir data;
  ASSERT_EQ(run_imaginecole({"init", "--data", data.path().string()}).exit_code, 0);
  const fs::path log = data.path() / "access.log";
  {
    auto untrusted = ServerProcess::start(
        {"--data", data.path().string(), "--access-log", log.string(), "--threads", "1"});
    http_get(untrusted.port(), "/healthz", {{"X-Forwarded-For", "203.0.113.9"}});
    untrusted.stop(SIGTERM);
  }
  {
    auto behind_proxy =
        ServerProcess::start({"--data", data.path().string(), "--access-log", log.string(),
                              "--threads", "1", "--trusted-proxy", "127.0.0.1"});
    http_get(behind_proxy.port(), "/healthz", {{"X-Forwarded-For", "198.51.100.4"}});
    behind_proxy.stop(SIGTERM);
  }
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_NE(lines[0].find("\"remote\":\"127.0.0.1\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("\"remote\":\"198.51.100.4\""), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace imaginecole::testing
