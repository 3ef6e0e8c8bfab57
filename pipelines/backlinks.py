"""Backlinks: import and add, which are due, the lost rule, check storage (CheckPipeline), the report."""

from __future__ import annotations

import csv
import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils
from scrapy import signals

from crawler.clock import utcnow_precise
from crawler.linkcheck import FOUND, NO_VERDICT, TargetError, check_source, parse_target
from crawler.urls import canonical_url
from pipelines.store import finish_crawl, open_db, plain_stats, start_crawl, transaction

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.items import CheckItem

logger = logging.getLogger(__name__)

# A backlink's status: what its last check observed (crawler.linkcheck.OBSERVED), `lost` once a
# link that was live is missing from enough good fetches in a row, `unchecked` before any check.
STATUSES = ("unchecked", "live", "missing", "lost", "wrong_target", "redirected_source", "noindex",
            "not_found", "blocked", "error", "robots_blocked")
MAX_RETRY_AFTER = timedelta(days=7)
MAX_STORED_LINKS = 20

# CSV columns, with the header names accepted for each.
COLUMNS = ("source_url", "target_url", "expected_anchor", "note", "origin")
HEADER_ALIASES = {
    "source_url": "source_url", "source": "source_url", "url": "source_url", "page": "source_url",
    "source url": "source_url", "from": "source_url", "referring page": "source_url",
    "target_url": "target_url", "target": "target_url", "target url": "target_url",
    "target_domain": "target_url", "domain": "target_url", "to": "target_url",
    "expected_anchor": "expected_anchor", "anchor": "expected_anchor", "anchor text": "expected_anchor",
    "note": "note", "notes": "note", "comment": "note",
    "origin": "origin", "kind": "origin",
}


# --------------------------------------------------------------------------------------------
# Import and add.

@dataclass(frozen=True)
class BacklinkInput:
    """One backlink to monitor, as given (already checked by ``validate``)."""

    source_url: str
    target_url: str
    expected_anchor: str | None = None
    note: str | None = None
    origin: str = "import"
    line: int = 0


