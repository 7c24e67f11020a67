-- SPDX-License-Identifier: AGPL-3.0-or-later
-- wrk script for bench/sync_bench.sh: a classroom's reads on the school server while it syncs.
-- Each request is one signed-in pupil's GET, the pupils and the paths taken in turn.
-- Arguments after "--": the sessions file (one "cookie<TAB>token" line per pupil), the number
-- of wrk threads (thread i takes lines i, i + threads, ...) and the paths joined by commas.
-- Prints reads/s, p50/p99 and errors.
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local sessions = {}
local paths = {}
local sent = 0

function init(args)
  local threads = tonumber(args[2]) or 1
  for path in string.gmatch(args[3] or "", "[^,]+") do
    paths[#paths + 1] = path
  end
  if #paths == 0 then
    error("no paths given")
  end
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % threads == (thread_index or 0) then
      local cookie = line:match("^(%S+)\t%S+$")
      if cookie then
        sessions[#sessions + 1] = cookie
      end
    end
    line_number = line_number + 1
  end
  if #sessions == 0 then
    error("no sessions for thread " .. tostring(thread_index) .. " in " .. args[1])
  end
end

function request()
  sent = sent + 1
  local headers = {["Cookie"] = sessions[sent % #sessions + 1]}
  return wrk.format("GET", paths[sent % #paths + 1], headers)
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("reads_requests %d\n", summary.requests))
  io.write(string.format("reads_per_s %.0f\n", (summary.requests - summary.errors.status) /
                                                (summary.duration / 1e6)))
  io.write(string.format("reads_p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("reads_p99_ms %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("reads_errors %d\n", errors))
end
