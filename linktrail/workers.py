"""Scale-out launching: start N local crawl workers, and run this process as one of them."""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import signal
import subprocess
import sys
from typing import Any

from crawler.scale.connection import connect, redact
from crawler.words import ending, plural
from linktrail.exits import EXIT_OK, EXIT_USAGE, exit_code_of
from pipelines.forked import can_fork

# What a worker loads before its first request, loaded once by the launcher before it forks the workers, which
# share it (copy on write): Scrapy, Twisted and linktrail's crawl, then the download handler and each component its
# settings name (crawler.runner.preload_crawl). Each worker imported it anew, 1-2 CPU s apiece, all at once on the
# machine's cores, and the shared crawl started that much later.
# feedparser too: crawler.feeds loads it with the first feed read, which a worker on a web of blogs soon does.
PRELOAD = ("crawler.runner", "crawler.spiders.discover", "crawler.scale.scheduler", "crawler.scale.politeness",
           "pipelines.redisqueue", "linktrail.commands.crawling", "feedparser")


def _worker_main(command: Any, args: list[str], index: int) -> None:
    """A forked worker: `linktrail <args>` (``command``: the click group) in this process, as a fresh one would run
    it (its exit code is that of the SystemExit the command ends with; multiprocessing's child ends there with
    os._exit)."""
    os.environ["LINKTRAIL_WORKER_INDEX"] = str(index)
    sys.argv = [sys.argv[0], *args]  # the command this worker runs, for whatever reads it
    signal.signal(signal.SIGINT, signal.default_int_handler)  # not the launcher's forwarding: Scrapy's, soon
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    command.main(args=args, prog_name="linktrail")


class _Forked:
    """A forked worker with the few methods of subprocess.Popen that ``run_workers`` uses."""

    def __init__(self, command: Any, args: list[str], index: int) -> None:
        self.process = multiprocessing.get_context("fork").Process(target=_worker_main, args=(command, args, index))
        self.process.start()
        self.pid = self.process.pid

    def poll(self) -> int | None:
        return self.process.exitcode

    def wait(self) -> int:
        self.process.join()
        return self.process.exitcode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)  # type: ignore[arg-type]

    def kill(self) -> None:
        self.process.kill()


def run_workers(n: int, args: list[str], *, command: Any = None, echo: Any = print, fork: bool | None = None) -> int:
    """Start ``n`` workers running `linktrail <args>`, forward SIGINT/SIGTERM, return the worst exit code.

    Forked from this process once it has loaded what a worker needs (``PRELOAD``), where the platform can fork
    (``fork`` None: ``can_fork()``) and ``command`` (linktrail's click group) is given; else each runs as
    `python -m linktrail.cli <args>`.
    """
    fork = (can_fork() if fork is None else fork) and command is not None
    if fork:
        for module in PRELOAD:
            importlib.import_module(module)
        from crawler.runner import preload_crawl  # heavy: Scrapy (loaded just above, in PRELOAD)

        preload_crawl()
    children: list[Any] = []

    def forward(signum: int, _frame: Any) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        if fork:
            # What this process holds is left out of the workers' garbage collections (a crawl starts with one,
            # crawler.runner.crawl_gc): a collection writes to every object it walks, and each page written is
            # copied out of the memory the forked workers share with this process.
            gc.freeze()
        try:
            for i in range(n):
                if fork:
                    children.append(_Forked(command, args, i))
                else:
                    env = {**os.environ, "LINKTRAIL_WORKER_INDEX": str(i)}
                    children.append(subprocess.Popen([sys.executable, "-m", "linktrail.cli", *args], env=env,
                                                     stdin=subprocess.DEVNULL))
        finally:
            if fork:
                gc.unfreeze()
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


def worker_args(global_args: list[str], crawl_args: list[str]) -> list[str]:
    """The arguments of one worker: `linktrail [global] crawl [args]`."""
    return [*global_args, "crawl", *crawl_args]


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
