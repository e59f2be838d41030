-- booking.lua — wrk script for bench/booking.sh: each request books a
-- 30-minute slot (on the hour, weekdays 09-12 and 14-17 China Standard
-- Time, on the days listed) of a random instrument as a random bench user.
-- Slots are drawn at random, so some requests collide with each other or
-- with the demo's own bookings and get 409: the conflict path is measured
-- too.  Statuses are counted per thread and summed in done().
--
--   wrk -t2 -c64 -d10s --latency -s bench/booking.lua URL -- TOKENS INSTRUMENTS DAYS SEED
--   (files of bearer tokens, instrument ids, and 00:00 CST Unix times; one a line)

local tokens, instruments, days, hours = {}, {}, {}, { 9, 10, 11, 14, 15, 16 }
local threads, n = {}, 0
statuses = {}

local function lines(path, into, number)
  for l in io.lines(path) do
    if #l > 0 then into[#into + 1] = number and tonumber(l) or l end
  end
end

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_no", #threads)
end

function init(args)
  lines(args[1], tokens, false)
  lines(args[2], instruments, true)
  lines(args[3], days, true)
  math.randomseed(tonumber(args[4] or "1") * 7919 + thread_no)
end

function request()
  n = n + 1
  local start = days[math.random(#days)] + hours[math.random(#hours)] * 3600
  local body = string.format('{"instrument_id":%d,"start":%d,"end":%d,"purpose":"bench"}',
    instruments[math.random(#instruments)], start, start + 1800)
  return wrk.format("POST", "/api/v1/bookings", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1],
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do all[k] = (all[k] or 0) + v end
  end
  for k, v in pairs(all) do io.write(string.format("status %d %d\n", k, v)) end
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("seconds %.3f\n", summary.duration / 1e6))
  io.write(string.format("p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("errors %d\n", summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
