"""The backlink monitor: import and add backlinks, run a check, and the report of what changed."""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from scrapy.settings import Settings

from crawler.clock import utcnow
from crawler.config import Config
from crawler.linkcheck import FOUND, TargetError
from crawler.runner import run_spider, scrapy_settings
from crawler.text import clean, escape_controls
from crawler.words import ending, plural
from pipelines.backlinks import (
    BACKLINK_STATUSES,
    BacklinkInput,
    due_backlinks,
    due_order,
    save_backlinks,
    sync_outreach,
    validate,
)
from pipelines.store import done_comment_count, open_db

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
    rows: list[BacklinkInput] = []
    problems: list[str] = []
    duplicates: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    mapping: dict[str, int] | None = None
    header_width = 0
    for number, line in enumerate(text.splitlines(), start=1):
        # One row per line, parsed strictly: a stray quote or a huge field spoils its own row, not the rest.
        try:
            cells = [c.strip() for c in next(csv.reader([line], dialect, strict=True), [])]
        except csv.Error as exc:
            problems.append(f"row {number}: not a CSV row ({exc})")
            continue
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
                mapping, header_width = header, len(cells)
                continue
        cols = mapping or {name: i for i, name in enumerate(COLUMNS)}
        width = header_width if mapping else len(COLUMNS)
        if len(cells) > width and any(cells[width:]):
            problems.append(f"row {number}: {len(cells)} columns, more than the {width} expected")
            continue
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
    anchors: list[dict[str, Any]] = field(default_factory=list)  # found links whose anchor is not the expected one

    @property
    def lost(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "lost"]


CHANGE_ORDER = ("lost", "new_live", "rel_changed", "anchor_changed", "status_changed")


def _rel_label(rel: str | None) -> str:
    tokens = [t for t in (rel or "").split() if t in ("nofollow", "ugc", "sponsored")]
    return ",".join(tokens) if tokens else "followed"


def _anchor(anchor: str | None, expected: str | None) -> str:
    """"anchor 'found'", and ", expected 'wanted'" when an expected anchor differs (case and spaces aside)."""
    said = f"anchor {anchor!r}"
    want = " ".join((expected or "").split())
    if want and want.lower() != " ".join((anchor or "").split()).lower():
        said += f", expected {want!r}"
    return said


def build_report(db: sqlite_utils.Database, *, with_links: bool = False) -> BacklinkReport:
    """Counts per status, and the changes between each backlink's last two checks."""
    counts = Counter({r["status"] or "unchecked": r["n"] for r in db.query(
        "select status, count(*) as n from backlinks group by status")})
    total = sum(counts.values())
    last = next(db.query("select max(last_checked) as t from backlinks"))["t"]
    latest: dict[int, list[dict[str, Any]]] = {}
    for r in db.query(
        "select * from (select c.*, b.source_url, b.target_url, b.expected_anchor, b.last_live, b.misses, "
        "row_number() over "
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
            where = f"{_rel_label(cur['rel'])}, {cur['placement']}, {_anchor(cur['anchor'], cur['expected_anchor'])}"
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
            "b.expected_anchor, "
            "c.rel, c.anchor, c.placement, c.link_count, c.http_status, c.error, c.notes from backlinks b "
            "left join backlink_checks c on c.backlink_id = b.id and c.checked_at = b.last_checked "
            f"order by {due_order('b')}"))
    ordered = dict(sorted(counts.items(),
                          key=lambda kv: BACKLINK_STATUSES.index(kv[0]) if kv[0] in BACKLINK_STATUSES else 99))
    anchors = [
        {"id": bid, "source_url": rows[0]["source_url"], "target_url": rows[0]["target_url"],
         "anchor": rows[0]["anchor"], "expected_anchor": rows[0]["expected_anchor"]}
        for bid, rows in latest.items()
        if rows[0]["found"] and "expected" in _anchor(rows[0]["anchor"], rows[0]["expected_anchor"])
    ]
    return BacklinkReport(total, ordered, last, changes, links, anchors)


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
                what = f"{clean(c.old)!r} -> {clean(c.new)!r}" if c.kind == "anchor_changed" else f"{c.old} -> {c.new}"
            elif c.kind == "status_changed":
                what = f"{c.old} -> {c.new}" + (f" ({c.detail})" if c.detail else "")
            else:
                what = c.detail
            # Page text (anchors, rel values, errors a server caused) is cleaned of control characters.
            lines.append(f"  {label:<14} {clean(c.source_url)} -> {clean(c.target_url)}"
                         + (f"  {clean(what)}" if what else ""))
    elif report.last_check:
        lines.append("No changes since the previous check.")
    if report.anchors and not report.backlinks:
        lines.append("Anchor not the expected one:")
        lines += [f"  {a['source_url']} -> {a['target_url']}  {_anchor(a['anchor'], a['expected_anchor'])}"
                  for a in report.anchors]
    for b in report.backlinks:
        extra = ""
        if b["status"] in FOUND:
            anchor = clean(_anchor(b["anchor"], b["expected_anchor"]))
            extra = f"  {clean(_rel_label(b['rel']))}, {b['placement']}, {anchor}"
        elif b["error"] or b["notes"]:
            extra = f"  {clean(b['error'] or b['notes'])}"
        lines.append(f"  #{b['id']:<5} {b['status']:<17} {clean(b['source_url'])} -> {clean(b['target_url'])}{extra}")
    return "\n".join(lines) + "\n"


