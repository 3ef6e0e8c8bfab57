"""Which parts of a CSS selector can match a page, told from its source in one pass instead of a walk of its tree.

lexbor walks every element of the tree for each selector, and tries each part of a selector list on
each element: the embed rules' 70 parts cost 0.7 ms a page, one part ~0.02 ms. But a part such as
``#disqus_thread`` or ``[data-spotim-module]`` can only match if its name is in the page's source, and
most pages hold none of those names. So each part of a selector list gets the longest literal that
every element it matches must show in the source (an id, a class, an attribute's name or value, a
tag name), and one Aho-Corasick pass over the lower-cased source tells which of all those literals
a page holds (ahocorasick-rs: ~0.2 ms for all of them on a 130 KB page, where ``in`` takes 0.05 ms
per literal and one regex alternation 5 ms). Only the parts whose literal is there are walked, and of those
only the ones whose other literals the pass looked for (another part's longest) are there too.

Exact, never an approximation: a part is left out only when one of its literals is absent from the source,
lower-cased (matching ``[a=b i]``, and ids and classes in quirks mode, ignores ASCII case), and on a
page where a character reference could spell a character (``&#45;``, ``&period;``), every literal that
holds that character counts as found (the others are screened as ever: a reference of a "/" in a page's
scripts walked all 66 parts of the widget selector on a 365 KB page, 2.4 ms, where none may match).
Parts this module does not understand, and literals on most pages
(COMMON), are always walked. A tag name's literal is its start tag, ``<nav``: the word "nav" is in ~100 places
on an average saved real page, "<nav" in two, and a tag name is never spelled with a reference. And a class, an
id or an attribute's whole value that is a common word (TOKENS: ``.nav``, ``#header``, ``[role=banner]``) is
looked for as a whole token of an attribute's value: the word between a quote, "=" or a space (tab, line end) and
a quote, a space or ">" (64 strings a word: the one pass costs what it cost with 200 literals in all).
A reference could make a space inside a value (``&#32;``, ``&Tab;``), where a token ends: on a page with one, every
token counts as found (its parts are walked) and the other literals are screened as ever.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from html.entities import html5
from itertools import islice, product

from ahocorasick_rs import BytesAhoCorasick, MatchKind
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .base import Literals, led_forms

# Literals found on more than a quarter of the 448 saved real pages: screening for them finds
# them, so their parts are walked without asking (and the search does not report every "input"). "span" and "date"
# (span.date): on 380 and 375 of the 387 corpus pages, 148 and 31 times a page, half of all the search's hits.
COMMON = frozenset({
    "a", "article", "blog", "comment", "comment-", "comments", "/comments", "clearfix", "date", "div", "form",
    "iframe", "img", "input", "li", "link", "medium", "meta", "respond", "script", "secur", "span", "textarea",
    "widget",
})
# Elements the parser makes that the source may not name: implied, renamed (<image> is an img), or made by an end
# tag alone (</p> and </br> with no start tag make a <p> and a <br>).
IMPLIED = frozenset({"html", "head", "body", "tbody", "colgroup", "img", "p", "br"})
MIN_LITERAL = 3
# Numeric references read one by one (~0.3 us each; 1,141 on a 342 KB real page whose scripts spell their URLs'
# "/" and ":"): past these a page counts as spelling every literal's character, as if none were screened.
MAX_NUMERIC = 2048
# Classes, ids and attribute values (a whole value: [a=b] and [a~=b]) of the selectors that are words on most pages
# ("nav" on all 387 corpus pages, ~100 times), looked for as whole tokens (" nav" followed by '"' on 116).
# Of COMMON, the structural selectors' "widget" (a token on 116 pages, the word on 263), "comments" and "respond",
# and the comment items' "comment" (li.comment, article.comment: a token on 103 pages, the word on 248, 37 times).
# And the nav containers' and widget headings' names that inline CSS and scripts spell inside other names
# ("#navbar-iframe", ".site-headernbt"; of 400 real-web pages, the word / a token: breadcrumb 141/55, navbar 95/52,
# pagination 69/18, widget-title 43/31): each part screened out is a class test lexbor no longer makes of every
# element (~0.1 ms each on a 394 KB page), and the last one a walk of its own.
TOKENS = frozenset({"nav", "navigation", "header", "footer", "menu", "main", "content", "logo", "user", "home",
                    "headline", "banner", "sidebar", "published", "widget", "comments", "respond", "comment",
                    "navbar", "site-header", "site-footer", "widget-area", "breadcrumb", "breadcrumbs", "pagination",
                    "widget-title", "sidebar-title"})
# What may stand before and after a whole token of an attribute's value in the source. (Folding the spaces and
# quotes first, to search for 9 strings a word, cost a pass of its own: 0.04 ms a page, twice what bytes.lower() does.)
_SPACES = " \t\n\r\f"
TOKEN_BEFORE = "\"'=" + _SPACES
TOKEN_AFTER = "\"'>" + _SPACES

# A part of a selector: compound selectors of names, ids, classes and attribute tests, joined by
# combinators. Pseudo-classes with an argument (:not(...)) exclude or narrow: their contents are
# required of no element, so they are dropped before the literals are read.
_PAREN_PSEUDO = re.compile(r"(?<!\\):{1,2}[\w-]+\((?:[^()'\"]|'[^']*'|\"[^\"]*\")*\)")
_PSEUDO = re.compile(r"(?<!\\):{1,2}[\w-]+")
_ESCAPED = r"(?:\\[^0-9a-fA-F\n]|[\w-])+"  # an identifier; a hex escape (\3a) is not read: its part is walked
_ATTR = re.compile(rf"""\[\s*({_ESCAPED})\s*(?:([~|^$*]?=)\s*(?:'([^'\\]*)'|"([^"\\]*)"|({_ESCAPED})))?\s*(?:\s[iIsS])?\s*\]""")
_NAME = re.compile(rf"([#.]?)({_ESCAPED})")
_LEFT = re.compile(r"[\s>+~*]*")
_ESCAPE = re.compile(r"\\(.)")
# An attribute that holds a whole document: an iframe's srcdoc (an ad's 150 KB of escaped script, eight of them on a
# saved 1.4 MB page, where searching them cost 2.9 ms of the scan's 4.5). No part that tests it is screened
# (`part_literal`), so a long value of it is searched for the raw leads and the plain strings, not the css literals.
SRCDOC = re.compile(rb"srcdoc[\t\n\f\r ]*=[\t\n\f\r ]*([\"'])")
LONG_VALUE = 16_384
# Its one literal is found by SIMD (memmem): 0.06 ms on the 1.4 MB page, where bytes.find took 0.9. In any case: its
# 64 spellings (Teddy, 0.37 ms), all found: no spelling overlaps another.
SRCDOC_NAMES = BytesAhoCorasick([b"srcdoc"])
SRCDOC_ANY_CASE = BytesAhoCorasick([bytes(s) for s in product(*((c, c ^ 32) for c in b"srcdoc"))],
                                   matchkind=MatchKind.LeftmostFirst)


def split_list(selector: str) -> tuple[str, ...]:
    """The parts of a selector list (split at commas outside brackets, parentheses and quotes)."""
    parts: list[str] = []
    depth, start, quote = 0, 0, ""
    for i, char in enumerate(selector):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selector[start:i].strip())
            start = i + 1
    parts.append(selector[start:].strip())
    return tuple(parts)


