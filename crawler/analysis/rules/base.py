"""The rule type and how rules match: where a rule looks, regexes compiled once, their fast forms."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

try:  # CPython's own regex parser (3.11+): private, so a Python without it only loses the screen below
    from re import _constants, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - every CPython linktrail supports has it
    _parser = None

from ahocorasick_rs import BytesAhoCorasick, Implementation, MatchKind

# Where a rule looks (see `document.Document.fires`):
#   css        - a CSS selector matches in the parsed tree (or in a given node)
#   generator  - regex on <meta name=generator> contents
#   asset      - regex on the URLs of <script src> and <link href> (the page's own assets)
#   href       - regex on those asset URLs plus the URLs of <a href> and <iframe src>
#   script     - plain substring in an inline <script>
#   header     - regex on the response headers, one "name: value" line each, names lower-cased
#   url        - regex on the page URL
#   html       - regex on the raw HTML (kept rare: it scans the whole page)
#   text       - regex on a text region chosen by the caller (comment area, main text, ...)
#   body_class - class names, space-separated: any of them on <body> (what "body.a, body.b" selects,
#                read from one element instead of a walk of the tree)
# Regexes are written in lower case and matched, case-sensitively, against lower-cased text
# (all but `html`, which reads the raw page as it is). A pattern that starts with a literal
# lets the regex engine skip ahead to it, which is 30-50x faster than re.IGNORECASE or a
# leading \b on a long text: so phrases start with a word, not with \b.
WHERE = ("css", "generator", "asset", "href", "script", "header", "url", "html", "text", "body_class")


@dataclass(frozen=True, slots=True)
class Rule:
    """A named signature: where to look, what to look for, and the verdict when it fires."""

    name: str
    value: str  # the verdict: a platform, a comment system, a captcha, a state, ...
    where: str  # one of WHERE
    pattern: str  # CSS selector, regex or substring, depending on `where`
    weight: int = 1


@cache
def regex(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern once (multi-line; patterns are lower case, see WHERE)."""
    return re.compile(pattern, re.MULTILINE)


def _split_top(pattern: str) -> list[str]:
    """Split a pattern at its top-level "|" (outside groups and character classes)."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _expand_lead(branch: str) -> list[str]:
    """"(a|b)c" -> ["ac", "bc"], so that each form starts with a literal."""
    if branch.startswith("(?:"):
        start = 3
    elif branch.startswith("(") and not branch.startswith("(?"):
        start = 1
    else:
        return [branch]
    depth, i, in_class = 1, start, False
    while i < len(branch) and depth:
        char = branch[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        i += 1
    if depth or (i < len(branch) and branch[i] in "?*+{"):
        return [branch]
    rest = branch[i:]
    return [form for alt in _split_top(branch[start:i - 1]) for form in _expand_lead(alt + rest)]


@cache
def fast_forms(pattern: str) -> tuple[re.Pattern[str], ...]:
    """Forms of a pattern that together match what it matches, each led by a literal.

    Python's regex engine scans fast for a pattern that starts with a literal but tries every
    position for "(log|sign) in" or "a|b": 10-30x slower on a long text. So a text rule is
    searched as several literal-led forms; any of them matching means the rule matches.
    """
    forms = [form for branch in _split_top(pattern) for form in _expand_lead(branch)]
    if len(forms) > 40:  # a pattern that would explode: keep it whole
        return (regex(pattern),)
    return tuple(regex(form) for form in forms)


# Characters that end a form's leading literal; an escaped punctuation mark ("\\.") is a literal one.
_SPECIAL = frozenset("\\.^$*+?{}[]()|")
MIN_LEAD = 3  # shorter literals are on nearly every page: not worth a look first


def _lead(form: str) -> str:
    """The literal every match of the form starts with (up to its first special character; a character a
    quantifier follows is not sure), or "" when that is shorter than MIN_LEAD."""
    chars: list[str] = []
    i = 0
    while i < len(form):
        char = form[i]
        if char == "\\" and i + 1 < len(form) and not form[i + 1].isalnum() and form[i + 1] != "_":
            chars.append(form[i + 1])
            i += 2
        elif char in _SPECIAL:
            break
        else:
            chars.append(char)
            i += 1
        if form[i:i + 1] in ("?", "*", "{", "+"):
            chars.pop()
            break
    lead = "".join(chars)
    return lead if len(lead) >= MIN_LEAD else ""


@cache
def led_forms(pattern: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """`fast_forms` with the literal each starts with ("" if short): str's search finds a literal 3-4x
    faster than the regex engine, and most forms' literals are on no given page."""
    return tuple((_lead(form.pattern), form) for form in fast_forms(pattern))


def needed(form: re.Pattern[str]) -> str:
    """The longest literal (MIN_LEAD characters or more) that every match of the form holds, or "": the longest run
    of plain characters in the form's top-level sequence (one a quantifier follows is not among them: the parser
    makes it a repeat, so ``comments? closed`` needs "comment" and " closed"), never in a form that ignores case."""
    if form.flags & re.IGNORECASE or _parser is None:
        return ""
    runs, run = [], []
    for op, arg in _parser.parse(form.pattern, form.flags):
        if op is _constants.LITERAL:
            run.append(chr(arg))
        else:
            runs.append("".join(run))
            run = []
    runs.append("".join(run))
    best = max(runs, key=len)
    return best if len(best) >= MIN_LEAD else ""


