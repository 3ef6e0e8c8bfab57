"""Accuracy of the comment analysis on the labelled corpus: per field, system and language; states' confusion.

Run: .venv/bin/python benchmarks/analysis_accuracy.py [--labels tests/fixtures/corpus/labels.tsv]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.analysis import COMMENT_STATES
from tests.analysis.corpus import LABELS, labels, verdict


def _pct(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args()
    rows = labels(args.labels)
    fields: dict[str, list[bool]] = defaultdict(list)
    by_system: dict[str, list[bool]] = defaultdict(list)
    by_language: dict[str, list[bool]] = defaultdict(list)
    confusion: Counter[tuple[str, str]] = Counter()
    false_open = 0
    for label in rows:
        c = verdict(label)
        state_ok = c.state == label.state
        fields["state"].append(state_ok)
        fields["system"].append(c.system == label.system)
        if label.state == "open":
            fields["website_field (open forms)"].append(c.website_field == label.website_field)
            fields["captcha (open forms)"].append(c.captcha == label.captcha)
        whole = state_ok and c.system == label.system and c.website_field == label.website_field \
            and c.captcha == label.captcha
        by_system[label.system or "(none)"].append(whole)
        by_language[label.language or "?"].append(whole)
        confusion[(label.state, c.state)] += 1
        false_open += c.state == "open" and label.state != "open"
        if not whole:
            print(f"miss: {label.file}: labelled {label.state}/{label.system}/{label.website_field}/{label.captcha}, "
                  f"read {c.state}/{c.system}/{c.website_field}/{c.captcha}")
    print(f"pages: {len(rows)}")
    print("\naccuracy per field")
    for name, marks in fields.items():
        print(f"  {name:28} {_pct(sum(marks), len(marks))}")
    print(f"  {'false open':28} {false_open} of {sum(r.state != 'open' for r in rows)} pages not open")
    for title, table in (("per comment system (all four fields right)", by_system),
                         ("per language (all four fields right)", by_language)):
        print(f"\n{title}")
        for key in sorted(table):
            print(f"  {key:28} {_pct(sum(table[key]), len(table[key]))}")
    print("\nconfusion of states (rows: label, columns: analysis)")
    print("  " + " " * 15 + "".join(f"{s:>15}" for s in COMMENT_STATES))
    for want in COMMENT_STATES:
        print(f"  {want:15}" + "".join(f"{confusion[(want, got)]:>15}" for got in COMMENT_STATES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
