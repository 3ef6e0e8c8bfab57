"""A second benchmark web, shaped unlike synthweb's: themes of several blog engines, big pages and sidebars.

Run: .venv/bin/python benchmarks/wpweb.py generate DIR [--sites 60] [--pages 80]
     .venv/bin/python benchmarks/synthweb.py serve DIR        (the same server and URL layout)

Each site takes one of five templates: a classic WordPress theme (.entry-meta byline), a block
theme (wp-block-post-date, wp-block-comments), a Blogger-like one (h2.date-header, .post-body,
comment links as a.comment-author), a Ghost-like one (gh-article, a byline <time>) and a
classic theme that prints no date at all. Every page is whole on disk (no SSI filler), 60-120
KB: long comment threads (10-80 comments, each with the commenter's site), sidebars of 100-300
links (recent posts, archives, tag clouds, blogrolls), and dateless about and contact pages of
a few hundred words. Served by synthweb.Server, so the routes are the same: /YEAR/post-NNNN/,
/category/NAME/, /about/, /contact/, /feed/.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthweb import NICHES, PORT, SiteSpec, plan_sites, post_url, slug, words, write_robots_and_feed

TEMPLATES = ("classic", "block", "blogger", "ghost", "dateless")


def _links(items: list[tuple[str, str]], cls: str = "") -> str:
    return "".join(f'<li{f" class={cls!r}" if cls else ""}><a href="{u}">{a}</a></li>' for u, a in items)


def _sidebar(site: SiteSpec, pages: int, rng: random.Random, blogroll: list[SiteSpec]) -> str:
    vocab = NICHES[site.niche]
    n = rng.randint(90, 230)
    recent = [(post_url(site, rng.randrange(pages)), f"{rng.choice(vocab).title()} post {k}") for k in range(n // 3)]
    archive = [(f"{site.base}/category/{rng.choice(vocab)}/", f"{rng.choice(vocab)} archive {k}")
               for k in range(n // 3)]
    tags = "".join(f'<a href="/category/{rng.choice(vocab)}/" class="tag-cloud-link" style="font-size:{8 + k % 14}pt">'
                   f"{rng.choice(vocab)}</a> " for k in range(n // 3))
    roll = _links([(b.base + "/", f"{b.niche.title()} blog {b.index}") for b in blogroll])
    blurb = f"<p>{words(rng, vocab, 200, 0.05)}</p>" * rng.randint(2, 6)
    return (f'<aside id="secondary" class="widget-area sidebar"><section class="widget"><h2>Recent</h2><ul>'
            f'{_links(recent)}</ul></section><section class="widget widget_archive"><h2>Archives</h2><ul>'
            f'{_links(archive)}</ul></section><section class="widget widget_tag_cloud"><div class="tagcloud">{tags}'
            f'</div></section><section class="widget widget_links"><ul class="blogroll">{roll}</ul></section>'
            f'<section class="widget widget_text">{blurb}</section></aside>')


def _comments(template: str, site: SiteSpec, sites: list[SiteSpec], by_niche: dict[str, list[SiteSpec]],
              rng: random.Random) -> str:
    vocab = NICHES[site.niche]
    out = []
    for k in range(rng.randint(10, 80)):
        other = rng.choice(by_niche[site.niche] if rng.random() < 0.7 else sites)
        who = f"{rng.choice(NICHES[other.niche]).title()} Fan {k}"
        text = words(rng, vocab, rng.randint(20, 90), 0.1)
        if template == "blogger":
            out.append(f'<li class="comment"><div class="comment-block"><cite class="user"><a href="{other.base}/" '
                       f'class="comment-author" rel="nofollow">{who}</a></cite><p class="comment-content">{text}</p>'
                       f'<span class="datetime secondary-text">March 3, 2025 at 10:{k % 60:02d} AM</span></div></li>')
        else:
            out.append(f'<li class="comment depth-{1 + k % 3}"><article class="comment-body">'
                       f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">'
                       f'<a href="{other.base}/" class="url" '
                       f'rel="external nofollow ugc">{who}</a></b></div></footer>'
                       f'<div class="comment-content"><p>{text}</p></div></article></li>')
    return "".join(out)


FORM = ('<div id="respond" class="comment-respond"><form action="/wp-comments-post.php" method="post" '
        'id="commentform" class="comment-form"><textarea id="comment" name="comment"></textarea>'
        '<input id="author" name="author"><input id="email" name="email"><input id="url" name="url">'
        '<input type="submit" value="Post Comment"></form></div>')


def page(template: str, site: SiteSpec, sites: list[SiteSpec], by_niche: dict[str, list[SiteSpec]], pages: int,
         i: int | None, kind: str, rng: random.Random, blogroll: list[SiteSpec]) -> str:
    """A post (kind "post", number i), the home page, an about/contact page or a category list."""
    vocab = NICHES[site.niche]
    title = {"home": f"{site.niche.title()} blog {site.index}", "about": "About me", "contact": "Contact"}.get(
        kind, f"{rng.choice(vocab).title()} and {rng.choice(vocab)}: notes {i}")
    paragraphs = {"post": rng.randint(6, 20), "about": 4, "contact": 2}.get(kind, 3)
    body = "".join(f"<p>{words(rng, vocab, rng.randint(60, 160), 0.12)}.</p>" for _ in range(paragraphs))
    if kind == "post":
        for _ in range(rng.randint(2, 6)):
            other = rng.choice(by_niche[site.niche] if rng.random() < 0.6 else sites)
            body += f'<p>See <a href="{post_url(other, rng.randrange(pages))}">{rng.choice(vocab)} there</a>.</p>'
    if kind in ("home", "category"):
        body += _links([(post_url(site, rng.randrange(pages)), f"Read {rng.choice(vocab)}") for _ in range(20)])
    nav = _links([("/", "Home"), ("/about/", "About"), ("/contact/", "Contact")]
                 + [(f"/category/{c}/", c.title()) for c in vocab[:6]], "menu-item")
    day = f"2025-0{1 + (i or 0) % 9}-{1 + (i or 0) % 28:02d}"
    dated = kind == "post" and template != "dateless"
    comments = _comments(template, site, sites, by_niche, rng) + FORM if kind == "post" else ""
    side = _sidebar(site, pages, rng, blogroll)
    head = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} – {site.niche} blog</title>'
            f'<link rel="alternate" type="application/rss+xml" href="{site.base}/feed/">')
    body_class = {"post": "single single-post", "home": "home blog", "category": "archive category"}.get(kind, "page")
    if template == "blogger":
        date_html = (f"<h2 class='date-header'><span>Monday, March {1 + (i or 0) % 28}, 2025</span></h2>"
                     if dated else "")
        return (f"{head}<meta content='blogger' name='generator'></head><body class='variant-indie {kind}-view'>"
                f"<div class='header'><h1><a href='/'>{site.niche} blog</a></h1></div><ul class='tabs'>{nav}</ul>"
                f"<div class='main-inner'><div class='date-outer'>{date_html}<div class='post hentry'>"
                f"<h3 class='post-title entry-title'>{title}</h3><div class='post-body entry-content'>{body}</div>"
                f"</div></div><div class='comments' id='comments'><ol>{comments}</ol></div></div>{side}</body></html>")
    if template == "ghost":
        date_html = f'<time class="byline-meta-date" datetime="{day}">{day}</time>' if dated else ""
        return (f'{head}<meta name="generator" content="Ghost 5.80"></head><body class="{kind}-template">'
                f'<header class="gh-head"><nav class="gh-head-menu"><ul class="nav">{nav}</ul></nav></header>'
                f'<main class="gh-main"><article class="gh-article post"><header class="gh-article-header">'
                f'<h1 class="gh-article-title">{title}</h1><div class="gh-article-meta">{date_html}</div></header>'
                f'<section class="gh-content gh-canvas">{body}</section></article>'
                f'<section class="gh-comments"><ol class="comment-list">{comments}</ol></section></main>{side}'
                f'</body></html>')
    if template == "block":
        date_html = (f'<div class="wp-block-post-date"><time datetime="{day}T09:00:00+00:00">{day}</time></div>'
                     if dated else "")
        return (f'{head}<meta name="generator" content="WordPress 6.8"></head><body class="{body_class} '
                f'wp-theme-twentytwentyfour"><div class="wp-site-blocks"><header class="wp-block-template-part">'
                f'<nav class="wp-block-navigation"><ul>{nav}</ul></nav></header><main class="wp-block-group">'
                f'<h1 class="wp-block-post-title">{title}</h1>{date_html}'
                f'<div class="entry-content wp-block-post-content">{body}</div>'
                f'<div class="wp-block-comments"><ol class="wp-block-comment-template">{comments}</ol></div>'
                f'</main>{side}</div></body></html>')
    date_html = (f'<div class="entry-meta"><span class="posted-on">Posted on <a href="#" rel="bookmark">'
                 f'March {1 + (i or 0) % 28}, 2025</a></span></div>' if dated else "")
    return (f'{head}<meta name="generator" content="WordPress 5.9"></head><body class="{body_class} '
            f'wp-theme-classic"><div id="page" class="site"><header id="masthead"><p class="site-title">'
            f'<a href="/" rel="home">{site.niche} blog</a></p><nav id="site-navigation"><ul class="menu">{nav}</ul>'
            f'</nav></header><div id="content"><div id="primary"><main id="main"><article class="post hentry">'
            f'<header class="entry-header"><h1 class="entry-title">{title}</h1>{date_html}</header>'
            f'<div class="entry-content">{body}</div></article><div id="comments" class="comments-area">'
            f'<ol class="comment-list">{comments}</ol></div></main></div>{side}</div></div></body></html>')


def _fit(html: str, rng: random.Random, vocab: list[str]) -> str:
    """Pad a page under 60 KB with a footer of widget text to a size in 60-120 KB."""
    want = rng.randint(60, 120) * 1024
    if len(html) >= want:
        return html
    pad = []
    size = len(html)
    while size < want:
        p = f"<p>{words(rng, vocab, 120, 0.03)}.</p>"
        pad.append(p)
        size += len(p)
    return html.replace("</body>", f'<footer id="colophon" class="site-footer">{"".join(pad)}</footer></body>')


def generate(out: Path, n_sites: int = 60, pages: int = 80, on_niche_share: float = 0.3,
             seed: int = 2) -> dict[str, Any]:
    """Write the web under ``out`` (replaced), in synthweb's layout, and return its truth."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    sites = plan_sites(n_sites, on_niche_share, rng)
    by_niche: dict[str, list[SiteSpec]] = {}
    for s in sites:
        by_niche.setdefault(s.niche, []).append(s)
    for site in sites:
        template = TEMPLATES[site.index % len(TEMPLATES)]
        vocab = NICHES[site.niche]
        root = out / "sites" / site.host
        (root / "p").mkdir(parents=True)
        same = [s for s in by_niche[site.niche] if s is not site]
        roll = rng.sample(same, min(8, len(same))) + [rng.choice(sites)]

        def write(path: Path, kind: str, i: int | None, template: str = template,
                  site: SiteSpec = site, vocab: list[str] = vocab, roll: list[SiteSpec] = roll) -> None:
            path.write_text(_fit(page(template, site, sites, by_niche, pages, i, kind, rng, roll), rng, vocab))

        write(root / "index.html", "home", None)
        for i in range(pages):
            write(root / "p" / f"{slug(i)}.html", "post", i)
        for extra in ("about", "contact"):
            write(root / "p" / f"{extra}.html", extra, None)
        for c in vocab:
            write(root / "p" / f"cat-{c}.html", "category", None)
        write_robots_and_feed(root, site)
    truth = {"port": PORT, "web": "wp", "pages_per_site": pages + 3 + len(NICHES[sites[0].niche]),
             "sites": {s.base: s.niche for s in sites}, "seed": sites[0].base + "/", "niche": sites[0].niche,
             "keywords": NICHES[sites[0].niche]}
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir", type=Path)
    g.add_argument("--sites", type=int, default=60)
    g.add_argument("--pages", type=int, default=80)
    args = parser.parse_args(argv)
    t = time.monotonic()
    truth = generate(args.dir, args.sites, args.pages)
    print(f"generated {len(truth['sites'])} sites x {args.pages} pages in {time.monotonic() - t:.0f} s: {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
