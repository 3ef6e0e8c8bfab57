"""Opportunity rules: each rule's points and reason through one table, then the sum, weights and config."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest

from crawler.analysis.facts import CommentFacts, GuestPostFacts, HealthFacts, Link, PageFacts, PostFacts
from crawler.config import ConfigError
from crawler.configload import config_from_dict
from crawler.items import PageItem
from pipelines import opportunity as op
from pipelines.opportunity import WEIGHTS, Context, OpportunityPipeline, evaluate, kind_of

TODAY = date(2026, 11, 23)


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def facts(
    comments: dict[str, Any] | None = None, guest: dict[str, Any] | None = None,
    post: dict[str, Any] | None = None, health: dict[str, Any] | None = None, links: int = 0,
) -> PageFacts:
    return PageFacts(
        url="http://blog.example/post/",
        comments=CommentFacts(**(comments or {})),
        guest_post=GuestPostFacts(**(guest or {})),
        post=PostFacts(**(post or {})),
        health=HealthFacts(**(health or {})),
        links=tuple(Link(f"http://other{i}.example/", kind="content", external=True) for i in range(links)),
    )


OPEN = {"state": "open", "system": "wordpress", "website_field": True}

# (rule, facts, context keywords, expected points or None, words the reason must contain). The points are the
# default weights written out, not read from WEIGHTS, so a changed default or a flipped sign fails here.
CASES: list[tuple[Any, PageFacts, dict[str, Any], float | None, str]] = [
    # comment state and system
    (op.comment_form, facts(OPEN), {}, 40, "open (wordpress)"),
    (op.comment_form, facts({**OPEN, "system": None}), {}, 40, "open (native)"),
    (op.comment_form, facts({**OPEN, "system": "jetpack"}), {}, 25, "through jetpack"),
    (op.comment_form, facts({"state": "login_required", "system": "wordpress"}), {}, 5, "account"),
    (op.comment_form, facts({"state": "embed", "system": "disqus"}), {}, 8, "disqus"),
    (op.comment_form, facts({"state": "closed", "system": "wordpress"}), {}, None, ""),
    (op.comment_form, facts({"state": "none"}), {}, None, ""),
    # website field
    (op.website_field, facts(OPEN), {}, 25, "carries your link"),
    (op.website_field, facts({**OPEN, "website_field": False}), {}, -40, "no website field"),
    (op.website_field, facts({"state": "embed", "system": "disqus"}), {}, None, ""),
    # captcha
    (op.captcha, facts({**OPEN, "captcha": "recaptcha"}), {}, -8, "recaptcha captcha"),
    (op.captcha, facts({**OPEN, "captcha": "none"}), {}, None, ""),
    (op.captcha, facts({"state": "closed", "captcha": "hcaptcha"}), {}, None, ""),
    # auto-close
    (op.autoclose, facts({**OPEN, "autoclose_risk": True}), {}, 0, "act first"),
    (op.autoclose, facts(OPEN), {}, None, ""),
    # freshness of the post
    (op.post_freshness, facts(OPEN, post={"published": ago(10)}), {}, 15, "10 days old"),
    (op.post_freshness, facts(OPEN, post={"published": ago(90)}), {}, 15, "90 days old"),
    (op.post_freshness, facts(OPEN, post={"published": ago(200)}), {}, None, ""),
    (op.post_freshness, facts(OPEN, post={"published": ago(1100)}), {}, -20, "3 years old"),
    (op.post_freshness, facts(OPEN, post={"modified": ago(5)}), {}, 15, "5 days old"),
    (op.post_freshness, facts(OPEN, post={"published": "2026-11-13T09:30:00+00:00"}), {}, 15, "10 days"),
    (op.post_freshness, facts(OPEN, post={"published": "not a date"}), {}, None, ""),
    (op.post_freshness, facts({"state": "none"}, post={"published": ago(1)}), {}, None, ""),
    # freshness of the newest comment, and activity
    (op.comment_activity, facts({**OPEN, "newest": ago(3), "count": 1}), {}, 10, "3 days ago"),
    (op.comment_activity, facts({**OPEN, "newest": ago(400), "count": 9}), {}, -5, "1 year"),
    (op.comment_activity, facts({**OPEN, "newest": ago(800), "count": 9}), {}, -5, "2 years"),
    (op.comment_activity, facts({**OPEN, "newest": ago(100), "count": 4}), {}, 5, "4 comments"),
    (op.comment_activity, facts({**OPEN, "count": 2}), {}, None, ""),
    # spam among comments
    (op.spam_share, facts({**OPEN, "count": 10, "spam_share": 0.5}), {}, -15, "50%"),
    (op.spam_share, facts({**OPEN, "count": 10, "spam_share": 0.1}), {}, None, ""),
    (op.spam_share, facts({**OPEN, "count": 1, "spam_share": 1.0}), {}, None, ""),
    # outbound links
    (op.outbound_links, facts(OPEN, links=60), {}, -10, "outbound links"),
    (op.outbound_links, facts(OPEN, links=59), {}, None, ""),
    # rel on commenter links: dofollow is rare and never promised
    (op.commenter_rel, facts({**OPEN, "count": 3, "rel": ("nofollow", "ugc")}), {}, 0, "rel=nofollow ugc"),
    (op.commenter_rel, facts({**OPEN, "count": 3}), {}, 5, "never promised"),
    (op.commenter_rel, facts(OPEN), {}, None, ""),
    # the site alive and posting
    (op.site_activity, facts(OPEN), {"site_newest": ago(12)}, 10, "12 days ago"),
    (op.site_activity, facts(OPEN, post={"published": ago(20)}), {"site_newest": ago(900)}, 10, "20 days"),
    (op.site_activity, facts(OPEN), {"site_newest": ago(500)}, -15, "16 months ago"),
    (op.site_activity, facts(OPEN), {"site_newest": ago(200)}, None, ""),
    (op.site_activity, facts(OPEN), {}, None, ""),
    (op.parked, facts(health={"parked": True}), {}, -100, "parked"),
    (op.parked, facts(health={"soft_404": True}), {}, -100, "missing"),
    (op.parked, facts(OPEN), {}, None, ""),
    # guest posts
    (op.guest_post, facts(guest={"is_guest_post_page": True, "confidence": "high"}), {}, 45, "high"),
    (op.guest_post, facts(guest={"is_guest_post_page": True, "accepts": False}), {}, -100, "no longer"),
    (op.guest_post, facts(), {}, None, ""),
    (op.guest_contact, facts(guest={"is_guest_post_page": True, "submit_email": "ed@b.example"}), {},
     15, "pitch to ed@b.example"),
    (op.guest_contact, facts(guest={"is_guest_post_page": True, "submit_form": True}), {}, 15, "form"),
    (op.guest_contact, facts(guest={"is_guest_post_page": True}), {}, -10, "contact page"),
    (op.guest_contact, facts(guest={"is_guest_post_page": True, "accepts": False, "submit_email": "x@y.z"}), {}, None, ""),
    # relevance
    (op.relevance, facts(OPEN), {"relevance": 0.5}, 15, "relevance 0.50"),
    (op.relevance, facts(OPEN), {"relevance": 0.0}, 0, "relevance 0.00"),
    (op.relevance, facts(OPEN), {"relevance": None}, None, ""),
]


@pytest.mark.parametrize(("rule", "page", "ctx", "points", "words"), CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_rule_points(rule: Any, page: PageFacts, ctx: dict[str, Any], points: float | None, words: str) -> None:
    context = Context(dict(WEIGHTS), TODAY, ctx.get("relevance"), ctx.get("site_newest"))
    got = rule(page, context)
    if points is None:
        assert got is None
    else:
        assert got is not None
        assert got[0] == pytest.approx(points)
        assert words in got[1]


def test_every_rule_is_in_the_table_and_every_weight_is_used() -> None:
    tested = {c[0] for c in CASES}
    assert set(op.RULES) <= tested, set(op.RULES) - tested
    # Each weight moves some rule's points: set it to a marker value and look for it.
    for name in WEIGHTS:
        weights = {**WEIGHTS, name: 12345.0}
        hits = [c for c in CASES if c[3] is not None and c[0](c[1], Context(weights, TODAY, c[2].get("relevance", 1.0),
                                                                            c[2].get("site_newest")))[0] in (12345.0,)]
        assert hits or name == "relevance", f"weight {name} is not exercised by any case"


def test_kinds() -> None:
    assert kind_of(facts(OPEN)) == "comment"
    assert kind_of(facts({"state": "embed", "system": "disqus"})) == "comment"
    assert kind_of(facts({"state": "closed"})) is None
    assert kind_of(facts({"state": "none"})) is None
    assert kind_of(facts(OPEN, guest={"is_guest_post_page": True})) == "guest_post"


def test_evaluate_sums_points_and_keeps_reasons() -> None:
    page = facts({**OPEN, "count": 4, "newest": ago(2), "rel": ("ugc",)}, post={"published": ago(20)})
    kind, value, reasons = evaluate(page, 0.8, today=TODAY)
    assert kind == "comment" and value == pytest.approx(40 + 25 + 15 + 10 + 10 + 24)
    assert reasons[0] == "+40 comment form open (wordpress)"
    assert "+24 relevance 0.80" in reasons and "+0 commenter links carry rel=ugc" in reasons


def test_evaluate_floors_at_zero_and_skips_pages_without_opportunity() -> None:
    kind, value, reasons = evaluate(facts(OPEN, health={"parked": True}), 0.1, today=TODAY)
    assert kind == "comment" and value == 0 and any("parked" in r for r in reasons)
    assert evaluate(facts({"state": "closed"}), 0.9, today=TODAY) == (None, None, [])


def test_weights_override_defaults() -> None:
    page = facts({**OPEN, "captcha": "recaptcha"})
    _, base, _ = evaluate(page, None, today=TODAY)
    _, heavy, reasons = evaluate(page, None, {"captcha": -30}, today=TODAY)
    assert heavy == base - 22 and "-30 recaptcha captcha" in reasons


def test_pipeline_carries_site_freshness_between_pages() -> None:
    pipeline = OpportunityPipeline({"site_posting": 7}, today=TODAY)
    first = PageItem("http://b.example/new/", "b.example", "http://b.example/new/", 200, "2026-11-23T00:00:00+00:00",
                     0, facts({"state": "closed"}, post={"published": ago(5)}))
    second = PageItem("http://b.example/old/", "b.example", "http://b.example/old/", 200, "2026-11-23T00:00:00+00:00",
                      0, facts(OPEN, post={"published": ago(400)}))
    pipeline.process_item(first)
    pipeline.process_item(second)
    assert first.opportunity is None and first.value is None
    assert second.opportunity == "comment" and "+7 site posted 5 days ago" in second.value_reasons


def test_pipeline_refuses_unknown_weights() -> None:
    with pytest.raises(ValueError, match="capcha"):
        OpportunityPipeline({"capcha": -5})


def test_config_weights_table() -> None:
    config = config_from_dict({"weights": {"captcha": -20, "dofollow": 0}})
    assert config.weights == {"captcha": -20.0, "dofollow": 0.0}
    with pytest.raises(ConfigError, match="unknown rule 'captch'"):
        config_from_dict({"weights": {"captch": 1}})
    with pytest.raises(ConfigError, match="expected a number"):
        config_from_dict({"weights": {"captcha": "high"}})
    with pytest.raises(ConfigError, match="must be a table"):
        config_from_dict({"weights": 3})


def test_weights_reach_the_scrapy_settings() -> None:
    from crawler.runner import scrapy_settings

    config = config_from_dict({"weights": {"captcha": -20}, "niche": {"learn": False}})
    settings = scrapy_settings(config, db="x.db")
    assert settings.getdict("LINKTRAIL_WEIGHTS") == {"captcha": -20.0}
    assert settings.getbool("LINKTRAIL_NICHE_LEARN") is False
    assert dataclasses.replace(config).weights == {"captcha": -20.0}
