"""Backlinks in the store: saving them, which are due, the lost rule, and check storage (CheckPipeline)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlite_utils
from scrapy import signals

from crawler.clock import utcnow_precise
from crawler.items import CheckItem
from crawler.linkcheck import FOUND, NO_VERDICT, TargetError, check_source, parse_target
from crawler.urls import canonical_url
from pipelines.store import finish_crawl, open_db, plain_stats, start_crawl, transaction

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# A backlink's status: what its last check observed (crawler.linkcheck.OBSERVED), `lost` once a
# link that was live is missing from enough good fetches in a row, `unchecked` before any check.
BACKLINK_STATUSES = ("unchecked", "live", "missing", "lost", "wrong_target", "redirected_source", "noindex",
            "not_found", "blocked", "error", "robots_blocked")
MAX_RETRY_AFTER = timedelta(days=7)
MAX_STORED_LINKS = 20


@dataclass(frozen=True)
class BacklinkInput:
    """One backlink to monitor, as given (already checked by ``validate``)."""

    source_url: str
    target_url: str
    expected_anchor: str | None = None
    note: str | None = None
    origin: str = "import"
    line: int = 0


def normalise_backlink(source: str, target: str) -> tuple[str, str]:
    """The stored (source_url, target_url): a canonical source page; a canonical URL or a bare domain.

    Raises:
        TargetError: either is not something linktrail can check; the message says why.
    """
    try:
        src = canonical_url(check_source(source))
    except ValueError as exc:
        raise TargetError(f"source {exc}") from None
    try:
        parsed = parse_target(target)
    except TargetError as exc:
        raise TargetError(f"target {exc}") from None
    tgt = parsed.raw.strip().rstrip("/").lower() if parsed.is_domain else canonical_url(parsed.raw)
    return src, tgt


def validate(source: str, target: str, *, anchor: str | None = None, note: str | None = None,
             origin: str = "import", line: int = 0) -> BacklinkInput:
    """A BacklinkInput with normalised URLs, or TargetError."""
    src, tgt = normalise_backlink(source, target)
    return BacklinkInput(src, tgt, (anchor or "").strip() or None, (note or "").strip() or None,
                         (origin or "").strip() or "import", line)


def save_backlinks(db: sqlite_utils.Database, rows: Sequence[BacklinkInput]) -> tuple[int, int, int]:
    """Insert new backlinks and update the anchor, note and origin of known ones: (added, updated, unchanged)."""
    if not rows:
        return 0, 0, 0
    existing: dict[tuple[str, str], dict[str, Any]] = {}
    for chunk in _chunks([(r.source_url, r.target_url) for r in rows], 400):
        where = " or ".join(["(source_url = ? and target_url = ?)"] * len(chunk))
        params = [v for pair in chunk for v in pair]
        sql = f"select id, source_url, target_url, expected_anchor, note, origin from backlinks where {where}"
        for r in db.query(sql, params):
            existing[(r["source_url"], r["target_url"])] = r
    created = utcnow_precise()
    new, changed, unchanged = [], [], 0
    for row in rows:
        old = existing.get((row.source_url, row.target_url))
        if old is None:
            new.append({
                "source_url": row.source_url, "target_url": row.target_url,
                "expected_anchor": row.expected_anchor, "note": row.note, "origin": row.origin,
                "created": created, "status": "unchecked", "last_checked": None, "misses": 0,
                "outreach_id": None, "last_live": None, "not_before": None,
            })
            continue
        update = {"id": old["id"], "expected_anchor": row.expected_anchor or old["expected_anchor"],
                  # Where a backlink came from first (an import, a comment) stays its origin.
                  "note": row.note or old["note"], "origin": old["origin"] or row.origin}
        if all(update[k] == old[k] for k in ("expected_anchor", "note", "origin")):
            unchanged += 1
        else:
            changed.append(update)
    with transaction(db):
        if new:
            db.table("backlinks").insert_all(new)
        if changed:
            db.table("backlinks").upsert_all(changed, pk="id")
    return len(new), len(changed), unchanged


def sync_outreach(db: sqlite_utils.Database, you_site: str) -> int:
    """Make each page where a comment was marked done (or live) a backlink to ``[you] site``: how many are new.

    The target is the site's domain, so a comment linking to any page of it counts.
    """
    if not you_site.strip():
        return 0
    target = parse_target(you_site)
    domain = target.unicode_host if target.port is None else f"{target.unicode_host}:{target.port}"
    chosen: dict[str, dict[str, Any]] = {}
    for r in db.query("select id, url, status from outreach where kind = 'comment' "
                      "and status in ('done', 'live') order by id"):
        cur = chosen.get(r["url"])
        if cur is None or (cur["status"] != "done" and r["status"] == "done"):
            chosen[r["url"]] = r  # the 'done' row is the one that becomes live
    if not chosen:
        return 0
    watched = {r["outreach_id"] for r in db.query("select outreach_id from backlinks where outreach_id is not null")}
    new = []
    for url, r in chosen.items():
        if r["id"] in watched:
            continue
        try:
            new.append((r["id"], validate(url, domain, origin="comment", note=f"outreach #{r['id']}")))
        except TargetError as exc:
            logger.warning("outreach #%s: cannot check %s: %s", r["id"], url, exc)
    if not new:
        return 0
    known = {(r["source_url"], r["target_url"]) for r in db.query(
        "select source_url, target_url from backlinks where target_url = ?", [new[0][1].target_url])}
    added, _, _ = save_backlinks(db, [row for _, row in new if (row.source_url, row.target_url) not in known])
    with transaction(db):
        for outreach_id, row in new:
            # Watched for the comment; a backlink imported earlier keeps its origin.
            db.execute("update backlinks set outreach_id = ? where source_url = ? and target_url = ?",
                       [outreach_id, row.source_url, row.target_url])
    return added


# --------------------------------------------------------------------------------------------
# What is due, in order.

def due_order(alias: str = "") -> str:
    """ORDER BY terms: never checked, then live ones checked longest ago, then the others, lost last."""
    a = f"{alias}." if alias else ""
    return (f"case when {a}last_checked is null then 0 when {a}status = 'live' then 1 "
            f"when {a}status = 'lost' then 3 else 2 end, {a}last_checked, {a}id")


def due_backlinks(db: sqlite_utils.Database, *, now: datetime | None = None, recheck_hours: float = 20.0,
                  limit: int = 0, all_due: bool = False) -> list[dict[str, Any]]:
    """Backlinks to check now: never checked first, then live ones checked longest ago, others, lost last.

    A link checked less than ``recheck_hours`` ago is not due (unless ``all_due``); one whose source
    asked us to come back later (Retry-After) is not due before then, ever.
    """
    now = now or datetime.now(UTC)
    cutoff = utcnow_precise(now - timedelta(hours=recheck_hours))
    sql = (
        "select id, source_url, target_url, expected_anchor, status, last_checked, origin from backlinks "
        "where (not_before is null or not_before <= ?) and (? or last_checked is null or last_checked <= ?) "
        f"order by {due_order()}"
    )
    params: list[Any] = [utcnow_precise(now), 1 if all_due else 0, cutoff]
    if limit:
        sql += " limit ?"
        params.append(limit)
    return list(db.query(sql, params))


def waiting_count(db: sqlite_utils.Database, now: datetime | None = None) -> int:
    """Backlinks whose source asked (Retry-After) not to be fetched yet."""
    row = next(db.query("select count(*) as n from backlinks where not_before > ?", [utcnow_precise(now)]))
    return int(row["n"])


# --------------------------------------------------------------------------------------------
# The lost rule.

@dataclass(frozen=True)
class LinkState:
    """What the backlinks row remembers between checks."""

    status: str
    misses: int = 0
    last_live: str | None = None


def next_state(prev: LinkState, observed: str, found: bool, checked_at: str, misses_to_lost: int = 2) -> LinkState:
    """The backlink's state after one check.

    A fetch that says nothing about the link (blocked, error, robots_blocked) changes no count.
    A link found resets the misses. A good fetch without the link is a miss; a link that was live
    becomes ``lost`` after ``misses_to_lost`` misses in a row (and stays lost until found again);
    a link never seen live keeps the observed status (missing, wrong_target, not_found, ...).
    """
    if observed in NO_VERDICT:
        return LinkState(observed, prev.misses, prev.last_live)
    if found:
        return LinkState(observed, 0, checked_at)
    misses = prev.misses + 1
    if prev.last_live is not None and (prev.status == "lost" or misses >= max(1, misses_to_lost)):
        return LinkState("lost", misses, prev.last_live)
    return LinkState(observed, misses, prev.last_live)


@dataclass(frozen=True)
class Transition:
    """One backlink's status before and after a check."""

    backlink_id: int
    old: str
    new: str
    outreach_live: bool = False


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def record_checks(db: sqlite_utils.Database, items: Sequence[CheckItem], misses_to_lost: int = 2) -> list[Transition]:
    """Store a batch of checks: history rows, the backlinks' new state, outreach rows that went live."""
    if not items:
        return []
    ids = sorted({i.backlink_id for i in items})
    prev: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids, 500):
        marks = ", ".join("?" * len(chunk))
        sql = f"select id, status, misses, last_live, outreach_id from backlinks where id in ({marks})"
        for r in db.query(sql, list(chunk)):
            prev[r["id"]] = r
    outreach_ids = sorted({r["outreach_id"] for r in prev.values() if r["outreach_id"] is not None})
    outreach_status: dict[int, str] = {}
    for chunk in _chunks(outreach_ids, 500):
        marks = ", ".join("?" * len(chunk))
        for r in db.query(f"select id, status from outreach where id in ({marks})", list(chunk)):
            outreach_status[r["id"]] = r["status"]
    checks, updates, outreach, transitions = [], [], [], []
    for item in items:
        row = prev.get(item.backlink_id)
        if row is None:
            logger.warning("backlink #%s vanished during the check; result dropped", item.backlink_id)
            continue
        extra = item.extra
        found = bool(extra.get("found", item.status in FOUND))
        state = next_state(LinkState(row["status"] or "unchecked", row["misses"] or 0, row["last_live"]),
                           item.status, found, item.checked_at, misses_to_lost)
        not_before = None
        if extra.get("retry_after") is not None:
            wait = min(timedelta(seconds=int(extra["retry_after"])), MAX_RETRY_AFTER)
            not_before = utcnow_precise(datetime.fromisoformat(item.checked_at) + wait)
        checks.append({
            "backlink_id": item.backlink_id, "checked_at": item.checked_at, "status": state.status,
            "http_status": item.http_status, "final_url": item.final_url,
            "redirects": json.dumps(item.redirects) if item.redirects else None,
            "rel": " ".join(item.rel) if found else None, "anchor": item.anchor if found else None,
            "link_count": item.link_count, "placement": item.placement if found else None,
            "error": item.error, "observed": item.status, "found": int(found),
            "noindex": extra.get("noindex"), "content_type": extra.get("content_type"),
            "links": json.dumps(extra.get("links", [])[:MAX_STORED_LINKS], ensure_ascii=False),
            "notes": "; ".join(extra.get("notes", [])) or None,
        })
        updates.append({"id": item.backlink_id, "status": state.status, "last_checked": item.checked_at,
                        "misses": state.misses, "last_live": state.last_live, "not_before": not_before})
        went_live = False
        oid = row["outreach_id"]
        # A comment went live only when the link stands in the comment area; a sidebar or content
        # link to the site is a backlink of its own, not the comment.
        in_comments = item.placement == "comments" or any(
            x.get("placement") == "comments" and x.get("exact", True) for x in extra.get("links", []))
        if found and in_comments and oid is not None and outreach_status.get(oid) == "done":
            outreach.append({"id": oid, "status": "live", "updated": item.checked_at[:19] + "+00:00"})
            outreach_status[oid] = "live"
            went_live = True
        transitions.append(Transition(item.backlink_id, row["status"] or "unchecked", state.status, went_live))
    with transaction(db):
        if checks:
            db.table("backlink_checks").upsert_all(checks, pk=("backlink_id", "checked_at"))
            db.table("backlinks").upsert_all(updates, pk="id")
        if outreach:
            db.table("outreach").upsert_all(outreach, pk="id")
    return transitions


