// SPDX-License-Identifier: AGPL-3.0-or-later
// The platform on PostgreSQL: the demo loaded through the CLI, and two app servers sharing one
// database behind an imaginary load balancer, each serving what the other wrote.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>

#include "support/backends.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

std::string session_cookie(const HttpResponse& response) {
  const std::string header = response.header("set-cookie").value_or("");
  return header.substr(0, header.find(';'));
}

TEST(Postgres, TwoServersOnOneDatabaseShareEverythingThatMatters) {
  PostgresSchema schema;
  TempDir data_a;
  TempDir data_b;
  const auto init = run_imaginecole(
      {"init", "--data", data_a.path().string(), "--database", schema.url(), "--demo"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.out.find("Loaded 10 countries"), std::string::npos) << init.out;
  ASSERT_EQ(run_imaginecole({"init", "--data", data_b.path().string(), "--database", schema.url()})
                .exit_code,
            0);

  auto server_a =
      ServerProcess::start({"--data", data_a.path().string(), "--database", schema.url()});
  auto server_b =
      ServerProcess::start({"--data", data_b.path().string(), "--database", schema.url()});

  // Same data, same node identity: they are one platform (/metrics says which node answers;
  // /healthz only says "ok").
  const auto build_info = [](std::uint16_t port) {
    const std::string body = http_get(port, "/metrics").body;
    const auto at = body.find("imaginecole_build_info{");
    return at == std::string::npos ? std::string() : body.substr(at, body.find('\n', at) - at);
  };
  const std::string info_a = build_info(server_a.port());
  EXPECT_NE(info_a.find("database=\"postgres\""), std::string::npos) << info_a;
  EXPECT_NE(info_a.find("node=\""), std::string::npos) << info_a;
  EXPECT_EQ(info_a, build_info(server_b.port()));
  EXPECT_EQ(boost::json::parse(http_get(server_a.port(), "/healthz").body).at("status"), "ok");
  for (const auto port : {server_a.port(), server_b.port()}) {
    const auto home = http_get(port, "/");
    EXPECT_EQ(home.status, 200);
    EXPECT_NE(home.body.find("Sénégal"), std::string::npos);
    const auto countries = boost::json::parse(http_get(port, "/api/v1/countries").body);
    EXPECT_EQ(countries.at("countries").as_array().size(), 10U);
  }

  // A session written by server A is honoured by server B...
  const auto login = http_request(server_a.port(), "POST", "/api/v1/auth/login",
                                  {{"Content-Type", "application/json"}},
                                  R"({"username": "sn.teacher", "password": "ecole-demo"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = session_cookie(login);
  ASSERT_TRUE(cookie.starts_with("imaginecole_session=")) << cookie;
  const auto csrf = boost::json::parse(login.body).at("csrf_token").as_string();

  const auto me_on_b = http_get(server_b.port(), "/api/v1/me", {{"Cookie", cookie}});
  ASSERT_EQ(me_on_b.status, 200) << me_on_b.body;
  EXPECT_NE(me_on_b.body.find("sn.teacher"), std::string::npos);

  // ...and signing out on B ends it on A at once.
  const auto logout = http_request(server_b.port(), "POST", "/api/v1/auth/logout",
                                   {{"Cookie", cookie}, {"X-CSRF-Token", std::string(csrf)}});
  EXPECT_EQ(logout.status / 100, 2) << logout.body;
  EXPECT_EQ(http_get(server_a.port(), "/api/v1/me", {{"Cookie", cookie}}).status, 401);

  // Failed sign-ins are counted in the database: attempts spread over both servers add up.
  int last_status = 0;
  for (int i = 0; i < 8; ++i) {
    const auto port = i % 2 == 0 ? server_a.port() : server_b.port();
    last_status =
        http_request(port, "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                     R"({"username": "sn.head", "password": "wrong"})")
            .status;
  }
  EXPECT_EQ(last_status, 429);

  EXPECT_EQ(server_a.stop(SIGTERM), 0);
  EXPECT_EQ(server_b.stop(SIGTERM), 0);
}

TEST(Postgres, AWrongUrlIsReportedAtStart) {
  TempDir data;
  const auto result = run_imaginecole({"init", "--data", data.path().string(), "--database",
                                       "postgresql://nobody@127.0.0.1:1/nothing"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("cannot connect to PostgreSQL"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace imaginecole::testing
