// SPDX-License-Identifier: AGPL-3.0-or-later
// The structured access log: one JSON object per request, buffered per event-loop thread and
// written in batches so that logging costs no system call per request.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace imaginecole::http {

struct AccessLogEntry {
  std::string_view remote;
  std::string_view method;
  std::string_view target;
  std::string_view route;
  int status = 0;
  std::uint64_t bytes = 0;
  double duration_ms = 0;
  std::string_view user_agent;
};

class AccessLogSink {
 public:
  // "-" for standard error, "off" for none, else a file path (appended to).
  static std::shared_ptr<AccessLogSink> open(const std::string& destination);
  ~AccessLogSink();

  bool enabled() const { return file_ != nullptr; }
  void write(std::string_view lines);

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  std::mutex mutex_;
};

// One per event-loop thread: not thread-safe by design.
class AccessLogBuffer {
 public:
  explicit AccessLogBuffer(std::shared_ptr<AccessLogSink> sink) : sink_(std::move(sink)) {}
  ~AccessLogBuffer() { flush(); }
  AccessLogBuffer(const AccessLogBuffer&) = delete;
  AccessLogBuffer& operator=(const AccessLogBuffer&) = delete;

  void append(const AccessLogEntry& entry);
  void flush();

 private:
  std::shared_ptr<AccessLogSink> sink_;
  std::string buffer_;
};

void append_json_string(std::string& out, std::string_view text);

}  // namespace imaginecole::http
