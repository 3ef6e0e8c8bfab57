"""Exit paths end to end on loopback: Ctrl-C mid-crawl (130) then a resume, a crawl that did not finish (4),
robots.txt answering 5xx, and robots obedience that no setting turns off."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from crawler.configload import config_from_dict
from crawler.runner import scrapy_settings
from linktrail.backlinks import check_settings
from tests.conftest import LINKTRAIL, Runner, write_config
from tests.e2e.test_discover_crawl import TinyWeb, _env, config, db_rows, html, posts_blog

pytestmark = pytest.mark.e2e

ROBOTS_MIDDLEWARE = "crawler.downloadermiddlewares.robotstxt.LinktrailRobotsTxtMiddleware"


def test_ctrl_c_mid_crawl_exits_130_and_the_same_command_resumes(linktrail: Runner) -> None:
    n = 20  # interrupted after 10 are served: half left for the resumed run
    blog = posts_blog(n, enough_after=10)
    web, paths, served, enough = blog.web, blog.paths, blog.served, blog.enough
    work = linktrail.cwd
    try:
        # a delay between two pages of the site, so the crawl is still running when the signal comes
        # loopback_only off, as a user's config has it (the network guard still holds the crawl to loopback)
        config(work, download_delay=0.2, max_pages_per_site=100, loopback_only=False)
        proc = subprocess.Popen([*LINKTRAIL, "crawl", web.url("big", "/")], cwd=work, env=_env(work),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert enough.wait(timeout=120), "the crawl never fetched enough pages to be interrupted"
        assert proc.poll() is None, "the crawl ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 130, err
        # what a user needs, once: no "Disabled ...Middleware", no second "crawl stopped" warning
        assert err == "crawl interrupted: run the same command again to resume\n"
        assert out.rstrip().endswith("; interrupted"), out
        assert (work / "linktrail.db.job").is_dir(), "no job directory to resume from"
        first_run = len(served)
        stored_before = len(db_rows(work, "select url from pages"))
        assert first_run < n
        resumed = linktrail("crawl", web.url("big", "/"))
    finally:
        web.stop()
    assert resumed.returncode == 0 and resumed.stderr == ""
    restored = stored_before  # the pages the interrupted run stored
    assert re.match(r"resumed the crawl interrupted at \d{4}-\d\d-\d\d \d\d:\d\d UTC "
                    rf"\({restored} pages? done before\)\n", resumed.stdout), resumed.stdout
    assert resumed.stdout.rstrip().endswith("; finished"), resumed.stdout
    assert sorted(served) == sorted(paths), "a post fetched twice or never"
    urls = [u for (u,) in db_rows(work, "select url from pages")]
    assert len(urls) == len(set(urls)) == n + 1
    assert db_rows(work, "select finish_reason from crawls order by id") == [("shutdown",), ("finished",)]
    assert not (work / "linktrail.db.job").exists()


def test_a_crawl_that_did_not_finish_exits_4(linktrail: Runner) -> None:
    web = TinyWeb()
    web.reserve("blog")
    web.add("blog", {"/": html("Sourdough home")})
    web.start()
    try:
        config(linktrail.cwd)
        (linktrail.cwd / "a-file").write_text("not a directory\n")
        proc = linktrail("crawl", "--jobdir", "a-file/job", web.url("blog", "/"), check=False)
    finally:
        web.stop()
    assert proc.returncode == 4, proc.stderr
    assert "crawl did not finish (start_error): see the log above" in proc.stderr
    assert proc.stdout.rstrip().endswith("; ended: start_error"), proc.stdout
    assert db_rows(linktrail.cwd, "select finish_reason from crawls") == [("start_error",)]


def test_robots_txt_answering_5xx_means_the_site_is_never_fetched(linktrail: Runner) -> None:
    web = TinyWeb()
    web.reserve("seed", "down")
    web.add("seed", {"/": html("Sourdough seed", links=[(web.url("down", "/"), "a sourdough blog"),
                                                        (web.url("down", "/post/"), "its post")])})
    web.add("down", {"/robots.txt": (503, {"Content-Type": "text/plain"}, b"maintenance"),
                     "/": html("Sourdough down"), "/post/": html("Sourdough post")})
    web.start()
    try:
        config(linktrail.cwd)
        proc = linktrail("crawl", web.url("seed", "/"))
    finally:
        web.stop()
    assert {r.path for r in web.requests("down")} == {"/robots.txt"}  # (retried as any 503 is), nothing else
    assert "/" in {r.path for r in web.requests("seed")}
    assert "robots.txt unreachable means disallow" in proc.stderr
    stored = {u for (u,) in db_rows(linktrail.cwd, "select url from pages")}
    assert not {u for u in stored if u.startswith(web.url("down", ""))}


def test_robots_obedience_cannot_be_configured_away(linktrail: Runner, tmp_path: Path) -> None:
    # Every spider's settings: the discover crawl's and the backlink check's.
    config = config_from_dict({})
    for settings in (scrapy_settings(config, db=str(tmp_path / "x.db")), check_settings(config, str(tmp_path / "x.db"))):
        assert settings.getbool("ROBOTSTXT_OBEY") is True
        assert settings.getdict("DOWNLOADER_MIDDLEWARES")[ROBOTS_MIDDLEWARE] == 100
    # `obey_robots = false` is refused with one line, for the crawl and for the backlink check.
    write_config(linktrail.cwd / "linktrail.toml", crawl={"obey_robots": False, "loopback_only": True})
    for args in (("crawl", "http://127.0.0.1:9/"), ("backlinks", "check")):
        proc = linktrail(*args, check=False)
        assert proc.returncode == 2
        assert proc.stderr.strip() == ("Error: linktrail.toml:2: crawl.obey_robots: false is not allowed: robots.txt "
                                       "is always obeyed, by every crawl and backlink check; only true is accepted.")
    os.remove(linktrail.cwd / "linktrail.toml")
