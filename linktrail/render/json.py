"""The plan and the results as JSON (UTF-8, indented, stable keys)."""

from __future__ import annotations

from linktrail.model import Plan, Results, plan_to_json, results_to_json


def render_json(plan: Plan) -> str:
    """The plan as JSON, one trailing newline."""
    return plan_to_json(plan) + "\n"


def render_results_json(results: Results) -> str:
    """The results as JSON, one trailing newline."""
    return results_to_json(results) + "\n"
