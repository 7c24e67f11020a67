// SPDX-License-Identifier: AGPL-3.0-or-later
// The command line: subcommands, help, configuration precedence and clear errors.
#include <gtest/gtest.h>

#include <fstream>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

int count_lines(const std::string& text) {
  int lines = 0;
  for (const char c : text) {
    lines += c == '\n' ? 1 : 0;
  }
  return lines;
}

TEST(Cli, VersionNamesTheLibraries) {
  const auto result = run_imaginecole({"version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("imaginecole 0.1.0"), std::string::npos);
  EXPECT_NE(result.out.find("sqlite 3."), std::string::npos);
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const std::string sub : {"init", "serve", "migrate", "version"}) {
    const auto result = run_imaginecole({sub, "--help"});
    EXPECT_EQ(result.exit_code, 0) << sub;
    EXPECT_NE(result.out.find("Usage"), std::string::npos) << sub << ": " << result.out;
  }
  const auto serve = run_imaginecole({"serve", "--help"});
  EXPECT_NE(serve.out.find("--listen"), std::string::npos);
  EXPECT_NE(serve.out.find("--data"), std::string::npos);
  EXPECT_NE(serve.out.find("IMAGINECOLE_LISTEN"), std::string::npos);
}

TEST(Cli, UnknownFlagsAndBadValuesGiveOneLineAndNonZeroExit) {
  const std::vector<std::vector<std::string>> bad = {
      {"serve", "--no-such-flag"},
      {"serve", "--threads", "many"},
      {"serve", "--threads", "-3"},
      {"frobnicate"},
      {},
  };
  for (const auto& args : bad) {
    const auto result = run_imaginecole(args);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_EQ(count_lines(result.err), 1) << result.err;
    EXPECT_TRUE(result.err.starts_with("imaginecole: ")) << result.err;
  }
}

TEST(Cli, MissingOrUninitialisedDataFolderIsExplained) {
  const auto no_data = run_imaginecole({"serve"}, {{"IMAGINECOLE_DATA", ""}});
  EXPECT_EQ(no_data.exit_code, 2);
  EXPECT_NE(no_data.err.find("--data"), std::string::npos);
  const auto missing = run_imaginecole({"serve", "--data", "/nonexistent/folder"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("imaginecole init"), std::string::npos) << missing.err;
}

TEST(Cli, BadListenAddressesAreRefused) {
  TempDir data;
  ASSERT_EQ(run_imaginecole({"init", "--data", data.path().string()}).exit_code, 0);
  for (const std::string listen : {"nonsense", "127.0.0.1:99999", "999.1.1.1:80"}) {
    const auto result =
        run_imaginecole({"serve", "--data", data.path().string(), "--listen", listen});
    EXPECT_NE(result.exit_code, 0) << listen;
    EXPECT_NE(result.err.find("--listen"), std::string::npos) << result.err;
  }
}

TEST(Cli, InitIsIdempotentAndMigrateReportsTheSchema) {
  TempDir data;
  const auto first = run_imaginecole({"init", "--data", data.path().string(), "--demo"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("Loaded 10 countries"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find(" resources with "), std::string::npos) << first.out;
  const auto second = run_imaginecole({"init", "--data", data.path().string(), "--demo"});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.out.find("already present"), std::string::npos);
  const auto migrate = run_imaginecole({"migrate", "--data", data.path().string()});
  EXPECT_EQ(migrate.exit_code, 0);
  EXPECT_NE(migrate.out.find("up to date"), std::string::npos);
}

TEST(Cli, FlagsBeatEnvironmentWhichBeatsTheConfigFile) {
  TempDir data;
  TempDir other;
  ASSERT_EQ(run_imaginecole({"init", "--data", data.path().string(), "--demo"}).exit_code, 0);
  const auto config = data.path() / "imaginecole.toml";
  std::ofstream(config) << "data = \"" << data.path().string()
                        << "\"\n[serve]\nlisten = \"nonsense\"\n";

  // The file alone: its bad listen address is used and refused.
  const auto from_file = run_imaginecole({"serve", "--config", config.string()});
  EXPECT_NE(from_file.exit_code, 0);
  EXPECT_NE(from_file.err.find("nonsense"), std::string::npos) << from_file.err;

  // The environment beats the file.
  auto server =
      ServerProcess::start({"--config", config.string()}, {{"IMAGINECOLE_LISTEN", "127.0.0.1:0"}});
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200);

  // A flag beats the environment: --data points at the demo folder, the env at an empty one.
  const auto flag = run_imaginecole({"migrate", "--data", data.path().string()},
                                    {{"IMAGINECOLE_DATA", other.path().string()}});
  EXPECT_EQ(flag.exit_code, 0) << flag.err;
  const auto env_only = run_imaginecole({"migrate"}, {{"IMAGINECOLE_DATA", other.path().string()}});
  EXPECT_NE(env_only.exit_code, 0) << "the environment's folder was never initialised";
}

}  // namespace
}  // namespace imaginecole::testing
