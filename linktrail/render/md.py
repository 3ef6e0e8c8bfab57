"""The plan and the results as Markdown: a checklist a person ticks off, page-derived text escaped."""

from __future__ import annotations

import re
from urllib.parse import quote

from crawler.urls import is_http_url
from linktrail.plan import Plan
from linktrail.render import clean
from linktrail.render.text import EMPTY_DB, RESULT_COLUMNS, _cells, _totals, rate_lines
from linktrail.results import Results

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
        return "\n\n".join([title, "No targets today. Crawl more seeds, or widen the niche keywords.", *notes]) + "\n"
    items = []
    for t in plan.tasks:
        name = clean(t.title) + (f": {clean(t.page_title)}" if t.page_title and t.page_title != t.title else "")
        items.append(
            f"- [ ] **{t.label}** ({t.minutes} min) {_link(name, t.url)}  \n"
            f"  {md_escape(t.action)}: {md_escape(t.why)}  \n"
            f"  {md_escape(t.url)}"
        )
    return "\n\n".join([title, _totals(plan) + ".", "\n".join(items), *notes]) + "\n"


def render_results_md(results: Results) -> str:
    """The results as a Markdown table per ISO week, then the rates over the period."""
    title = f"# Results, {len(results.weeks)} weeks to {results.until}"
    if results.empty_db:
        return f"{title}\n\n{md_escape(EMPTY_DB)}\n"
    head = "| " + " | ".join(h for h, _ in RESULT_COLUMNS) + " |"
    rule = "|" + "|".join(["---"] + ["---:"] * (len(RESULT_COLUMNS) - 1)) + "|"
    rows = ["| " + " | ".join(_cells(w)) + " |" for w in results.weeks]
    rows.append("| " + " | ".join(f"**{c}**" for c in _cells(results.totals)) + " |")
    rates = [f"- {line}" for line in rate_lines(results)]
    notes = [f"> **Note:** {md_escape(n)}" for n in results.notes]
    legend = "C = comments, P = guest-post pitches."
    return "\n\n".join([title, "\n".join([head, rule, *rows]), legend, "\n".join(rates), *notes]) + "\n"
