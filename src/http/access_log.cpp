// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/access_log.hpp"

#include <chrono>
#include <stdexcept>

#include "core/clock.hpp"

namespace imaginecole::http {

std::shared_ptr<AccessLogSink> AccessLogSink::open(const std::string& destination) {
  auto sink = std::make_shared<AccessLogSink>();
  if (destination == "off" || destination.empty()) {
    return sink;
  }
  if (destination == "-") {
    sink->file_ = stderr;
    return sink;
  }
  sink->file_ = std::fopen(destination.c_str(), "a");
  if (sink->file_ == nullptr) {
    throw std::runtime_error("cannot open access log " + destination);
  }
  sink->owned_ = true;
  return sink;
}

AccessLogSink::~AccessLogSink() {
  if (owned_ && file_ != nullptr) {
    std::fclose(file_);
  }
}

void AccessLogSink::write(std::string_view lines) {
  if (file_ == nullptr) {
    return;
  }
  std::lock_guard lock(mutex_);
  std::fwrite(lines.data(), 1, lines.size(), file_);
  std::fflush(file_);
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      out += "\\u00";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0f]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void AccessLogBuffer::append(const AccessLogEntry& entry) {
  if (!sink_ || !sink_->enabled()) {
    return;
  }
  buffer_ += "{\"time\":\"";
  buffer_ += core::now_timestamp();
  buffer_ += "\",\"remote\":";
  append_json_string(buffer_, entry.remote);
  buffer_ += ",\"method\":";
  append_json_string(buffer_, entry.method);
  buffer_ += ",\"target\":";
  append_json_string(buffer_, entry.target.substr(0, 512));
  buffer_ += ",\"route\":";
  append_json_string(buffer_, entry.route);
  buffer_ += ",\"status\":" + std::to_string(entry.status);
  buffer_ += ",\"bytes\":" + std::to_string(entry.bytes);
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f", entry.duration_ms);
  buffer_ += ",\"ms\":";
  buffer_ += duration;
  buffer_ += ",\"ua\":";
  append_json_string(buffer_, entry.user_agent.substr(0, 256));
  buffer_ += "}\n";
  if (buffer_.size() > 32 * 1024) {
    flush();
  }
}

void AccessLogBuffer::flush() {
  if (!buffer_.empty() && sink_) {
    sink_->write(buffer_);
    buffer_.clear();
  }
}

}  // namespace imaginecole::http
