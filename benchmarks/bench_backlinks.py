"""Backlink check at scale on loopback: wall time against per-site politeness, CPU per check against discovery's.

Run: .venv/bin/python benchmarks/bench_backlinks.py [--sites 1000] [--pages 10] [--delay 3.0]

A child process serves S generated blogs of P posts each, one loopback port per blog (so each
is a site of its own), and stops itself after --max-seconds. In the same run:
  1. baseline: `linktrail crawl` from the S home pages (discovery: analysis, scoring, storage);
  2. `linktrail backlinks import` of S*P backlinks (one per post, ~80% of posts link to the target);
  3. `linktrail backlinks check --all`.
CPU is the crawl subprocess's user+sys time (getrusage of children), the server's excluded.
The politeness bound of a check is P x delay: robots.txt and P pages of one site, one at a time,
the delay between two. Prints the figures and whether CPU per check <= discovery's CPU per page.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LINKTRAIL = [str(Path(sys.executable).parent / "linktrail")]
TARGETS = 50  # distinct target domains
WORDS = ["sourdough", "starter", "flour", "water", "levain", "crumb", "crust", "bake", "oven", "proof",
         "dough", "salt", "rye", "hydration", "banneton", "scoring", "loaf", "knead", "fold", "gluten", "yeast"]


# --------------------------------------------------------------------------------------------
# The generated web (child process).

def _paragraphs(rng: random.Random, n: int) -> str:
    return "".join("<p>" + " ".join(rng.choice(WORDS) for _ in range(60)) + ".</p>" for _ in range(n))


def render(site: int, path: str, ports: list[int], pages: int) -> tuple[int, bytes]:
    """(status, body) of one page of blog ``site``; deterministic."""
    if path == "/robots.txt":
        return 200, b"User-agent: *\nDisallow: /wp-admin/\n"
    base = f"http://127.0.0.1:{ports[site]}"
    nav = "".join(f"<li><a href='{base}/post-{i}/'>Post {i}</a></li>" for i in range(pages))
    rng = random.Random(site * 100_003 + zlib.crc32(path.encode()))
    roll = "".join(f"<li><a href='http://127.0.0.1:{ports[(site + k) % len(ports)]}/'>"
                   f"Blog {(site + k) % len(ports)}</a></li>"
                   for k in (1, 7, 31))
    head = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Blog {site} {path}</title>"
            "<meta name='generator' content='WordPress 6.4'></head><body>"
            f"<header><nav class='main-navigation'><ul><li><a href='{base}/'>Home</a></li>{nav}</ul></nav></header>")
    side = f"<aside id='secondary'><section class='widget'><h2>Blogs I read</h2><ul>{roll}</ul></section></aside>"
    foot = f"<footer id='colophon'><a href='{base}/about/'>About</a></footer></body></html>"
    if path == "/":
        return 200, (head + f"<main><h1>Blog {site}</h1>{_paragraphs(rng, 3)}</main>" + side + foot).encode()
    if not path.startswith("/post-"):
        return 404, b"<h1>Not found</h1>"
    post = int(path.strip("/").split("-")[1])
    live = is_live(site, post)
    link = f"<p>More at <a href='https://target-{site % TARGETS}.example/'>a friend's site</a>.</p>" if live else ""
    comments = "".join(
        f"<li id='comment-{c}' class='comment'><footer class='comment-meta'><b class='fn'>"
        f"<a href='https://commenter-{(site + c) % 97}.example/' rel='external nofollow ugc' class='url'>Reader {c}</a>"
        f"</b></footer><div class='comment-content'>{_paragraphs(rng, 1)}</div></li>" for c in range(5))
    body = (head + f"<main><article><h1>Post {post}</h1>{_paragraphs(rng, 12)}{link}</article>"
            f"<section id='comments'><ol class='comment-list'>{comments}</ol>"
            "<form id='commentform'><input name='author'><input name='email'><input name='url'>"
            "<textarea name='comment'></textarea></form>"
            "</section></main>" + side + foot)
    return 200, body.encode()


def is_live(site: int, post: int) -> bool:
    return (site * 31 + post * 7) % 10 < 8


def serve(sites: int, pages: int, queue: Any, max_seconds: float) -> None:
    """Serve every blog on its own loopback port until killed or ``max_seconds`` pass."""
    import asyncio

    async def main() -> None:
        ports: list[int] = []
        servers = []

        def handler(site: int) -> Any:
            async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
                try:
                    while True:
                        line = await reader.readline()
                        if not line:
                            break
                        path = line.split()[1].decode("latin-1") if len(line.split()) > 1 else "/"
                        while True:
                            h = await reader.readline()
                            if h in (b"\r\n", b"\n", b""):
                                break
                        status, body = render(site, path, ports, pages)
                        writer.write(b"HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (
                            status, b"text/plain" if path == "/robots.txt" else b"text/html; charset=utf-8",
                            len(body)) + body)
                        await writer.drain()
                except (ConnectionError, asyncio.IncompleteReadError):
                    pass
                finally:
                    writer.close()
            return handle

        for site in range(sites):
            server = await asyncio.start_server(handler(site), "127.0.0.1", 0, backlog=64)
            servers.append(server)
            ports.append(server.sockets[0].getsockname()[1])
        queue.put(ports)
        await asyncio.sleep(max_seconds)

    asyncio.run(main())


# --------------------------------------------------------------------------------------------
# The runs.

def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(args: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(wall s, CPU s, process) of one linktrail subprocess."""
    cpu0, t0 = cpu_children(), time.perf_counter()
    proc = subprocess.run([*LINKTRAIL, "-q", *args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall, cpu = time.perf_counter() - t0, cpu_children() - cpu0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"linktrail {' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return wall, cpu, proc


def last_stats(db: Path, kind: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    row = conn.execute("select stats from crawls where kind = ? order by id desc limit 1", [kind]).fetchone()
    conn.close()
    return json.loads(row[0]) if row and row[0] else {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=1000)
    ap.add_argument("--pages", type=int, default=10, help="posts per site (one backlink each)")
    ap.add_argument("--delay", type=float, default=10.0,
                    help="download_delay of the check, seconds between two requests to a site")
    ap.add_argument("--baseline-sites", type=int, default=200, help="sites the discover baseline crawls (CPU per page)")
    ap.add_argument("--baseline-delay", type=float, default=0.1, help="download_delay of the baseline crawl")
    ap.add_argument("--max-seconds", type=float, default=900, help="the server stops itself after this long")
    ap.add_argument("--skip-discover", action="store_true", help="no baseline crawl")
    a = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-backlinks-"))
    queue: Any = mp.get_context("fork").Queue()
    server = mp.get_context("fork").Process(target=serve, args=(a.sites, a.pages, queue, a.max_seconds), daemon=True)
    server.start()
    try:
        ports: list[int] = queue.get(timeout=60)
        homes = [f"http://127.0.0.1:{p}/" for p in ports[:a.baseline_sites]]
        (work / "seeds.txt").write_text("\n".join(homes) + "\n")
        common = "loopback_only = true\ntime_budget_minutes = 30\n"
        (work / "discover.toml").write_text(
            f"[crawl]\n{common}download_delay = {a.baseline_delay}\nconcurrent_requests = {4 * len(homes)}\n"
            f"max_pages = {len(homes) * (a.pages + 4)}\nmax_pages_per_site = {a.pages + 4}\n"
            f"max_new_sites = {len(homes)}\n")
        (work / "linktrail.toml").write_text(
            f"[crawl]\n{common}download_delay = {a.delay}\n[backlinks]\nretries = 0\nsites_at_once = {a.sites}\n")
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
              f"{a.sites} sites x {a.pages} posts; check download_delay {a.delay}s, all sites at once; "
              f"baseline: discover crawl of {len(homes)} of the sites, download_delay {a.baseline_delay}s")
        d_pages = d_cpu = d_wall = 0.0
        if not a.skip_discover:
            d_wall, d_cpu, _ = run(["--config", "discover.toml", "--db", "discover.db", "crawl",
                                    "--seeds-file", "seeds.txt"], work)
            s = last_stats(work / "discover.db", "discover")
            d_pages = float(s.get("downloader/response_count", 0))
            print(f"discover crawl:   {int(d_pages)} responses in {d_wall:.1f}s wall, {d_cpu:.1f}s CPU "
                  f"-> {1000 * d_cpu / max(d_pages, 1):.2f} ms CPU/response")
        rows = ["source_url,target_url"] + [
            f"http://127.0.0.1:{ports[s]}/post-{p}/,target-{s % TARGETS}.example"
            for s in range(a.sites) for p in range(a.pages)]
        (work / "backlinks.csv").write_text("\n".join(rows) + "\n")
        i_wall, _, proc = run(["backlinks", "import", "backlinks.csv"], work)
        print(f"import:           {len(rows) - 1} rows in {i_wall:.1f}s wall ({proc.stdout.strip()})")
        c_wall, c_cpu, proc = run(["backlinks", "check", "--all"], work)
        s = last_stats(work / "linktrail.db", "backlinks")
        checks = int(s.get("linktrail/backlinks/checked", 0))
        responses = float(s.get("downloader/response_count", 0))
        bound = a.pages * a.delay  # robots.txt and P pages: P delays apart
        elapsed = float(s.get("elapsed_time_seconds", 0))
        print(f"backlinks check:  {checks} checks ({int(responses)} responses) in {c_wall:.1f}s wall, {c_cpu:.1f}s CPU "
              f"-> {1000 * c_cpu / max(checks, 1):.2f} ms CPU/check, "
              f"{1000 * c_cpu / max(responses, 1):.2f} ms CPU/response")
        print(f"                  crawl itself {elapsed:.1f}s; politeness bound pages x delay = {bound:.0f}s "
              f"(robots.txt + {a.pages} pages per site); crawl/bound = {elapsed / bound:.2f}; "
              f"CPU/wall = {c_cpu / c_wall:.2f} cores of {os.cpu_count()}")
        live = sum(is_live(x, p) for x in range(a.sites) for p in range(a.pages))
        got = int(s.get("linktrail/backlinks/status/live", 0))
        statuses = {k.rsplit("/", 1)[1]: v for k, v in s.items() if k.startswith("linktrail/backlinks/status/")}
        print(f"statuses:         {json.dumps(statuses)}"
              f" (expected live {live})")
        verdicts = [f"checks correct: {'yes' if got == live and checks == a.sites * a.pages else 'NO'}",
                    "wall bound by politeness, not CPU: "
                    f"{'yes' if c_cpu / c_wall < 0.75 * (os.cpu_count() or 1) else 'NO'}"]
        if d_pages:
            ratio = (c_cpu / max(checks, 1)) / (d_cpu / d_pages)
            verdicts.append(f"CPU per check <= discover CPU per page: {'yes' if ratio <= 1 else 'NO'} ({ratio:.2f}x)")
        print("; ".join(verdicts))
    finally:
        server.terminate()
        server.join(10)


if __name__ == "__main__":
    main()
