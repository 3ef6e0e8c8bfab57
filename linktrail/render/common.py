"""What every renderer shares: page text cleaned to one line, the plan's totals, the results' columns and rates."""

from __future__ import annotations

from crawler.text import clean as clean  # the one cleaning rule (crawler/text.py), for the renderers
from linktrail.model import Plan, Results, Task, Week

EMPTY_DB = "Nothing crawled yet: run `linktrail crawl URL` (or `linktrail demo`) first."
NO_TARGETS = "No targets today. Crawl more seeds, or widen the niche keywords."
RESULTS_LEGEND = "C = comments, P = guest-post pitches."

RESULT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Week", "week"), ("C plan", "comments_planned"), ("C done", "comments_done"), ("C live", "comments_live"),
    ("P done", "pitches_done"), ("P reply", "pitches_replied"), ("P acc", "pitches_accepted"),
    ("P live", "pitches_live"), ("Posts", "posts"),
)


def task_name(task: Task) -> str:
    """The blog's name, then the post's own title when it differs, cleaned."""
    name = clean(task.title)
    if task.page_title and task.page_title != task.title:
        name += f": {clean(task.page_title)}"
    return name


def plan_totals(plan: Plan) -> str:
    """'5 tasks, 120 of 180 minutes (pitch 1, comment 4)' (no full stop)."""
    kinds = ", ".join(f"{t.label} {plan.by_kind[t.kind]}" for t in
                      {t.kind: t for t in plan.tasks}.values())
    return (f"{len(plan.tasks)} tasks, {plan.minutes} of {plan.budget_minutes} minutes"
            + (f" ({kinds})" if kinds else ""))


def result_cells(week: Week) -> list[str]:
    """A week's row under RESULT_COLUMNS, posts shown against their target."""
    cells = [str(getattr(week, attr)) for _, attr in RESULT_COLUMNS]
    cells[-1] = f"{week.posts}/{week.posts_target}"
    return cells


def pct(rate: float | None) -> str:
    """A rate as a whole percentage, '-' when there was nothing to divide by."""
    return "-" if rate is None else f"{rate:.0%}"


def rate_lines(results: Results) -> list[str]:
    """The period's totals and rates, one sentence (without a full stop) per effort."""
    t = results.totals
    r = t.rates
    comments = (f"Comments: {t.comments_done} done of {t.comments_planned} planned "
                f"({pct(r['comments_done_of_planned'])}), {t.comments_live} live "
                f"({pct(r['comments_live_of_done'])} of done)")
    pitches = (f"Pitches: {t.pitches_done} sent, {t.pitches_replied} replied ({pct(r['pitches_replied_of_done'])}), "
               f"{t.pitches_accepted} accepted ({pct(r['pitches_accepted_of_done'])}), {t.pitches_live} live")
    posts = f"Own posts: {t.posts} of {t.posts_target} wanted ({pct(r['posts_of_target'])})"
    return [comments, pitches, posts]
