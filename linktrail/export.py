"""`linktrail export`: target lists for spreadsheets (CSV with injection-safe cells, or JSON)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import sqlite_utils

from crawler.clock import today
from crawler.config import PlanConfig
from crawler.text import clean, escape_controls
from linktrail.plan import CANDIDATES, gate_params, task_why
from linktrail.render.csv import write_csv

EXPORT_KINDS = ("comment", "guest_post", "all")
COLUMNS = (
    "kind", "url", "blog", "domain", "title", "value", "relevance", "why", "comment_system",
    "website_field", "captcha", "commenter_rel", "newest_comment", "published", "submit_email",
    "guidelines_url", "first_seen", "fetched_at", "status", "status_date",
)


class ExportError(ValueError):
    """Bad export input (unknown kind)."""


def export_rows(db: sqlite_utils.Database, *, kind: str = "all", since: date | None = None,
                threshold: float = 0.0, day: date | None = None, plan: PlanConfig | None = None,
                own: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The targets the plan draws from (through the plan's gates), best first, with their last outreach status.

    ``since`` keeps targets first seen on or after that day; ``own`` (the user's sites) are left out.
    """
    if kind not in EXPORT_KINDS:
        raise ExportError(f"unknown kind {kind!r} (one of: {', '.join(EXPORT_KINDS)})")
    if not db["pages"].exists():
        return []
    day = day or today()
    status = {
        r["url"]: r for r in db.query(
            "select url, status, date from outreach o where id = "
            "(select id from outreach where url = o.url order by date desc, id desc limit 1)")
    }
    kinds = ("guest_post", "comment") if kind == "all" else (kind,)
    params = gate_params(plan or PlanConfig(), day, threshold=threshold, own=own)
    rows = []
    for k in kinds:
        for r in db.query(CANDIDATES[k], params):
            if since and (r["first_seen"] or "")[:10] < since.isoformat():
                continue
            s = status.get(r["url"], {})
            rows.append({
                "kind": k, "url": r["url"], "blog": r["site_name"] or r["site"], "domain": r["site"],
                "title": r["title"] or "", "value": r["value"], "relevance": r["relevance"], "why": task_why(r, day),
                "comment_system": r["comment_system"], "website_field": r["website_field"],
                "captcha": r["captcha"], "commenter_rel": r["commenter_rel"],
                "newest_comment": r["newest_comment"], "published": r["published"],
                "submit_email": r["submit_email"], "guidelines_url": r["guidelines_url"],
                "first_seen": r["first_seen"], "fetched_at": r["fetched_at"],
                "status": s.get("status"), "status_date": s.get("date"),
            })
    return rows


def export_text(rows: list[dict[str, Any]], fmt: str) -> str:
    """CSV (UTF-8, header row, every cell safe to open in a spreadsheet and a terminal) or a JSON array.

    Page text is hostile: CSV cells lose control characters and bidi overrides (crawler/text.py); JSON keeps the
    values as they are, with those characters escaped.
    """
    if fmt == "json":
        return escape_controls(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n"
    return write_csv(COLUMNS, [{k: clean(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows])
