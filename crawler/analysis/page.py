"""The page analysis itself: (url, html[, headers]) -> PageFacts, parsing each page once (crawler.analysis.analyse)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from ahocorasick_rs import BytesAhoCorasick, Implementation
from selectolax.lexbor import LexborHTMLParser

from crawler import clock

from .comments import analyse_comments
from .contacts import find_contacts
from .document import Document
from .encoding import binary_kind, decode_source
from .facts import CommentFacts, Contact, GuestPostFacts, HealthFacts, Link, PageFacts, PostFacts
from .guestposts import analyse_guest_posts
from .health import analyse_health
from .links import extract_links, resolve
from .platform import detect_platform
from .post import analyse_post
from .rules.screen import LONG_VALUE, SRCDOC_ANY_CASE, long_srcdoc_values, without

__all__ = ["analyse"]

logger = logging.getLogger(__name__)

MAX_HTML_CHARS = 4_000_000  # larger pages are cut here (a blog post is far smaller)
# Lexbor's cost grows with the square of block nesting depth (each new <div> scans the stack
# of open elements): 16k nested divs take 0.3 s, 100k take 20 s. Pages nested deeper than
# this are cut where they cross it.
MAX_BLOCK_DEPTH = 3000
# Cheap test first: with fewer unclosed-or-closed start tags than this no nesting can be deep.
DEPTH_CHECK_TAGS = 6000
BLOCK_TAG = re.compile(
    r"<(/?)(div|ul|ol|dl|section|article|aside|nav|header|footer|main|blockquote|fieldset|"
    r"figure|details|center|form|menu|dir|address|hgroup|dialog|summary|figcaption|table)\b",
    re.IGNORECASE,
)

BLOCK_NAMES = tuple(BLOCK_TAG.pattern.split("(", 2)[2].split(")", 1)[0].split("|"))
# BLOCK_TAG's opening tags, in lower-cased ASCII bytes: no case folding, so a scan is ~10x faster. Counted by
# Aho-Corasick (0.2 ms on a 330 KB page of 19,000 tags, where a regex's findall of them took 0.74 ms: it tries the
# names at every "<"). Each occurrence starts at a "<" and holds no other, and no name is a prefix of another, so
# occurrences never overlap and the search finds each once.
BLOCK_OPENS = BytesAhoCorasick([b"<" + name.encode() for name in BLOCK_NAMES], implementation=Implementation.DFA)
# Characters that re.IGNORECASE matches to an ASCII letter of a block tag's name (long s, Kelvin sign,
# dotted and dotless i): on a page holding one, the opening tags are counted by BLOCK_TAG itself.
FOLDS_TO_ASCII = ("\u017f", "\u212a", "\u0130", "\u0131")

# The ASCII characters str.isspace counts (str.strip strips): bytes.strip leaves \x1c-\x1f.
LEADING_SPACE = re.compile(rb"[\t\n\x0b\x0c\r\x1c-\x1f ]*")

T = TypeVar("T")


def _depth_cut(html: str, utf8: bytes | None = None, tags: int | None = None) -> int | None:
    """The offset where block nesting first exceeds MAX_BLOCK_DEPTH, if it does (`utf8`: the text's UTF-8 if the
    caller has it: the page's bytes, when they were strict UTF-8; `tags`: the count of "<" in it, if counted)."""
    if tags is None:
        tags = html.count("<")  # ~0.4 ns a character: count once, the common case stops here
    if tags < DEPTH_CHECK_TAGS or (tags < 4 * DEPTH_CHECK_TAGS and tags - html.count("</") < DEPTH_CHECK_TAGS):
        return None
    # Nesting is never deeper than the page opens block tags: first that upper bound, from a scan of the
    # page as lower-cased ASCII bytes (BLOCK_TAG's case-folding scan cost 12 ms on a 330 KB page of
    # 19,000 tags, 800 of them block tags; this 0.45 ms). Each opening tag BLOCK_TAG finds is "<" and
    # its name in ASCII letters, so it is still there once the other characters are dropped, and in the
    # text's UTF-8 as it is: lower-casing that costs 0.15 ms on a 330 KB page, dropping the other characters
    # first 0.6 (0.2 and 1.3 on a 490 KB page). (The folding characters are looked for in the text: no scan
    # at all when it holds no character past Latin-1, 0.3 ms each in the bytes.)
    if not any(c in html for c in FOLDS_TO_ASCII):
        scanned = html.encode("ascii", "ignore") if utf8 is None else utf8
        if len(BLOCK_OPENS.find_matches_as_indexes(scanned.lower())) <= MAX_BLOCK_DEPTH:
            return None
    depth = 0
    for match in BLOCK_TAG.finditer(html):
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > MAX_BLOCK_DEPTH:
                return match.start()
    return None


def _prepare(html: bytes | str, headers: Mapping[str, str],
             warnings: list[str]) -> tuple[str | None, bytes | None] | None:
    """(text to parse, its UTF-8 when the input was those very bytes), or None when the input is not HTML at all.
    The text is None when the bytes are strict UTF-8 that no check here changes: the parser and the screen read the
    bytes, and the Document decodes the text only if an analyser reads it."""
    source, tags = None, None
    if isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)
        kind = binary_kind(data)
        if kind is not None:
            warnings.append(f"binary_content:{kind}")
            return None
        if len(data) > MAX_HTML_CHARS * 4:
            data = data[: MAX_HTML_CHARS * 4]
        tags = data.count(b"<")  # as many as in the text when that is these bytes read as UTF-8: counted once
        # The text of strict UTF-8 bytes is left undecoded unless a check below may change it: it may be longer than
        # MAX_HTML_CHARS (never more characters than bytes), hold a NUL (then so do its bytes), or have as many "<"
        # as `_depth_cut` reads further for.
        lazily = not (len(data) > MAX_HTML_CHARS or b"\x00" in data or tags >= DEPTH_CHECK_TAGS)
        decoded, notes, strict_utf8 = decode_source(data, headers, lazily=lazily)
        warnings.extend(notes)
        if decoded is None:
            return None, data
        text, source = decoded, (data if strict_utf8 else None)
    elif isinstance(html, str):
        text = html
    else:
        warnings.append(f"not_html:{type(html).__name__}")
        return None
    if len(text) > MAX_HTML_CHARS:
        warnings.append(f"html_truncated:{len(text)}>{MAX_HTML_CHARS}")
        text, source = text[:MAX_HTML_CHARS], None
    # NUL looked for in the bytes when they are the text's UTF-8 (no other character's UTF-8 holds a zero byte):
    # memchr, ~0.15x the time of a scan of the text, which on most real pages is two or four bytes a character
    if (b"\x00" in source) if source is not None else ("\x00" in text):
        text, source = text.replace("\x00", "\ufffd"), None
    cut = _depth_cut(text, source, tags if source is not None else None)
    if cut is not None:
        warnings.append(f"nesting_too_deep:cut_at_{cut}>{MAX_BLOCK_DEPTH}")
        text, source = text[:cut], None
    return text, source


