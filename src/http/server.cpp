// SPDX-License-Identifier: AGPL-3.0-or-later
// The only translation unit that sees Boost.Beast (it is heavy to compile: keep it that way).
#include "http/server.hpp"

#include <sys/statvfs.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "core/clock.hpp"
#include "core/no_waiting.hpp"
#include "http/acknowledgements.hpp"
#include "http/connection_limits.hpp"
#include "http/dispatch.hpp"
#include "http/gate.hpp"
#include "http/request_header.hpp"
#include "http/response_head.hpp"

namespace imaginecole::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

tcp::endpoint parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    throw std::runtime_error("--listen must be HOST:PORT (got \"" + listen + "\")");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host == "*") {
    host = "0.0.0.0";
  }
  if (host == "localhost") {
    host = "127.0.0.1";
  }
  const std::string port_text = listen.substr(colon + 1);
  char* end = nullptr;
  const long port = std::strtol(port_text.c_str(), &end, 10);
  if (port_text.empty() || *end != '\0' || port < 0 || port > 65535) {
    throw std::runtime_error("--listen has an invalid port: \"" + port_text + "\"");
  }
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) {
    throw std::runtime_error("--listen has an invalid address: \"" + host + "\"");
  }
  return {address, static_cast<unsigned short>(port)};
}

template <typename Message>
void copy_headers(const Response& response, Message& message) {
  for (const auto& [name, value] : response.headers) {
    message.insert(name, value);
  }
  message.set(bhttp::field::date, current_http_date());
}

}  // namespace

std::int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A client connection. Deadlines are plain numbers checked by the loop's sweeper a few times
// a second, rather than a timer re-armed before every read and write: that costs a system call
// per request, this costs a store.
struct Conn {
  explicit Conn(tcp::socket s) : socket(std::move(s)) {}
  tcp::socket socket;
  std::int64_t deadline_ns = 0;
  bool idle = false;  // waiting for the next request, nothing in flight

  void expires_after(std::chrono::milliseconds duration) {
    deadline_ns = steady_now_ns() + std::chrono::nanoseconds(duration).count();
  }
};

// One per event-loop thread.
struct Loop {
  asio::io_context context{1};
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unordered_set<Conn*> connections;  // touched only from this loop's thread
  std::unique_ptr<asio::steady_timer> sweep_timer;
  std::unique_ptr<AccessLogBuffer> log;
  std::unique_ptr<asio::steady_timer> flush_timer;
};

struct Server::Impl {
  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  ErrorRenderer errors;
  std::vector<std::unique_ptr<Loop>> loops;
  asio::thread_pool workers;
  // Sign-ins beyond the processor's hashing capacity queue here, not on the workers.
  asio::thread_pool hashing;
  std::atomic<bool> draining{false};
  std::atomic<int> sessions{0};
  std::uint16_t bound_port = 0;
  std::once_flag stop_once;
  ConnectionLimits limits;

  Impl(ServerOptions opts, const Router& r, Metrics& m, ErrorRenderer e)
      : options(std::move(opts)),
        router(r),
        metrics(m),
        errors(std::move(e)),
        workers(std::max<std::size_t>(1, options.workers)),
        hashing(hashing_threads(options.hashing_workers)),
        limits(options.max_connections, options.max_connections_per_address) {}

  static std::size_t hashing_threads(std::size_t wanted) {
    if (wanted != 0) {
      return wanted;
    }
    return std::clamp<std::size_t>(std::max(1U, std::thread::hardware_concurrency()), 1, 4);
  }

  // What a handler answered, and what its writes wait for before the answer may leave.
  struct Handled {
    Response response;
    DurableWait durable;
  };