@dataclass
class ImportResult:
    """What an import did: counts, and one line per row that was not imported or was a duplicate."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def messages(self) -> list[str]:
        """Problems and duplicates, one line each, in row order."""
        return sorted(self.problems + self.duplicates, key=lambda m: int(m.split()[1].rstrip(":,")))

    def summary(self, path: str) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicate rows skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} bad rows not imported")
        return f"{path}: " + ", ".join(parts)


def normalise(source: str, target: str) -> tuple[str, str]:
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
    src, tgt = normalise(source, target)
    return BacklinkInput(src, tgt, (anchor or "").strip() or None, (note or "").strip() or None,
                         (origin or "").strip() or "import", line)


def read_csv(path: str | Path) -> tuple[list[BacklinkInput], list[str], list[str]]:
    """(valid rows, problems, duplicates) of a backlinks CSV; one message per bad row, with its row number.

    Raises:
        TargetError: the file cannot be read as text at all.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TargetError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV") from None
    except OSError as exc:
        raise TargetError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(), dialect)
    rows: list[BacklinkInput] = []
    problems: list[str] = []
    duplicates: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    mapping: dict[str, int] | None = None
    for number, cells in enumerate(reader, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if mapping is None and number == _first_row(text):
            header: dict[str, int] = {}
            for i, c in enumerate(cells):
                name = HEADER_ALIASES.get(c.lower())
                if name and name not in header:
                    header[name] = i
            if "source_url" in header or "target_url" in header:
                if "source_url" not in header or "target_url" not in header:
                    raise TargetError(f"{path}: row 1: the header needs a source_url and a target_url column")
                mapping = header
                continue
        cols = mapping or {name: i for i, name in enumerate(COLUMNS)}
        try:
            values = {name: (cells[i] if i < len(cells) else "") for name, i in cols.items()}
            if not values["source_url"] or not values["target_url"]:
                raise TargetError("needs a source URL and a target URL (or domain)")
            row = validate(values["source_url"], values["target_url"], anchor=values.get("expected_anchor"),
                           note=values.get("note"), origin=values.get("origin") or "import", line=number)
        except TargetError as exc:
            problems.append(f"row {number}: {exc}")
            continue
        key = (row.source_url, row.target_url)
        if key in seen:
            duplicates.append(f"row {number}: duplicate of row {seen[key]}, skipped")
            continue
        seen[key] = number
        rows.append(row)
    return rows, problems, duplicates


def _first_row(text: str) -> int:
    """The row number of the first non-empty, non-comment line (where a header may be)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            return number
    return 1


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
                  "note": row.note or old["note"], "origin": row.origin or old["origin"]}
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


def import_csv(db: sqlite_utils.Database, path: str | Path) -> ImportResult:
    """Import a backlinks CSV: the good rows are saved, each bad row is reported with its number."""
    rows, problems, duplicates = read_csv(path)
    added, updated, unchanged = save_backlinks(db, rows)
    return ImportResult(added, updated, unchanged, problems, duplicates)


def add_backlink(db: sqlite_utils.Database, source: str, target: str, *, anchor: str | None = None,
                 note: str | None = None, origin: str = "manual") -> tuple[int, bool]:
    """Add (or update) one backlink: (its id, whether it is new). Raises TargetError on bad input."""
    row = validate(source, target, anchor=anchor, note=note, origin=origin)
    added, _, _ = save_backlinks(db, [row])
    found = next(db.query("select id from backlinks where source_url = ? and target_url = ?",
                          [row.source_url, row.target_url]))
    return int(found["id"]), bool(added)


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
    added, _, _ = save_backlinks(db, [row for _, row in new])
    with transaction(db):
        for outreach_id, row in new:
            db.execute("update backlinks set outreach_id = ?, origin = 'comment' "
                       "where source_url = ? and target_url = ?",
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
        if found and oid is not None and outreach_status.get(oid) == "done":
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
        from crawler.items import CheckItem

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


# --------------------------------------------------------------------------------------------
# The report.

@dataclass(frozen=True)
class Change:
    """One thing that changed at a backlink's latest check."""

    kind: str  # lost / new_live / rel_changed / anchor_changed / status_changed
    backlink_id: int
    source_url: str
    target_url: str
    old: str | None
    new: str | None
    checked_at: str
    detail: str = ""


@dataclass
class BacklinkReport:
    """Counts per status and what changed since each backlink's previous check."""

    total: int
    counts: dict[str, int]
    last_check: str | None
    changes: list[Change]
    backlinks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def lost(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "lost"]


CHANGE_ORDER = ("lost", "new_live", "rel_changed", "anchor_changed", "status_changed")


def _rel_label(rel: str | None) -> str:
    tokens = [t for t in (rel or "").split() if t in ("nofollow", "ugc", "sponsored")]
    return ",".join(tokens) if tokens else "followed"


def build_report(db: sqlite_utils.Database, *, with_links: bool = False) -> BacklinkReport:
    """Counts per status, and the changes between each backlink's last two checks."""
    counts = Counter({r["status"] or "unchecked": r["n"] for r in db.query(
        "select status, count(*) as n from backlinks group by status")})
    total = sum(counts.values())
    last = next(db.query("select max(last_checked) as t from backlinks"))["t"]
    latest: dict[int, list[dict[str, Any]]] = {}
    for r in db.query(
        "select * from (select c.*, b.source_url, b.target_url, b.last_live, b.misses, row_number() over "
        "(partition by c.backlink_id order by c.checked_at desc) as n "
        "from backlink_checks c join backlinks b on b.id = c.backlink_id) where n <= 2 order by backlink_id, n"
    ):
        latest.setdefault(r["backlink_id"], []).append(r)
    changes: list[Change] = []
    for bid, rows in latest.items():
        cur, prev = rows[0], (rows[1] if len(rows) > 1 else None)
        args = (bid, cur["source_url"], cur["target_url"])
        if cur["status"] == "lost" and (prev is None or prev["status"] != "lost"):
            seen = f"last seen live {cur['last_live'][:10]}; " if cur["last_live"] else ""
            changes.append(Change("lost", *args, prev["status"] if prev else None, "lost", cur["checked_at"],
                                  f"{seen}{cur['misses']} good fetches in a row without it "
                                  f"({cur['notes'] or cur['observed']})"))
        elif cur["found"] and not (prev and prev["found"]):
            where = f"{_rel_label(cur['rel'])}, {cur['placement']}, anchor {cur['anchor']!r}"
            changes.append(Change("new_live", *args, prev["status"] if prev else None, cur["status"],
                                  cur["checked_at"], where))
        elif prev is not None and cur["status"] != prev["status"]:
            changes.append(Change("status_changed", *args, prev["status"], cur["status"], cur["checked_at"],
                                  cur["error"] or cur["notes"] or ""))
        if cur["found"] and prev is not None and prev["found"]:
            if _rel_label(cur["rel"]) != _rel_label(prev["rel"]):
                changes.append(Change("rel_changed", *args, _rel_label(prev["rel"]), _rel_label(cur["rel"]),
                                      cur["checked_at"]))
            if (cur["anchor"] or "") != (prev["anchor"] or ""):
                changes.append(Change("anchor_changed", *args, prev["anchor"], cur["anchor"], cur["checked_at"]))
    changes.sort(key=lambda c: (CHANGE_ORDER.index(c.kind), c.source_url, c.target_url))
    links = []
    if with_links:
        links = list(db.query(
            "select b.id, b.source_url, b.target_url, b.origin, b.status, b.last_checked, b.last_live, b.misses, "
            "c.rel, c.anchor, c.placement, c.link_count, c.http_status, c.error, c.notes from backlinks b "
            "left join backlink_checks c on c.backlink_id = b.id and c.checked_at = b.last_checked "
            f"order by {due_order('b')}"))
    ordered = dict(sorted(counts.items(), key=lambda kv: STATUSES.index(kv[0]) if kv[0] in STATUSES else 99))
    return BacklinkReport(total, ordered, last, changes, links)


CHANGE_LABELS = {"lost": "LOST", "new_live": "new live", "rel_changed": "rel changed",
                 "anchor_changed": "anchor changed", "status_changed": "status"}


def render_report(report: BacklinkReport, db_path: str) -> str:
    """The report as plain text for a terminal or a cron mail."""
    lines = []
    if not report.total:
        return (f"No backlinks in {db_path} yet: `linktrail backlinks import FILE.csv` "
                "or `linktrail backlinks add SOURCE TARGET`.\n")
    per = ", ".join(f"{s} {n}" for s, n in report.counts.items())
    when = f"; last check {report.last_check[:19].replace('T', ' ')} UTC" if report.last_check else "; never checked"
    lines.append(f"{report.total} backlinks in {db_path}: {per}{when}")
    if report.changes:
        lines.append("Since the previous check:")
        for c in report.changes:
            label = CHANGE_LABELS[c.kind]
            if c.kind in ("rel_changed", "anchor_changed"):
                what = f"{c.old!r} -> {c.new!r}" if c.kind == "anchor_changed" else f"{c.old} -> {c.new}"
            elif c.kind == "status_changed":
                what = f"{c.old} -> {c.new}" + (f" ({c.detail})" if c.detail else "")
            else:
                what = c.detail
            lines.append(f"  {label:<14} {c.source_url} -> {c.target_url}" + (f"  {what}" if what else ""))
    elif report.last_check:
        lines.append("No changes since the previous check.")
    for b in report.backlinks:
        extra = ""
        if b["status"] in FOUND:
            extra = f"  {_rel_label(b['rel'])}, {b['placement']}, anchor {b['anchor']!r}"
        elif b["error"] or b["notes"]:
            extra = f"  {b['error'] or b['notes']}"
        lines.append(f"  #{b['id']:<5} {b['status']:<17} {b['source_url']} -> {b['target_url']}{extra}")
    return "\n".join(lines) + "\n"


def report_json(report: BacklinkReport) -> str:
    """The report as one JSON document."""
    return json.dumps({
        "total": report.total, "counts": report.counts, "last_check": report.last_check,
        "changes": [asdict(c) for c in report.changes], "backlinks": report.backlinks,
    }, ensure_ascii=False, indent=2)
