// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/sealed_bundle.hpp"

#include <sodium.h>

#include <boost/json.hpp>

#include <stdexcept>

namespace imaginecole::sync {
namespace {

namespace json = boost::json;

constexpr std::string_view kMagic = "IMGCSYNC";
constexpr std::size_t kPrefix = 8 + 1 + 4;  // magic, format, header length
constexpr std::size_t kMaxHeader = 64 * 1024;
constexpr std::size_t kKeyAndNonce = crypto_box_PUBLICKEYBYTES + crypto_box_NONCEBYTES;

std::string header_json(const BundleHeader& header) {
  return json::serialize(json::object{{"format", header.format},
                                      {"kind", header.kind},
                                      {"bundle_id", header.bundle_id},
                                      {"sender", header.sender},
                                      {"receiver", header.receiver},
                                      {"sender_epoch", header.sender_epoch},
                                      {"sequence", header.sequence},
                                      {"cursor_from", header.cursor_from},
                                      {"cursor_to", header.cursor_to},
                                      {"part", header.part},
                                      {"parts", header.parts},
                                      {"created_at", header.created_at},
                                      {"sealed_bytes", header.sealed_bytes}});
}

std::optional<BundleHeader> parse_header(std::string_view text) {
  boost::system::error_code error;
  const json::value value = json::parse(text, error);
  if (error || !value.is_object()) {
    return std::nullopt;
  }
  const json::object& object = value.as_object();
  const auto text_of = [&](std::string_view key) -> std::optional<std::string> {
    const auto* found = object.if_contains(key);
    if (found == nullptr || !found->is_string()) {
      return std::nullopt;
    }
    return std::string(found->as_string());
  };
  const auto integer_of = [&](std::string_view key) -> std::optional<std::int64_t> {
    const auto* found = object.if_contains(key);
    if (found == nullptr) {
      return std::nullopt;
    }
    if (found->is_int64()) {
      return found->as_int64();
    }
    if (found->is_uint64() && found->as_uint64() <= INT64_MAX) {
      return static_cast<std::int64_t>(found->as_uint64());
    }
    return std::nullopt;
  };
  BundleHeader header;
  const auto format = integer_of("format");
  const auto kind = text_of("kind");
  const auto bundle_id = text_of("bundle_id");
  const auto sender = text_of("sender");
  const auto receiver = text_of("receiver");
  const auto epoch = text_of("sender_epoch");
  const auto sequence = integer_of("sequence");
  const auto from = text_of("cursor_from");
  const auto to = text_of("cursor_to");
  const auto part = integer_of("part");
  const auto parts = integer_of("parts");
  const auto created = text_of("created_at");
  const auto sealed = integer_of("sealed_bytes");
  if (!format || !kind || !bundle_id || !sender || !receiver || !epoch || !sequence || !from ||
      !to || !part || !parts || !created || !sealed || *part < 1 || *parts < 1 || *part > *parts ||
      *parts > 100000 || *sealed < 0) {
    return std::nullopt;
  }
  header.format = static_cast<int>(*format);
  header.kind = *kind;
  header.bundle_id = *bundle_id;
  header.sender = *sender;
  header.receiver = *receiver;
  header.sender_epoch = *epoch;
  header.sequence = *sequence;
  header.cursor_from = *from;
  header.cursor_to = *to;
  header.part = static_cast<int>(*part);
  header.parts = static_cast<int>(*parts);
  header.created_at = *created;
  header.sealed_bytes = static_cast<std::uint64_t>(*sealed);
  return header;
}

std::uint32_t read_u32(std::string_view bytes) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[0])) << 24U) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[1])) << 16U) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[2])) << 8U) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[3]));
}

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

OpenOutcome refused(Refusal refusal, std::string message) {
  OpenOutcome outcome;
  outcome.refusal = refusal;
  outcome.message = std::move(message);
  return outcome;
}

}  // namespace