  // Runs `fn` on `pool` and resumes the calling coroutine on its own loop.
  template <typename Result, typename Fn>
  asio::awaitable<Result> on_pool(asio::thread_pool& pool, Fn fn) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr, Result)>(
        [&pool, fn = std::move(fn)](auto handler) mutable {
          asio::post(pool, [fn = std::move(fn), handler = std::move(handler)]() mutable {
            std::exception_ptr error;
            Result result{};
            try {
              result = fn();
            } catch (...) {
              error = std::current_exception();
            }
            auto executor = asio::get_associated_executor(handler);
            asio::post(executor,
                       [handler = std::move(handler), error, result = std::move(result)]() mutable {
                         std::move(handler)(error, std::move(result));
                       });
          });
        },
        asio::use_awaitable);
  }

  // The door, from the headers: who calls, may they call this route, is it cross-site. The gate
  // reads the session (and may record activity on it, a write): it runs where the route's
  // handler would, on the workers for blocking routes or a remote database.
  std::optional<Refusal> judge_headers(const Route& route, Request& request) {
    Gate* gate = router.gate();
    if (gate == nullptr) {
      if (route.options.access == "public") {
        return std::nullopt;
      }
      return Refusal{403, "This server has no sign-in: only public pages are served."};
    }
    try {
      return gate->admit(request, route);
    } catch (const std::exception&) {
      return Refusal{500, "Something went wrong on the server."};
    }
  }

  // A small body of known length is read before the door is judged: a refusal then costs at
  // most kSmallBodyBytes of reading, and an accepted write makes one trip to the workers, not
  // two. Larger bodies (uploads, imports) are judged from their headers first, unread.
  static constexpr std::uint64_t kSmallBodyBytes = 16 * 1024;
  template <typename Parser>
  static bool judged_with_body(const Route& route, const Parser& parser) {
    return !route.options.spool_body_to_file && parser.content_length() &&
           *parser.content_length() <= kSmallBodyBytes;
  }

  // A read-only route is tried on the event loop first, under core::NoWaitingHere.
  static bool may_answer_from_memory(const Route& route) {
    return !route.options.blocking && !route.options.hashes_passwords;
  }

  bool runs_on_workers(const Route& route) const {
    return route.options.blocking || route.options.hashes_passwords || !options.run_reads_inline;
  }

  asio::thread_pool& pool_for(const Route& route) {
    return route.options.hashes_passwords ? hashing : workers;
  }

  // The door and the handler, inside a write scope: the worker (or the loop) is free as soon as
  // they return, even if the batch holding their writes is not on disk yet.
  Handled admit_and_call_deferring(const Route& route, Request& request, bool headers_judged) {
    std::unique_ptr<WriteScope> scope =
        options.acknowledgements ? options.acknowledgements->open() : nullptr;
    Handled handled{.response = admit_and_call(route, request, headers_judged), .durable = {}};
    if (scope) {
      handled.durable = scope->finish();
    }
    return handled;
  }

  // Resumes the coroutine on its own loop once `wait` reports; true when the writes are saved.
  static asio::awaitable<bool> until_durable(DurableWait wait) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(bool)>(
        [wait = std::move(wait)](auto handler) mutable {
          auto executor = asio::get_associated_executor(handler);
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          wait([shared, executor](bool saved) {
            asio::post(executor, [shared, saved]() { std::move (*shared)(saved); });
          });
        },
        asio::use_awaitable);
  }

  // Before a body is read: the door's first half, as a step of its own.
  asio::awaitable<std::optional<Refusal>> admit_before_body(const Route& route, Request& request) {
    if (!runs_on_workers(route)) {
      co_return judge_headers(route, request);
    }
    co_return co_await on_pool<std::optional<Refusal>>(
        pool_for(route), [this, &route, &request]() { return judge_headers(route, request); });
  }

  // The rest of the door, then the handler, in one step (one trip to the workers): the first
  // half when the request had no body to wait for, then the form's CSRF token read from the
  // body.
  Response admit_and_call(const Route& route, Request& request, bool headers_judged) {
    if (!headers_judged) {
      if (auto refusal = judge_headers(route, request)) {
        return errors(request, refusal->status, refusal->message);
      }
    }
    if (Gate* gate = router.gate(); gate != nullptr && route.changes_state()) {
      try {
        if (auto refusal = gate->admit_body(request, route)) {
          if (!route.options.form_refusal_page) {
            return errors(request, refusal->status, refusal->message);
          }
          request.context[kFormRefusedKey] = true;
          Route shown = route;
          shown.handler = [&route, refused = *refusal](Request& r) {
            return route.options.form_refusal_page(r, refused);
          };
          return call_handler(shown, request, errors);
        }
      } catch (const std::exception&) {
        return errors(request, 500, "Something went wrong on the server.");
      }
    }
    return call_handler(route, request, errors);
  }

  // After refusing a request whose body is still coming: stop sending, then read and drop what
  // the client is still sending (bounded in time and bytes, nothing kept) so that it reads our
  // answer instead of a connection reset.
  asio::awaitable<void> discard_unread_body(Conn& stream) {
    boost::system::error_code ec;
    stream.socket.shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 16 * 1024> sink{};
    std::size_t total = 0;
    stream.expires_after(options.linger_timeout);
    while (total < options.linger_bytes) {
      auto [read_error, n] = co_await stream.socket.async_read_some(asio::buffer(sink), kNoThrow);
      if (read_error) {
        break;
      }
      total += n;
    }
  }

  asio::awaitable<void> accept_loop(Loop& loop) {
    for (;;) {
      auto [ec, socket] = co_await loop.acceptor->async_accept(kNoThrow);
      if (ec) {
        if (ec == asio::error::operation_aborted || draining) {
          co_return;
        }
        // Out of file descriptors and the like: wait a little rather than spin.
        asio::steady_timer pause(loop.context, std::chrono::milliseconds(50));
        co_await pause.async_wait(kNoThrow);
        continue;
      }
      if (draining) {
        co_return;
      }
      socket.set_option(tcp::no_delay(true), ec);
      asio::co_spawn(loop.context, session(loop, std::move(socket)), asio::detached);
    }
  }

  // The head and the body in one gather write (response_head.hpp).
  asio::awaitable<void> write_head_and_body(Conn& stream, const Request& request,
                                            const Response& response, std::string_view body,
                                            bool keep_alive, unsigned version) {
    const std::string head = response_head(
        response, {.version = version, .keep_alive = keep_alive, .content_length = body.size()});
    const bool send_body = request.method != Method::head && status_has_body(response.status);
    const std::array<asio::const_buffer, 2> buffers{
        asio::buffer(head), asio::buffer(body.data(), send_body ? body.size() : 0)};
    stream.expires_after(options.request_timeout);
    co_await asio::async_write(stream.socket, buffers, kNoThrow);
  }

  // A cached body is written from where the cache keeps it: no copy per request.
  asio::awaitable<void> write_shared(Conn& stream, const Request& request, const Response& response,
                                     bool keep_alive, unsigned version) {
    const std::shared_ptr<const std::string> body = response.shared_body;  // alive until written
    co_await write_head_and_body(stream, request, response, *body, keep_alive, version);
  }

  asio::awaitable<void> write_simple(Conn& stream, const Request& request, Response response,
                                     bool keep_alive, unsigned version) {
    if (response.shared_body) {
      co_await write_shared(stream, request, response, keep_alive, version);
      co_return;
    }
    co_await write_head_and_body(stream, request, response, response.body, keep_alive, version);
  }

  // Streams a file slice in 64 KiB chunks; returns false when the connection broke.
  asio::awaitable<bool> write_file(Conn& stream, const Request& request, Response& response,
                                   bool keep_alive, unsigned version) {
    std::ifstream file(response.file->path, std::ios::binary);
    if (!file) {
      Response failure = errors(request, 500, "The file could not be read.");
      finish_response(request, failure, options);
      co_await write_simple(stream, request, std::move(failure), false, version);
      co_return false;
    }
    file.seekg(static_cast<std::streamoff>(response.file->offset));
    bhttp::response<bhttp::buffer_body> message{static_cast<bhttp::status>(response.status),
                                                version};
    copy_headers(response, message);
    message.keep_alive(keep_alive);
    message.content_length(response.file->length);
    message.body().data = nullptr;
    message.body().more = request.method != Method::head && response.file->length > 0;
    bhttp::response_serializer<bhttp::buffer_body> serializer{message};
    stream.expires_after(options.request_timeout);
    auto [header_error, header_bytes] =
        co_await bhttp::async_write_header(stream.socket, serializer, kNoThrow);
    (void)header_bytes;
    if (header_error) {
      co_return false;
    }
    if (request.method == Method::head) {
      co_return true;
    }
    std::vector<char> chunk(64 * 1024);
    std::uint64_t remaining = response.file->length;
    while (remaining > 0) {
      const auto wanted =
          static_cast<std::streamsize>(std::min<std::uint64_t>(chunk.size(), remaining));
      file.read(chunk.data(), wanted);
      const auto got = file.gcount();
      if (got <= 0) {
        co_return false;  // the file shrank under us: cut the connection, never send garbage
      }
      remaining -= static_cast<std::uint64_t>(got);
      message.body().data = chunk.data();
      message.body().size = static_cast<std::size_t>(got);
      message.body().more = remaining > 0;
      stream.expires_after(options.request_timeout);
      auto [ec, n] = co_await bhttp::async_write(stream.socket, serializer, kNoThrow);
      (void)n;
      if (ec == bhttp::error::need_buffer) {
        ec = {};
      }
      if (ec) {
        co_return false;
      }
    }
    co_return true;
  }

  static constexpr const char* kDiskFullMessage =
      "The server's disk is full: the upload could not be stored. Please tell the administrator.";

  // Whether the spool's disk can take a body of `length` bytes (and a margin for the
  // database); true when the length or the free space is unknown.
  static bool spool_has_room(const std::filesystem::path& folder,
                             std::optional<std::uint64_t> length) {
    constexpr std::uint64_t kMargin = 1 << 20;
    struct statvfs info {};
    std::filesystem::path probe = folder;
    while (::statvfs(probe.c_str(), &info) != 0) {
      if (!probe.has_relative_path()) {
        return true;
      }
      probe = probe.parent_path();
    }
    return !length ||
           static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize >= *length + kMargin;
  }

  static bool is_disk_full(const boost::system::error_code& ec) {
    return ec == boost::system::errc::no_space_on_device ||
           ec == boost::system::errc::file_too_large;
  }

  static std::optional<std::pair<int, std::string>> parse_error_status(
      const boost::system::error_code& ec) {
    if (ec == bhttp::error::header_limit) {
      return std::pair{431, std::string("The request headers are too large.")};
    }
    if (ec == bhttp::error::body_limit) {
      return std::pair{413, std::string("The request body is too large.")};
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category()) {
      return std::pair{400, std::string("The request could not be understood.")};
    }
    return std::nullopt;
  }

  // RFC 9112: a Transfer-Encoding other than exactly "chunked" cannot be framed by us; taking
  // it as "no body" would read the body as a second request.
  static bool transfer_encoding_refused(const bhttp::request_header<>& header) {
    std::string codings;
    for (const auto& field : header) {
      if (field.name() == bhttp::field::transfer_encoding) {
        if (!codings.empty()) {
          codings += ',';
        }
        codings += std::string(field.value());
      }
    }
    if (codings.empty()) {
      return false;
    }
    std::string trimmed;
    for (const char c : codings) {
      if (c != ' ' && c != '\t') {
        trimmed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
    }
    return trimmed != "chunked";
  }

  asio::awaitable<void> session(Loop& loop, tcp::socket socket) {
    sessions.fetch_add(1);
    metrics.connection_opened();
    boost::system::error_code ec;
    const auto remote_endpoint = socket.remote_endpoint(ec);
    std::string peer =
        ec ? std::string("unknown") : canonical_address(remote_endpoint.address().to_string());
    if (peer.empty()) {
      peer = "unknown";
    }
    const bool peer_is_proxy = options.trusted_proxies.contains(peer);
    Conn stream(std::move(socket));
    loop.connections.insert(&stream);
    const auto verdict = limits.open(peer, peer_is_proxy);
    if (verdict == ConnectionLimits::Verdict::accepted) {
      co_await serve_connection(loop, stream, peer);
      limits.release(peer, peer_is_proxy);
    } else {
      co_await refuse_connection(stream, peer, verdict);
    }
    stream.socket.shutdown(tcp::socket::shutdown_send, ec);
    stream.socket.close(ec);
    loop.connections.erase(&stream);
    metrics.connection_closed();
    sessions.fetch_sub(1);
  }

  // Past a connection cap: one 503, then the connection is closed.
  asio::awaitable<void> refuse_connection(Conn& stream, const std::string& peer,
                                          ConnectionLimits::Verdict verdict) {
    Request bare;
    bare.remote_address = peer;
    Response refusal =
        errors(bare, 503,
               verdict == ConnectionLimits::Verdict::too_many_from_address
                   ? "Too many connections from your address. Please try again in a moment."
                   : "The server is busy. Please try again in a moment.");
    refusal.set_header("Retry-After", "5");
    finish_response(bare, refusal, options);
    metrics.record(metrics.unmatched_index(), 503, std::chrono::nanoseconds(0));
    co_await write_simple(stream, bare, std::move(refusal), false, 11);
  }

  asio::awaitable<void> serve_connection(Loop& loop, Conn& stream, const std::string& peer) {
    beast::flat_buffer buffer;  // grows as needed; the parser's limits bound it
    // Only a trusted proxy's headers can name another client; anyone else is their address.
    const bool peer_is_proxy = options.trusted_proxies.contains(peer);

    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
      // The route decides the body limit, once the header says where the request goes.
      parser.body_limit(boost::none);
      stream.expires_after(options.idle_timeout);
      const bool was_idle = buffer.size() == 0;
      if (was_idle && draining) {
        break;
      }
      stream.idle = was_idle;
      auto [read_error, header_bytes] =
          co_await bhttp::async_read_header(stream.socket, buffer, parser, kNoThrow);
      (void)header_bytes;
      stream.idle = false;
      const auto started = std::chrono::steady_clock::now();
      if (read_error) {
        if (auto status = parse_error_status(read_error);
            status && read_error != bhttp::error::end_of_stream) {
          Request bare;
          bare.remote_address = peer;
          Response refusal = errors(bare, status->first, status->second);
          finish_response(bare, refusal, options);
          co_await write_simple(stream, bare, std::move(refusal), false, 11);
          metrics.record(metrics.unmatched_index(), status->first,
                         std::chrono::steady_clock::now() - started);
        }
        break;  // closed, timed out, or unreadable: close the connection
      }

      auto& header = parser.get();
      const unsigned version = header.version();
      bool keep_alive = header.keep_alive() && !draining;
      Request request = request_from_header(header, peer);
      if (peer_is_proxy) {
        const ClientOrigin origin = resolve_client(peer, request.headers, options.trusted_proxies);
        request.remote_address = origin.address;
        request.secure = origin.secure;
      }
      metrics.add_in_flight(1);

      Response response;
      std::size_t route_index = metrics.unmatched_index();
      const Route* route = nullptr;
      const Route* matched = nullptr;  // also when refused (its log rule still applies)
      // Everything refused before the body is read closes the connection with the body
      // unread: nothing of it is kept in memory or on disk.
      bool refused_before_body = true;
      bool framing_unknown = false;
      bool headers_judged = false;
      if (request.target.size() > options.max_target_bytes) {
        response = errors(request, 414, "The address is too long.");
      } else if (request.method == Method::other) {
        response = errors(request, 501, "This method is not supported.");
      } else if (transfer_encoding_refused(header)) {
        // The parser may think there is no body: what follows must never be read as a request.
        response = errors(request, 501, "Only the chunked transfer coding is supported.");
        framing_unknown = true;
      } else {
        RouteMatch match = router.match(request.method, request.path);
        if (match.kind == RouteMatch::Kind::found) {
          matched = match.route;
          route_index = match.route->index;
          request.path_params = std::move(match.params);
          request.route_pattern = match.route->pattern;
          const std::uint64_t body_limit = match.route->options.max_body_bytes;
          if (!parser.is_done() && parser.content_length() &&
              *parser.content_length() > body_limit) {
            response = errors(request, 413, "The request body is too large.");
          } else if (parser.is_done() || judged_with_body(*match.route, parser)) {
            // No body to wait for, or a small one: the door is judged with the handler, in one
            // step (one trip to the workers instead of two for a pupil's answer).
            route = match.route;
            refused_before_body = false;
          } else if (auto refusal = co_await admit_before_body(*match.route, request)) {
            response = errors(request, refusal->status, refusal->message);
          } else {
            route = match.route;
            refused_before_body = false;
            headers_judged = true;
          }
        } else if (match.kind == RouteMatch::Kind::method_not_allowed) {
          response = errors(request, 405, "This method is not allowed here.");
          response.set_header("Allow", match.allow);
        } else {
          response = errors(request, 404, "This page does not exist.");
        }
      }
      const bool body_unread = framing_unknown || (refused_before_body && !parser.is_done());
      if (body_unread) {
        keep_alive = false;
      }

      if (route != nullptr && !parser.is_done()) {
        const std::uint64_t body_limit = route->options.max_body_bytes;
        parser.body_limit(body_limit);
        if (header[bhttp::field::expect] == "100-continue") {
          bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
          co_await bhttp::async_write(stream.socket, go_on, kNoThrow);
        }
        stream.expires_after(options.request_timeout);
        boost::system::error_code body_error;
        bool spool_failed = false;
        if (route->options.spool_body_to_file && !options.spool_dir.empty()) {
          // Large uploads go to a file: the parser that read the header becomes one whose body
          // is a file (`parser` and `header` are not used after this).
          std::shared_ptr<SpooledFile> spooled;
          const auto length = parser.content_length();
          const bool room = spool_has_room(
              options.spool_dir, length ? std::optional<std::uint64_t>(*length) : std::nullopt);
          bhttp::request_parser<bhttp::file_body> file_parser{std::move(parser)};
          file_parser.body_limit(body_limit);
          try {
            spooled = SpooledFile::create(options.spool_dir);
            file_parser.get().body().open(spooled->path().c_str(), beast::file_mode::write,
                                          body_error);
          } catch (const std::exception&) {
            body_error = bhttp::error::bad_target;  // any error: the connection is closed
          }
          if (body_error || !room) {
            spool_failed = true;
            response = room ? errors(request, 500, "The upload could not be stored.")
                            : errors(request, 507, kDiskFullMessage);
            route = nullptr;
            keep_alive = false;
          } else {
            auto [read_error_, read_bytes] =
                co_await bhttp::async_read(stream.socket, buffer, file_parser, kNoThrow);
            (void)read_bytes;
            body_error = read_error_;
            file_parser.get().body().close();
            if (!body_error) {
              request.body_file = std::move(spooled);
            } else if (is_disk_full(body_error)) {
              // The disk filled up during the upload: say so rather than drop the connection.
              spool_failed = true;
              response = errors(request, 507, kDiskFullMessage);
              route = nullptr;
              keep_alive = false;
            }
          }
          // On any error `spooled` goes out of scope here and its file is deleted.
        } else {
          auto [read_error_, read_bytes] =
              co_await bhttp::async_read(stream.socket, buffer, parser, kNoThrow);
          (void)read_bytes;
          body_error = read_error_;
          if (!body_error) {
            request.body = std::move(parser.get().body());
          }
        }
        if (spool_failed) {
          // the spool file could not be created: already answered (the body is left unread)
        } else if (body_error) {
          auto status = parse_error_status(body_error);
          if (!status) {
            metrics.add_in_flight(-1);
            break;
          }
          response = errors(request, status->first, status->second);
          route = nullptr;
          keep_alive = false;
        }
      }

      if (route != nullptr) {
        // The handler may take a while (hashing a large upload): the connection's deadline is
        // for the client's reads and writes, not for our work.
        stream.deadline_ns = 0;
        Handled handled;
        bool answered = false;
        if (may_answer_from_memory(*route)) {
          // Read-only: tried here first; what would wait (a remote database, the writer)
          // throws WouldWait and the request goes to the workers (decision 0046).
          try {
            const core::NoWaitingHere no_waiting;
            handled = admit_and_call_deferring(*route, request, headers_judged);
            answered = true;
          } catch (const core::WouldWait&) {
            handled = Handled{};
          }
        }
        if (!answered) {
          const Route* chosen = route;
          try {
            handled = co_await on_pool<Handled>(
                pool_for(*route), [this, chosen, &request, headers_judged]() {
                  return admit_and_call_deferring(*chosen, request, headers_judged);
                });
          } catch (const std::exception& error) {
            handled.response = errors(request, 500, "Something went wrong on the server.");
          }
        }
        response = std::move(handled.response);
        // Acknowledged only once on disk: the answer waits here, no thread does.
        if (handled.durable && !co_await until_durable(std::move(handled.durable))) {
          response = errors(request, 500, "Something went wrong on the server. Please try again.");
        }
      }

      // Counted when the response is ready, before it is written: what a client sees next
      // (another request, /metrics) already includes this one.
      finish_response(request, response, options);
      const int status = response.status;
      const std::uint64_t bytes = response.file ? response.file->length : response.body_size();
      metrics.add_in_flight(-1);
      metrics.record(route_index, status, std::chrono::steady_clock::now() - started);
      bool ok = true;
      if (response.file) {
        ok = co_await write_file(stream, request, response, keep_alive, version);
      } else {
        co_await write_simple(stream, request, std::move(response), keep_alive, version);
      }
      const auto elapsed = std::chrono::steady_clock::now() - started;
      if (loop.log) {
        const bool keep_query = matched == nullptr || matched->options.log_query;
        loop.log->append(AccessLogEntry{
            .remote = request.remote_address,
            .method = method_name(request.method),
            .target = keep_query
                          ? std::string_view(request.target)
                          : std::string_view(request.target).substr(0, request.target.find('?')),
            .route = request.route_pattern,
            .status = status,
            .bytes = bytes,
            .duration_ms = std::chrono::duration<double, std::milli>(elapsed).count(),
            .user_agent = request.header("user-agent").value_or(""),
        });
      }
      if (body_unread) {
        co_await discard_unread_body(stream);
        break;
      }
      if (!ok || !keep_alive) {
        break;
      }
    }
  }

  // Closes connections past their deadline (slow clients, idle keep-alive): their pending
  // operation ends with an error and the session cleans up.
  asio::awaitable<void> sweep(Loop& loop) {
    for (;;) {
      loop.sweep_timer->expires_after(std::chrono::milliseconds(250));
      auto [ec] = co_await loop.sweep_timer->async_wait(kNoThrow);
      if (ec) {
        co_return;
      }
      const std::int64_t now = steady_now_ns();
      for (Conn* connection : loop.connections) {
        if (connection->deadline_ns != 0 && connection->deadline_ns < now) {
          boost::system::error_code ignored;
          connection->socket.close(ignored);
        }
      }
    }
  }

  asio::awaitable<void> flush_logs(Loop& loop) {
    for (;;) {
      loop.flush_timer->expires_after(std::chrono::milliseconds(500));
      auto [ec] = co_await loop.flush_timer->async_wait(kNoThrow);
      loop.log->flush();
      if (ec) {
        co_return;
      }
    }
  }

  void begin_drain() {
    std::call_once(stop_once, [this] {
      draining = true;
      for (auto& loop : loops) {
        asio::post(loop->context, [l = loop.get()] {
          boost::system::error_code ec;
          if (l->acceptor) {
            l->acceptor->close(ec);
          }
          // Idle keep-alive connections have nothing in flight: close them now.
          for (Conn* connection : l->connections) {
            if (connection->idle) {
              connection->socket.close(ec);
            }
          }
        });
      }
      // Wait for requests in flight, then stop every loop.
      auto waiter = std::make_shared<asio::steady_timer>(loops.front()->context);
      const auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
      auto poll = std::make_shared<std::function<void()>>();
      *poll = [this, waiter, deadline, poll]() {
        if (sessions.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
          for (auto& loop : loops) {
            if (loop->flush_timer) {
              loop->flush_timer->cancel();
            }
            loop->sweep_timer->cancel();
            loop->context.stop();
          }
          *poll = nullptr;  // break the self-reference
          return;
        }
        waiter->expires_after(std::chrono::milliseconds(20));
        waiter->async_wait([poll](const boost::system::error_code&) {
          if (*poll) {
            (*poll)();
          }
        });
      };
      asio::post(loops.front()->context, [poll] { (*poll)(); });
    });
  }
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics,
               ErrorRenderer error_renderer)
    : impl_(
          std::make_unique<Impl>(std::move(options), router, metrics, std::move(error_renderer))) {}

