"""The plan and the results as text: a rich table on a terminal, plain lines when piped or saved."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from linktrail.plan import Plan
from linktrail.render import clean
from linktrail.results import Results, Week

EMPTY_DB = "Nothing crawled yet: run `linktrail crawl URL` (or `linktrail demo`) first."
SPARKS = "▁▂▃▄▅▆▇█"


def _title(plan: Plan) -> str:
    return f"Plan for {plan.date}" + (f" - {clean(plan.niche)}" if plan.niche else "")


def _totals(plan: Plan) -> str:
    kinds = ", ".join(f"{t.label} {plan.by_kind[t.kind]}" for t in
                      {t.kind: t for t in plan.tasks}.values())
    return (f"{len(plan.tasks)} tasks, {plan.minutes} of {plan.budget_minutes} minutes"
            + (f" ({kinds})" if kinds else ""))


def _plain_plan(plan: Plan) -> str:
    lines = [_title(plan), _totals(plan) + ".", ""]
    for i, t in enumerate(plan.tasks, 1):
        head = f"{i:>2}. {t.label:<7} {t.minutes:>3} min  {clean(t.title)}"
        if t.page_title and t.page_title != t.title:
            head += f": {clean(t.page_title)}"
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
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=bool(color), no_color=not color, width=width or 120,
                      highlight=False, soft_wrap=False)
    table = Table(title=escape(_title(plan)), box=box.SIMPLE_HEAD, header_style="bold", expand=False)
    table.add_column("#", justify="right")
    table.add_column("Do", no_wrap=True, style="bold cyan")
    table.add_column("Min", justify="right")
    table.add_column("Blog", overflow="fold")
    table.add_column("URL", overflow="fold", style="blue")
    table.add_column("Why", overflow="fold")
    for i, t in enumerate(plan.tasks, 1):
        blog = clean(t.title) + (f": {clean(t.page_title)}" if t.page_title and t.page_title != t.title else "")
        table.add_row(str(i), t.label, str(t.minutes), escape(blog), escape(t.url), escape(clean(t.why)))
    console.print(table)
    console.print(escape(_totals(plan) + "."))
    for note in notes:
        console.print(escape(note), style="yellow")
    return buf.getvalue()


def sparkline(values: list[int]) -> str:
    """▁▃█ bars scaled to the largest value (all ▁ when every value is 0)."""
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1)))] for v in values)


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


RESULT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Week", "week"), ("C plan", "comments_planned"), ("C done", "comments_done"), ("C live", "comments_live"),
    ("P done", "pitches_done"), ("P reply", "pitches_replied"), ("P acc", "pitches_accepted"),
    ("P live", "pitches_live"), ("Posts", "posts"),
)


def _cells(w: Week) -> list[str]:
    cells = [str(getattr(w, attr)) for _, attr in RESULT_COLUMNS]
    cells[-1] = f"{w.posts}/{w.posts_target}"
    return cells


def rate_lines(results: Results) -> list[str]:
    """The period's totals and rates, one sentence (without a full stop) per effort."""
    t = results.totals
    r = t.rates
    comments = (f"Comments: {t.comments_done} done of {t.comments_planned} planned "
                f"({_pct(r['comments_done_of_planned'])}), {t.comments_live} live "
                f"({_pct(r['comments_live_of_done'])} of done)")
    pitches = (f"Pitches: {t.pitches_done} sent, {t.pitches_replied} replied ({_pct(r['pitches_replied_of_done'])}), "
               f"{t.pitches_accepted} accepted ({_pct(r['pitches_accepted_of_done'])}), {t.pitches_live} live")
    posts = f"Own posts: {t.posts} of {t.posts_target} wanted ({_pct(r['posts_of_target'])})"
    return [comments, pitches, posts]


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
    heading = f"Results, {len(results.weeks)} weeks to {results.until} (C = comments, P = guest-post pitches)"
    notes = [f"Note: {clean(n)}" for n in results.notes]
    if not terminal:
        rows = [[h for h, _ in RESULT_COLUMNS]] + [_cells(w) for w in results.weeks] + [_cells(results.totals)]
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
        table.add_row(*_cells(w))
    table.add_section()
    table.add_row(*_cells(results.totals), style="bold")
    console.print(table)
    for line in _rates_lines(results):
        console.print(escape(line))
    for note in notes:
        console.print(escape(note), style="yellow")
    return buf.getvalue()
