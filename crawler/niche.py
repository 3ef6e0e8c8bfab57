"""The user's niche as a term profile: scores text and links for relevance, with reasons.

Two parts, both optional:
- keywords from linktrail.toml: phrases with weights (``"sourdough:2"``), synonyms counted as one
  keyword (``"levain|starter|pre-ferment"``), and negative words;
- terms learned from the user's own pages and the seed sites' pages: each term weighs its share
  of seed pages times its inverse document frequency over every page seen (TF-IDF), and a page
  is matched against them with BM25's saturating term frequency. `Learner` accumulates the counts.

A page's relevance is the chance that either part calls it on-niche, 1 - (1 - kw)(1 - w * learned)
with w = 1/2 when there are keywords (learned terms are weaker evidence), halved for each negative
word, in [0, 1]; the reasons name the keywords and learned terms found.
"""

from __future__ import annotations

import dataclasses
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import Stemmer

WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)

# One normalisation for keywords and page words: the Snowball English stemmer (the Porter2
# algorithm, a maintained library), so "vegetables" meets "vegetable", "beds" "bed", "baking" "bake".
# A hand-made suffix list folded "vegetables" to "vegetabl" and left "beds" whole (issue 16).
# PyStemmer runs Snowball's C code: the same stems as the pure-Python snowballstemmer (all 313,785
# distinct words of tests/fixtures), 11x faster a word (niche scoring was ~1/6 of a real-web crawl's CPU).
_STEMMER = Stemmer.Stemmer("english")

# Words every text has; never learned as niche terms (English, with a few French and German
# function words since niche blogs are not all English). Compared after folding.
_STOP = """
a about above after again against all almost also although always am among an and another any
anyone anything are around as at away back be because been before being below best better between
both but by can cannot could day days did do does doing done down during each easy either enough
even ever every few first for from full further get gets getting give go going good got great had
has have having he her here hers herself him himself his how however i if in into is it its itself
just keep kind know last later least less let like little long look lot lots made make makes many
may me might more most much must my myself need never new next no nor not now of off often old on
once one only or other our ours ourselves out over own part people per perhaps place put quite
rather really right said same say see seem seen several she should show since so some something
sometimes still such sure take than that the their theirs them themselves then there these they
thing things think this those though three through thus time times to today too took two under
until up upon us use used using very want was way we week weeks well went were what when where
whether which while who whom whose why will with within without would year years yes yet you your
yours yourself le la les un une des et est dans pour pas que qui sur avec der die das und ist nicht
ein eine mit auf den
able actually add again ago ahead already anyway area ask asked bad big bit came case change come
comes coming course different end ended far feel felt find found friend friends gave give given
goes gone hand hard head hear heard help hour hours idea keep kept knew large left life line
live lived looked looking lost love mean means mind minute minutes moment month months morning
name needed night note notes open others page pages point post posted posts pretty problem read
real reason remember rest run said saw second set short side simple small sort start started
stay step stop story talk tell tried try trying turn turned usually wait walk wanted watch whole
word words work worked works world write wrote yesterday tomorrow weekend evening afternoon home
blog comment comments reply share subscribe email contact privacy policy menu search archive
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december
"""

