// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/database.hpp"

#include <charconv>
#include <cstdio>

namespace imaginecole::storage {

std::string_view backend_name(Backend backend) {
  return backend == Backend::sqlite ? "sqlite" : "postgres";
}

bool Row::is_null(std::size_t column) const {
  return std::holds_alternative<std::nullptr_t>(values_.at(column));
}

std::string Row::text(std::size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* s = std::get_if<std::string>(&v)) {
    return *s;
  }
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    return std::to_string(*i);
  }
  if (const auto* d = std::get_if<double>(&v)) {
    char buffer[32];
    const int n = std::snprintf(buffer, sizeof buffer, "%.17g", *d);
    return std::string(buffer, static_cast<std::size_t>(n));
  }
  return {};
}

std::optional<std::string> Row::optional_text(std::size_t column) const {
  if (is_null(column)) {
    return std::nullopt;
  }
  return text(column);
}

std::int64_t Row::integer(std::size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    return *i;
  }
  if (const auto* d = std::get_if<double>(&v)) {
    return static_cast<std::int64_t>(*d);
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double Row::real(std::size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* d = std::get_if<double>(&v)) {
    return *d;
  }
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    return static_cast<double>(*i);
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    return std::strtod(s->c_str(), nullptr);
  }
  return 0.0;
}

std::optional<Row> Connection::query_one(std::string_view sql,
                                         std::initializer_list<Value> params) {
  QueryResult result = query(sql, Params(params.begin(), params.size()));
  if (result.rows.empty()) {
    return std::nullopt;
  }
  return std::move(result.rows.front());
}

Transaction::Transaction(Connection& connection, Mode mode) : connection_(connection) {
  connection_.begin(mode == Mode::write);
}

Transaction::~Transaction() {
  if (open_) {
    connection_.rollback();
  }
}

void Transaction::commit() {
  open_ = false;
  connection_.commit();
}

}  // namespace imaginecole::storage
