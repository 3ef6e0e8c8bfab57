"""Find the links a page holds to an expected target and say where they sit: pure, no network."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.urls import TRACKING_PARAMS, is_http_url

# --------------------------------------------------------------------------------------------
# Vocabularies.
# What one check of a source page says (the backlink's status may then become `lost`).
OBSERVED = (
    "live", "missing", "wrong_target", "redirected_source", "noindex", "not_found",
    "blocked", "error", "robots_blocked",
)
# Observations that say nothing about the link: they never count as a miss.
NO_VERDICT = frozenset({"blocked", "error", "robots_blocked"})
# Observations with the link present.
FOUND = frozenset({"live", "noindex", "redirected_source"})
PLACEMENTS = ("content", "comments", "sidebar", "footer", "nav")
REL_FLAGS = ("nofollow", "ugc", "sponsored")

# --------------------------------------------------------------------------------------------
# Where a link sits: class and id tokens of its ancestors, nearest first.
COMMENT_TOKEN = re.compile(
    r"^(comments?|commentlist|comment-list|comments-area|comments-section|comment-body"
    r"|comment-content|comment-author|comment-meta|comment-respond|respond|disqus_thread"
    r"|comment-\d+|li-comment-\d+|wp-block-comments?|wp-block-comment-template"
    r"|wp-block-comment-author-name|wp-block-comment-content|vcard-comment)$"
)
SIDEBAR_TOKEN = re.compile(r"^(sidebar|secondary|widget|widget-area|widgets|blogroll|sidebar-\w+)$")
FOOTER_TOKEN = re.compile(r"^(footer|site-footer|page-footer|colophon|site-info)$")
NAV_TOKEN = re.compile(r"^(nav|navigation|menu|main-navigation|site-navigation|navbar|primary-menu)$")
CONTENT_TAGS = frozenset({"article", "main"})

# Hrefs that lead to no page.
SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "ftp:", "file:", "#")

# --------------------------------------------------------------------------------------------
# Challenge pages: a 403 or 503 carrying one of these is a block, not an answer.
# (name, where, pattern): where is "header" (one "name: value" line, name lower-cased) or "html".
CHALLENGE_RULES: tuple[tuple[str, str, str], ...] = (
    ("cloudflare_mitigated", "header", r"^cf-mitigated:\s*challenge"),
    ("cloudflare_challenge", "html", r"cf-chl-|/cdn-cgi/challenge-platform|cf_chl_opt|cf-browser-verification"),
    ("cloudflare_attention", "html", r"Attention Required! \| Cloudflare"),
    ("just_a_moment", "html", r"<title>\s*Just a moment"),
    ("captcha", "html", (r"g-recaptcha|h-captcha|hcaptcha\.com|challenges\.cloudflare\.com/turnstile"
                         r"|captcha-delivery\.com|px-captcha|/captcha\b")),
    ("datadome", "header", r"^(x-datadome|x-dd-b):"),
    ("ddos_guard", "html", r"DDoS[- ]Guard|DDoS protection by"),
    ("incapsula", "html", r"_Incapsula_Resource|Incapsula incident"),
    ("sucuri", "html", r"Sucuri WebSite Firewall"),
    ("akamai", "html", r"Reference&#32;&#35;[0-9a-f.]+"),
    ("human_check", "html", (r"verify (that )?you are (a )?human|are you a robot|checking your browser"
                             r"|unusual traffic from your|enable javascript and cookies to continue")),
)
_CHALLENGE = tuple((name, where, re.compile(p, re.IGNORECASE | re.MULTILINE)) for name, where, p in CHALLENGE_RULES)
CHALLENGE_SCAN_BYTES = 32_000  # challenge pages are small; their markers sit near the top

# Robots directives that keep a page out of search indexes.
NOINDEX_TOKENS = frozenset({"noindex", "none"})
ROBOTS_DIRECTIVES = frozenset({
    "all", "noindex", "nofollow", "none", "noarchive", "nosnippet", "notranslate", "noimageindex",
    "unavailable_after", "max-snippet", "max-image-preview", "max-video-preview", "indexifembedded",
})


class TargetError(ValueError):
    """A target (or a source) that linktrail cannot check; the message says why in a few words."""


@dataclass(frozen=True, slots=True)
class Target:
    """What a backlink should point to: one page, or any page of a host (a domain target)."""

    raw: str
    host: str  # ASCII (punycode), lower-case, without "www."
    port: int | None  # a non-default port, else None
    path: str | None  # normalised path and query; None for a domain target
    unicode_host: str  # the same host in Unicode, to spot it in raw hrefs

    @property
    def is_domain(self) -> bool:
        return self.path is None


@dataclass(frozen=True, slots=True)
class FoundLink:
    """One link on the page that points to the target's host."""

    url: str
    anchor: str
    rel: tuple[str, ...]
    placement: str  # one of PLACEMENTS
    image: bool
    exact: bool  # points to the expected page (always true for a domain target)

    @property
    def followed(self) -> bool:
        """No nofollow, ugc or sponsored: the link passes value."""
        return not any(flag in self.rel for flag in REL_FLAGS)


