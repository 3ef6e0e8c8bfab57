"""The plan of the day: choose today's targets from the database, deterministically."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from crawler.config import PlanConfig

KIND_LABELS = {"comment": "comment", "guest_post": "pitch", "publish": "publish"}


@dataclass(frozen=True)
class Task:
    """One thing to do today: where, what, why, and how long."""

    kind: str  # comment / guest_post / publish
    url: str
    domain: str
    title: str
    minutes: int
    value: float | None
    why: str


@dataclass(frozen=True)
class Plan:
    """Today's tasks, with the totals a person checks at a glance."""

    date: str
    tasks: tuple[Task, ...]
    budget_minutes: int
    niche: str = ""
    notes: tuple[str, ...] = ()
    recorded: bool = False
    empty_db: bool = False
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def minutes(self) -> int:
        return sum(t.minutes for t in self.tasks)


def _why(row: dict[str, Any]) -> str:
    """The reasons a person acts on, from the stored row."""
    if row["opportunity"] == "guest_post":
        parts = ["guest-post page"]
        if row.get("submit_email"):
            parts.append(f"pitch to {row['submit_email']}")
        if row.get("guidelines_url") and row["guidelines_url"] != row["url"]:
            parts.append(f"guidelines at {row['guidelines_url']}")
        return ", ".join(parts)
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
        days = (date.today() - date.fromisoformat(row["newest_comment"][:10])).days
        parts.append(f"newest comment {days} days ago" if days else "newest comment today")
    elif row.get("published"):
        days = (date.today() - date.fromisoformat(row["published"][:10])).days
        parts.append(f"posted {days} days ago")
    return ", ".join(parts)


def _done_domains(db: sqlite_utils.Database, day: date, cooldown_days: int) -> set[str]:
    since = (day - timedelta(days=cooldown_days)).isoformat()
    rows = db.query(
        "select distinct domain from outreach where status != 'planned' and date >= ? and date <= ?",
        [since, day.isoformat()],
    )
    return {r["domain"] for r in rows}


def _taken_urls(db: sqlite_utils.Database, day: date) -> set[str]:
    taken = {r["url"] for r in db.query("select url from outreach")}
    taken |= {r["url"] for r in db.query("select url from plans where date != ?", [day.isoformat()])}
    return taken


CANDIDATES = {
    "comment": """
        select p.*, s.name as site_name from pages p join sites s on s.domain = p.site
        where p.opportunity = 'comment' and p.comment_state = 'open' and p.website_field = 1
          and coalesce(p.relevance, 0) >= :threshold and p.parked = 0 and coalesce(s.status, 'active') = 'active'
        order by p.value desc, p.url""",
    "guest_post": """
        select p.*, s.name as site_name from pages p join sites s on s.domain = p.site
        where p.opportunity = 'guest_post' and coalesce(p.guest_accepts, 1) = 1
          and coalesce(s.relevance, 0) >= :threshold and coalesce(s.status, 'active') = 'active'
        order by p.value desc, p.url""",
}


def build_plan(
    db: sqlite_utils.Database, plan: PlanConfig, day: date, *, threshold: float,
    niche: str = "", record: bool = True,
) -> Plan:
    """Today's plan: best targets first, quotas and the time budget kept, no domain twice,
    cool-downs and earlier outreach respected; the same date always gives the same plan."""
    if not db["pages"].exists() or not db["pages"].count:
        return Plan(date=day.isoformat(), tasks=(), budget_minutes=plan.budget_minutes, niche=niche, empty_db=True)
    stored = list(db.query("select * from plans where date = ? order by position", [day.isoformat()]))
    if stored:
        titles = {r["url"]: r["title"] for r in db.query(
            "select url, title from pages where url in (select url from plans where date = ?)", [day.isoformat()])}
        tasks = tuple(
            Task(r["kind"], r["url"], r["domain"], titles.get(r["url"]) or "", r["minutes"], None, r["why"])
            for r in stored
        )
        return Plan(date=day.isoformat(), tasks=tasks, budget_minutes=plan.budget_minutes, niche=niche, recorded=True)

    cooling = _done_domains(db, day, plan.cooldown_days)
    taken = _taken_urls(db, day)
    used_domains: set[str] = set()
    tasks: list[Task] = []
    remaining = plan.budget_minutes
    for kind, quota, minutes in (
        ("guest_post", plan.guest_posts, plan.guest_post_minutes),
        ("comment", plan.comments, plan.comment_minutes),
    ):
        got = 0
        for row in db.query(CANDIDATES[kind], {"threshold": threshold}):
            if got >= quota or remaining < minutes:
                break
            domain = row["site"]
            if domain in used_domains or domain in cooling or row["url"] in taken:
                continue
            tasks.append(Task(kind, row["url"], domain, row["site_name"] or row["title"] or domain,
                              minutes, row["value"], _why(row)))
            used_domains.add(domain)
            remaining -= minutes
            got += 1
    tasks.sort(key=lambda t: (t.kind != "guest_post", -(t.value or 0), t.url))
    result = Plan(date=day.isoformat(), tasks=tuple(tasks), budget_minutes=plan.budget_minutes, niche=niche)
    if record and tasks:
        db["plans"].insert_all(
            [
                {"date": result.date, "url": t.url, "position": i, "kind": t.kind, "domain": t.domain,
                 "minutes": t.minutes, "why": t.why}
                for i, t in enumerate(result.tasks)
            ],
            pk=("date", "url"), replace=True,
        )
        result = Plan(**{**result.__dict__, "recorded": True})
    return result


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """A JSON-ready dict of the plan."""
    return {
        "date": plan.date, "niche": plan.niche, "minutes": plan.minutes,
        "budget_minutes": plan.budget_minutes,
        "tasks": [t.__dict__ for t in plan.tasks],
    }


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2)