@cache
def guarded_forms(pattern: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """`led_forms` with the literal each form needs besides its lead ("" when none longer, or it is in the lead).

    Looked for before the regex is tried: a form without a lead (``^\\s*comments? closed``, tried at each line
    start, or ``(js\\.)?hcaptcha\\.com``, at each character) or with a common one ("um ", "log") cost up to 0.14 ms a
    page's text each, where ``in`` scans for a literal 20-100x faster; the corpus's rule regexes took 179 ms in all."""
    return tuple((lead, "" if (need := needed(form)) in lead else need, form) for lead, form in led_forms(pattern))


def matches(pattern: str, text: str, leads: frozenset[str] | None = None) -> bool:
    """Does a (lower-case) rule pattern match the (lower-cased) text (`leads`: those of its forms' leads
    that the text holds, found by a `Leads` that knows all of them; without it each is looked for)."""
    if leads is None:
        return any((not lead or lead in text) and (not need or need in text) and form.search(text) is not None
                   for lead, need, form in guarded_forms(pattern))
    return any((not lead or lead in leads) and (not need or need in text) and form.search(text) is not None
               for lead, need, form in guarded_forms(pattern))


class Literals:
    """Strings, all found in a text's UTF-8 in one Aho-Corasick pass (ahocorasick-rs), instead of one scan each
    (a str holds a str iff its UTF-8 holds the other's: UTF-8 is self-synchronising). Its DFA: as fast with 100
    literals as with 16 (the default picks a 3x slower automaton past 64)."""

    def __init__(self, literals: set[str], names: Mapping[str, str] | None = None) -> None:
        self.all = tuple(sorted(literals))
        self.known = frozenset(self.all)
        # What found_in reports for each literal: its name in `names` (several literals may share one), or itself.
        self._names = self.all if names is None else tuple(names.get(lit, lit) for lit in self.all)
        self._search = (BytesAhoCorasick([_utf8(lit) for lit in self.all], implementation=Implementation.DFA)
                        if self.all else None)
        self._leftmost: BytesAhoCorasick | None = None  # found_sparse's search, made when first asked for
        self._longest = max(map(len, map(_utf8, self.all)), default=0)

    def found_in(self, data: bytes) -> frozenset[str]:
        """The literals ``data`` holds (by their names)."""
        if self._search is None:
            return frozenset()
        found = self._search.find_matches_as_indexes(data, overlapping=True)
        names = self._names
        return frozenset(names[i] for i in {hit[0] for hit in found})

    def found_sparse(self, data: bytes) -> frozenset[str]:
        """`found_in`'s answer, in a fraction of its time on a long text that holds few of a few literals.

        An overlapping search prefilters nothing: 2 ns a byte with 20 literals as with 1,400, where a leftmost-first
        one skips to its candidates (Teddy): 0.15 against 2.8 ms on 1.4 MB. It reports no match that starts inside
        another, but every match starts inside one it reports (none starts between them or after the last): the
        overlapping search then reads each of those, and the longest literal past it (NUL between them: in no
        literal)."""
        if self._search is None:
            return frozenset()
        if self._leftmost is None:
            self._leftmost = BytesAhoCorasick([_utf8(lit) for lit in self.all], matchkind=MatchKind.LeftmostFirst)
        reach = self._longest - 1
        spans = self._leftmost.find_matches_as_indexes(data)
        return self.found_in(b"\0".join(data[start:end + reach] for _, start, end in spans)) if spans else frozenset()


class Leads:
    """The leads of a table's patterns (`led_forms`), all found in a text in one pass: a table of phrases has
    ~100 forms with ~90 leads, and ``lead in text`` for each is one scan of a 24 KB text each."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self._leads = Literals({lead for p in patterns for lead, _ in led_forms(p) if lead})

    def present(self, text: str) -> frozenset[str]:
        """The leads the text holds."""
        return self._leads.found_in(_utf8(text))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


_TABLE_LEADS: dict[int, tuple[tuple[Rule, ...], Leads]] = {}
LONG_TEXT = 2000  # shorter texts: a look per lead costs less than the search's set-up


def table_leads(rules: tuple[Rule, ...], text: str) -> frozenset[str] | None:
    """The leads of the table's text rules that a long text holds (None for a short text: look per lead)."""
    if len(text) < LONG_TEXT:
        return None
    known = _TABLE_LEADS.get(id(rules))
    if known is None or known[0] is not rules:
        known = rules, Leads(tuple(r.pattern for r in rules if r.where == "text"))
        _TABLE_LEADS[id(rules)] = known
    return known[1].present(text)


def phrases(value: str, where: str, table: dict[str, str], weight: int = 1) -> tuple[Rule, ...]:
    """Build rules from a {name: regex} phrase table."""
    return tuple(Rule(name, value, where, pattern, weight) for name, pattern in table.items())
