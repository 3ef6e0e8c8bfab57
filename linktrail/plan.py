"""The plan of the day: choose today's targets from the database, deterministically."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from crawler.clock import today
from crawler.config import Config, PlanConfig
from crawler.niche import TermsMemo
from crawler.urls import site_of
from linktrail.model import Plan, Task
from pipelines.relevance import RescoreResult, settle
from pipelines.store import save_gates

# The order kinds take the day's time budget, and the order they are shown in.
KIND_ORDER = ("publish", "guest_post", "comment")


def days_ago(iso: str | None, day: date) -> int | None:
    """Whole days from an ISO date or timestamp to ``day`` (None when it does not parse)."""
    if not iso:
        return None
    try:
        return (day - date.fromisoformat(iso[:10])).days
    except ValueError:
        return None


def _ago(what: str, iso: str, day: date) -> str:
    days = days_ago(iso, day)
    if days is None:
        return ""
    if days == 0:
        return f"{what} today"
    if days == 1:
        return f"{what} yesterday"
    if days < 0:
        return f"{what} on {iso[:10]}"
    return f"{what} {days} days ago"


def _where_found(found_on: str, page_url: str) -> str:
    """'on this page', 'on the contact page', or 'on <url>'."""
    if not found_on or found_on == page_url:
        return "on this page"
    path = urlsplit(found_on).path.lower()
    for word in ("contact", "about", "write-for-us", "guidelines", "submit"):
        if word in path:
            return f"on the {word.replace('-', ' ')} page"
    return f"on {found_on}"


def _contacts(raw: str | None) -> list[dict[str, Any]]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return [c for c in value if isinstance(c, dict) and c.get("email")] if isinstance(value, list) else []


def task_why(row: dict[str, Any], day: date | None = None) -> str:
    """The reasons a person acts on, from the stored row; ages are counted to the plan's ``day``."""
    day = day or today()
    if row["opportunity"] == "guest_post":
        parts = []
        guidelines = row.get("guidelines_url")
        if guidelines and guidelines != row["url"]:
            parts.append(f"guidelines at {guidelines}")
        else:
            parts.append("guidelines on this page")
        contacts = _contacts(row.get("contacts"))
        email = row.get("submit_email")
        if email:
            found = next((c.get("found_on", "") for c in contacts if c["email"] == email), row["url"])
            parts.append(f"{email} found {_where_found(found, row['url'])}")
        elif contacts:
            best = min(contacts, key=lambda c: (not c.get("role"), c["email"]))
            parts.append(f"{best['email']} found {_where_found(best.get('found_on', ''), row['url'])}")
        else:
            parts.append("no address found: use the site's contact form")
        if row.get("published"):
            parts.append(_ago("page updated", row["published"], day))
        return ", ".join(p for p in parts if p)
    parts = ["form open"]
    if row.get("website_field"):
        parts.append("website field")
    if row.get("captcha") and row["captcha"] != "none":
        parts.append(f"{row['captcha']} captcha")
    rel = row.get("commenter_rel")
    if rel:
        parts.append(f"links get rel={rel.replace(' ', ',')}")
    elif row.get("comment_count"):
        parts.append("commenter links without nofollow (may change)")
    if row.get("newest_comment"):
        parts.append(_ago("newest comment", row["newest_comment"], day))
    if row.get("published") and (not row.get("newest_comment") or _old(row["published"], day)):
        parts.append(_ago("posted", row["published"], day))
    site_newest = row.get("site_newest")
    if site_newest and _old(site_newest, day) and site_newest[:10] != (row.get("published") or "")[:10]:
        parts.append(_ago("the blog's last post", site_newest, day))
    return ", ".join(p for p in parts if p)


# A post or a blog's last post older than this is "old": the why line says its age.
OLD_DAYS = 30


def _old(iso: str, day: date) -> bool:
    age = days_ago(iso, day)
    return age is not None and age > OLD_DAYS


def _done_domains(db: sqlite_utils.Database, day: date, cooldown_days: int) -> set[str]:
    """Domains with any outreach (not just planned) in the cool-down window before ``day``."""
    since = (day - timedelta(days=cooldown_days)).isoformat()
    rows = db.query(
        "select distinct domain from outreach where status != 'planned' and date > ? and date <= ?",
        [since, day.isoformat()],
    )
    return {r["domain"] for r in rows}


def _taken_urls(db: sqlite_utils.Database, day: date) -> set[str]:
    """URLs already in the outreach log (any status) or in the plan of another day."""
    taken = {r["url"] for r in db.query("select url from outreach")}
    taken |= {r["url"] for r in db.query("select url from plans where date != ?", [day.isoformat()])}
    return taken


# The gates every target passes (plan, export, and the views in pipelines/store/indexes.py): on niche,
# worth at least plan.min_value, not the user's own site, the blog posting within max_site_silence_days
# and, for a comment, the post no older than max_post_age_days. A date that is not known gates nothing.
_GATES = """
          and coalesce(p.value, 0) >= :min_value and p.site not in (select value from json_each(:own))
          and coalesce(s.status, 'active') != 'parked'
          and (s.newest_post is null or substr(s.newest_post, 1, 10) >= :site_since)"""
