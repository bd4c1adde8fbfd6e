-- wrk script for bench/load-test: replays a mix of reading-room URLs (search
-- pages and document pages) read from a file, one path per line, passed after
-- "--" on the wrk command line. Each thread starts at its own offset and walks
-- the list round-robin; with a thread count T after the file, thread i starts
-- at i/T of the list, so the threads walk apart until they have each covered
-- their part (first-pass runs). At the end prints one JSON line (prefix
-- "RESULT ") with requests/s, latency percentiles (ms) and error counts.

local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local urls = {}
local position = 0

function init(args)
  local path = args[1]
  if path == nil then error("wrk-mix.lua: pass the URL list file after --") end
  for line in io.lines(path) do
    if #line > 0 then urls[#urls + 1] = line end
  end
  if #urls == 0 then error("wrk-mix.lua: no URLs in " .. path) end
  local split = tonumber(args[2] or "0") or 0
  if split > 0 then
    position = math.floor((thread_index or 0) * #urls / split)
  else
    position = ((thread_index or 0) * 7919) % #urls
  end
end

function request()
  position = position % #urls + 1
  return wrk.format("GET", urls[position])
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"requests_per_s":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,' ..
    '"p99_ms":%.3f,"max_ms":%.3f,"errors_connect":%d,"errors_read":%d,"errors_write":%d,' ..
    '"errors_status":%d,"errors_timeout":%d,"bytes_per_request":%.0f}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout,
    summary.requests > 0 and summary.bytes / summary.requests or 0))
end