class CheckPipeline:
    """Store backlink checks in batches through one connection, applying the lost rule."""

    def __init__(self, db_path: str, misses_to_lost: int = 2, batch_size: int = 200,
                 crawler: Crawler | None = None) -> None:
        self.db_path = db_path
        self.misses_to_lost = misses_to_lost
        self.batch_size = batch_size
        self.crawler = crawler
        self.db: sqlite_utils.Database | None = None
        self.pending: list[CheckItem] = []
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CheckPipeline:
        s = crawler.settings
        pipeline = cls(s.get("LINKTRAIL_DB"), s.getint("LINKTRAIL_BACKLINKS_MISSES", 2),
                       s.getint("LINKTRAIL_STORE_BATCH", 200), crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.db = open_db(self.db_path)
        self.crawl_id = start_crawl(self.db, "backlinks")

    def process_item(self, item: Any) -> Any:
        if isinstance(item, CheckItem):
            self.pending.append(item)
            if len(self.pending) >= self.batch_size:
                self.flush()
        return item

    def flush(self) -> None:
        """Write the pending checks in one transaction and count what changed."""
        if not self.pending or self.db is None:
            return
        transitions = record_checks(self.db, self.pending, self.misses_to_lost)
        self.pending.clear()
        stats = self.crawler.stats if self.crawler else None
        if stats is None:
            return
        for t in transitions:
            stats.inc_value("linktrail/backlinks/checked")
            stats.inc_value(f"linktrail/backlinks/status/{t.new}")
            if t.new == "lost" and t.old != "lost":
                stats.inc_value("linktrail/backlinks/newly_lost")
            if t.outreach_live:
                stats.inc_value("linktrail/backlinks/comments_live")

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Record the run in the crawls table, then let go of the file."""
        if self.db is None:
            return
        if self.crawl_id is not None and self.crawler and self.crawler.stats:
            finish_crawl(self.db, self.crawl_id, reason, plain_stats(self.crawler.stats.get_stats()))
        self.db.conn.close()
        self.db = None

