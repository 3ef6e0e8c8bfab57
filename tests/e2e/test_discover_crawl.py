"""End to end: `linktrail crawl` as a subprocess against purpose-built blogs on 127.0.0.1.

Each blog is a stdlib ThreadingHTTPServer on its own port (so a site of its own); the servers
log every request with a server-side monotonic timestamp and its headers, so the tests can say
what the crawler fetched, in which order, and with which validators.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LINKTRAIL, NETGUARD_SITE, ROOT, Runner, write_config
from tests.loopback import refused_port

pytestmark = pytest.mark.e2e

NICHE = ["sourdough", "bread", "starter", "baking", "crumb"]
ON_NICHE = ("Sourdough bread baking notes: my starter, the crumb, hydration and a long cold proof. "
            "Baking bread with a lively sourdough starter makes an open crumb. ") * 6
OFF_NICHE = "Motorbike engines, gearboxes and oil filters: a workshop diary of carburettor tuning. " * 6

Handler = Callable[["Req"], "tuple[int, dict[str, str], bytes]"]


@dataclass
class Req:
    """One request as the server saw it."""

    site: str
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() on the server when it arrived
    done: float | None = None  # time.monotonic() when its answer was ready, just before it was sent


def html(title: str, text: str = ON_NICHE, *, links: list[tuple[str, str]] = (),  # type: ignore[assignment]
         blogroll: list[tuple[str, str]] = (), commenters: list[tuple[str, str]] = (),  # type: ignore[assignment]
         feed: str | None = None, form: bool = False) -> str:
    """A small WordPress-like page."""
    head = f'<link rel="alternate" type="application/rss+xml" href="{feed}">' if feed else ""
    body = "".join(f'<p><a href="{u}">{a}</a></p>' for u, a in links)
    roll = ""
    if blogroll:
        roll = ('<aside class="widget widget_links"><h2 class="widget-title">Blogroll</h2><ul class="blogroll">'
                + "".join(f'<li><a href="{u}">{a}</a></li>' for u, a in blogroll) + "</ul></aside>")
    comments = ""
    if commenters:
        comments = '<ol class="comment-list">' + "".join(
            f'<li class="comment"><article class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><b class="fn"><a href="{u}" rel="external nofollow ugc" '
            f'class="url">{a}</a></b></div></footer><div class="comment-content"><p>Lovely loaf!</p></div>'
            f"</article></li>" for u, a in commenters) + "</ol>"
    if form:
        comments += ('<div id="respond" class="comment-respond"><form action="/wp-comments-post.php" method="post" '
                     'id="commentform"><textarea name="comment"></textarea><input name="author">'
                     '<input name="email"><input name="url" id="url"><input type="submit"></form></div>')
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}'
            f'<meta name="generator" content="WordPress 6.8"></head><body><main><article><h1>{title}</h1>'
            f"<p>{text}</p>{body}</article>{comments}</main>{roll}</body></html>")


class TinyWeb:
    """Blogs on 127.0.0.1, one port each; each path answered by a handler or a static page."""

    def __init__(self) -> None:
        self.routes: dict[str, dict[str, Handler | str | tuple[int, dict[str, str], bytes]]] = {}
        self.bases: dict[str, str] = {}
        self.log: list[Req] = []
        self._lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []
        self.in_flight: dict[str, int] = {}  # requests of each site being answered now
        self.most_in_flight: dict[str, int] = {}
        self.overlap = threading.Event()  # set when a request arrives at a site already answering one

    def add(self, site: str, routes: dict[str, Any]) -> None:
        self.routes[site] = routes

    def url(self, site: str, path: str = "/") -> str:
        return self.bases[site] + path

    def reserve(self, *sites: str) -> None:
        """Bind a port for each site now, so pages can link to each other before they exist."""
        for site in sites:
            self.routes.setdefault(site, {})
            server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler(site))
            server.daemon_threads = True
            self.bases[site] = f"http://127.0.0.1:{server.server_address[1]}"
            self._servers.append(server)

    def start(self) -> TinyWeb:
        for server in self._servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def requests(self, site: str | None = None, path: str | None = None) -> list[Req]:
        with self._lock:
            return [r for r in self.log if (site is None or r.site == site) and (path is None or r.path == path)]

    def _handler(self, site: str) -> type[BaseHTTPRequestHandler]:
        web = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                req = Req(site, self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                with web._lock:
                    web.log.append(req)
                    web.in_flight[site] = web.in_flight.get(site, 0) + 1
                    web.most_in_flight[site] = max(web.most_in_flight.get(site, 0), web.in_flight[site])
                    if web.in_flight[site] > 1:
                        web.overlap.set()
                try:
                    status, headers, body = self._answer(req)
                finally:
                    with web._lock:  # counted out before a byte is sent: the client cannot be ahead of it
                        web.in_flight[site] -= 1
                        req.done = time.monotonic()
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _answer(self, req: Req) -> tuple[int, dict[str, str], bytes]:
                route = web.routes[site].get(self.path.split("?", 1)[0])
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/html"}, b"<title>Not found</title>"
                elif callable(route):
                    status, headers, body = route(req)
                elif isinstance(route, tuple):
                    status, headers, body = route
                else:
                    status, headers, body = 200, {"Content-Type": "text/html; charset=utf-8"}, route.encode()
                if status == 200 and "ETag" not in headers:
                    etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
                    headers = {**headers, "ETag": etag}
                    if req.headers.get("if-none-match") == etag:
                        status, body = 304, b""
                return status, headers, body

        return H


def held(web: TinyWeb, answer: str | tuple[int, dict[str, str], bytes], hold: float = 0.3) -> Handler:
    """A route that keeps its answer back a moment, a window in which a second request to its site would be seen
    (web.overlap ends the window at once if one comes)."""
    def handler(req: Req) -> tuple[int, dict[str, str], bytes]:
        web.overlap.wait(hold)  # a slow server, not a wait for the test: the crawl goes on around it
        if isinstance(answer, str):
            return 200, {"Content-Type": "text/html; charset=utf-8"}, answer.encode()
        return answer
    return handler


@dataclass
class PostsBlog:
    """One blog ("big") whose home page links ``paths``; each post served is logged in ``served``, and
    ``enough`` is set once that many have been: a crawl to interrupt, kill or watch part way."""

    web: TinyWeb
    paths: list[str]
    served: list[str]
    enough: threading.Event

    def stop(self) -> None:
        self.web.stop()


def posts_blog(n: int, enough_after: int | None = None) -> PostsBlog:
    """Serve a PostsBlog of ``n`` posts (started; stop it when done)."""
    web = TinyWeb()
    web.reserve("big")
    blog = PostsBlog(web, [f"/post-{i}/" for i in range(n)], [], threading.Event())

    def page(path: str) -> Handler:
        def handler(req: Req) -> tuple[int, dict[str, str], bytes]:
            blog.served.append(path)
            if enough_after is not None and len(blog.served) >= enough_after:
                blog.enough.set()
            return 200, {"Content-Type": "text/html; charset=utf-8"}, html(f"Sourdough {path}").encode()
        return handler

    web.add("big", {"/": html("Sourdough index", links=[(web.url("big", p), f"bread {p}") for p in blog.paths]),
                    **{p: page(p) for p in blog.paths}})
    web.start()
    return blog


def rss(items: list[tuple[str, str]]) -> tuple[int, dict[str, str], bytes]:
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            + "".join(f"<item><title>{t}</title><link>{u}</link></item>" for u, t in items)
            + "</channel></rss>")
    return 200, {"Content-Type": "application/rss+xml"}, body.encode()


def config(path: Path, **crawl: Any) -> Path:
    return write_config(
        path / "linktrail.toml",
        niche={"name": "sourdough", "keywords": NICHE},
        crawl={"download_delay": 0.0, "loopback_only": True, "max_pages": 300, "max_pages_per_site": 30,
               "download_timeout": 2.0, **crawl},
    )


def db_rows(work: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(work / "linktrail.db")
    try:
        return list(con.execute(sql, args))
    finally:
        con.close()


def last_stats(work: Path) -> dict[str, Any]:
    (stats,) = db_rows(work, "select stats from crawls order by id desc limit 1")[0]
    return json.loads(stats)


# -- discovery ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def discovery(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One crawl from one seed blog, an OPML blogroll and an aggregator feed."""
    web = TinyWeb()
    web.reserve("seed", "rollie", "commenter", "opml", "planet", "feedy", "offniche")
    u = web.url
    web.add("seed", {
        "/robots.txt": (200, {"Content-Type": "text/plain"},
                        f"User-agent: *\nDisallow: /private/\nSitemap: {u('seed', '/sitemap.xml')}\n".encode()),
        "/": held(web, html("Crumb & Crust: a sourdough bread blog", links=[
            (u("seed", "/2026/starter-care/"), "Starter care"), (u("seed", "/private/drafts/"), "drafts"),
            (u("seed", "/guide.pdf"), "PDF guide")],
            blogroll=[(u("rollie", "/"), "Rollie's rye bread")], feed=u("seed", "/feed/"))),
        "/2026/starter-care/": html("Starter care for sourdough", commenters=[(u("commenter", "/"), "Carla")],
                                    form=True),
        "/private/drafts/": html("secret drafts"),
        "/guide.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4" + b"0" * 5000),
        "/feed/": held(web, rss([(u("seed", "/2026/starter-care/"), "Starter care")])),
        "/sitemap.xml": held(web, (200, {"Content-Type": "application/xml"}, (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f'<url><loc>{u("seed", "/only-in-sitemap/")}</loc><lastmod>2026-11-01</lastmod></url></urlset>').encode())),
        "/only-in-sitemap/": html("Sourdough crumb shots"),
    })
    web.add("rollie", {"/": html("Rollie bakes rye sourdough bread")})
    web.add("commenter", {"/": html("Carla's bread and starter diary")})
    web.add("opml", {"/": html("A baking blog only in an OPML blogroll")})
    web.add("planet", {"/planet.xml": rss([(u("feedy", "/2026/levain/"), "Levain")])})
    web.add("feedy", {"/": html("Feedy sourdough"), "/2026/levain/": html("Levain and sourdough starter")})
    web.add("offniche", {"/": html("never linked", OFF_NICHE)})
    web.start()
    work = tmp_path_factory.mktemp("discover")
    config(work)
    opml = work / "blogroll.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>r</title></head><body>'
                    f'<outline text="OPML bakes" type="rss" htmlUrl="{u("opml", "/")}" '
                    f'xmlUrl="{u("opml", "/feed/")}"/></body></opml>')
    seeds = work / "seeds.txt"
    seeds.write_text(f"# bread blogs\n{u('seed', '/')}\n{u('planet', '/planet.xml')}  # a planet feed\n")
    run = Runner(work)
    proc = run("crawl", "--seeds-file", str(seeds), "--seeds-file", str(opml))
    try:
        yield {"web": web, "work": work, "proc": proc, "stats": last_stats(work),
               "pages": {r[0] for r in db_rows(work, "select url from pages")}}
    finally:
        web.stop()


