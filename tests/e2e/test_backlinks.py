"""End to end: `linktrail backlinks import|add|check|report` as subprocesses against a loopback test server."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self

import pytest

from tests.conftest import Runner, write_config
from tests.loopback import refused_port

pytestmark = pytest.mark.e2e

MY_SITE = "https://my-site.example/"
CHALLENGE = ("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
             "<div id='cf-chl-widget'>Checking your browser before accessing the site.</div>"
             "<script src='/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1'></script></body></html>")


def page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>A post</title>{head}</head><body>"
            f"<header><nav><a href='/'>Home</a></nav></header><main><article><h1>A post</h1>{body}</article></main>"
            "<footer id='colophon'><a href='/about'>About</a></footer></body></html>")


LINK = "<p>Read <a href='https://my-site.example/'>My Site</a> for more.</p>"
COMMENTS = ("<section id='comments'><ol class='comment-list'><li id='comment-7' class='comment'>"
            "<footer class='comment-meta'><b class='fn'><a href='https://www.my-site.example/about' "
            "rel='external nofollow ugc' class='url'>Me, the author</a></b></footer>"
            "<div class='comment-content'><p>Great post, thanks!</p></div></li></ol></section>")


@dataclass
class Route:
    status: int = 200
    body: bytes | str = ""
    headers: dict[str, str] = field(default_factory=dict)
    slow: bool = False  # answer only when the server stops: the client times out first


class BacklinkWeb:
    """A loopback server whose pages answer with every status a backlink check must tell apart."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.stopping = threading.Event()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                web.hits[self.path] += 1
                route = web.routes.get(self.path, Route(404, "<h1>Not found</h1>"))
                if route.slow:
                    web.stopping.wait(30)
                body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
                try:
                    self.send_response(route.status)
                    headers = {"Content-Type": "text/html; charset=utf-8", **route.headers}
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (the slow page)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


# path -> (route, expected status after the first check)
CASES: dict[str, tuple[Route, str]] = {
    "/live": (Route(body=page(LINK)), "live"),
    "/flaky": (Route(body=page(LINK)), "live"),
    "/gone": (Route(404, "<h1>Not found</h1>"), "not_found"),
    "/deleted": (Route(410, "<h1>Gone</h1>"), "not_found"),
    "/challenge": (Route(403, CHALLENGE, {"cf-mitigated": "challenge"}), "blocked"),
    "/cf-503": (Route(503, CHALLENGE), "blocked"),
    "/rate": (Route(429, "<h1>Slow down</h1>", {"Retry-After": "3600"}), "blocked"),
    "/forbidden": (Route(403, "<h1>Forbidden</h1>"), "error"),
    "/broken": (Route(500, "<h1>Oops</h1>"), "error"),
    "/slow": (Route(body=page(LINK), slow=True), "error"),
    "/moved": (Route(301, "", {"Location": "/new-home"}), "redirected_source"),
    "/new-home": (Route(body=page(LINK)), "live"),
    "/slash": (Route(301, "", {"Location": "/slash/"}), "live"),
    "/slash/": (Route(body=page(LINK)), "live"),
    "/noindex-header": (Route(body=page(LINK), headers={"X-Robots-Tag": "noindex, nofollow"}), "noindex"),
    "/noindex-meta": (Route(body=page(LINK, "<meta name='robots' content='noindex,follow'>")), "noindex"),
    "/wrong": (Route(body=page("<p><a href='https://my-site.example/other-page'>x</a></p>")), "wrong_target"),
    "/nolink": (Route(body=page("<p>No links here.</p>")), "missing"),
    "/private/post": (Route(body=page(LINK)), "robots_blocked"),
    "/doc.pdf": (Route(body=b"%PDF-1.4\n% https://my-site.example/\n", headers={"Content-Type": "application/pdf"}), "error"),
    "/photo.png": (Route(body=b"\x89PNG\r\n\x1a\n" + bytes(64), headers={"Content-Type": "image/png"}), "error"),
    "/comment-post": (Route(body=page("<p>Text.</p>" + COMMENTS)), "live"),
}


@pytest.fixture(scope="module")
def web() -> Iterator[BacklinkWeb]:
    with BacklinkWeb() as w:
        w.routes["/robots.txt"] = Route(body="User-agent: *\nDisallow: /private/\n",
                                        headers={"Content-Type": "text/plain"})
        for path, (route, _) in CASES.items():
            w.routes[path] = route
        yield w


