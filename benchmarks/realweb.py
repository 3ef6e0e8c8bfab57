"""A benchmark web of real saved pages: the fixture pages served from many loopback sites, links kept on loopback.

Run: .venv/bin/python benchmarks/realweb.py generate DIR [--sites 40] [--pages 100]
     .venv/bin/python benchmarks/synthweb.py serve DIR        (the same server and URL layout)

The pages are the real ones the analysis tests read (their sources are in the fixtures' READMEs):
tests/fixtures/pages (blogs, news, CMSes, parked and error pages), tests/fixtures/corpus
(htmldate's real test set) and tests/fixtures/wordpress (a real WordPress 6.1's two themes), 448
pages of 151 bytes to 1.4 MB, each decoded by its own encoding and served as UTF-8. Every site's
home page and posts are pages of that pool, picked at random, so nothing here was generated for the
benchmark. Only link targets change: each ``<a>`` and ``<area>`` href goes to a page of the
loopback web (a link to the page's own host, or a relative one, to a post of the same site; a link
to another host to a page of the site that host is mapped to), a canonical link to the page's own
address and a feed link to the site's feed; fragments, mailto:, tel: and javascript: links stay as
they are. The page's own host is the host most of its absolute links name. Served by
synthweb.Server at synthweb's routes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import sys
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from w3lib.encoding import html_to_unicode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthweb import NICHES, PORT, SiteSpec, host_of, post_url, slug, write_robots_and_feed

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
A_HREF = re.compile(r"""(<(?:a|area)\b[^>]*?\bhref\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
LINK_HREF = re.compile(r"""(\bhref\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
ABSOLUTE_HOST = re.compile(r"""href\s*=\s*["']?(?:https?:)?//([^/"'\s>:?#]+)""", re.I)
KEEP = ("#", "mailto:", "tel:", "javascript:", "data:")


def real_pages() -> list[tuple[str, str]]:
    """The pool: (file name, HTML text) of every saved real page, in a fixed order."""
    # Each page decoded by its own declared encoding (the corpus holds Latin-1, Shift JIS, ... pages), then
    # served as UTF-8 with a charset header that says so.
    pool = [(p.name, html_to_unicode(None, p.read_bytes())[1])
            for folder in ("pages", "wordpress") for p in sorted((FIXTURES / folder).glob("*.html"))]
    pool += [(p.name, html_to_unicode(None, gzip.decompress(p.read_bytes()))[1])
             for p in sorted((FIXTURES / "corpus").glob("*.html.gz"))]
    return pool


def own_host(html: str) -> str:
    """The host most of the page's absolute links name (its own site, on nearly every real page)."""
    hosts = Counter(h.lower().removeprefix("www.") for h in ABSOLUTE_HOST.findall(html))
    return hosts.most_common(1)[0][0] if hosts else ""


def _stable(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def rewrite(html: str, site: SiteSpec, sites: list[SiteSpec], pages: int, own_url: str) -> str:
    """The page with every link target on the loopback web (see the module's docstring)."""
    home = own_host(html)

    def target(raw: str) -> str:
        quote = raw[0] if raw[:1] in "\"'" else ""
        value = raw.strip("\"'").strip()
        if not value or value.lower().startswith(KEEP):
            return raw
        parts = urlsplit(value if "://" in value or value.startswith("//") else "//" + home + "/" + value.lstrip("/"))
        host = (parts.hostname or "").removeprefix("www.")
        where = site if host in ("", home) else sites[_stable(host) % len(sites)]
        if where is site and host not in ("", home):
            where = sites[(site.index + 1) % len(sites)]
        url = where.base + "/" if parts.path in ("", "/") and not parts.query else \
            post_url(where, _stable(parts.path + "?" + parts.query) % pages)
        return f"{quote}{url}{quote}"

    def link_tag(m: re.Match[str]) -> str:
        tag = m.group(0)
        low = tag.lower()
        if "canonical" in low:
            new = own_url
        elif "application/rss" in low or "application/atom" in low:
            new = site.base + "/feed/"
        else:
            return tag
        return LINK_HREF.sub(lambda h: f'{h.group(1)}"{new}"', tag, count=1)

    html = A_HREF.sub(lambda m: m.group(1) + target(m.group(2)), html)
    return LINK_TAG.sub(link_tag, html)


def generate(out: Path, n_sites: int = 40, pages: int = 100, seed: int = 3) -> dict[str, Any]:
    """Write the web under ``out`` (replaced), in synthweb's layout, and return its truth."""
    rng = random.Random(seed)
    pool = real_pages()
    if out.exists():
        shutil.rmtree(out)
    niche = next(iter(NICHES))  # the WordPress captures' niche (a sourdough blog); most pages are off it
    sites = [SiteSpec(i, niche, host_of(i)) for i in range(n_sites)]
    served: Counter[str] = Counter()
    for site in sites:
        root = out / "sites" / site.host
        (root / "p").mkdir(parents=True)
        for i in [None, *range(pages)]:
            name, html = rng.choice(pool)
            served[name] += 1
            url = site.base + "/" if i is None else post_url(site, i)
            path = root / "index.html" if i is None else root / "p" / f"{slug(i)}.html"
            path.write_text(rewrite(html, site, sites, pages, url), encoding="utf-8")
        write_robots_and_feed(root, site)
    truth = {"port": PORT, "web": "real", "pages_per_site": pages + 1, "pool": len(pool),
             "pool_served": len(served), "sites": {s.base: s.niche for s in sites}, "seed": sites[0].base + "/",
             "niche": niche, "keywords": NICHES[niche]}
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir", type=Path)
    g.add_argument("--sites", type=int, default=40)
    g.add_argument("--pages", type=int, default=100)
    args = parser.parse_args(argv)
    t = time.monotonic()
    truth = generate(args.dir, args.sites, args.pages)
    print(f"served {truth['pool_served']} of {truth['pool']} real pages as {len(truth['sites'])} sites x "
          f"{args.pages + 1} pages in {time.monotonic() - t:.0f} s: {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
