// SPDX-License-Identifier: AGPL-3.0-or-later
// Answers sent only once what their handler wrote is durable, with no thread waiting for the
// disk in between (decision 0040).
//
// The server opens a WriteScope on the thread that runs the door and a handler and closes it
// right after; the scope says what the handler's writes still wait for. The worker is then
// free, and the connection's event loop sends the answer when the storage calls back. The
// HTTP layer knows no storage: the application supplies the implementation.
#pragma once

#include <functional>
#include <memory>

namespace imaginecole::http {

// Called once: true when the writes are on disk, false when they were lost (the batch failed).
using DurableDone = std::function<void(bool saved)>;
// Calls its argument when the writes are settled (on any thread). Empty: nothing to wait for.
using DurableWait = std::function<void(DurableDone)>;

class WriteScope {
 public:
  virtual ~WriteScope() = default;
  // What the writes made since the scope was opened still wait for. Called on the thread that
  // opened the scope, before it is destroyed there.
  virtual DurableWait finish() = 0;
};

class Acknowledgements {
 public:
  virtual ~Acknowledgements() = default;
  virtual std::unique_ptr<WriteScope> open() = 0;
};

}  // namespace imaginecole::http