std::string_view refusal_name(Refusal refusal) {
  switch (refusal) {
    case Refusal::not_a_bundle:
      return "not_a_bundle";
    case Refusal::wrong_format:
      return "wrong_format";
    case Refusal::truncated:
      return "truncated";
    case Refusal::tampered:
      return "tampered";
    case Refusal::foreign:
      return "foreign";
    case Refusal::unknown_sender:
      return "unknown_sender";
    case Refusal::revoked:
      return "revoked";
    case Refusal::epoch_changed:
      return "epoch_changed";
    case Refusal::replayed:
      return "replayed";
    case Refusal::missing_part:
      return "missing_part";
  }
  return "tampered";
}

std::string seal_bundle(std::string_view payload, BundleHeader header, const NodeKeys& mine,
                        const PublicKeys& receiver) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium could not start");
  }
  header.sealed_bytes = payload.size() + crypto_box_MACBYTES;
  const std::string head = header_json(header);
  if (head.size() > kMaxHeader) {
    throw std::invalid_argument("bundle header too large");
  }
  std::string out;
  out.reserve(kPrefix + head.size() + kKeyAndNonce + header.sealed_bytes + crypto_sign_BYTES);
  out += kMagic;
  out += static_cast<char>(header.format);
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += static_cast<char>((head.size() >> static_cast<unsigned>(shift)) & 0xFFU);
  }
  out += head;

  unsigned char ephemeral_public[crypto_box_PUBLICKEYBYTES];
  unsigned char ephemeral_secret[crypto_box_SECRETKEYBYTES];
  unsigned char nonce[crypto_box_NONCEBYTES];
  crypto_box_keypair(ephemeral_public, ephemeral_secret);
  randombytes_buf(nonce, sizeof nonce);
  out.append(reinterpret_cast<const char*>(ephemeral_public), sizeof ephemeral_public);
  out.append(reinterpret_cast<const char*>(nonce), sizeof nonce);
  const std::size_t cipher_at = out.size();
  out.resize(cipher_at + header.sealed_bytes);
  const int boxed =
      crypto_box_easy(reinterpret_cast<unsigned char*>(out.data() + cipher_at), bytes_of(payload),
                      payload.size(), nonce, receiver.box.data(), ephemeral_secret);
  sodium_memzero(ephemeral_secret, sizeof ephemeral_secret);
  if (boxed != 0) {
    throw std::runtime_error("the receiver's public key is not usable");
  }
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, bytes_of(out), out.size(), mine.sign_secret().data());
  out.append(reinterpret_cast<const char*>(signature), sizeof signature);
  return out;
}

std::optional<BundleHeader> peek_header(std::string_view bytes) {
  if (bytes.size() < kPrefix || bytes.substr(0, kMagic.size()) != kMagic) {
    return std::nullopt;
  }
  const std::uint32_t length = read_u32(bytes.substr(9, 4));
  if (length > kMaxHeader || bytes.size() < kPrefix + length) {
    return std::nullopt;
  }
  return parse_header(bytes.substr(kPrefix, length));
}