@dataclass(frozen=True, slots=True)
class LinkReport:
    """The links one page holds to one target: exact matches best first, then other pages of its site."""

    target: Target
    links: tuple[FoundLink, ...]
    site_links: tuple[FoundLink, ...]

    @property
    def best(self) -> FoundLink | None:
        return self.links[0] if self.links else None


@dataclass(frozen=True, slots=True)
class PageScan:
    """What one parse of a source page says: noindex, and the links to each target."""

    base_url: str
    noindex: str | None  # the rule that fired ("meta robots", "x-robots-tag"), None if indexable
    reports: tuple[LinkReport, ...]


@dataclass(frozen=True, slots=True)
class Observation:
    """The verdict of one check: an OBSERVED status, with the reason a person reads."""

    status: str
    reason: str = ""
    found: bool = False


# --------------------------------------------------------------------------------------------
# URL identity for link matching: scheme ignored, www ignored, IDN folded, trailing slash and
# tracking parameters dropped, query sorted.

@lru_cache(maxsize=16384)
def norm_host(host: str) -> str:
    """ASCII, lower-case host without a trailing dot or a leading "www."."""
    host = host.strip().rstrip(".").lower()
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return host.removeprefix("www.")


def _unicode_host(host: str) -> str:
    if "xn--" not in host:
        return host
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def norm_path(path: str, query: str) -> str:
    """Path and query as a key: percent-encoding normalised, no trailing slash, no tracking, sorted."""
    path = quote(unquote(path), safe=_PATH_SAFE + "%").rstrip("/")
    if query:
        params = sorted(p for p in query.split("&") if p and not TRACKING_PARAMS.match(p.split("=", 1)[0]))
        if params:
            return f"{path}?{'&'.join(params)}"
    return path


def _port(scheme: str, port: int | None) -> int | None:
    if port is None or (port == 80 and scheme in ("http", "")) or (port == 443 and scheme == "https"):
        return None
    return port


_DOMAIN = re.compile(r"^[^\s/?#@:]+(:\d{1,5})?/?$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+-]*:(?!\d)")  # "mailto:", "ftp:"; not "host:8080"


def _other_scheme(raw: str) -> bool:
    return "://" not in raw and bool(_SCHEME.match(raw))


def parse_target(value: str) -> Target:
    """A Target from a URL (one page) or a bare domain such as ``example.com`` (any page of it).

    Raises:
        TargetError: an empty value, a scheme other than http(s), or a path without a scheme.
    """
    raw = value.strip()
    if not raw:
        raise TargetError("empty target")
    if _other_scheme(raw):
        raise TargetError(f"{raw!r} is not an http(s) URL")
    if "://" in raw:
        parts = urlsplit(raw)
        if not is_http_url(raw, require_host=False):
            raise TargetError(f"{raw!r} is not an http(s) URL")
        try:
            port = parts.port
        except ValueError:
            raise TargetError(f"{raw!r} has a bad port") from None
        if not parts.hostname:
            raise TargetError(f"{raw!r} has no host")
        host = norm_host(parts.hostname)
        return Target(raw, host, _port(parts.scheme.lower(), port), norm_path(parts.path, parts.query),
                      _unicode_host(host))
    if not _DOMAIN.match(raw) or ("." not in raw and not raw.lower().startswith("localhost")):
        raise TargetError(f"{raw!r} has no scheme (write https://{raw})")
    parts = urlsplit("http://" + raw)
    try:
        port = parts.port
    except ValueError:
        raise TargetError(f"{raw!r} has a bad port") from None
    host = norm_host(parts.hostname or "")
    if not host:
        raise TargetError(f"{raw!r} has no host")
    return Target(raw, host, _port("http", port), None, _unicode_host(host))