def test_one_seed_reaches_blogroll_commenter_opml_and_feed_only_sites(discovery: dict[str, Any]) -> None:
    web = discovery["web"]
    for site in ("seed", "rollie", "commenter", "opml", "feedy"):
        assert web.url(site, "/") in discovery["pages"], (site, discovery["proc"].stderr)
    assert web.url("feedy", "/2026/levain/") in discovery["pages"]
    assert web.url("seed", "/only-in-sitemap/") in discovery["pages"], "robots.txt Sitemap: line not followed"
    assert not web.requests("offniche"), "fetched a site nothing links to"
    assert "crawled" in discovery["proc"].stdout and "; finished" in discovery["proc"].stdout


def test_robots_disallowed_paths_and_binaries_are_never_fetched(discovery: dict[str, Any]) -> None:
    web = discovery["web"]
    assert web.requests("seed", "/robots.txt")
    assert not web.requests("seed", "/private/drafts/")
    assert not web.requests("seed", "/guide.pdf"), "a .pdf link became a request"
    assert discovery["stats"]["robotstxt/forbidden"] >= 1


def test_requests_carry_the_honest_user_agent_and_one_per_site_at_a_time(discovery: dict[str, Any]) -> None:
    web = discovery["web"]
    agents = {r.headers.get("user-agent") for r in web.log}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent is not None and agent.startswith("linktrail/") and "(+https://" in agent
    # One at a time per site, from the servers' clocks: each request of a site arrived after the one before
    # it was answered (the seed's home, feed and sitemap hold their answers, so an overlap would show).
    assert len(web.requests("seed")) >= 6
    for site in web.bases:
        spans = sorted((r.at, r.done) for r in web.requests(site))
        assert all(done is not None for _, done in spans), site
        overlaps = [(a, b) for a, b in itertools.pairwise(spans) if b[0] < a[1]]  # type: ignore[operator]
        assert overlaps == [], (site, overlaps)
    assert not web.overlap.is_set() and set(web.most_in_flight.values()) == {1}


