"""Everything found, ranked, with reasons (`opportunities`, `sites`), and search footprints from the niche."""

from __future__ import annotations

import json
import re
from typing import Any

import sqlite_utils

from linktrail.render.common import clean
from linktrail.render.csv import write_csv

OPPORTUNITY_COLUMNS = ("value", "kind", "url", "site", "title", "relevance", "comment_state", "website_field",
                       "newest_comment", "published", "submit_email", "reasons")
SITE_COLUMNS = ("domain", "name", "relevance", "status", "pages", "comment_targets", "guest_post_pages",
                "last_post", "contact_email", "reasons")

# Search-operator footprints: "{kw}" is replaced by one niche keyword (quoted), one query a line.
FOOTPRINTS = {
    "comment": (
        '{kw} "leave a comment"',
        '{kw} "leave a reply"',
        '{kw} "post a comment"',
        '{kw} "your email address will not be published"',
        '{kw} "add comment" inurl:blog',
    ),
    "guest_post": (
        '{kw} "write for us"',
        '{kw} "guest post guidelines"',
        '{kw} "submit a guest post"',
        '{kw} "become a contributor"',
        '{kw} inurl:write-for-us',
        '{kw} intitle:"guest post"',
    ),
}

_WEIGHT = re.compile(r":\d+(\.\d+)?$")


def keyword_phrases(keywords: tuple[str, ...] | list[str]) -> list[str]:
    """The niche's keywords as phrases to search for: weights (``:2``) dropped, each synonym its own phrase."""
    out: list[str] = []
    for spec in keywords:
        for variant in _WEIGHT.sub("", spec).split("|"):
            phrase = " ".join(variant.replace('"', " ").split())
            if phrase and phrase.lower() not in {p.lower() for p in out}:
                out.append(phrase)
    return out


def footprints(keywords: tuple[str, ...] | list[str], kind: str | None = None) -> list[dict[str, str]]:
    """One search query per keyword and footprint (``kind`` comment or guest_post, or both)."""
    kinds = [kind] if kind else list(FOOTPRINTS)
    return [{"kind": k, "keyword": p, "query": f.format(kw=f'"{p}"')}
            for k in kinds for p in keyword_phrases(keywords) for f in FOOTPRINTS[k]]


def _reasons(raw: str | None) -> str:
    """Stored reasons (a JSON list of strings or [points, reason] pairs) as one line."""
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return clean(raw)
    if not isinstance(value, list):
        return clean(value)
    parts = []
    for r in value:
        if isinstance(r, list | tuple) and len(r) == 2:
            parts.append(f"{r[1]} ({r[0]:+g})" if isinstance(r[0], int | float) else f"{r[1]} ({r[0]})")
        else:
            parts.append(str(r))
    return clean("; ".join(parts))


def opportunity_rows(db: sqlite_utils.Database, *, threshold: float, kind: str | None = None,
                     min_value: float | None = None, site: str | None = None, everything: bool = False
                     ) -> list[dict[str, Any]]:
    """Comment and guest-post targets by value. Unless ``everything``: on niche, comment forms open with a
    website field, guest-post pages of sites that still accept them, active sites, not parked."""
    if not db["pages"].exists():
        return []
    where = ["p.opportunity in ('comment', 'guest_post')"]
    params: dict[str, Any] = {"threshold": threshold}
    if kind:
        where.append("p.opportunity = :kind")
        params["kind"] = kind
    if min_value is not None:
        where.append("coalesce(p.value, 0) >= :min_value")
        params["min_value"] = min_value
    if site:
        where.append("p.site = :site")
        params["site"] = site
    if not everything:
        where.append("coalesce(p.parked, 0) = 0 and coalesce(s.status, 'active') = 'active'")
        where.append("((p.opportunity = 'comment' and p.comment_state = 'open' and p.website_field = 1 "
                     "and coalesce(p.relevance, 0) >= :threshold) or (p.opportunity = 'guest_post' "
                     "and coalesce(p.guest_accepts, 1) = 1 and coalesce(s.relevance, 0) >= :threshold))")
    sql = ("select p.*, s.relevance as site_relevance from pages p left join sites s on s.domain = p.site where "
           + " and ".join(where) + " order by coalesce(p.value, 0) desc, p.url")
    return [{"value": r["value"], "kind": r["opportunity"], "url": r["url"], "site": r["site"],
             "title": clean(r["title"]), "relevance": r["relevance"], "comment_state": r["comment_state"],
             "website_field": r["website_field"], "newest_comment": r["newest_comment"],
             "published": r["published"], "submit_email": clean(r["submit_email"]) or None,
             "reasons": _reasons(r["value_reasons"])}
            for r in db.query(sql, params)]


