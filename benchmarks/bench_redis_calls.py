"""Client CPU of one Redis script call: redis-py's ``Redis`` (pool, retry, metrics a call) against a held connection.

Run: .venv/bin/python benchmarks/bench_redis_calls.py [--calls 20000] [--rounds 5] [--port PORT] [--profile]

Starts its own redis-server (``--port``: on that port) and calls the queue's pop script (crawler/scale/queue.py's
POP_READY, the keys and values a worker sends, an empty queue) ``--calls`` times each way, alternating the ways for
``--rounds`` rounds: through the ``Redis`` client (``Script.__call__``: what a worker did before issue 23's cut),
with ``single_connection_client=True`` (redis-py's one-connection client, for comparison) and on a
``HeldConnection`` (crawler/scale/connection.py: what a worker does now). Prints the client's CPU (process_time)
per call, best and median of the rounds, and the round trips counted (CountingConnection: one a call each way).
``--profile``: then one more run of each way under cProfile, the functions that took the most time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402 - sys.path must hold the repo root first

from crawler.scale.connection import ROUND_TRIPS, CountingConnection, HeldConnection, connect  # noqa: E402
from crawler.scale.queue import LOOK, POP_READY, SOON  # noqa: E402 - sys.path must hold the repo root first
from tests.redis_fixture import LocalRedis  # noqa: E402 - sys.path must hold the repo root first

KEYS = ["bench:requests", "bench:busy", "bench:done:w1", "bench:requests:body"]
# A worker's pop: its id, busy TTL, the turns' and holds' key prefixes, the hold, LOOK, SOON; no ended turns, no word.
ARGS: list[str | int | float] = ["host:1:abcdef01", 20, "bench:next:", "bench:held:", "0.000000", LOOK, SOON, 0, "", 0]


def ways(url: str) -> dict[str, Callable[[], object]]:
    """Each way to call the pop script once."""
    client = connect(url)
    script = client.register_script(POP_READY)
    single = redis.Redis.from_url(url, socket_timeout=5.0, socket_connect_timeout=5.0,
                                  connection_class=CountingConnection, single_connection_client=True)
    held = HeldConnection(connect(url)).register_script(POP_READY)
    return {
        "Redis client": lambda: script(keys=KEYS, args=ARGS),
        "single_connection_client": lambda: script(keys=KEYS, args=ARGS, client=single),
        "HeldConnection": lambda: held(keys=KEYS, args=ARGS),
    }


def run(call: Callable[[], object], calls: int) -> float:
    """Client CPU microseconds a call, over ``calls`` calls."""
    started = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - started) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, help="the benchmark's own redis-server's port (default: a free one)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = LocalRedis(Path(tmp), args.port).start()
        try:
            each = ways(server.url)
            for call in each.values():
                call()  # the script loaded (NOSCRIPT once), each connection made
            times: dict[str, list[float]] = {name: [] for name in each}
            trips: dict[str, int] = {}
            for _ in range(args.rounds):
                for name, call in each.items():
                    before = ROUND_TRIPS[0]
                    times[name].append(run(call, args.calls))
                    trips[name] = ROUND_TRIPS[0] - before
            print(f"{args.calls} calls of the pop script a round, {args.rounds} rounds alternating; client CPU a call")
            print("| way | best us | median us | round trips a call |")
            print("|---|---|---|---|")
            for name, spent in times.items():
                print(f"| {name} | {min(spent):.1f} | {statistics.median(spent):.1f} | {trips[name] / args.calls:g} |")
            if args.profile:
                for name, call in each.items():
                    print(f"\n## {name}")
                    profile = cProfile.Profile()
                    profile.runcall(run, call, args.calls)
                    pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(15)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
