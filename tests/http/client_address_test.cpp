// SPDX-License-Identifier: AGPL-3.0-or-later
// The client's address behind a reverse proxy: believed only from proxies we trust.
#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace imaginecole::http {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

TEST(ClientAddress, ForwardedHeadersOfAnUntrustedPeerAreIgnored) {
  const TrustedProxies none;
  const auto origin =
      resolve_client("198.51.100.7",
                     Headers{{"x-forwarded-for", "1.2.3.4"}, {"x-forwarded-proto", "https"}}, none);
  EXPECT_EQ(origin.address, "198.51.100.7");
  EXPECT_FALSE(origin.secure);
}

TEST(ClientAddress, ATrustedProxyNamesTheClient) {
  const TrustedProxies proxies({"10.0.0.0/8", "::1"});
  const auto origin = resolve_client(
      "10.1.2.3", Headers{{"x-forwarded-for", "203.0.113.9"}, {"x-forwarded-proto", "https"}},
      proxies);
  EXPECT_EQ(origin.address, "203.0.113.9");
  EXPECT_TRUE(origin.secure);
  EXPECT_EQ(resolve_client("::1", Headers{{"x-forwarded-for", "203.0.113.9"}}, proxies).address,
            "203.0.113.9");
}

TEST(ClientAddress, AClientCannotPretendToBeSomeoneElseThroughTheProxy) {
  // The client wrote "X-Forwarded-For: 1.1.1.1" itself; the proxy appended its real address.
  const TrustedProxies proxies({"10.0.0.1"});
  const auto origin =
      resolve_client("10.0.0.1", Headers{{"x-forwarded-for", "1.1.1.1, 203.0.113.9"}}, proxies);
  EXPECT_EQ(origin.address, "203.0.113.9");
  // Two proxies of ours in a row: the client is the first address that is not ours.
  const TrustedProxies chain({"10.0.0.1", "10.0.0.2"});
  EXPECT_EQ(resolve_client("10.0.0.1",
                           Headers{{"x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.0.0.2"}}, chain)
                .address,
            "203.0.113.9");
  // Garbage stops the walk at the last hop we can vouch for.
  EXPECT_EQ(resolve_client("10.0.0.1", Headers{{"x-forwarded-for", "not-an-ip"}}, proxies).address,
            "10.0.0.1");
}

TEST(ClientAddress, ReadsTheStandardForwardedHeader) {
  const TrustedProxies proxies({"127.0.0.1"});
  const auto origin = resolve_client(
      "127.0.0.1",
      Headers{
          {"forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\";proto=https"}},
      proxies);
  EXPECT_EQ(origin.address, "2001:db8:cafe::17");
  EXPECT_TRUE(origin.secure);
}

TEST(ClientAddress, NetworksAndMappedAddresses) {
  const TrustedProxies proxies({"192.168.0.0/16"});
  EXPECT_TRUE(proxies.contains("192.168.44.1"));
  EXPECT_TRUE(proxies.contains("::ffff:192.168.44.1"));
  EXPECT_FALSE(proxies.contains("192.169.0.1"));
  EXPECT_FALSE(proxies.contains("garbage"));
  EXPECT_EQ(canonical_address("::ffff:10.0.0.1"), "10.0.0.1");
  EXPECT_THROW(TrustedProxies({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_THROW(TrustedProxies({"proxy.local"}), std::invalid_argument);
}

}  // namespace
}  // namespace imaginecole::http
