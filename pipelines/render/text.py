"""The plan as a terminal table (rich on a terminal, plain text when piped)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines.report import KIND_LABELS, Plan


def render_text(plan: Plan, *, color: bool | None = None, width: int | None = None) -> str:
    """The plan as a table; page-derived text is escaped so it cannot inject markup."""
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width or 120,
                      highlight=False, soft_wrap=False)
    if plan.empty_db:
        console.print("Nothing crawled yet: run `linktrail crawl URL` (or `linktrail demo`) first.")
        return buf.getvalue()
    title = f"Plan for {plan.date}" + (f" - {escape(plan.niche)}" if plan.niche else "")
    if not plan.tasks:
        console.print(f"{title}: no targets today. Crawl more seeds, or widen the niche keywords.")
        return buf.getvalue()
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("#", justify="right")
    table.add_column("Do", no_wrap=True)
    table.add_column("Min", justify="right")
    table.add_column("Blog")
    table.add_column("URL", overflow="fold")
    table.add_column("Why", overflow="fold")
    for i, t in enumerate(plan.tasks, 1):
        table.add_row(str(i), KIND_LABELS.get(t.kind, t.kind), str(t.minutes), escape(t.title),
                      escape(t.url), escape(t.why))
    console.print(table)
    console.print(f"{len(plan.tasks)} tasks, {plan.minutes} of {plan.budget_minutes} minutes.")
    for note in plan.notes:
        console.print(escape(note))
    return buf.getvalue()
