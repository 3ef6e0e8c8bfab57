"""The plan and the results as CSV: UTF-8, a header row, every cell safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from linktrail.model import Plan, Results
from linktrail.render.common import clean

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

PLAN_COLUMNS = ("date", "position", "kind", "action", "minutes", "blog", "title", "url", "domain", "value", "why",
                "status")


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text with a header row; every text cell neutralised; line ends \\r\\n as RFC 4180 says."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else neutralise(row.get(c)) for c in columns])
    return buf.getvalue()


def render_csv(plan: Plan) -> str:
    """One row per task of the plan."""
    rows = [
        {"date": plan.date, "position": i, "kind": t.kind, "action": t.action, "minutes": t.minutes,
         "blog": clean(t.title), "title": clean(t.page_title), "url": t.url, "domain": t.domain,
         "value": t.value, "why": clean(t.why), "status": t.status if t.ticked else "to do"}
        for i, t in enumerate(plan.tasks, 1)
    ]
    return write_csv(PLAN_COLUMNS, rows)


def render_results_csv(results: Results) -> str:
    """One row per ISO week, counts then rates."""
    weeks = list(results.weeks)
    if not weeks:
        return write_csv(("week",), [])
    count_cols = [k for k in weeks[0].__dataclass_fields__]
    rate_cols = list(weeks[0].rates)
    rows = [{**{k: getattr(w, k) for k in count_cols}, **w.rates} for w in weeks]
    return write_csv(count_cols + rate_cols, rows)