CANDIDATES = {
    "comment": """
        select p.*, s.name as site_name, s.newest_post as site_newest from pages p join sites s on s.domain = p.site
        where p.opportunity = 'comment' and p.comment_state = 'open' and p.website_field = 1
          and coalesce(p.relevance, 0) >= :threshold and p.parked = 0
          and (p.published is null or substr(p.published, 1, 10) >= :post_since)""" + _GATES + """
        order by p.value desc, p.url""",
    "guest_post": """
        select p.*, s.name as site_name, s.newest_post as site_newest from pages p join sites s on s.domain = p.site
        where p.opportunity = 'guest_post' and coalesce(p.guest_accepts, 1) = 1
          and coalesce(s.relevance, 0) >= :threshold""" + _GATES + """
        order by p.value desc, p.url""",
}


def own_domains(site: str, other_sites: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The user's own sites (`[you] site` and `other_sites`) as site identities, never targets."""
    return tuple(sorted({site_of(u) for u in (site, *other_sites) if u and site_of(u)}))


def gate_params(plan: PlanConfig, day: date, *, threshold: float, own: tuple[str, ...] = ()) -> dict[str, Any]:
    """The parameters of the CANDIDATES queries for a plan made on ``day``."""
    return {
        "threshold": threshold, "min_value": plan.min_value, "own": json.dumps(list(own)),
        "post_since": (day - timedelta(days=plan.max_post_age_days)).isoformat(),
        "site_since": (day - timedelta(days=plan.max_site_silence_days)).isoformat(),
    }


def apply_gates(db: sqlite_utils.Database, config: Config, day: date) -> None:
    """Give the views (and sites.status) the plan's gates as of ``day``, from the config."""
    plan = config.plan
    save_gates(db, as_of=day.isoformat(), threshold=config.niche.threshold, min_value=plan.min_value,
               max_post_age_days=plan.max_post_age_days, max_site_silence_days=plan.max_site_silence_days,
               own_sites=own_domains(config.you.site, config.you.other_sites))


def settle_crawl(db: sqlite_utils.Database, config: Config, day: date, memo: TermsMemo | None = None) -> RescoreResult:
    """What ends every crawl, one process' (`linktrail crawl`) and the workers' (`linktrail ingest`) alike: the stored
    scores settled with the crawl's one niche profile (``memo``: the page terms the crawl or its workers read), then
    the plan's gates (the views and sites.status as of this crawl)."""
    settled = settle(db, config, day, memo=memo)
    apply_gates(db, config, day)
    return settled


@dataclass(frozen=True)
class Cadence:
    """How the user's own blog keeps up with its target, as of a day."""

    feed: str
    read: bool  # the feed was read at least once
    target: int  # posts per week
    last_7_days: int
    last_published: str | None
    last_title: str | None
    error: str | None = None  # why the last read failed, while it has never been read

    @property
    def behind(self) -> bool:
        return self.read and self.last_7_days < self.target


def own_cadence(db: sqlite_utils.Database, feed: str, target: int, day: date) -> Cadence:
    """Posts published in the 7 days up to ``day``, and the last one, from the own_posts table."""
    read = db["own_feed_reads"].exists() and bool(
        list(db.query("select 1 from own_feed_reads where feed = ? and read_at is not null", [feed]))
    )
    if not read or not db["own_posts"].exists():
        error = next(db.query("select error from own_feed_reads where feed = ?", [feed]), {}).get("error") \
            if db["own_feed_reads"].exists() else None
        return Cadence(feed, False, target, 0, None, None, error)
    since, until = (day - timedelta(days=6)).isoformat(), day.isoformat()
    count = next(db.query(
        "select count(*) as n from own_posts where feed = ? and substr(published, 1, 10) between ? and ?",
        [feed, since, until]))["n"]
    last = next(db.query(
        "select published, title from own_posts where feed = ? and substr(published, 1, 10) <= ? "
        "order by published desc, url limit 1", [feed, until]), None)
    return Cadence(feed, True, target, int(count), last["published"] if last else None,
                   last["title"] if last else None)


def _publish_task(cadence: Cadence, site: str, minutes: int, day: date) -> Task:
    wanted = f"{cadence.target} post{'s' if cadence.target != 1 else ''} a week wanted"
    parts = [f"{wanted}, {cadence.last_7_days} in the last 7 days"]
    if cadence.last_published:
        last = f"last one {cadence.last_published[:10]}"
        ago = days_ago(cadence.last_published, day)
        if ago:
            last += f" ({ago} day{'s' if ago != 1 else ''} ago)"
        if cadence.last_title:
            last += f": {cadence.last_title}"
        parts.append(last)
    else:
        parts.append("none published yet")
    url = site or cadence.feed
    return Task("publish", url, site_of(url), "Your blog", minutes, None, ", ".join(parts))


def _notes(cadence: Cadence | None, feed: str, target: int) -> tuple[str, ...]:
    if target <= 0:
        return ()
    if not feed:
        return ("Set `feed` under [you] in linktrail.toml to plan posts on your own blog.",)
    if cadence is not None and not cadence.read and cadence.error:
        fix = ("fix feed under [you] in linktrail.toml" if cadence.error.endswith("HTTP 404")
               else "check feed under [you] in linktrail.toml (or the site), then crawl again")
        return (f"Your feed {feed} could not be read ({cadence.error}): {fix}; "
                "until then the plan cannot say whether to publish.",)
    if cadence is not None and not cadence.read:
        unread = (f"Your feed {feed} has not been read yet: `linktrail crawl` (or `linktrail nightly`) reads it; "
                  "until then the plan cannot say whether to publish.")
        return (unread,)
    return ()


def _stored_plan(db: sqlite_utils.Database, day: date) -> list[Task]:
    rows = list(db.query(
        "select pl.*, p.title as page_title_now, s.name as blog_now from plans pl "
        "left join pages p on p.url = pl.url left join sites s on s.domain = pl.domain "
        "where pl.date = ? order by pl.position", [day.isoformat()]))
    return [
        Task(r["kind"], r["url"], r["domain"], r.get("blog") or r["blog_now"] or r["domain"], r["minutes"],
             r.get("value"), r["why"], r.get("title") or r["page_title_now"] or "")
        for r in rows
    ]


def _with_status(db: sqlite_utils.Database, tasks: list[Task]) -> list[Task]:
    """Each task with the last status `linktrail mark` recorded for its URL; the plan itself unchanged."""
    if not tasks or not db["outreach"].exists():
        return tasks
    urls = [t.url for t in tasks]
    last = {r["url"]: r["status"] for r in db.query(
        "select url, status from outreach o where status != 'planned' and url in "
        f"({', '.join('?' * len(urls))}) and id = (select id from outreach where url = o.url "
        "and status != 'planned' order by date desc, id desc limit 1)", urls)}
    return [replace(t, status=last.get(t.url, "")) for t in tasks]


def build_plan(
    db: sqlite_utils.Database, plan: PlanConfig, day: date, *, threshold: float,
    niche: str = "", record: bool = True, feed: str = "", site: str = "", other_sites: tuple[str, ...] = (),
) -> Plan:
    """Today's plan: best targets first, quotas and the time budget kept, no domain twice,
    cool-downs and earlier outreach respected; the same date always gives the same plan.

    ``feed`` and ``site`` are the user's own (`[you]`): a "publish" task is added when fewer than
    ``plan.posts_per_week`` posts appeared in the last 7 days; they and ``other_sites`` are never
    targets. Reads only the database.
    """
    cadence = own_cadence(db, feed, plan.posts_per_week, day) if feed and plan.posts_per_week else None
    notes = _notes(cadence, feed, plan.posts_per_week)
    if not db["pages"].exists() or not db["pages"].count:
        return Plan(date=day.isoformat(), tasks=(), budget_minutes=plan.budget_minutes, niche=niche,
                    notes=notes, empty_db=True)
    stored = _with_status(db, _stored_plan(db, day))
    if stored:
        return Plan(date=day.isoformat(), tasks=tuple(stored), budget_minutes=plan.budget_minutes, niche=niche,
                    notes=notes, recorded=True, by_kind=_count(stored))

    cooling = _done_domains(db, day, plan.cooldown_days)
    taken = _taken_urls(db, day)
    used_domains: set[str] = set()
    params = gate_params(plan, day, threshold=threshold, own=own_domains(site, other_sites))
    tasks: list[Task] = []
    remaining = plan.budget_minutes
    if cadence is not None and cadence.behind and plan.post_minutes <= remaining:
        tasks.append(_publish_task(cadence, site, plan.post_minutes, day))
        remaining -= plan.post_minutes
    for kind, quota, minutes in (
        ("guest_post", plan.guest_posts, plan.guest_post_minutes),
        ("comment", plan.comments, plan.comment_minutes),
    ):
        got = 0
        for row in db.query(CANDIDATES[kind], params):
            if got >= quota or remaining < minutes:
                break
            domain = row["site"]
            if domain in used_domains or domain in cooling or row["url"] in taken:
                continue
            tasks.append(Task(kind, row["url"], domain, row["site_name"] or row["title"] or domain,
                              minutes, row["value"], task_why(row, day), row["title"] or ""))
            used_domains.add(domain)
            remaining -= minutes
            got += 1
    tasks.sort(key=lambda t: (KIND_ORDER.index(t.kind), -(t.value or 0), t.url))
    result = Plan(date=day.isoformat(), tasks=tuple(_with_status(db, tasks)), budget_minutes=plan.budget_minutes,
                  niche=niche, notes=notes, by_kind=_count(tasks))
    if record and tasks:
        db.table("plans").insert_all(
            [
                {"date": result.date, "url": t.url, "position": i, "kind": t.kind, "domain": t.domain,
                 "minutes": t.minutes, "why": t.why, "blog": t.title, "title": t.page_title, "value": t.value}
                for i, t in enumerate(result.tasks)
            ],
            pk=("date", "url"), replace=True,
        )
        result = replace(result, recorded=True)
    return result


def _count(tasks: list[Task]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in tasks:
        out[t.kind] = out.get(t.kind, 0) + 1
    return out
