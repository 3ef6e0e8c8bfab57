"""URL identity: canonical URLs and sites (DESIGN.md, Identity)."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.urls import canonical_url, is_http_url, is_loopback_host, site_of


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://Blog.Example.COM/Post?b=2&a=1#comments", "http://blog.example.com/Post?a=1&b=2"),
        ("https://example.com/p/?utm_source=x&utm_medium=y&id=3", "https://example.com/p/?id=3"),
        ("https://example.com/p/?fbclid=abc&gclid=def", "https://example.com/p/"),
        ("http://example.com", "http://example.com/"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://127.0.0.1:8081/x/", "http://127.0.0.1:8081/x/"),
        ("http://example.com/a/../b/./c", "http://example.com/b/c"),
        ("http://example.com/caf%c3%a9", "http://example.com/caf%C3%A9"),
        ("http://example.com/?replytocom=5", "http://example.com/"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
    # The discover spider skips a link that is itself a seen canonical URL (crawler/spiders/discover.py).
    assert canonical_url(canonical) == canonical


URL_PART = st.lists(st.sampled_from(list("aZ09-._~%/?&=#:@!$'()*+,; é") + ["%41", "%e9", "utm_source=x", "../"]),
                    max_size=20).map("".join)


@settings(max_examples=500)
@given(URL_PART, URL_PART)
def test_canonical_url_is_idempotent(host: str, rest: str) -> None:
    try:
        once = canonical_url(f"http://{host or 'h'}.example/{rest}")
    except ValueError:
        return
    assert canonical_url(once) == once


@pytest.mark.parametrize("url", ["mailto:a@b.c", "ftp://example.com/", "/relative", "javascript:void(0)", "http:///x"])
def test_canonical_url_refuses_non_http(url: str) -> None:
    with pytest.raises(ValueError, match="not an http"):
        canonical_url(url)


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("http://www.example.com/a", "example.com"),
        ("http://blog.example.co.uk/", "example.co.uk"),
        ("http://anna.blogspot.com/2020/01/x.html", "anna.blogspot.com"),  # PSL private suffix
        ("http://bob.github.io/", "bob.github.io"),
        ("https://anna.wordpress.com/x", "anna.wordpress.com"),  # hosted blog, not in the PSL
        ("https://wordpress.com/", "wordpress.com"),
        ("https://jim.substack.com/p/hello", "jim.substack.com"),
        ("https://medium.com/@bob/post-1", "medium.com/@bob"),
        ("https://medium.com/topic/x", "medium.com"),
        ("http://127.0.0.1:8081/p/", "127.0.0.1:8081"),
        ("http://127.0.0.1:8082/p/", "127.0.0.1:8082"),
        ("http://localhost:9000/", "localhost:9000"),
        ("http://[::1]:9000/", "::1:9000"),
        ("http://10.1.2.3/", "10.1.2.3"),
    ],
)
def test_site_of(url: str, site: str) -> None:
    assert site_of(url) == site


def test_site_of_never_fetches_the_suffix_list(monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler import urls

    assert urls.extractor().suffix_list_urls == ()
    assert site_of("http://foo.some-new-domain.com/") == "some-new-domain.com"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("localhost", True),
     ("10.0.0.1", False), ("example.com", False), ("192.168.1.1", False)],
)
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


HOSTS = st.sampled_from([
    "blog.example.co.uk", "WWW.Example.com", "anna.wordpress.com", "127.0.0.1:8081", "127.0.0.1:80",
    "localhost:9", "[::1]:8080", "medium.com", "Medium.com", "x.medium.com", "user:pw@host.example",
    "a.blogspot.com.", "10.0.0.1", "host.example:notaport", "", "xn--bcher-kva.example",
])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["http", "https", "HTTP", "ftp"]), HOSTS,
       st.sampled_from(["", "/", "/@anna/post", "?q=1", "#top", "/a/b?c#d", "\\\\x"]))
def test_site_of_by_host_is_site_of_by_url(scheme: str, host: str, rest: str) -> None:
    """site_of caches by host; it must name the same site as reading the whole URL does."""
    from crawler.urls import _site_of_url

    url = f"{scheme}://{host}{rest}"
    try:
        expected: str | type[Exception] = _site_of_url(url)
    except ValueError:
        expected = ValueError
    try:
        got: str | type[Exception] = site_of(url)
    except ValueError:
        got = ValueError
    assert got == expected


@pytest.mark.parametrize("rest", ["%%41a", "%%34%31x", "a%%41%%42"])
def test_an_escape_that_decoding_makes_is_canonical_at_once(rest: str) -> None:
    once = canonical_url(f"http://h.example/{rest}")
    assert canonical_url(once) == once


@pytest.mark.parametrize(("url", "with_host", "scheme_only"), [
    ("https://example.com/", True, True),
    ("HTTP://Example.com/a?b", True, True),
    ("http://127.0.0.1:8090/", True, True),
    ("https://", False, True),  # an http(s) scheme, no host
    ("http:///x", False, True),
    ("http:foo", False, True),
    ("ftp://example.com/", False, False),
    ("javascript:alert(1)", False, False),
    ("mailto:me@example.com", False, False),
    ("example.com/page", False, False),
    ("/relative/path", False, False),
    ("", False, False),
    ("http://[bad/", False, False),  # urlsplit raises on a bad IPv6 literal: not a URL
])
def test_is_http_url(url: str, with_host: bool, scheme_only: bool) -> None:
    assert is_http_url(url) is with_host
    assert is_http_url(url, require_host=False) is scheme_only



def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


IP_PARTS = st.sampled_from(["1", "12", "255", "256", "0x1", ".", ":", "::", "%", "eth0", "a", "f", "[", "]", " ",
                            "\u0661", "localhost", "/", "1.2.3.4", "::ffff:", "Localhost"])


@settings(max_examples=600, deadline=None)
@given(st.lists(IP_PARTS, max_size=8).map("".join))
def test_only_a_host_that_may_be_an_ip_is_parsed_as_one(host: str) -> None:
    """_may_be_ip screens hosts before ipaddress parses them: _is_ip and is_loopback_host answer as the parse does."""
    from crawler.urls import _is_ip, _may_be_ip

    bare = host.strip("[]").lower()
    assert _is_ip(host) is (_ip(host.strip("[]")) is not None)
    if _ip(bare) is not None:
        assert _may_be_ip(bare)
    loopback = bare == "localhost" or bare.endswith(".localhost") or getattr(_ip(bare), "is_loopback", False)
    assert is_loopback_host.__wrapped__(host) is loopback  # type: ignore[attr-defined]


@pytest.mark.parametrize("host", ["1.2.3.4", "::1", "[::1]", "fe80::1%eth0", "::ffff:1.2.3.4", "0.0.0.0", "10.0.0.1"])
def test_addresses_pass_the_screen(host: str) -> None:
    from crawler.urls import _is_ip

    assert _is_ip(host)
