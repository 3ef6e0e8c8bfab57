"""One polite GET outside a crawl, against a real server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from crawler.fetch import FetchError, fetch_once
from tests.loopback import raw_server, refused_port, serve

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


# Servers that misbehave below HTTP: raw sockets on 127.0.0.1. Each drip is bounded (it ends by itself
# after a while), so a fetch without a total deadline ends too, and the test fails instead of hanging.

def _garbage(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
    conn.sendall(b"\x1b]0;owned\x07\x1b[2J GARBAGE-LINE\r\n\r\n")


def _huge_header(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (1024 * 1024) + b"\r\n\r\nhello")


def _header_drip(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for n in range(60):  # a header line every 0.1 s for 6 s, then the end of the headers
        if stop.wait(0.1):
            return
        conn.sendall(b"X-Drip-%d: 1\r\n" % n)
    conn.sendall(b"Content-Length: 2\r\n\r\nok")


def _byte_drip(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + b"X: y\r\n" * 10 + b"\r\nok":
        if stop.wait(0.05):
            return
        conn.sendall(bytes([byte]))


def _endless_body(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    while not stop.is_set():
        conn.sendall(b"x" * 65536)


@pytest.mark.parametrize(("answer", "reason"), [
    (_garbage, "not an HTTP answer (BadStatusLine)"),
    (_huge_header, "not an HTTP answer (a header line too long)"),
    (_header_drip, "no complete answer within 0.5 s"),
    (_byte_drip, "no complete answer within 0.5 s"),
])
@pytest.mark.timeout(30)
def test_a_server_that_misbehaves_ends_the_fetch_by_the_deadline_with_one_reason(
        answer: Callable[[socket.socket, bytes, threading.Event], None], reason: str) -> None:
    with raw_server(answer) as base, pytest.raises(FetchError) as err:
        fetch_once(base + "/", agent="a", accept="*/*", max_bytes=100, timeout=0.5)
    assert err.value.reason == reason and err.value.status is None
    assert "\x1b" not in str(err.value) and "GARBAGE" not in str(err.value)


@pytest.mark.timeout(30)
def test_an_endless_body_is_cut_at_the_cap() -> None:
    with raw_server(_endless_body) as base:
        _, body, _ = fetch_once(base + "/", agent="a", accept="*/*", max_bytes=200_000, timeout=10)
    assert body == b"x" * 200_000


def test_a_redirect_to_ftp_is_refused_without_connecting() -> None:
    with socket.socket() as ftp:
        ftp.bind(("127.0.0.1", 0))
        ftp.listen(1)
        ftp.setblocking(False)
        target = f"ftp://127.0.0.1:{ftp.getsockname()[1]}/file"

        def redirect(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
            conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode())

        with raw_server(redirect) as base, pytest.raises(FetchError) as err:
            fetch_once(base + "/", agent="a", accept="*/*", max_bytes=100, timeout=5)
        assert err.value.reason == "redirected to a non-http(s) URL (ftp:)"
        with pytest.raises(BlockingIOError):
            ftp.accept()  # nobody connected


def test_redirects_to_http_are_followed(base: str) -> None:
    def redirect(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
        conn.sendall(f"HTTP/1.1 301 Moved\r\nLocation: {base}/page\r\nContent-Length: 0\r\n\r\n".encode())

    with raw_server(redirect) as start:
        url, body, _ = fetch_once(start + "/old", agent="a", accept="*/*", max_bytes=10)
    assert url == base + "/page" and body == b"x" * 10
