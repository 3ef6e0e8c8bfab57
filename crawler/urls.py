"""URL identity: canonical page URLs and the site a URL belongs to."""

from __future__ import annotations

import ipaddress
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

if TYPE_CHECKING:
    import tldextract


@cache
def extractor() -> tldextract.TLDExtract:
    """tldextract with its bundled Public Suffix List only: nothing is fetched, ever. Private suffixes on, so
    x.blogspot.com or x.github.io is a site of its own.

    Made at the first host that is not an address or loopback: tldextract imports requests (for the lists it
    could fetch; ~0.1 s), which every command paid at start-up, `linktrail --help` included."""
    import tldextract  # heavy: it imports requests (~0.1 s)

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


# Hosted-blog platforms whose subdomains are separate blogs but are not PSL private suffixes:
# there the host is the site.
HOSTED_BLOG_DOMAINS = frozenset(
    {
        "wordpress.com", "substack.com", "tumblr.com", "medium.com", "typepad.com",
        "wixsite.com", "weebly.com", "ghost.io", "hashnode.dev", "livejournal.com",
        "over-blog.com", "squarespace.com", "micro.blog", "bearblog.dev", "write.as",
        "home.blog", "wordpress.org",
    }
)

# Query parameters that say where a click came from, never what the page is.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|_hsenc|_hsmi"
    r"|igshid|ref_src|ref_url|spm|__twitter_impression|_ga|_gl|oly_anon_id|oly_enc_id"
    r"|vero_id|wickedid|replytocom)$",
    re.IGNORECASE,
)

HTTP_SCHEMES = ("http", "https")


def is_http_url(url: str, *, require_host: bool = True) -> bool:
    """True for an absolute http(s) URL (scheme in any case) with a host; ``require_host=False`` checks the scheme only.

    The one answer to "can linktrail fetch this": seeds, targets, feeds, links on a page, rendered hrefs.
    """
    try:
        parts = urlsplit(url)  # lower-cases the scheme; cached by the standard library
    except ValueError:  # a bad IPv6 literal ("http://[x/")
        return False
    return parts.scheme in HTTP_SCHEMES and (not require_host or bool(parts.hostname))


def _drop_tracking(query: str) -> str:
    if not query:
        return query
    kept = [p for p in query.split("&") if p and not TRACKING_PARAMS.match(p.split("=", 1)[0])]
    return "&".join(kept)


@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """The identity of a page: lower-case host, no fragment, no tracking parameters, sorted query.

    Raises:
        ValueError: when ``url`` is not an absolute http(s) URL.
    """
    parts = urlsplit(url.strip())
    if not is_http_url(url.strip()):
        raise ValueError(f"not an http(s) URL: {url!r}")
    path = parts.path or "/"
    cleaned = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, _drop_tracking(parts.query), ""))
    canon = canonicalize_url(cleaned)
    for _ in range(3):
        # w3lib decodes "%%41" to "%A", a new escape its next pass would change again: go on until
        # the URL holds (URLs without a "%" always do).
        if "%" not in canon:
            break
        again = canonicalize_url(canon)
        if again == canon:
            break
        canon = again
    p = urlsplit(canon)
    if (p.scheme, p.port) in (("http", 80), ("https", 443)):  # default ports say nothing
        return urlunsplit((p.scheme, p.hostname or "", p.path, p.query, ""))
    if p.netloc != p.netloc.lower():  # w3lib decoded "%41@" to "A@"
        return urlunsplit((p.scheme, p.netloc.lower(), p.path, p.query, ""))
    return canon


@lru_cache(maxsize=4096)
def is_loopback_host(host: str) -> bool:
    """True for localhost and any address in 127.0.0.0/8 or ::1."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    if not _may_be_ip(host):
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _may_be_ip(host: str) -> bool:
    """False for a host that ``ipaddress.ip_address`` rejects for sure, told without its parse (which raises, ~3 us):
    an IPv4 address ends in a digit, an IPv6 one holds a ":" (tests/test_urls.py holds this to ipaddress)."""
    return ":" in host or host[-1:].isdigit()


def _is_ip(host: str) -> bool:
    host = host.strip("[]")
    if not _may_be_ip(host):
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def site_of(url: str) -> str:
    """The site a URL belongs to (see DESIGN.md, Identity).

    The site depends on the host and port only (medium.com aside): a crawl sees far fewer hosts
    than URLs, so they are what is cached.
    """
    scheme, sep, rest = url.partition("://")
    if sep and scheme in HTTP_SCHEMES:
        site = _site_of_netloc(rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0])
        if site is not None:
            return site
    return _site_of_url(url)


@lru_cache(maxsize=65536)
def _site_of_netloc(netloc: str) -> str | None:
    """The site of every http(s) URL with this netloc, or None when the rest of the URL may matter (medium.com's
    paths) or urlsplit may read the netloc otherwise (user info, backslashes). Cached by the netloc: a look-up,
    not the tests and the URL to build, for each of a page's links (0.7 -> 0.4 us)."""
    if netloc and "@" not in netloc and "\\" not in netloc and "medium.com" not in netloc.lower():
        return _site_of_url.__wrapped__(f"http://{netloc}/")  # cached here, by the netloc
    return None


@lru_cache(maxsize=65536)
def _site_of_url(url: str) -> str:
    """The site a URL belongs to (see DESIGN.md, Identity).

    The registered domain (``blog.example.co.uk`` -> ``example.co.uk``), except: on hosted-blog
    platforms the host is the site (``anna.wordpress.com``), medium.com/@user is its own site,
    and an IP address or a loopback host keeps its port (``127.0.0.1:8081``), so that every
    server of the sample web and the tests is a site of its own.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return ""
    if _is_ip(host) or is_loopback_host(host):
        return f"{host}:{parts.port}" if parts.port else host
    ext = extractor()(host)
    registered = ext.top_domain_under_public_suffix or host
    if registered in HOSTED_BLOG_DOMAINS and host not in (registered, f"www.{registered}"):
        return host
    if registered == "medium.com":
        first = parts.path.split("/", 2)[1] if parts.path.count("/") >= 1 else ""
        if first.startswith("@"):
            return f"medium.com/{first.lower()}"
    return registered


def host_port(url: str) -> str:
    """``host`` or ``host:port`` of a URL, lower-cased: the key Scrapy would use, plus the port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host