# Learning: seed pages needed before any term is learned, how many seed pages a term must be on,
# pseudo-documents of ordinary text added to the background (so with few pages seen, a word found
# on every seed page still is not certain to be a niche word), and how many terms are kept.
MIN_SEED_DOCS = 1
MIN_SEED_DF = 2
BACKGROUND_PRIOR_DOCS = 20
LEARNED_TERMS = 80
MIN_LEARNED_MASS = 10.0
# BM25's term-frequency saturation and length normalisation.
BM25_K1 = 1.2
BM25_B = 0.75
# How fast each part's evidence turns into a probability: a keyword density of 3 gives 0.63, a
# learned-term coverage of LEARNED_SCALE gives 0.63.
KEYWORD_SCALE = 3.0
LEARNED_SCALE = 0.12
# Learned terms are weaker evidence than the user's own keywords: next to keywords they count half
# (on the sample web this keeps the keywords' precision and adds recall: benchmarks/relevance_quality.py).
LEARNED_WEIGHT = 0.5
# Words of a page's text that are read: a thousand words say what a post is about, and reading
# them is most of the cost of scoring a page (tokenizing is linear in the text).
MAX_TERMS = 1000
# At most this much text is tokenized: analysis keeps as much of a post (document.MAIN_TEXT_CAP;
# a test keeps the two equal, without importing the analysis here).
MAX_TERM_CHARS = 8_000


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lower-case and stem a word (keywords and page words alike go through here)."""
    return str(_STEMMER.stemWord(word.lower().strip("'-")))


STOPWORDS = frozenset(fold(w) for w in _STOP.split())


def terms(text: str) -> list[str]:
    """The folded words of a text."""
    return list(map(fold, WORD.findall(text)))


@lru_cache(maxsize=64)
def page_terms(text: str) -> tuple[str, ...]:
    """The first MAX_TERMS folded words of a page's text, tokenized once per page.

    The spider (for link priorities), the learner and the relevance pipeline all read the same
    page text one after another; a str caches its own hash, so the look-up costs next to nothing.
    """
    found: list[str] = []
    more = found.extend
    rest = text[:MAX_TERM_CHARS]
    # Words never span whitespace. A token holds a word or so: split off only as many tokens as
    # words are still wanted (a long page's other tokens are never made), then the rest if short.
    while rest and len(found) < MAX_TERMS:
        wanted = MAX_TERMS - len(found)
        tokens = rest.split(None, wanted)
        rest = tokens.pop() if len(tokens) > wanted else ""
        for token in tokens:
            more(_token_terms(token))
    return tuple(found[:MAX_TERMS])


@lru_cache(maxsize=1 << 16)
def _token_terms(token: str) -> tuple[str, ...]:
    """The folded words of one whitespace-free token ("sourdough," -> ("sourdough",)).

    Pages of a niche repeat their vocabulary, so most tokens are found here: tokenizing a page
    token by token through this cache costs 0.6x one regex over its text.
    """
    return tuple(map(fold, WORD.findall(token)))


@lru_cache(maxsize=64)
def page_counts(text: str) -> Counter[str]:
    """How often each of ``page_terms(text)`` occurs; shared like it, so never modify the result."""
    return Counter(page_terms(text))


# One keyword: its variants (each a tuple of folded words), its weight, and its label for reasons.
Keyword = tuple[tuple[tuple[str, ...], ...], float, str]


def _parse_keyword(spec: str) -> Keyword:
    phrase, _, weight = spec.rpartition(":") if re.search(r":\d+(\.\d+)?$", spec) else (spec, "", "1")
    variants = tuple(t for t in (tuple(terms(v)) for v in phrase.split("|")) if t)
    label = phrase.split("|")[0].strip().lower()
    return variants, float(weight), label


@dataclass(frozen=True)
class NicheProfile:
    """Weighted keywords (with synonyms), negative words, and terms learned from seed pages."""

    name: str = ""
    phrases: tuple[Keyword, ...] = ()
    negative: frozenset[str] = frozenset()
    learned: Mapping[str, float] = field(default_factory=dict)  # term -> weight in (0, 1]
    threshold: float = 0.25
    avg_len: float = 400.0  # words in an average page, for BM25's length normalisation

    @classmethod
    def from_keywords(
        cls, keywords: tuple[str, ...] | list[str], negative: tuple[str, ...] | list[str] = (),
        name: str = "", threshold: float = 0.25,
    ) -> NicheProfile:
        """Build from config keywords (``"sourdough:2"`` doubles a weight, ``"a|b"`` are synonyms)."""
        phrases = tuple(p for p in (_parse_keyword(k) for k in keywords) if p[0])
        neg = frozenset(t for n in negative for t in terms(n))
        return cls(name=name, phrases=phrases, negative=neg, threshold=threshold)

    def with_learned(self, learned: Mapping[str, float], avg_len: float | None = None) -> NicheProfile:
        """The same profile with these learned terms (see `Learner.weights`)."""
        return dataclasses.replace(self, learned=dict(learned), avg_len=avg_len or self.avg_len)

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.learned

    @property
    def keyword_labels(self) -> tuple[str, ...]:
        """Each keyword as the reasons name it (its first synonym, without the weight)."""
        return tuple(label for _variants, _weight, label in self.phrases)

    def score(self, title: str, text: str) -> tuple[float, list[str]]:
        """Relevance of a page in [0, 1] and the reasons (matched terms, negative words)."""
        rel, reasons, _found = self.score_hits(title, text)
        return rel, reasons

    def score_hits(self, title: str, text: str, *, body: tuple[str, ...] | None = None,
                   ) -> tuple[float, list[str], frozenset[str]]:
        """`score`, and the label of every keyword found (the reasons name the five most frequent). ``body``:
        ``page_terms(text)`` when the caller has them already (`TermsMemo`)."""
        if self.empty:
            return 1.0, ["no niche configured: every page counts as on-niche"], frozenset()
        title_terms = terms(title)
        body_terms = page_terms(text) if body is None else body  # only read: no copy (~10 us a page)
        body_counts = page_counts(text) if body is None else Counter(body)
        keyword, hits = self._keywords(title_terms, body_terms, body_counts)
        learned, found = self._learned(body_counts, Counter(title_terms), len(title_terms) + len(body_terms))
        raw = 1 - (1 - keyword) * (1 - (LEARNED_WEIGHT if self.phrases else 1.0) * learned)
        neg_hits = sorted(w for w in self.negative if w in body_counts or w in title_terms)
        if neg_hits:
            raw *= 0.5 ** len(neg_hits)
        reasons = [f"matches {t!r} x{n}" for t, n in hits.most_common(5)]
        if found:
            reasons.append("seed-page terms: " + ", ".join(found[:6]))
        reasons += [f"negative word {w!r}" for w in neg_hits[:5]]
        if not reasons:
            reasons = ["no niche terms found"]
        return round(min(max(raw, 0.0), 1.0), 3), reasons, frozenset(hits)

    def _keywords(
        self, title_terms: list[str], body_terms: Sequence[str], body_counts: Counter[str]
    ) -> tuple[float, Counter[str]]:
        hits: Counter[str] = Counter()
        if not self.phrases:
            return 0.0, hits
        weighted = 0.0
        for variants, weight, label in self.phrases:
            # One-word keywords are counted from the page's term counts; phrases only where their first word is.
            n_body = sum(
                body_counts[v[0]] if len(v) == 1 else (_count_phrase(body_terms, v) if v[0] in body_counts else 0)
                for v in variants
            )
            n_title = sum(_count_phrase(title_terms, v) for v in variants)
            if n_body or n_title:
                hits[label] = n_body + n_title
                # Diminishing returns per keyword; the title counts as much as several mentions.
                weighted += weight * (math.log1p(n_body) + 1.5 * min(n_title, 1))
        density = weighted / math.sqrt(max(len(body_terms), 1) / 100 + 1)
        return 1 - math.exp(-density / KEYWORD_SCALE), hits

    def _learned(self, body: Counter[str], title: Counter[str], length: int) -> tuple[float, list[str]]:
        """BM25-style coverage of the learned terms, mapped into [0, 1); the terms found, best first."""
        if not self.learned:
            return 0.0, []
        # body + title without building their sum (a copy of every term of the page)
        tf = {t: body[t] + title[t] for t in self.learned if t in body or t in title}
        if not tf:
            return 0.0, []
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / self.avg_len)
        got = sum(self.learned[t] * n * (BM25_K1 + 1) / (n + norm) / (BM25_K1 + 1) for t, n in tf.items())
        # With few terms learned yet (the first seed pages of a first crawl), one common word found
        # must not count as full coverage: the mass is floored as if MIN_LEARNED_MASS weight were learned.
        coverage = got / max(sum(self.learned.values()), MIN_LEARNED_MASS)
        found = sorted(tf, key=lambda t: -self.learned[t] * math.log1p(tf[t]))
        return 1 - math.exp(-coverage / LEARNED_SCALE), found

    def link_score(self, anchor: str, url: str) -> float:
        """How strongly a link's anchor text and URL speak of the niche, in [0, 1]."""
        if not self.phrases:
            return 0.0
        parts = urlsplit(url)
        words = terms(anchor) + terms(unquote(parts.path).replace("-", " ").replace("_", " ").replace("/", " "))
        words += terms((parts.hostname or "").replace("-", " ").replace(".", " "))
        joined = "".join(words)
        got = 0.0
        for variants, weight, _label in self.phrases:
            for phrase in variants:
                if _count_phrase(words, phrase) or (len(phrase) == 1 and len(phrase[0]) > 4 and phrase[0] in joined):
                    got += weight
                    break
        if any(w in self.negative for w in words):
            return 0.0
        return min(got / 2, 1.0)


