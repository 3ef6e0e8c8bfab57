"""The report's data types (plan, tasks, weekly results) and their JSON forms, shared by builders and renderers."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from crawler.text import escape_controls

KIND_LABELS = {"comment": "comment", "guest_post": "pitch", "publish": "publish"}
# What to do, in words a person acts on.
KIND_ACTIONS = {
    "comment": "Comment on this post",
    "guest_post": "Pitch a guest post",
    "publish": "Publish a post on your blog",
}


# --- the plan of the day ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Task:
    """One thing to do today: where, what, why, and how long."""

    kind: str  # comment / guest_post / publish
    url: str
    domain: str
    title: str  # the blog's name
    minutes: int
    value: float | None
    why: str
    page_title: str = ""  # the post or page's own title
    status: str = ""  # the last outreach status for the URL (done, skipped, ...): "" while still to do

    @property
    def ticked(self) -> bool:
        """Done with, one way or another: a status was marked after the plan was made."""
        return bool(self.status) and self.status != "planned"

    @property
    def label(self) -> str:
        """The short verb: comment, pitch, publish."""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def action(self) -> str:
        """What to do, as a sentence start."""
        return KIND_ACTIONS.get(self.kind, self.kind)


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


def task_to_dict(task: Task) -> dict[str, Any]:
    """A JSON-ready dict of one task, with its label and action."""
    return {**asdict(task), "label": task.label, "action": task.action}


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """A JSON-ready dict of the plan."""
    return {
        "date": plan.date, "niche": plan.niche, "minutes": plan.minutes,
        "budget_minutes": plan.budget_minutes, "recorded": plan.recorded, "empty_db": plan.empty_db,
        "by_kind": plan.by_kind, "notes": list(plan.notes),
        "tasks": [task_to_dict(t) for t in plan.tasks],
    }


def plan_to_json(plan: Plan) -> str:
    """The plan as indented JSON (UTF-8 text, not ASCII-escaped; controls and bidi overrides escaped)."""
    return escape_controls(json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2))


# --- the weekly results -----------------------------------------------------------------------------

def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


@dataclass(frozen=True)
class Week:
    """One ISO week of efforts and outcomes."""

    week: str  # 2026-W48
    start: str  # its Monday
    comments_planned: int = 0
    comments_done: int = 0
    comments_live: int = 0
    pitches_planned: int = 0
    pitches_done: int = 0
    pitches_replied: int = 0
    pitches_accepted: int = 0
    pitches_live: int = 0
    posts: int = 0
    posts_target: int = 0

    @property
    def rates(self) -> dict[str, float | None]:
        """done/planned, live/done for comments; replied, accepted, live per pitch done; posts/target."""
        return {
            "comments_done_of_planned": _rate(self.comments_done, self.comments_planned),
            "comments_live_of_done": _rate(self.comments_live, self.comments_done),
            "pitches_replied_of_done": _rate(self.pitches_replied, self.pitches_done),
            "pitches_accepted_of_done": _rate(self.pitches_accepted, self.pitches_done),
            "pitches_live_of_done": _rate(self.pitches_live, self.pitches_done),
            "posts_of_target": _rate(self.posts, self.posts_target),
        }


# The counted fields of a Week (everything but its name and its Monday).
COUNTS = tuple(f.name for f in Week.__dataclass_fields__.values() if f.type == "int")


@dataclass(frozen=True)
class Results:
    """The last N ISO weeks up to a day, oldest first, and their totals."""

    until: str
    weeks: tuple[Week, ...]
    posts_per_week: int
    feed: str = ""
    feed_read: bool = False
    empty_db: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def totals(self) -> Week:
        sums = {name: sum(getattr(w, name) for w in self.weeks) for name in COUNTS}
        return Week("total", self.weeks[0].start if self.weeks else self.until, **sums)


def results_to_dict(results: Results) -> dict[str, Any]:
    """A JSON-ready dict: each week's counts and rates, and the totals."""
    def week(w: Week) -> dict[str, Any]:
        return {**asdict(w), "rates": w.rates}

    return {
        "until": results.until, "posts_per_week": results.posts_per_week, "feed": results.feed,
        "feed_read": results.feed_read, "empty_db": results.empty_db, "notes": list(results.notes),
        "weeks": [week(w) for w in results.weeks],
        "totals": week(results.totals) if results.weeks else None,
    }


def results_to_json(results: Results) -> str:
    """The results as indented JSON."""
    return json.dumps(results_to_dict(results), ensure_ascii=False, indent=2)
