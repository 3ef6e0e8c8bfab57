"""End to end: `linktrail nightly` as cron runs it: locked, logged, exit codes, killed and resumed."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from linktrail.lock import RunLock
from tests.conftest import LINKTRAIL, NETGUARD_SITE, ROOT, Runner, write_config
from tests.loopback import serve

pytestmark = pytest.mark.e2e

DAY = "2026-11-23"


def nightly_config(path: Path, web: Any | None, **crawl: Any) -> Path:
    sections: dict[str, Any] = {
        "crawl": {"download_delay": 0.02, "loopback_only": True, "max_pages": 500, **crawl},
        "plan": {"formats": ["md", "html", "json"]},
    }
    if web is not None:
        niche = web.truth["demo_niche"]
        sections["niche"] = {"name": niche, "keywords": web.truth["niches"][niche]}
        sections["seeds"] = {"urls": [web.url(web.truth["seed"] + "/")]}
    return write_config(path, **sections)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    """Poll a condition (not a sleep standing in for one); fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_nightly_crawls_plans_and_logs(linktrail: Runner, sample_web: Any) -> None:
    nightly_config(linktrail.cwd / "linktrail.toml", sample_web)
    proc = linktrail("nightly", "--date", DAY)
    summary = proc.stdout.strip()
    assert summary.startswith(f"nightly {DAY}: crawl ok (crawled ")
    assert "plan ok (" in summary and "; exit 0 in " in summary
    plans = linktrail.cwd / "plans"
    assert sorted(p.name for p in plans.iterdir()) == [f"{DAY}.html", f"{DAY}.json", f"{DAY}.md"]
    assert "<html" in (plans / f"{DAY}.html").read_text().lower()
    db = linktrail.cwd / "linktrail.db"
    assert rows(db, "select count(*) from pages")[0][0] > 20
    assert rows(db, f"select count(*) from plans where date = '{DAY}'")[0][0] >= 3
    kinds = dict(rows(db, "select kind, finish_reason from crawls"))
    assert kinds["nightly"] == "finished" and "discover" in kinds
    log = (linktrail.cwd / "linktrail.log").read_text()
    assert "crawl: running " in log and f"plan: wrote {plans / f'{DAY}.md'}" in log
    assert log.rstrip().endswith(summary)
    assert proc.stderr.strip() == ""  # cron mails stderr: the crawl's warnings stay in the log
    assert (linktrail.cwd / "linktrail.db.lock").read_text() == ""  # released


def test_a_second_run_exits_3_while_one_holds_the_lock(linktrail: Runner) -> None:
    nightly_config(linktrail.cwd / "linktrail.toml", None)
    db = linktrail.cwd / "linktrail.db"
    with RunLock(linktrail.cwd / "linktrail.db.lock", what="the first nightly"):
        proc = linktrail("nightly", check=False)
    assert proc.returncode == 3
    assert f"the first nightly: pid {os.getpid()}" in proc.stdout
    assert not db.exists()  # it did nothing
    assert "another run holds" in (linktrail.cwd / "linktrail.log").read_text()
    assert linktrail("nightly", "--date", DAY).returncode == 0  # free again


def test_killed_mid_crawl_then_run_again_completes_without_duplicates(linktrail: Runner, sample_web: Any) -> None:
    # Slow enough per site that the crawl is surely still running when it is killed.
    nightly_config(linktrail.cwd / "linktrail.toml", sample_web, download_delay=0.25)
    db = linktrail.cwd / "linktrail.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(NETGUARD_SITE), str(ROOT)]),
           "LINKTRAIL_NETGUARD_LOG": str(linktrail.guard_log)}
    served_before = sum(len(v) for v in sample_web.requests.values())
    first = subprocess.Popen([*LINKTRAIL, "nightly", "--date", DAY], cwd=linktrail.cwd, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)  # its own process group, like a cron job's
    try:
        def crawling() -> bool:
            if first.poll() is not None:
                raise AssertionError(f"the nightly ended (exit {first.returncode}) before it could be killed")
            if not db.exists() or sum(len(v) for v in sample_web.requests.values()) < served_before + 8:
                return False
            try:
                return bool(rows(db, "select count(*) from crawls where kind = 'discover' and finished is null")[0][0])
            except sqlite3.OperationalError:
                return False

        wait_for(crawling, "the nightly's crawl to be under way")
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert first.returncode == -signal.SIGKILL
    assert rows(db, "select count(*) from crawls where finished is null")[0][0] >= 2  # nightly + discover

    proc = linktrail("nightly", "--date", DAY)
    assert "crawl ok" in proc.stdout and "exit 0" in proc.stdout
    log = (linktrail.cwd / "linktrail.log").read_text()
    assert "did not finish (killed?)" in log
    assert rows(db, "select count(*) from crawls where finished is null")[0][0] == 0
    reasons = rows(db, "select kind, finish_reason from crawls order by id")
    assert ("nightly", "interrupted") in reasons and ("discover", "interrupted") in reasons
    assert rows(db, "select finish_reason from crawls where kind = 'nightly' order by id") == [
        ("interrupted",), ("finished",)]
    # Nothing twice: one row per page however it was written, one plan entry per domain.
    urls = [u for (u,) in rows(db, "select url from pages")]
    assert len(urls) == len(set(urls)) == len({u.lower().rstrip("/") for u in urls}) > 20
    plan = rows(db, f"select domain from plans where date = '{DAY}'")
    assert plan and len(plan) == len(set(plan))
    assert (linktrail.cwd / "plans" / f"{DAY}.md").exists()


