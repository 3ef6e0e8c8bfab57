"""The outreach log: statuses, idempotent marks, and fingerprints that refuse a reused comment."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import time_machine

from linktrail.outreach import (
    DuplicateComment,
    OutreachError,
    find_duplicate,
    fingerprint,
    jaccard,
    mark,
    mark_summary,
    normalise_comment,
    read_comment,
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


def test_mark_refuses_a_future_date_and_finds_the_page_with_or_without_its_slash(rdb: ReportDB) -> None:
    with time_machine.travel("2026-11-23 12:00", tick=False):
        with pytest.raises(OutreachError, match="2026-11-24 is in the future"):
            mark(rdb.db, "https://a.example/post/", "done", day=date(2026, 11, 24))
        done = mark(rdb.db, "https://a.example/post", "done", day=date(2026, 11, 23))
    assert done.url == "https://a.example/post/"
    rdb.page("https://d.example/no-slash")
    assert mark(rdb.db, "https://d.example/no-slash/", "skipped", day=date(2026, 11, 20)).url == \
        "https://d.example/no-slash"
    assert rdb.count("outreach") == 2


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


def test_fingerprints_and_shingle_hashes_are_stable_literals() -> None:
    """Stored in the database: a change of hash, encoding or byte order would miss every earlier comment."""
    assert fingerprint("Great post!") == "d8f3dd7b5373b52c92650b18bc9635e512b98117b9f6629c5b720b39a2dc9b52"
    assert sorted(shingles("a b c d")) == [3516195607690045812, 13749369363724663986]
    assert shingles("one two") == frozenset({561697725256166493})  # shorter than 3 words: the whole text
    assert shingles("  ... ") == frozenset()


def test_jaccard_of_an_empty_set_is_zero() -> None:
    assert (jaccard(frozenset(), frozenset()), jaccard(frozenset({1}), frozenset()),
            jaccard(frozenset(), frozenset({1}))) == (0.0, 0.0, 0.0)


def test_find_duplicate_skips_the_same_page_reports_exact_and_the_earliest_of_equals(rdb: ReportDB) -> None:
    text = "alpha bravo charlie delta echo"
    for n, (site, comment) in enumerate([("a", text), ("b", text + " foxtrot"), ("c", text + " golf")]):
        # written as stored rows: mark() itself would refuse the near-duplicates
        rdb.db["outreach"].insert({
            "url": f"https://{site}.example/post/", "domain": f"{site}.example", "kind": "comment", "status": "done",
            "date": f"2026-11-0{n + 2}", "created": "2026-11-02T10:00:00+00:00", "updated": "2026-11-02T10:00:00+00:00",
            "fingerprint": fingerprint(comment), "shingles": json.dumps(sorted(shingles(comment)))})
    exact = find_duplicate(rdb.db, text, exclude_url="https://b.example/post/")
    assert exact is not None and (exact.url, exact.day, exact.similarity) == ("https://a.example/post/", "2026-11-02", 1.0)
    # a.example's own comment is skipped, not the end of the search
    later = find_duplicate(rdb.db, text, exclude_url="https://a.example/post/")
    assert later is not None and (later.url, later.similarity) == ("https://b.example/post/", 0.75)
    # b and c are equally alike (3 of 4 shingles): the earlier one is named
    near = find_duplicate(rdb.db, text + " hotel", exclude_url="https://a.example/post/")
    assert near is not None and (near.url, near.day) == ("https://b.example/post/", "2026-11-03")
    # a row from before shingles were stored still compares (as no shingles)
    rdb.db.execute("update outreach set shingles = null, fingerprint = 'x' where url = 'https://a.example/post/'")
    assert find_duplicate(rdb.db, "zulu yankee xray", exclude_url=None) is None


def test_messages_and_summaries_word_for_word(rdb: ReportDB, tmp_path: Path) -> None:
    assert str(DuplicateComment("https://a.example/p/", "2026-11-02", 0.5)) == (
        "this comment is nearly the same (50% alike) as the one you left on https://a.example/p/ on 2026-11-02; "
        "write a new one for this post (nothing recorded)")
    first = mark(rdb.db, "https://a.example/post/", "done", day=date(2026, 11, 2))
    assert mark_summary(first) == "recorded: https://a.example/post/ done on 2026-11-02 (comment, a.example)"
    again = mark(rdb.db, "https://a.example/post/", "done", note="n", day=date(2026, 11, 2))
    assert mark_summary(again) == "updated: https://a.example/post/ done on 2026-11-02 (comment, a.example)"
    bom = tmp_path / "c.txt"
    bom.write_bytes("\ufeffHello there".encode())
    assert read_comment(str(bom)) == "Hello there"
    with pytest.raises(OutreachError, match=r"missing.txt: cannot read the comment: \[Errno 2\]"):
        read_comment(str(tmp_path / "missing.txt"))


def test_updating_a_mark_keeps_what_it_does_not_restate(rdb: ReportDB) -> None:
    with time_machine.travel("2026-11-20T10:00:00+00:00", tick=False):
        first = mark(rdb.db, "https://a.example/post/", "done", note="first", comment=COMMENT, day=date(2026, 11, 20))
    with time_machine.travel("2026-11-21T09:00:00+00:00", tick=False):
        again = mark(rdb.db, "https://a.example/post/", "done", day=date(2026, 11, 20))
    assert (first.updated, again.updated, again.id) == (False, True, first.id)
    row = rdb.db["outreach"].get(first.id)
    assert (row["note"], row["fingerprint"], row["created"], row["updated"]) == (
        "first", fingerprint(COMMENT), "2026-11-20T10:00:00+00:00", "2026-11-21T09:00:00+00:00")
    assert row["shingles"] == json.dumps(sorted(shingles(COMMENT)))
    with pytest.raises(OutreachError, match=r"^unknown status 'posted' \(one of: "):
        mark(rdb.db, "https://a.example/post/", "posted")
