"""A site's turn in Redis, as Lua pieces of the scripts that read or book it: the queue's pops and pushes
(crawler/scale/queue.py) and the downloader's own takes and ends (crawler/scale/politeness.py)."""

from __future__ import annotations

from crawler.scale.connection import OUT

# Redis' clock and a site's next start, for every script that reads or books a turn (each begins with CLOCK_FN):
# redis_now(), the server's time in seconds with microseconds (one clock for all workers), read once a script: a
# script is one atomic step, so turns ended and taken in it are so at one instant (read at each use, the clock moved
# between an end and the next take in the same script: a busy Redis took 126 us, and that turn's wait came out
# short of its delay); set_next(turn, at, delay), the turn key's next start ``at``, kept a minute past the delay (a
# site no worker visits again leaves no key).
CLOCK_FN = """
local NOW = nil
local function redis_now()
  if NOW == nil then
    local t = redis.call('TIME')
    NOW = tonumber(t[1]) + tonumber(t[2]) / 1000000
  end
  return NOW
end
local function set_next(turn, at, delay)
  redis.call('SET', turn, string.format('%.6f', at), 'EX', math.ceil(delay) + 60)
end
"""

# Turns whose downloads ended in this worker since its last round trip (crawler/scale/politeness.py), ended first in
# the script that carries them (a pop, a push, the next turn taken): ARGV[first] of them, then each one's turn key and
# delay. Each site is no longer marked downloading and its next start is at least its delay from now, Redis' clock:
# later than its download ended, so the gap only grows. Returns where the word to others starts (SEND_WORD).
END_TURNS_FN = """
local function end_turns(first)
  local n = tonumber(ARGV[first])
  if n > 0 then
    local now = redis_now()
    for i = first + 1, first + 2 * n, 2 do
      local delay = tonumber(ARGV[i + 1])
      redis.call('DEL', ARGV[i] .. '""" + OUT + """')
      set_next(ARGV[i], math.max(tonumber(redis.call('GET', ARGV[i]) or '0'), now + delay), delay)
    end
  end
  return first + 1 + 2 * n
end
"""

# The gate, for the downloader's own take (crawler/scale/politeness.py's TAKE_TURN) and a queue pop's (POP_FN): take a
# site's turn (its key ``turn``) at Redis' time ``now`` if it is free, not marked downloading (``turn`` .. OUT) and
# its next start reached. Then its next start becomes ``now + delay``, it is marked downloading for ``lease_ms`` ms at
# most (a worker that dies mid-download holds it no longer), "<turn> <now>" is appended to the turn log ``log`` unless
# it is '' (when each request went out), and true is returned. Else nothing changes: false, and the seconds until it
# is free (while it downloads, one delay: a guess, asked again then). With no delay the next start is left as it is, a
# write saved: set to ``now`` it would change nothing, as it is reached already and every reader only asks whether it
# is (SITE_WAIT, crawler/scale/queue.py) or keeps the later of it and its own time (END_TURNS_FN).
TAKE_TURN_FN = """
local function take_turn(turn, now, delay, lease_ms, log)
  if redis.call('EXISTS', turn .. '""" + OUT + """') == 1 then return false, delay end
  local nxt = tonumber(redis.call('GET', turn) or '0')
  if now < nxt then return false, nxt - now end
  if delay > 0 then set_next(turn, now + delay, delay) end
  redis.call('SET', turn .. '""" + OUT + """', '1', 'PX', lease_ms)
  if log ~= '' then
    redis.call('RPUSH', log, turn .. ' ' .. string.format('%.6f', now))
    redis.call('EXPIRE', log, 3600)
  end
  return true, 0
end
"""
