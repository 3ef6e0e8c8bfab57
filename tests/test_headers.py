"""Header flattening (crawler/headers.py) on Scrapy's Headers, urllib's message and plain dicts."""

from __future__ import annotations

from email.message import Message

from scrapy.http import Headers

from crawler.headers import header_lists, header_text, header_values


def scrapy_headers() -> Headers:
    headers = Headers({"Content-Type": "text/html; charset=utf-8", "X-Powered-By": "PHP/8.2"})
    headers.appendlist("Link", b'<https://x.example/wp-json/>; rel="https://api.w.org/"')
    headers.appendlist("Link", b"<https://x.example/?p=1>; rel=shortlink")
    headers["X-Name"] = "caf\xe9".encode("latin-1")
    return headers


def test_scrapy_headers_flattened() -> None:
    assert header_lists(scrapy_headers()) == {
        "content-type": ["text/html; charset=utf-8"],
        "x-powered-by": ["PHP/8.2"],
        "link": ['<https://x.example/wp-json/>; rel="https://api.w.org/"', "<https://x.example/?p=1>; rel=shortlink"],
        "x-name": ["café"],
    }
    assert header_values(scrapy_headers())["link"] == '<https://x.example/wp-json/>; rel="https://api.w.org/"'


def test_urllib_message_with_a_repeated_name() -> None:
    message = Message()
    message["Content-Type"] = "text/html"
    message["Set-Cookie"] = "a=1"
    message["set-cookie"] = "b=2"
    assert header_lists(message) == {"content-type": ["text/html"], "set-cookie": ["a=1", "b=2"]}
    assert header_values(message) == {"content-type": "text/html", "set-cookie": "a=1"}


def test_plain_dicts_empty_values_and_nothing() -> None:
    assert header_values({"Content-Type": "text/html", "X-Empty": []}) == {"content-type": "text/html"}
    assert header_lists({"X-Empty": []}) == {"x-empty": []}
    assert header_lists(None) == {} and header_values({}) == {}
    assert header_text(b"caf\xe9") == "café" and header_text("text") == "text"
