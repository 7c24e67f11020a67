// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/engine_payload.hpp"

#include <zlib.h>

#include <boost/json.hpp>
#include <memory>

#include "sync/engine.hpp"

namespace imaginecole::sync {
namespace json = boost::json;
namespace {

constexpr std::string_view kFormat = "imaginecole-sync";
// Larger than any payload a sender makes (rows are read in bounded pages): a guard against a
// gzip bomb, not a limit people meet.
constexpr std::size_t kMaxPayloadBytes = std::size_t{1} << 30;

json::value to_json(const storage::Value& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    return *number;
  }
  if (const auto* real = std::get_if<double>(&value)) {
    return *real;
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    return json::string(*text);
  }
  return nullptr;
}

Result<storage::Value> from_json(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null:
      return storage::Value(nullptr);
    case json::kind::int64:
      return storage::Value(value.get_int64());
    case json::kind::uint64:
      return storage::Value(static_cast<std::int64_t>(value.get_uint64()));
    case json::kind::double_:
      return storage::Value(value.get_double());
    case json::kind::string:
      return storage::Value(std::string(value.get_string()));
    default:
      return Result<storage::Value>::failure("a column holds neither a number, a text nor null");
  }
}

const json::string* text_field(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value == nullptr ? nullptr : value->if_string();
}

Result<PayloadHeader> parse_header(std::string_view line, std::size_t& rows) {
  json::error_code ec;
  const json::value value = json::parse(line, ec);
  const auto* object = ec ? nullptr : value.if_object();
  const auto* format = object == nullptr ? nullptr : text_field(*object, "format");
  if (format == nullptr || *format != kFormat) {
    return Result<PayloadHeader>::failure("this is not an Imaginécole sync payload");
  }
  PayloadHeader header;
  const auto* version = object->if_contains("version");
  if (version == nullptr || !version->is_int64()) {
    return Result<PayloadHeader>::failure("the payload does not say its format version");
  }
  header.version = static_cast<int>(version->get_int64());
  if (header.version != kPayloadVersion) {
    return Result<PayloadHeader>::failure(
        "the payload is in format version " + std::to_string(header.version) +
        ", this server reads version " + std::to_string(kPayloadVersion) +
        ": update the older of the two servers");
  }
  for (auto [name, target] : {std::pair{"sender_node", &header.sender_node},
                              std::pair{"sender_epoch", &header.sender_epoch},
                              std::pair{"sender_role", &header.sender_role},
                              std::pair{"receiver_node", &header.receiver_node},
                              std::pair{"since", &header.since}, std::pair{"next", &header.next}}) {
    const auto* field = text_field(*object, name);
    if (field == nullptr) {
      return Result<PayloadHeader>::failure(std::string("the payload's header has no ") + name);
    }
    *target = std::string(*field);
  }
  if (const auto* ack = text_field(*object, "ack"); ack != nullptr) {
    header.ack = std::string(*ack);
  }
  const auto* more = object->if_contains("more");
  header.more = more != nullptr && more->is_bool() && more->get_bool();
  if (const auto* health = object->if_contains("health");
      health != nullptr && health->is_object()) {
    header.health = json::serialize(*health);
  }
  if (const auto* media = object->if_contains("media"); media != nullptr && media->is_array()) {
    for (const auto& hash : media->get_array()) {
      if (hash.is_string()) {
        header.media_hashes.emplace_back(hash.get_string());
      }
    }
  }
  const auto* count = object->if_contains("rows");
  if (count == nullptr || !count->is_int64() || count->get_int64() < 0) {
    return Result<PayloadHeader>::failure("the payload's header does not count its rows");
  }
  rows = static_cast<std::size_t>(count->get_int64());
  return header;
}

Result<PayloadRow> parse_row(std::string_view line, std::size_t number) {
  const std::string where = "row " + std::to_string(number) + " of the payload: ";
  json::error_code ec;
  const json::value value = json::parse(line, ec);
  const auto* object = ec ? nullptr : value.if_object();
  if (object == nullptr) {
    return Result<PayloadRow>::failure(where + "not a JSON object");
  }
  PayloadRow row;
  for (auto [name, target] : {std::pair{"e", &row.entity}, std::pair{"id", &row.id},
                              std::pair{"op", &row.op}, std::pair{"origin", &row.origin}}) {
    const auto* field = text_field(*object, name);
    if (field == nullptr || (field->empty() && std::string_view(name) != "origin")) {
      return Result<PayloadRow>::failure(where + "no " + name);
    }
    *target = std::string(*field);
  }
  if (row.op != "upsert" && row.op != "delete" && row.op != "erase" && row.op != "withdraw") {
    return Result<PayloadRow>::failure(where + "unknown operation " + row.op);
  }
  const auto* hlc = object->if_contains("hlc");
  if (hlc == nullptr || !hlc->is_int64() || hlc->get_int64() <= 0) {
    return Result<PayloadRow>::failure(where + "no stamp (hlc)");
  }
  row.hlc = hlc->get_int64();
  if (row.op == "upsert") {
    const auto* columns = object->if_contains("row");
    if (columns == nullptr || !columns->is_object() || columns->get_object().empty()) {
      return Result<PayloadRow>::failure(where + "an upsert without its columns");
    }
    for (const auto& [name, column] : columns->get_object()) {
      auto converted = from_json(column);
      if (!converted) {
        return Result<PayloadRow>::failure(where + converted.error());
      }
      row.columns.emplace_back(std::string(name), std::move(converted).value());
    }
  }
  return row;
}

