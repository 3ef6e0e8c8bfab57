"""Ctrl-C and the crawl: while it starts (one line, exit 130), and the summary of the run that resumes it."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LINKTRAIL, Runner
from tests.e2e.test_crawl import demo_like_config
from tests.e2e.test_discover_crawl import TinyWeb, _env, config, html
from tests.loopback import refused_port

pytestmark = pytest.mark.e2e


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return list(con.execute(sql))
    finally:
        con.close()


def test_a_resumed_crawl_says_what_this_run_did_and_what_was_done_before(linktrail: Runner, sample_web: Any) -> None:
    work = linktrail.cwd
    demo_like_config(work / "linktrail.toml", sample_web, download_delay=0.3)  # slow enough to be interrupted
    seed = sample_web.url(sample_web.truth["seed"] + "/")
    served = lambda: sum(len(paths) for paths in sample_web.requests.values())  # noqa: E731
    start = served()
    proc = subprocess.Popen([*LINKTRAIL, "crawl", seed], cwd=work, env=_env(work), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    while served() - start < 30 and proc.poll() is None:
        time.sleep(0.02)  # polling the server's count, a condition
    assert proc.poll() is None, "the crawl ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=120)
    assert proc.returncode == 130
    before = _rows(work / "linktrail.db", "select count(*) from pages")[0][0]
    assert before > 0

    resumed = linktrail("crawl", seed)
    pages = _rows(work / "linktrail.db", "select count(*) from pages")[0][0]
    sites = _rows(work / "linktrail.db", "select count(*) from sites")[0][0]
    first, summary = resumed.stdout.splitlines()[:2]
    assert first.startswith("resumed the crawl interrupted at ") and first.endswith(f"({before} pages done before)")
    opportunities = re.search(r", (\d+) opportunit", summary)
    assert opportunities, summary
    # Every site is new to this crawl (the database was empty when it began), the pages are told apart.
    assert summary == (f"crawled {pages} pages on {sites} sites ({sites} new): {before} before the interruption, "
                       f"{pages - before} this run; this run: {pages - before} stored in {work / 'linktrail.db'}, "
                       f"{opportunities[1]} opportunities, 0 errors; finished")


def _has_loaded(pid: int, library: str) -> bool:
    try:
        return library in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see what the process has loaded")
def test_ctrl_c_while_the_crawl_starts_is_one_line_and_exit_130(linktrail: Runner) -> None:
    work = linktrail.cwd
    with refused_port() as port:
        proc = subprocess.Popen([*LINKTRAIL, "crawl", f"http://127.0.0.1:{port}/"], cwd=work, env=_env(work),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # lxml is loaded by linktrail's own imports, long before Scrapy's reactor runs: the process is starting.
        while not _has_loaded(proc.pid, "lxml/etree") and proc.poll() is None:
            time.sleep(0.002)  # polling the process's memory map, a condition
        assert proc.poll() is None, "the crawl ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == "crawl interrupted while starting: nothing was fetched; run the same command again\n"
    assert out == ""


def test_ctrl_c_while_the_engine_starts_ends_the_crawl_as_interrupted(linktrail: Runner) -> None:
    """The moment between the reactor starting and Scrapy's engine running: Scrapy's own stop does nothing to an
    engine not yet running and stops the reactor, so the crawl ended with no finish reason (exit 4)."""
    work = linktrail.cwd
    web = TinyWeb()
    web.reserve("blog")
    web.add("blog", {"/": html("Sourdough", links=[]), "/robots.txt": (200, {}, b"User-agent: *\nDisallow:\n")})
    web.start()
    try:
        config(work)
        proc = subprocess.run([sys.executable, "-m", "tests.e2e.signalled_crawl", str(work / "linktrail.toml"),
                               web.url("blog", "/")], cwd=work, env=_env(work), capture_output=True, text=True,
                              timeout=120)
    finally:
        web.stop()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "shutdown", proc.stdout + proc.stderr