def site_rows(db: sqlite_utils.Database, *, threshold: float, niche_only: bool = False) -> list[dict[str, Any]]:
    """Every site found, most relevant first, with what was found on it as its reasons."""
    if not db["sites"].exists():
        return []
    sql = """select s.*, count(p.url) as pages,
               sum(p.opportunity = 'comment') as comment_targets, sum(p.opportunity = 'guest_post') as guest_pages,
               max(substr(p.published, 1, 10)) as last_post
             from sites s left join pages p on p.site = s.domain"""
    sql += " where coalesce(s.relevance, 0) >= :threshold" if niche_only else ""
    sql += " group by s.domain order by coalesce(s.relevance, 0) desc, s.domain"
    out = []
    for r in db.query(sql, {"threshold": threshold}):
        rel = r["relevance"] or 0.0
        reasons = [f"relevance {rel:.2f} ({'on' if rel >= threshold else 'off'} niche, threshold {threshold:g})",
                   f"{r['comment_targets'] or 0} comment target(s)", f"{r['guest_pages'] or 0} guest-post page(s)"]
        if r["status"] and r["status"] != "active":
            reasons.append(f"status {r['status']}")
        out.append({"domain": r["domain"], "name": clean(r["name"]), "relevance": r["relevance"],
                    "status": r["status"], "pages": r["pages"], "comment_targets": r["comment_targets"] or 0,
                    "guest_post_pages": r["guest_pages"] or 0, "last_post": r["last_post"],
                    "contact_email": clean(r["contact_email"]) or None, "reasons": "; ".join(reasons)})
    return out


def _num(v: Any) -> str:
    return "-" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def opportunities_text(rows: list[dict[str, Any]]) -> str:
    """Two lines a target: value, kind, title and URL; then its reasons. Page text cleaned of control characters."""
    lines = []
    for i, r in enumerate(rows, 1):
        label = "pitch" if r["kind"] == "guest_post" else r["kind"]
        lines.append(f"{i:3}. {_num(r['value']):>6}  {label:<7} {clean(r['title']) or r['site']}")
        lines.append(f"     {clean(r['url'])}")
        if r["reasons"]:
            lines.append(f"     {clean(r['reasons'])}")
    return "\n".join(lines) + ("\n" if lines else "")


def sites_text(rows: list[dict[str, Any]]) -> str:
    """Two lines a site: relevance, domain and name, last post; then its reasons."""
    lines = []
    for i, r in enumerate(rows, 1):
        rel = "-" if r["relevance"] is None else f"{r['relevance']:.2f}"
        lines.append(f"{i:3}. {rel:>5}  {clean(r['domain'])}  {clean(r['name'])}"
                     + (f"  (last post {clean(r['last_post'])})" if r["last_post"] else ""))
        lines.append(f"     {clean(r['reasons'])}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_format(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str, text: Any) -> str:
    """Rows as text (``text(rows)``), JSON (a list of objects) or CSV (formula-safe cells)."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return write_csv(columns, [{c: clean(v) if isinstance(v, str) else v for c, v in r.items()} for r in rows])
    return str(text(rows))
