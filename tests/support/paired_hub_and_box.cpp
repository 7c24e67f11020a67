// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/paired_hub_and_box.hpp"

#include "core/ids.hpp"
#include "storage/open_database.hpp"
#include "support/http_client.hpp"
#include "support/sign_in.hpp"
#include "support/sync_peers.hpp"

namespace imaginecole::testing {

void PairedHubAndBox::SetUp() {
  ASSERT_EQ(run_imaginecole({"init", "--demo", "--data", hub_dir_.path().string()}).exit_code, 0);
  hub_ =
      std::make_unique<ServerProcess>(ServerProcess::start({"--data", hub_dir_.path().string()}));
  hub_url_ = "http://127.0.0.1:" + std::to_string(hub_->port());
  const auto paired = pair_box(box_dir_.path(), "DKR001");
  ASSERT_EQ(paired.exit_code, 0) << paired.err;
}

CommandResult PairedHubAndBox::pair_box(const std::filesystem::path& data,
                                        const std::string& school) {
  const auto made_box = run_imaginecole({"init", "--data", data.string()});
  if (made_box.exit_code != 0) {
    return made_box;
  }
  const auto made = on_hub({"hub", "pair-code", "--school", school});
  if (made.exit_code != 0) {
    return made;
  }
  return run_imaginecole({"sync", "pair", "--hub", hub_url_, "--code", pairing_code_in(made.out),
                          "--data", data.string()});
}

CommandResult PairedHubAndBox::on_hub(std::vector<std::string> args) {
  args.insert(args.end(), {"--data", hub_dir_.path().string()});
  return run_imaginecole(args);
}

CommandResult PairedHubAndBox::on_box(std::vector<std::string> args,
                                      const std::map<std::string, std::string>& env) {
  args.insert(args.end(), {"--data", box_dir_.path().string()});
  return run_imaginecole(args, env);
}

CommandResult PairedHubAndBox::sync(std::vector<std::string> extra,
                                    const std::map<std::string, std::string>& env) {
  std::vector<std::string> args = {"sync"};
  args.insert(args.end(), extra.begin(), extra.end());
  return on_box(args, env);
}

std::int64_t PairedHubAndBox::count(const std::filesystem::path& data, const std::string& sql,
                                    std::initializer_list<storage::Value> values) {
  return count_rows(data, sql, values);
}

void PairedHubAndBox::write(const std::filesystem::path& data, const std::string& sql,
                            std::initializer_list<storage::Value> values) {
  const auto database = storage::open_database({.data_dir = data});
  auto connection = database->write();
  connection->execute(sql, values);
}

std::string PairedHubAndBox::dkr001_class() const {
  const auto database = storage::open_database({.data_dir = hub_dir_.path()});
  auto connection = database->read();
  return connection
      ->query_one(
          "SELECT c.id FROM classes c JOIN schools s ON s.id = c.school_id WHERE s.code = "
          "'DKR001'")
      ->text(0);
}

std::int64_t PairedHubAndBox::pupils_of_dkr001(const std::filesystem::path& data) {
  return count(data,
               "SELECT COUNT(*) FROM users u JOIN schools s ON s.id = u.school_id "
               "WHERE s.code = 'DKR001' AND u.kind = 'pupil'");
}

std::vector<std::string> PairedHubAndBox::answers_on_box(int how_many) {
  auto box = ServerProcess::start({"--data", box_dir_.path().string()});
  const auto awa = sign_in(box.port(), {"awa", "soleil", "DKR001"});
  std::string set;
  std::string question;
  {
    const auto database = storage::open_database({.data_dir = box_dir_.path()});
    auto connection = database->read();
    const auto row = connection->query_one(
        "SELECT q.resource_id, q.question_id FROM exercise_set_questions q JOIN questions x "
        "ON x.id = q.question_id WHERE x.type = 'single_choice' ORDER BY q.resource_id LIMIT 1");
    EXPECT_TRUE(row.has_value()) << "the box has exercise sets after the sync";
    if (!row) {
      return {};
    }
    set = row->text(0);
    question = row->text(1);
  }
  std::vector<std::string> ids;
  for (int i = 0; i < how_many; ++i) {
    ids.push_back(core::new_id());
    const auto posted = http_request(box.port(), "POST", "/api/v1/attempts", with_json(awa),
                                     R"({"client_id": ")" + ids.back() + R"(", "resource": ")" +
                                         set + R"(", "question": ")" + question +
                                         R"(", "response": {"choice": 0}, "duration_ms": 3000})");
    EXPECT_TRUE(posted.status == 200 || posted.status == 201) << posted.body;
  }
  return ids;
}

std::int64_t PairedHubAndBox::attempts_with(const std::filesystem::path& data,
                                            const std::vector<std::string>& ids) {
  std::int64_t total = 0;
  for (const auto& id : ids) {
    total += count(data, "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {id});
  }
  return total;
}

}  // namespace imaginecole::testing
