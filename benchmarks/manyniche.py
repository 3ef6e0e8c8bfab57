"""A many-niche blog web on loopback: blogs in 10 niches (each ~10% of pages), commenters mostly off-niche or dead.

Used by benchmarks/bench_manyniche.py and tests/e2e/test_manyniche.py. Each blog and shop is a stdlib
ThreadingHTTPServer on its own 127.0.0.1 port (a site of its own for linktrail and for Scrapy); a
dead commenter's site is a port that is bound and never listens (connection refused). A blog has a
home page, posts dated one every ``POST_EVERY_DAYS`` days from yesterday back, about/contact pages,
category pages, an RSS feed of its 10 newest posts (``pubDate``), a sitemap of every post in no
particular order (``lastmod``) and a robots.txt naming it. Blogrolls and commenters cross niches; a
post's commenters are other blogs (same niche or not), shops and dead sites. The truth says, for
every HTML page served, its site's niche ("shop" for the shops), so harvest and recall are counted
from what was generated, not from what a crawler concludes.
"""

from __future__ import annotations

import contextlib
import random
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthweb import FILLER_WORDS
from synthweb import NICHES as SYNTH_NICHES

NICHES: dict[str, list[str]] = {
    **SYNTH_NICHES,
    "beekeeping": ["beekeeping", "hive", "honey", "queen", "brood", "apiary", "swarm", "varroa", "frames", "nectar",
                   "colony", "beeswax"],
    "birdwatching": ["birdwatching", "binoculars", "warbler", "migration", "heron", "birding", "plumage", "owl",
                     "wetland", "finch", "raptors", "nest"],
}
SHOP_WORDS = ["discount", "shipping", "cart", "checkout", "sale", "coupon", "deals", "order", "price", "warranty",
              "refund", "bestseller"]
POST_EVERY_DAYS = 5  # post k is 1 + 5k days old: yesterday's first
FEED_ITEMS = 10
PAGES_PER_SHOP = 6


@dataclass
class ManyNicheWeb:
    """The generated web while it is served: each site's base URL, niche and pages; ``truth`` for scoring."""

    sites: dict[str, str] = field(default_factory=dict)  # base URL -> niche ("shop", "dead")
    pages: dict[str, str] = field(default_factory=dict)  # HTML page URL -> its site's niche
    newest: dict[str, str] = field(default_factory=dict)  # blog base URL -> URL of its newest post
    posts: dict[str, list[str]] = field(default_factory=dict)  # blog base URL -> post URLs, newest first

    @property
    def niche(self) -> str:
        return next(iter(NICHES))

    @property
    def truth(self) -> dict[str, Any]:
        return {"niche": self.niche, "keywords": NICHES[self.niche], "sites": self.sites, "pages": self.pages,
                "newest": self.newest, "seeds": self.seeds}

    @property
    def seeds(self) -> list[str]:
        """Two on-niche blogs' home pages."""
        return [b + "/" for b, n in self.sites.items() if n == self.niche][:2]


def _words(rng: random.Random, vocab: list[str], n: int, share: float) -> str:
    return " ".join(rng.choice(vocab) if rng.random() < share else rng.choice(FILLER_WORDS) for _ in range(n))


