// SPDX-License-Identifier: AGPL-3.0-or-later
// Where "next" may send a person: a path on this site, judged after percent-decoding.
#include "http/local_path.hpp"

#include <gtest/gtest.h>

namespace imaginecole::http {
namespace {

TEST(LocalPath, KeepsPathsOfThisSite) {
  EXPECT_EQ(safe_local_path("/"), "/");
  EXPECT_EQ(safe_local_path("/c/SN/cm2?page=2#fin"), "/c/SN/cm2?page=2#fin");
  EXPECT_EQ(safe_local_path("/search?q=fraction%20cm2"), "/search?q=fraction%20cm2");
  EXPECT_EQ(safe_local_path("/r/%C3%A9t%C3%A9"), "/r/%C3%A9t%C3%A9");
}

TEST(LocalPath, RefusesOtherSitesHoweverTheyAreWritten) {
  for (const char* value :
       {"", "c/SN", "//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example",
        "javascript:alert(1)", "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example",
        "/%252F%252Fevil.example", "/\t/evil.example", "/%09/evil.example", "/a//b"}) {
    EXPECT_FALSE(safe_local_path(value)) << value;
  }
}

TEST(LocalPath, RefusesControlCharactersThatWouldSplitAHeader) {
  for (const char* value : {"/\r\nSet-Cookie:x=1", "/%0D%0ASet-Cookie:x=1", "/%0aLocation:x",
                            "/%250D%250A", "/a%00b", "/a%7Fb"}) {
    EXPECT_FALSE(safe_local_path(value)) << value;
  }
  EXPECT_EQ(local_path_or("/%0D%0ASet-Cookie:x=1", "/"), "/");
  EXPECT_EQ(local_path_or("/classes", "/"), "/classes");
}

}  // namespace
}  // namespace imaginecole::http
