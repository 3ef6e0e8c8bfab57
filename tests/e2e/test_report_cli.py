"""End to end: `linktrail report`, `mark` and `export` as subprocesses on a seeded database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.clock import today
from tests.conftest import Runner, write_config
from tests.report_db import ReportDB

pytestmark = pytest.mark.e2e

DAY = "2026-11-23"
FEED = "https://me.example/feed.xml"
COMMENT = ("Your note on autolyse timing matched what I saw with a 75% hydration dough: twenty minutes "
           "was enough, and the extra rest only made the shaping harder for me.")


def seed(cwd: Path) -> ReportDB:
    r = ReportDB(cwd / "linktrail.db")
    for i in range(8):
        r.page(f"https://c{i}.example/post/", value=100 - i, blog=f"Crumb {i}",
               title=f"Rye loaf {i}" if i else "<script>alert(1)</script>")
    r.page("https://c0.example/second-post/", value=99)
    r.page("https://g.example/write-for-us/", kind="guest_post", value=95, blog='Guest " onmouseover="x')
    r.own_posts(FEED, ["2026-11-20T08:00:00+00:00"])
    r.db.conn.close()
    write_config(cwd / "linktrail.toml", niche={"name": "sourdough"}, you={"feed": FEED, "site": "https://me.example/"})
    return r


@pytest.fixture
def seeded(linktrail: Runner) -> Runner:
    seed(linktrail.cwd)
    return linktrail


def plans(cwd: Path) -> list[tuple[str, str]]:
    return sqlite3.connect(cwd / "linktrail.db").execute("select date, url from plans order by date, position").fetchall()


def test_the_plan_in_every_format_is_the_same_plan(seeded: Runner) -> None:
    first = json.loads(seeded("report", "--date", DAY, "--format", "json").stdout)
    kinds = [t["kind"] for t in first["tasks"]]
    assert kinds == ["publish", "guest_post"] + ["comment"] * 5
    assert first["minutes"] == 90 + 30 + 50 <= first["budget_minutes"] == 180
    assert len({t["domain"] for t in first["tasks"]}) == len(first["tasks"])
    assert "1 in the last 7 days" in first["tasks"][0]["why"]
    recorded = plans(seeded.cwd)
    for fmt in ("text", "md", "html", "csv", "json"):
        out = seeded.cwd / f"plan.{fmt}"
        proc = seeded("report", "--date", DAY, "--format", fmt, "-o", str(out))
        assert proc.stdout.strip() == f"wrote {out}"
        text = out.read_text(encoding="utf-8")
        for task in first["tasks"]:
            assert task["url"] in text
    assert json.loads((seeded.cwd / "plan.json").read_text())["tasks"] == first["tasks"]
    assert plans(seeded.cwd) == recorded
    html = (seeded.cwd / "plan.html").read_text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'Guest &#34; onmouseover=&#34;x' in html  # the quote escaped (markupsafe writes &#34;)


def test_piped_text_is_plain(seeded: Runner) -> None:
    out = seeded("report", "--date", DAY).stdout
    assert out.startswith(f"Plan for {DAY} - sourdough\n7 tasks, 170 of 180 minutes")
    assert "\x1b" not in out and "─" not in out and "│" not in out
    assert " 1. publish  90 min  Your blog" in out


def test_dry_run_and_another_date(seeded: Runner) -> None:
    dry = json.loads(seeded("report", "--date", DAY, "--dry-run", "--format", "json").stdout)
    assert dry["recorded"] is False and plans(seeded.cwd) == []
    today = json.loads(seeded("report", "--date", DAY, "--format", "json").stdout)
    assert today["tasks"] == dry["tasks"] and today["recorded"] is True
    tomorrow = json.loads(seeded("report", "--date", "2026-11-24", "--format", "json").stdout)
    urls = {t["url"] for t in today["tasks"] if t["kind"] != "publish"}
    assert not urls & {t["url"] for t in tomorrow["tasks"]}


@pytest.mark.parametrize(("args", "bad"), [
    (["report", "--date", "23/11/2026"], "'23/11/2026' is not a date"),
    (["report", "--date", "2026-02-30"], "'2026-02-30' is not a date"),
    (["export", "--since", "yesterday"], "--since: 'yesterday' is not a date"),
    (["report", "--format", "pdf"], "'pdf' is not one of"),
    (["mark", "https://c1.example/post/", "posted"], "'posted' is not one of"),
])
def test_bad_input_is_exit_2(seeded: Runner, args: list[str], bad: str) -> None:
    proc = seeded(*args, check=False)
    assert proc.returncode == 2, proc
    assert any(line.startswith("Error: ") and bad in line for line in proc.stderr.splitlines()), proc.stderr
    assert plans(seeded.cwd) == []


def test_empty_database_is_friendly(linktrail: Runner) -> None:
    for args in (["report"], ["report", "--results"], ["report", "--format", "html"]):
        proc = linktrail(*args)
        assert "run `linktrail crawl URL` (or `linktrail demo`) first" in proc.stdout, proc.stdout
    proc = linktrail("export")
    assert proc.returncode == 0 and "linktrail crawl" in proc.stderr


def test_mark_then_cooldown_and_a_reused_comment(seeded: Runner) -> None:
    unknown = seeded("mark", "https://nowhere.example/", "done", check=False)
    assert unknown.returncode == 2 and "not in the database" in unknown.stderr
    comment = seeded.cwd / "comment.txt"
    comment.write_text(COMMENT, encoding="utf-8")
    ok = seeded("mark", "https://c0.example/post/", "done", "--comment-file", str(comment), "--date", "2026-11-20",
                "--note", "first try")
    assert "recorded: https://c0.example/post/ done on 2026-11-20" in ok.stdout
    again = COMMENT.replace("twenty minutes", "20 minutes").upper()
    comment.write_text(again, encoding="utf-8")
    refused = seeded("mark", "https://c2.example/post/", "done", "--comment-file", str(comment), check=False)
    assert refused.returncode == 1
    assert "https://c0.example/post/ on 2026-11-20" in refused.stderr and "nothing recorded" in refused.stderr
    db = sqlite3.connect(seeded.cwd / "linktrail.db")
    assert db.execute("select count(*) from outreach").fetchone()[0] == 1
    # c0.example cools down for 30 days; its other post comes back after that.
    plan = json.loads(seeded("report", "--date", DAY, "--format", "json").stdout)
    assert "c0.example" not in {t["domain"] for t in plan["tasks"]}
    late = json.loads(seeded("report", "--date", "2026-12-20", "--dry-run", "--format", "json").stdout)
    assert "https://c0.example/second-post/" in {t["url"] for t in late["tasks"]}


def test_export_csv_is_formula_safe(seeded: Runner) -> None:
    db = sqlite3.connect(seeded.cwd / "linktrail.db")
    db.execute("update pages set title = '=HYPERLINK(\"http://evil\",\"x\")' where url = 'https://c3.example/post/'")
    # `export` gates posts by their age to the real today (it takes no --date): the posts are made last week's, or
    # some months after DAY they would grow past the plan's 180-day gate and leave the export
    db.execute("update pages set published = ?", [(today() - timedelta(days=7)).isoformat()])
    db.commit()
    out = seeded.cwd / "targets.csv"
    proc = seeded("export", "--kind", "comment", "-o", str(out))
    assert proc.stdout.strip() == f"wrote 9 targets to {out}"
    raw = out.read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert {r["kind"] for r in rows} == {"comment"} and len(rows) == 9
    assert next(r for r in rows if r["domain"] == "c3.example")["title"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    as_json = json.loads(seeded("export", "--format", "json", "--since", "2026-11-01").stdout)
    assert len(as_json) == 10


def test_results_command(seeded: Runner) -> None:
    seeded("report", "--date", "2026-11-16")
    seeded("mark", "https://g.example/write-for-us/", "done", "--date", "2026-11-17")
    seeded("mark", "https://g.example/write-for-us/", "accepted", "--date", "2026-11-24")
    data = json.loads(seeded("report", "--results", "--weeks", "2", "--date", "2026-11-25", "--format", "json").stdout)
    w47, w48 = data["weeks"]
    assert (w47["week"], w47["comments_planned"], w47["pitches_planned"], w47["pitches_done"]) == ("2026-W47", 5, 1, 1)
    assert (w48["pitches_accepted"], w48["posts"]) == (1, 0)
    assert data["totals"]["rates"]["pitches_accepted_of_done"] == 1.0
    out = seeded.cwd / "results.html"
    seeded("report", "--results", "--date", "2026-11-25", "--format", "html", "-o", str(out))
    assert "<svg" in out.read_text()


def test_the_output_extension_gives_the_format(seeded: Runner) -> None:
    seeded("report", "-o", "today.html")
    assert (seeded.cwd / "today.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    seeded("report", "-o", "today.md")
    assert (seeded.cwd / "today.md").read_text(encoding="utf-8").startswith("# Plan for ")
    seeded("export", "-o", "x.json")
    assert isinstance(json.loads((seeded.cwd / "x.json").read_text(encoding="utf-8")), list)
    seeded("report", "--format", "md", "-o", "plan.txt.md")
    bad = seeded("report", "--format", "csv", "-o", "today.html", check=False)
    assert bad.returncode == 2 and "--format csv contradicts today.html (a .html file)" in bad.stderr
    bad = seeded("export", "--format", "csv", "-o", "x.json", check=False)
    assert bad.returncode == 2 and "--format csv contradicts x.json" in bad.stderr
