"""OpportunityPipeline: what a person can do on a page and how much it is worth, rule by rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from crawler.analysis.facts import PageFacts
from crawler.items import PageItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Default weights; `[weights]` in linktrail.toml (LINKTRAIL_WEIGHTS) overrides any of them.
WEIGHTS: dict[str, float] = {
    "open_form": 40, "website_field": 25, "no_website_field": -40, "login_required": 5,
    "embed": 8, "captcha": -8, "fresh_post": 15, "stale_post": -20, "recent_comment": 10,
    "active_comments": 5, "spammy_comments": -15, "dofollow": 5, "guest_page": 45,
    "guest_contact": 15, "guest_declined": -100, "relevance": 30, "parked": -100,
}

Rule = Callable[[PageFacts, "Context"], "tuple[float, str] | None"]


class Context:
    """What rules need besides the facts: the weights, today, and the page's relevance."""

    def __init__(self, weights: dict[str, float], today: date, relevance: float | None) -> None:
        self.w = weights
        self.today = today
        self.relevance = relevance

    def age_days(self, iso: str | None) -> int | None:
        if not iso:
            return None
        try:
            d = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        except ValueError:
            return None
        return (self.today - d.date()).days


def comment_form(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    c = f.comments
    if c.state == "open":
        return ctx.w["open_form"], f"comment form open ({c.system or 'native'})"
    if c.state == "login_required":
        return ctx.w["login_required"], "comments need an account"
    if c.state == "embed":
        return ctx.w["embed"], f"comments through {c.system or 'an embed'} (check by hand)"
    return None


def website_field(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    if f.comments.state != "open":
        return None
    if f.comments.website_field:
        return ctx.w["website_field"], "website field: the comment carries your link"
    return ctx.w["no_website_field"], "no website field: the comment carries no link"


def captcha(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    if f.comments.state in ("open", "login_required") and f.comments.captcha not in ("none", ""):
        return ctx.w["captcha"], f"{f.comments.captcha} captcha"
    return None


def post_freshness(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    age = ctx.age_days(f.post.published or f.post.modified)
    if age is None or f.comments.state == "none":
        return None
    if age <= 90:
        return ctx.w["fresh_post"], f"post is {age} days old"
    if age > 730:
        return ctx.w["stale_post"], f"post is {age // 365} years old"
    return None


def comment_activity(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    c = f.comments
    age = ctx.age_days(c.newest)
    if age is not None and age <= 30:
        return ctx.w["recent_comment"], f"newest comment {age} days ago"
    if c.count >= 3:
        return ctx.w["active_comments"], f"{c.count} comments"
    return None


def spam_share(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    if f.comments.count >= 2 and f.comments.spam_share >= 0.3:
        return ctx.w["spammy_comments"], f"{f.comments.spam_share:.0%} of comments look like spam"
    return None


def commenter_rel(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    c = f.comments
    if c.state != "open" or not c.count:
        return None
    if c.rel:
        return 0, f"commenter links carry rel={' '.join(c.rel)}"
    return ctx.w["dofollow"], "commenter links carry no nofollow/ugc (may change: never promised)"


def guest_post(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    g = f.guest_post
    if not g.is_guest_post_page:
        return None
    if g.accepts is False:
        return ctx.w["guest_declined"], "says it no longer accepts guest posts"
    return ctx.w["guest_page"], f"guest-post page ({g.confidence} confidence)"


def guest_contact(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    g = f.guest_post
    if not g.is_guest_post_page or g.accepts is False:
        return None
    if g.submit_email:
        return ctx.w["guest_contact"], f"pitch to {g.submit_email}"
    if g.submit_form:
        return ctx.w["guest_contact"], "submission form on the page"
    return None


def relevance(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    if ctx.relevance is None:
        return None
    return round(ctx.w["relevance"] * ctx.relevance, 1), f"relevance {ctx.relevance:.2f}"


def parked(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    if f.health.parked or f.health.soft_404 or f.health.default_page:
        return ctx.w["parked"], "parked, default or missing page"
    return None


COMMENT_RULES: tuple[Rule, ...] = (
    comment_form, website_field, captcha, post_freshness, comment_activity, spam_share,
    commenter_rel, relevance, parked,
)
GUEST_RULES: tuple[Rule, ...] = (guest_post, guest_contact, relevance, parked)


def kind_of(f: PageFacts) -> str | None:
    """Which opportunity a page offers: a guest-post pitch, a comment, or none."""
    if f.guest_post.is_guest_post_page:
        return "guest_post"
    if f.comments.state in ("open", "login_required", "embed"):
        return "comment"
    return None


def evaluate(
    f: PageFacts, relevance_score: float | None, weights: dict[str, float] | None = None,
    today: date | None = None,
) -> tuple[str | None, float | None, list[str]]:
    """(kind, value, reasons) of a page; value is the sum of the rules' points, floored at 0."""
    kind = kind_of(f)
    if kind is None:
        return None, None, []
    ctx = Context({**WEIGHTS, **(weights or {})}, today or datetime.now(UTC).date(), relevance_score)
    rules = GUEST_RULES if kind == "guest_post" else COMMENT_RULES
    total, reasons = 0.0, []
    for rule in rules:
        got = rule(f, ctx)
        if got is not None:
            points, reason = got
            total += points
            reasons.append(f"{points:+g} {reason}")
    return kind, round(max(total, 0.0), 1), reasons


class OpportunityPipeline:
    """Give each page its opportunity kind, value and reasons."""

    def __init__(self, weights: dict[str, float] | None = None) -> None:
        self.weights = weights or {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OpportunityPipeline:
        return cls(crawler.settings.getdict("LINKTRAIL_WEIGHTS"))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem):
            item.opportunity, item.value, item.value_reasons = evaluate(item.facts, item.relevance, self.weights)
        return item
