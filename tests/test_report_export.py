"""`linktrail export` as a library: which targets, since when, with status, and formula-safe CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from linktrail.export import COLUMNS, ExportError, export_rows, export_text
from tests.report_db import ReportDB

EVIL = "=cmd|' /C calc'!A0"
# The day the rows below are dated for: the export counts post ages to it, not to the real today (on which the
# posts of 2026-11-10 grow past the plan's 180-day gate and leave the export)
DAY = date(2026, 11, 23)


@pytest.fixture
def rdb(tmp_path: Path) -> ReportDB:
    r = ReportDB(tmp_path / "export.db")
    r.page("https://a.example/post/", value=90, title=EVIL, first_seen="2026-11-20T08:00:00+00:00")
    r.page("https://b.example/post/", value=80, blog="@Bread & Co", first_seen="2026-11-01T08:00:00+00:00")
    r.page("https://g.example/write/", kind="guest_post", value=70, title="+Guest posts wanted",
           first_seen="2026-11-21T08:00:00+00:00")
    r.page("https://off.example/post/", relevance=0.0)
    r.outreach("https://b.example/post/", "done", "2026-11-18")
    return r


def test_kinds_since_and_status(rdb: ReportDB) -> None:
    every = export_rows(rdb.db, threshold=0.25, day=DAY)
    assert [r["url"] for r in every] == ["https://g.example/write/", "https://a.example/post/", "https://b.example/post/"]
    assert [r["url"] for r in export_rows(rdb.db, kind="comment", threshold=0.25, day=DAY)] == [
        "https://a.example/post/", "https://b.example/post/"]
    assert [r["url"] for r in export_rows(rdb.db, since=date(2026, 11, 20), threshold=0.25, day=DAY)] == [
        "https://g.example/write/", "https://a.example/post/"]
    b = next(r for r in every if r["domain"] == "b.example")
    assert (b["status"], b["status_date"], b["blog"]) == ("done", "2026-11-18", "@Bread & Co")
    with pytest.raises(ExportError):
        export_rows(rdb.db, kind="pages")


def test_csv_is_formula_safe_utf8_with_a_header(rdb: ReportDB) -> None:
    text = export_text(export_rows(rdb.db, threshold=0.25, day=DAY), "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(COLUMNS)
    cells = [c for r in rows[1:] for c in r]
    assert f"'{EVIL}" in cells and "'@Bread & Co" in cells and "'+Guest posts wanted" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any("newest comment 3 days ago" in c for c in cells)


def test_json_keeps_values_as_they_are(rdb: ReportDB) -> None:
    data = json.loads(export_text(export_rows(rdb.db, threshold=0.25, day=DAY), "json"))
    assert data[1]["title"] == EVIL and data[1]["value"] == 90
