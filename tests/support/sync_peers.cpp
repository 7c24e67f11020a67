// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/sync_peers.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "storage/open_database.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {

namespace json = boost::json;

CommandResult run_at(const Location& location, std::vector<std::string> args,
                     const std::map<std::string, std::string>& env) {
  args.insert(args.end(), location.begin(), location.end());
  return run_imaginecole(args, env);
}

std::string pairing_code_in(const std::string& pair_code_output) {
  const std::string line = pair_code_output.substr(0, pair_code_output.find('\n'));
  return line.substr(line.rfind(' ') + 1);
}

bool pair_school(const Location& hub, const std::string& hub_url, const Location& box,
                 const std::string& school) {
  const auto made = run_at(hub, {"hub", "pair-code", "--school", school});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  if (made.exit_code != 0) {
    return false;
  }
  const auto paired =
      run_at(box, {"sync", "pair", "--hub", hub_url, "--code", pairing_code_in(made.out)});
  EXPECT_EQ(paired.exit_code, 0) << paired.err;
  return paired.exit_code == 0;
}

std::int64_t count_rows(storage::Database& database, const std::string& sql,
                        std::initializer_list<storage::Value> values) {
  auto connection = database.read();
  return connection->query_one(sql, values)->integer(0);
}

std::int64_t count_rows(const std::filesystem::path& data, const std::string& sql,
                        std::initializer_list<storage::Value> values) {
  const auto database = storage::open_database({.data_dir = data});
  return count_rows(*database, sql, values);
}

std::string single_choice_question(std::uint16_t port, const Headers& pupil,
                                   const std::string& set) {
  const auto resource = http_get(port, "/api/v1/resources/" + set, pupil);
  EXPECT_EQ(resource.status, 200) << resource.body;
  if (resource.status != 200) {
    return {};
  }
  const json::value body = json::parse(resource.body);
  for (const auto& item : body.at("questions").as_array()) {
    if (item.at("type") == "single_choice") {
      return std::string(item.at("id").as_string());
    }
  }
  ADD_FAILURE() << "no single-choice question in " << set << ": " << resource.body;
  return {};
}

std::string answer_exercise(std::uint16_t port, const Headers& pupil, const std::string& set,
                            const std::string& question) {
  std::string client_id = core::new_id();
  const auto posted = http_request(port, "POST", "/api/v1/attempts", with_json(pupil),
                                   R"({"client_id": ")" + client_id + R"(", "resource": ")" + set +
                                       R"(", "question": ")" + question +
                                       R"(", "response": {"choice": 0}, "duration_ms": 3000})");
  EXPECT_TRUE(posted.status == 200 || posted.status == 201) << posted.body;
  return client_id;
}

}  // namespace imaginecole::testing
