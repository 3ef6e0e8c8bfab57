"""The outreach log: statuses, idempotent marks, and fingerprints that refuse a reused comment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine

from linktrail.outreach import (
    DuplicateComment,
    OutreachError,
    fingerprint,
    jaccard,
    mark,
    normalise_comment,
    shingles,
)
from tests.report_db import ReportDB

COMMENT = (
    "Thanks for the detailed walk-through of the rye starter. I fed mine twice a day at 25 degrees "
    "and it doubled by day four; the tip about discarding less early on made the difference for me."
)


@pytest.fixture
def rdb(tmp_path: Path) -> ReportDB:
    r = ReportDB(tmp_path / "outreach.db")
    for name in ("a", "b", "c"):
        r.page(f"https://{name}.example/post/")
    r.page("https://g.example/write-for-us/", kind="guest_post")
    return r


def test_normalise_ignores_case_spacing_punctuation_and_links() -> None:
    a = "Great  post, Anna!\nSee https://me.example/x?utm=1"
    b = "great post anna see http://other.example/"
    assert normalise_comment(a) == normalise_comment(b) == "great post anna see urltoken"
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint("great post bob")


@pytest.mark.parametrize(
    ("other", "near"),
    [
        (COMMENT, True),
        (COMMENT.upper().replace(",", ";"), True),
        (COMMENT.replace("twice a day", "two times daily"), True),
        (COMMENT + " Looking forward to the next bake!", True),
        ("I tried this with spelt and it went flat: any idea whether the hydration should be lower?", False),
        ("Thanks for the detailed walk-through.", False),
    ],
)
def test_near_duplicates(other: str, near: bool) -> None:
    assert (jaccard(shingles(COMMENT), shingles(other)) >= 0.5) is near


def test_mark_records_history_and_is_idempotent(rdb: ReportDB) -> None:
    m1 = mark(rdb.db, "https://A.example/post/#comments", "done", note="first", day=date(2026, 11, 20))
    assert (m1.url, m1.domain, m1.kind, m1.status, m1.date, m1.updated) == (
        "https://a.example/post/", "a.example", "comment", "done", "2026-11-20", False)
    again = mark(rdb.db, "https://a.example/post/", "done", day=date(2026, 11, 20))
    assert again.updated and again.id == m1.id
    live = mark(rdb.db, "https://a.example/post/", "live", day=date(2026, 11, 22))
    assert live.id != m1.id
    rows = list(rdb.db.query("select status, date, note from outreach order by id"))
    assert rows == [{"status": "done", "date": "2026-11-20", "note": "first"},
                    {"status": "live", "date": "2026-11-22", "note": None}]
    assert mark(rdb.db, "https://g.example/write-for-us/", "done").kind == "guest_post"


def test_mark_defaults_to_today(rdb: ReportDB) -> None:
    with time_machine.travel("2026-11-23T10:00:00+00:00", tick=False):
        assert mark(rdb.db, "https://b.example/post/", "skipped").date == "2026-11-23"


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("https://nowhere.example/post/", "done", "is not in the database"),
        ("not a url", "done", r"not an http\(s\) URL"),
        ("https://a.example/post/", "finished", "unknown status 'finished'"),
    ],
)
def test_bad_input_changes_nothing(rdb: ReportDB, url: str, status: str, message: str) -> None:
    with pytest.raises(OutreachError, match=message):
        mark(rdb.db, url, status, comment=COMMENT)
    assert rdb.count("outreach") == 0


def test_a_reused_comment_is_refused_naming_the_earlier_one(rdb: ReportDB) -> None:
    mark(rdb.db, "https://a.example/post/", "done", comment=COMMENT, day=date(2026, 11, 2))
    with pytest.raises(DuplicateComment) as exact:
        mark(rdb.db, "https://b.example/post/", "done", comment=COMMENT.upper(), day=date(2026, 11, 23))
    assert exact.value.url == "https://a.example/post/" and exact.value.day == "2026-11-02"
    assert "the same as the one you left on https://a.example/post/ on 2026-11-02" in str(exact.value)
    near = COMMENT.replace("twice a day", "two times daily")
    with pytest.raises(DuplicateComment, match=r"nearly the same \(\d+% alike\) as the one you left on "
                                               r"https://a.example/post/ on 2026-11-02"):
        mark(rdb.db, "https://b.example/post/", "done", comment=near)
    assert rdb.count("outreach") == 1
    fresh = "Your photos of the crumb convinced me to try a longer cold proof; mine came out more open."
    assert mark(rdb.db, "https://b.example/post/", "done", comment=fresh).status == "done"
    # The same comment on the same page (done, then live) is not a reuse.
    assert mark(rdb.db, "https://a.example/post/", "live", comment=COMMENT).status == "live"


def test_an_empty_comment_is_bad_input(rdb: ReportDB) -> None:
    with pytest.raises(OutreachError, match="no words"):
        mark(rdb.db, "https://a.example/post/", "done", comment="  ... \n")


def test_near_duplicate_threshold_is_half_inclusive(rdb: ReportDB) -> None:
    """Jaccard of word 3-shingles: exactly 0.5 is refused, 0.4 is not (literal shingle counts below)."""
    first = "alpha bravo charlie delta echo"  # alpha bravo charlie / bravo charlie delta / charlie delta echo
    half = "alpha bravo charlie delta foxtrot"  # shares 2, union 4: 0.5
    less = "alpha bravo charlie delta foxtrot golf"  # shares 2, union 5: 0.4
    assert (jaccard(shingles(first), shingles(half)), jaccard(shingles(first), shingles(less))) == (0.5, 0.4)
    mark(rdb.db, "https://a.example/post/", "done", comment=first, day=date(2026, 11, 2))
    with pytest.raises(DuplicateComment, match=r"nearly the same \(50% alike\)") as dup:
        mark(rdb.db, "https://b.example/post/", "done", comment=half, day=date(2026, 11, 3))
    assert dup.value.similarity == 0.5
    assert mark(rdb.db, "https://b.example/post/", "done", comment=less, day=date(2026, 11, 3)).status == "done"
