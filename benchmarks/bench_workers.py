"""Crawl workers on Redis against one process: wall time, pages/s, CPU, per-site gaps, same database.

Run: .venv/bin/python benchmarks/bench_workers.py [--sites 200] [--pages 20] [--delays 1.0,0] [--workers 1,2,4]
     [--server python|nginx] [--web synth|real] [--profile-ingest FILE] [--profile-all DIR] [--redis-port PORT]
     [--repeat N]

Serves a generated web of ``--sites`` blogs x ``--pages`` pages on loopback (one port per blog, a Python
server thread each, logging every request with its time; ``--server nginx``: the same pages as static files
from nginx, its access log stamping each request), all home pages as seeds, 32 requests in flight per process.
``--web real``: each page is one of the real saved pages of the test fixtures (benchmarks/realweb.py's pool:
blogs, news, CMSes; 151 bytes to 1.4 MB, picked by the page's address), with the same post text, links and
comment form as the generated page put first in its body and its own relative links made absolute on
saved.example (never fetched: the crawl is loopback only), so both modes crawl the same pages and analyse real
markup. For each delay: one `linktrail crawl`, then `linktrail workers N` with `linktrail ingest --follow`
beside them, stopped (SIGTERM) once they exit: it stores what they left, settles the scores and exits;
``--repeat N`` rounds of that, the workers first in every other round, on the same web. Prints
per run: pages stored, wall time (until the last page is in SQLite and scored), pages/s, the server's first
and last request (seconds from the start), CPU seconds of each process (the crawl; the workers with their
launcher; the ingest, and its part used by the time the workers exit, before it stores what they left and
settles the scores; Redis), the smallest gap between two requests to one site as the server stamped them and
as Redis stamped them going out (LINKTRAIL_TURN_LOG=1), robots.txt reads, pages fetched twice, the Redis round
trips a page the workers counted (``linktrail/redis/round_trips`` over pages analysed) and Redis' script calls a
page (INFO commandstats' evalsha, the ingest's few included) with the turns the workers' queue pops took for the
requests they handed out and how many of those went back unused, and whether the database holds the same pages with
the same comment states, relevance and value as one process. Needs redis-server (started here, our own).

Where the wall time goes: each spider's open and close (Scrapy's start_time and finish_time, from the
crawls table) and when each command exited, in seconds from the run's start; "web server" is this
process' CPU (the blogs' server threads, which share the machine's cores with the crawl). All CPU
seconds over the cores is the least wall time the run could take on this machine, were every core
busy throughout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402 - sys.path must hold the repo root first

from tests.conftest import write_config  # noqa: E402 - sys.path must hold the repo root first
from tests.redis_fixture import LocalRedis  # noqa: E402 - sys.path must hold the repo root first

LINKTRAIL = [sys.executable, "-m", "linktrail.cli"]
# `--profile-ingest FILE`: `linktrail ingest` under cProfile counting CPU time (the profiler's own too), not wall time
# (most of a following ingest's wall time is waiting for items).
PROFILED = """import cProfile, runpy, sys, time
out, sys.argv = sys.argv[1], ["linktrail", *sys.argv[2:]]
profile = cProfile.Profile(time.process_time)
profile.enable()
try:
    runpy.run_module("linktrail.cli", run_name="__main__")
finally:
    profile.disable()
    profile.dump_stats(out)
"""
STATE = "url, comment_state, website_field, opportunity, title, relevance, relevance_reasons, value"
KEYWORDS = ["sourdough", "starter", "levain", "crumb", "hydration"]
TEXT = " ".join(["Feeding the sourdough starter and shaping a levain loaf with an open crumb at high hydration."] * 30)
# A real page's relative hrefs, quoted (2: the quote, 3: the href) or not (4), not fragments or other schemes.
RELATIVE_HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(?:(["'])(?!(?:[a-z][a-z0-9+.-]*:|//|#))([^"']*)"""
                           r"""|(?!(?:["']|[a-z][a-z0-9+.-]*:|//|#))([^\s>]+))""", re.I)
