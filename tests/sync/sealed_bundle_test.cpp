// SPDX-License-Identifier: AGPL-3.0-or-later
// Sealed bundles: what a receiver opens, and every way it refuses one (decision 0037).
#include "sync/sealed_bundle.hpp"

#include <gtest/gtest.h>

namespace imaginecole::sync {
namespace {

constexpr const char* kHub = "hub-node";
constexpr const char* kBox = "box-node";

class SealedBundle : public ::testing::Test {
 protected:
  SealedBundle() : hub_keys_(NodeKeys::generate()), box_keys_(NodeKeys::generate()) {
    box_as_seen_by_hub_.node_id = kBox;
    box_as_seen_by_hub_.epoch = "epoch-1";
    box_as_seen_by_hub_.role = PeerRole::school;
    box_as_seen_by_hub_.school_code = "DKR001";
    box_as_seen_by_hub_.keys = box_keys_.public_keys();
  }

  BundleHeader header(std::int64_t sequence = 1) const {
    BundleHeader out;
    out.bundle_id = "bundle-1";
    out.sender = kBox;
    out.receiver = kHub;
    out.sender_epoch = "epoch-1";
    out.sequence = sequence;
    out.cursor_from = "epoch-1.0.0";
    out.cursor_to = "epoch-1.0.42";
    out.created_at = "2026-12-05T10:00:00.000Z";
    return out;
  }

  std::string sealed_by_box(std::string_view payload, std::int64_t sequence = 1) const {
    return seal_bundle(payload, header(sequence), box_keys_, hub_keys_.public_keys());
  }

  OpenOutcome open_at_hub(std::string_view bytes) const {
    return open_bundle(bytes, kHub, hub_keys_, [this](const std::string& id) {
      return id == kBox ? std::optional<Peer>(box_as_seen_by_hub_) : std::nullopt;
    });
  }

  NodeKeys hub_keys_;
  NodeKeys box_keys_;
  Peer box_as_seen_by_hub_;
};

TEST_F(SealedBundle, OpensWhatItSealedWithItsHeader) {
  const std::string payload = "attempts of DKR001 \x01\x02 binary";
  const std::string bytes = sealed_by_box(payload);
  EXPECT_EQ(bytes.find("attempts of DKR001"), std::string::npos) << "the payload is encrypted";
  const auto opened = open_at_hub(bytes);
  ASSERT_TRUE(opened) << opened.message;
  EXPECT_EQ(opened.bundle->payload, payload);
  EXPECT_EQ(opened.bundle->header.sender, kBox);
  EXPECT_EQ(opened.bundle->header.sequence, 1);
  EXPECT_EQ(opened.bundle->header.cursor_to, "epoch-1.0.42");
  EXPECT_EQ(opened.bundle->header.part, 1);
  EXPECT_EQ(opened.bundle->header.parts, 1);
}

TEST_F(SealedBundle, AnyFlippedByteIsRefused) {
  const std::string bytes = sealed_by_box("the payload");
  // Every byte: magic, format, header, key, nonce, ciphertext, signature.
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    std::string altered = bytes;
    altered[at] = static_cast<char>(altered[at] ^ 0x01);
    const auto opened = open_at_hub(altered);
    EXPECT_FALSE(opened) << "byte " << at << " flipped was accepted";
  }
  // A flip in the ciphertext or the signature is "tampered".
  std::string altered = bytes;
  altered[bytes.size() - 80] = static_cast<char>(altered[bytes.size() - 80] ^ 0x40);
  const auto opened = open_at_hub(altered);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.refusal, Refusal::tampered) << opened.message;
  EXPECT_NE(opened.message.find("altered"), std::string::npos) << opened.message;
}