def token_forms(literal: str) -> tuple[str, ...]:
    """The strings one of which the source holds where it holds ``literal``: a token (" nav ", `part_literal`)
    stands for its word between a value's start or a space and its end, a space or a tag's end."""
    if not literal.startswith(" "):
        return (literal,)
    word = literal.strip()
    return tuple(left + word + right for left in TOKEN_BEFORE for right in TOKEN_AFTER)


def _plain(text: str) -> str:
    """A selector's name or value as the source spells it, lower-cased: its CSS escapes (``\\:``) undone."""
    return _ESCAPE.sub(r"\1", text).lower()


def part_literal(part: str) -> str:
    """The longest of `part_literals`, or "": the one the screen searches for."""
    return max(part_literals(part), key=len, default="")


def part_literals(part: str) -> tuple[str, ...]:
    """The literals (lower case) that the source of any element this part matches holds, each of them; none for a
    part this reader does not know. A word of TOKENS that must be a whole token of an attribute's value is " word "
    (`token_forms`)."""
    if "srcdoc" in part.lower():
        return ()  # its values are not searched for literals (`srcdoc_values`)
    found: list[str] = []
    tags: list[str] = []
    tokens: list[str] = []

    def attribute(match: re.Match[str]) -> str:
        value = next((v for v in match.groups()[2:] if v is not None), None)
        if value is None or match[2] == "|=" or value == "":
            found.append(match[1])  # [a], and [a|=b] ("b" or "b-...") and [a=""]: the name
        elif match[2] in ("=", "~=") and (word := _plain(value)) in TOKENS:
            tokens.append(word)
        else:
            found.append(value)
        return " "

    rest = _ATTR.sub(attribute, _PAREN_PSEUDO.sub(" ", part))
    rest = _PSEUDO.sub(" ", rest)
    at = 0
    while at < len(rest):
        at = _LEFT.match(rest, at).end()  # type: ignore[union-attr]
        if at >= len(rest):
            break
        name = _NAME.match(rest, at)
        if name is None:
            return ()  # syntax this reader does not know: walk the part
        if name[1] and (word := _plain(name[2])) in TOKENS:
            tokens.append(word)
        elif name[1]:
            found.append(name[2])
        elif name[2].lower() not in IMPLIED:
            tags.append(_plain(name[2]))
        at = name.end()
    # A value with spaces (" gig-comment", "your name"): each word of it is in the source.
    literals = [lit for f in found for lit in _plain(f).split()
                if len(lit) >= MIN_LITERAL and lit.isascii() and lit not in COMMON]
    # A tag name: its start tag, "<" and all (the parser makes an element of a name only after a "<").
    literals += ["<" + tag for tag in tags if len(tag) >= MIN_LITERAL and tag.isascii() and tag not in COMMON]
    literals += [f" {token} " for token in tokens]
    return tuple(literals)