def _blank(page: str | bytes) -> bool:
    """Whether the text is all whitespace (``not text.strip()``), from the text or its strict UTF-8: the bytes read up
    to the first that is not ASCII whitespace, and decoded only if that one is not ASCII."""
    if isinstance(page, str):
        return not page or page.isspace()  # no stripped copy of a long page
    first = LEADING_SPACE.match(page).end()  # type: ignore[union-attr]  # it matches the empty string
    return first == len(page) or (page[first] >= 0x80 and page.decode().isspace())


def _parse(text: str | bytes) -> LexborHTMLParser:
    """The page's tree; from its bytes when they are the text's very UTF-8 (lexbor reads UTF-8: parsing those is
    ~25% cheaper than parsing the text, which selectolax encodes first)."""
    try:
        return LexborHTMLParser(text)
    except (UnicodeEncodeError, ValueError):
        # lone surrogates and the like: replace what UTF-8 cannot carry (bytes are strict UTF-8: read as they are)
        page = text if isinstance(text, str) else text.decode("utf-8", "replace")
        return LexborHTMLParser(page.encode("utf-8", "replace").decode("utf-8"))


def _parse_page(page: str | bytes) -> LexborHTMLParser:
    """`_parse`; a page of bytes with long srcdoc values (an iframe's whole document) is parsed with them emptied:
    no analyser reads one (nor a selector: rules/screen.py), and parsing the eight 149 KB values of a 1.4 MB page
    took 1.9 of its 2.6 ms. Kept when each "srcdoc" of the emptied page names one of its tree's srcdoc attributes:
    then each emptied value was an attribute's quoted value, read as the tokenizer read the rest (else parsed whole).
    (Only values after a lower-case "srcdoc" are emptied; the check counts all spellings.)"""
    if isinstance(page, bytes) and len(page) > LONG_VALUE:
        _, values = long_srcdoc_values(page)
        if values:
            emptied = without(page, values)
            tree = _parse(emptied)
            if len(SRCDOC_ANY_CASE.find_matches_as_indexes(emptied)) == len(tree.css("[srcdoc]")):
                return tree
    return _parse(page)