def _page(title: str, text: str, *, links: list[tuple[str, str]], blogroll: list[tuple[str, str]] = (),  # type: ignore[assignment]
          commenters: list[tuple[str, str]] = (), published: str = "", feed: str = "",  # type: ignore[assignment]
          form: bool = False) -> bytes:
    head = f'<link rel="alternate" type="application/rss+xml" href="{feed}">' if feed else ""
    date = f'<time class="entry-date published" datetime="{published}">{published[:10]}</time>' if published else ""
    nav = "".join(f'<li><a href="{u}">{a}</a></li>' for u, a in links)
    roll = "".join(f'<li><a href="{u}">{a}</a></li>' for u, a in blogroll)
    comments = "".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><div class="comment-author '
        f'vcard"><b class="fn"><a href="{u}" rel="external nofollow ugc" class="url">{a}</a></b></div></footer>'
        f'<div class="comment-content"><p>Thanks for this.</p></div></article></li>' for u, a in commenters)
    respond = ('<div id="respond" class="comment-respond"><form action="/wp-comments-post.php" method="post" '
               'id="commentform"><textarea name="comment"></textarea><input name="author"><input name="email">'
               '<input name="url" id="url"><input type="submit" value="Post Comment"></form></div>') if form else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}'
            f'<meta name="generator" content="WordPress 6.8"></head><body><main><article>'
            f'<h1 class="entry-title">{title}</h1>{date}<div class="entry-content"><p>{text}</p></div></article>'
            f'<div id="comments" class="comments-area"><ol class="comment-list">{comments}</ol>{respond}</div></main>'
            f'<aside><ul class="menu">{nav}</ul><section class="widget widget_links"><h2 class="widget-title">'
            f'Blogroll</h2><ul class="blogroll">{roll}</ul></section></aside></body></html>').encode()


def _blog(web: ManyNicheWeb, base: str, niche: str, posts: int, rng: random.Random, now: datetime,
          blogs: list[tuple[str, str]], shops: list[str], dead: list[str]) -> dict[str, tuple[str, bytes]]:
    vocab = NICHES[niche]
    dates = [now - timedelta(days=1 + POST_EVERY_DAYS * k) for k in range(posts)]
    urls = [f"{base}/{d:%Y/%m}/{rng.choice(vocab)}-notes-{k}/" for k, d in enumerate(dates)]
    web.posts[base], web.newest[base] = urls, urls[0]
    same = [b for b, n in blogs if n == niche and b != base]
    other = [b for b, n in blogs if n != niche]
    roll = [(b + "/", f"{dict(blogs)[b].title()} friends") for b in rng.sample(same, min(3, len(same)))]
    roll += [(b + "/", f"{dict(blogs)[b].title()} friends") for b in rng.sample(other, 2)]
    cats = vocab[:3]
    nav = [(f"{base}/", "Home"), (f"{base}/about/", "About"), (f"{base}/contact/", "Contact")]
    nav += [(f"{base}/category/{c}/", c.title()) for c in cats]
    feed = f"{base}/feed/"
    site: dict[str, tuple[str, bytes]] = {}

    def text(n: int = 160) -> str:
        return _words(rng, vocab, n, 0.15)

    recent = [(u, f"Recent: {rng.choice(vocab)}") for u in urls[:10]]
    site["/"] = ("text/html", _page(f"{niche.title()} blog", text(), links=nav + recent, blogroll=roll, feed=feed))
    for k, (u, d) in enumerate(zip(urls, dates, strict=True)):
        commenters = []
        for _ in range(4):
            r = rng.random()
            if r < 0.25 and same:
                b = rng.choice(same)
                commenters.append((b + "/", f"{rng.choice(vocab).title()} Fan"))
            elif r < 0.5:
                b = rng.choice(other)
                commenters.append((b + "/", f"{rng.choice(NICHES[dict(blogs)[b]]).title()} Fan"))
            elif r < 0.8:
                commenters.append((rng.choice(shops) + "/", f"Cheap {rng.choice(SHOP_WORDS)}"))
            else:
                commenters.append((rng.choice(dead) + "/", rng.choice(["Mia", "Sam", "Jo", "Lee"])))
        related = [(urls[rng.randrange(posts)], f"Related {rng.choice(vocab)}") for _ in range(6)]
        out = rng.choice(blogs)[0]
        body = text() + f' <a href="{out}/">a friend\'s blog</a>.'
        site[u.removeprefix(base)] = ("text/html", _page(
            f"{rng.choice(vocab).title()} and {rng.choice(vocab)}, part {k}", body, links=nav + recent[:5] + related,
            blogroll=roll, commenters=commenters, published=d.isoformat(), feed=feed, form=True))
    for extra in ("about", "contact"):
        site[f"/{extra}/"] = ("text/html", _page(extra.title(), text(80), links=nav, blogroll=roll))
    for c in cats:
        listed = [(u, f"{c.title()} post") for u in rng.sample(urls, min(12, posts))]
        site[f"/category/{c}/"] = ("text/html", _page(f"Category: {c}", text(60), links=nav + listed))
    items = "".join(f"<item><title>post {k}</title><link>{u}</link><pubDate>{d:%a, %d %b %Y %H:%M:%S} +0000"
                    f"</pubDate></item>" for k, (u, d) in enumerate(zip(urls[:FEED_ITEMS], dates, strict=False)))
    site["/feed/"] = ("application/rss+xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>{niche}'
                      f"</title><link>{base}/</link>{items}</channel></rss>".encode())
    order = list(zip(urls, dates, strict=True))
    rng.shuffle(order)
    entries = "".join(f"<url><loc>{u}</loc><lastmod>{d:%Y-%m-%d}</lastmod></url>" for u, d in order)
    site["/sitemap.xml"] = ("application/xml", f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
                            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode())
    return site


