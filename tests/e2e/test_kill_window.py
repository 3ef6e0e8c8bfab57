"""SIGKILL mid-crawl: what the resumed run fetches again is bounded by the store's flush window, not by its batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess

import pytest

from tests.conftest import LINKTRAIL, Runner
from tests.e2e.test_discover_crawl import _env, config, db_rows, posts_blog

pytestmark = pytest.mark.e2e


def test_a_sigkill_costs_at_most_the_last_half_second_of_pages(linktrail: Runner) -> None:
    # One site, 0.2 s between two of its pages: at most 5 pages a second. Killed after 20 posts, ~4 s in:
    # with the old 5 s flush nothing was committed yet and all 20 were fetched again; with the half-second
    # bound at most ~3 ended pages are uncommitted, plus the one or two requests in flight.
    n = 30
    blog = posts_blog(n, enough_after=20)
    web, paths, served, enough = blog.web, blog.paths, blog.served, blog.enough
    work = linktrail.cwd
    try:
        config(work, download_delay=0.2, max_pages_per_site=100)
        proc = subprocess.Popen([*LINKTRAIL, "crawl", web.url("big", "/")], cwd=work, env=_env(work),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert enough.wait(timeout=120), "the crawl never fetched enough pages to be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, "the crawl ended before it could be killed"
        before = set(served)
        killed_at = len(served)
        linktrail("crawl", web.url("big", "/"))
    finally:
        web.stop()
    refetched = before & set(served[killed_at:])
    assert len(refetched) <= 6, sorted(refetched)
    assert sorted(set(served)) == sorted(paths) and len(served) == n + len(refetched)
    con = sqlite3.connect(work / "linktrail.db")
    try:
        assert con.execute("pragma integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    urls = [u for (u,) in db_rows(work, "select url from pages")]
    assert len(urls) == len(set(urls)) == n + 1