def test_a_failed_step_does_not_skip_the_others(linktrail: Runner) -> None:
    config = nightly_config(linktrail.cwd / "linktrail.toml", None)
    config.write_text(config.read_text() + '[seeds]\nfiles = ["missing-seeds.txt"]\n')
    proc = linktrail("nightly", "--date", DAY, check=False)
    assert proc.returncode == 4
    assert "crawl failed (exit 2" in proc.stdout
    assert "backlinks ok" in proc.stdout and "plan ok" in proc.stdout
    assert (linktrail.cwd / "plans" / f"{DAY}.md").exists()
    assert "missing-seeds.txt" in (linktrail.cwd / "linktrail.log").read_text()


def test_missing_database_folder_is_created(linktrail: Runner) -> None:
    nightly_config(linktrail.cwd / "linktrail.toml", None)
    proc = linktrail("--db", "data/nightly/lt.db", "nightly", "--date", DAY)
    assert "exit 0" in proc.stdout
    folder = linktrail.cwd / "data" / "nightly"
    assert (folder / "lt.db").exists() and (folder / "linktrail.log").exists() and (folder / "lt.db.lock").exists()


def test_read_only_database_is_a_clear_error_and_left_untouched(linktrail: Runner) -> None:
    nightly_config(linktrail.cwd / "linktrail.toml", None)
    linktrail("nightly", "--date", DAY)
    db = linktrail.cwd / "linktrail.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    db.chmod(0o444)  # the store honours the write bits even for root
    try:
        proc = linktrail("nightly", "--date", "2026-11-24", check=False)
    finally:
        db.chmod(0o644)
    assert proc.returncode == 2
    assert "read-only" in proc.stderr and str(db) in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert rows(db, "pragma integrity_check") == [("ok",)]
    assert not (linktrail.cwd / "plans" / "2026-11-24.md").exists()


class _Page(BaseHTTPRequestHandler):
    """One blog post that links to the user's site until the test takes the link away."""

    body = b""

    def do_GET(self) -> None:  # stdlib naming
        if self.path != "/post/":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
        pass


@pytest.fixture
def post_server() -> Iterator[tuple[str, type[_Page]]]:
    handler = type("Page", (_Page,), {})
    with serve(handler) as base:
        yield f"{base}/post/", handler


def test_lost_backlink_exits_1_with_fail_on_lost(linktrail: Runner, post_server: tuple[str, type[_Page]]) -> None:
    url, page = post_server
    config = nightly_config(linktrail.cwd / "linktrail.toml", None)
    config.write_text(config.read_text() + '[you]\nsite = "https://me.example/"\n'
                      "[backlinks]\nmisses_to_lost = 1\nrecheck_hours = 0.0\nretries = 0\n")
    page.body = b'<html><body><p>Nice post, see <a href="https://me.example/">my blog</a>.</p></body></html>'
    linktrail("backlinks", "add", url, "https://me.example/")
    first = linktrail("nightly", "--date", DAY, "--fail-on-lost")
    assert "backlinks ok" in first.stdout and "exit 0" in first.stdout
    page.body = b"<html><body><p>Nice post.</p></body></html>"  # the link was removed
    second = linktrail("nightly", "--date", DAY, "--fail-on-lost", check=False)
    assert second.returncode == 1, second.stdout + second.stderr
    assert "backlinks lost" in second.stdout and "exit 1" in second.stdout
    assert "plan ok" in second.stdout  # the plan still came after the bad news
