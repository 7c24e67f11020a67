-- SPDX-License-Identifier: AGPL-3.0-or-later
-- wrk script for bench/search_bench.sh: cycles through the queries of a file (first argument
-- after "--"), each thread starting at a different one, and prints p50/p99 in milliseconds.
local paths = {}
local next_index = 1

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local file = args[1] or "bench/search_queries.txt"
  local extra = args[2] or ""
  for line in io.lines(file) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      paths[#paths + 1] = "/api/v1/search?q=" .. encode(line) .. extra
    end
  end
  next_index = (wrk.thread and math.random(#paths)) or 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  io.write(string.format("search_p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("search_p90_ms %.2f\n", latency:percentile(90) / 1000))
  io.write(string.format("search_p99_ms %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("search_requests_per_s %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("search_errors %d\n", summary.errors.status + summary.errors.connect +
                                                summary.errors.read + summary.errors.write +
                                                summary.errors.timeout))
end