struct DeflateEnd {
  void operator()(z_stream* stream) const {
    deflateEnd(stream);
    delete stream;  // NOLINT(cppcoreguidelines-owning-memory): zlib's C state
  }
};
struct InflateEnd {
  void operator()(z_stream* stream) const {
    inflateEnd(stream);
    delete stream;  // NOLINT(cppcoreguidelines-owning-memory)
  }
};

}  // namespace

std::string gzip(std::string_view text) {
  std::unique_ptr<z_stream, DeflateEnd> stream(new z_stream{});
  // 15 + 16: a gzip wrapper, whose CRC-32 and length trailer catch a truncated payload.
  if (deflateInit2(stream.get(), Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("zlib could not start compressing");
  }
  std::string out(deflateBound(stream.get(), static_cast<uLong>(text.size())) + 32, '\0');
  stream->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream->avail_in = static_cast<uInt>(text.size());
  stream->next_out = reinterpret_cast<Bytef*>(out.data());
  stream->avail_out = static_cast<uInt>(out.size());
  if (deflate(stream.get(), Z_FINISH) != Z_STREAM_END) {
    throw std::runtime_error("zlib could not compress the payload");
  }
  out.resize(stream->total_out);
  return out;
}

Result<std::string> gunzip(std::string_view bytes, std::size_t max_size) {
  if (bytes.size() < 18 || static_cast<unsigned char>(bytes[0]) != 0x1f ||
      static_cast<unsigned char>(bytes[1]) != 0x8b) {
    return Result<std::string>::failure("this is not an Imaginécole sync payload (not gzip)");
  }
  std::unique_ptr<z_stream, InflateEnd> stream(new z_stream{});
  if (inflateInit2(stream.get(), 15 + 16) != Z_OK) {
    throw std::runtime_error("zlib could not start decompressing");
  }
  stream->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream->avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[64 * 1024];
  int status = Z_OK;
  while (status == Z_OK) {
    stream->next_out = reinterpret_cast<Bytef*>(buffer);
    stream->avail_out = sizeof buffer;
    status = inflate(stream.get(), Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      break;
    }
    out.append(buffer, sizeof buffer - stream->avail_out);
    if (out.size() > max_size) {
      return Result<std::string>::failure("the payload is larger than a sync payload can be");
    }
    if (status == Z_OK && stream->avail_in == 0) {
      status = Z_BUF_ERROR;  // input ended before the stream did
    }
  }
  if (status != Z_STREAM_END) {
    return Result<std::string>::failure(
        "the payload is truncated or damaged (its compressed data does not end properly)");
  }
  if (stream->avail_in != 0) {
    return Result<std::string>::failure("the payload has bytes after its end");
  }
  return out;
}

std::string encode_payload(const Payload& payload) {
  const PayloadHeader& h = payload.header;
  json::array media;
  for (const auto& hash : h.media_hashes) {
    media.emplace_back(hash);
  }
  json::object header{{"format", kFormat},
                      {"version", kPayloadVersion},
                      {"sender_node", h.sender_node},
                      {"sender_epoch", h.sender_epoch},
                      {"sender_role", h.sender_role},
                      {"receiver_node", h.receiver_node},
                      {"since", h.since},
                      {"next", h.next},
                      {"ack", h.ack},
                      {"more", h.more},
                      {"rows", static_cast<std::int64_t>(payload.rows.size())},
                      {"media", std::move(media)}};
  if (!h.health.empty()) {
    header["health"] = json::parse(h.health);
  }
  std::string text = json::serialize(header) + "\n";
  for (const PayloadRow& row : payload.rows) {
    json::object line{{"e", row.entity},
                      {"id", row.id},
                      {"op", row.op},
                      {"hlc", row.hlc},
                      {"origin", row.origin}};
    if (row.op == "upsert") {
      json::object columns;
      for (const auto& [name, value] : row.columns) {
        columns[name] = to_json(value);
      }
      line["row"] = std::move(columns);
    }
    text += json::serialize(line);
    text += '\n';
  }
  return gzip(text);
}

Result<Payload> decode_payload(std::string_view bytes) {
  auto text = gunzip(bytes, kMaxPayloadBytes);
  if (!text) {
    return Result<Payload>::failure(text.error());
  }
  std::string_view rest = text.value();
  const auto first_end = rest.find('\n');
  if (first_end == std::string_view::npos) {
    return Result<Payload>::failure("the payload has no header line");
  }
  std::size_t expected_rows = 0;
  auto header = parse_header(rest.substr(0, first_end), expected_rows);
  if (!header) {
    return Result<Payload>::failure(header.error());
  }
  Payload payload{.header = std::move(header).value()};
  rest.remove_prefix(first_end + 1);
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    if (end == std::string_view::npos) {
      return Result<Payload>::failure("the payload's last line is cut short");
    }
    auto row = parse_row(rest.substr(0, end), payload.rows.size() + 1);
    if (!row) {
      return Result<Payload>::failure(row.error());
    }
    payload.rows.push_back(std::move(row).value());
    rest.remove_prefix(end + 1);
  }
  if (payload.rows.size() != expected_rows) {
    return Result<Payload>::failure("the payload announces " + std::to_string(expected_rows) +
                                    " rows and holds " + std::to_string(payload.rows.size()));
  }
  return payload;
}

}  // namespace imaginecole::sync
