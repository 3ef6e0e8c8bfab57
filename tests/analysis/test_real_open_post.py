"""A real open WordPress post with existing comments: what the analysis and the opportunity rules make of it."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.analysis import analyse
from pipelines.opportunity import evaluate

from .pages import PAGES

# tests/fixtures/pages/README.md: a recipe post on elavegan.com, saved by adbar/htmldate; 18 comments
# from 22 Sep 2020 to 16 Mar 2023 (half of them the author's replies, her name linked rel="external
# nofollow"), a comment form without a website field, the post dated 2023-10-31 (republished).
URL = "https://elavegan.com/peanut-butter-truffles/"
HTML = (PAGES / "wordpress-open-with-comments.html").read_bytes()


def test_comments_on_a_real_open_post() -> None:
    c = analyse(URL, HTML, today=date(2026, 11, 23)).comments
    assert (c.state, c.system, c.website_field, c.captcha) == ("open", "wordpress", False, "none")
    assert (c.count, c.newest, c.rel, c.spam_share) == (18, "2023-03-16", ("nofollow",), 0.0)


@pytest.mark.parametrize(("today", "rule"), [
    (date(2023, 11, 6), None),  # 6 days old: 8 days before the 14-day window, not yet near
    (date(2023, 11, 7), "autoclose:near_14d"),  # 7 days before it
    (date(2023, 11, 14), "autoclose:near_14d"),  # on the window's last day
    (date(2023, 11, 15), "autoclose:no_comment_within_14d"),  # past it, the newest comment older than that
    (date(2026, 11, 23), "autoclose:no_comment_within_180d"),
])
def test_auto_close_windows_on_a_real_post(today: date, rule: str | None) -> None:
    c = analyse(URL, HTML, today=today).comments
    assert c.autoclose_risk is (rule is not None)
    assert [r for r in c.rules if r.startswith("autoclose:")] == ([rule] if rule else [])


def test_the_opportunity_rules_on_a_real_open_post() -> None:
    facts = analyse(URL, HTML, today=date(2026, 11, 23))
    assert evaluate(facts, 0.8, None, date(2026, 11, 23)) == ("comment", 0.0, [
        "+40 comment form open (wordpress)", "-40 no website field: the comment carries no link",
        "+0 comments may close soon (auto-close): act first", "-20 post is 3 years old", "-5 no comment for 3 years",
        "+0 commenter links carry rel=nofollow", "-15 site quiet: newest post 37 months ago", "+24 relevance 0.80"])
