// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/byte_range.hpp"

#include <charconv>

namespace imaginecole::http {
namespace {

std::optional<std::uint64_t> parse_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 19) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

ByteRange ByteRange::parse(std::string_view header) {
  ByteRange range;
  constexpr std::string_view kPrefix = "bytes=";
  if (!header.starts_with(kPrefix)) {
    return range;
  }
  const std::string_view spec = header.substr(kPrefix.size());
  if (spec.find(',') != std::string_view::npos) {
    return range;
  }
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) {
    return range;
  }
  const std::string_view left = spec.substr(0, dash);
  const std::string_view right = spec.substr(dash + 1);
  if (left.empty()) {
    const auto suffix = parse_number(right);
    if (!suffix) {
      return range;
    }
    range.form_ = Form::suffix;
    range.length_ = *suffix;
  } else {
    const auto first = parse_number(left);
    if (!first) {
      return range;
    }
    range.first_ = *first;
    if (right.empty()) {
      range.form_ = Form::from;
    } else {
      const auto last = parse_number(right);
      if (!last || *last < *first) {
        return range;  // invalid syntax: ignore the header
      }
      range.form_ = Form::from_to;
      range.last_ = *last;
    }
  }
  range.kind_ = Kind::satisfiable;
  return range;
}

ByteRange ByteRange::resolve(std::uint64_t size) const {
  ByteRange out = *this;
  switch (form_) {
    case Form::none:
      out.kind_ = Kind::none;
      return out;
    case Form::suffix:
      if (length_ == 0 || size == 0) {
        out.kind_ = Kind::unsatisfiable;
        return out;
      }
      out.length_ = std::min(length_, size);
      out.first_ = size - out.length_;
      break;
    case Form::from:
      if (first_ >= size) {
        out.kind_ = Kind::unsatisfiable;
        return out;
      }
      out.length_ = size - first_;
      break;
    case Form::from_to:
      if (first_ >= size) {
        out.kind_ = Kind::unsatisfiable;
        return out;
      }
      out.length_ = std::min(last_, size - 1) - first_ + 1;
      break;
  }
  out.kind_ = Kind::satisfiable;
  return out;
}

std::string ByteRange::content_range(std::uint64_t size) const {
  if (kind_ != Kind::satisfiable) {
    return "bytes */" + std::to_string(size);
  }
  return "bytes " + std::to_string(first_) + "-" + std::to_string(first_ + length_ - 1) + "/" +
         std::to_string(size);
}

}  // namespace imaginecole::http
