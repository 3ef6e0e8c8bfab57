"""One polite GET outside a crawl, against a real server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from crawler.fetch import FetchError, fetch_once
from tests.loopback import refused_port, serve

SEEN: list[dict[str, str]] = []


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        SEEN.append({k: v for k, v in self.headers.items()})
        if self.path == "/gone":
            self.send_error(404, "Not Found")
            return
        if self.path == "/links":
            self.send_response(200)
            self.send_header("Link", "<https://x.example/wp-json/>; rel=\"https://api.w.org/\"")
            self.send_header("Link", "<https://x.example/?p=1>; rel=shortlink")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"x" * 1000
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve(Handler) as base_url:
        yield base_url


def test_body_is_capped_and_the_agent_is_ours(base: str) -> None:
    url, body, headers = fetch_once(base + "/page", agent="linktrail/test (+https://x.example/)",
                                    accept="text/html", max_bytes=100)
    assert url == base + "/page" and body == b"x" * 100
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert SEEN[-1]["User-Agent"] == "linktrail/test (+https://x.example/)" and SEEN[-1]["Accept"] == "text/html"


def test_an_http_error_carries_its_status_and_body(base: str) -> None:
    with pytest.raises(FetchError) as err:
        fetch_once(base + "/gone", agent="a", accept="*/*", max_bytes=1000)
    assert err.value.status == 404 and err.value.reason == "Not Found"
    assert b"Not Found" in err.value.body  # the error page http.server sends


def test_a_repeated_header_gives_its_first_value_as_in_a_crawl(base: str) -> None:
    _, _, headers = fetch_once(base + "/links", agent="a", accept="*/*", max_bytes=10)
    assert headers["link"] == '<https://x.example/wp-json/>; rel="https://api.w.org/"'


def test_an_unreachable_host_has_no_status() -> None:
    with refused_port() as port, pytest.raises(FetchError) as err:
        fetch_once(f"http://127.0.0.1:{port}/", agent="a", accept="*/*", max_bytes=10, timeout=5)
    assert err.value.status is None and "refused" in err.value.reason.lower()
