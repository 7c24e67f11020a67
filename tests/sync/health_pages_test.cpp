// SPDX-License-Identifier: AGPL-3.0-or-later
// The health of sync on the web (issue 15, item 8), end to end with the real binary: a hub and
// a paired box on loopback (tests/support/paired_hub_and_box.hpp). The box's page shows its
// school head the last sync, what waits to go up and the last error; the hub's page lists the
// school servers, the ones in trouble first, within each admin's country.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/http_client.hpp"
#include "support/paired_hub_and_box.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

class SyncHealthPages : public PairedHubAndBox {};

// A loopback port nobody listens on (bound, then released): a hub that cannot be reached.
std::uint16_t closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof(address);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), size), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size), 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

json::object json_of(const HttpResponse& response) {
  EXPECT_EQ(response.status, 200) << response.body;
  const auto value = json::parse(response.body);
  return value.as_object();
}

TEST_F(SyncHealthPages, ABoxShowsItsSchoolHeadTheLastSyncWhatWaitsAndTheLastError) {
  const auto synced = sync();
  ASSERT_EQ(synced.exit_code, 0) << synced.err << synced.out;
  std::string last_sync_at;
  std::int64_t pending_before = 0;
  {
    auto box = ServerProcess::start({"--data", box_dir_.path().string()});
    // Signed out: to the sign-in. A pupil and a teacher of the school: refused.
    const auto anonymous = http_get(box.port(), "/admin/sync");
    EXPECT_EQ(anonymous.status, 303);
    EXPECT_EQ(anonymous.header("location").value_or("").rfind("/signin?next=", 0), 0U);
    const auto pupil = sign_in(box.port(), {"awa", "soleil", "DKR001"});
    EXPECT_EQ(http_get(box.port(), "/admin/sync", pupil).status, 403);
    EXPECT_EQ(http_get(box.port(), "/api/v1/sync/health", pupil).status, 403);
    const auto teacher = sign_in(box.port(), {"sn.teacher"});
    EXPECT_EQ(http_get(box.port(), "/admin/sync", teacher).status, 403);

    const auto head = sign_in(box.port(), {"sn.head"});
    const auto page = http_get(box.port(), "/admin/sync", head);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("Synchronisation de ce serveur"), std::string::npos);
    EXPECT_NE(page.body.find(hub_url_), std::string::npos) << "the paired hub";
    EXPECT_NE(page.body.find("<code>DKR001</code>"), std::string::npos);
    EXPECT_EQ(page.body.find("<dd class=\"sync-last\">jamais</dd>"), std::string::npos)
        << page.body;
    // How long ago, in words ("à l'instant", "il y a 2 minutes" on a slow machine).
    EXPECT_TRUE(page.body.find("(à l") != std::string::npos ||
                page.body.find("(il y a ") != std::string::npos)
        << page.body;
    EXPECT_EQ(page.body.find("role=\"alert\""), std::string::npos) << "nothing wrong yet";
    EXPECT_EQ(page.body.find("<script"), std::string::npos) << "a page without JavaScript";

    const auto health = json_of(http_get(box.port(), "/api/v1/sync/health", head));
    EXPECT_TRUE(health.at("paired").as_bool());
    EXPECT_EQ(health.at("school").as_string(), "DKR001");
    EXPECT_EQ(health.at("hub_url").as_string(), hub_url_);
    EXPECT_EQ(health.at("last_error").as_string(), "");
    EXPECT_FALSE(health.at("revoked").as_bool());
    EXPECT_TRUE(health.at("disk_free_bytes").is_int64());
    EXPECT_GT(health.at("data_bytes").as_int64(), 0);
    last_sync_at = std::string(health.at("last_sync_at").as_string());
    EXPECT_FALSE(last_sync_at.empty());
    pending_before = health.at("pending_up").as_int64();
    // The school page where the head lands links to it.
    const auto school = http_get(box.port(), "/admin/schools/DKR001", head);
    EXPECT_NE(school.body.find("href=\"/admin/sync\""), std::string::npos);
  }

  // Three answers of a pupil wait to go up; then a run that cannot reach the hub fails.
  ASSERT_EQ(answers_on_box(3).size(), 3U);
  const auto failed = sync({"--hub", "http://127.0.0.1:" + std::to_string(closed_port())});
  ASSERT_EQ(failed.exit_code, 1) << failed.err << failed.out;

  auto box = ServerProcess::start({"--data", box_dir_.path().string()});
  const auto head = sign_in(box.port(), {"sn.head"});
  const auto health = json_of(http_get(box.port(), "/api/v1/sync/health", head));
  EXPECT_GE(health.at("pending_up").as_int64(), pending_before + 3);
  EXPECT_EQ(health.at("last_sync_at").as_string(), last_sync_at) << "the last good one stays";
  const std::string error(health.at("last_error").as_string());
  EXPECT_FALSE(error.empty());
  const auto page = http_get(box.port(), "/admin/sync", head);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("La dernière synchronisation a échoué"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find(std::to_string(health.at("pending_up").as_int64()) + " modifications"),
            std::string::npos)
      << page.body;

  // The hub revokes the box: its next run is refused and the page shows the hub's notice.
  ASSERT_EQ(on_hub({"hub", "revoke", "--school", "DKR001", "--reason", "box stolen"}).exit_code, 0);
  EXPECT_EQ(sync().exit_code, 2);
  const auto revoked = http_get(box.port(), "/admin/sync", head);
  EXPECT_NE(revoked.body.find("Le hub a révoqué ce serveur"), std::string::npos) << revoked.body;
  EXPECT_NE(revoked.body.find("box stolen"), std::string::npos);
  EXPECT_TRUE(json_of(http_get(box.port(), "/api/v1/sync/health", head)).at("revoked").as_bool());
}