OpenOutcome open_bundle(std::string_view bytes, std::string_view my_node, const NodeKeys& mine,
                        const PeerLookup& lookup) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium could not start");
  }
  if (bytes.size() < kMagic.size()) {
    return kMagic.starts_with(bytes)
               ? refused(Refusal::truncated, "the bundle is cut short (only " +
                                                 std::to_string(bytes.size()) + " bytes)")
               : refused(Refusal::not_a_bundle, "this file is not an Imaginécole sync bundle");
  }
  if (bytes.substr(0, kMagic.size()) != kMagic) {
    return refused(Refusal::not_a_bundle, "this file is not an Imaginécole sync bundle");
  }
  if (bytes.size() < kPrefix) {
    return refused(Refusal::truncated, "the bundle is cut short: its header is missing");
  }
  const int format = static_cast<unsigned char>(bytes[8]);
  if (format != kBundleFormat) {
    return refused(Refusal::wrong_format, "the bundle is in format " + std::to_string(format) +
                                              ", this server reads format " +
                                              std::to_string(kBundleFormat) +
                                              ": update the older of the two servers");
  }
  const std::uint32_t head_length = read_u32(bytes.substr(9, 4));
  if (head_length > kMaxHeader) {
    return refused(Refusal::tampered, "the bundle's header is damaged or was altered");
  }
  if (bytes.size() < kPrefix + head_length) {
    return refused(Refusal::truncated, "the bundle is cut short: its header is incomplete");
  }
  const auto header = parse_header(bytes.substr(kPrefix, head_length));
  if (!header || header->format != format) {
    return refused(Refusal::tampered, "the bundle's header is damaged or was altered");
  }
  const std::uint64_t expected =
      kPrefix + head_length + kKeyAndNonce + header->sealed_bytes + crypto_sign_BYTES;
  if (bytes.size() < expected) {
    return refused(Refusal::truncated, "the bundle is cut short: " + std::to_string(bytes.size()) +
                                           " bytes of " + std::to_string(expected) +
                                           " (copy it again from the key)");
  }
  if (bytes.size() > expected) {
    return refused(Refusal::tampered, "the bundle has bytes after its end: it was altered");
  }
  if (header->receiver != my_node) {
    return refused(Refusal::foreign, "this bundle is for another server (node " + header->receiver +
                                         "), not this one (node " + std::string(my_node) + ")");
  }
  const std::optional<Peer> sender = lookup(header->sender);
  if (!sender) {
    return refused(Refusal::unknown_sender, "this bundle comes from node " + header->sender +
                                                ", which this server is not paired with");
  }
  // A revoked school server is refused. A box's hub row marked revoked means the hub revoked
  // the box: the hub's notices still open (the import refuses its data).
  if (sender->role == PeerRole::school && sender->revoked()) {
    return refused(Refusal::revoked, "this bundle comes from the server of school " +
                                         sender->school_code + ", revoked on " +
                                         sender->revoked_at + ": it is refused");
  }
  const std::size_t signed_length = bytes.size() - crypto_sign_BYTES;
  if (crypto_sign_verify_detached(bytes_of(bytes.substr(signed_length)), bytes_of(bytes),
                                  signed_length, sender->keys.sign.data()) != 0) {
    return refused(Refusal::tampered,
                   "the bundle's signature does not match: it was altered after it was "
                   "written, or it was not written by the paired server");
  }
  if (sender->role == PeerRole::school && header->sender_epoch != sender->epoch) {
    return refused(Refusal::epoch_changed,
                   "the school server's data was restored or copied since it paired (epoch " +
                       header->sender_epoch + ", paired with " + sender->epoch +
                       "): pair it again with a new code");
  }
  if (header->sequence <= sender->accepted_sequence) {
    return refused(Refusal::replayed, "this bundle (number " + std::to_string(header->sequence) +
                                          ") was already imported; the last one accepted "
                                          "from this sender is number " +
                                          std::to_string(sender->accepted_sequence));
  }
  const std::size_t at = kPrefix + head_length;
  const auto* ephemeral = bytes_of(bytes.substr(at, crypto_box_PUBLICKEYBYTES));
  const auto* nonce = bytes_of(bytes.substr(at + crypto_box_PUBLICKEYBYTES));
  const std::string_view cipher = bytes.substr(at + kKeyAndNonce, header->sealed_bytes);
  if (cipher.size() < crypto_box_MACBYTES) {
    return refused(Refusal::tampered, "the bundle's sealed part is damaged");
  }
  OpenedBundle opened{.header = *header, .payload = {}};
  opened.payload.resize(cipher.size() - crypto_box_MACBYTES);
  if (crypto_box_open_easy(reinterpret_cast<unsigned char*>(opened.payload.data()),
                           bytes_of(cipher), cipher.size(), nonce, ephemeral,
                           mine.box_secret().data()) != 0) {
    return refused(Refusal::tampered,
                   "the bundle cannot be decrypted with this server's key: it was altered or "
                   "sealed for an older key of this server");
  }
  OpenOutcome outcome;
  outcome.bundle = std::move(opened);
  return outcome;
}

}  // namespace imaginecole::sync