Server::~Server() {
  if (impl_) {
    impl_->workers.join();
    impl_->hashing.join();
  }
}

void Server::start() {
  auto& impl = *impl_;
  std::size_t threads = impl.options.threads;
  if (threads == 0) {
    threads = std::max(1U, std::thread::hardware_concurrency());
  }
  tcp::endpoint endpoint = parse_listen(impl.options.listen);
  if (!impl.options.spool_dir.empty()) {
    SpooledFile::clean_folder(impl.options.spool_dir);
  }
  for (std::size_t i = 0; i < threads; ++i) {
    auto loop = std::make_unique<Loop>();
    loop->acceptor = std::make_unique<tcp::acceptor>(loop->context);
    boost::system::error_code ec;
    loop->acceptor->open(endpoint.protocol(), ec);
    if (!ec) {
      loop->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
      loop->acceptor->set_option(ReusePort(true), ec);
    }
    if (!ec) {
      loop->acceptor->bind(endpoint, ec);
    }
    if (!ec) {
      loop->acceptor->listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      throw std::runtime_error("cannot listen on " + impl.options.listen + ": " + ec.message());
    }
    if (i == 0) {
      // With port 0 the first loop picks the port; the others join it.
      endpoint.port(loop->acceptor->local_endpoint().port());
      impl.bound_port = endpoint.port();
    }
    loop->sweep_timer = std::make_unique<asio::steady_timer>(loop->context);
    if (impl.options.access_log && impl.options.access_log->enabled()) {
      loop->log = std::make_unique<AccessLogBuffer>(impl.options.access_log);
      loop->flush_timer = std::make_unique<asio::steady_timer>(loop->context);
    }
    impl.loops.push_back(std::move(loop));
  }
}