def test_the_run_is_recorded_with_its_stats(discovery: dict[str, Any]) -> None:
    stats = discovery["stats"]
    work = discovery["work"]
    (reason,) = db_rows(work, "select finish_reason from crawls")[0]
    assert reason == "finished"
    assert stats["linktrail/pages_stored"] == len(discovery["pages"])
    assert stats["linktrail/sites_new"] >= 5  # sites with a page fetched (the planet seed is a feed only)
    assert stats.get("linktrail/opml_parsed", 0) == 0  # the OPML came as a seeds file, read at the edge
    assert stats["linktrail/feeds_parsed"] >= 2 and stats["linktrail/sitemaps_parsed"] == 1
    assert not (work / "linktrail.db.job").exists(), "the job directory stays after a finished crawl"


# -- bad input ------------------------------------------------------------------------------


def test_bad_input_gets_one_line_each_and_the_crawl_goes_on(linktrail: Runner) -> None:
    web = TinyWeb()
    web.reserve("main", "slowrobots", "flaky")
    u = web.url

    crawl_over = threading.Event()

    def slow_robots(req: Req) -> tuple[int, dict[str, str], bytes]:
        # the behaviour under test: no answer before download_timeout; this one comes once the crawl is over
        crawl_over.wait(timeout=120)
        return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"

    web.add("main", {
        "/robots.txt": (200, {"Content-Type": "text/plain"},
                        f"User-agent: *\nSitemap: {u('main', '/bad-sitemap.xml')}\n".encode()),
        "/": html("Sourdough bread", links=[
            (u("main", "/loop-a/"), "loop"), (u("main", "/broken/"), "broken"),
            (u("main", "/download"), "download"), (u("slowrobots", "/"), "slow robots"),
            (u("main", "/bad-feed.xml"), "feed")], feed=u("main", "/bad-feed.xml")),
        "/loop-a/": (302, {"Location": u("main", "/loop-b/")}, b""),
        "/loop-b/": (302, {"Location": u("main", "/loop-a/")}, b""),
        "/broken/": (500, {"Content-Type": "text/html"}, b"<title>oops</title>"),
        "/download": (200, {"Content-Type": "application/octet-stream"}, b"\x00" * 200_000),
        "/bad-sitemap.xml": (200, {"Content-Type": "application/xml"}, b"<?xml version='1.0'?><urlset><url><loc"),
        "/bad-feed.xml": (200, {"Content-Type": "application/rss+xml"}, b"<rss><channel><item><title>x</rss"),
    })
    web.add("slowrobots", {"/robots.txt": slow_robots, "/": html("slow robots, sourdough")})
    web.start()
    try:
        config(linktrail.cwd, max_pages=40)
        seeds = linktrail.cwd / "seeds.txt"
        with refused_port() as port:
            dead = f"http://127.0.0.1:{port}/"
            seeds.write_text(f"not a url\nftp://example.org/\n{dead}\n{u('main', '/')}\n")
            proc = linktrail("crawl", "--seeds-file", str(seeds))
    finally:
        crawl_over.set()
        web.stop()
    err = proc.stderr.splitlines()
    stats = last_stats(linktrail.cwd)

    def lines_with(text: str) -> int:
        return sum(text in line for line in err)

    assert f"{seeds}:1" in proc.stderr and f"{seeds}:2" in proc.stderr
    assert lines_with(dead) == 1, proc.stderr
    assert lines_with(u("slowrobots", "/robots.txt")) == 1, proc.stderr
    assert not web.requests("slowrobots", "/"), "crawled a site whose robots.txt timed out"
    assert lines_with("/loop-") == 1 and stats["linktrail/errors/redirect_loop"] == 1
    assert lines_with(u("main", "/broken/")) == 1 and stats["linktrail/errors/http_500"] == 1
    assert len(web.requests("main", "/broken/")) == 3  # the first try and RETRY_TIMES = 2
    assert lines_with("bad-sitemap.xml") == 1 and stats["linktrail/errors/bad_sitemap"] == 1
    assert lines_with("bad-feed.xml") == 1 and stats["linktrail/errors/bad_feed"] == 1
    assert stats["linktrail/skipped/content_type/application_octet-stream"] == 1
    assert "ConnectionRefused" in next(line for line in err if dead in line)
    assert stats["linktrail/robots/unreachable"] == 2  # the dead host and the slow robots.txt
    assert stats["linktrail/pages_stored"] >= 1 and "; finished" in proc.stdout
    assert not any("Traceback" in line for line in err), proc.stderr


