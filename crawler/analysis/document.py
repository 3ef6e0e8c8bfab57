"""One parsed page and what several analysers read from it, each computed once on demand."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import cache, cached_property
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .rules import FOREIGN_STARTS, LONG_SCRIPTS, SCREEN, SCRIPT_LITERALS, Rule, matches, regex, table_leads
from .rules.comments import COMMENT_AREA_SELECTOR, COMMENTER_LINK_SELECTOR
from .rules.structure import MAIN_SELECTORS, NOT_MAIN
from .subtree import has_ancestor_in, text_without, unique
from .walk import DROPPED, by_tag, by_tag_queried, foreign, walk, within

MIN_MAIN_CHARS = 200
# Characters of the article's text kept (and read for relevance, crawler/niche.py): ~1,000 words
# say what a post is about; collapsing 90 KB of text to read it all cost more than the rest of the
# analysis.
MAIN_TEXT_CAP = 8_000
# Characters of a page's visible text that text rules read: all of a page this short; of a longer
# one the head and the tail, where headings, invitations, "comments are closed" and footer
# addresses are. Splitting and lower-casing text cost time in its length, the tree does not.
TEXT_BUDGET = 24_000

SiteOf = Callable[[str], str]
# A <meta> look-up as analysers write it: meta[name="value"], meta[property="value" i].
_META_SELECTOR = re.compile(r'^meta\[([\w:.-]+)="([^"]*)"( i)?\]$')
Attributes = dict[str, "str | None"]


@cache
def meta_selector(selector: str) -> tuple[str, str, bool]:
    """(attribute, value, case-insensitive) of a 'meta[attr="value"]' selector."""
    match = _META_SELECTOR.match(selector)
    if match is None:
        raise ValueError(f"not a simple meta selector: {selector!r}")
    return match[1], match[2], bool(match[3])


# What str.split() splits at (str.isspace): the ASCII characters, and the others.
ASCII_SPACES = tuple(c for c in map(chr, range(128)) if c.isspace())
_OTHER_SPACES = ("\x85", "\xa0", "\u1680", *map(chr, range(0x2000, 0x200B)), "\u2028", "\u2029", "\u202f", "\u205f",
                 "\u3000")  # tests/analysis/test_document.py holds this to str.isspace
SPACES = ASCII_SPACES + _OTHER_SPACES  # all of them
LONG_TEXT = 1000


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends: ``" ".join(text.split())``.

    A long ASCII text is collapsed in place instead (each whitespace character to a space, then
    double spaces halved until none is left): a few passes in C instead of a string object per
    word, 0.6x the time on a generated article. Not so a text with other characters: it would be
    scanned once for each of the 30 kinds of space, and real pages' text (curly quotes, no-break
    spaces, runs of indentation) splits and joins in a quarter of that time.
    """
    if len(text) < LONG_TEXT or not text.isascii():
        return " ".join(text.split())
    for space in ASCII_SPACES:
        if space != " " and space in text:
            text = text.replace(space, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def within_budget(text: str, budget: int = TEXT_BUDGET) -> str:
    """All of a short text; the head and the tail of a long one, ``budget`` characters in all."""
    if len(text) <= budget:
        return text
    half = budget // 2
    return f"{text[:half]}\n\n{text[-half:]}"


def host_key(url: str) -> str:
    """The default notion of a site: host[:port], lower-cased, without "www." or default port."""
    scheme, sep, rest = url.partition("://")
    netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0] if sep else ""
    if not netloc or "@" in netloc or "[" in netloc:
        try:
            parts = urlsplit(url)
            host, port = (parts.hostname or ""), parts.port
        except ValueError:
            return ""
    else:
        host, _, port_text = netloc.partition(":")
        port = int(port_text) if port_text.isdigit() else None
    host = host.lower().rstrip(".")
    host = host.removeprefix("www.")
    scheme = scheme.lower()
    if port and not (scheme == "http" and port == 80) and not (scheme == "https" and port == 443):
        return f"{host}:{port}"
    return host


