// SPDX-License-Identifier: AGPL-3.0-or-later
// The three tiers of errors (see docs/architecture.md):
//  - expected outcomes are values (std::optional, Result<T>);
//  - failures of the environment are the typed exceptions below, caught at the request
//    boundary (500 + log) and in main (message + exit code);
//  - bugs are assertions (IMAGINECOLE_ASSERT), active in debug and CI builds.
#pragma once

#include <cassert>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

#define IMAGINECOLE_ASSERT(condition) assert(condition)

namespace imaginecole {

// The database failed (cannot open, corrupt, connection lost, constraint the code did not
// expect). Carries the backend's own message for the log.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The configuration cannot work (bad flag value, unreadable data folder...).
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Input from outside (a file, a request body) that cannot be used; `what()` is shown to people.
class InvalidInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A value or the message of why there is none: for expected failures such as parsing.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  static Result failure(std::string message) { return Result(Error{std::move(message)}); }

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T* operator->() const { return &std::get<T>(state_); }
  const T& operator*() const { return std::get<T>(state_); }
  const std::string& error() const { return std::get<Error>(state_).message; }

 private:
  struct Error {
    std::string message;
  };
  explicit Result(Error error) : state_(std::move(error)) {}
  std::variant<T, Error> state_;
};

}  // namespace imaginecole
