"""The labelled corpus of real saved pages (tests/fixtures/corpus/labels.tsv): rows, pages, the analyser's verdicts."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from crawler.analysis import CommentFacts, analyse
from crawler.analysis.encoding import decode

from .pages import FIXTURES, PAGES, TODAY, WORDPRESS

CORPUS = FIXTURES / "corpus"
LABELS = CORPUS / "labels.tsv"
# Every saved real page: the fixture pages, the WordPress captures and the labelled corpus.
SAVED_REAL = tuple(sorted([*PAGES.glob("*.html"), *WORDPRESS.glob("*.html"), *CORPUS.glob("*.html.gz")]))


@dataclass(frozen=True)
class Label:
    """What a person read in a page's markup."""

    file: str
    source: str
    url: str
    language: str
    state: str
    system: str | None
    website_field: bool | None
    captcha: str


def _flag(text: str) -> bool | None:
    return {"yes": True, "no": False}.get(text)


@cache
def labels(path: Path = LABELS) -> tuple[Label, ...]:
    """The corpus labels, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return tuple(Label(r["file"], r["source"], r["url"], r["language"], r["state"], r["system"] or None,
                       _flag(r["website_field"]), r["captcha"]) for r in rows)


@cache
def verdict(label: Label) -> CommentFacts:
    """The analyser's comment facts for a corpus page."""
    body = gzip.decompress((CORPUS / label.file).read_bytes())
    return analyse(label.url, body, today=TODAY).comments


def page_path(name: str) -> Path:
    return CORPUS / name


def saved_text(path: Path) -> str:
    """A saved page's text, decoded as analysis decodes fetched bytes."""
    data = path.read_bytes()
    return decode(gzip.decompress(data) if path.suffix == ".gz" else data, {})[0]


CHUNKS = 4  # a test over every saved page runs as this many, parametrized by chunk: each a quarter of the pages


def saved_chunk(chunk: int) -> tuple[Path, ...]:
    """One of CHUNKS shares of the saved real pages (all of them, between the chunks)."""
    assert len(SAVED_REAL) > 400
    return SAVED_REAL[chunk::CHUNKS]
