"""The plan and the results as Markdown: a checklist a person ticks off, page-derived text escaped."""

from __future__ import annotations

import re
from urllib.parse import quote

from crawler.urls import is_http_url
from crawler.words import plural
from linktrail.model import Plan, Results
from linktrail.render.common import (
    EMPTY_DB,
    NO_TARGETS,
    RESULT_COLUMNS,
    RESULTS_LEGEND,
    clean,
    plan_totals,
    rate_lines,
    result_cells,
    task_name,
)

# Markdown punctuation that could start emphasis, code, links or table cells (our text never starts a
# line, so # + - > need nothing); < > & become entities, so no page-derived text is ever raw HTML.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def md_escape(text: str) -> str:
    """Page-derived text made inert in Markdown (and in the HTML a Markdown renderer makes of it)."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_url(url: str) -> str | None:
    """A link destination for an http(s) URL, in <...> with anything that could break out of it encoded."""
    if not is_http_url(url, require_host=False):
        return None
    return "<" + quote(clean(url), safe=":/?#[]@!$&'*+,;=%~-._") + ">"


def _link(text: str, url: str) -> str:
    dest = md_url(url)
    return f"[{md_escape(text)}]({dest})" if dest else md_escape(text)


def render_md(plan: Plan) -> str:
    """The plan as a Markdown checklist, one task per item, with the URL, what to do, why, and the minutes."""
    title = f"# Plan for {plan.date}" + (f" — {md_escape(plan.niche)}" if plan.niche else "")
    notes = [f"> **Note:** {md_escape(n)}" for n in plan.notes]
    if plan.empty_db:
        return "\n\n".join([title, md_escape(EMPTY_DB), *notes]) + "\n"
    if not plan.tasks:
        return "\n\n".join([title, NO_TARGETS, *notes]) + "\n"
    items = []
    for t in plan.tasks:
        items.append(
            f"- [{'x' if t.ticked else ' '}] **{t.label}** ({t.minutes} min) {_link(task_name(t), t.url)}"
            f"{f' — {md_escape(t.status)}' if t.ticked else ''}  \n"
            f"  {md_escape(t.action)}: {md_escape(t.why)}  \n"
            f"  {md_escape(t.url)}"
        )
    return "\n\n".join([title, plan_totals(plan) + ".", "\n".join(items), *notes]) + "\n"


def render_results_md(results: Results) -> str:
    """The results as a Markdown table per ISO week, then the rates over the period."""
    title = f"# Results, {plural(len(results.weeks), 'week')} to {results.until}"
    if results.empty_db:
        return f"{title}\n\n{md_escape(EMPTY_DB)}\n"
    head = "| " + " | ".join(h for h, _ in RESULT_COLUMNS) + " |"
    rule = "|" + "|".join(["---"] + ["---:"] * (len(RESULT_COLUMNS) - 1)) + "|"
    rows = ["| " + " | ".join(result_cells(w)) + " |" for w in results.weeks]
    rows.append("| " + " | ".join(f"**{c}**" for c in result_cells(results.totals)) + " |")
    rates = [f"- {line}" for line in rate_lines(results)]
    notes = [f"> **Note:** {md_escape(n)}" for n in results.notes]
    return "\n\n".join([title, "\n".join([head, rule, *rows]), RESULTS_LEGEND, "\n".join(rates), *notes]) + "\n"