def report_json(report: BacklinkReport) -> str:
    """The report as one JSON document."""
    return escape_controls(json.dumps({
        "total": report.total, "counts": report.counts, "last_check": report.last_check,
        "changes": [asdict(c) for c in report.changes], "backlinks": report.backlinks,
        "anchor_mismatches": report.anchors,
    }, ensure_ascii=False, indent=2))


# --------------------------------------------------------------------------------------------
# Running a check from the command line.

def check_settings(config: Config, db: str, **overrides: Any) -> Settings:
    """Scrapy settings for a backlinks run, from linktrail.toml (`[backlinks]`; politeness, timeout from `[crawl]`)."""
    b = config.backlinks
    values: dict[str, Any] = {
        "ROBOTSTXT_OBEY": True,  # never configurable away (README: Politeness)
        "RETRY_TIMES": b.retries,
        "LINKTRAIL_BACKLINKS_MISSES": max(1, b.misses_to_lost),
        "LINKTRAIL_BACKLINKS_SITES_AT_ONCE": max(1, b.sites_at_once),
        # Scrapy counts a request waiting out its site's delay as one in flight: room for each
        # active site's page and its robots.txt, or the delays, not the sites, would set the pace.
        "CONCURRENT_REQUESTS": 2 * max(1, b.sites_at_once) + 2,
    }
    values.update(overrides)
    return scrapy_settings(config, db=db, seeds=[], **values)


def comment_identity(links: list[dict[str, Any]], name: str) -> str:
    """Whose comment a live comment link stands in: the author's website or the text, and the author's name
    against ``[you] name`` (compared without case or extra spaces)."""
    shown = [x for x in links if x.get("placement") == "comments" and x.get("exact", True)]
    link = next((x for x in shown if x.get("commenter")), shown[0] if shown else {})
    author = clean(str(link.get("author") or ""))
    if not link.get("commenter"):
        by = f" by '{author}'" if author else ""
        return f"your site in the text of a comment{by}, not as a comment's author website"
    said = "your site as the comment's author website"
    if not author:
        return f"{said}, with no author name found"
    if not name.strip():
        return f"{said}, under the name '{author}' (set [you] name to check it is yours)"
    if " ".join(author.casefold().split()) == " ".join(name.casefold().split()):
        return f"{said}, under your name ({author})"
    return f"{said}, but under the name '{author}', not your [you] name '{clean(name)}'"


def live_comments(db: sqlite_utils.Database, since: str, name: str) -> list[str]:
    """'comment live on URL: whose it is' for each comment that went live at a check since ``since``."""
    rows = db.query(
        "select b.source_url, (select c.links from backlink_checks c where c.backlink_id = b.id "
        "order by c.checked_at desc limit 1) as links from backlinks b join outreach o on o.id = b.outreach_id "
        "where o.kind = 'comment' and o.status = 'live' and o.updated >= ? order by b.id", [since])
    return [f"comment live on {escape_controls(r['source_url'])}: "
            f"{comment_identity(json.loads(r['links'] or '[]'), name)}" for r in rows]


def run_check(config: Config, db: str, *, limit: int | None = None, all_due: bool = False,
              **overrides: Any) -> dict[str, Any]:
    """Turn comments marked done into backlinks, then check every due backlink; return the stats.

    ``linktrail/backlinks/live_comments`` lists, for each comment that went live, whose comment it is.
    """
    started = utcnow()
    b = config.backlinks
    store = open_db(db)
    try:
        added = sync_outreach(store, config.you.site)
        unwatched = 0
        if not config.you.site.strip():
            unwatched = done_comment_count(store)
        due = due_backlinks(store, recheck_hours=b.recheck_hours, limit=b.max_checks if limit is None else limit,
                            all_due=all_due)
    finally:
        store.conn.close()
    stats = run_spider(check_settings(config, db, **overrides), "backlinks", due=due)
    stats["linktrail/backlinks/from_outreach"] = added
    stats["linktrail/backlinks/outreach_unwatched"] = unwatched
    if stats.get("linktrail/backlinks/comments_live"):
        store = open_db(db)
        try:
            stats["linktrail/backlinks/live_comments"] = live_comments(store, started, config.you.name)
        finally:
            store.conn.close()
    return stats


def check_summary(stats: dict[str, Any], db: str) -> str:
    """One line after a check run: how many, per status, and what was newly lost."""
    per = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("linktrail/backlinks/status/")}
    parts = ", ".join(f"{s} {n}" for s, n in sorted(per.items(), key=lambda kv: -kv[1]))
    line = (f"checked {plural(stats.get('linktrail/backlinks/checked', 0), 'backlink')} on "
            f"{plural(stats.get('linktrail/backlinks/pages', 0), 'page')} ({parts or 'nothing due'}) into {db}")
    lost = stats.get("linktrail/backlinks/newly_lost", 0)
    if lost:
        line += f"; {lost} newly lost"
    went = stats.get("linktrail/backlinks/comments_live", 0)
    if went:
        line += f"; {plural(went, 'comment went live')}"
    return line + f"; {ending(stats.get('finish_reason'))}"
