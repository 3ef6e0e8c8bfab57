"""Scale-out launching: start N local crawl workers, and run this process as one of them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from crawler.scale.connection import connect, redact
from crawler.words import ending, plural
from linktrail.exits import EXIT_OK, EXIT_USAGE, exit_code_of


def run_workers(n: int, argv: list[str], *, echo: Any = print) -> int:
    """Start ``n`` worker processes running ``argv``, forward SIGINT/SIGTERM, return the worst exit code."""
    children: list[subprocess.Popen[bytes]] = []

    def forward(signum: int, _frame: Any) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        for i in range(n):
            env = {**os.environ, "LINKTRAIL_WORKER_INDEX": str(i)}
            children.append(subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL))
        echo(f"started {n} workers: pids {', '.join(str(c.pid) for c in children)}")
        codes = [exit_code_of(c.wait()) for c in children]
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    echo(f"workers finished: exit codes {', '.join(map(str, codes))}")
    return max(codes, default=EXIT_OK)


def worker_argv(global_args: list[str], crawl_args: list[str]) -> list[str]:
    """The command line of one worker: this Python running `linktrail [global] crawl [args]`."""
    return [sys.executable, "-m", "linktrail.cli", *global_args, "crawl", *crawl_args]


def worker_summary(stats: dict[str, Any], url: str) -> str:
    """One line a person reads after a worker ends."""
    errors = sum(v for k, v in stats.items() if k.startswith("linktrail/errors/"))
    pages = plural(stats.get("linktrail/pages_analysed", 0), "page")
    return (
        f"worker {stats.get('linktrail/worker', '?')}: crawled {pages}, "
        f"{plural(stats.get('linktrail/pages_queued', 0), 'item')} queued in {redact(url)} for `linktrail ingest`; "
        f"{plural(errors, 'error')}; {ending(stats.get('finish_reason'))}"
    )


def run_worker(config: Any, db: str, seeds: list[str], url: str, **overrides: Any) -> tuple[int, str]:
    """Run this process as one crawl worker; (exit code, summary line). 2 (EXIT_USAGE) when Redis was lost.

    Raises:
        RedisUnavailable: no Redis at ``url`` at the start.
    """
    from crawler.runner import run_discover  # heavy: Scrapy; the launcher (`run_workers`) spawns before it would load

    connect(url).close()
    stats = run_discover(config, db, seeds, LINKTRAIL_REDIS_URL=url, **overrides)
    code = EXIT_USAGE if stats.get("finish_reason") == "redis_lost" else EXIT_OK
    return code, worker_summary(stats, url)
