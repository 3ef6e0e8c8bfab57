"""The user's niche as a term profile: scores text and links for relevance, with reasons."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)

# Light English suffix folding, so "starters" meets "starter" and "baking" meets "bake".
_SUFFIXES = ("ings", "ing", "ies", "ers", "er", "es", "s", "ed")


def fold(word: str) -> str:
    """Lower-case and strip a common English suffix (kept short words as they are)."""
    w = word.lower().strip("'-")
    for suffix in _SUFFIXES:
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def terms(text: str) -> list[str]:
    """The folded words of a text."""
    return [fold(m.group()) for m in WORD.finditer(text)]


def _parse_keyword(spec: str) -> tuple[tuple[str, ...], float, str]:
    phrase, _, weight = spec.rpartition(":") if re.search(r":\d+(\.\d+)?$", spec) else (spec, "", "1")
    return tuple(terms(phrase)), float(weight), phrase.strip().lower()


@dataclass(frozen=True)
class NicheProfile:
    """Weighted terms and phrases of a niche, plus negative words."""

    name: str = ""
    phrases: tuple[tuple[tuple[str, ...], float, str], ...] = ()
    negative: frozenset[str] = frozenset()
    learned: dict[str, float] = field(default_factory=dict)  # term -> idf-like weight from seed pages
    threshold: float = 0.25

    @classmethod
    def from_keywords(
        cls, keywords: tuple[str, ...] | list[str], negative: tuple[str, ...] | list[str] = (),
        name: str = "", threshold: float = 0.25,
    ) -> NicheProfile:
        """Build from config keywords (``"sourdough:2"`` doubles a weight)."""
        phrases = tuple(p for p in (_parse_keyword(k) for k in keywords) if p[0])
        neg = frozenset(t for n in negative for t in terms(n))
        return cls(name=name, phrases=phrases, negative=neg, threshold=threshold)

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.learned

    def score(self, title: str, text: str) -> tuple[float, list[str]]:
        """Relevance of a page in [0, 1] and the reasons (matched terms, negative words)."""
        if self.empty:
            return 1.0, ["no niche configured: every page counts as on-niche"]
        title_terms = terms(title)
        body_terms = terms(text)[:5000]
        words = max(len(body_terms), 1)
        hits: Counter[str] = Counter()
        weighted = 0.0
        for phrase, weight, label in self.phrases:
            n_body = _count_phrase(body_terms, phrase)
            n_title = _count_phrase(title_terms, phrase)
            if n_body or n_title:
                hits[label] = n_body + n_title
                # Diminishing returns per phrase; the title counts as much as several mentions.
                weighted += weight * (math.log1p(n_body) + 1.5 * min(n_title, 1))
        for term, weight in self.learned.items():
            n = body_terms.count(term)
            if n:
                weighted += 0.3 * weight * math.log1p(n)
        neg_hits = sorted({t for t in body_terms + title_terms if t in self.negative})
        density = weighted / math.sqrt(words / 100 + 1)
        raw = 1 - math.exp(-density / 3)
        if neg_hits:
            raw *= 0.5 ** len(neg_hits)
        reasons = [f"matches {t!r} x{n}" for t, n in hits.most_common(5)]
        reasons += [f"negative word {w!r}" for w in neg_hits[:5]]
        if not reasons:
            reasons = ["no niche terms found"]
        return round(min(max(raw, 0.0), 1.0), 3), reasons

    def link_score(self, anchor: str, url: str) -> float:
        """How strongly a link's anchor text and URL speak of the niche, in [0, 1]."""
        if self.empty:
            return 0.0
        parts = urlsplit(url)
        words = terms(anchor) + terms(unquote(parts.path).replace("-", " ").replace("_", " ").replace("/", " "))
        words += terms((parts.hostname or "").replace("-", " ").replace(".", " "))
        joined = "".join(words)
        got = 0.0
        for phrase, weight, _label in self.phrases:
            if _count_phrase(words, phrase) or (len(phrase) == 1 and len(phrase[0]) > 4 and phrase[0] in joined):
                got += weight
        if any(w in self.negative for w in words):
            return 0.0
        return min(got / 2, 1.0)


def _count_phrase(words: list[str], phrase: tuple[str, ...]) -> int:
    if len(phrase) == 1:
        return words.count(phrase[0])
    n, k = 0, len(phrase)
    first = phrase[0]
    for i, w in enumerate(words):
        if w == first and tuple(words[i : i + k]) == phrase:
            n += 1
    return n
