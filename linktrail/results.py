"""Results per ISO week (outreach efforts and outcomes, own posts against the target), and the own-feed store."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import feedparser
import sqlite_utils

from crawler.clock import utcnow
from linktrail.model import COUNTS, Results, Week
from pipelines.store import transaction

# A URL that reached a later status has passed the earlier ones: a live comment was done.
REACHED = {
    "done": ("done", "replied", "accepted", "rejected", "live"),
    "replied": ("replied", "accepted", "rejected", "live"),
    "accepted": ("accepted", "live"),
    "live": ("live",),
}


# --- the user's own feed: parsed from bytes the caller fetched, stored for the report --------------

def own_posts_from_feed(body: bytes, feed_url: str) -> list[dict[str, Any]]:
    """(url, published, title) of each dated entry of an RSS or Atom feed; undated entries are left out."""
    parsed = feedparser.parse(body, response_headers={"content-location": feed_url})
    posts = []
    for entry in parsed.entries:
        link = entry.get("link")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if not link or not stamp:
            continue
        published = datetime.fromtimestamp(calendar.timegm(stamp), UTC)  # feedparser's *_parsed are UTC
        posts.append({"url": urljoin(feed_url, link), "published": published.isoformat(),
                      "title": str(entry.get("title", ""))[:300]})
    return posts


def save_own_posts(db: sqlite_utils.Database, feed_url: str, posts: list[dict[str, Any]],
                   *, read_at: str | None = None) -> int:
    """Store the feed's entries (idempotent) and record that the feed was read; return the entry count."""
    read_at = read_at or utcnow()
    rows = [{"url": p["url"], "published": p["published"], "title": p.get("title", ""), "feed": feed_url,
             "read_at": read_at} for p in posts]
    with transaction(db):
        if rows:
            db.table("own_posts").upsert_all(rows, pk="url")
        db.table("own_feed_reads").upsert({"feed": feed_url, "read_at": read_at, "entries": len(rows), "error": None},
                                    pk="feed")
    return len(rows)


def record_own_feed_error(db: sqlite_utils.Database, feed_url: str, error: str) -> None:
    """Remember why the feed could not be read, keeping the time of the last good read."""
    with transaction(db):
        if db["own_feed_reads"].exists() and list(db.query("select 1 from own_feed_reads where feed = ?", [feed_url])):
            db.execute("update own_feed_reads set error = ? where feed = ?", [error[:500], feed_url])
        else:
            db.table("own_feed_reads").insert({"feed": feed_url, "read_at": None, "entries": 0, "error": error[:500]})


# --- weekly results ---------------------------------------------------------------------------------

def iso_week(d: date) -> str:
    """'2026-W48' for a date."""
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _first_reached(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, str]]:
    """{(kind, url): {stage: first date}} from outreach rows (history rows or rows updated in place)."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for r in rows:
        stages = out.setdefault((r["kind"], r["url"]), {})
        for stage, statuses in REACHED.items():
            if r["status"] in statuses and (stage not in stages or r["date"] < stages[stage]):
                stages[stage] = r["date"]
        if r["status"] == "planned" and ("planned" not in stages or r["date"] < stages["planned"]):
            stages["planned"] = r["date"]
    return out


def build_results(db: sqlite_utils.Database, day: date, *, weeks: int = 8, posts_per_week: int = 2,
                  feed: str = "") -> Results:
    """Per ISO week, the ``weeks`` weeks up to the one holding ``day`` (from the first with any activity):
    comments planned, done and live; pitches planned, done, replied, accepted and live; own posts against the target."""
    if not db["pages"].exists() or not db["pages"].count:
        return Results(day.isoformat(), (), posts_per_week, feed, empty_db=True)
    monday = day - timedelta(days=day.weekday())
    starts = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    first, last = starts[0].isoformat(), (monday + timedelta(days=6)).isoformat()
    counts: dict[str, dict[str, int]] = {iso_week(s): {name: 0 for name in COUNTS} for s in starts}

    def bump(when: str | None, name: str) -> None:
        if not when:
            return
        try:
            key = iso_week(date.fromisoformat(when[:10]))
        except ValueError:
            return
        if key in counts:
            counts[key][name] += 1

    rows = list(db.query("select url, kind, status, date from outreach where date is not null"))
    reached = _first_reached(rows)
    for r in db.query("select url, kind, min(date) as date from plans group by url, kind"):
        stages = reached.setdefault((r["kind"], r["url"]), {})
        if "planned" not in stages or r["date"] < stages["planned"]:
            stages["planned"] = r["date"]
    names = {"comment": {"planned": "comments_planned", "done": "comments_done", "live": "comments_live"},
             "guest_post": {"planned": "pitches_planned", "done": "pitches_done", "replied": "pitches_replied",
                            "accepted": "pitches_accepted", "live": "pitches_live"}}
    for (kind, _url), stages in reached.items():
        for stage, when in stages.items():
            name = names.get(kind, {}).get(stage)
            if name:
                bump(when, name)
    feed_read = False
    if db["own_posts"].exists():
        sql = "select published from own_posts where substr(published, 1, 10) between ? and ?"
        params: list[Any] = [first, last]
        if feed:
            sql += " and feed = ?"
            params.append(feed)
        for r in db.query(sql, params):
            bump(r["published"], "posts")
        feed_read = bool(list(db.query(
            "select 1 from own_feed_reads where read_at is not null" + (" and feed = ?" if feed else ""),
            [feed] if feed else [])))
    # From the first week with any activity (the current week when there is none): no leading empty weeks.
    active = [s for s in starts if any(counts[iso_week(s)].values())]
    shown = [s for s in starts if s >= (active[0] if active else monday)]
    result_weeks = tuple(
        Week(iso_week(s), s.isoformat(), **{**counts[iso_week(s)], "posts_target": posts_per_week}) for s in shown
    )
    notes: tuple[str, ...] = ()
    if not feed_read:
        notes = ("Your own posts are not counted yet: set [you] feed and run `linktrail crawl`.",)
    return Results(day.isoformat(), result_weeks, posts_per_week, feed, feed_read, notes=notes)
