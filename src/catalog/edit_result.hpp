// SPDX-License-Identifier: AGPL-3.0-or-later
// The expected outcomes of an edit to the catalogue (curriculum nodes, placements): done, or
// refused with a reason the routes turn into a status (404, 400, 409).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace imaginecole::catalog {

enum class EditFailure { not_found, invalid, conflict };

struct EditError {
  EditFailure failure = EditFailure::invalid;
  std::string message;
};

template <typename T>
class EditResult {
 public:
  EditResult(T value) : state_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  EditResult(EditError error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<T>(state_); }
  const T* operator->() const { return &std::get<T>(state_); }
  const EditError& error() const { return std::get<EditError>(state_); }

 private:
  std::variant<T, EditError> state_;
};

inline EditError not_found(std::string message) {
  return EditError{EditFailure::not_found, std::move(message)};
}
inline EditError invalid(std::string message) {
  return EditError{EditFailure::invalid, std::move(message)};
}
inline EditError conflict(std::string message) {
  return EditError{EditFailure::conflict, std::move(message)};
}

}  // namespace imaginecole::catalog
