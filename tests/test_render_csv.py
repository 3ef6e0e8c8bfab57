"""linktrail/render/csv.py and common.py word for word: CSV and terminal lines, control characters and formulas made safe."""

from __future__ import annotations

from linktrail.model import Plan, Results, Task, Week
from linktrail.render.common import clean, plan_totals, rate_lines, result_cells
from linktrail.render.csv import render_csv, render_results_csv


def test_the_plan_as_csv_exactly() -> None:
    plan = Plan("2026-11-23", (
        Task("comment", "https://a.example/p/", "a.example", '=HYPERLINK("x")', 10, 55.5, "+40 open\x07 form", "-1 title"),
        Task("guest_post", "https://b.example/w/", "b.example", "B", 30, None, "why"),
    ), 40)
    assert render_csv(plan) == (
        "date,position,kind,action,minutes,blog,title,url,domain,value,why,status\r\n"
        "2026-11-23,1,comment,Comment on this post,10,\"'=HYPERLINK(\"\"x\"\")\",'-1 title,https://a.example/p/,"
        "a.example,55.5,'+40 open form,to do\r\n"
        "2026-11-23,2,guest_post,Pitch a guest post,30,B,,https://b.example/w/,b.example,,why,to do\r\n")


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
    one = render_results_csv(Results("2026-11-23", (Week("2026-W48", "2026-11-23"),), 2))
    assert one.splitlines()[1] == "2026-W48,2026-11-23,0,0,0,0,0,0,0,0,0,0,,,,,,"


def test_terminal_totals_rates_and_cells_word_for_word() -> None:
    week = Week("2026-W47", "2026-11-16", comments_planned=4, comments_done=3, comments_live=1, pitches_done=2,
                pitches_replied=1, pitches_accepted=1, posts=1, posts_target=2)
    assert rate_lines(Results("2026-11-23", (week,), 2)) == [
        "Comments: 3 done of 4 planned (75%), 1 live (33% of done)",
        "Pitches: 2 sent, 1 replied (50%), 1 accepted (50%), 0 live",
        "Own posts: 1 of 2 wanted (50%)"]
    assert rate_lines(Results("2026-11-23", (Week("2026-W47", "2026-11-16"),), 2)) == [
        "Comments: 0 done of 0 planned (-), 0 live (- of done)",
        "Pitches: 0 sent, 0 replied (-), 0 accepted (-), 0 live",
        "Own posts: 0 of 0 wanted (-)"]
    assert result_cells(week) == ["2026-W47", "4", "3", "1", "2", "1", "1", "0", "1/2"]
    plan = Plan("2026-11-23", (Task("comment", "u", "d", "T", 10, 1.0, "w"), Task("guest_post", "u2", "d2", "T2", 30, 1.0, "w"),
                               Task("comment", "u3", "d3", "T3", 10, 1.0, "w")), 60, by_kind={"comment": 2, "guest_post": 1})
    assert plan_totals(plan) == "3 tasks, 50 of 60 minutes (comment 2, pitch 1)"
    assert plan_totals(Plan("2026-11-23", (), 60)) == "0 tasks, 0 of 60 minutes"
    assert clean(None) == ""
