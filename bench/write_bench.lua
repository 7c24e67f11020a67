-- SPDX-License-Identifier: AGPL-3.0-or-later
-- wrk script for bench/write_bench.sh: each request is one pupil's PATCH /api/v1/me (the
-- preferred language, fr and en in turn), with that pupil's session cookie and CSRF token.
-- Arguments after "--": the sessions file (one "cookie<TAB>token" line per pupil) and the
-- number of wrk threads; thread i takes lines i, i + threads, ... so that two connections
-- rarely write the same pupil's row at once. Prints writes/s, p50/p99 and errors.
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local sessions = {}
local next_index = 1
local bodies = {'{"preferred_language":"fr"}', '{"preferred_language":"en"}'}
local sent = 0

function init(args)
  local file = args[1]
  local threads = tonumber(args[2]) or 1
  local line_number = 0
  for line in io.lines(file) do
    if line_number % threads == (thread_index or 0) then
      local cookie, token = line:match("^(%S+)\t(%S+)$")
      if cookie then
        sessions[#sessions + 1] = {cookie = cookie, token = token}
      end
    end
    line_number = line_number + 1
  end
  if #sessions == 0 then
    error("no sessions for thread " .. tostring(thread_index) .. " in " .. file)
  end
end

function request()
  local session = sessions[next_index]
  next_index = next_index % #sessions + 1
  sent = sent + 1
  return wrk.format("PATCH", "/api/v1/me", {
    ["Cookie"] = session.cookie,
    ["X-CSRF-Token"] = session.token,
    ["Content-Type"] = "application/json",
  }, bodies[sent % 2 + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("writes_requests %d\n", summary.requests))
  io.write(string.format("writes_per_s %.0f\n", (summary.requests - summary.errors.status) /
                                                 (summary.duration / 1e6)))
  io.write(string.format("writes_p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("writes_p99_ms %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("writes_errors %d\n", errors))
  io.write(string.format("writes_non_2xx %d\n", summary.errors.status))
end