def check_source(url: str) -> str:
    """The source URL stripped, or TargetError saying why linktrail cannot fetch it."""
    raw = url.strip()
    if not raw:
        raise TargetError("empty source URL")
    if _other_scheme(raw):
        raise TargetError(f"{raw!r} is not an http(s) URL")
    if "://" not in raw:
        raise TargetError(f"{raw!r} has no scheme (write https://{raw})")
    parts = urlsplit(raw)
    if not is_http_url(raw, require_host=False):
        raise TargetError(f"{raw!r} is not an http(s) URL")
    if not parts.hostname:
        raise TargetError(f"{raw!r} has no host")
    return raw


def page_key(url: str) -> tuple[str, int | None, str]:
    """A page's identity for "did the source move?": host, port and path key, scheme ignored."""
    parts = urlsplit(url)
    return (norm_host(parts.hostname or ""), _port(parts.scheme, parts.port), norm_path(parts.path, parts.query))


def moved(source: str, final: str) -> bool:
    """True when a redirect led to another page (not just http->https, www or a trailing slash)."""
    try:
        return page_key(source) != page_key(final)
    except ValueError:
        return True


# --------------------------------------------------------------------------------------------
# The page.

def _tokens(node: LexborNode) -> list[str]:
    attrs = node.attributes
    tokens = (attrs.get("class") or "").lower().split()
    ident = attrs.get("id")
    if ident:
        tokens.append(ident.lower())
    return tokens


def placement(node: LexborNode) -> str:
    """Where a link sits: comments, sidebar, nav or footer by its nearest telling ancestor; else content.

    A <footer> or <header> inside an <article> or <main> is part of the content.
    """
    tentative: str | None = None
    parent = node.parent
    while parent is not None:
        tag = parent.tag
        if tag in ("body", "html"):
            break
        tokens = _tokens(parent)
        if any(COMMENT_TOKEN.match(t) for t in tokens):
            return "comments"
        if tag == "aside" or any(SIDEBAR_TOKEN.match(t) for t in tokens):
            return "sidebar"
        if tag == "nav" or any(NAV_TOKEN.match(t) for t in tokens):
            return "nav"
        if tag in CONTENT_TAGS or parent.attributes.get("role") == "main":
            return "content"
        if tentative is None and (tag == "footer" or any(FOOTER_TOKEN.match(t) for t in tokens)):
            tentative = "footer"
        elif tentative is None and tag == "header":
            tentative = "nav"
        parent = parent.parent
    return tentative or "content"


def _collapse(text: str) -> str:
    return " ".join(text.split())


def anchor_of(node: LexborNode) -> tuple[str, bool]:
    """(anchor text, is an image link): an image link's anchor is its alt text."""
    text = _collapse(node.text(deep=True, separator=" "))
    img = node.css_first("img")
    if not text and img is not None:
        text = _collapse(img.attributes.get("alt") or "")
    if not text:
        text = _collapse(node.attributes.get("title") or node.attributes.get("aria-label") or "")
    return text[:300], img is not None


def noindex_rule(tree: LexborHTMLParser | None, headers: Mapping[str, str | Sequence[str]]) -> str | None:
    """"x-robots-tag" or "meta robots" when the page asks not to be indexed, else None."""
    for name, value in headers.items():
        if name.lower() != "x-robots-tag":
            continue
        for line in [value] if isinstance(value, str) else value:
            if _has_noindex(line):
                return "x-robots-tag"
    if tree is not None:
        for meta in tree.css("meta[name][content]"):
            name = (meta.attributes.get("name") or "").strip().lower()
            if name in ("robots", "googlebot", "bingbot") and _has_noindex(meta.attributes.get("content") or ""):
                return "meta robots"
    return None


def _has_noindex(value: str) -> bool:
    for token in value.lower().split(","):
        token = token.strip()
        head, sep, tail = token.partition(":")
        if sep and head.strip() not in ROBOTS_DIRECTIVES:
            token = tail.strip()  # "googlebot: noindex"
        if token in NOINDEX_TOKENS:
            return True
    return False


