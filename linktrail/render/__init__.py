"""Renderers of the plan of the day and of the results: one module per output format."""

from __future__ import annotations

import re
from typing import Any

FORMATS = ("text", "md", "html", "csv", "json")

# C0 and C1 control characters (ESC starts terminal escape sequences) and the bidi overrides:
# page-derived text must not steer a terminal or reorder what a person reads.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")


def clean(text: Any) -> str:
    """Page-derived text on one line: control characters become spaces, runs of spaces collapse."""
    if text is None:
        return ""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def render_plan(plan: Any, fmt: str, *, terminal: bool = False, width: int | None = None) -> str:
    """The plan in one of FORMATS (text is a rich table on a terminal, plain lines otherwise)."""
    if fmt == "text":
        from linktrail.render.text import render_text

        return render_text(plan, color=terminal, width=width, terminal=terminal)
    if fmt == "md":
        from linktrail.render.md import render_md

        return render_md(plan)
    if fmt == "html":
        from linktrail.render.html import render_html

        return render_html(plan)
    if fmt == "csv":
        from linktrail.render.csv import render_csv

        return render_csv(plan)
    if fmt == "json":
        from linktrail.render.json import render_json

        return render_json(plan)
    raise ValueError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")


def render_results(results: Any, fmt: str, *, terminal: bool = False, width: int | None = None) -> str:
    """The weekly results in one of FORMATS."""
    if fmt == "text":
        from linktrail.render.text import render_results_text

        return render_results_text(results, color=terminal, width=width, terminal=terminal)
    if fmt == "md":
        from linktrail.render.md import render_results_md

        return render_results_md(results)
    if fmt == "html":
        from linktrail.render.html import render_results_html

        return render_results_html(results)
    if fmt == "csv":
        from linktrail.render.csv import render_results_csv

        return render_results_csv(results)
    if fmt == "json":
        from linktrail.render.json import render_results_json

        return render_results_json(results)
    raise ValueError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
