// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/byte_range.hpp"

#include <gtest/gtest.h>

namespace imaginecole::http {
namespace {

struct RangeCase {
  const char* header;
  std::uint64_t size;
  ByteRange::Kind kind;
  std::uint64_t first;
  std::uint64_t length;
  const char* content_range;
};

class ByteRangeCases : public ::testing::TestWithParam<RangeCase> {};

TEST_P(ByteRangeCases, ResolveAgainstContentSize) {
  const RangeCase& c = GetParam();
  const ByteRange range = ByteRange::parse(c.header).resolve(c.size);
  EXPECT_EQ(range.kind(), c.kind) << c.header;
  if (c.kind == ByteRange::Kind::satisfiable) {
    EXPECT_EQ(range.first(), c.first);
    EXPECT_EQ(range.length(), c.length);
  }
  if (c.content_range != nullptr) {
    EXPECT_EQ(range.content_range(c.size), c.content_range);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ByteRangeCases,
    ::testing::Values(
        RangeCase{"bytes=0-499", 1000, ByteRange::Kind::satisfiable, 0, 500, "bytes 0-499/1000"},
        RangeCase{"bytes=500-", 1000, ByteRange::Kind::satisfiable, 500, 500, "bytes 500-999/1000"},
        RangeCase{"bytes=-200", 1000, ByteRange::Kind::satisfiable, 800, 200, "bytes 800-999/1000"},
        RangeCase{"bytes=-5000", 1000, ByteRange::Kind::satisfiable, 0, 1000, "bytes 0-999/1000"},
        RangeCase{"bytes=900-5000", 1000, ByteRange::Kind::satisfiable, 900, 100,
                  "bytes 900-999/1000"},
        RangeCase{"bytes=999-999", 1000, ByteRange::Kind::satisfiable, 999, 1,
                  "bytes 999-999/1000"},
        RangeCase{"bytes=1000-", 1000, ByteRange::Kind::unsatisfiable, 0, 0, "bytes */1000"},
        RangeCase{"bytes=-0", 1000, ByteRange::Kind::unsatisfiable, 0, 0, "bytes */1000"},
        RangeCase{"bytes=0-0", 0, ByteRange::Kind::unsatisfiable, 0, 0, "bytes */0"},
        // Ignored (full content): other units, several ranges, reversed, garbage, overflow.
        RangeCase{"items=0-5", 1000, ByteRange::Kind::none, 0, 0, nullptr},
        RangeCase{"bytes=0-1,5-9", 1000, ByteRange::Kind::none, 0, 0, nullptr},
        RangeCase{"bytes=9-1", 1000, ByteRange::Kind::none, 0, 0, nullptr},
        RangeCase{"bytes=abc", 1000, ByteRange::Kind::none, 0, 0, nullptr},
        RangeCase{"bytes=-", 1000, ByteRange::Kind::none, 0, 0, nullptr},
        RangeCase{"bytes=99999999999999999999999-", 1000, ByteRange::Kind::none, 0, 0, nullptr},
        RangeCase{"", 1000, ByteRange::Kind::none, 0, 0, nullptr}));

}  // namespace
}  // namespace imaginecole::http