def _base(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first("base[href]")
    if node is not None:
        href = (node.attributes.get("href") or "").strip()
        if href:
            try:
                joined = urljoin(url, href)
            except ValueError:
                return url
            if is_http_url(joined):
                return joined
    return url


def _rank(link: FoundLink, index: int) -> tuple[int, int, int, int]:
    return (not link.exact, not link.followed, PLACEMENTS.index(link.placement), index)


def scan_page(url: str, html: str | bytes, targets: Iterable[Target],
              headers: Mapping[str, str | Sequence[str]] | None = None) -> PageScan:
    """Parse the page once and report, for each target, every link to it and where it sits."""
    targets = tuple(targets)
    tree = LexborHTMLParser(html)
    base = _base(tree, url)
    base_parts = urlsplit(base)
    base_host = (norm_host(base_parts.hostname or ""), _port(base_parts.scheme, base_parts.port))
    by_host: dict[tuple[str, int | None], list[int]] = {}
    for i, t in enumerate(targets):
        by_host.setdefault((t.host, t.port), []).append(i)
    needles = tuple({n for t in targets for n in (t.host, t.unicode_host)})
    relative_counts = base_host in by_host
    found: list[list[tuple[FoundLink, int]]] = [[] for _ in targets]
    for index, node in enumerate(tree.css("a[href], area[href]")):
        href = (node.attributes.get("href") or "").strip()
        if not href:
            continue
        low = href[:2048].lower()
        if low.startswith(SKIPPED_SCHEMES):
            continue
        absolute = low.startswith(("http:", "https:", "//"))
        if absolute:
            if not any(n in low for n in needles):
                continue  # cheap: the target host is not even in the href
        elif not relative_counts:
            continue
        try:
            link_url = urljoin(base, href)
            parts = urlsplit(link_url)
            key = (norm_host(parts.hostname or ""), _port(parts.scheme, parts.port))
        except ValueError:
            continue
        if not is_http_url(link_url) or key not in by_host:
            continue
        path = norm_path(parts.path, parts.query)
        anchor, image = anchor_of(node)
        rel = tuple((node.attributes.get("rel") or "").lower().split())
        where = placement(node)
        for i in by_host[key]:
            target = targets[i]
            exact = target.path is None or target.path == path
            found[i].append((FoundLink(link_url.partition("#")[0], anchor, rel, where, image, exact), index))
    reports = []
    for target, links in zip(targets, found, strict=True):
        ranked = [link for link, _ in sorted(links, key=lambda pair: _rank(*pair))]
        reports.append(LinkReport(target, tuple(x for x in ranked if x.exact),
                                  tuple(x for x in ranked if not x.exact)))
    return PageScan(base, noindex_rule(tree, headers or {}), tuple(reports))


# --------------------------------------------------------------------------------------------
# The verdict.

def challenge_rule(headers: Mapping[str, str | Sequence[str]], body: str) -> str | None:
    """The name of the first challenge rule that fires on a response, else None."""
    lines = []
    for name, value in headers.items():
        for v in [value] if isinstance(value, str) else value:
            lines.append(f"{name.lower()}: {v}")
    header_text = "\n".join(lines)
    head = body[:CHALLENGE_SCAN_BYTES]
    for name, where, pattern in _CHALLENGE:
        if pattern.search(header_text if where == "header" else head):
            return name
    return None


def http_verdict(status: int, headers: Mapping[str, str | Sequence[str]], body: str) -> Observation | None:
    """The verdict for a response that is no readable page (404, a block, an error); None for a 2xx."""
    if 200 <= status < 300:
        return None
    if status in (404, 410):
        return Observation("not_found", f"HTTP {status}")
    if status == 429:
        return Observation("blocked", "HTTP 429 too many requests")
    if status in (403, 503):
        rule = challenge_rule(headers, body)
        if rule:
            return Observation("blocked", f"HTTP {status} challenge page ({rule})")
        return Observation("error", f"HTTP {status}" + (" forbidden" if status == 403 else " unavailable"))
    if 300 <= status < 400:
        return Observation("error", f"HTTP {status} redirect without a usable Location")
    return Observation("error", f"HTTP {status}")


def page_verdict(report: LinkReport, *, noindex: str | None, moved_to: str | None) -> Observation:
    """The verdict for a readable source page, from the links found on it."""
    best = report.best
    if best is not None:
        if noindex:
            return Observation("noindex", f"link present but the page says noindex ({noindex})", True)
        if moved_to:
            return Observation("redirected_source", f"link present on {moved_to}", True)
        return Observation("live", "", True)
    if moved_to:
        return Observation("redirected_source", f"source moved to {moved_to}; no link there")
    if report.site_links:
        return Observation("wrong_target", f"links to {report.site_links[0].url} instead")
    return Observation("missing", "no link to the target")