def numeric_references(chars: frozenset[str]) -> re.Pattern[bytes]:
    """A numeric character reference that could spell one of ``chars`` (ASCII) in the lower-cased source
    (``&#95;``, ``&#x5F;``, leading zeros and all).

    The codes are alternations with their common prefixes factored out (`alternation`): the same strings,
    but the regex engine tries a handful of branches at each "&#" instead of all 55 codes (a page of
    Japanese text written as 6,000 ``&#12354;`` took 2.2 ms to search, now 0.56 ms)."""
    codes = sorted({ord(c) for c in chars} | {ord(c.upper()) for c in chars})
    return re.compile(rb"&#(?:x0*" + alternation([b"%x" % c for c in codes]) + rb"(?![0-9a-f])"
                      rb"|0*" + alternation([b"%d" % c for c in codes]) + rb"(?![0-9]))")


def reference_code(reference: bytes) -> int:
    """The code point a numeric reference (``&#x0a``, ``&#32``, as `numeric_references` finds it) names."""
    digits = reference[2:]
    return int(digits[1:], 16) if digits[:1] == b"x" else int(digits)


def named_references(chars: frozenset[str]) -> frozenset[str]:
    """The named character references that could spell one of ``chars`` (ASCII), lower-cased as in the
    lower-cased source (``&lowbar;``, ``&fjlig;``); those without ";" as a prefix of what follows."""
    return frozenset(spelled_by_name(chars))


def spelled_by_name(chars: frozenset[str]) -> dict[str, frozenset[str]]:
    """`named_references`, each with the ``chars`` it could spell (lower case): "&lowbar;" -> {"_"}."""
    spelled: dict[str, frozenset[str]] = {}
    for name, value in html5.items():
        held = frozenset(c.lower() for c in value) & chars
        if held:
            reference = "&" + name.rstrip(";").lower() + (";" if name.endswith(";") else "")
            spelled[reference] = spelled.get(reference, frozenset()) | held
    return spelled


def alternation(words: list[bytes]) -> bytes:
    """A regex group that matches exactly the (non-empty) ``words``, as a tree of their common prefixes:
    ``["45", "46", "120", "121"]`` -> ``(?:12[01]|4[56])``."""
    tails: dict[bytes, list[bytes]] = {}
    for word in sorted(set(words)):
        tails.setdefault(word[:1], []).append(word[1:])
    single = [re.escape(head) for head, rest in tails.items() if rest == [b""]]
    branches = [b"[" + b"".join(single) + b"]"] if len(single) > 1 else single
    for head, rest in tails.items():
        if rest != [b""]:
            ends = b"" in rest
            tail = alternation([r for r in rest if r])
            branches.append(re.escape(head) + (tail + b"?" if ends else tail))
    return b"(?:" + b"|".join(branches) + b")"