class Document:
    """A parsed page: the tree, the raw text, headers, and derived values shared by analysers."""

    def __init__(
        self,
        url: str,
        html: str | None,
        tree: LexborHTMLParser,
        headers: Mapping[str, str],
        today: date,
        site_of: SiteOf | None = None,
        source: bytes | None = None,
    ) -> None:
        self.url = url
        if html is not None:  # else decoded from `source` when read (`html`)
            self.html = html
        self.source = source  # html's UTF-8, when the page came as those bytes (else None: encoded if needed)
        self.tree = tree
        self.headers = dict(headers)
        self.today = today
        self.site_of: SiteOf = site_of or host_key
        self.warnings: list[str] = []
        # Found here once (every page's links ask for the screen); from the bytes if any (then no text is needed).
        self._screened, held = SCREEN.scan(html or "", source, tree)
        # Read scripts once, then drop scripts, styles and templates from the tree: every text
        # an analyser reads afterwards is text a visitor sees (inline CSS such as
        # ".comment-form-url {...}" must never count as a form field).
        self.script_srcs: list[str] = []
        self.json_ld: list[str] = []
        inline: list[LexborNode] = []
        walked = walk(tree)  # the dropped elements and the walk by tag, in one walk of the tree
        if walked is None:
            invisible = tree.css(DROPPED)
        else:
            invisible, self._by_tag = walked
        for node in invisible:
            if node.tag != "script":
                continue
            attrs = node.attributes
            src = attrs.get("src")
            if src:
                self.script_srcs.append(src)
            elif (attrs.get("type") or "").strip().lower() == "application/ld+json":
                self.json_ld.append(node.text())
            else:
                inline.append(node)
        # The script rules' literals an inline script may hold: an HTML script's text is the source's raw text (line
        # ends normalised; no literal holds one): those the source holds in lower case (`held`); all in SVG or MathML
        # (references decoded). Read only when one may be there (decoding and searching a 1.2 MB script: 5-8 ms).
        self._scripted = (SCRIPT_LITERALS.known if not held.isdisjoint(FOREIGN_STARTS) and any(map(foreign, inline))
                          else frozenset(lit for lit in SCRIPT_LITERALS.all if lit.lower() in held))
        self.script_text = "\n".join(node.text() for node in inline) if self._scripted else ""
        # Children before ancestors, so that no node is freed twice.
        for node in reversed(invisible):
            node.decompose()

    # -- rule matching --------------------------------------------------------------------
    def fires(self, rule: Rule, *, text: str = "", node: LexborNode | None = None) -> bool:
        """Does `rule` match this page (`node` narrows css rules, `text` feeds text rules)."""
        where = rule.where
        if where == "css":
            return SCREEN.selects(self.tree if node is None else node, rule.pattern, self._screened)
        if where == "text":
            return matches(rule.pattern, text.lower())
        if where in ("asset", "href"):  # long texts: the regex as its literal-led forms (rules.base.matches)
            return matches(rule.pattern, self.asset_text if where == "asset" else self.href_text)
        if where == "generator":
            rx = regex(rule.pattern)
            return any(rx.search(g) for g in self.generators)
        if where == "script":  # on long scripts, all the script rules' literals found in one pass
            if rule.pattern not in self._scripted:  # SCRIPT_LITERALS holds every script rule's (test_screen)
                return False
            found = self._script_literals
            return rule.pattern in (self.script_text if found is None else found)
        if where == "header":
            return regex(rule.pattern).search(self.header_text) is not None
        if where == "url":
            return regex(rule.pattern).search(self.url_lower) is not None
        if where == "html":
            return SCREEN.matches_raw(rule.pattern, lambda: self.html, self._screened)  # decoded only if need be
        if where == "body_class":
            return not self.body_classes.isdisjoint(rule.pattern.split())
        raise ValueError(f"rule {rule.name}: unknown where={where!r}")

    def fired(self, rules: tuple[Rule, ...], *, text: str = "",
              node: LexborNode | None = None) -> list[Rule]:
        """The rules of a table that match (`text` is lower-cased once for all of them)."""
        if text:
            text = text.lower()
            leads = table_leads(rules, text)  # a long text's leads, found in one pass for all the rules
            return [r for r in rules if (matches(r.pattern, text, leads)
                                         if r.where == "text" else self.fires(r, node=node))]
        return [r for r in rules if self.fires(r, node=node)]

    @cached_property
    def _script_literals(self) -> frozenset[str] | None:
        """The script rules' literals in long inline scripts, found in one pass (None: short, each looked for)."""
        long = len(self.script_text) >= LONG_SCRIPTS
        return SCRIPT_LITERALS.found_in(self.script_text.encode("utf-8", "surrogatepass")) if long else None

    def screened(self) -> frozenset[str]:
        """The css rules' literals in the page's source: which parts of a selector may match (rules/screen.py)."""
        return self._screened

    # -- derived values -------------------------------------------------------------------
    @cached_property
    def html(self) -> str:
        """The page's text, when analyse left it in its bytes: a rule on the raw page or htmldate reads it."""
        return self.source.decode()  # type: ignore[union-attr]  # only a page given as bytes has no text yet

    def html_head(self, chars: int) -> str:
        """``html[:chars]``; of a page left in its bytes, decoded from the most bytes those characters may take."""
        if self.source is None or "html" in self.__dict__:
            return self.html[:chars]
        return codecs.getincrementaldecoder("utf-8")().decode(self.source[:4 * chars])[:chars]  # a char <= 4 bytes

    @cached_property
    def _by_tag(self) -> dict[str, list[LexborNode]]:
        """TAG_SELECTORS' elements by tag, and JOINED's groups, in page order (found with the dropped elements)."""
        return by_tag(self.tree) or by_tag_queried(self.tree)

    def tagged(self, tag: str) -> list[LexborNode]:
        """The elements TAG_SELECTORS[tag] picks, or a group of JOINED ("anchors", "headings"), in page order."""
        return self._by_tag[tag]

    def headings(self, tags: tuple[str, ...]) -> list[LexborNode]:
        """The headings of these tags (of h1-h4), in page order, from the walk by tag."""
        return [node for node in self.tagged("headings") if node.tag in tags]

    @cached_property
    def form_textareas(self) -> list[LexborNode]:
        """What "form textarea" selects (the comment rules' STRUCTURAL), from the walk by tag: in page order."""
        return [node for node in self.tagged("textarea") if within(node, "form")]

    @cached_property
    def header_text(self) -> str:
        """Headers as "name: value" lines, lower-cased."""
        return "\n".join(f"{k}: {v}" for k, v in self.headers.items()).lower()

    @cached_property
    def body_classes(self) -> frozenset[str]:
        """The class names of <body>."""
        body = self.tree.body
        return frozenset((body.attributes.get("class") or "").split()) if body is not None else frozenset()

    @cached_property
    def url_lower(self) -> str:
        """The page URL, lower-cased."""
        return self.url.lower()

    # -- <meta> and <link> elements: read in one pass each, looked up many times -----------
    @cached_property
    def metas(self) -> tuple[Attributes, ...]:
        """Attributes of every <meta> element, in page order.

        A page asks for twenty-odd metas (dates, titles, language, generator); each selector
        would be a pass over the whole tree, this is one.
        """
        return tuple(n.attributes for n in self.tagged("meta"))

    def metas_selected(self, selector: str) -> Iterator[Attributes]:
        """The <meta> elements that ``meta[attr="value"]`` (`` i``: any case) selects, as their attributes."""
        attr, value, folded = meta_selector(selector)
        if folded:
            value = value.lower()
        for attrs in self.metas:
            got = attrs.get(attr)
            if got is not None and (got.lower() if folded else got) == value:
                yield attrs

    def meta(self, selector: str) -> Attributes | None:
        """The first <meta> the selector picks, as its attributes."""
        return next(self.metas_selected(selector), None)

    def meta_content(self, selector: str) -> str:
        """The content of the first <meta> the selector picks ("" when none does)."""
        attrs = self.meta(selector)
        return (attrs.get("content") or "") if attrs is not None else ""

    @cached_property
    def link_elements(self) -> tuple[Attributes, ...]:
        """Attributes of every <link> element that has an href, in page order."""
        return tuple(n.attributes for n in self.tagged("link"))

    def link_hrefs(self, rel: str, *, token: bool = False) -> list[tuple[str, Attributes]]:
        """(href, attributes) of the <link> elements whose rel is ``rel`` (any case), or holds it
        as one of its tokens: ``link[rel=canonical i]``, ``link[rel~=alternate i]``."""
        found = []
        for attrs in self.link_elements:
            value = (attrs.get("rel") or "").lower()
            if (rel in value.split()) if token else value == rel:
                found.append((attrs.get("href") or "", attrs))
        return found

    @cached_property
    def generators(self) -> tuple[str, ...]:
        """Contents of <meta name=generator> tags."""
        return tuple((attrs.get("content") or "").lower()
                     for attrs in self.metas_selected('meta[name="generator" i]'))

    @cached_property
    def asset_text(self) -> str:
        """URLs of script sources and linked resources, one per line, lower-cased."""
        return "\n".join(self.script_srcs + [attrs.get("href") or "" for attrs in self.link_elements]).lower()

    @cached_property
    def anchor_attributes(self) -> list[Attributes]:
        """The anchors' (``tagged("anchors")``) attributes, read once for `href_text` and the links (1,800: ~0.5 ms)."""
        return [node.attributes for node in self.tagged("anchors")]

    @cached_property
    def href_text(self) -> str:
        """Asset URLs, then link and frame targets, one per line, lower-cased."""
        anchors = [n.attributes for n in self.tagged("a")] if self.tagged("area") else self.anchor_attributes
        urls = [a.get("href") or "" for a in anchors] + [n.attributes.get("src") or "" for n in self.tagged("iframe")]
        return self.asset_text + "\n" + "\n".join(urls).lower()

    @cached_property
    def base_url(self) -> str:
        """The URL relative links resolve against: <base href> if any, else the page URL."""
        base = next(iter(self.tagged("base")), None)
        if base is not None:
            href = (base.attributes.get("href") or "").strip()
            if href and not href.lower().startswith(("javascript:", "data:")):
                try:
                    return urljoin(self.url, href)
                except ValueError:
                    pass
        return self.url

    @cached_property
    def site(self) -> str:
        """The page's own site, as `site_of` names it."""
        return self.site_of(self.url)

    @cached_property
    def title(self) -> str:
        """The <title> text, whitespace collapsed."""
        node = next(iter(self.tagged("title")), None)
        return collapse(node.text()) if node is not None else ""

    @cached_property
    def h1s(self) -> tuple[str, ...]:
        """Texts of the <h1> headings."""
        return tuple(t for n in self.tagged("h1") if (t := collapse(n.text())))

    @cached_property
    def body_text_raw(self) -> str:
        """Visible text of the body, whitespace as in the page."""
        body = self.tree.body
        return body.text(deep=True, separator=" ") if body is not None else ""

    @cached_property
    def body_text(self) -> str:
        """Visible text of the body within TEXT_BUDGET (head and tail of a long page), whitespace collapsed."""
        return collapse(within_budget(self.body_text_raw))

    @cached_property
    def comment_areas(self) -> list[LexborNode]:
        """Elements that hold comments or the comment form (outermost ones only)."""
        areas = unique(SCREEN.selected(self.tree, COMMENT_AREA_SELECTOR, self.screened()))
        if len(areas) < 2:
            return areas
        ids = {a.mem_id for a in areas}
        return [a for a in areas if not has_ancestor_in(a, ids)]

    @cached_property
    def commenter_links(self) -> list[LexborNode]:
        """Links that name a commenter's site, looked for inside the comment areas only, by the parts that may match."""
        live = SCREEN.live(COMMENTER_LINK_SELECTOR, self.screened())
        seen: set[int] = set()
        found: list[LexborNode] = []
        for area in self.comment_areas if live else ():
            for node in area.css(live):
                if node.mem_id not in seen:
                    seen.add(node.mem_id)
                    found.append(node)
        return found

    @cached_property
    def _main(self) -> tuple[LexborNode | None, str]:
        """(the element holding the article, its text): the first, in MAIN_SELECTORS order then page order, with
        MIN_MAIN_CHARS of text; one selector at a time, so a WordPress page (.entry-content) costs one pass over the
        tree, not one per selector, and a selector whose class the page's source lacks (rules/screen.py) none."""
        for selector in MAIN_SELECTORS:
            for node in SCREEN.selected(self.tree, selector, self.screened()):
                text = node.text(deep=True, separator=" ")
                # MIN_MAIN_CHARS counts the page's characters, not the separators: a short
                # candidate is measured again without them (cheap: it is short)
                if len(text) >= MIN_MAIN_CHARS and (
                        len(text) >= 10 * MIN_MAIN_CHARS or len(node.text(deep=True)) >= MIN_MAIN_CHARS):
                    return node, text
        return None, ""

    @cached_property
    def main_text_raw(self) -> str:
        """The article's text, whitespace as in the page: the main element minus navigation, asides, comments."""
        node, text = self._main
        if node is None:
            node, text = self.tree.body, self.body_text_raw
            if node is None:
                return ""
        junk = SCREEN.selected(node, NOT_MAIN, self.screened())
        if not junk:
            return text
        return text_without(node, junk)

    @cached_property
    def _main_head(self) -> tuple[str, int]:
        """(the collapsed head of the article's text, how many raw characters it was read from)."""
        raw = self.main_text_raw
        read = min(len(raw), MAIN_TEXT_CAP + MAIN_TEXT_CAP // 4)  # whitespace collapses away
        if read < len(raw):  # end the head between two words, so no half word is counted
            read = max(raw.rfind(" ", 0, read), raw.rfind("\n", 0, read), read // 2)
        return collapse(raw[:read]), read

    @cached_property
    def main_text(self) -> str:
        """The article's text, whitespace collapsed, the first MAIN_TEXT_CAP characters."""
        return self._main_head[0][:MAIN_TEXT_CAP]

    @cached_property
    def main_words(self) -> int:
        """Words in the article: counted in the head, extrapolated by length past it (very long texts)."""
        head, read = self._main_head
        words = head.count(" ") + 1 if head else 0  # one space between words, none at the ends
        raw = len(self.main_text_raw)
        return words if read >= raw else round(words * raw / read)
