"""Precision and recall of "on niche" on the sample web's truth, for the keyword, learned and combined profiles.

Run: .venv/bin/python benchmarks/relevance_quality.py [--threshold T] [--verbose]

Analyses the files of data/sample-web/ (tokens rendered as the demo server does, no server, no
network) with `crawler.analysis.analyse`, then scores every page of truth.json with:
- keywords: the demo niche's keywords from truth.json only (`[niche] keywords`);
- learned: only the terms learned from the seed site's pages (truth.json's seed), TF-IDF over
  all pages of the web as the background;
- both: keywords + learned terms (what `linktrail crawl` / `linktrail rescore` use by default).
A page is "on niche" when its site's niche (truth.json) is the demo niche. Pages are counted per
page (every page, and posts only) and per site (a site's relevance is the mean of its best five
pages, as pipelines/store.py computes it). The seed site's own pages are left out of the figures:
they are what the profile learned from.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.analysis import analyse  # noqa: E402 - sys.path must hold the repo root first
from crawler.niche import Learner, NicheProfile  # noqa: E402 - sys.path must hold the repo root first
from linktrail.demo import SAMPLE_WEB, render_tokens  # noqa: E402 - sys.path must hold the repo root first
from pipelines.store import SITE_TOP_PAGES  # noqa: E402 - sys.path must hold the repo root first


@dataclass
class Page:
    key: str
    site: str
    kind: str
    on_niche: bool
    title: str
    text: str


def load_pages() -> tuple[dict[str, object], list[Page]]:
    truth = json.loads((SAMPLE_WEB / "truth.json").read_text(encoding="utf-8"))
    sites_dir = SAMPLE_WEB / "sites"
    slugs = sorted(p.name for p in sites_dir.iterdir() if p.is_dir())
    bases = {s: f"http://127.0.0.1:{20000 + i}" for i, s in enumerate(slugs)}
    niche = truth["demo_niche"]
    pages = []
    for key, info in sorted(truth["pages"].items()):
        slug, _, path = key.partition("/")
        file = sites_dir / slug / path
        if file.is_dir() or not path:
            file = file / "index.html"
        if not file.is_file():
            continue
        html = render_tokens(file.read_text(encoding="utf-8"), bases, date.today())
        facts = analyse(f"{bases[slug]}/{path}", html.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})
        pages.append(Page(key, slug, info["kind"], truth["sites"][slug]["niche"] == niche,
                          facts.post.title, facts.post.text))
    return truth, pages


def measure(scored: list[tuple[Page, float]], threshold: float) -> tuple[float, float, int, int, int]:
    tp = sum(1 for p, s in scored if s >= threshold and p.on_niche)
    fp = sum(1 for p, s in scored if s >= threshold and not p.on_niche)
    fn = sum(1 for p, s in scored if s < threshold and p.on_niche)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=None, help="default: [niche] threshold's default")
    parser.add_argument("--verbose", action="store_true", help="print each misclassified page")
    args = parser.parse_args()

    from crawler.config import NicheConfig

    threshold = NicheConfig().threshold if args.threshold is None else args.threshold
    truth, pages = load_pages()
    niche = str(truth["demo_niche"])
    seed = str(truth["seed"])
    learner = Learner()
    learner.add_all((p.title, p.text, p.site == seed) for p in pages)
    keywords = NicheProfile.from_keywords(truth["niches"][niche], threshold=threshold)  # type: ignore[index]
    learned_terms = learner.weights()
    profiles = {
        "keywords": keywords,
        "learned": NicheProfile(threshold=threshold).with_learned(learned_terms, learner.avg_len),
        "both": keywords.with_learned(learned_terms, learner.avg_len),
    }
    judged = [p for p in pages if p.site != seed]
    print(f"sample web: {len(pages)} pages of {len({p.site for p in pages})} sites; demo niche {niche!r}; "
          f"seed site {seed!r} ({sum(p.site == seed for p in pages)} pages learned from, not judged)")
    print(f"learned {len(learned_terms)} terms; top: {', '.join(list(learned_terms)[:12])}")
    print(f"threshold {threshold}")
    print(f"{'profile':<9} {'unit':<10} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for name, profile in profiles.items():
        scored = [(p, profile.score(p.title, p.text)[0]) for p in judged]
        rows = [("pages", scored), ("posts", [(p, s) for p, s in scored if p.kind == "post"])]
        by_site: dict[str, list[float]] = {}
        for p, s in scored:
            by_site.setdefault(p.site, []).append(s)
        site_pages = {p.site: p for p, _ in scored}
        site_scores = [
            (site_pages[site], sum(sorted(v, reverse=True)[:SITE_TOP_PAGES]) / len(v[:SITE_TOP_PAGES]))
            for site, v in sorted(by_site.items())
        ]
        rows.append(("sites", site_scores))
        for unit, data in rows:
            precision, recall, tp, fp, fn = measure(data, threshold)
            print(f"{name:<9} {unit:<10} {precision:>9.2f} {recall:>7.2f} {tp:>4} {fp:>4} {fn:>4}")
        if args.verbose:
            for p, s in scored:
                if (s >= threshold) != p.on_niche:
                    print(f"    {name}: {p.key} scored {s:.3f} (on niche: {p.on_niche}, {p.kind})")


if __name__ == "__main__":
    main()
