"""A large synthetic blog web for benchmarks: generated on disk, served on loopback by nginx (or Python).

Run: .venv/bin/python benchmarks/synthweb.py generate DIR [--sites 200] [--pages 500]
     .venv/bin/python benchmarks/synthweb.py serve DIR        (until Ctrl-C)

Every site is a WordPress-like blog of one niche on its own loopback address (127.N.M.1, one
port), so each is a site of its own for linktrail and a download slot of its own for Scrapy.
Pages are ~100 KB: a small per-page file (title, text, ~84 links: navigation, recent posts,
categories, archives, tags, related posts, a blogroll, commenters' websites, a few outbound
links) plus a ~90 KB per-niche filler pulled in by an SSI include, so 100k pages take ~1 GB of
disk instead of 10 GB. Blogs link mostly within their niche (blogrolls, commenters) and
sometimes across niches. ``truth.json`` holds each site's niche and base URL.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

NICHES: dict[str, list[str]] = {
    "sourdough": ["sourdough", "starter", "levain", "crumb", "hydration", "proofing", "bread", "baking", "rye", "loaf",
                  "flour", "dough", "oven", "crust"],
    "gardening": ["garden", "tomatoes", "compost", "seedlings", "mulch", "pruning", "soil", "perennials", "greenhouse",
                  "harvest", "roses", "beds"],
    "cycling": ["bicycle", "cycling", "gravel", "derailleur", "cassette", "saddle", "tubeless", "cadence", "climbing",
                "touring", "wheels"],
    "aquarium": ["aquarium", "fishkeeping", "cichlids", "filter", "substrate", "shrimp", "planted", "tetras", "guppies",
                 "nitrate", "tank"],
    "astronomy": ["telescope", "astronomy", "nebula", "eyepiece", "galaxies", "astrophotography", "observing",
                  "planets", "comet", "star"],
    "knitting": ["knitting", "yarn", "needles", "cardigan", "stitches", "wool", "pattern", "purl", "sweater", "skein",
                 "crochet", "cables"],
    "chess": ["chess", "opening", "endgame", "gambit", "tactics", "rook", "bishop", "checkmate", "tournament", "pawn",
              "sicilian", "blitz"],
    "woodworking": ["woodworking", "chisel", "joinery", "dovetail", "plane", "lathe", "workbench", "hardwood",
                    "sanding", "mortise", "oak"],
}
FILLER_WORDS = ["the", "of", "and", "a", "to", "in", "is", "that", "it", "for", "on", "with", "as", "was", "at", "by",
                "this", "be", "from", "or", "have", "an", "they", "which", "one", "you", "had", "not", "but", "what",
                "all", "were", "when", "we", "there", "can", "been", "has", "more", "if", "will", "so", "no", "out",
                "up", "about", "into", "them", "some", "could", "time", "other", "than", "then", "now", "its", "only",
                "also", "after", "use", "two", "how", "our", "work", "first", "well", "way", "even", "new", "want",
                "because", "any", "these", "give", "day", "most", "us"]
PORT = int(os.environ.get("SYNTHWEB_PORT", "8480"))  # another port for a second web served at once
FILLER_KB = 90


@dataclass(frozen=True)
class SiteSpec:
    """One generated blog."""

    index: int
    niche: str
    host: str  # 127.N.M.1 (host_of)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{PORT}"


# Sites' loopback addresses: 127.N.M.1 with M a single digit, 2,550 of them. An address whose last two parts
# read as day and year (127.0.1.14: "0.1.14") is a date to htmldate's text patterns, and a page holds its site's
# address in every link: on a real page, whose hosts are names, none is. With 127.0.1.N, ~90% of the date-like
# strings htmldate's fast mode searched around on the real-page web's fallback pages were these hosts, ~2.5 ms a
# page (its p99 page 4.5 ms); a real web has no such cost.
MAX_SITES = 255 * 10


def host_of(i: int) -> str:
    if not 0 <= i < MAX_SITES:
        raise ValueError(f"site {i}: a generated web has at most {MAX_SITES} sites")
    return f"127.{1 + i // 10}.{i % 10}.1"


def plan_sites(n: int, on_niche_share: float, rng: random.Random) -> list[SiteSpec]:
    """Site 0 and a share of the others are of the first niche; the rest spread over the others."""
    names = list(NICHES)
    on = max(1, round(n * on_niche_share))
    niches = [names[0]] * on + [names[1 + i % (len(names) - 1)] for i in range(n - on)]
    rest = niches[1:]
    rng.shuffle(rest)
    niches = [names[0], *rest]
    return [SiteSpec(i, niches[i], host_of(i)) for i in range(n)]


def slug(i: int) -> str:
    return f"post-{i:04d}"


def post_url(site: SiteSpec, i: int) -> str:
    return f"{site.base}/{2026 - i // 200}/{slug(i)}/"


def words(rng: random.Random, vocab: list[str], n: int, share: float) -> str:
    return " ".join(rng.choice(vocab) if rng.random() < share else rng.choice(FILLER_WORDS) for _ in range(n))


def filler(niche: str, rng: random.Random) -> str:
    vocab = NICHES[niche]
    parts, size = [], 0
    while size < FILLER_KB * 1024:
        p = f"<p>{words(rng, vocab, 120, 0.04)}.</p>\n"
        parts.append(p)
        size += len(p)
    return "".join(parts)


def page(site: SiteSpec, sites: list[SiteSpec], by_niche: dict[str, list[SiteSpec]], pages: int, i: int | None,
         rng: random.Random, blogroll: list[SiteSpec]) -> str:
    """A post (i) or the home page (None), WordPress-like, with ~84 links."""
    vocab = NICHES[site.niche]
    title = f"{rng.choice(vocab).title()} and {rng.choice(vocab)}: notes {i if i is not None else 'home'}"
    nav = [("/", "Home"), ("/about/", "About"), ("/contact/", "Contact")] + [
        (f"/category/{c}/", c.title()) for c in vocab[:5]]
    recent = [(post_url(site, j), f"Recent {rng.choice(vocab)} {j}") for j in range(min(10, pages))]
    if i is None:
        recent += [(post_url(site, j), f"{rng.choice(vocab).title()} post {j}") for j in range(10, min(30, pages))]
    near = [] if i is None else [(post_url(site, (i + d) % pages), f"Related {rng.choice(vocab)}")
                                 for d in (1, 2, 3, 5, 8, 13, 21, 34, 55, 89)]
    archive = [(post_url(site, rng.randrange(pages)), f"Archive {m}") for m in range(12)]
    tags = [(f"/category/{c}/", f"#{c}") for c in vocab[5:10]]
    out_links = []
    for _ in range(3):
        same = rng.random() < 0.6
        pool = by_niche[site.niche] if same else sites
        other = rng.choice(pool)
        if other is not site:
            out_links.append((post_url(other, rng.randrange(pages)),
                              f"{rng.choice(NICHES[other.niche])} at a friend's"))
    commenters = []
    if i is not None:
        for _ in range(6):
            pool = by_niche[site.niche] if rng.random() < 0.7 else sites
            other = rng.choice(pool)
            if other is not site:
                commenters.append((other.base + "/", f"{rng.choice(NICHES[other.niche]).title()} Fan"))
    body = f"<p>{words(rng, vocab, 150, 0.15)}.</p>" + "".join(
        f'<p>See <a href="{u}">{a}</a> for more.</p>' for u, a in out_links)
    nav_html = "".join(f'<li class="menu-item"><a href="{u}">{a}</a></li>' for u, a in nav)
    side = "".join(f'<li><a href="{u}">{a}</a></li>' for u, a in recent)
    arch = "".join(f'<li><a href="{u}">{a}</a></li>' for u, a in archive)
    roll = "".join(f'<li><a href="{b.base}/">{b.niche.title()} blog {b.index}</a></li>' for b in blogroll)
    tag_html = "".join(f'<a href="{u}" rel="tag">{a}</a> ' for u, a in tags)
    rel_html = "".join(f'<li><a href="{u}">{a}</a></li>' for u, a in near)
    comments = "".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><div class="comment-author '
        f'vcard"><b class="fn"><a href="{u}" rel="external nofollow ugc" class="url">{a}</a></b></div>'
        f'<div class="comment-metadata"><time datetime="2026-11-0{k % 9 + 1}T10:00:00+00:00">Nov</time></div></footer>'
        f'<div class="comment-content"><p>{words(rng, vocab, 20, 0.1)}</p></div></article></li>'
        for k, (u, a) in enumerate(commenters))
    form = ('<div id="respond" class="comment-respond"><form action="/wp-comments-post.php" method="post" '
            'id="commentform" class="comment-form"><textarea id="comment" name="comment"></textarea>'
            '<input id="author" name="author"><input id="email" name="email"><input id="url" name="url">'
            '<input name="submit" type="submit" value="Post Comment"></form></div>') if i is not None else ""
    return (
        f'<!doctype html><html lang="en-US"><head><meta charset="UTF-8"><title>{title}</title>'
        f'<meta name="generator" content="WordPress 6.8.1">'
        f'<link rel="alternate" type="application/rss+xml" href="{site.base}/feed/">'
        f'<link rel="stylesheet" href="/wp-content/themes/twentytwentyone/style.css"></head>'
        f'<body class="wp-theme-twentytwentyone"><header id="masthead">'
        f'<nav id="site-navigation" class="primary-navigation">'
        f'<ul class="menu">{nav_html}</ul></nav></header><main id="main"><article class="post type-post hentry">'
        f'<header class="entry-header"><h1 class="entry-title">{title}</h1><time class="entry-date published" '
        f'datetime="2026-10-14T09:00:00+00:00">October 14, 2026</time></header><div class="entry-content">{body}'
        f'<!--# include virtual="/_filler/{site.niche}.html" --></div><footer class="entry-footer">{tag_html}</footer>'
        f'</article><section class="related"><h2>Related</h2><ul>{rel_html}</ul></section>'
        f'<div id="comments" class="comments-area"><ol class="comment-list">{comments}</ol>{form}</div></main>'
        f'<aside class="widget-area"><section class="widget widget_recent_entries"><h2>Recent Posts</h2><ul>{side}</ul>'
        f'</section><section class="widget widget_archive"><h2>Archives</h2><ul>{arch}</ul></section>'
        f'<section class="widget widget_links"><h2 class="widget-title">Blogroll</h2><ul class="blogroll">{roll}</ul>'
        f'</section></aside><footer id="colophon"><a href="/about/">Proudly powered by WordPress</a>'
        f"</footer></body></html>"
    )


def write_robots_and_feed(root: Path, site: SiteSpec) -> None:
    """A site's robots.txt and its RSS feed of the first ten posts (every generated web serves the same)."""
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n")
    items = "".join(f"<item><title>{slug(i)}</title><link>{post_url(site, i)}</link></item>" for i in range(10))
    (root / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{site.index}</title>'
                                   f"{items}</channel></rss>")