BODY_OPEN = re.compile(r"<body\b[^>]*>", re.I)


def on_real_page(pool: list[str], key: str, block: str) -> str:
    """A real saved page of ``pool`` (the same one for the same ``key``) with ``block`` first in its body and its
    relative links pointed at saved.example: this web's crawl follows ``block``'s links, as on a generated page."""
    html = pool[zlib.crc32(key.encode()) % len(pool)]
    html = RELATIVE_HREF.sub(lambda m: f"{m[1]}{m[2] or ''}https://saved.example/{(m[3] or m[4] or '').lstrip('/')}",
                             html)
    opened = BODY_OPEN.search(html)
    at = opened.end() if opened else 0
    return html[:at] + block + html[at:]


class Web:
    """``sites`` blogs of ``pages`` pages on 127.0.0.1, one port each; every request logged with its time."""

    def __init__(self, sites: int, pages: int, real: list[str] | None = None) -> None:
        self.pages = pages
        self.real = real
        self.log: list[tuple[int, str, float]] = []
        self.lock = threading.Lock()
        self.servers = [ThreadingHTTPServer(("127.0.0.1", 0), self._handler(i)) for i in range(sites)]
        self.bases = [f"http://127.0.0.1:{s.server_address[1]}" for s in self.servers]
        for s in self.servers:
            s.daemon_threads = True
            threading.Thread(target=s.serve_forever, daemon=True).start()

    def page(self, site: int, path: str) -> bytes | None:
        posts = [f"/post-{n}/" for n in range(1, self.pages)]
        if path == "/":
            others = [self.bases[(site + k) % len(self.bases)] + "/" for k in (1, 7, 31)]
            links = [self.bases[site] + p for p in posts] + others
            title = f"Blog {site}"
        elif path in posts:
            links, title = [self.bases[site] + "/"], f"Blog {site} {path}"
        else:
            return None
        body = "".join(f'<p><a href="{u}">sourdough {u}</a></p>' for u in links)
        form = ('<form id="commentform" action="/wp-comments-post.php"><input name="url"><textarea name="comment">'
                "</textarea></form>") if path != "/" else ""
        if self.real:
            block = f"<article><h1>{title}</h1><p>{TEXT}</p></article>{body}{form}"
            return on_real_page(self.real, f"{site} {path}", block).encode()
        return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{TEXT}</p></article>"
                f"{body}{form}</body></html>").encode()

    def _handler(self, site: int) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with web.lock:
                    web.log.append((site, self.path, time.monotonic()))
                body = web.page(site, self.path)
                status = 200 if body is not None else 404
                body = body or b"not here"
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8" if status == 200 else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def stop(self) -> None:
        for s in self.servers:
            s.shutdown()
            s.server_close()

    def reset(self) -> None:
        with self.lock:
            self.log.clear()

    def entries(self) -> list[tuple[int, str, float]]:
        """(site, path, time.monotonic() when it came) of every request since ``reset``."""
        with self.lock:
            return list(self.log)

    def cpu(self) -> float:
        """CPU seconds the server has spent (here: in this process, with the benchmark's own loop)."""
        return time.process_time()

    def measures(self, delay: float) -> tuple[float, int, int, int]:
        """Smallest gap between two requests to one site, gaps under 90% of ``delay``, robots.txt reads, page
        requests made twice."""
        return measures(self.entries(), delay)


