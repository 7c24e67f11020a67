-- SPDX-License-Identifier: AGPL-3.0-or-later
-- wrk script for bench/write_bench.sh: each request is one pupil's write with that pupil's
-- session cookie and CSRF token. Arguments after "--": the sessions file (one
-- "cookie<TAB>token" line per pupil) and the number of wrk threads; thread i takes lines i,
-- i + threads, ... so that two connections rarely write the same pupil's row at once. Then:
--  - nothing more: PATCH /api/v1/me (the preferred language, fr and en in turn);
--  - an exercise set's id and its numeric questions' ids joined by commas: an answer,
--    POST /api/v1/attempts with a new client UUID (so every request records one attempt).
-- Prints writes/s, p50/p99 and errors.
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local sessions = {}
local next_index = 1
local bodies = {'{"preferred_language":"fr"}', '{"preferred_language":"en"}'}
local sent = 0
local resource = nil
local questions = {}

function init(args)
  local file = args[1]
  local threads = tonumber(args[2]) or 1
  resource = args[3]
  for id in string.gmatch(args[4] or "", "[^,]+") do
    questions[#questions + 1] = id
  end
  if resource and #questions == 0 then
    error("an exercise set but no questions given")
  end
  math.randomseed(os.time() * 100 + (thread_index or 0))
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

-- A random version-4 UUID: each answer is a new one.
local function new_uuid()
  local function hex(digits)
    local out = ""
    for _ = 1, digits / 4 do
      out = out .. string.format("%04x", math.random(0, 65535))
    end
    return out
  end
  return hex(8) .. "-" .. hex(4) .. "-4" .. hex(4):sub(2) .. "-a" .. hex(4):sub(2) .. "-" .. hex(12)
end

function request()
  local session = sessions[next_index]
  next_index = next_index % #sessions + 1
  sent = sent + 1
  local headers = {
    ["Cookie"] = session.cookie,
    ["X-CSRF-Token"] = session.token,
    ["Content-Type"] = "application/json",
  }
  if resource then
    local body = string.format(
      '{"client_id":"%s","question":"%s","resource":"%s","response":{"text":"%d"},"duration_ms":%d}',
      new_uuid(), questions[sent % #questions + 1], resource, sent % 20, 3000 + sent % 5000)
    return wrk.format("POST", "/api/v1/attempts", headers, body)
  end
  return wrk.format("PATCH", "/api/v1/me", headers, bodies[sent % 2 + 1])
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