class Screen:
    """The literals of a set of selectors, and one search of a page's source for all of them."""

    def __init__(self, selectors: tuple[str, ...], raw_patterns: tuple[str, ...] = (),
                 plain: tuple[str, ...] = ()) -> None:
        css = {part_literal(p) for s in selectors for p in split_list(s)} - {""}
        # A token's forms are searched for, and found, under its name: " nav " (so a part asks for it once).
        forms = {form: lit for lit in css for form in token_forms(lit)}
        # The leads of the patterns read on the raw page (where="html"), lower-cased: found in the same pass.
        raw = {lead.lower() for p in raw_patterns for lead, _ in led_forms(p) if lead.isascii()}
        self.literals = tuple(sorted(css | raw))
        self.css = frozenset(css)
        self.known = frozenset(self.literals)
        # On a page that may spell a css literal's character with a reference, the literals holding that character
        # count as found (raw leads are matched on the source itself). The named references are found in the
        # literals' pass (a search of their own was a second pass over the page, 15 us on an average saved real page:
        # no literal is a reference, and overlapping, the search reports each string of either set it finds), the
        # numeric ones by a regex (one tried at each "&" for the named ones took 1.4 ms on a page of 40,000 "&amp;").
        # No reference spells a tag's "<" or a token's quote, "=" or ">" (it spells a value's text), but one may
        # spell a space inside a value, where a token ends: found in the same pass and by the same regex.
        chars = frozenset("".join(lit.removeprefix("<") for lit in css)) - set(_SPACES)
        self.tokens = frozenset(lit for lit in css if lit.startswith(" "))
        spaces = frozenset(_SPACES) if self.tokens else frozenset()
        self._chars = chars | spaces
        # What each named reference may spell, and which literals hold each character (a token: its word's).
        self._spells = spelled_by_name(self._chars)
        self._named = frozenset(self._spells)
        self._holding = {char: frozenset(lit for lit in css if char in lit.removeprefix("<")) for char in chars}
        # Strings (lower case, none a token's form) that other readers ask the source for: found in the same pass
        # (`scan`), not screening literals (left out of the literals it returns unless they are one).
        self.plain = frozenset(plain)
        if not self.plain.isdisjoint(forms.keys() - forms.values()):
            raise ValueError("a plain string is a token's form: it would be found under the token's name")
        self._plain_only = self.plain - (css | raw | self._named)
        self._search = Literals(set(forms) | raw | self._named | self.plain, forms)
        self._anywhere = Literals(raw | self.plain)  # what a srcdoc value is searched for
        self._numeric = numeric_references(self._chars)

    def scan(self, html: str, utf8: bytes | None = None,
             tree: LexborHTMLParser | None = None) -> tuple[frozenset[str], frozenset[str]]:
        """(the literals in the page's source, lower-cased, a token by its name, " nav ", where one of its forms is,
        and those holding a character a reference may spell; the `plain` strings the lower-cased source holds), in
        one pass. `utf8`: ``html.encode()`` if the caller has it (the page's bytes, when they were strict UTF-8);
        `tree`: the page's, to tell its long srcdoc values (`srcdoc_values`)."""
        if utf8 is not None:
            data = utf8
        else:
            try:
                data = html.encode()
            except UnicodeEncodeError:  # a lone surrogate: the parser read it replaced
                data = html.encode("utf-8", "replace")
        data = data.lower()
        values = srcdoc_values(data, tree) if tree is not None else []
        if not values:
            found = self._search.found_in(data)
            return self._screened(data, found - self._plain_only), found & self.plain
        # the css literals and references in the markup around the values (a reference in one spells a character
        # of a value no part tests); the raw leads and plain strings anywhere
        markup = without(data, values, b"\0")
        found = self._search.found_in(markup) | self._anywhere.found_sparse(data)
        return self._screened(markup, found - self._plain_only), found & self.plain

    def _screened(self, data: bytes, found: frozenset[str]) -> frozenset[str]:
        """The screen's literals (`scan`), from those `found` in the lower-cased source `data`."""
        if b"&" not in data:
            return found
        spelled: set[str] = set()
        for reference in found & self._named:
            spelled |= self._spells[reference]
        numeric = [match[0] for match in islice(self._numeric.finditer(data), MAX_NUMERIC + 1)]
        if len(numeric) > MAX_NUMERIC:
            spelled |= self._chars  # bounded: a page with more may spell anything
        spelled.update(chr(reference_code(reference)).lower() for reference in set(numeric))
        if not spelled:
            return found
        # A space inside a value ends a token there: every token may be one of its words.
        tokens = self.tokens if not spelled.isdisjoint(_SPACES) else frozenset()
        held = [self._holding[char] for char in spelled if char in self._holding]
        return (found - self._named).union(tokens, *held)

    def live(self, selector: str, present: frozenset[str]) -> str:
        """The parts of the selector that may match a page holding ``present`` ("" for none)."""
        return _live(selector, present, self.css)

    def matches_raw(self, pattern: str, page: Callable[[], str], present: frozenset[str]) -> bool:
        """``matches(pattern, page())`` on the raw page, its forms' leads (lower-cased) looked up in what the
        screen found instead of one scan of the page each: a lead is in the page only if its lower case is.
        `page` is asked for the page only then (a Document's page left in its bytes is decoded only then)."""
        return any((not lead or (lead.lower() in present if lead.lower() in self.known else lead in page()))
                   and form.search(page()) is not None for lead, form in led_forms(pattern))

    def first(self, root: LexborHTMLParser | LexborNode, selector: str,
              present: frozenset[str]) -> LexborNode | None:
        """``root.css_first(selector)``, walking only the parts that may match."""
        live = self.live(selector, present)
        return root.css_first(live) if live else None

    def selects(self, root: LexborHTMLParser | LexborNode, selector: str, present: frozenset[str]) -> bool:
        """``root.css_first(selector) is not None``, walking only the parts that may match."""
        return self.first(root, selector, present) is not None

    def selected(self, root: LexborHTMLParser | LexborNode, selector: str,
                 present: frozenset[str]) -> list[LexborNode]:
        """``root.css(selector)``, walking only the parts that may match: the same nodes in the same order,
        as the parts left out match none."""
        live = self.live(selector, present)
        return root.css(live) if live else []


