"""Renderers of the plan of the day and of the results: one module per output format, chosen from a table."""

from __future__ import annotations

from collections.abc import Callable

from linktrail.model import Plan, Results
from linktrail.render import csv, html, json, md, text

# Each renderer takes the thing to show, whether the output goes to a terminal, and the terminal's width;
# only text uses the last two (a rich table on a terminal, plain lines otherwise).
PlanRenderer = Callable[[Plan, bool, int | None], str]
ResultsRenderer = Callable[[Results, bool, int | None], str]

PLAN_RENDERERS: dict[str, PlanRenderer] = {
    "text": lambda plan, terminal, width: text.render_text(plan, color=terminal, width=width, terminal=terminal),
    "md": lambda plan, _terminal, _width: md.render_md(plan),
    "html": lambda plan, _terminal, _width: html.render_html(plan),
    "csv": lambda plan, _terminal, _width: csv.render_csv(plan),
    "json": lambda plan, _terminal, _width: json.render_json(plan),
}

RESULTS_RENDERERS: dict[str, ResultsRenderer] = {
    "text": lambda res, terminal, width: text.render_results_text(res, color=terminal, width=width, terminal=terminal),
    "md": lambda res, _terminal, _width: md.render_results_md(res),
    "html": lambda res, _terminal, _width: html.render_results_html(res),
    "csv": lambda res, _terminal, _width: csv.render_results_csv(res),
    "json": lambda res, _terminal, _width: json.render_results_json(res),
}

FORMATS = tuple(PLAN_RENDERERS)


def _unknown(fmt: str) -> ValueError:
    return ValueError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")


def render_plan(plan: Plan, fmt: str, *, terminal: bool = False, width: int | None = None) -> str:
    """The plan in one of FORMATS (text is a rich table on a terminal, plain lines otherwise)."""
    if fmt not in PLAN_RENDERERS:
        raise _unknown(fmt)
    return PLAN_RENDERERS[fmt](plan, terminal, width)


def render_results(results: Results, fmt: str, *, terminal: bool = False, width: int | None = None) -> str:
    """The weekly results in one of FORMATS."""
    if fmt not in RESULTS_RENDERERS:
        raise _unknown(fmt)
    return RESULTS_RENDERERS[fmt](results, terminal, width)