# -- politeness: Retry-After ----------------------------------------------------------------


def test_retry_after_is_honoured(linktrail: Runner) -> None:
    web = TinyWeb()
    web.reserve("busy")
    seen: list[float] = []

    def busy(req: Req) -> tuple[int, dict[str, str], bytes]:
        seen.append(req.at)
        if len(seen) == 1:
            return 429, {"Retry-After": "2", "Content-Type": "text/html"}, b"slow down"
        return 200, {"Content-Type": "text/html"}, html("Sourdough starter").encode()

    web.add("busy", {"/": html("Sourdough", links=[(web.url("busy", "/post/"), "post"),
                                                   (web.url("busy", "/other/"), "other")]),
                     "/post/": busy, "/other/": html("Bread")})
    web.start()
    try:
        config(linktrail.cwd)
        linktrail("crawl", web.url("busy", "/"))
    finally:
        web.stop()
    assert len(seen) == 2, seen
    assert seen[1] - seen[0] >= 2.0, "asked again before Retry-After said"
    # The hold is per site: nothing else of that site went out during the wait.
    during = [r for r in web.requests("busy") if seen[0] < r.at < seen[0] + 2.0]
    assert during == [], [r.path for r in during]
    stats = last_stats(linktrail.cwd)
    assert stats["linktrail/retry_after/honoured"] == 1
    assert web.url("busy", "/post/") in {r[0] for r in db_rows(linktrail.cwd, "select url from pages")}


