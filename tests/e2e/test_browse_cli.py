"""`linktrail opportunities`, `sites` and `footprints` as a user runs them: ranked, with reasons, hostile text tamed."""

from __future__ import annotations

import csv
import io
import json

import pytest

from linktrail.web.app import is_loopback
from tests.conftest import Runner, write_config
from tests.report_db import ReportDB

pytestmark = pytest.mark.e2e

EVIL = "=HYPERLINK(\"http://x\")\x1b[31m red"


@pytest.fixture
def seeded(linktrail: Runner) -> Runner:
    r = ReportDB(linktrail.cwd / "linktrail.db")
    r.page("https://crumb.example/rye/", value=90, blog="Crumb", title=EVIL,
           value_reasons='["+40 comment form open (wordpress)", "+25 website field"]')
    r.page("https://levain.example/closed/", value=95, comment_state="closed")
    r.page("https://off.example/post/", value=80, relevance=0.1)
    r.page("https://guest.example/write-for-us/", kind="guest_post", value=70)
    r.db.conn.close()
    write_config(linktrail.cwd / "linktrail.toml", niche={"name": "sourdough", "keywords": ["sourdough:2", "levain|starter"]})
    return linktrail


def test_opportunities_ranked_with_reasons(seeded: Runner) -> None:
    out = seeded("opportunities").stdout
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["1.", "90", "comment"] and "\x1b" not in out
    assert lines[2].strip() == "+40 comment form open (wordpress); +25 website field"
    assert "https://guest.example/write-for-us/" in lines[4] and "closed" not in out and "off.example" not in out
    rows = json.loads(seeded("opportunities", "--all", "--format", "json").stdout)
    assert [r["url"] for r in rows] == ["https://levain.example/closed/", "https://crumb.example/rye/",
                                        "https://off.example/post/", "https://guest.example/write-for-us/"]
    only = json.loads(seeded("opportunities", "--kind", "comment", "--min-value", "85", "--all", "--format",
                             "json").stdout)
    assert [r["url"] for r in only] == ["https://levain.example/closed/", "https://crumb.example/rye/"]
    site = json.loads(seeded("opportunities", "--site", "guest.example", "--format", "json").stdout)
    assert [r["kind"] for r in site] == ["guest_post"]
    table = list(csv.DictReader(io.StringIO(seeded("opportunities", "--format", "csv").stdout)))
    assert table[0]["title"] == "'=HYPERLINK(\"http://x\") [31m red"
    assert table[0]["reasons"].startswith("'+40")


def test_sites_ranked_with_reasons(seeded: Runner) -> None:
    rows = json.loads(seeded("sites", "--format", "json").stdout)
    assert [r["domain"] for r in rows] == sorted((r["domain"] for r in rows), key=lambda d: (
        -next(x["relevance"] for x in rows if x["domain"] == d), d))
    crumb = next(r for r in rows if r["domain"] == "crumb.example")
    assert crumb["comment_targets"] == 1 and crumb["last_post"] == "2026-11-10"
    assert crumb["reasons"].startswith("relevance 0.90 (on niche, threshold 0.25); 1 comment target(s)")
    niche = seeded("sites", "--niche-only").stdout
    assert "crumb.example" in niche


def test_footprints_from_the_niche_keywords(seeded: Runner) -> None:
    lines = seeded("footprints", "--kind", "guest_post").stdout.splitlines()
    assert lines[:2] == ['"sourdough" "write for us"', '"sourdough" "guest post guidelines"']
    assert '"starter" inurl:write-for-us' in lines and all("sourdough:2" not in x for x in lines)
    both = seeded("footprints").stdout.splitlines()
    assert '"levain" "leave a comment"' in both and len(both) == 3 * (5 + 6)
    rows = list(csv.DictReader(io.StringIO(seeded("footprints", "--format", "csv").stdout)))
    assert rows[0] == {"kind": "comment", "keyword": "sourdough", "query": '"sourdough" "leave a comment"'}


def test_footprints_without_keywords_is_exit_2(linktrail: Runner) -> None:
    proc = linktrail("footprints", check=False)
    assert proc.returncode == 2 and "no niche keywords" in proc.stderr


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True),
                                                ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False)])
def test_only_loopback_is_quiet(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
