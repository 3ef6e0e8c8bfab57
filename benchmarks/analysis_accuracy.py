"""Accuracy of the comment analysis on the labelled corpus: per field, system and language; states' confusion.

Run: .venv/bin/python benchmarks/analysis_accuracy.py [--labels tests/fixtures/corpus/labels.tsv]
     .venv/bin/python benchmarks/analysis_accuracy.py --dates     (post.published against dates.tsv instead)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.analysis import COMMENT_STATES, analyse
from tests.analysis.corpus import CORPUS, LABELS, labels, verdict
from tests.analysis.pages import TODAY

DATES = CORPUS / "dates.tsv"


def _pct(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "-"


def date_accuracy(path: Path = DATES) -> None:
    """post.published against the pages' known publication dates: right, wrong and missing, per rule that
    gave the date (date:json_ld, date:meta, ..., date:htmldate; "none" for no date)."""
    with path.open(encoding="utf-8", newline="") as handle:
        truth = {r["file"]: r["published"] for r in csv.DictReader(handle, delimiter="\t") if r["published"]}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for label in labels():
        if label.file not in truth:
            continue
        post = analyse(label.url, gzip.decompress((CORPUS / label.file).read_bytes()), today=TODAY).post
        rule = next((r for r in post.rules if r.startswith("date:")), "none")
        outcome = "missing" if post.published is None else "right" if post.published == truth[label.file] else "wrong"
        counts[rule][outcome] += 1
        counts["all"][outcome] += 1
        if outcome != "right":
            print(f"{outcome}: {label.file}: {rule} read {post.published}, published {truth[label.file]}")
    print(f"\npost.published on {sum(counts['all'].values())} pages with a known date")
    print(f"  {'rule':18}{'right':>8}{'wrong':>8}{'missing':>9}")
    for rule in sorted(counts, key=lambda r: (r == "all", r)):
        c = counts[rule]
        print(f"  {rule:18}{c['right']:>8}{c['wrong']:>8}{c['missing']:>9}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--dates", nargs="?", type=Path, const=DATES, default=None,
                        help="the post dates' accuracy against this file (default: tests/fixtures/corpus/dates.tsv)")
    args = parser.parse_args()
    if args.dates is not None:
        date_accuracy(args.dates)
        return 0
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
