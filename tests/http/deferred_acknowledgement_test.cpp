// SPDX-License-Identifier: AGPL-3.0-or-later
// The server's half of durable acknowledgements (decision 0040): an answer whose writes are not
// yet durable waits for them without holding a worker, and a lost write answers 500. The
// storage's half (that the wait ends only once the disk has synced) is in
// tests/storage/deferred_durability_test.cpp; here the wait is held by the test.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "http/acknowledgements.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"

namespace imaginecole::http {
namespace {

using namespace std::chrono_literals;

// Every handler on a route starting with /write leaves a wait the test settles by hand.
class HeldAcknowledgements final : public Acknowledgements {
 public:
  std::unique_ptr<WriteScope> open() override { return std::make_unique<Scope>(*this); }

  void settle(bool saved) {
    DurableDone done;
    {
      std::unique_lock lock(mutex_);
      registered_.wait_for(lock, 10s, [&] { return static_cast<bool>(done_); });
      done = std::move(done_);
    }
    ASSERT_TRUE(done) << "the server never asked to be told when the write is durable";
    done(saved);
  }
  bool wrote = false;  // set by the /write handler, on its thread, inside the scope

 private:
  struct Scope final : WriteScope {
    explicit Scope(HeldAcknowledgements& held) : owner(held) { held.wrote = false; }
    DurableWait finish() override {
      if (!owner.wrote) {
        return {};
      }
      return [this_owner = &owner](DurableDone done) {
        std::lock_guard lock(this_owner->mutex_);
        this_owner->done_ = std::move(done);
        this_owner->registered_.notify_all();
      };
    }
    HeldAcknowledgements& owner;
  };

  std::mutex mutex_;
  std::condition_variable registered_;
  DurableDone done_;
};

class DeferredAcknowledgement : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.post(
        "/write",
        [this](Request&) {
          acknowledgements_->wrote = true;
          return Response::text("saved");
        },
        public_route({.changes_state = false}));
    router_.post(
        "/other", [](Request&) { return Response::text("other"); },
        public_route({.changes_state = false}));
    std::vector<std::string> patterns;
    for (const auto& route : router_.routes()) {
      patterns.push_back(route.pattern);
    }
    patterns.emplace_back("unmatched");
    metrics_ = std::make_unique<Metrics>(patterns);
    server_ = std::make_unique<Server>(
        ServerOptions{.listen = "127.0.0.1:0",
                      .threads = 1,
                      .workers = 1,  // one worker: a held one would stall /other
                      .acknowledgements = acknowledgements_},
        router_, *metrics_);
    server_->start();
    running_ = std::thread([this] { server_->run(false); });
  }
  void TearDown() override {
    server_->stop();
    running_.join();
  }

  std::shared_ptr<HeldAcknowledgements> acknowledgements_ =
      std::make_shared<HeldAcknowledgements>();
  Router router_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<Server> server_;
  std::thread running_;
};

TEST_F(DeferredAcknowledgement, TheAnswerWaitsForDurabilityButNotOnAWorker) {
  testing::HttpConnection writer(server_->port());
  writer.send_raw("POST /write HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  auto answer = std::async(std::launch::async, [&] { return writer.read_response(); });

  // The only worker is free while the write waits: another request is served meanwhile.
  const auto other = testing::http_request(server_->port(), "POST", "/other");
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(answer.wait_for(100ms), std::future_status::timeout)
      << "answered before its writes were durable";

  acknowledgements_->settle(true);
  ASSERT_EQ(answer.wait_for(10s), std::future_status::ready);
  const auto response = answer.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "saved");
}

TEST_F(DeferredAcknowledgement, AWriteLostBeforeTheDiskAnswers500) {
  testing::HttpConnection writer(server_->port());
  writer.send_raw("POST /write HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  auto answer = std::async(std::launch::async, [&] { return writer.read_response(); });
  acknowledgements_->settle(false);
  ASSERT_EQ(answer.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(answer.get().status, 500);
}

TEST_F(DeferredAcknowledgement, ARequestThatWroteNothingIsAnsweredAtOnce) {
  EXPECT_EQ(testing::http_request(server_->port(), "POST", "/other").status, 200);
}

}  // namespace
}  // namespace imaginecole::http