def generate(out: Path, n_sites: int = 200, pages: int = 500, on_niche_share: float = 0.3,
             seed: int = 1) -> dict[str, Any]:
    """Write the web under ``out`` (replaced) and return its truth."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "_filler").mkdir(parents=True)
    for niche in NICHES:
        (out / "_filler" / f"{niche}.html").write_text(filler(niche, rng))
    sites = plan_sites(n_sites, on_niche_share, rng)
    by_niche: dict[str, list[SiteSpec]] = {}
    for s in sites:
        by_niche.setdefault(s.niche, []).append(s)
    for site in sites:
        root = out / "sites" / site.host
        (root / "p").mkdir(parents=True)
        same = [s for s in by_niche[site.niche] if s is not site]
        roll = rng.sample(same, min(4, len(same))) + [rng.choice(sites)]
        (root / "index.html").write_text(page(site, sites, by_niche, pages, None, rng, roll))
        for i in range(pages):
            (root / "p" / f"{slug(i)}.html").write_text(page(site, sites, by_niche, pages, i, rng, roll))
        for extra in ("about", "contact"):
            (root / "p" / f"{extra}.html").write_text(page(site, sites, by_niche, pages, 0, rng, roll))
        for c in NICHES[site.niche][:10]:
            (root / "p" / f"cat-{c}.html").write_text(
                page(site, sites, by_niche, pages, rng.randrange(pages), rng, roll))
        write_robots_and_feed(root, site)
    truth = {"port": PORT, "pages_per_site": pages + 12 + 1, "sites": {s.base: s.niche for s in sites},
             "seed": sites[0].base + "/", "niche": sites[0].niche, "keywords": NICHES[sites[0].niche]}
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth


# -- serving ----------------------------------------------------------------------------------

NGINX_SITE = """
  server {{
    listen {host}:{port};
    root {root};
    location = / {{ try_files /index.html =404; }}
    location = /feed/ {{ default_type application/rss+xml; try_files /feed.xml =404; }}
    location = /robots.txt {{ }}
    location /_filler/ {{ alias {filler}/; }}
    location ~ ^/category/([a-z-]+)/$ {{ try_files /p/cat-$1.html =404; }}
    location ~ ^/(about|contact)/$ {{ try_files /p/$1.html =404; }}
    location ~ ^/[0-9]+/([a-z0-9-]+)/$ {{ try_files /p/$1.html =404; }}
  }}"""

NGINX_CONF = """
worker_processes 1;
error_log {dir}/error.log error;
pid {dir}/nginx.pid;
daemon off;
events {{ worker_connections 4096; }}
http {{
  log_format lt '$status http://$server_addr:$server_port$request_uri';
  access_log {access};
  default_type text/html;
  types {{ text/html html; text/plain txt; application/rss+xml xml; }}
  charset utf-8;
  ssi on;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp;
  uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
{servers}
}}
"""


class Server:
    """The web served on loopback: nginx as our own process when installed, else threads in Python."""

    def __init__(self, root: Path, access_log: Path | None = None) -> None:
        self.root = root
        self.access_log = access_log  # one line a request, "STATUS URL" (benchmarks/bench_kill.py reads it)
        self.truth = json.loads((root / "truth.json").read_text())
        self.proc: subprocess.Popen[bytes] | None = None
        self.kind = ""
        self._py: list[ThreadingHTTPServer] = []

    def start(self) -> Server:
        first = next(iter(self.truth["sites"])).split("//")[1].split(":")[0]
        with socket.socket() as probe:
            try:
                probe.bind((first, self.truth["port"]))
            except OSError:
                raise RuntimeError(f"{first}:{self.truth['port']} is in use: is another synthweb server "
                                   "still running? Stop it first.") from None
        nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
        if nginx and os.environ.get("SYNTHWEB_SERVER", "nginx") == "nginx":
            self._start_nginx(nginx)
        else:
            self._start_python()
        self._wait_up()
        return self

    def _start_nginx(self, nginx: str) -> None:
        run = self.root / "_nginx"
        (run / "tmp").mkdir(parents=True, exist_ok=True)
        servers = "".join(
            NGINX_SITE.format(host=base.split("//")[1].split(":")[0], port=self.truth["port"],
                              root=self.root / "sites" / base.split("//")[1].split(":")[0],
                              filler=self.root / "_filler")
            for base in self.truth["sites"])
        conf = run / "nginx.conf"
        access = f"{self.access_log} lt" if self.access_log else "off"
        conf.write_text(NGINX_CONF.format(dir=run, servers=servers, access=access))
        self.proc = subprocess.Popen([nginx, "-p", str(run), "-c", str(conf)], stderr=subprocess.PIPE)
        self.kind = "nginx"

    def _start_python(self) -> None:
        root = self.root
        log = self.access_log.open("a", buffering=1) if self.access_log else None
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                host = self.server.server_address[0]
                site = root / "sites" / str(host)
                path = self.path.split("?", 1)[0]
                m = re.match(r"^/[0-9]+/([a-z0-9-]+)/$", path) or re.match(r"^/(about|contact)/$", path)
                c = re.match(r"^/category/([a-z-]+)/$", path)
                target = {"/": site / "index.html", "/feed/": site / "feed.xml",
                          "/robots.txt": site / "robots.txt"}.get(path)
                if target is None and m:
                    target = site / "p" / f"{m.group(1)}.html"
                elif target is None and c:
                    target = site / "p" / f"cat-{c.group(1)}.html"
                if target is None or not target.exists():
                    body, status, ctype = b"not found", 404, "text/html"
                else:
                    text = target.read_text()
                    text = re.sub(r'<!--# include virtual="/_filler/([a-z]+)\.html" -->',
                                  lambda mm: (root / "_filler" / f"{mm.group(1)}.html").read_text(), text)
                    body, status = text.encode(), 200
                    ctype = {"feed.xml": "application/rss+xml", "robots.txt": "text/plain"}.get(
                        target.name, "text/html; charset=utf-8")
                if log is not None:
                    with lock:
                        log.write(f"{status} http://{host}:{self.server.server_address[1]}{self.path}\n")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        for base in self.truth["sites"]:
            host = base.split("//")[1].split(":")[0]
            server = ThreadingHTTPServer((host, self.truth["port"]), Handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._py.append(server)
        self.kind = "python"

    def _wait_up(self) -> None:
        last = list(self.truth["sites"])[-1].split("//")[1].split(":")[0]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.proc.stderr.read().decode() if self.proc.stderr else ''}")
            try:
                with socket.create_connection((last, self.truth["port"]), timeout=1):
                    if self.proc is not None and self.proc.poll() is not None:
                        raise RuntimeError("nginx exited (see _nginx/error.log)")
                    return
            except OSError:
                time.sleep(0.05)  # polling for the server to listen
        raise RuntimeError("the synthetic web did not come up")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None
        for s in self._py:
            s.shutdown()
            s.server_close()
        self._py.clear()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir", type=Path)
    g.add_argument("--sites", type=int, default=200)
    g.add_argument("--pages", type=int, default=500)
    g.add_argument("--on-niche-share", type=float, default=0.3)
    s = sub.add_parser("serve")
    s.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "generate":
        t = time.monotonic()
        truth = generate(args.dir, args.sites, args.pages, args.on_niche_share)
        print(f"generated {len(truth['sites'])} sites x {args.pages} pages in {time.monotonic() - t:.0f} s: "
              f"{args.dir}")
        return 0
    with Server(args.dir) as server:
        print(f"serving {len(server.truth['sites'])} sites with {server.kind}; seed {server.truth['seed']}; "
              "Ctrl-C stops")
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    return 0


if __name__ == "__main__":
    sys.exit(main())
