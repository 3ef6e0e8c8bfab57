"""End to end: `linktrail workers 2 --redis` + `linktrail ingest` against the sample web equal one `linktrail crawl`."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from linktrail.demo import SAMPLE_WEB, SampleWeb
from tests.conftest import LINKTRAIL, Runner, write_config
from tests.loopback import refused_port
from tests.redis_fixture import REDIS_SERVER, SKIP_REASON, LocalRedis, redis_server, redis_url  # noqa: F401

pytestmark = pytest.mark.e2e

# What must be the same whoever fetched a page: the analysis and the opportunity it is.
STATE_COLUMNS = ("url", "site", "http_status", "comment_state", "comment_system", "website_field", "captcha",
                 "guest_post", "opportunity", "platform", "title")


def config(path: Path, web: Any, **crawl: Any) -> Path:
    niche = web.truth["demo_niche"]
    return write_config(path, niche={"name": niche, "keywords": web.truth["niches"][niche]},
                        crawl={"download_delay": 0.02, "loopback_only": True, "max_pages": 500, **crawl})


def states(db_path: Path) -> dict[str, tuple[Any, ...]]:
    db = sqlite3.connect(db_path)
    rows = {r[0]: r for r in db.execute(f"select {', '.join(STATE_COLUMNS)} from pages")}
    db.close()
    return rows


def scores(db_path: Path) -> dict[str, tuple[Any, ...]]:
    """Each page's relevance, reasons and value: one niche profile per crawl, whoever fetched the page (issue 23)."""
    db = sqlite3.connect(db_path)
    rows = {r[0]: r[1:] for r in db.execute("select url, relevance, relevance_reasons, value, value_reasons from pages")}
    db.close()
    return rows


def found_how(db_path: Path, urls: set[str]) -> list[tuple[Any, ...]]:
    """For a failure's message: how each page one crawl has and the other lacks was found, where it is stored."""
    db = sqlite3.connect(db_path)
    rows = [(u, *(db.execute("select found_from, found_via from pages where url = ?", (u,)).fetchone() or ()))
            for u in sorted(urls)]
    db.close()
    return rows


def page_fetches(web: Any) -> dict[tuple[str, str], int]:
    """Server-side count of each page fetched (robots.txt aside: every worker reads it once per site)."""
    counts: dict[tuple[str, str], int] = {}
    for slug, paths in web.requests.items():
        for path in paths:
            if path != "/robots.txt":
                counts[(slug, path)] = counts.get((slug, path), 0) + 1
    return counts


@pytest.fixture
def disagreeing_web(tmp_path: Path) -> Iterator[SampleWeb]:
    """The sample web, but each page names its site its own way and every other page says another platform.

    What a site is called and runs on must not depend on which of its pages was written last (issue 23): the
    home page keeps its name and generator, which decide.
    """
    root = shutil.copytree(SAMPLE_WEB, tmp_path / "disagreeing-web")
    for site in sorted((root / "sites").iterdir()):
        for n, html in enumerate(sorted(site.rglob("*.html"))):
            path = html.relative_to(site).as_posix()
            if path == "index.html":
                continue
            text = re.sub(r'(property="og:site_name" content=")([^"]*)"', rf'\1\2 · {path}"', html.read_text())
            if n % 2:
                other = "Hugo 0.120.0" if "Jekyll" in text else "Jekyll v4.3.2"
                text = re.sub(r'(name="generator" content=")[^"]*"', rf'\1{other}"', text)
            html.write_text(text)
    with SampleWeb(root=root) as web:
        yield web


