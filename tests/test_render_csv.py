"""linktrail/render/csv.py word for word: the plan and the results as CSV, control characters and formulas made safe."""

from __future__ import annotations

from linktrail.model import Plan, Results, Task, Week
from linktrail.render.csv import render_csv, render_results_csv


def test_the_plan_as_csv_exactly() -> None:
    plan = Plan("2026-11-23", (
        Task("comment", "https://a.example/p/", "a.example", '=HYPERLINK("x")', 10, 55.5, "+40 open\x07 form", "-1 title"),
        Task("guest_post", "https://b.example/w/", "b.example", "B", 30, None, "why"),
    ), 40)
    assert render_csv(plan) == (
        "date,position,kind,action,minutes,blog,title,url,domain,value,why\r\n"
        "2026-11-23,1,comment,Comment on this post,10,\"'=HYPERLINK(\"\"x\"\")\",'-1 title,https://a.example/p/,"
        "a.example,55.5,'+40 open form\r\n"
        "2026-11-23,2,guest_post,Pitch a guest post,30,B,,https://b.example/w/,b.example,,why\r\n")


def test_the_results_as_csv_exactly() -> None:
    results = Results("2026-11-23", (Week("2026-W47", "2026-11-16", comments_planned=2, comments_done=1),
                                     Week("2026-W48", "2026-11-23", posts=1, posts_target=2)), 2)
    assert render_results_csv(results) == (
        "week,start,comments_planned,comments_done,comments_live,pitches_planned,pitches_done,pitches_replied,"
        "pitches_accepted,pitches_live,posts,posts_target,comments_done_of_planned,comments_live_of_done,"
        "pitches_replied_of_done,pitches_accepted_of_done,pitches_live_of_done,posts_of_target\r\n"
        "2026-W47,2026-11-16,2,1,0,0,0,0,0,0,0,0,0.5,0.0,,,,\r\n"
        "2026-W48,2026-11-23,0,0,0,0,0,0,0,0,1,2,,,,,,0.5\r\n")
    assert render_results_csv(Results("2026-11-23", (), 2)) == "week\r\n"