def test_meta_refresh_and_redirects_are_followed_with_the_linking_page_as_referer(linktrail: Runner) -> None:
    """A page that only says <meta http-equiv=refresh> (any case) leads on to its target; a 301 too;
    each request names the page that linked to it, and a seed names none."""
    web = TinyWeb()
    web.reserve("blog")
    u = web.url
    refresh = ('<!doctype html><html><head><META HTTP-EQUIV="Refresh" CONTENT="0; URL=/moved-here/">'
               "<title>Moved</title></head><body>This post moved.</body></html>")
    web.add("blog", {
        "/": html("Sourdough notes", links=[(u("blog", "/old-post/"), "old post"),
                                            (u("blog", "/renamed/"), "renamed post")]),
        "/old-post/": refresh,
        "/moved-here/": html("Sourdough starter, moved"),
        "/renamed/": (301, {"Location": u("blog", "/new-name/"), "Content-Type": "text/html"}, b""),
        "/new-name/": html("Sourdough crumb, renamed"),
    })
    web.start()
    try:
        config(linktrail.cwd)
        linktrail("crawl", u("blog", "/"))
    finally:
        web.stop()
    stored = {r[0] for r in db_rows(linktrail.cwd, "select url from pages")}
    assert {u("blog", "/moved-here/"), u("blog", "/new-name/")} <= stored, stored
    referer = {r.path: r.headers.get("referer") for r in web.requests("blog")}
    assert referer["/"] is None
    assert referer["/old-post/"] == u("blog", "/")
    assert referer["/renamed/"] == u("blog", "/")
    assert referer["/moved-here/"] == u("blog", "/old-post/")  # as Scrapy sets it on a redirect
    assert referer["/new-name/"] == u("blog", "/renamed/")


