"""OpportunityPipeline: what a person can do on a page and how much it is worth, rule by rule.

Each rule is a pure function of the page's facts and a `Context` (weights, today, relevance, the
site's newest post) returning ``(points, reason)`` or None when it has nothing to say. A page's
value is the sum of its rules' points, floored at 0; the reasons are stored with it and shown in
the report. Weights default to WEIGHTS; `[weights]` in linktrail.toml overrides any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from crawler import clock
from crawler.analysis.facts import PageFacts
from crawler.items import PageItem
from crawler.weights import WEIGHTS
from crawler.words import days_ago

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


# Comment systems whose form lives on the blog itself (the comment and its link are the blog's).
NATIVE_SYSTEMS = frozenset({"wordpress", "blogger", "drupal", "ghost", "other", None})
FRESH_POST_DAYS = 90
STALE_POST_DAYS = 730
RECENT_COMMENT_DAYS = 30
OLD_COMMENT_DAYS = 365
ACTIVE_COMMENTS = 3
SPAM_SHARE = 0.3
MANY_OUTBOUND = 60  # external, non-navigation links on one page: a link page or a link farm
SITE_POSTING_DAYS = 60
SITE_QUIET_DAYS = 365

Rule = Callable[[PageFacts, "Context"], "tuple[float, str] | None"]


class Context:
    """What rules need besides the facts: the weights, today, the page's relevance, the site's newest post."""

    def __init__(
        self, weights: dict[str, float], today: date, relevance: float | None,
        site_newest: str | None = None,
    ) -> None:
        self.w = weights
        self.today = today
        self.relevance = relevance
        self.site_newest = site_newest

    def age_days(self, iso: str | None) -> int | None:
        """Days from an ISO date (or date-time) to today; None if missing or unreadable."""
        if not iso:
            return None
        try:
            d = datetime.fromisoformat(iso)
        except ValueError:
            try:
                d = datetime.fromisoformat(iso[:10])
            except ValueError:
                return None
        return max((self.today - d.date()).days, 0)


def comment_form(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """The comment state and system: open native form > third-party form > embed > login."""
    c = f.comments
    if c.state == "open":
        if c.system in NATIVE_SYSTEMS:
            return ctx.w["open_form"], f"comment form open ({c.system or 'native'})"
        return ctx.w["third_party_form"], f"comment form open through {c.system}"
    if c.state == "login_required":
        return ctx.w["login_required"], "comments need an account"
    if c.state == "embed":
        return ctx.w["embed"], f"comments through {c.system or 'an embed'} (check by hand)"
    return None


def website_field(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """Whether the form has a website field, so the comment carries the commenter's link."""
    if f.comments.state != "open":
        return None
    if f.comments.website_field:
        return ctx.w["website_field"], "website field: the comment carries your link"
    return ctx.w["no_website_field"], "no website field: the comment carries no link"


