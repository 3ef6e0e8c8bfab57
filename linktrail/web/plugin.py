"""linktrail's Datasette plugin: the Today page (the day's plan, Done and Skip by POST) and its menu link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils
from datasette import Response, hookimpl
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from crawler import clock
from crawler.config import Config
from crawler.configload import load_config
from linktrail.model import Plan
from linktrail.outreach import DuplicateComment, OutreachError, mark, mark_summary
from linktrail.plan import build_plan
from linktrail.render.common import EMPTY_DB, NO_TARGETS, clean, plan_totals
from linktrail.render.html import task_cards
from pipelines.store import open_db

TODAY = "/-/today"
MARK = "/-/today/mark"
# What the Today page's two buttons record: the statuses of `linktrail mark`.
BUTTONS = (("done", "Done"), ("skipped", "Skip"))
# Kinds whose target is a crawled page that `mark` can record (a "publish" task is your own blog).
MARKABLE = ("comment", "guest_post")
CSRF_COOKIE = "ds_csrftoken"  # Datasette's (asgi-csrf) token cookie


@dataclass(frozen=True)
class Extra:
    """What a Today card adds to the shared card: the task's recorded status, a form, an error."""

    url: str
    kind: str
    markable: bool
    status: str | None = None  # the latest status in the outreach log (not "planned")
    status_date: str | None = None
    error: str = ""
    comment: str = ""


def latest_statuses(db: sqlite_utils.Database, urls: list[str]) -> dict[str, tuple[str, str]]:
    """The latest outreach status (other than planned) and its date for each of ``urls`` that has one."""
    if not urls or not db["outreach"].exists():
        return {}
    marks = ", ".join("?" * len(urls))
    out: dict[str, tuple[str, str]] = {}
    for r in db.query(f"select url, status, date from outreach where url in ({marks}) and status != 'planned' "
                      "order by date, id", urls):
        out[r["url"]] = (r["status"], r["date"])
    return out


def _settings(datasette: Any) -> tuple[Config, str]:
    conf = datasette.plugin_config("linktrail") or {}
    return load_config(conf.get("config_path")), conf["db_path"]


def _plan(db: sqlite_utils.Database, config: Config) -> Plan:
    """The plan `linktrail report` gives for today, recorded like it (so marking a task never reshuffles it)."""
    return build_plan(db, config.plan, clock.today(), threshold=config.niche.threshold, niche=config.niche.name,
                      record=True, feed=config.you.feed, site=config.you.site)


async def _render(datasette: Any, request: Any, *, error_url: str = "", error: str = "", comment: str = "",
                  status: int = 200) -> Response:
    config, path = _settings(datasette)
    db = open_db(path)
    try:
        plan = _plan(db, config)
        marked = latest_statuses(db, [t.url for t in plan.tasks])
    finally:
        db.conn.close()
    cards = task_cards(plan.tasks)
    extras = {}
    for card, task in zip(cards, plan.tasks, strict=True):
        st = marked.get(task.url)
        mine = task.url == error_url
        extras[card.n] = Extra(task.url, task.kind, task.kind in MARKABLE, st[0] if st else None,
                               st[1] if st else None, clean(error) if mine else "", comment if mine else "")
    title = f"Today, {plan.date}" + (f" — {clean(plan.niche)}" if plan.niche else "")
    html = await datasette.render_template("linktrail/today.html", {
        "title": title, "cards": cards, "extras": extras, "buttons": BUTTONS, "mark_path": MARK,
        "totals": clean(plan_totals(plan)), "empty_db": EMPTY_DB if plan.empty_db else "",
        "no_targets": NO_TARGETS, "notes": [clean(n) for n in plan.notes],
        "done": sum(1 for e in extras.values() if e.status),
        "database": datasette.plugin_config("linktrail")["database"],
    }, request=request)
    return Response.html(html, status=status)


async def today(datasette: Any, request: Any) -> Response:
    """GET /-/today: the day's plan, each task's status, and its Done and Skip buttons."""
    return await _render(datasette, request)


async def mark_task(datasette: Any, request: Any) -> Response:
    """POST /-/today/mark (CSRF-checked by Datasette): record Done or Skip through `linktrail mark`'s code."""
    if request.method != "POST":
        return Response.redirect(TODAY)
    # asgi-csrf lets a POST without any cookie through (no session to ride on); this route writes, so it
    # wants the token cookie the Today page set, which a browser never sends on another site's form post.
    if CSRF_COOKIE not in request.cookies:
        return Response.text("refused: no CSRF token; open /-/today and use its buttons", status=403)
    form = await request.post_vars()
    url, status, comment = form.get("url", ""), form.get("status", ""), form.get("comment", "")
    if status not in dict(BUTTONS):
        return Response.text(f"unknown status {status!r}", status=400)
    _, path = _settings(datasette)
    db = open_db(path)
    try:
        done = mark(db, url, status, comment=comment if status == "done" and comment.strip() else None)
    except (DuplicateComment, OutreachError) as exc:
        reason = f"refused: {exc}" if isinstance(exc, DuplicateComment) else str(exc)
        return await _render(datasette, request, error_url=url, error=reason, comment=comment, status=409)
    finally:
        db.conn.close()
    datasette.add_message(request, clean(mark_summary(done)), datasette.INFO)
    return Response.redirect(TODAY)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/today$", today), (r"^/-/today/mark$", mark_task)]


@hookimpl
def prepare_jinja2_environment(env: Environment) -> None:
    # linktrail's own templates under a "linktrail/" prefix, so its base.html never shadows Datasette's
    # and the Today page shares the task cards (_tasks.html) with `linktrail report --format html`.
    ours = PrefixLoader({"linktrail": PackageLoader("linktrail", "templates")})
    env.loader = ChoiceLoader([*([env.loader] if env.loader else []), ours])


@hookimpl
def menu_links() -> list[dict[str, str]]:
    return [{"href": TODAY, "label": "Today"}]
