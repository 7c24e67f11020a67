// SPDX-License-Identifier: AGPL-3.0-or-later
// docs/api/openapi.yaml describes every /api/v1 route the platform registers, with its method,
// and describes nothing the platform does not serve: a route added without its documentation
// (or removed without removing it) fails here.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "app/platform.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

// What openapi.yaml says about one operation.
struct DocumentedOperation {
  std::set<std::string> statuses;  // "200", "401", …
  bool has_summary = false;
  bool has_security = false;
};

// path -> method ("get", "post", …) -> operation.
using Documented = std::map<std::string, std::map<std::string, DocumentedOperation>>;

std::size_t indent_of(const std::string& line) {
  std::size_t spaces = 0;
  while (spaces < line.size() && line[spaces] == ' ') {
    ++spaces;
  }
  return spaces;
}

// A line-based reader of the `paths:` section of our own file, which keeps the usual layout:
// paths at 2 spaces ("  /api/v1/x:"), methods at 4 ("    get:"), and inside an operation the
// keys `summary:`, `security:` and the response codes ("        \"404\": …").
Documented read_openapi_paths(const std::string& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in) << "cannot read " << file;
  Documented out;
  bool in_paths = false;
  std::string path;
  std::string method;
  std::size_t responses_indent = std::string::npos;
  const std::set<std::string> methods = {"get", "put", "post", "delete", "patch", "head"};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.find_first_not_of(' ') == std::string::npos ||
        line[line.find_first_not_of(' ')] == '#') {
      continue;
    }
    const std::size_t indent = indent_of(line);
    if (indent == 0) {
      in_paths = line.rfind("paths:", 0) == 0;
      path.clear();
      method.clear();
      continue;
    }
    if (!in_paths) {
      continue;
    }
    const std::string text = line.substr(indent);
    const std::string key = text.substr(0, text.find(':'));
    if (indent == 2) {
      path = key;
      method.clear();
      out[path];
    } else if (indent == 4 && !path.empty()) {
      method = methods.contains(key) ? key : std::string();
      if (!method.empty()) {
        out[path][method];
      }
      responses_indent = std::string::npos;
    } else if (indent == 6 && !method.empty()) {
      auto& operation = out[path][method];
      operation.has_summary |= key == "summary";
      operation.has_security |= key == "security";
      responses_indent = key == "responses" ? indent : std::string::npos;
    } else if (indent == 8 && !method.empty() && responses_indent == 6) {
      std::string status = key;
      std::erase(status, '"');
      std::erase(status, '\'');
      out[path][method].statuses.insert(status);
    }
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

class OpenApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    documented_ = new Documented(
        read_openapi_paths(std::string(IMAGINECOLE_SOURCE_DIR) + "/docs/api/openapi.yaml"));
  }
  static void TearDownTestSuite() {
    delete documented_;
    documented_ = nullptr;
  }
  // The /api/v1 routes of the real platform: (pattern, method, access).
  struct ApiRoute {
    std::string pattern;
    std::string method;
    std::string access;
  };
  static std::vector<ApiRoute> api_routes() {
    TempDir data;
    app::PlatformOptions options;
    options.database.data_dir = data.path();
    options.database.create_if_missing = true;
    app::Platform platform(options);
    std::vector<ApiRoute> out;
    for (const auto& route : platform.router().routes()) {
      if (route.pattern.rfind("/api/v1/", 0) == 0) {
        out.push_back(
            {route.pattern, lower(http::method_name(route.method)), route.options.access});
      }
    }
    return out;
  }
  static Documented* documented_;
};
Documented* OpenApi::documented_ = nullptr;

TEST_F(OpenApi, EveryApiRouteIsDescribedWithItsMethod) {
  const auto routes = api_routes();
  ASSERT_GE(routes.size(), 40U);
  for (const auto& route : routes) {
    const auto path = documented_->find(route.pattern);
    if (path == documented_->end()) {
      ADD_FAILURE() << route.pattern << " (" << route.method << ") is not in docs/api/openapi.yaml";
      continue;
    }
    const auto operation = path->second.find(route.method);
    if (operation == path->second.end()) {
      ADD_FAILURE() << route.method << " " << route.pattern
                    << " is in docs/api/openapi.yaml without this method";
      continue;
    }
    EXPECT_TRUE(operation->second.has_summary) << route.method << " " << route.pattern;
    EXPECT_FALSE(operation->second.statuses.empty())
        << route.method << " " << route.pattern << " lists no response";
    // A route for signed-in people says so, and says what a stranger gets.
    if (route.access != "public") {
      EXPECT_TRUE(operation->second.has_security)
          << route.method << " " << route.pattern << " needs a session: add `security:`";
      EXPECT_TRUE(operation->second.statuses.contains("401") ||
                  operation->second.statuses.contains("403"))
          << route.method << " " << route.pattern << " needs " << route.access
          << ": document its 401/403";
    }
  }
}

TEST_F(OpenApi, DescribesNothingThePlatformDoesNotServe) {
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& route : api_routes()) {
    served.emplace(route.pattern, route.method);
  }
  for (const auto& [path, operations] : *documented_) {
    EXPECT_FALSE(operations.empty()) << path << " has no operation";
    for (const auto& [method, operation] : operations) {
      EXPECT_TRUE(served.contains({path, method}))
          << method << " " << path << " is documented but no route serves it";
    }
  }
}

}  // namespace
}  // namespace imaginecole::testing