def status_of(db: Path, source: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    row = conn.execute("select * from backlinks where source_url = ?", [source]).fetchone()
    assert row is not None, source
    checks = [dict(r) for r in conn.execute("select * from backlink_checks where backlink_id = ? order by checked_at", [row["id"]])]
    conn.close()
    return {**dict(row), "checks": checks}


@pytest.fixture(scope="module")
def checked(web: BacklinkWeb, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Import every case, record a comment marked done, and run three checks; the tests read the results."""
    with refused_port() as port:  # refuses for all three checks, and nobody else can take it meanwhile
        yield run_checks(web, tmp_path_factory, port)


def run_checks(web: BacklinkWeb, tmp_path_factory: pytest.TempPathFactory, port: int) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("backlinks")
    run = Runner(work)
    write_config(work / "linktrail.toml", you={"site": MY_SITE},
                 crawl={"download_delay": 0.01, "loopback_only": True, "download_timeout": 1.0,
                        "breaker_errors": 0},  # every case sits on one site: no circuit breaker
                 backlinks={"retries": 0, "misses_to_lost": 2})
    refused = f"http://127.0.0.1:{port}/post"
    lines = ["source_url,target_url,expected_anchor,note"]
    lines += [f"{web.url(p)},{MY_SITE},My Site," for p in CASES if p not in ("/new-home", "/slash/", "/comment-post")]
    lines.append(f"{refused},{MY_SITE},,refused")
    (work / "links.csv").write_text("\n".join(lines) + "\n")
    imported = run("backlinks", "import", "links.csv")
    db = work / "linktrail.db"
    conn = sqlite3.connect(db)
    conn.execute("insert into outreach (url, domain, kind, status, date, created, updated) values (?, ?, 'comment', 'done', "
                 "'2026-11-20', '2026-11-20T10:00:00+00:00', '2026-11-20T10:00:00+00:00')",
                 [web.url("/comment-post"), web.base.split("//")[1]])
    conn.commit()
    conn.close()
    first = run("backlinks", "check")
    report1 = run("backlinks", "report", "--format", "json")
    after_first = {p: status_of(db, web.url(p)) for p in CASES if p not in ("/new-home", "/slash/")}
    after_first["refused"] = status_of(db, refused)
    # The link disappears from /flaky: one miss, then a second one makes it lost.
    web.routes["/flaky"] = Route(body=page("<p>The link was removed.</p>"))
    second = run("backlinks", "check", "--all", "--fail-on-lost")
    report2 = run("backlinks", "report", "--fail-on-lost", check=False)
    flaky_after_second = status_of(db, web.url("/flaky"))
    third = run("backlinks", "check", "--all", "--fail-on-lost", check=False)
    report3 = run("backlinks", "report", "--fail-on-lost", check=False)
    return {
        "work": work, "db": db, "imported": imported, "first": first, "second": second, "third": third,
        "report1": json.loads(report1.stdout), "report2": report2, "report3": report3,
        "after_first": after_first, "flaky_after_second": flaky_after_second, "refused": refused,
        "comment_url": web.url("/comment-post"),
    }


@pytest.mark.parametrize("path", [p for p in CASES if p not in ("/new-home", "/slash/")])
def test_first_check_status(checked: dict[str, Any], path: str) -> None:
    row = checked["after_first"][path]
    expected = CASES[path][1]
    assert row["status"] == expected, (path, row["checks"])
    assert len(row["checks"]) == 1 and row["checks"][0]["status"] == expected


def test_live_link_details(checked: dict[str, Any], web: BacklinkWeb) -> None:
    check = checked["after_first"]["/live"]["checks"][0]
    assert check["http_status"] == 200 and check["found"] == 1
    assert check["anchor"] == "My Site" and check["rel"] == "" and check["placement"] == "content"
    assert check["link_count"] == 1
    links = json.loads(check["links"])
    assert links[0]["url"] == MY_SITE and links[0]["exact"] is True


def test_redirects_are_followed_and_recorded(checked: dict[str, Any], web: BacklinkWeb) -> None:
    moved = checked["after_first"]["/moved"]["checks"][0]
    assert moved["final_url"] == web.url("/new-home")
    assert json.loads(moved["redirects"]) == [web.url("/moved")]
    assert moved["found"] == 1 and "new-home" in moved["notes"]
    slash = checked["after_first"]["/slash"]["checks"][0]  # a trailing slash is not a move
    assert slash["final_url"] == web.url("/slash/") and json.loads(slash["redirects"]) == [web.url("/slash")]


def test_failure_reasons_are_clear(checked: dict[str, Any]) -> None:
    first = checked["after_first"]
    assert "timeout" in first["/slow"]["checks"][0]["error"]
    assert "unreachable" in first["refused"]["checks"][0]["error"]
    assert first["refused"]["status"] == "error"
    assert first["/broken"]["checks"][0]["http_status"] == 500
    assert "not an HTML page (application/pdf)" in first["/doc.pdf"]["checks"][0]["error"]
    assert "image/png" in first["/photo.png"]["checks"][0]["error"]
    assert "challenge" in first["/challenge"]["checks"][0]["error"]
    assert "Retry-After 3600s" in first["/rate"]["checks"][0]["error"]
    assert first["/rate"]["not_before"] is not None
    assert first["/noindex-header"]["checks"][0]["noindex"] == "x-robots-tag"
    assert first["/noindex-meta"]["checks"][0]["noindex"] == "meta robots"
    assert "other-page" in first["/wrong"]["checks"][0]["notes"]


def test_robots_disallowed_source_is_never_fetched(checked: dict[str, Any], web: BacklinkWeb) -> None:
    assert web.hits["/private/post"] == 0
    assert web.hits["/robots.txt"] == 3  # once per run


def test_retry_after_is_honoured(checked: dict[str, Any], web: BacklinkWeb) -> None:
    # Three runs, two with --all, but the 429 page asked for an hour: fetched once.
    assert web.hits["/rate"] == 1


def test_comment_went_live(checked: dict[str, Any]) -> None:
    row = checked["after_first"]["/comment-post"]
    assert row["origin"] == "comment" and row["outreach_id"] is not None and row["target_url"] == "my-site.example"
    check = row["checks"][0]
    assert check["rel"] == "external nofollow ugc" and check["placement"] == "comments"
    assert check["anchor"] == "Me, the author"
    conn = sqlite3.connect(checked["db"])
    assert conn.execute("select status from outreach where id = ?", [row["outreach_id"]]).fetchone()[0] == "live"
    assert "1 comment went live" in checked["first"].stdout
    assert (f"comment live on {checked['comment_url']}: your site as the comment's author website, under the name "
            "'Me, the author' (set [you] name to check it is yours)") in checked["first"].stdout.splitlines()


def test_two_misses_make_a_link_lost(checked: dict[str, Any]) -> None:
    second = checked["flaky_after_second"]
    assert second["status"] == "missing" and second["misses"] == 1
    assert checked["second"].returncode == 0  # one miss is not a loss
    assert checked["report2"].returncode == 0
    assert checked["third"].returncode == 1, checked["third"].stdout + checked["third"].stderr
    assert "1 newly lost" in checked["third"].stdout
    final = status_of(checked["db"], checked["after_first"]["/flaky"]["source_url"])
    assert [c["status"] for c in final["checks"]] == ["live", "missing", "lost"]
    assert final["last_live"] == final["checks"][0]["checked_at"]


def test_blocked_and_errors_never_make_a_link_lost(checked: dict[str, Any]) -> None:
    for path in ("/challenge", "/slow", "/broken", "/live"):
        row = status_of(checked["db"], checked["after_first"][path]["source_url"])
        assert row["status"] != "lost" and len(row["checks"]) == 3


def test_report_shows_changes_and_fails_on_lost(checked: dict[str, Any]) -> None:
    first = checked["report1"]
    kinds = Counter(c["kind"] for c in first["changes"])
    assert kinds["new_live"] == 7  # live, flaky, moved, slash, the two noindex, the comment
    assert first["counts"]["live"] == 4
    report3 = checked["report3"]
    assert report3.returncode == 1
    assert "LOST" in report3.stdout and "/flaky" in report3.stdout


def test_reimport_is_idempotent_and_add_validates(checked: dict[str, Any], web: BacklinkWeb) -> None:
    run = Runner(checked["work"])
    again = run("backlinks", "import", "links.csv")
    assert " 0 added, 0 updated" in again.stdout
    bad = run("backlinks", "add", "example.com/post", MY_SITE, check=False)
    assert bad.returncode == 2 and "no scheme" in bad.stderr
    ftp = run("backlinks", "add", "ftp://example.com/post", MY_SITE, check=False)
    assert ftp.returncode == 2 and "not an http(s) URL" in ftp.stderr
    ok = run("backlinks", "add", web.url("/live"), "my-site.example")
    assert ok.stdout.startswith("added: #")


def test_bad_csv_rows_are_reported_and_the_rest_imported(linktrail: Runner) -> None:
    (linktrail.cwd / "in.csv").write_text(
        "Source,Target,Anchor\n"
        "https://a.example/post,https://me.example/,Me\n"
        "a.example/no-scheme,https://me.example/\n"
        "mailto:x@y.example,https://me.example/\n"
        "https://b.example/post,\n"
        "\"https://c.example/post\",me.example\n"
        "https://a.example/post?utm_source=feed,https://me.example\n",
        encoding="utf-8",
    )
    proc = linktrail("backlinks", "import", "in.csv", check=False)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "in.csv: row 3: source 'a.example/no-scheme' has no scheme (write https://a.example/no-scheme)",
        "in.csv: row 4: source 'mailto:x@y.example' is not an http(s) URL",
        "in.csv: row 5: needs a source URL and a target URL (or domain)",
        "in.csv: row 7: duplicate of row 2, skipped",
    ]
    assert "2 added" in proc.stdout