TEST_F(SealedBundle, ATruncatedBundleIsRefusedAsTruncated) {
  const std::string bytes = sealed_by_box(std::string(1000, 'x'));
  for (const std::size_t keep :
       {std::size_t{3}, std::size_t{10}, std::size_t{40}, bytes.size() / 2, bytes.size() - 1}) {
    const auto opened = open_at_hub(std::string_view(bytes).substr(0, keep));
    ASSERT_FALSE(opened) << keep;
    EXPECT_EQ(opened.refusal, Refusal::truncated) << keep << ": " << opened.message;
  }
  const auto longer = open_at_hub(bytes + "x");
  EXPECT_EQ(longer.refusal, Refusal::tampered);
}

TEST_F(SealedBundle, ASequenceNotAboveTheLastAcceptedIsAReplay) {
  box_as_seen_by_hub_.accepted_sequence = 5;
  for (const std::int64_t sequence : {1, 5}) {
    const auto opened = open_at_hub(sealed_by_box("p", sequence));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.refusal, Refusal::replayed) << opened.message;
    EXPECT_NE(opened.message.find("already imported"), std::string::npos);
  }
  EXPECT_TRUE(open_at_hub(sealed_by_box("p", 6)));
}

TEST_F(SealedBundle, ABundleForAnotherNodeIsForeign) {
  const auto opened = open_bundle(sealed_by_box("p"), "another-hub", hub_keys_,
                                  [this](const std::string&) { return box_as_seen_by_hub_; });
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.refusal, Refusal::foreign);
  EXPECT_NE(opened.message.find("for another server"), std::string::npos) << opened.message;
}

TEST_F(SealedBundle, ABundleFromAnUnpairedNodeIsRefused) {
  const auto opened = open_bundle(sealed_by_box("p"), kHub, hub_keys_,
                                  [](const std::string&) { return std::optional<Peer>(); });
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.refusal, Refusal::unknown_sender);
  EXPECT_NE(opened.message.find("not paired"), std::string::npos) << opened.message;
}

TEST_F(SealedBundle, ABundleSignedByAnotherKeyIsTampered) {
  // A cloned card that re-paired: the hub now trusts the new keys only.
  box_as_seen_by_hub_.keys = NodeKeys::generate().public_keys();
  const auto opened = open_at_hub(sealed_by_box("p"));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.refusal, Refusal::tampered);
}

TEST_F(SealedBundle, ARevokedSenderIsRefused) {
  box_as_seen_by_hub_.revoked_at = "2026-12-05T09:00:00.000Z";
  const auto opened = open_at_hub(sealed_by_box("p"));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.refusal, Refusal::revoked);
  EXPECT_NE(opened.message.find("school DKR001, revoked on 2026-12-05"), std::string::npos)
      << opened.message;
}

TEST_F(SealedBundle, ABoxWhoseDataWasCopiedSincePairingIsRefused) {
  box_as_seen_by_hub_.epoch = "epoch-0";
  const auto opened = open_at_hub(sealed_by_box("p"));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.refusal, Refusal::epoch_changed);
  EXPECT_NE(opened.message.find("pair it again"), std::string::npos) << opened.message;
}

TEST_F(SealedBundle, AnotherFormatVersionIsRefusedByName) {
  std::string bytes = sealed_by_box("p");
  bytes[8] = 2;
  const auto opened = open_at_hub(bytes);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.refusal, Refusal::wrong_format);
  EXPECT_NE(opened.message.find("format 2"), std::string::npos) << opened.message;
  EXPECT_EQ(open_at_hub("PK\x03\x04 a zip file").refusal, Refusal::not_a_bundle);
}

TEST_F(SealedBundle, OnlyTheReceiverCanRead) {
  // Sealed for the hub: the box's own key (or anyone's) cannot open it.
  const std::string bytes = sealed_by_box("secret");
  const auto opened = open_bundle(bytes, kHub, box_keys_,
                                  [this](const std::string&) { return box_as_seen_by_hub_; });
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.refusal, Refusal::tampered);
}

}  // namespace
}  // namespace imaginecole::sync
