"""Downloader middlewares on their own: Retry-After, the circuit breaker, content types."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Headers, HtmlResponse, Response
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.response import get_meta_refresh
from scrapy.utils.test import get_crawler
from twisted.internet.defer import Deferred

from crawler.clock import retry_after_seconds
from crawler.downloadermiddlewares.contenttype import ContentTypeMiddleware
from crawler.downloadermiddlewares.metarefresh import may_refresh
from crawler.downloadermiddlewares.retryafter import RetryAfterMiddleware
from crawler.downloadermiddlewares.robotstxt import LinktrailRobotsTxtMiddleware
from crawler.downloadermiddlewares.sitebreaker import SiteBreakerMiddleware

NOW = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)


def stats() -> MemoryStatsCollector:
    return MemoryStatsCollector(get_crawler())


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("120", 120.0),
        (b" 5 ", 5.0),
        ("0", 0.0),
        ("Mon, 23 Nov 2026 12:00:30 GMT", 30.0),
        ("Mon, 23 Nov 2026 11:00:00 GMT", 0.0),  # in the past: at once
        ("soon", None),
        ("", None),
        ("-5", None),
    ],
)
def test_retry_after_seconds(value: str | bytes, want: float | None) -> None:
    assert retry_after_seconds(value, now=NOW) == want


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def response(request: Request, status: int, **headers: str) -> Response:
    return Response(request.url, status=status, headers=headers, request=request)


def test_429_with_retry_after_holds_the_site_and_retries() -> None:
    clock, st = Clock(), stats()
    mw = RetryAfterMiddleware(st, max_wait=60, max_times=2, clock=clock)
    req = Request("http://127.0.0.1:8001/p", meta={"download_slot": "127.0.0.1:8001"})
    retry = mw.process_response(req, response(req, 429, **{"Retry-After": "7"}))
    assert isinstance(retry, Request) and retry.url == req.url and retry.meta["retry_after_times"] == 1
    assert mw.hold_until["127.0.0.1:8001"] == 1007.0
    assert st.get_value("linktrail/retry_after/honoured") == 1
    # Another site is not held; the held one is released once the time has passed.
    other = Request("http://127.0.0.1:8002/", meta={"download_slot": "127.0.0.1:8002"})
    assert asyncio.run(mw.process_request(other)) is None
    clock.t = 1008.0
    assert asyncio.run(mw.process_request(req)) is None
    assert "127.0.0.1:8001" not in mw.hold_until


def test_retry_after_gives_up_beyond_the_cap_and_after_max_times() -> None:
    st = stats()
    mw = RetryAfterMiddleware(st, max_wait=60, max_times=1, clock=Clock())
    req = Request("http://127.0.0.1:8001/p")
    with pytest.raises(IgnoreRequest, match="Retry-After"):
        mw.process_response(req, response(req, 503, **{"Retry-After": "3600"}))
    again = Request("http://127.0.0.1:8001/p", meta={"retry_after_times": 1})
    with pytest.raises(IgnoreRequest):
        mw.process_response(again, response(again, 429, **{"Retry-After": "1"}))
    assert st.get_value("linktrail/retry_after/gave_up") == 2


def test_without_retry_after_the_response_goes_on_to_retry_middleware() -> None:
    mw = RetryAfterMiddleware(stats(), clock=Clock())
    req = Request("http://127.0.0.1:8001/p")
    for resp in (response(req, 429), response(req, 500, **{"Retry-After": "1"}), response(req, 200)):
        assert mw.process_response(req, resp) is resp


def test_breaker_opens_after_n_failures_in_a_row_and_resets_on_success() -> None:
    sent: list[dict[str, Any]] = []
    st = stats()
    mw = SiteBreakerMiddleware(st, lambda **kw: sent.append(kw), threshold=3)

    def req(site: str) -> Request:
        return Request(f"http://{site}/x", meta={"download_slot": site})

    mw.process_exception(req("a:1"), ConnectionRefusedError())
    mw.process_response(req("a:1"), response(req("a:1"), 500))
    mw.process_response(req("a:1"), response(req("a:1"), 404))  # a page missing is not a site failing
    mw.process_exception(req("a:1"), TimeoutError())
    mw.process_exception(req("a:1"), IgnoreRequest())  # robots.txt and the like do not count
    mw.process_response(req("a:1"), response(req("a:1"), 503))
    assert not sent
    mw.process_response(req("a:1"), response(req("a:1"), 429))
    assert [s["site"] for s in sent] == ["a:1"] and st.get_value("linktrail/breaker/opened") == 1
    with pytest.raises(IgnoreRequest, match="circuit breaker"):
        mw.process_request(req("a:1"))
    assert mw.process_request(req("b:2")) is None
    mw.process_exception(req("a:1"), TimeoutError())
    assert len(sent) == 1  # opened once


@pytest.mark.parametrize(
    ("ctype", "skipped"),
    [
        (b"text/html; charset=utf-8", None), (b"application/xhtml+xml", None), (b"application/rss+xml", None),
        (b"application/atom+xml", None), (b"text/xml", None), (b"application/xml", None),
        (b"text/x-opml", None), (b"application/vnd.custom+xml", None), (None, None), (b"", None),
        (b"application/pdf", "application/pdf"), (b"image/jpeg", "image/jpeg"),
        (b"application/octet-stream", "application/octet-stream"), (b"video/mp4; codecs=x", "video/mp4"),
        (b"APPLICATION/ZIP", "application/zip"),
    ],
)
def test_content_types(ctype: bytes | None, skipped: str | None) -> None:
    assert ContentTypeMiddleware(stats()).unwanted(ctype) == skipped


def test_unwanted_downloads_stop_at_their_headers_but_robots_txt_passes() -> None:
    st = stats()
    mw = ContentTypeMiddleware(st)
    pdf = Headers({"Content-Type": "application/pdf"})
    with pytest.raises(StopDownload):
        mw.headers_received(pdf, 10_000_000, Request("http://127.0.0.1:1/file"), None)
    assert st.get_value("linktrail/skipped/content_type/application_pdf") == 1
    robots = Request("http://127.0.0.1:1/robots.txt", meta={"linktrail_robots": True})
    assert mw.headers_received(pdf, 10, robots, None) is None
    html = HtmlResponse("http://127.0.0.1:1/", body=b"<p>x", headers={"Content-Type": "text/html"})
    assert mw.process_response(Request("http://127.0.0.1:1/"), html) is html


def test_every_request_waiting_on_robots_txt_gets_the_parser() -> None:
    """Scrapy 2.19's robot_parser awaits one shared Deferred per site; awaiting it consumes its
    result, so all but the first request waiting while robots.txt downloads got None and were
    fetched unchecked. Each waiter must get the parser."""
    mw = LinktrailRobotsTxtMiddleware(get_crawler(Spider, {"ROBOTSTXT_OBEY": True}))
    parser = object()

    async def three_requests_then_robots_txt_arrives() -> list[object]:
        pending: Deferred[object] = Deferred()
        mw._parsers["127.0.0.1:1"] = pending
        waiting = [
            asyncio.ensure_future(mw.robot_parser(Request(f"http://127.0.0.1:1{path}")))
            for path in ("/", "/private/a", "/private/b")
        ]
        await asyncio.sleep(0)  # let all three reach the await (one loop turn, not a timing wait)
        pending.callback(parser)
        return list(await asyncio.gather(*waiting))

    assert asyncio.run(three_requests_then_robots_txt_arrives()) == [parser, parser, parser]


@pytest.mark.parametrize(
    ("body", "may"),
    [
        (b'<html><head><meta http-equiv="refresh" content="0; url=/x/"></head>', True),
        (b'<HTML><HEAD><META HTTP-EQUIV="Refresh" CONTENT="5;URL=/x/">', True),
        (b"<html><head><title>A post</title></head><body>" + b"text " * 5000, False),
        ('<meta http-equiv="refresh" content="0;url=/x/">'.encode("utf-16"), True),  # no ASCII bytes to see
        (b"<html>" + b"x" * 20000 + b'<meta http-equiv="refresh" content="0;url=/x/">', False),  # past Scrapy's window
        (b"<html>" + b"x" * 4500 + b'<meta http-equiv="refresh" content="0;url=/x/">', False),  # ASCII: 4,096 bytes
        (("<html>" + "é" * 2000 + '<meta http-equiv="refresh" content="0;url=/x/">').encode(), True),  # 2,006 chars
    ],
)
def test_only_pages_that_may_refresh_go_through_scrapys_meta_refresh(body: bytes, may: bool) -> None:
    assert may_refresh(body) is may
    # Whatever Scrapy's own reading finds, the look at the bytes lets through.
    encoding = "utf-16" if body.startswith(b"\xff\xfe") else "utf-8"
    response = HtmlResponse("http://127.0.0.1/p/", body=body, encoding=encoding)
    if get_meta_refresh(response)[1] is not None:
        assert may_refresh(body)