class NginxWeb(Web):
    """The same web as static files served by nginx (our own process on loopback, one port per blog), which
    stamps each request in its access log: no Python threads beside the crawl, whose stamps a busy interpreter
    delays (the in-process server saw gaps under the delay that Redis' clock did not). A request's time is when
    nginx read its first bytes: $msec (when the log line is written, once the response is sent) less
    $request_time; $msec alone put a big page's request later by its sending time, and the next small page's
    request then seemed closer to it than it came."""

    def __init__(self, sites: int, pages: int, root: Path, real: list[str] | None = None) -> None:
        import socket

        self.pages = pages
        self.real = real
        self.root = root
        held = [socket.socket() for _ in range(sites)]  # all bound at once: no port handed out twice
        for sock in held:
            sock.bind(("127.0.0.1", 0))
        ports = [sock.getsockname()[1] for sock in held]
        for sock in held:
            sock.close()
        self.bases = [f"http://127.0.0.1:{p}" for p in ports]
        self.site_of_port = {p: i for i, p in enumerate(ports)}
        servers = []
        for i, port in enumerate(ports):
            docs = root / "sites" / str(i)
            for path in ["/", *(f"/post-{n}/" for n in range(1, pages))]:
                (docs / path.strip("/")).mkdir(parents=True, exist_ok=True)
                (docs / path.strip("/") / "index.html").write_bytes(self.page(i, path) or b"")
            servers.append(f"server {{ listen 127.0.0.1:{port}; root {docs}; }}")
        self.access = root / "access.log"
        (root / "nginx.conf").write_text(
            "daemon off; master_process off; worker_processes 1; pid nginx.pid; error_log error.log;\n"
            "events { worker_connections 4096; }\n"
            "http { log_format stamps '$msec $request_time $server_port $request_uri'; access_log access.log stamps;\n"
            "  types { text/html html; } default_type text/html; charset utf-8; keepalive_timeout 30;\n"
            "  client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp; uwsgi_temp_path tmp;\n"
            "  scgi_temp_path tmp;\n"
            + "\n".join(servers) + "\n}\n")
        (root / "tmp").mkdir(exist_ok=True)
        self.proc = subprocess.Popen(["nginx", "-p", str(root), "-c", str(root / "nginx.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import urllib.request

        for _ in range(200):  # until it answers (the last port is as good as any)
            try:
                urllib.request.urlopen(self.bases[-1] + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        self.offset = 0

    def reset(self) -> None:
        self.offset = self.access.stat().st_size if self.access.exists() else 0

    def entries(self) -> list[tuple[int, str, float]]:
        to_monotonic = time.monotonic() - time.time()
        out = []
        with self.access.open() as log:
            log.seek(self.offset)
            for line in log:
                stamp, took, port, uri = line.split(" ", 3)
                out.append((self.site_of_port[int(port)], uri.strip(), float(stamp) - float(took) + to_monotonic))
        return out

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def measures(entries: list[tuple[int, str, float]], delay: float) -> tuple[float, int, int, int]:
    """Smallest gap between two requests to one site, gaps under 90% of ``delay``, robots.txt reads, page
    requests made twice."""
    by_site: dict[int, list[float]] = {}
    seen: set[tuple[int, str]] = set()
    twice = robots = 0
    for site, path, at in entries:
        by_site.setdefault(site, []).append(at)
        if path == "/robots.txt":
            robots += 1
        elif (site, path) in seen:
            twice += 1
        seen.add((site, path))
    gaps = [b - a for times in by_site.values() for a, b in zip(sorted(times), sorted(times)[1:], strict=False)]
    return min(gaps, default=float("nan")), sum(g < 0.9 * delay for g in gaps), robots, twice


def states(db: Path) -> dict[str, tuple[object, ...]]:
    con = sqlite3.connect(db)
    rows = {r[0]: r for r in con.execute(f"select {STATE} from pages")}
    con.close()
    return rows


def runs(db: Path, wall0: float) -> list[tuple[float, float]]:
    """Each crawl's (a worker's, or the one process') spider open and close, seconds from the run's start."""
    con = sqlite3.connect(db)
    out = []
    for (stats,) in con.execute("select stats from crawls order by id"):
        s = json.loads(stats)
        if s.get("start_time") and s.get("finish_time"):
            out.append(tuple(datetime.fromisoformat(s[k]).timestamp() - wall0 for k in ("start_time", "finish_time")))
    con.close()
    return sorted(out)  # type: ignore[arg-type]


def redis_cpu(client: redis.Redis) -> float:
    info = client.info("cpu")
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


def process_cpu(pid: int) -> float:
    """CPU seconds a running process has used so far (Linux: /proc/PID/stat's utime and stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def booked_gap(client: redis.Redis) -> float:
    """The smallest gap between two requests to one site by Redis' clock as each went out (LINKTRAIL_TURN_LOG=1)."""
    by_site: dict[str, list[float]] = {}
    for line in client.lrange("linktrail:discover:turns", 0, -1):
        key, at = (line.decode() if isinstance(line, bytes) else line).rsplit(" ", 1)
        by_site.setdefault(key, []).append(float(at))
    gaps = [b - a for times in by_site.values() for a, b in zip(sorted(times), sorted(times)[1:], strict=False)]
    return min(gaps, default=float("nan"))


def round_trips(db: Path) -> float:
    """The workers' Redis round trips a page they analysed (their stats in the crawls table)."""
    con = sqlite3.connect(db)
    stats = [json.loads(s) for (s,) in con.execute("select stats from crawls")]
    con.close()
    pages = sum(s.get("linktrail/pages_analysed", 0) for s in stats)
    return sum(s.get("linktrail/redis/round_trips", 0) for s in stats) / pages if pages else float("nan")


def early_turns(db: Path) -> tuple[int, int]:
    """Turns the workers' queue pops took with the request they handed out, and those given back unused."""
    con = sqlite3.connect(db)
    stats = [json.loads(s) for (s,) in con.execute("select stats from crawls")]
    con.close()
    return (sum(s.get("linktrail/redis/early_turns", 0) for s in stats),
            sum(s.get("linktrail/redis/early_turns_unused", 0) for s in stats))


def script_calls(client: redis.Redis) -> int:
    """Scripts Redis ran since the last CONFIG RESETSTAT (a first call of each also fails once: NOSCRIPT)."""
    calls = client.info("commandstats").get("cmdstat_evalsha", {})
    return int(calls.get("calls", 0)) - int(calls.get("failed_calls", 0)) - int(calls.get("rejected_calls", 0))


def write_crawl_config(work: Path, web: Web, delay: float) -> None:
    """The benchmark crawl's linktrail.toml in ``work``: every page of ``web``, 32 requests in flight, ``delay``."""
    pages = len(web.bases) * web.pages
    write_config(work / "linktrail.toml", niche={"name": "sourdough", "keywords": KEYWORDS},
                 crawl={"download_delay": delay, "loopback_only": True, "max_pages": pages + 100,
                        "max_pages_per_site": web.pages + 5, "concurrent_requests": 32,
                        # every blog is a seed: no other site is this web's (a real page's links to its own
                        # web would each be a new site, refused as off loopback only when its turn came)
                        "max_new_sites": 0})


def run_once(web: Web, work: Path, url: str, client: redis.Redis, n: int, delay: float,
             profile: Path | None = None, profile_all: Path | None = None) -> dict[str, Any]:
    work.mkdir(parents=True)
    write_crawl_config(work, web, delay)
    web.reset()
    client.flushall()
    client.config_resetstat()
    seeds = [b + "/" for b in web.bases]
    rcpu0, started, wall0, self0 = redis_cpu(client), time.monotonic(), time.time(), web.cpu()
    cpu: dict[str, float] = {}
    live = float("nan")  # the ingest's CPU seconds when the workers exit (before it stores what is left, settles)
    marks: dict[str, float] = {}  # seconds from the start when each step ended
    quiet: dict[str, Any] = {"cwd": work, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "env": {**os.environ, "LINKTRAIL_TURN_LOG": "1", "PYTHONPATH": str(ROOT)}}  # this checkout's code

    def timed(role: str, proc: Any) -> None:  # CPU of a finished child and of the children it waited for
        before = children_cpu()
        proc()
        cpu[role] = children_cpu() - before

    def profiled(name: str) -> list[str]:  # `--profile-all`: this process of the run under cProfile
        assert profile_all is not None
        return [sys.executable, "-c", PROFILED, str((profile_all / f"{name}.prof").resolve())]

    if n == 0:
        command = profiled("crawl") if profile_all else LINKTRAIL
        timed("crawl", lambda: subprocess.run([*command, "-q", "crawl", *seeds], check=True, **quiet))  # type: ignore[call-overload]
        marks["crawl exits"] = time.monotonic() - started
    else:
        python = [sys.executable, "-c", PROFILED, str(profile.resolve())] if profile else LINKTRAIL
        python = profiled("ingest") if profile_all else python
        ingest = subprocess.Popen([*python, "-q", "ingest", "--redis", url, "--follow"], **quiet)  # type: ignore[call-overload]
        if profile_all:  # each worker as `linktrail workers` runs it (`crawl --redis`), a process of its own
            def each() -> None:
                procs = [subprocess.Popen([*profiled(f"worker-{i}"), "-q", "crawl", "--redis", url, *seeds],  # type: ignore[call-overload]
                                          **{**quiet, "env": {**quiet["env"], "LINKTRAIL_WORKER_INDEX": str(i)}})
                         for i in range(n)]
                assert all(p.wait() == 0 for p in procs)
            timed("workers", each)
        else:
            timed("workers", lambda: subprocess.run([*LINKTRAIL, "-q", "workers", str(n), "--redis", url, *seeds],  # type: ignore[call-overload]
                                                    check=True, **quiet))
        marks["workers exit"] = time.monotonic() - started
        live = process_cpu(ingest.pid)
        ingest.send_signal(signal.SIGTERM)
        timed("ingest", ingest.wait)
        marks["ingest exits"] = time.monotonic() - started
    wall = time.monotonic() - started
    cpu["redis"] = redis_cpu(client) - rcpu0
    cpu["web server"] = web.cpu() - self0  # in-process: the blogs' server threads (and this loop); else nginx
    gap, short, robots, twice = web.measures(delay)
    times = [at - started for _site, _path, at in web.entries()]
    rows = states(work / "linktrail.db")
    trips = (round_trips(work / "linktrail.db"), script_calls(client) / len(rows),
             *early_turns(work / "linktrail.db")) if n and rows else None
    return {"rows": rows, "trips": trips, "wall": wall, "cpu": cpu, "live": live, "gap": gap, "short": short,
            "robots": robots, "twice": twice, "booked": booked_gap(client) if n else float("nan"),
            "first": min(times), "last": max(times), "marks": marks, "runs": runs(work / "linktrail.db", wall0)}


def label(n: int) -> str:
    """A run's name: one process (``n`` 0) or ``n`` workers and the ingest."""
    return "one process" if n == 0 else f"{n} worker{'s' if n > 1 else ''} + ingest"


def row(n: int, delay: float, r: dict[str, Any], base: dict[str, Any]) -> str:
    """One run's line of the table; ``base``: the rows of one process' run of the same round."""
    rows = r["rows"]
    changed = sum(1 for u in set(rows) & set(base) if rows[u] != base[u])
    same = "baseline" if n == 0 else ("same" if rows == base else
                                      f"{len(set(rows) ^ set(base))} urls differ, {changed} rows")
    live = f" ({r['live']:.1f} by the workers' exit)"
    each = ", ".join(f"{k} {v:.1f}{live if k == 'ingest' else ''}" for k, v in r["cpu"].items())
    spiders = ", ".join(f"{a:.1f}-{b:.1f}" for a, b in r["runs"])
    exits = ", ".join(f"{k} {v:.1f}" for k, v in r["marks"].items())
    total = sum(r["cpu"].values())
    trips = "-" if r["trips"] is None else (f"{r['trips'][0]:.2f} / {r['trips'][1]:.2f} (turns taken by pops "
                                            f"{r['trips'][2]}, {r['trips'][3]} unused)")
    return (f"| {label(n)} | {delay:g} | {len(rows)} | {r['wall']:.1f} | {len(rows) / r['wall']:.1f} | "
            f"{r['first']:.1f} / {r['last']:.1f} | {spiders} | {exits} | {each} | "
            f"{total:.1f} / {os.cpu_count()} = {total / (os.cpu_count() or 1):.1f} | "
            f"{r['gap']:.3f} / {r['booked']:.3f} | {r['short']} | {r['robots']} | {r['twice']} | "
            f"{trips} | {same} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--delays", default="1.0,0", help="download_delay values, comma-separated")
    parser.add_argument("--workers", default="1,2,4", help="worker counts, comma-separated")
    parser.add_argument("--server", choices=("python", "nginx"), default="python",
                        help="serve the web from threads of this process, or from nginx (static files, its own "
                             "process, requests stamped by its access log)")
    parser.add_argument("--web", choices=("synth", "real"), default="synth",
                        help="the pages: a short generated post (synth), or real saved pages with the same post, "
                             "links and form first in their body (real; see above)")
    parser.add_argument("--profile-ingest", type=Path, metavar="FILE",
                        help="run each ingest under cProfile (CPU time), its stats to FILE (the last run's; its CPU "
                             "figure then includes the profiler's)")
    parser.add_argument("--profile-all", type=Path, metavar="DIR",
                        help="run the crawl, each worker (as `linktrail crawl --redis`, not forked by `linktrail "
                             "workers`) and the ingest under cProfile (CPU time), their stats to DIR/crawl.prof, "
                             "worker-N.prof and ingest.prof (the last run's; CPU figures include the profiler's)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds per delay, the workers first in every other round; with more than one, a "
                             "table of each round's pages/s against one process and the median")
    parser.add_argument("--redis-port", type=int, help="the port of the benchmark's own redis-server (default: free)")
    args = parser.parse_args()
    real = None
    if args.web == "real":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from realweb import real_pages

        real = [html for _name, html in real_pages()]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        web = (Web(args.sites, args.pages, real) if args.server == "python"
               else NginxWeb(args.sites, args.pages, work / "nginx", real))
        local = LocalRedis(work / "redis", args.redis_port).start()
        client = redis.Redis.from_url(local.url)
        print(f"web: {args.sites} blogs x {args.pages} {'real saved' if real else 'generated'} pages on 127.0.0.1 "
              f"served by {args.server} "
              "(all home pages seeds); "
              f"32 requests in flight per process; {os.cpu_count()} cores")
        print("| run | delay s | pages | wall s | pages/s | first / last request s | spiders open-close s | exits s "
              "| CPU s: each process | CPU s (all) / cores | min gap s: server / booked | gaps < 0.9 delay "
              "| robots.txt | twice | Redis round trips / page: workers / scripts | database |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        ratios: dict[tuple[float, int], list[float]] = {}
        try:
            for delay in (float(d) for d in args.delays.split(",")):
                for round_ in range(args.repeat):
                    counts = [int(w) for w in args.workers.split(",")]
                    # every other round the workers go first: a machine that speeds up or slows down over a
                    # round favours neither side in the median
                    order = [0, *counts] if round_ % 2 == 0 else [*counts, 0]
                    results = {n: run_once(web, work / f"{delay}-{n}-{round_}", local.url, client, n, delay,
                                           args.profile_ingest, args.profile_all) for n in order}
                    base = results[0]["rows"]
                    for n in [0, *counts]:
                        print(row(n, delay, results[n], base), flush=True)
                        if n:
                            one = len(base) / results[0]["wall"]
                            ratios.setdefault((delay, n), []).append(len(results[n]["rows"]) / results[n]["wall"] / one)
            if args.repeat > 1:
                print()
                print("| delay s | run | pages/s against one process, each round (order alternating) | median |")
                print("|---|---|---|---|")
                for (delay, n), got in ratios.items():
                    print(f"| {delay:g} | {label(n)} | "
                          f"{', '.join(f'{r:.2f}x' for r in got)} | {statistics.median(got):.2f}x |")
        finally:
            local.stop()
            web.stop()


if __name__ == "__main__":
    main()