def test_a_site_failing_again_and_again_is_left_alone(linktrail: Runner) -> None:
    web = TinyWeb()
    web.reserve("sick")
    web.add("sick", {"/": html("Sourdough", links=[(web.url("sick", f"/p{i}/"), f"p{i}") for i in range(12)]),
                     **{f"/p{i}/": (503, {"Content-Type": "text/html"}, b"down") for i in range(12)}})
    web.start()
    try:
        config(linktrail.cwd, breaker_errors=3)
        proc = linktrail("crawl", web.url("sick", "/"))
    finally:
        web.stop()
    stats = last_stats(linktrail.cwd)
    assert stats["linktrail/breaker/opened"] == 1
    assert sum("failed requests in a row" in line for line in proc.stderr.splitlines()) == 1
    pages_asked = {r.path for r in web.requests("sick") if r.path.startswith("/p")}
    assert len(pages_asked) <= 3 + 2, pages_asked  # the threshold, plus what was already on its way


# -- incremental ----------------------------------------------------------------------------


def test_a_second_run_fetches_only_what_is_due(linktrail: Runner) -> None:
    web = TinyWeb()
    web.reserve("blog")
    posts = [f"/2026/post-{i}/" for i in range(5)]
    web.add("blog", {"/": html("Sourdough home", links=[(web.url("blog", p), p) for p in posts]),
                     **{p: html(f"Sourdough post {p}") for p in posts}})
    web.start()
    try:
        config(linktrail.cwd)
        linktrail("crawl", web.url("blog", "/"))
        first = len(web.log)
        linktrail("crawl", web.url("blog", "/"))
        second = web.log[first:]
        old = "2026-01-01T00:00:00+00:00"
        con = sqlite3.connect(linktrail.cwd / "linktrail.db")
        with con:
            con.execute("update pages set fetched_at = ? where url = ?", (old, web.url("blog", posts[2])))
        con.close()
        mark = len(web.log)
        linktrail("crawl", web.url("blog", "/"))
        third = web.log[mark:]
    finally:
        web.stop()
    assert {r.path for r in web.log[:first]} >= {"/", *posts}
    # Run 2: the seed, asked conditionally (304), and nothing else but robots.txt.
    assert sorted(r.path for r in second) == ["/", "/robots.txt"]
    seed_request = next(r for r in second if r.path == "/")
    assert seed_request.headers.get("if-none-match")
    # Run 3: the one page that fell due, asked conditionally too.
    assert sorted(r.path for r in third) == sorted(["/", "/robots.txt", posts[2]])
    assert next(r for r in third if r.path == posts[2]).headers.get("if-none-match")
    # A 304 keeps the stored analysis and moves fetched_at.
    title, fetched_at = db_rows(linktrail.cwd, "select title, fetched_at from pages where url = ?",
                                web.url("blog", posts[2]))[0]
    assert title and title.startswith("Sourdough post") and fetched_at > old
    stats = last_stats(linktrail.cwd)
    assert stats["linktrail/incremental/not_modified"] == 2 and stats["linktrail/pages_touched"] == 2


# -- resumable ------------------------------------------------------------------------------


def _env(work: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(NETGUARD_SITE), str(ROOT)]),
            "LINKTRAIL_NETGUARD_LOG": str(work / "netguard.log")}


