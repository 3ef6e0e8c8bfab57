"""The plan and the results as text: a rich table on a terminal, plain lines when piped or saved."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from crawler.words import plural
from linktrail.model import Plan, Results
from linktrail.render.common import EMPTY_DB, RESULT_COLUMNS, clean, plan_totals, rate_lines, result_cells, task_name

SPARKS = "▁▂▃▄▅▆▇█"


def _title(plan: Plan) -> str:
    return f"Plan for {plan.date}" + (f" - {clean(plan.niche)}" if plan.niche else "")


def _plain_plan(plan: Plan) -> str:
    lines = [_title(plan), plan_totals(plan) + ".", ""]
    for i, t in enumerate(plan.tasks, 1):
        head = f"{i:>2}. {t.label:<7} {t.minutes:>3} min  {task_name(t)}" + (f"  [{t.status}]" if t.ticked else "")
        lines += [head, f"    {t.url}", f"    {t.label}: {clean(t.why)}"]
    return "\n".join(lines) + "\n"


def render_text(plan: Plan, *, color: bool | None = None, width: int | None = None, terminal: bool = False) -> str:
    """The plan as text; page-derived text is cleaned of control characters and escaped for rich markup.

    ``terminal``: a rich table (coloured when ``color``); otherwise plain lines a pipe or a mail reads.
    """
    notes = [f"Note: {clean(n)}" for n in plan.notes]
    if plan.empty_db:
        return "\n".join([EMPTY_DB, *notes]) + "\n"
    if not plan.tasks:
        return "\n".join([f"{_title(plan)}: no targets today. Crawl more seeds, or widen the niche keywords.",
                          *notes]) + "\n"
    if not terminal:
        return _plain_plan(plan) + "".join(f"{n}\n" for n in notes)
    table = _plan_table(plan, color=color, width=width or 120)
    whole = [token for t in plan.tasks for token in (t.url, *WHOLE.findall(clean(t.why)))]
    if table is not None and all(any(token in line for line in table.splitlines()) for token in whole):
        out = table
    else:  # too narrow for a table that keeps every URL and address whole: one task a few lines, never cut
        out = _render(lambda console: _plan_lines(console, plan), color=color, width=width or 120)
    return out + _render(lambda console: _footer(console, plan, notes), color=color, width=width or 120)


# What a person copies from the terminal: URLs and e-mail addresses (trailing punctuation left out).
WHOLE = re.compile(r"https?://\S+[^\s.,;:)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


TABLE_FIXED = 34  # the plan table's narrow columns (#, Do, Min, Status) and its padding


def _render(draw: Callable[[Console], None], *, color: bool | None, width: int) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=bool(color), no_color=not color, width=width,
                      highlight=False, soft_wrap=False)
    draw(console)
    return buf.getvalue()


def _plan_table(plan: Plan, *, color: bool | None, width: int) -> str | None:
    """The plan as a rich table whose URL column is never wrapped, or None when its URLs cannot fit the width."""
    longest = max(len(t.url) for t in plan.tasks)
    why_min = max([20, *(len(w) for t in plan.tasks for w in WHOLE.findall(clean(t.why)))])
    if longest + why_min + 12 + TABLE_FIXED > width:
        return None
    table = Table(title=escape(_title(plan)), box=box.SIMPLE_HEAD, header_style="bold", expand=True)
    table.add_column("#", justify="right")
    table.add_column("Do", no_wrap=True, style="bold cyan")
    table.add_column("Min", justify="right")
    table.add_column("Blog", overflow="fold", min_width=12, ratio=1)
    table.add_column("URL", no_wrap=True, overflow="ignore", min_width=longest, style="blue")
    table.add_column("Why", min_width=why_min, ratio=2)
    table.add_column("Status", no_wrap=True)
    for i, t in enumerate(plan.tasks, 1):
        table.add_row(str(i), t.label, str(t.minutes), escape(task_name(t)), escape(t.url), escape(clean(t.why)),
                      escape(t.status) if t.ticked else "to do")
    return _render(lambda console: console.print(table), color=color, width=width)


def _plan_lines(console: Console, plan: Plan) -> None:
    """Each task as a heading, its URL alone on a line, and why; lines the terminal may wrap but rich never cuts."""
    console.print(escape(_title(plan)), style="bold")
    for i, t in enumerate(plan.tasks, 1):
        console.print()
        console.print(f"{i:>2}. [bold cyan]{t.label}[/] {t.minutes} min  {escape(task_name(t))}  "
                      f"\\[{escape(t.status) if t.ticked else 'to do'}]", soft_wrap=True)
        console.print(f"    {escape(t.url)}", style="blue", soft_wrap=True)
        console.print(f"    {escape(clean(t.why))}", soft_wrap=True)


def _footer(console: Console, plan: Plan, notes: list[str]) -> None:
    console.print(escape(plan_totals(plan) + "."))
    for note in notes:
        console.print(escape(note), style="yellow")


def sparkline(values: list[int]) -> str:
    """▁▃█ bars scaled to the largest value (all ▁ when every value is 0)."""
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1)))] for v in values)


def _rates_lines(results: Results) -> list[str]:
    weeks = list(results.weeks)
    sparks = (f"Comments done by week {sparkline([w.comments_done for w in weeks])}   "
              f"live {sparkline([w.comments_live for w in weeks])}   posts {sparkline([w.posts for w in weeks])}")
    return [line + "." for line in rate_lines(results)] + [sparks]


def render_results_text(results: Results, *, color: bool | None = None, width: int | None = None,
                        terminal: bool = False) -> str:
    """Results per ISO week: a compact table, the rates over the period, and sparklines."""
    if results.empty_db:
        return EMPTY_DB + "\n"
    heading = f"Results, {plural(len(results.weeks), 'week')} to {results.until} (C = comments, P = guest-post pitches)"
    notes = [f"Note: {clean(n)}" for n in results.notes]
    if not terminal:
        rows = [[h for h, _ in RESULT_COLUMNS], *map(result_cells, results.weeks), result_cells(results.totals)]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = [heading, ""]
        for n, row in enumerate(rows):
            lines.append("  ".join(c.rjust(widths[i]) if i else c.ljust(widths[i]) for i, c in enumerate(row)).rstrip())
            if n == 0 or n == len(rows) - 2:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines + [""] + _rates_lines(results) + notes) + "\n"
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=bool(color), no_color=not color, width=width or 120,
                      highlight=False, soft_wrap=False)
    table = Table(title=heading, box=box.SIMPLE_HEAD, header_style="bold", show_footer=False)
    for i, (h, _) in enumerate(RESULT_COLUMNS):
        table.add_column(h, justify="left" if i == 0 else "right")
    for w in results.weeks:
        table.add_row(*result_cells(w))
    table.add_section()
    table.add_row(*result_cells(results.totals), style="bold")
    console.print(table)
    for line in _rates_lines(results):
        console.print(escape(line))
    for note in notes:
        console.print(escape(note), style="yellow")
    return buf.getvalue()
