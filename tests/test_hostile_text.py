"""Hostile page text through every output: no control character, escape sequence or bidi override reaches a file
or a terminal (JSON escapes them), no formula cell in a CSV, no markup unescaped in HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.clock import today, utcnow_precise
from crawler.items import CheckItem
from linktrail.backlinks import add_backlink
from pipelines.backlinks import record_checks
from tests.conftest import Runner
from tests.report_db import ReportDB

# Clear the screen and set the window title; an OSC 8 hyperlink; a right-to-left override; an 8-bit CSI (C1);
# a spreadsheet formula; markup.
HOSTILE = (
    "\x1b[2J\x1b]0;pwned\x07Clear",
    "\x1b]8;;http://evil.example/\x07click me\x1b]8;;\x07",
    "Report\u202efdp.exe\u202c",
    "\x9b31mC1 red",
    '=HYPERLINK("http://evil.example/","x")',
    "<script>alert(1)</script><b>bold</b>",
)
# Raw control characters (but the line ends a file may use) and bidi overrides.
RAW = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    rdb = ReportDB(tmp_path / "linktrail.db")
    # Posts of last week, whatever day this runs: the report and the export gate comment targets by the post's age
    # to today (a fixed date would leave them out some months later, and the outputs would show less hostile text)
    week_ago = (today() - timedelta(days=7)).isoformat()
    for i, text in enumerate(HOSTILE):
        kind = "guest_post" if i % 2 else "comment"
        rdb.page(f"https://h{i}.example/post/", kind=kind, value=90 - i, blog=text, title=f"{text} title",
                 published=week_ago, newest_comment=f"{week_ago}T10:00:00+00:00")
    ids = [add_backlink(rdb.db, f"https://h{i}.example/post/", "me.example", anchor=text)[0]
           for i, text in enumerate(HOSTILE)]
    now = utcnow_precise()
    record_checks(rdb.db, [CheckItem(backlink_id=b, checked_at=now, status="live" if i % 2 else "blocked",
                                     http_status=200, anchor=HOSTILE[i], rel=["ugc"], error=HOSTILE[i],
                                     extra={"found": bool(i % 2)}) for i, b in enumerate(ids)])
    rdb.db.conn.close()
    (tmp_path / "page.html").write_text(
        f"<html><head><title>{HOSTILE[0]} {HOSTILE[1]} {HOSTILE[2]} {HOSTILE[3]}</title></head>"
        "<body><p>Hello.</p></body></html>", encoding="utf-8")
    return tmp_path


OUTPUTS = {
    "export csv": ("export",),
    "export json": ("export", "--format", "json"),
    "report text": ("report", "--dry-run"),
    "report csv": ("report", "--dry-run", "--format", "csv"),
    "report md": ("report", "--dry-run", "--format", "md"),
    "report html": ("report", "--dry-run", "--format", "html"),
    "report json": ("report", "--dry-run", "--format", "json"),
    "backlinks report": ("backlinks", "report", "--all"),
    "backlinks report json": ("backlinks", "report", "--all", "--format", "json"),
    "classify text": ("classify", "page.html", "--url", "https://h0.example/post/"),
    "classify json": ("classify", "page.html", "--url", "https://h0.example/post/", "--json"),
}


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_hostile_page_text_reaches_no_output_raw(work: Path, name: str) -> None:
    proc = Runner(work)(*OUTPUTS[name], check=False)
    assert proc.returncode in (0, 1), proc.stderr
    out = proc.stdout
    assert "pwned" in out or "click me" in out or "red" in out  # the hostile text is there, made inert
    assert not RAW.findall(out), f"{name}: {sorted(set(RAW.findall(out)))!r}"
    assert not RAW.findall(proc.stderr)
    if name.endswith("json"):
        text = json.dumps(json.loads(out), ensure_ascii=False)  # the values are kept as they were
        assert any(h in text for h in HOSTILE)
    if name.endswith("csv"):
        cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
        assert not [c for c in cells if c.startswith(FORMULA)]
    if name.endswith("html"):
        assert "<script>alert" not in out and "<b>bold" not in out
