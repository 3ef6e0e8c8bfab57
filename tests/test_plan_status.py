"""A task marked done or skipped shows its status in every format; the day's plan keeps the same tasks."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from crawler.config import Config, PlanConfig
from linktrail.outreach import mark
from linktrail.report import make_report
from tests.report_db import ReportDB

DAY = date(2026, 11, 23)
CONFIG = Config(plan=PlanConfig(comments=3, guest_posts=0, posts_per_week=0))


def test_marked_tasks_show_their_status_and_the_plan_stays(tmp_path: Path) -> None:
    rdb = ReportDB(tmp_path / "status.db")
    for i, name in enumerate(("alpha", "beta", "gamma")):
        rdb.page(f"https://{name}.example/post/", value=90 - i, blog=name.title(), title=name.title())
    before = json.loads(make_report(rdb.db, CONFIG, DAY, "json"))
    mark(rdb.db, "https://alpha.example/post/", "done", day=DAY)
    mark(rdb.db, "https://beta.example/post/", "skipped", day=DAY)
    after = json.loads(make_report(rdb.db, CONFIG, DAY, "json"))
    assert [t["url"] for t in after["tasks"]] == [t["url"] for t in before["tasks"]] == [
        "https://alpha.example/post/", "https://beta.example/post/", "https://gamma.example/post/"]
    assert [t["status"] for t in after["tasks"]] == ["done", "skipped", ""]
    assert [r["url"] for r in rdb.db.query("select url from plans where date = ? order by position",
                                           [DAY.isoformat()])] == [t["url"] for t in before["tasks"]]

    md = make_report(rdb.db, CONFIG, DAY, "md")
    assert "- [x] **comment** (10 min) [Alpha](<https://alpha.example/post/>) — done" in md
    assert "- [x] **comment** (10 min) [Beta](<https://beta.example/post/>) — skipped" in md
    assert "- [ ] **comment** (10 min) [Gamma](<https://gamma.example/post/>)  \n" in md

    text = make_report(rdb.db, CONFIG, DAY, "text")
    assert " 1. comment  10 min  Alpha  [done]\n" in text
    assert " 2. comment  10 min  Beta  [skipped]\n" in text
    assert " 3. comment  10 min  Gamma\n" in text
    table = make_report(rdb.db, CONFIG, DAY, "text", terminal=True, width=200)
    assert "Status" in table and "skipped" in table and "to do" in table

    rows = list(csv.DictReader(io.StringIO(make_report(rdb.db, CONFIG, DAY, "csv"))))
    assert [r["status"] for r in rows] == ["done", "skipped", "to do"]

    html = make_report(rdb.db, CONFIG, DAY, "html")
    assert '<li class="task comment ticked" id="task-1">' in html
    assert '<span class="status">done</span>' in html
    assert '<span class="status">skipped</span>' in html
    assert '<li class="task comment" id="task-3">' in html
