// SPDX-License-Identifier: AGPL-3.0-or-later
// Transport: behind HTTPS (a public URL starting with https://) every cookie is Secure and
// every response carries Strict-Transport-Security; /metrics answers only loopback callers
// that no proxy forwarded, or the holder of the metrics token; /healthz says "ok" and nothing
// about the version or the node.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

std::vector<std::string> set_cookies(const HttpResponse& response) {
  std::vector<std::string> out;
  for (const auto& [name, value] : response.headers) {
    if (name == "set-cookie") {
      out.push_back(value);
    }
  }
  return out;
}

bool is_secure(const std::string& cookie) {
  return cookie.find("; Secure") != std::string::npos;
}

class Transport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    const auto init = run_imaginecole({"init", "--data", data_->path().string(), "--demo"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  static void TearDownTestSuite() { delete data_; }

  static ServerProcess serve(std::vector<std::string> args,
                             const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), {"--data", data_->path().string()});
    return ServerProcess::start(args, env);
  }

  // Every response of the sign-in journey that sets a cookie: the sign-in form (pre-session),
  // the picture sign-in form, the language choice, the API sign-in and sign-out.
  static std::vector<std::string> cookies_of_a_visit(std::uint16_t port) {
    std::vector<std::string> all;
    for (const std::string path : {"/signin", "/signin/pictures", "/lang/en?next=/"}) {
      const auto response = http_get(port, path);
      EXPECT_LT(response.status, 400) << path;
      const auto cookies = set_cookies(response);
      EXPECT_FALSE(cookies.empty()) << path << " sets a cookie";
      all.insert(all.end(), cookies.begin(), cookies.end());
    }
    const auto login =
        http_request(port, "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                     R"({"username": "sn.teacher", "password": "ecole-demo"})");
    EXPECT_EQ(login.status, 200) << login.body;
    const auto session = set_cookies(login);
    EXPECT_EQ(session.size(), 2U);  // the session, and the device cookie of decision 0017
    all.insert(all.end(), session.begin(), session.end());
    if (login.status == 200) {
      std::string cookie;
      for (const auto& set : session) {
        if (set.starts_with("imaginecole_session=")) {
          cookie = set.substr(0, set.find(';'));
        }
      }
      const std::string csrf(json::parse(login.body).at("csrf_token").as_string());
      const auto logout = http_request(port, "POST", "/api/v1/auth/logout",
                                       {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
      EXPECT_LT(logout.status, 300) << logout.body;
      const auto expired = set_cookies(logout);
      EXPECT_EQ(expired.size(), 1U);
      all.insert(all.end(), expired.begin(), expired.end());
    }
    return all;
  }

  static inline TempDir* data_ = nullptr;
};

TEST_F(Transport, AnHttpsPublicUrlMakesEveryCookieSecureAndSendsHsts) {
  auto server = serve({"--public-url", "https://ecole.example.sn"});
  const auto cookies = cookies_of_a_visit(server.port());
  ASSERT_GE(cookies.size(), 5U);
  for (const auto& cookie : cookies) {
    EXPECT_TRUE(is_secure(cookie)) << cookie;
    EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; SameSite=Lax"), std::string::npos) << cookie;
  }
  for (const std::string path : {"/", "/api/v1/countries", "/missing"}) {
    const auto hsts = http_get(server.port(), path).header("strict-transport-security");
    ASSERT_TRUE(hsts) << path;
    EXPECT_TRUE(hsts->starts_with("max-age=")) << *hsts;
  }
}

TEST_F(Transport, PlainHttpKeepsCookiesUsableWithoutTls) {
  auto server = serve({"--public-url", "http://ecole.local"});
  for (const auto& cookie : cookies_of_a_visit(server.port())) {
    EXPECT_FALSE(is_secure(cookie)) << cookie;
  }
  EXPECT_FALSE(http_get(server.port(), "/").header("strict-transport-security"));
}

TEST_F(Transport, ThePublicUrlComesFromTheEnvironmentOrTheConfigFile) {
  {
    auto server = serve({}, {{"IMAGINECOLE_PUBLIC_URL", "https://hub.example.ci/"}});
    EXPECT_TRUE(http_get(server.port(), "/").header("strict-transport-security"));
  }
  const auto config = data_->path() / "transport.toml";
  std::ofstream(config) << "[serve]\npublic-url = \"https://hub.example.ci\"\n";
  auto server = serve({"--config", config.string()});
  EXPECT_TRUE(http_get(server.port(), "/").header("strict-transport-security"));
}

TEST_F(Transport, APublicUrlThatIsNotHttpOrHttpsStopsTheServer) {
  const auto result = run_imaginecole({"serve", "--data", data_->path().string(), "--listen",
                                       "127.0.0.1:0", "--public-url", "ftp://ecole.example"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("public-url"), std::string::npos) << result.err;
}

TEST_F(Transport, MetricsAnswerLoopbackCallersOnlyUnlessATokenIsGiven) {
  {
    auto server = serve({});
    EXPECT_EQ(http_get(server.port(), "/metrics").status, 200) << "an operator on the machine";
    // A request a local reverse proxy forwarded comes from elsewhere, whatever the socket says.
    const auto forwarded =
        http_get(server.port(), "/metrics", {{"X-Forwarded-For", "203.0.113.7"}});
    EXPECT_EQ(forwarded.status, 404);
    EXPECT_EQ(forwarded.body.find("imaginecole_"), std::string::npos);
    EXPECT_EQ(
        http_get(server.port(), "/metrics", {{"Forwarded", "for=203.0.113.7;proto=https"}}).status,
        404);
  }
  auto server = serve({"--metrics-token", "a-long-metrics-token-0123456789"});
  const Headers outside = {{"X-Forwarded-For", "203.0.113.7"}};
  Headers right = outside;
  right.emplace_back("Authorization", "Bearer a-long-metrics-token-0123456789");
  Headers wrong = outside;
  wrong.emplace_back("Authorization", "Bearer a-long-metrics-token-0123456788");
  const auto allowed = http_get(server.port(), "/metrics", right);
  EXPECT_EQ(allowed.status, 200);
  EXPECT_NE(allowed.body.find("imaginecole_http_requests_total"), std::string::npos);
  EXPECT_EQ(http_get(server.port(), "/metrics", wrong).status, 403);
  EXPECT_EQ(http_get(server.port(), "/metrics", outside).status, 404);
}

TEST_F(Transport, HealthSaysOkAndNothingElse) {
  auto server = serve({});
  const auto health = http_get(server.port(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.body), json::parse(R"({"status":"ok"})")) << health.body;
  EXPECT_EQ(health.header("cache-control"), "no-store");
}

}  // namespace
}  // namespace imaginecole::testing