def test_a_crawl_killed_with_sigkill_resumes_without_duplicates(linktrail: Runner) -> None:
    n = 30  # killed once 15 are stored: half the posts left for the resumed run
    blog = posts_blog(n)  # a home linking to all: order is best-first, each fetched once
    web, paths = blog.web, blog.paths
    work = linktrail.cwd
    try:
        config(work, download_delay=0.15, max_pages_per_site=100)
        proc = subprocess.Popen([*LINKTRAIL, "crawl", web.url("big", "/")], cwd=work, env=_env(work),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        stored: set[str] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            if (work / "linktrail.db").exists():
                try:
                    stored = {r[0] for r in db_rows(work, "select url from pages")}
                except sqlite3.OperationalError:
                    stored = set()
                if len(stored) >= 15:
                    break
            time.sleep(0.05)  # polling interval of a condition, not a wait for time to pass
        assert proc.poll() is None, "the crawl ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = len(web.log)
        assert (work / "linktrail.db.job").is_dir(), "no job directory to resume from"
        before = {r.path for r in web.log[:killed_at]}
        resumed = linktrail("crawl", web.url("big", "/"))
    finally:
        web.stop()
    after = [r.path for r in web.log[killed_at:] if r.path != "/robots.txt"]
    stored_paths = {u.split(str(web.bases["big"]), 1)[1] for u in stored}
    assert not stored_paths & set(after), "pages stored before the kill were fetched again"
    assert len(after) == len(set(after)), "the resumed run fetched a page twice"
    assert resumed.stdout.startswith("resumed the crawl interrupted at ") and "resuming" not in resumed.stderr
    urls = [r[0] for r in db_rows(work, "select url from pages")]
    assert len(urls) == len(set(urls)) == n + 1
    assert set(paths) <= before | set(after)
    assert not (work / "linktrail.db.job").exists()


def test_which_answer_comes_first_does_not_change_what_a_site_read_as_off_niche_costs(tmp_path: Path) -> None:
    """A new site's home page (off-niche) and one of its posts (on-niche) are found by two seed pages. Run once
    with the site's home page slow to answer, so the post is found while it is out, and once with the seed's
    page linking the post slow, so the home page's verdict comes first: the same pages are stored. (Before its
    home page's verdict held its other pages back, the slow-home run also fetched the post, which opened the site.)
    """
    def crawl(slow: str) -> tuple[list[str], list[str]]:
        web = TinyWeb()
        web.reserve("seed", "shop")
        u = web.url
        later = html("Sourdough notes", links=[(u("shop", "/bagels/"), "sourdough bagels")])
        shop_home = html("Gadget deals", OFF_NICHE, links=[(u("shop", "/bagels/"), "bagels")])
        web.add("seed", {
            "/": html("Crumb & Crust", links=[(u("seed", "/notes/"), "notes")], blogroll=[(u("shop", "/"), "Shop")]),
            "/notes/": held(web, later, 1.0) if slow == "notes" else later})
        web.add("shop", {"/": held(web, shop_home, 1.0) if slow == "shop" else shop_home,
                         "/bagels/": html("Sourdough bagels", links=[(u("shop", "/rye/"), "rye")]),
                         "/rye/": html("Rye sourdough")})
        web.start()
        work = tmp_path / slow
        work.mkdir()
        config(work)
        try:
            Runner(work)("crawl", u("seed", "/"))
            notes, home = web.requests("seed", "/notes/")[0], web.requests("shop", "/")[0]
            assert notes.done is not None and home.done is not None
            # the window this run is about: which of the two answers was ready first
            assert (notes.done < home.done) == (slow == "shop")
            stored = sorted(r[0].replace(web.bases["seed"], "seed").replace(web.bases["shop"], "shop")
                            for r in db_rows(work, "select url from pages"))
            return stored, [r.path for r in web.requests("shop")]
        finally:
            web.stop()

    slow_home, slow_notes = crawl("shop"), crawl("notes")
    assert slow_home == slow_notes == (["seed/", "seed/notes/", "shop/"], ["/robots.txt", "/"])