def _count_phrase(words: Sequence[str], phrase: tuple[str, ...]) -> int:
    if len(phrase) == 1:
        return words.count(phrase[0])
    n, k = 0, len(phrase)
    first = phrase[0]
    for i, w in enumerate(words):
        if w == first and tuple(words[i : i + k]) == phrase:
            n += 1
    return n


class TermsMemo:
    """`page_terms` of pages read once and wanted again: a crawl's pages, scored as they came, by the settle that
    ends it; a settle's learning pass by its scoring pass. By URL, at most ``limit`` pages, each given up when taken.

    What is kept for a page is only used for the same text: one of the same length and hash (Python's 64-bit
    string hash, the same in a forked child; the text itself is not kept, it would double the memory; terms another
    process sent, `keep_sent`, carry `text_check` instead). Anything else is tokenized again.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: dict[str, tuple[int, int, tuple[str, ...] | str]] = {}  # str: sent (`keep_sent`)

    def keep(self, url: str, text: str, terms: tuple[str, ...] | None = None) -> None:
        """Keep the page's terms (``terms``: they, when the caller has them), unless ``limit`` pages are kept."""
        if self._room(url):
            self.kept[url] = (len(text), hash(text), page_terms(text) if terms is None else terms)

    def keep_sent(self, url: str, length: int, check: int, joined: str) -> None:
        """Keep the terms another process sent for the page (`sent_terms`: its text's length and `text_check`, its
        terms space-joined), split only when taken; unless ``limit`` pages are kept."""
        if self._room(url):
            self.kept[url] = (length, check, joined)

    def _room(self, url: str) -> bool:
        """Whether ``url``'s terms may be kept: it is kept already (kept again), or fewer than ``limit`` pages are."""
        return len(self.kept) < self.limit or url in self.kept

    def update(self, kept: dict[str, tuple[int, int, tuple[str, ...] | str]]) -> None:
        """Keep what another memo kept (a forked child's share, its pages taken from a copy of this one), up to
        ``limit`` pages."""
        for url, got in kept.items():
            self.kept.pop(url, None)  # a child took it from its copy: it is still here
            if len(self.kept) < self.limit:
                self.kept[url] = got

    def take(self, url: str, text: str) -> tuple[str, ...]:
        """``page_terms(text)``: the kept terms of ``url`` if they are those of this text (and no longer kept)."""
        terms = _terms_of(self.kept.pop(url, None), text)
        return page_terms(text) if terms is None else terms

    def pass_on(self, url: str, text: str, later: TermsMemo) -> tuple[str, ...]:
        """``take(url, text)``, the terms kept in ``later`` too (up to its limit), for a later pass: sent terms stay
        one string there (a tuple of the strings a split made, each its own object, pickled ~3x bigger and ~10x
        slower than the same terms from `page_terms`, whose strings are shared, when a forked child sends them)."""
        got = self.kept.pop(url, None)
        terms = _terms_of(got, text)
        if terms is None or got is None:
            terms = page_terms(text)
            got = (len(text), hash(text), terms)
        if later._room(url):
            later.kept[url] = got
        return terms