def test_two_workers_and_ingest_equal_one_crawl(disagreeing_web: SampleWeb, redis_url: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    sample_web = disagreeing_web
    seed = sample_web.url(sample_web.truth["seed"] + "/")
    single, multi = Runner(tmp_path / "single"), Runner(tmp_path / "multi")
    for run in (single, multi):
        run.cwd.mkdir()
        config(run.cwd / "linktrail.toml", sample_web)
    single("crawl", seed)
    sample_web.requests.clear()
    proc = multi("workers", "2", "--redis", redis_url, seed)
    assert "started 2 workers" in proc.stdout and proc.stdout.count("; finished\n") == 2, proc.stdout
    fetched = page_fetches(sample_web)
    ingest = multi("ingest", "--redis", redis_url)
    assert "worker runs" in ingest.stdout
    assert ingest.stdout.splitlines()[1].startswith("niche profile: "), ingest.stdout

    assert {k: n for k, n in fetched.items() if n > 1} == {}, "a page was fetched by two workers"
    one, two = states(single.cwd / "linktrail.db"), states(multi.cwd / "linktrail.db")
    assert len(one) > 50
    assert set(two) == set(one), found_how(multi.cwd / "linktrail.db", set(two) ^ set(one))
    assert {u: r for u, r in two.items() if one[u] != r} == {}
    # One niche profile for the crawl: the same relevance and value per page as one process.
    single_scores, multi_scores = scores(single.cwd / "linktrail.db"), scores(multi.cwd / "linktrail.db")
    assert sum(r[0] >= 0.25 for r in single_scores.values()) > 10
    assert {u: (r, single_scores[u]) for u, r in multi_scores.items() if single_scores[u] != r} == {}
    # The sites as one process leaves them: counts, relevance, their status as of the crawl (the plan's gates), and
    # what they are called, run on and start at (decided from all their pages, not from the order they were written)
    site_columns = ("domain, pages_crawled, relevance, newest_post, status, accepts_guest_posts, contact_email, "
                    "name, platform, home_url")
    one_sites, two_sites = (list(sqlite3.connect(run.cwd / "linktrail.db").execute(
        f"select {site_columns} from sites order by domain")) for run in (single, multi))
    assert two_sites == one_sites, [(a, b) for a, b in zip(one_sites, two_sites, strict=False) if a != b]
    assert {s[4] for s in one_sites} >= {"active"}
    db = sqlite3.connect(multi.cwd / "linktrail.db")
    assert db.execute("select count(*) from crawls").fetchone()[0] == 2
    # The finished crawl is cleared from Redis (the per-site turns and robots.txt answers expire by themselves).
    client = redis.Redis.from_url(redis_url)
    assert [k for k in client.keys("linktrail:discover:*") if b":next:" not in k and b":robots:" not in k] == []
    # Ingest again: nothing left, nothing changes.
    again = multi("ingest", "--redis", redis_url)
    assert "ingested 0 pages" in again.stdout
    assert states(multi.cwd / "linktrail.db") == two
    # The profile has not changed and nothing was stored since the last settle: no page is read again.
    assert "0 pages of 0 stored since the last settle scored again with it (the profile had not changed)" in again.stdout
    assert scores(multi.cwd / "linktrail.db") == multi_scores


def test_redis_down_at_start_is_exit_2(linktrail: Runner, sample_web: Any) -> None:
    config(linktrail.cwd / "linktrail.toml", sample_web)
    with refused_port() as port:
        dead = f"redis://127.0.0.1:{port}/0"
        for args in (("crawl", "--redis", dead, sample_web.url(sample_web.truth["seed"] + "/")),
                     ("ingest", "--redis", dead), ("workers", "2", "--redis", dead)):
            proc = linktrail(*args, check=False)
            assert proc.returncode == 2, (args, proc.stderr)
            assert "not reachable" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (linktrail.cwd / "linktrail.db").exists()


def test_redis_lost_mid_crawl_stops_cleanly_and_a_restart_writes_nothing_twice(
    sample_web: Any, tmp_path: Path,
) -> None:
    if REDIS_SERVER is None:
        pytest.skip(SKIP_REASON)
    server = LocalRedis(tmp_path / "redis", persist=True).start()
    try:
        _lose_redis_and_resume(sample_web, server, tmp_path)
    finally:
        server.stop()


def _lose_redis_and_resume(sample_web: Any, server: LocalRedis, tmp_path: Path) -> None:
    run = Runner(tmp_path / "work")
    run.cwd.mkdir()
    config(run.cwd / "linktrail.toml", sample_web, download_delay=0.2)
    sample_web.requests.clear()
    seed = sample_web.url(sample_web.truth["seed"] + "/")
    env_proc = subprocess.Popen(
        [*LINKTRAIL, "crawl", "--redis", server.url, seed], cwd=run.cwd, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=_env(run),
    )
    client = redis.Redis.from_url(server.url)
    try:
        deadline = time.monotonic() + 60
        while client.llen("linktrail:discover:items") < 5:  # poll until the crawl is under way
            assert env_proc.poll() is None, env_proc.communicate()
            assert time.monotonic() < deadline, "the worker queued nothing"
            time.sleep(0.05)
        server.kill()
        _out, err = env_proc.communicate(timeout=90)
    finally:
        if env_proc.poll() is None:
            env_proc.kill()
            env_proc.wait()
    assert env_proc.returncode == 2, (_out, err)
    assert "Redis at" in err and "lost" in err and "Traceback" not in err, err
    # Redis back (from its append-only file): a worker with no seeds resumes the crawl, then ingest.
    server.start()
    resumed = run("crawl", "--redis", server.url)
    assert "; finished\n" in resumed.stdout
    run("ingest", "--redis", server.url)
    fetched = page_fetches(sample_web)
    assert {k: n for k, n in fetched.items() if n > 1} == {}, "a page was fetched again after the restart"
    pages = states(run.cwd / "linktrail.db")
    # Every item queued before Redis died survived (append-only file) and was stored; pages in
    # flight then, and URLs the dead worker's own frontier had not handed to Redis yet, are left
    # to the next crawl. What was stored is what was fetched, once.
    assert len(pages) >= 5
    assert {sample_web.key_of(u) for u in pages} <= {f"{s}/{p.lstrip('/')}" for s, p in fetched}


def _env(run: Runner) -> dict[str, str]:
    import os

    from tests.conftest import NETGUARD_SITE, ROOT

    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(NETGUARD_SITE), str(ROOT)]),
            "LINKTRAIL_NETGUARD_LOG": str(run.guard_log)}