TEST_F(SyncHealthPages, AHubListsItsSchoolServersInTroubleFirstWithinEachAdminsCountry) {
  // A second box, for ABJ001 (Côte d'Ivoire), paired and synced: healthy. DKR001's box
  // (Senegal) has never synced.
  TempDir abj001;
  const auto paired = pair_box(abj001.path(), "ABJ001");
  ASSERT_EQ(paired.exit_code, 0) << paired.err;
  const auto abj_synced = run_imaginecole({"sync", "--data", abj001.path().string()});
  ASSERT_EQ(abj_synced.exit_code, 0) << abj_synced.err << abj_synced.out;

  const auto admin = sign_in(hub_->port(), {"platform.admin"});
  const auto page = http_get(hub_->port(), "/admin/sync/schools", admin);
  ASSERT_EQ(page.status, 200) << page.body;
  const auto dkr = page.body.find("<code>DKR001</code>");
  const auto abj = page.body.find("<code>ABJ001</code>");
  ASSERT_NE(dkr, std::string::npos) << page.body;
  ASSERT_NE(abj, std::string::npos) << page.body;
  EXPECT_LT(dkr, abj) << "the school in trouble first";
  EXPECT_NE(page.body.find("Jamais synchronisé depuis son appairage."), std::string::npos);
  EXPECT_NE(page.body.find("1 serveur en difficulté."), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  const auto listed = json_of(http_get(hub_->port(), "/api/v1/sync/schools", admin));
  const auto& schools = listed.at("schools").as_array();
  ASSERT_EQ(schools.size(), 2U);
  EXPECT_EQ(schools[0].at("school").as_string(), "DKR001");
  EXPECT_EQ(schools[0].at("troubles").as_array().at(0).at("kind").as_string(), "never_synced");
  EXPECT_EQ(schools[1].at("school").as_string(), "ABJ001");
  EXPECT_TRUE(schools[1].at("troubles").as_array().empty()) << json::serialize(schools[1]);
  EXPECT_FALSE(schools[1].at("version").as_string().empty());

  // A country admin sees their country's schools only.
  const auto senegal =
      http_get(hub_->port(), "/admin/sync/schools", sign_in(hub_->port(), {"sn.admin"}));
  ASSERT_EQ(senegal.status, 200);
  EXPECT_NE(senegal.body.find("<code>DKR001</code>"), std::string::npos);
  EXPECT_EQ(senegal.body.find("ABJ001"), std::string::npos);
  const auto ivory_coast = sign_in(hub_->port(), {"ci.admin"});
  const auto ivorian = http_get(hub_->port(), "/admin/sync/schools", ivory_coast);
  ASSERT_EQ(ivorian.status, 200);
  EXPECT_NE(ivorian.body.find("<code>ABJ001</code>"), std::string::npos);
  EXPECT_EQ(ivorian.body.find("DKR001"), std::string::npos);
  const auto ivorian_json = json_of(http_get(hub_->port(), "/api/v1/sync/schools", ivory_coast));
  ASSERT_EQ(ivorian_json.at("schools").as_array().size(), 1U);
  // Their landing page links to it.
  EXPECT_NE(http_get(hub_->port(), "/admin/schools", ivory_coast)
                .body.find("href=\"/admin/sync/schools\""),
            std::string::npos);
  // A pupil and a school head are refused; signed out goes to the sign-in.
  const auto pupil = sign_in(hub_->port(), {"awa", "soleil", "DKR001"});
  EXPECT_EQ(http_get(hub_->port(), "/admin/sync/schools", pupil).status, 403);
  EXPECT_EQ(http_get(hub_->port(), "/api/v1/sync/schools", pupil).status, 403);
  EXPECT_EQ(
      http_get(hub_->port(), "/admin/sync/schools", sign_in(hub_->port(), {"sn.head"})).status,
      403);
  EXPECT_EQ(http_get(hub_->port(), "/admin/sync/schools").status, 303);

  // DKR001's box fails a run, then gets through: the hub learns of the failure with its health.
  ASSERT_EQ(sync({"--hub", "http://127.0.0.1:" + std::to_string(closed_port())}).exit_code, 1);
  const auto synced = sync();
  ASSERT_EQ(synced.exit_code, 0) << synced.err;
  const auto after = http_get(hub_->port(), "/admin/sync/schools", admin);
  EXPECT_NE(after.body.find("Sa dernière synchronisation a échoué"), std::string::npos)
      << after.body;
  EXPECT_EQ(after.body.find("Jamais synchronisé"), std::string::npos);
  EXPECT_LT(after.body.find("<code>DKR001</code>"), after.body.find("<code>ABJ001</code>"));
}

}  // namespace
}  // namespace imaginecole::testing