def captcha(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """A captcha to solve by hand (linktrail never solves one)."""
    if f.comments.state in ("open", "login_required") and f.comments.captcha not in ("none", ""):
        return ctx.w["captcha"], f"{f.comments.captcha} captcha"
    return None


def autoclose(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """Comments that close by themselves after a while (WordPress' setting): act first."""
    if f.comments.state == "open" and f.comments.autoclose_risk:
        return ctx.w["autoclose"], "comments may close soon (auto-close): act first"
    return None


def post_freshness(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """A recent post gets read and its comments answered; an old one rarely."""
    age = ctx.age_days(f.post.published or f.post.modified)
    if age is None or f.comments.state == "none":
        return None
    if age <= FRESH_POST_DAYS:
        return ctx.w["fresh_post"], f"post is {age} days old"
    if age > STALE_POST_DAYS:
        return ctx.w["stale_post"], f"post is {age // 365} years old"
    return None


def comment_activity(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """The newest comment's age, else how many comments there are."""
    c = f.comments
    age = ctx.age_days(c.newest)
    if age is not None and age <= RECENT_COMMENT_DAYS:
        return ctx.w["recent_comment"], f"newest comment {days_ago(age)}"
    if age is not None and age > OLD_COMMENT_DAYS:
        return ctx.w["old_comments"], f"no comment for {age // 365} year{'s' if age >= 730 else ''}"
    if c.count >= ACTIVE_COMMENTS:
        return ctx.w["active_comments"], f"{c.count} comments"
    return None


def spam_share(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """Many spam comments: the owner does not moderate, and a link there keeps bad company."""
    if f.comments.count >= 2 and f.comments.spam_share >= SPAM_SHARE:
        return ctx.w["spammy_comments"], f"{f.comments.spam_share:.0%} of comments look like spam"
    return None


def outbound_links(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """A page with very many outbound links (link pages, farms): one more link is worth little."""
    n = sum(1 for link in f.links if link.outbound)
    if n >= MANY_OUTBOUND:
        return ctx.w["many_outbound_links"], f"{n} outbound links on the page"
    return None


def commenter_rel(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """The rel existing commenter links carry; without nofollow/ugc is rare and never promised."""
    c = f.comments
    if c.state != "open" or not c.count:
        return None
    if c.rel:
        return 0, f"commenter links carry rel={' '.join(c.rel)}"
    return ctx.w["dofollow"], "commenter links carry no nofollow/ugc (may change: never promised)"


def site_activity(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """Is the site still posting: its newest post seen (this page's date when it is the newest)."""
    newest = max(x for x in (ctx.site_newest, f.post.published) if x) if (ctx.site_newest or f.post.published) else None
    age = ctx.age_days(newest)
    if age is None:
        return None
    if age <= SITE_POSTING_DAYS:
        return ctx.w["site_posting"], f"site posted {days_ago(age)}"
    if age > SITE_QUIET_DAYS:
        return ctx.w["site_quiet"], f"site quiet: newest post {age // 30} months ago"
    return None


def guest_post(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """A page inviting guest posts, or saying it no longer accepts them."""
    g = f.guest_post
    if not g.is_guest_post_page:
        return None
    if g.accepts is False:
        return ctx.w["guest_declined"], "says it no longer accepts guest posts"
    return ctx.w["guest_page"], f"guest-post page ({g.confidence} confidence)"


def guest_contact(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """A way to pitch: an address or a submission form."""
    g = f.guest_post
    if not g.is_guest_post_page or g.accepts is False:
        return None
    if g.submit_email:
        return ctx.w["guest_contact"], f"pitch to {g.submit_email}"
    if g.submit_form:
        return ctx.w["guest_contact"], "submission form on the page"
    return ctx.w["guest_no_contact"], "no address or form found: look for a contact page"


def relevance(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """The niche relevance, as points."""
    if ctx.relevance is None:
        return None
    return round(ctx.w["relevance"] * ctx.relevance, 1), f"relevance {ctx.relevance:.2f}"


def parked(f: PageFacts, ctx: Context) -> tuple[float, str] | None:
    """A parked domain, a server's default page or a missing page: nothing to do there."""
    if f.health.parked or f.health.soft_404 or f.health.default_page:
        return ctx.w["parked"], "parked, default or missing page"
    return None


COMMENT_RULES: tuple[Rule, ...] = (
    comment_form, website_field, captcha, autoclose, post_freshness, comment_activity, spam_share,
    outbound_links, commenter_rel, site_activity, relevance, parked,
)
GUEST_RULES: tuple[Rule, ...] = (guest_post, guest_contact, site_activity, relevance, parked)
RULES: tuple[Rule, ...] = tuple(dict.fromkeys(COMMENT_RULES + GUEST_RULES))


def kind_of(f: PageFacts) -> str | None:
    """Which opportunity a page offers: a guest-post pitch, a comment, or none (closed, no comments)."""
    if f.guest_post.is_guest_post_page:
        return "guest_post"
    if f.comments.state in ("open", "login_required", "embed"):
        return "comment"
    return None


def evaluate(
    f: PageFacts, relevance_score: float | None, weights: dict[str, float] | None = None,
    today: date | None = None, site_newest: str | None = None,
) -> tuple[str | None, float | None, list[str]]:
    """(kind, value, reasons) of a page; value is the sum of the rules' points, floored at 0."""
    kind = kind_of(f)
    if kind is None:
        return None, None, []
    ctx = Context({**WEIGHTS, **(weights or {})}, today or clock.today(), relevance_score, site_newest)
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

    def __init__(self, weights: dict[str, float] | None = None, today: date | None = None) -> None:
        unknown = sorted(set(weights or {}) - set(WEIGHTS))
        if unknown:
            raise ValueError(f"LINKTRAIL_WEIGHTS: unknown rule(s) {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(WEIGHTS))})")
        self.weights = {k: float(v) for k, v in (weights or {}).items()}
        self.today = today
        self.site_newest: dict[str, str] = {}  # newest post date seen per site in this run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OpportunityPipeline:
        return cls(crawler.settings.getdict("LINKTRAIL_WEIGHTS"))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem):
            published = item.facts.post.published
            if published and published > self.site_newest.get(item.site, ""):
                self.site_newest[item.site] = published
            item.opportunity, item.value, item.value_reasons = evaluate(
                item.facts, item.relevance, self.weights, self.today, self.site_newest.get(item.site)
            )
        return item
