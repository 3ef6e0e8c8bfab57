"""The outreach log (`linktrail mark`): statuses per target, and fingerprints that catch a reused comment."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from crawler.clock import today, utcnow
from crawler.urls import canonical_url
from pipelines.store import transaction

OUTREACH_STATUSES = ("planned", "done", "skipped", "replied", "accepted", "rejected", "live")
KINDS = ("comment", "guest_post")

# Near-duplicate: word 3-shingles, exact Jaccard similarity against every earlier comment. Comments
# are short and a person writes a few a day, so an exact comparison of stored shingle hashes is fast
# (thousands of comments in milliseconds) and needs no dependency; MinHash (datasketch) only pays
# off at millions of documents.
SHINGLE_WORDS = 3
NEAR_DUPLICATE = 0.5  # Jaccard at or above which two comments are "nearly the same"

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)


class OutreachError(ValueError):
    """Bad input to the outreach log (unknown URL or status, unreadable comment): nothing was changed."""


class DuplicateComment(Exception):
    """The comment is the same as, or nearly the same as, one left earlier; nothing was changed."""

    def __init__(self, url: str, day: str, similarity: float) -> None:
        self.url, self.day, self.similarity = url, day, similarity
        same = "the same as" if similarity >= 1.0 else f"nearly the same ({similarity:.0%} alike) as"
        super().__init__(f"this comment is {same} the one you left on {url} on {day}; "
                         "write a new one for this post (nothing recorded)")


def normalise_comment(text: str) -> str:
    """Lower-case words only: Unicode-normalised, links replaced by a token, punctuation and spacing gone."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _URL.sub(" urltoken ", text)
    return " ".join(_WORD.findall(text))


def fingerprint(text: str) -> str:
    """SHA-256 of the normalised text: equal for comments that differ only in case, spacing, punctuation."""
    return hashlib.sha256(normalise_comment(text).encode("utf-8")).hexdigest()


def _h(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of the word k-shingles of the normalised text (the whole text when shorter than k words)."""
    words = normalise_comment(text).split()
    if len(words) < k:
        return frozenset({_h(" ".join(words))}) if words else frozenset()
    return frozenset(_h(" ".join(words[i:i + k])) for i in range(len(words) - k + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """|A ∩ B| / |A ∪ B| (0 when both are empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Marked:
    """What `mark` recorded."""

    id: int
    url: str
    domain: str
    kind: str
    status: str
    date: str
    updated: bool  # an existing row for the same URL, status and date was updated


def find_duplicate(db: sqlite_utils.Database, text: str, *, exclude_url: str | None = None,
                   threshold: float = NEAR_DUPLICATE) -> DuplicateComment | None:
    """The earlier comment most like ``text`` at or above ``threshold`` (other URLs only), if any."""
    fp, mine = fingerprint(text), shingles(text)
    best: tuple[float, str, str] | None = None
    for r in db.query("select url, date, fingerprint, shingles from outreach where fingerprint is not null "
                      "order by date, id"):
        if r["url"] == exclude_url:
            continue
        if r["fingerprint"] == fp:
            return DuplicateComment(r["url"], r["date"], 1.0)
        theirs = frozenset(json.loads(r["shingles"] or "[]"))
        sim = jaccard(mine, theirs)
        if sim >= threshold and (best is None or sim > best[0]):
            best = (sim, r["url"], r["date"])
    return DuplicateComment(best[1], best[2], best[0]) if best else None


def mark(db: sqlite_utils.Database, url: str, status: str, *, note: str | None = None,
         comment: str | None = None, day: date | None = None) -> Marked:
    """Record a status for a crawled page (one row per URL, status and date; history kept).

    Raises:
        OutreachError: the status is unknown, the URL is not a page in the database, or the comment is empty.
        DuplicateComment: ``comment`` repeats (or nearly repeats) one left on another page.
    """
    if status not in OUTREACH_STATUSES:
        raise OutreachError(f"unknown status {status!r} (one of: {', '.join(OUTREACH_STATUSES)})")
    try:
        canon = canonical_url(url)
    except ValueError as exc:
        raise OutreachError(str(exc)) from None
    if day is not None and day > today():
        raise OutreachError(f"{day.isoformat()} is in the future: mark what you did, on the day you did it")
    page = None
    if db["pages"].exists():  # the URL as stored by the crawl, with or without a trailing slash
        path_end = canon.split("?", 1)[0]
        other = (path_end.rstrip("/") if path_end.endswith("/") else path_end + "/") + canon[len(path_end):]
        rows = {r["url"]: r for r in db.query("select url, site, opportunity from pages where url in (?, ?)",
                                              [canon, other])}
        page = rows.get(canon) or rows.get(other)
        canon = page["url"] if page else canon
    if page is None:
        raise OutreachError(f"{canon} is not in the database: mark a URL from the plan or "
                            "`linktrail export` (crawl it first if it is new)")
    if comment is not None and not normalise_comment(comment):
        raise OutreachError("the comment file has no words in it")
    planned = next(db.query("select kind from plans where url = ? order by date desc limit 1", [canon]), None)
    kind = planned["kind"] if planned else (page["opportunity"] if page["opportunity"] in KINDS else "comment")
    when = (day or today()).isoformat()
    with transaction(db):
        if comment is not None:
            dup = find_duplicate(db, comment, exclude_url=canon)
            if dup is not None:
                raise dup
        now = utcnow()
        same = next(db.query("select * from outreach where url = ? and status = ? and date = ? order by id desc "
                             "limit 1", [canon, status, when]), None)
        row: dict[str, Any] = {
            "url": canon, "domain": page["site"], "kind": kind, "status": status, "date": when,
            "note": note if note is not None else (same or {}).get("note"),
            "fingerprint": fingerprint(comment) if comment is not None else (same or {}).get("fingerprint"),
            "shingles": (json.dumps(sorted(shingles(comment))) if comment is not None
                         else (same or {}).get("shingles")),
            "created": same["created"] if same else now, "updated": now,
        }
        if same:
            db.table("outreach").update(same["id"], row)
            row_id = int(same["id"])
        else:
            table = db.table("outreach")
            table.insert(row)
            row_id = int(table.last_pk or 0)
    return Marked(row_id, canon, page["site"], kind, status, when, bool(same))


def mark_summary(m: Marked) -> str:
    """One line saying what was recorded."""
    verb = "updated" if m.updated else "recorded"
    return f"{verb}: {m.url} {m.status} on {m.date} ({m.kind}, {m.domain})"


def read_comment(path: str) -> str:
    """The text of a comment file (UTF-8, a BOM allowed).

    Raises:
        OutreachError: the file cannot be read or is not UTF-8 text.
    """
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise OutreachError(f"{path}: cannot read the comment: {exc}") from None
