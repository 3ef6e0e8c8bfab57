"""Opportunity rules at their edges, each with its exact points and reason as a person reads them in the report."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from crawler.analysis.facts import PageFacts
from crawler.items import PageItem
from pipelines import opportunity as op
from pipelines.opportunity import WEIGHTS, Context, OpportunityPipeline, evaluate, kind_of
from tests.test_opportunity import OPEN, TODAY, ago, facts

GUEST = {"is_guest_post_page": True}

# (rule, facts, site_newest, exact (points, reason) or None)
EDGES: list[tuple[Any, PageFacts, str | None, tuple[float, str] | None]] = [
    (op.comment_form, facts({"state": "login_required", "system": "wordpress"}), None, (5, "comments need an account")),
    (op.comment_form, facts({"state": "embed", "system": None}), None, (8, "comments through an embed (check by hand)")),
    (op.website_field, facts(OPEN), None, (25, "website field: the comment carries your link")),
    (op.website_field, facts({**OPEN, "website_field": False}), None, (-40, "no website field: the comment carries no link")),
    (op.captcha, facts({"state": "login_required", "captcha": "recaptcha"}), None, (-8, "recaptcha captcha")),
    (op.captcha, facts({**OPEN, "captcha": ""}), None, None),
    (op.autoclose, facts({**OPEN, "autoclose_risk": True}), None, (0, "comments may close soon (auto-close): act first")),
    # a post is fresh up to 90 days, stale past 730
    (op.post_freshness, facts(OPEN, post={"published": ago(91)}), None, None),
    (op.post_freshness, facts(OPEN, post={"published": ago(730)}), None, None),
    (op.post_freshness, facts(OPEN, post={"published": ago(731)}), None, (-20, "post is 2 years old")),
    (op.post_freshness, facts(OPEN, post={"published": "2026-11-13xyz"}), None, (15, "post is 10 days old")),
    (op.post_freshness, facts(OPEN, post={"published": "2026-11-30"}), None, (15, "post is 0 days old")),  # future
    # a comment is recent up to 30 days, old past 365; 3 comments make a conversation
    (op.comment_activity, facts({**OPEN, "newest": ago(30), "count": 1}), None, (10, "newest comment 30 days ago")),
    (op.comment_activity, facts({**OPEN, "newest": ago(31), "count": 1}), None, None),
    (op.comment_activity, facts({**OPEN, "newest": ago(365), "count": 1}), None, None),
    (op.comment_activity, facts({**OPEN, "newest": ago(366), "count": 1}), None, (-5, "no comment for 1 year")),
    (op.comment_activity, facts({**OPEN, "newest": ago(729), "count": 1}), None, (-5, "no comment for 1 year")),
    (op.comment_activity, facts({**OPEN, "newest": ago(730), "count": 1}), None, (-5, "no comment for 2 years")),
    (op.comment_activity, facts({**OPEN, "count": 3}), None, (5, "3 comments")),
    # spam: from 2 comments, a share of 30% or more
    (op.spam_share, facts({**OPEN, "count": 2, "spam_share": 0.5}), None, (-15, "50% of comments look like spam")),
    (op.spam_share, facts({**OPEN, "count": 10, "spam_share": 0.3}), None, (-15, "30% of comments look like spam")),
    (op.spam_share, facts({**OPEN, "count": 10, "spam_share": 0.29}), None, None),
    (op.commenter_rel, facts({**OPEN, "count": 3}), None,
     (5, "commenter links carry no nofollow/ugc (may change: never promised)")),
    # the site posts if its newest post is 60 days old or less, is quiet past 365
    (op.site_activity, facts(OPEN), ago(60), (10, "site posted 60 days ago")),
    (op.site_activity, facts(OPEN), ago(61), None),
    (op.site_activity, facts(OPEN), ago(365), None),
    (op.site_activity, facts(OPEN), ago(366), (-15, "site quiet: newest post 12 months ago")),
    (op.parked, facts(health={"parked": True}), None, (-100, "parked, default or missing page")),
    (op.guest_post, facts(guest={**GUEST, "accepts": False}), None, (-100, "says it no longer accepts guest posts")),
    (op.guest_contact, facts(guest={**GUEST, "submit_form": True}), None, (15, "submission form on the page")),
    (op.guest_contact, facts(guest=GUEST), None, (-10, "no address or form found: look for a contact page")),
]


@pytest.mark.parametrize(("rule", "page", "site_newest", "expected"), EDGES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(EDGES)])
def test_rule_edges(rule: Any, page: PageFacts, site_newest: str | None, expected: tuple[float, str] | None) -> None:
    assert rule(page, Context(dict(WEIGHTS), TODAY, None, site_newest)) == expected


def test_relevance_points_keep_one_decimal() -> None:
    assert op.relevance(facts(OPEN), Context(dict(WEIGHTS), TODAY, 0.5555)) == (16.7, "relevance 0.56")


def test_a_login_only_page_is_a_comment_opportunity() -> None:
    assert kind_of(facts({"state": "login_required", "system": "wordpress"})) == "comment"


def test_a_guest_post_page_is_scored_by_the_guest_rules_only() -> None:
    page = facts(guest={**GUEST, "confidence": "high", "submit_email": "ed@b.example"})
    assert evaluate(page, 0.5555, today=TODAY) == (
        "guest_post", 76.7, ["+45 guest-post page (high confidence)", "+15 pitch to ed@b.example", "+16.7 relevance 0.56"])


def test_the_value_keeps_one_decimal() -> None:
    assert evaluate(facts(OPEN), None, {"open_form": 40.25}, today=TODAY)[1] == 65.2


def test_unknown_weights_are_named_and_the_known_ones_listed() -> None:
    with pytest.raises(ValueError, match=r"unknown rule\(s\) capcha, zzz \(known: active_comments, autoclose, "):
        OpportunityPipeline({"capcha": -5, "zzz": 1})


def test_the_pipeline_passes_the_item_relevance_on() -> None:
    item = PageItem("http://b.example/p/", "b.example", "http://b.example/p/", 200, "2026-11-23T00:00:00+00:00", 0,
                    facts(OPEN))
    item.relevance = 0.5
    OpportunityPipeline(today=TODAY).process_item(item)
    assert item.value_reasons is not None and "+15 relevance 0.50" in item.value_reasons


def test_the_pipeline_scrapy_builds_takes_the_weights_setting() -> None:
    pipeline = OpportunityPipeline.from_crawler(get_crawler(settings_dict={"LINKTRAIL_WEIGHTS": {"captcha": -30}}))
    assert pipeline.weights == {"captcha": -30}
