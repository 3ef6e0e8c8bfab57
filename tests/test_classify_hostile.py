"""`classify` against servers and files that misbehave: one line, exit 2, no traceback, nothing of theirs printed."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.classify import ClassifyError, classify_source
from tests.conftest import Runner
from tests.loopback import raw_server

NO_ROBOTS = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
Answer = Callable[[socket.socket, bytes, threading.Event], None]


def page_answer(raw: bytes) -> Answer:
    """A site with no robots.txt whose every page is answered with ``raw`` bytes."""
    def answer(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
        conn.sendall(NO_ROBOTS if request.startswith(b"GET /robots.txt ") else raw)
    return answer


with socket.socket() as _s:  # a port nobody listens on, for the ftp:// redirect
    _s.bind(("127.0.0.1", 0))
    FTP_PORT = _s.getsockname()[1]

CASES = {
    "garbage": (b"\x1b]0;owned\x07\x1b[2J GARBAGE\r\n\r\n", "not an HTTP answer (BadStatusLine)"),
    "bad status line": (b"HTTP/1.1 abc \x1b[31mRED\r\n\r\n", "not an HTTP answer (BadStatusLine)"),
    "1 MB header": (b"HTTP/1.1 200 OK\r\nX-Big: " + b"\x1b" * (1024 * 1024) + b"\r\n\r\n",
                    "not an HTTP answer (a header line too long)"),
    "ftp redirect": (f"HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1:{FTP_PORT}/x\r\n\r\n".encode(),
                     "redirected to a non-http(s) URL (ftp:)"),
    "hostile reason": (b"HTTP/1.1 500 \x1b]8;;http://evil/\x07Boom\x1b]8;;\x07\r\nContent-Length: 0\r\n\r\n",
                       "HTTP 500 ]8;;http://evil/ Boom ]8;;"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_classify_says_one_line_and_exits_2(linktrail: Runner, case: str) -> None:
    raw, reason = CASES[case]
    with raw_server(page_answer(raw)) as base:
        proc = linktrail("classify", base + "/post/", check=False, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [f"error: {base}/post/: " + (
        reason if reason.startswith("HTTP") else f"cannot fetch ({reason})")]


def test_a_bad_ipv6_url_is_one_line_everywhere(linktrail: Runner, tmp_path: Path) -> None:
    proc = linktrail("classify", "http://[::1", check=False)
    assert proc.returncode == 2 and proc.stderr.splitlines() == ["error: http://[::1: not a valid http(s) URL"]
    (tmp_path / "seeds.txt").write_text("http://[::1\n", encoding="utf-8")
    proc = linktrail("crawl", "--seeds-file", "seeds.txt", check=False)
    assert "Traceback" not in proc.stderr and proc.returncode == 2
    assert "skipped seeds.txt:1: not an http(s) URL: 'http://[::1'" in proc.stderr.splitlines()
    proc = linktrail("crawl", "http://[::1", check=False)
    assert "Traceback" not in proc.stderr and proc.returncode == 2
    assert "skipped seed #1: not an http(s) URL: 'http://[::1'" in proc.stderr.splitlines()
    assert "seed seed" not in proc.stderr  # the problem names itself: "seed #1" or "FILE:LINE"


@pytest.mark.timeout(30)
def test_a_file_that_never_ends_is_read_to_the_cap(tmp_path: Path) -> None:
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write() -> None:  # more than the cap, then the pipe stays open: reading to the end would block
        with open(fifo, "wb") as pipe:
            pipe.write(b"<title>x</title>" + b" " * 4000)
            pipe.flush()
            stop.wait(30)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        result = classify_source(str(fifo), contact_url="https://x.example/", max_bytes=1000)
    finally:
        stop.set()
    assert result["source"] == str(fifo) and result["post"]["title"] == "x"


def test_a_missing_file_is_one_line() -> None:
    with pytest.raises(ClassifyError, match=r"^nope\.html: cannot read \(No such file or directory\)$"):
        classify_source("nope.html", contact_url="https://x.example/")