def long_srcdoc_values(data: bytes) -> tuple[int, list[tuple[int, int]]]:
    """(how many "srcdoc" the source holds, the (start, end) of the quoted values of LONG_VALUE bytes or more that
    follow one as a srcdoc attribute's would)."""
    names = SRCDOC_NAMES.find_matches_as_indexes(data)  # all of them: "srcdoc" does not overlap itself
    values = []
    for _, at, _ in names:
        value = SRCDOC.match(data, at)
        end = data.find(value[1], value.end()) if value is not None else -1
        if value is not None and end - value.end() >= LONG_VALUE:  # unclosed (-1): none
            values.append((value.end(), end))
    return len(names), values


def srcdoc_values(data: bytes, tree: LexborHTMLParser) -> list[tuple[int, int]]:
    """`long_srcdoc_values` of the page's lower-cased source `data`: none unless each "srcdoc" in it names one of the
    tree's srcdoc attributes. Each of those is spelled by one, so when they are as many, none is text, a comment, a
    script or inside a value: each is followed by its value."""
    count, values = long_srcdoc_values(data)
    return values if values and count == len(tree.css("[srcdoc]")) else []


def without(data: bytes, spans: list[tuple[int, int]], between: bytes = b"") -> bytes:
    """`data` without the (start, end) `spans` (in order, apart), what was around each joined by `between`."""
    after = [0, *(end for _, end in spans)]  # where each stretch kept starts, and ends: at the next span
    return between.join(data[a:b] for a, b in zip(after, [*(start for start, _ in spans), len(data)], strict=True))


@cache
def _plan(selector: str, searched: frozenset[str]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each part, with those of its literals the screen searches for (the longest of every part's, so also a shorter
    one of some: "datetime" of time.published[datetime]): it may match only where the source holds each of them."""
    return tuple((part, frozenset(part_literals(part)) & searched) for part in split_list(selector))


@lru_cache(maxsize=4096)
def _live(selector: str, present: frozenset[str], searched: frozenset[str]) -> str:
    plan = _plan(selector, searched)
    parts = [part for part, literals in plan if literals <= present]
    return selector if len(parts) == len(plan) else ", ".join(parts)
