"""Cost per page of `analyse()` against Scrapy's LinkExtractor on the same ~100 KB blog post.

Run: .venv/bin/python benchmarks/bench_analysis.py [--repeat N] [--page FILE]
     .venv/bin/python benchmarks/bench_analysis.py --corpus [--repeat N]  (per-page cost over the saved pages)

Both are measured in the same run, alternating, on the same page (CPU time, median): `analyse(url, body, headers)`
on bytes (decoding included), and `LinkExtractor().extract_links(HtmlResponse(...))` on a fresh
response each time (so its parse is counted, as it is in a crawl). Also shown: the parse alone,
the hand-written date extraction against htmldate, and each analyser on the parsed tree.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

URL = "https://gardening-notes.example/2026/10/14/growing-tomatoes-in-pots/"
HEADERS = {"Content-Type": "text/html; charset=UTF-8", "X-Pingback": "https://gardening-notes.example/xmlrpc.php"}
WORDS = ["tomato", "soil", "water", "pot", "sunlight", "compost", "seedling", "basil", "mulch", "harvest", "prune",
         "leaf", "root", "fertiliser", "garden", "balcony", "variety", "cherry", "heirloom", "stake", "trellis"]


def build_page(target_bytes: int = 100_000) -> bytes:
    """A WordPress-like single post: head assets, menu, article, comments, sidebar, footer."""
    head = [
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Growing tomatoes in pots &#8211; Gardening Notes</title>",
        '<meta name="generator" content="WordPress 6.1.1">',
        '<link rel="alternate" type="application/rss+xml" title="Gardening Notes &raquo; Feed" href="https://gardening-notes.example/feed/">',
        '<link rel="https://api.w.org/" href="https://gardening-notes.example/wp-json/">',
        '<link rel="canonical" href="https://gardening-notes.example/2026/10/14/growing-tomatoes-in-pots/">',
        '<meta property="article:published_time" content="2026-10-14T08:12:00+00:00">',
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"BlogPosting",'
        '"headline":"Growing tomatoes in pots","datePublished":"2026-10-14T08:12:00+00:00",'
        '"dateModified":"2026-10-20T09:00:00+00:00"}]}</script>',
    ]
    for i in range(14):
        head.append(f"<link rel='stylesheet' id='style-{i}-css' "
                    f"href='https://gardening-notes.example/wp-content/plugins/plugin-{i}/style.css?ver=6.1.1' "
                    "media='all' />")
    head.append("<style>" + ".wp-block-button__link{color:#fff;background-color:#32373c}" * 60 + "</style>")
    for i in range(8):
        head.append(f"<script src='https://gardening-notes.example/wp-includes/js/script-{i}.min.js?ver=6.1.1' "
                    f"id='script-{i}-js'></script>")
    head.append("</head>")
    body = ['<body class="post-template-default single single-post postid-42 wp-embed-responsive">',
            '<div id="page" class="site"><header id="masthead" class="site-header"><div class="site-branding">',
            '<p class="site-title"><a href="https://gardening-notes.example/" rel="home">Gardening Notes</a></p></div>',
            '<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">']
    for i in range(24):
        body.append(f'<li class="menu-item menu-item-{i}">'
                    f'<a href="https://gardening-notes.example/category/topic-{i}/">Topic {i}</a></li>')
    body.append('</ul></nav></header><div id="content" class="site-content"><main id="main" class="site-main">')
    body.append('<article id="post-42" class="post-42 post type-post status-publish format-standard hentry">'
                '<header class="entry-header"><h1 class="entry-title">Growing tomatoes in pots</h1>'
                '<div class="entry-meta"><span class="posted-on">Posted on '
                '<a href="https://gardening-notes.example/2026/10/14/growing-tomatoes-in-pots/" rel="bookmark">'
                '<time class="entry-date published" datetime="2026-10-14T08:12:00+00:00">14 October 2026</time>'
                '</a></span></div></header>'
                '<div class="entry-content">')
    paragraphs = []
    for p in range(40):
        words = " ".join(WORDS[(p * 7 + k) % len(WORDS)] for k in range(60))
        link = ""
        if p % 2 == 0:
            link = (f' See <a href="https://other-site-{p}.example/guide/{p}/">'
                    f'this guide on {WORDS[p % len(WORDS)]}</a>.')
        paragraphs.append(f"<p>{words.capitalize()}.{link}</p>")
        if p % 10 == 9:
            paragraphs.append(
                f'<figure class="wp-block-image size-large">'
                f'<img src="https://gardening-notes.example/wp-content/uploads/2026/10/tomato-{p}.jpg" '
                f'alt="Tomato {p}" class="wp-image-{p}" width="1024" height="768" '
                f'srcset="https://gardening-notes.example/wp-content/uploads/2026/10/tomato-{p}-300x225.jpg 300w, '
                f'https://gardening-notes.example/wp-content/uploads/2026/10/tomato-{p}-768x576.jpg 768w" '
                f'sizes="(max-width: 1024px) 100vw, 1024px" /></figure>')
    body += paragraphs
    body.append('</div><footer class="entry-footer"><span class="cat-links">Posted in '
                '<a href="https://gardening-notes.example/category/vegetables/" rel="category tag">Vegetables</a>'
                '</span></footer></article>')
    body.append('<div id="comments" class="comments-area">'
                '<h2 class="comments-title">12 thoughts on &ldquo;Growing tomatoes in pots&rdquo;</h2>'
                '<ol class="comment-list">')
    for c in range(12):
        body.append(
            f'<li id="comment-{c}" class="comment even thread-even depth-1">'
            f'<article id="div-comment-{c}" class="comment-body">'
            '<footer class="comment-meta"><div class="comment-author vcard">'
            f'<img alt="" src="https://secure.gravatar.com/avatar/{c:032d}?s=32&#038;d=mm&#038;r=g" '
            'class="avatar avatar-32 photo" height="32" width="32" loading="lazy"/>'
            f'<b class="fn"><a href="https://commenter-{c}.example/" class="url" rel="ugc external nofollow">'
            f'Commenter {c}</a></b> <span class="says">says:</span></div>'
            '<div class="comment-metadata">'
            f'<a href="https://gardening-notes.example/2026/10/14/growing-tomatoes-in-pots/#comment-{c}">'
            f'<time datetime="2026-10-{15 + c}T10:00:00+00:00">October {15 + c}, 2026 at 10:00 am</time>'
            '</a></div></footer>'
            f'<div class="comment-content"><p>{" ".join(WORDS[(c + k) % len(WORDS)] for k in range(40))}</p></div>'
            f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-{c}" '
            f'data-commentid="{c}" data-postid="42" aria-label="Reply to Commenter {c}">Reply</a></div></article></li>'
        )
    body.append('</ol><div id="respond" class="comment-respond">'
                '<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
                '<form action="https://gardening-notes.example/wp-comments-post.php" method="post" id="commentform" '
                'class="comment-form" novalidate>'
                '<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span></p>'
                '<p class="comment-form-comment"><label for="comment">Comment</label>'
                '<textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required="required">'
                '</textarea></p>'
                '<p class="comment-form-author"><label for="author">Name</label>'
                '<input id="author" name="author" type="text" value="" size="30" maxlength="245" /></p>'
                '<p class="comment-form-email"><label for="email">Email</label>'
                '<input id="email" name="email" type="email" value="" size="30" maxlength="100" /></p>'
                '<p class="comment-form-url"><label for="url">Website</label>'
                '<input id="url" name="url" type="url" value="" size="30" maxlength="200" /></p>'
                '<p class="form-submit">'
                '<input name="submit" type="submit" id="submit" class="submit" value="Post Comment" />'
                '<input type="hidden" name="comment_post_ID" value="42" id="comment_post_ID" /></p></form></div></div>')
    body.append('</main><aside id="secondary" class="widget-area">')
    body.append('<section id="recent-posts-2" class="widget widget_recent_entries">'
                '<h2 class="widget-title">Recent Posts</h2><ul>')
    for i in range(10):
        body.append(f'<li><a href="https://gardening-notes.example/2026/09/{i + 1:02d}/post-{i}/">'
                    f'Recent post number {i}</a></li>')
    body.append('</ul></section><section id="linkcat-2" class="widget widget_links">'
                '<h2 class="widget-title">Blogroll</h2><ul class="xoxo blogroll">')
    for i in range(8):
        body.append(f'<li><a href="https://friend-blog-{i}.example/">Friend blog {i}</a></li>')
    body.append("</ul></section></aside></div>")
    body.append('<footer id="colophon" class="site-footer"><div class="site-info">')
    body.append('<a href="https://gardening-notes.example/privacy/">Privacy</a> '
                '<a href="https://gardening-notes.example/contact/">Contact</a> '
                '<a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer></div>')
    body.append("<script src='https://gardening-notes.example/wp-includes/js/comment-reply.min.js?ver=6.1.1' "
                "id='comment-reply-js'></script>")
    page = "\n".join(head + body)
    filler = ("<script>var wpEmojiSettings="
              + '{"baseUrl":"https://s.w.org/images/core/emoji/14.0.0/72x72/"};' * 10 + "</script>")
    while len(page.encode()) < target_bytes - len(filler):
        page += filler
    return (page + "\n</body></html>").encode()


def median_ms(func: Callable[[], object], repeat: int) -> float:
    """Median CPU time of `func` in milliseconds (a warm-up call first).

    CPU time of this process (time.process_time), not wall time: other processes sharing
    the machine then disturb the figures less.
    """
    func()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def corpus_costs(repeat: int) -> None:
    """Per-page CPU cost of analyse() over tests/fixtures/corpus (each page's median of `repeat` runs):
    p50/p95/p99/max, and the largest pages."""
    import csv
    import gzip

    from crawler.analysis import analyse

    folder = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus"
    with (folder / "labels.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [(r["file"], r["url"]) for r in csv.DictReader(handle, delimiter="\t")]
    today = date(2026, 11, 23)
    costs: list[tuple[float, int, str]] = []
    for name, url in rows:
        body = gzip.decompress((folder / name).read_bytes())
        costs.append((median_ms(lambda b=body, u=url: analyse(u, b, today=today), repeat), len(body), name))  # type: ignore[misc]
    ms = sorted(c[0] for c in costs)

    def pct(q: float) -> float:
        return ms[min(len(ms) - 1, round(q * (len(ms) - 1)))]

    print(f"corpus: {len(ms)} pages, repeat={repeat}, total {sum(ms):.0f} ms")
    print(f"per page ms: p50 {pct(0.5):.2f}  p95 {pct(0.95):.2f}  p99 {pct(0.99):.2f}  max {ms[-1]:.2f}  "
          f"mean {statistics.mean(ms):.2f}  p99/p50 {pct(0.99) / pct(0.5):.1f}")
    for cost, size, name in sorted(costs, reverse=True)[:5]:
        print(f"  {cost:7.2f} ms  {size / 1000:6.0f} KB  {name}")


def main() -> None:
    """Print ms/page for analyse() and LinkExtractor, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--page", type=Path, help="an HTML file to use instead of the built page")
    parser.add_argument("--corpus", action="store_true", help="per-page cost distribution over the saved corpus")
    args = parser.parse_args()
    if args.corpus:
        corpus_costs(args.repeat)
        return

    from scrapy.http import HtmlResponse
    from scrapy.linkextractors import LinkExtractor
    from selectolax.lexbor import LexborHTMLParser

    from crawler.analysis import analyse, comments, contacts, dates, guestposts, health, links, platform, post
    from crawler.analysis.document import Document
    from crawler.analysis.htmldate_dates import htmldate_fallback

    body = args.page.read_bytes() if args.page else build_page()
    today = date(2026, 11, 23)
    extractor = LinkExtractor()

    def run_analyse() -> object:
        return analyse(URL, body, HEADERS, today=today)

    def run_linkextractor() -> object:
        response = HtmlResponse(url=URL, body=body, headers=HEADERS, encoding="utf-8")
        return extractor.extract_links(response)

    facts = run_analyse()
    n_links = len(run_linkextractor())  # type: ignore[arg-type]
    gc.collect()
    # Alternate the two so drifts in machine load hit both alike.
    a_times: list[float] = []
    l_times: list[float] = []
    for _ in range(5):
        a_times.append(median_ms(run_analyse, max(args.repeat // 5, 1)))
        l_times.append(median_ms(run_linkextractor, max(args.repeat // 5, 1)))
    a_ms = statistics.median(a_times)
    l_ms = statistics.median(l_times)

    text = body.decode("utf-8")

    def fresh_doc() -> Document:
        return Document(URL, text, LexborHTMLParser(text), {k.lower(): v for k, v in HEADERS.items()}, today)

    parse_ms = median_ms(lambda: LexborHTMLParser(text), args.repeat)
    parts: dict[str, float] = {}
    steps: dict[str, Callable[[Document], object]] = {
        "platform": platform.detect_platform,
        "links": links.extract_links,
        "post (dates, title, text)": post.analyse_post,
        "comments": comments.analyse_comments,
        "contacts": contacts.find_contacts,
        "guest posts": lambda d: guestposts.analyse_guest_posts(d, facts.links, facts.guest_post.contacts),
        "health": health.analyse_health,
    }
    for name, step in steps.items():
        # each step on a fresh Document, minus the cost of building one
        base = median_ms(fresh_doc, args.repeat // 3)
        parts[name] = max(median_ms(lambda s=step: s(fresh_doc()), args.repeat // 3) - base, 0.0)
    hand_ms = (median_ms(lambda: dates.post_dates(fresh_doc()), args.repeat // 3)
               - median_ms(fresh_doc, args.repeat // 3))
    htmldate_ms = median_ms(lambda: htmldate_fallback(fresh_doc()), max(args.repeat // 10, 5))

    print(f"page: {len(body) / 1000:.0f} KB, {n_links} links by LinkExtractor, "
          f"{len(facts.links)} by analyse(), repeat={args.repeat}")
    print(f"analyse() all analysis, fresh from bytes : {a_ms:6.2f} ms/page")
    print(f"LinkExtractor + fresh HtmlResponse       : {l_ms:6.2f} ms/page")
    print(f"ratio analyse / LinkExtractor            : {a_ms / l_ms:6.2f}")
    print(f"  selectolax parse alone                 : {parse_ms:6.2f} ms")
    for name, ms in parts.items():
        print(f"  {name:<39}: {ms:6.2f} ms")
    print(f"dates by hand on the parsed tree         : {max(hand_ms, 0):6.2f} ms")
    print(f"dates by htmldate (re-parses the page)   : {htmldate_ms:6.2f} ms")


if __name__ == "__main__":
    main()
