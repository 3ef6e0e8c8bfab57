"""The plan and the results as one self-contained HTML page, from Jinja2 templates with autoescape."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from crawler.urls import is_http_url
from crawler.words import plural
from linktrail.model import Plan, Results, Task, Week
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

# linktrail/templates/: base.html (the page, its CSS and its Content-Security-Policy), plan.html and
# results.html, and the partials _tasks.html (the task cards) and _chart.html (the SVG chart).
# Autoescape is on for every .html template: page-derived text is never markup.
ENV = Environment(
    loader=PackageLoader("linktrail", "templates"),
    autoescape=select_autoescape(("html",), default_for_string=True),
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
)

SERIES = (("comments done", "comments_done", "#1a7f37"), ("comments live", "comments_live", "#0550ae"),
          ("own posts", "posts", "#bc4c00"))


def safe_href(url: str) -> str | None:
    """The cleaned URL when it is http(s); None for anything else (javascript:, data:, ...). Not yet escaped."""
    url = clean(url)
    if not is_http_url(url, require_host=False):
        return None
    return url


@dataclass(frozen=True)
class Card:
    """One task as its card shows it: every text cleaned to one line, a link only to an http(s) URL."""

    n: int  # its place in the plan, from 1
    kind: str
    label: str
    minutes: int
    name: str  # the blog, and the post's title when it differs
    href: str | None
    url: str
    action: str
    why: str
    status: str = ""  # done, skipped, ... once marked; "" while still to do


def task_cards(tasks: tuple[Task, ...] | list[Task]) -> list[Card]:
    """The cards _tasks.html draws, numbered from 1."""
    return [Card(i, clean(t.kind), clean(t.label), t.minutes, task_name(t), safe_href(t.url), clean(t.url),
                 clean(t.action), clean(t.why), clean(t.status) if t.ticked else "")
            for i, t in enumerate(tasks, 1)]


def render_html(plan: Plan) -> str:
    """The plan as one page of task cards; every link opens its target in a new tab."""
    title = f"Plan for {plan.date}" + (f" — {clean(plan.niche)}" if plan.niche else "")
    return ENV.get_template("plan.html").render(
        title=clean(title), notes=[clean(n) for n in plan.notes], empty_db=EMPTY_DB if plan.empty_db else "",
        no_targets=NO_TARGETS, totals=clean(plan_totals(plan)), cards=task_cards(plan.tasks),
    )


@dataclass(frozen=True)
class Bar:
    """One bar of the chart: its box (as SVG numbers), colour, and what its tooltip says."""

    x: str
    y: str
    width: str
    height: str
    fill: str
    value: int
    label: str


@dataclass(frozen=True)
class WeekBars:
    """One week's bars, its dashed posts-target line, and where its W-number label sits."""

    week: str
    bars: tuple[Bar, ...]
    target_x1: str
    target_x2: str
    target_y: str
    label_x: str


@dataclass(frozen=True)
class Chart:
    """The geometry of the results chart; _chart.html draws it."""

    width: int
    height: int
    left: int
    top_pad: int
    y0: int  # the baseline
    top: int  # the value at the top of the plot
    weeks: tuple[WeekBars, ...]
    series: tuple[tuple[str, str, str], ...] = SERIES


def chart(weeks: list[Week], width: int = 360, height: int = 160) -> Chart:
    """Bars per week (comments done, comments live, own posts) scaled to the largest value or target."""
    top = max([1] + [getattr(w, a) for w in weeks for _, a, _ in SERIES] + [w.posts_target for w in weeks])
    left, bottom, top_pad = 22, 20, 8
    plot_h = height - bottom - top_pad
    slot = (width - left) / max(1, len(weeks))
    bar = max(2.0, slot / (len(SERIES) + 1.5))
    y0 = top_pad + plot_h
    out = []
    for i, w in enumerate(weeks):
        x = left + i * slot + bar * 0.5
        bars = []
        for j, (label, attr, color) in enumerate(SERIES):
            v = getattr(w, attr)
            bh = plot_h * v / top
            bars.append(Bar(f"{x + j * bar:.1f}", f"{y0 - bh:.1f}", f"{bar * 0.9:.1f}", f"{bh:.1f}", color, v, label))
        ty = f"{y0 - plot_h * w.posts_target / top:.1f}"
        out.append(WeekBars(clean(w.week), tuple(bars), f"{left + i * slot + 2:.1f}",
                            f"{left + (i + 1) * slot - 2:.1f}", ty, f"{left + (i + 0.5) * slot:.1f}"))
    return Chart(width, height, left, top_pad, y0, top, tuple(out))


@dataclass(frozen=True)
class WeekRow:
    """One row of the results table: the week's Monday (its tooltip) and its cells."""

    start: str
    cells: list[str]


def render_results_html(results: Results) -> str:
    """The results as one page: a small inline SVG chart, the weekly table, and the rates."""
    title = clean(f"Results, {plural(len(results.weeks), 'week')} to {results.until}")
    page = ENV.get_template("results.html")
    if results.empty_db:
        return page.render(title=title, notes=[], empty_db=EMPTY_DB)
    weeks = list(results.weeks)
    rows = [WeekRow(clean(w.start), [clean(c) for c in [w.week.split("-")[-1], *result_cells(w)[1:]]])
            for w in weeks]
    return page.render(
        title=title, notes=[clean(n) for n in results.notes], empty_db="", chart=chart(weeks),
        head=[name for name, _ in RESULT_COLUMNS], rows=rows, totals=[clean(c) for c in result_cells(results.totals)],
        legend=RESULTS_LEGEND, rates=[clean(line) for line in rate_lines(results)],
    )