def _terms_of(got: tuple[int, int, tuple[str, ...] | str] | None, text: str) -> tuple[str, ...] | None:
    """The terms a `TermsMemo` kept (``got``) if they are those of ``text``, else None."""
    if got is None or got[0] != len(text):
        return None
    terms = got[2]
    if isinstance(terms, str):  # sent by another process: its hash of the text is not this one's
        return tuple(terms.split(" ")) if got[1] == text_check(text) else None
    return terms if got[1] == hash(text) else None


def text_check(text: str) -> int:
    """A check of the part of a page's text its terms are read from (`page_terms`), the same in every process."""
    return zlib.crc32(text[:MAX_TERM_CHARS].encode("utf-8", "surrogatepass"))


def sent_terms(text: str) -> tuple[int, int, str] | None:
    """A page's terms for another process' `TermsMemo.keep_sent`: its text's length, `text_check`, and its terms
    joined by spaces (a term holds no whitespace: one string to send and one split, not a list of strings);
    None when they join to nothing (no terms, or one empty one: the split could not tell)."""
    joined = " ".join(page_terms(text))
    return (len(text), text_check(text), joined) if joined else None


class Learner:
    """Document frequencies over seed pages and over every page seen, for the learned terms.

    Seed pages are the pages of the seed sites and of the user's own site: what the user says the
    niche looks like. Every page seen (seed or not) is the background a term must stand out from.
    """

    def __init__(self) -> None:
        self.seed_docs = 0
        self.seed_df: Counter[str] = Counter()
        self.docs = 0
        self.df: Counter[str] = Counter()
        self.words = 0

    def add(self, title: str, text: str, *, seed: bool, body: tuple[str, ...] | None = None) -> None:
        """Count one page (its distinct terms) into the background, and into the seeds if it is one. ``body``:
        ``page_terms(text)`` when the caller has them already (`TermsMemo`)."""
        title_terms = terms(title)
        body = page_terms(text) if body is None else body
        # Distinct words: a set of the page's shared tokens (its counts are never read here: building them cost 2x
        # the set, for a settle or a crawl's start that meets each page once), then a few hundred filtered.
        distinct = {w for w in set(body).union(title_terms) if len(w) > 2 and w not in STOPWORDS}
        self.docs += 1
        self.words += len(title_terms) + len(body)
        self.df.update(distinct)
        if seed:
            self.seed_docs += 1
            self.seed_df.update(distinct)

    @classmethod
    def merged(cls, parts: Iterable[Learner]) -> Learner:
        """One Learner holding the counts of ``parts`` (each fed other pages): as if it had been fed them all."""
        whole = cls()
        for part in parts:
            whole.seed_docs += part.seed_docs
            whole.seed_df.update(part.seed_df)
            whole.docs += part.docs
            whole.df.update(part.df)
            whole.words += part.words
        return whole

    @property
    def avg_len(self) -> float:
        return self.words / self.docs if self.docs else 400.0

    def weights(self, top: int = LEARNED_TERMS) -> dict[str, float]:
        """The `top` niche terms: share of seed pages x log-IDF over all pages seen, scaled to max 1."""
        if self.seed_docs < MIN_SEED_DOCS:
            return {}
        min_df = min(MIN_SEED_DF, self.seed_docs)
        total = self.docs + BACKGROUND_PRIOR_DOCS
        scored = {
            t: (n / self.seed_docs) * math.log(total / (self.df[t] + 1))
            for t, n in self.seed_df.items()
            if n >= min_df
        }
        best = sorted(((w, t) for t, w in scored.items() if w > 0), reverse=True)[:top]
        if not best:
            return {}
        high = best[0][0]
        return {t: round(w / high, 4) for w, t in best}
