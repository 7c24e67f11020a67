-- SPDX-License-Identifier: AGPL-3.0-or-later
-- wrk script for bench/national_hour.sh: pupils' answers, POST /api/v1/attempts with a new
-- client UUID each, paced to a target rate. Arguments after "--":
--   1. the sessions file (one "cookie<TAB>token" line per active pupil);
--   2. this wrk process's target rate in requests per second (0: as fast as it can);
--   3. the number of wrk threads and 4. connections of this process;
--   5. the exercise set's id and 6. its numeric questions' ids joined by commas;
--   7. a seed, so that two processes start at different pupils.
-- wrk has no wall clock in Lua but os.time() (seconds): each thread measures its rate every
-- second and sets the pause between a connection's answer and its next request so that
-- connections / (pause + latency) meets its share of the target. When the servers cannot keep
-- up, the pause falls to zero and the run measures the most they hold.
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local sessions = {}
local next_index = 1
local sent = 0
local resource, questions = nil, {}
local target = 0 -- requests per second for this thread
local per_thread_connections = 1
local pause_ms = 0
local second, sent_at_second = nil, 0

function init(args)
  local file = args[1]
  local rate = tonumber(args[2]) or 0
  local threads = tonumber(args[3]) or 1
  local connections = tonumber(args[4]) or 1
  resource = args[5]
  for id in string.gmatch(args[6] or "", "[^,]+") do
    questions[#questions + 1] = id
  end
  if not resource or #questions == 0 then
    error("an exercise set and its questions are needed")
  end
  local seed = tonumber(args[7]) or 0
  target = rate / threads
  per_thread_connections = math.max(1, math.floor(connections / threads))
  if target > 0 then
    pause_ms = 1000 * per_thread_connections / target
  end
  math.randomseed(os.time() * 1000 + seed * 97 + (thread_index or 0))
  for line in io.lines(file) do
    local cookie, token = line:match("^(%S+)\t(%S+)$")
    if cookie then
      sessions[#sessions + 1] = {cookie = cookie, token = token}
    end
  end
  if #sessions == 0 then
    error("no sessions in " .. file)
  end
  next_index = math.random(1, #sessions)
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
  local body = string.format(
    '{"client_id":"%s","question":"%s","resource":"%s","response":{"text":"%d"},"duration_ms":%d}',
    new_uuid(), questions[sent % #questions + 1], resource, sent % 20, 3000 + sent % 5000)
  return wrk.format("POST", "/api/v1/attempts", headers, body)
end

-- Called before each request but a connection's first: once a second, the measured rate
-- gives the latency (connections / rate - pause) and so the pause that meets the target.
function delay()
  if target <= 0 then
    return 0
  end
  local now = os.time()
  if second == nil then
    second, sent_at_second = now, sent
  elseif now > second then
    local measured = (sent - sent_at_second) / (now - second)
    if measured > 0 then
      local cycle_ms = 1000 * per_thread_connections / measured
      local latency_ms = math.max(0, cycle_ms - pause_ms)
      local wanted = 1000 * per_thread_connections / target - latency_ms
      -- Halfway to the new value: one noisy second does not swing the rate.
      pause_ms = math.max(0, (pause_ms + wanted) / 2)
    end
    second, sent_at_second = now, sent
  end
  return pause_ms
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("nh_requests %d\n", summary.requests))
  io.write(string.format("nh_seconds %.3f\n", summary.duration / 1e6))
  io.write(string.format("nh_p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("nh_p95_ms %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("nh_p99_ms %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("nh_max_ms %.2f\n", latency.max / 1000))
  io.write(string.format("nh_errors %d\n", errors))
  io.write(string.format("nh_non_2xx %d\n", summary.errors.status))
end