std::uint16_t Server::port() const {
  return impl_->bound_port;
}

void Server::run(bool handle_signals) {
  auto& impl = *impl_;
  if (impl.loops.empty()) {
    start();
  }
  std::unique_ptr<asio::signal_set> signals;
  if (handle_signals) {
    signals = std::make_unique<asio::signal_set>(impl.loops.front()->context, SIGINT, SIGTERM);
    signals->async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) {
        stop();
      }
    });
  }
  for (auto& loop : impl.loops) {
    asio::co_spawn(loop->context, impl.accept_loop(*loop), asio::detached);
    asio::co_spawn(loop->context, impl.sweep(*loop), asio::detached);
    if (loop->log) {
      asio::co_spawn(loop->context, impl.flush_logs(*loop), asio::detached);
    }
  }
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.loops.size(); ++i) {
    threads.emplace_back([loop = impl.loops[i].get()] { loop->context.run(); });
  }
  impl.loops.front()->context.run();
  for (auto& thread : threads) {
    thread.join();
  }
  if (signals) {
    boost::system::error_code ec;
    signals->cancel(ec);
  }
  for (auto& loop : impl.loops) {
    if (loop->log) {
      loop->log->flush();
    }
  }
  impl.workers.join();
  impl.hashing.join();
}

void Server::stop() {
  impl_->begin_drain();
}

}  // namespace imaginecole::http
