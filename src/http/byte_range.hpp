// SPDX-License-Identifier: AGPL-3.0-or-later
// The Range request header (RFC 9110 §14): parsed into a value, then resolved against the size
// of the content. One range is served; several ranges are answered with the whole content.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace imaginecole::http {

class ByteRange {
 public:
  enum class Kind { none, satisfiable, unsatisfiable };

  // Parses "bytes=0-499", "bytes=500-", "bytes=-500". Anything else (other units, several
  // ranges, garbage) is Kind::none: the full content is sent, as the RFC allows.
  static ByteRange parse(std::string_view header);

  // Resolves against the content size: a satisfiable range gets first and length.
  ByteRange resolve(std::uint64_t content_size) const;

  Kind kind() const { return kind_; }
  std::uint64_t first() const { return first_; }
  std::uint64_t length() const { return length_; }
  // "bytes 0-499/1234" for a resolved satisfiable range; "bytes */1234" otherwise.
  std::string content_range(std::uint64_t content_size) const;

 private:
  enum class Form { none, from_to, from, suffix };
  Kind kind_ = Kind::none;
  Form form_ = Form::none;
  std::uint64_t first_ = 0;
  std::uint64_t last_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace imaginecole::http