def _normalise_headers(headers: Mapping[str, object] | None) -> dict[str, str]:
    """Header names lower-cased; bytes and lists (Scrapy's Headers) flattened to text."""
    result: dict[str, str] = {}
    if not headers:
        return result
    try:
        items = list(headers.items())
    except Exception:  # noqa: BLE001 - analysis never raises: odd header objects mean no headers
        return result
    for key, value in items:
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if isinstance(value, (list, tuple)):
            value = value[0] if value else ""
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        result[name.lower()] = text
    return result


def _guard(doc: Document, name: str, default: T, func: Callable[[], T]) -> T:
    """Run one analyser; on an unexpected error keep its default and leave a warning."""
    try:
        return func()
    except Exception as exc:
        logger.debug("analysis %s failed on %s", name, doc.url, exc_info=True)
        doc.warnings.append(f"analyser_failed:{name}:{type(exc).__name__}")
        return default


def analyse(
    url: str,
    html: bytes | str,
    headers: Mapping[str, str] | None = None,
    *,
    site_of: Callable[[str], str] | None = None,
    today: date | None = None,
) -> PageFacts:
    """Everything linktrail reads from one page. Never raises.

    Args:
        url: the page's URL (after redirects).
        html: the body, as bytes (decoded by charset from headers or meta) or text.
        headers: response headers (any case); used for charset and platform signals.
        site_of: names the site of a URL, to tell external links; defaults to host[:port].
        today: the reference date for comment auto-close windows; defaults to today.
    """
    warnings: list[str] = []
    try:
        head = _normalise_headers(headers)
        prepared = _prepare(html, head, warnings)
        if prepared is None:
            return PageFacts(url=url, warnings=tuple(warnings))
        text, source = prepared
        page = text if source is None else source  # its bytes when they are its UTF-8: then the text may be undecoded
        assert page is not None  # _prepare leaves the text undecoded only with its bytes
        if _blank(page):
            warnings.append("empty_document")
            return PageFacts(url=url, warnings=tuple(warnings))
        tree = _parse_page(page)
        doc = Document(url, text, tree, head, today or clock.today(), site_of, source)
        doc.warnings = warnings
        return _analyse(doc)
    except Exception as exc:
        logger.debug("analysis failed on %s", url, exc_info=True)
        warnings.append(f"analysis_failed:{type(exc).__name__}")
        return PageFacts(url=url, warnings=tuple(warnings))


def _analyse(doc: Document) -> PageFacts:
    no_rules: tuple[str, ...] = ()
    no_links: tuple[tuple[Link, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())
    no_contacts: tuple[Contact, ...] = ()
    platform, platform_rules = _guard(doc, "platform", ("unknown", no_rules),
                                      lambda: detect_platform(doc))
    links, feeds, sitemaps = _guard(doc, "links", no_links, lambda: extract_links(doc))
    post = _guard(doc, "post", PostFacts(), lambda: analyse_post(doc))
    comments = _guard(doc, "comments", CommentFacts(),
                      lambda: analyse_comments(doc, post.published, platform))
    contacts = _guard(doc, "contacts", no_contacts, lambda: find_contacts(doc))
    guest = _guard(doc, "guest_posts", GuestPostFacts(contacts=contacts),
                   lambda: analyse_guest_posts(doc, links, contacts))
    health = _guard(doc, "health", HealthFacts(), lambda: analyse_health(doc))
    canonical = _guard(doc, "canonical", None, lambda: _canonical(doc))
    if platform == "unknown" and (health.parked or health.default_page):
        # a parking service or a bare web server built it: a platform, just not a blog's
        platform, platform_rules = "other", ("health:parked_or_default",)
    return PageFacts(
        url=doc.url,
        canonical=canonical,
        platform=platform,
        platform_rules=platform_rules,
        comments=comments,
        guest_post=guest,
        post=post,
        health=health,
        links=links,
        feeds=feeds,
        sitemaps=sitemaps,
        warnings=tuple(doc.warnings),
    )


def _canonical(doc: Document) -> str | None:
    found = doc.link_hrefs("canonical")
    if not found:
        return None
    return resolve(doc.base_url, found[0][0])
