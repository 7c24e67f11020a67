-- SPDX-License-Identifier: AGPL-3.0-or-later
-- wrk script for bench/search_bench.sh. Arguments after "--": FILE MODE EXTRA THINK_MS.
--   MODE "words" (the default): every request asks two words drawn at random from FILE (one a
--     line) and a page from 1 to 3, so that nearly every query differs, as real users type.
--   MODE "cycle": the lines of FILE are whole queries, cycled (each thread starts at a random
--     one); repeated queries may be answered by the server's view cache.
-- THINK_MS > 0: each connection waits 0 to 2 x THINK_MS ms between requests (wrk's delay()).
-- EXTRA is appended to every path (e.g. "&country=SN"). Prints p50/p90/p99 in milliseconds, and
-- how many of the requests asked a query no request of the same thread had asked before.
local lines = {}
local mode = "words"
local extra = ""
local think_ms = 0
local next_index = 1
local seen = {}
distinct = 0
asked = 0

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local file = args[1] or "bench/search_words.txt"
  mode = args[2] or "words"
  extra = args[3] or ""
  think_ms = tonumber(args[4] or "0") or 0
  for line in io.lines(file) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      lines[#lines + 1] = line
    end
  end
  math.randomseed(os.time() * 1000 + (thread_number or 0) * 7919)
  next_index = math.random(#lines)
end

local function next_path()
  if mode == "cycle" then
    local line = lines[next_index]
    next_index = next_index % #lines + 1
    return "/api/v1/search?q=" .. encode(line) .. extra
  end
  local first = lines[math.random(#lines)]
  local second = lines[math.random(#lines)]
  return "/api/v1/search?q=" .. encode(first .. " " .. second) .. "&page=" .. math.random(3) .. extra
end

function request()
  local path = next_path()
  asked = asked + 1
  if not seen[path] then
    seen[path] = true
    distinct = distinct + 1
  end
  return wrk.format("GET", path)
end

function delay()
  if think_ms > 0 then
    return math.random(0, 2 * think_ms)
  end
  return 0
end

function done(summary, latency, requests)
  local all_asked, all_distinct = 0, 0
  for _, thread in ipairs(threads) do
    all_asked = all_asked + (thread:get("asked") or 0)
    all_distinct = all_distinct + (thread:get("distinct") or 0)
  end
  io.write(string.format("search_p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("search_p90_ms %.2f\n", latency:percentile(90) / 1000))
  io.write(string.format("search_p99_ms %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("search_max_ms %.2f\n", latency.max / 1000))
  io.write(string.format("search_requests_per_s %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("search_errors %d\n", summary.errors.status + summary.errors.connect +
                                                summary.errors.read + summary.errors.write +
                                                summary.errors.timeout))
  if all_asked > 0 then
    io.write(string.format("search_distinct_share %.3f\n", all_distinct / all_asked))
  end
end
