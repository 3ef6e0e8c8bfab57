"""The one robots.txt rule (crawler/robots.py), and `classify URL` following it as the crawl does."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest
from scrapy.utils.test import get_crawler

from crawler.classify import ClassifyError, classify_source
from crawler.downloadermiddlewares.robotstxt import LinktrailRobotsTxtMiddleware
from crawler.robots import DisallowAll, disallows_all, parse, robots_url
from tests.conftest import Runner
from tests.loopback import refused_port, serve

PAGE = b"<html><head><title>A post</title></head><body><p>Hello.</p></body></html>"


def site(robots_status: int, robots_body: bytes) -> tuple[type[BaseHTTPRequestHandler], list[str]]:
    """A handler serving one robots.txt answer and an HTML page everywhere else, and the paths it was asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            status, body, ctype = ((robots_status, robots_body, "text/plain") if self.path == "/robots.txt"
                                   else (200, PAGE, "text/html; charset=utf-8"))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler, asked


@pytest.mark.parametrize(
    ("status", "disallow"),
    [(200, False), (301, False), (404, False), (410, False), (429, False), (499, False), (500, True), (503, True),
     (599, True), (None, True)],
)
def test_five_hundreds_and_no_answer_disallow_the_whole_site(status: int | None, disallow: bool) -> None:
    assert disallows_all(status) is disallow


def test_robots_url_keeps_scheme_host_and_port() -> None:
    assert robots_url("https://blog.example.com:8443/a/b?c=1#d") == "https://blog.example.com:8443/robots.txt"


def test_parsed_rules_and_disallow_all() -> None:
    rules = parse(b"\xef\xbb\xbfUser-agent: *\nDisallow: /private/\n")  # a BOM, as Scrapy reads it
    assert not rules.allowed("http://x.example/private/a", "linktrail/1")
    assert rules.allowed("http://x.example/public", "linktrail/1")
    assert not DisallowAll().allowed("http://x.example/public", "linktrail/1")


def test_a_site_refused_for_its_robots_txt_keeps_the_reason_given_and_none_by_default() -> None:
    assert DisallowAll("HTTP 503").why == "HTTP 503"
    assert DisallowAll().why == ""  # the refusal then reads "robots.txt unreachable" with no ": reason" after it
    assert DisallowAll().crawl_delay("linktrail/1") is None


def test_classify_refuses_a_page_whose_robots_txt_answers_503() -> None:
    handler, asked = site(503, b"down for maintenance")
    with serve(handler) as base, pytest.raises(ClassifyError) as err:
        classify_source(base + "/post/", contact_url="https://x.example/about")
    message = str(err.value)
    assert message == (f"{base}/post/: {base}/robots.txt: HTTP 503; not fetching it "
                       "(robots.txt unreachable means disallow)")
    assert asked == ["/robots.txt"]  # the page itself was never fetched


def test_classify_refuses_a_page_when_robots_txt_cannot_be_reached() -> None:
    with refused_port() as port, pytest.raises(ClassifyError) as err:
        classify_source(f"http://127.0.0.1:{port}/post/", contact_url="https://x.example/about")
    assert "robots.txt unreachable means disallow" in str(err.value) and "\n" not in str(err.value)


def test_classify_refuses_a_path_robots_txt_disallows() -> None:
    handler, asked = site(200, b"User-agent: *\nDisallow: /private/\n")
    with serve(handler) as base:
        with pytest.raises(ClassifyError) as err:
            classify_source(base + "/private/post/", contact_url="https://x.example/about")
        result = classify_source(base + "/public/post/", contact_url="https://x.example/about")
    assert str(err.value) == f"{base}/private/post/: robots.txt disallows fetching it"
    assert "/private/post/" not in asked and "/public/post/" in asked
    assert result["source"] == base + "/public/post/"


def test_classify_reads_a_page_whose_robots_txt_is_missing() -> None:
    handler, asked = site(404, b"<html><body>Not found</body></html>")
    with serve(handler) as base:
        result = classify_source(base + "/post/", contact_url="https://x.example/about")
    assert result["post"]["title"] == "A post" and asked == ["/robots.txt", "/post/"]


def test_the_command_says_so_in_one_line(linktrail: Runner) -> None:
    handler, _ = site(503, b"")
    with serve(handler) as base:
        proc = linktrail("classify", base + "/post/", check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        f"error: {base}/post/: {base}/robots.txt: HTTP 503; not fetching it (robots.txt unreachable means disallow)"
    ]


def test_the_robots_middleware_cannot_be_switched_off() -> None:
    on = LinktrailRobotsTxtMiddleware.from_crawler(get_crawler(settings_dict={"ROBOTSTXT_OBEY": True}))
    assert isinstance(on, LinktrailRobotsTxtMiddleware)
    with pytest.raises(ValueError, match="ROBOTSTXT_OBEY=False: linktrail always obeys robots.txt"):
        LinktrailRobotsTxtMiddleware.from_crawler(get_crawler(settings_dict={"ROBOTSTXT_OBEY": False}))
