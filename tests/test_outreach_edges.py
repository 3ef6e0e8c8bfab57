"""The outreach log's edges: where a mark's kind comes from, finding the stored URL, its messages word for word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from linktrail.outreach import OutreachError, mark
from tests.report_db import ReportDB

DAY = date(2026, 11, 20)


@pytest.fixture
def rdb(tmp_path: Path) -> ReportDB:
    return ReportDB(tmp_path / "outreach.db")


def test_the_kind_is_the_latest_plans_then_the_pages_then_comment(rdb: ReportDB) -> None:
    rdb.page("https://a.example/post/", kind="comment")
    rdb.plan_row("2026-11-18", "https://a.example/post/", kind="comment")
    rdb.plan_row("2026-11-19", "https://a.example/post/", kind="guest_post")
    assert mark(rdb.db, "https://a.example/post/", "done", day=DAY).kind == "guest_post"
    rdb.page("https://g.example/write-for-us/", kind="guest_post")
    assert mark(rdb.db, "https://g.example/write-for-us/", "done", day=DAY).kind == "guest_post"
    rdb.page("https://n.example/about/", kind="none")
    assert mark(rdb.db, "https://n.example/about/", "skipped", day=DAY).kind == "comment"


def test_the_stored_url_is_found_with_or_without_a_slash_before_its_query(rdb: ReportDB) -> None:
    rdb.page("https://a.example/p/?x=1")
    assert mark(rdb.db, "https://a.example/p?x=1", "done", day=DAY).url == "https://a.example/p/?x=1"
    rdb.page("https://b.example/TAX")
    assert mark(rdb.db, "https://b.example/TAX/", "done", day=DAY).url == "https://b.example/TAX"


def test_a_database_without_pages_knows_no_url(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "empty.db")
    with pytest.raises(OutreachError) as no_page:
        mark(db, "https://a.example/post/", "done", day=DAY)
    assert str(no_page.value) == ("https://a.example/post/ is not in the database: mark a URL from the plan or "
                                  "`linktrail export` (crawl it first if it is new)")


def test_bad_input_messages_word_for_word(rdb: ReportDB) -> None:
    rdb.page("https://a.example/post/")
    with pytest.raises(OutreachError) as status:
        mark(rdb.db, "https://a.example/post/", "posted", day=DAY)
    assert str(status.value) == "unknown status 'posted' (one of: planned, done, skipped, replied, accepted, rejected, live)"
    with pytest.raises(OutreachError) as empty:
        mark(rdb.db, "https://a.example/post/", "done", comment=" -- ", day=DAY)
    assert str(empty.value) == "the comment file has no words in it"