def _shop(base: str, rng: random.Random) -> dict[str, tuple[str, bytes]]:
    products = [f"{base}/product/{k}/" for k in range(PAGES_PER_SHOP - 1)]
    links = [(f"{base}/", "Shop home")] + [(u, f"Buy {rng.choice(SHOP_WORDS)}") for u in products]
    site = {"/": ("text/html", _page("Cheap deals", _words(rng, SHOP_WORDS, 120, 0.2), links=links))}
    for u in products:
        site[u.removeprefix(base)] = ("text/html", _page("Product", _words(rng, SHOP_WORDS, 120, 0.2), links=links))
    return site


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        pages: dict[str, tuple[str, bytes]] = self.server.pages  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            found: tuple[str, bytes] | None = ("text/plain", self.server.robots)  # type: ignore[attr-defined]
        else:
            found = pages.get(path)
        status, (ctype, body) = (200, found) if found else (404, ("text/html", b"<html><body>Not found</body></html>"))
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve_manyniche(blogs: int = 40, posts: int = 40, shops: int = 20, dead: int = 10,
                    seed: int = 1) -> Iterator[ManyNicheWeb]:
    """Generate and serve the web for the block: ``blogs`` spread evenly over the 10 niches (the first niche's
    first two blogs are the seeds), ``shops`` off-niche shops and ``dead`` refused ports among the commenters."""
    rng = random.Random(seed)
    names = list(NICHES)
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), _Handler) for _ in range(blogs + shops)]
    holes = [socket.socket() for _ in range(dead)]
    started: list[ThreadingHTTPServer] = []
    try:
        for s in holes:
            s.bind(("127.0.0.1", 0))
        bases = [f"http://127.0.0.1:{s.server_address[1]}" for s in servers]
        blog_list = [(bases[i], names[i % len(names)]) for i in range(blogs)]
        shop_list, dead_list = bases[blogs:], [f"http://127.0.0.1:{s.getsockname()[1]}" for s in holes]
        web = ManyNicheWeb()
        now = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
        for i, server in enumerate(servers):
            base = bases[i]
            if i < blogs:
                niche = blog_list[i][1]
                pages = _blog(web, base, niche, posts, rng, now, blog_list, shop_list, dead_list)
            else:
                niche, pages = "shop", _shop(base, rng)
            web.sites[base] = niche
            web.pages.update({base + p: niche for p, (ctype, _b) in pages.items() if ctype == "text/html"})
            server.pages = pages  # type: ignore[attr-defined]
            sitemap = f"\nSitemap: {base}/sitemap.xml" if "/sitemap.xml" in pages else ""
            server.robots = f"User-agent: *\nDisallow: /wp-admin/{sitemap}\n".encode()  # type: ignore[attr-defined]
        web.sites.update({d: "dead" for d in dead_list})
        for server in servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            started.append(server)
        yield web
    finally:
        for server in started:
            server.shutdown()
        for server in servers:
            server.server_close()
        for h in holes:
            h.close()
