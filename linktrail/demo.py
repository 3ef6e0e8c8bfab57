"""The bundled sample web, served on loopback (one port per blog), and the `linktrail demo` run."""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import signal
import threading
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from time import monotonic
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler import clock
from crawler.config import Config, CrawlConfig, NicheConfig, SeedsConfig
from linktrail.plan import build_plan
from linktrail.render.text import render_text
from pipelines.store import open_db


def installed_sample_web() -> Path:
    """Where the sample web is: the package data of ``linktrail.sampleweb`` (data/sample-web of a checkout)."""
    root = resources.files("linktrail.sampleweb")
    if not isinstance(root, Path):  # the server reads files on disk; pip always installs them so
        raise FileNotFoundError(f"{root}: the sample web must be installed as files, not inside an archive")
    return root


SAMPLE_WEB = installed_sample_web()

TOKEN = re.compile(r"\{\{(site|date):([^}:]+)(?::([a-z0-9]+))?\}\}")
TEXT_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
              ".txt": "text/plain; charset=utf-8", ".opml": "text/x-opml; charset=utf-8",
              ".rss": "application/rss+xml; charset=utf-8", ".atom": "application/atom+xml; charset=utf-8"}


def render_tokens(text: str, bases: dict[str, str], today: date) -> str:
    """Replace ``{{site:SLUG}}`` by that blog's base URL and ``{{date:-N[:fmt]}}`` by a date N days ago."""

    def sub(m: re.Match[str]) -> str:
        kind, arg, fmt = m.group(1), m.group(2), m.group(3)
        if kind == "site":
            return bases.get(arg, m.group(0))
        moment = datetime.combine(today - timedelta(days=abs(int(arg))), time(9, 30), UTC)
        if fmt == "day":
            return moment.date().isoformat()
        if fmt == "human":
            return f"{moment:%B} {moment.day}, {moment.year}"
        if fmt == "rfc822":
            return format_datetime(moment)
        return moment.isoformat()

    return TOKEN.sub(sub, text)


class _Handler(BaseHTTPRequestHandler):
    """Serve one blog's directory, substituting tokens; ETag and If-None-Match supported."""

    server_version = "linktrail-sample-web/1"
    protocol_version = "HTTP/1.1"

    def __init__(self, *args: Any, root: Path, web: SampleWeb, **kwargs: Any) -> None:
        self.root = root
        self.web = web
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        self.web.log_request(self.root.name, self.path, args)

    def _resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if not str(target).startswith(str(self.root.resolve())):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        self.web.count(self.root.name, self.path)
        target = self._resolve()
        if target is None:
            body = b"<!doctype html><title>404 Not Found</title><h1>Not Found</h1>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            ctype = TEXT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            raw = target.read_bytes()
            if ctype.startswith(("text/", "application/xml", "application/rss", "application/atom")):
                raw = render_tokens(raw.decode("utf-8"), self.web.bases, self.web.today).encode("utf-8")
            etag = '"' + hashlib.sha1(raw).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = raw
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class PortTaken(OSError):
    """A fixed port of the sample web could not be bound; the message names it."""


class SampleWeb:
    """Every blog of the sample web served as a site of its own on 127.0.0.1 (one port each)."""

    def __init__(self, root: Path = SAMPLE_WEB, today: date | None = None, host: str = "127.0.0.1",
                 port_base: int = 0) -> None:
        self.root = root
        self.port_base = port_base  # 0: the OS picks each port; N: blogs on N, N+1, ... in name order
        self.sites_dir = root / "sites"
        if not self.sites_dir.is_dir():
            raise FileNotFoundError(f"{self.sites_dir}: the sample web is missing (reinstall linktrail)")
        self.truth: dict[str, Any] = json.loads((root / "truth.json").read_text(encoding="utf-8"))
        self.today = today or clock.today()
        self.host = host
        self.bases: dict[str, str] = {}
        self.requests: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []

    def count(self, slug: str, path: str) -> None:
        with self._lock:
            self.requests.setdefault(slug, []).append(path)

    def log_request(self, slug: str, path: str, args: Any) -> None:
        """Quiet: the request log lives in ``self.requests``."""

    @property
    def blogs(self) -> list[Path]:
        """The blogs' directories, in name order (the order of the ports)."""
        return sorted(p for p in self.sites_dir.iterdir() if p.is_dir())

    def start(self) -> SampleWeb:
        """Serve every blog; with ``port_base``, on fixed ports (OSError naming the port when one is taken)."""
        for i, site in enumerate(self.blogs):
            handler = partial(_Handler, root=site, web=self)
            port = self.port_base + i if self.port_base else 0
            try:
                server = ThreadingHTTPServer((self.host, port), handler)
            except OSError as exc:
                self.stop()
                raise PortTaken(f"port {port} on {self.host}: {exc.strerror or exc}") from None
            server.daemon_threads = True
            self.bases[site.name] = f"http://{self.host}:{server.server_address[1]}"
            thread = threading.Thread(target=server.serve_forever, name=f"sample-web-{site.name}", daemon=True)
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        # shutdown() waits for a serve_forever poll; ask them all at once, not one after another.
        stoppers = [threading.Thread(target=server.shutdown) for server in self._servers]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join()
        for server in self._servers:
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> SampleWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url(self, key: str) -> str:
        """The served URL of a truth.json page key such as ``crumb-and-crust/2-day-rye-starter/``."""
        slug, _, path = key.partition("/")
        return f"{self.bases[slug]}/{path}"

    def slug_of(self, url: str) -> str | None:
        base = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        return next((s for s, b in self.bases.items() if b == base), None)

    def key_of(self, url: str) -> str | None:
        """The truth.json key of a served URL."""
        slug = self.slug_of(url)
        return None if slug is None else f"{slug}/{urlsplit(url).path.lstrip('/')}"


DEMO_SEED_NOTE = "one seed"


def demo_config(web: SampleWeb, db: Path) -> Any:
    """The config a new user's would look like, for the sample web's niche, fast and loopback-only."""
    niche = web.truth["demo_niche"]
    return Config(
        niche=NicheConfig(name=niche, keywords=tuple(web.truth["niches"][niche])),
        seeds=SeedsConfig(urls=(web.bases[web.truth["seed"]] + "/",)),
        crawl=CrawlConfig(
            max_pages=500, max_pages_per_site=40, max_depth=4, download_delay=0.05,
            time_budget_minutes=2, loopback_only=True,
        ),
        database=str(db),
    )


def remove_db(db: Path) -> None:
    """Delete a SQLite file and its WAL companions."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def serve_until_signal(web: SampleWeb, echo: Any = print) -> None:
    """Block until Ctrl-C (SIGINT) or SIGTERM, then close every server of ``web``; the handlers are restored."""
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        echo("Serving until Ctrl-C: " + ", ".join(f"{s} {b}" for s, b in sorted(web.bases.items())))
        stop.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        web.stop()
    echo("Stopped serving the sample web.")


def run_demo(db: Path, *, keep_serving: bool = False, port_base: int = 0, echo: Any = print) -> None:
    """Serve the sample web, crawl it from one seed into ``db`` (replaced), print today's plan.

    ``keep_serving``: then serve until Ctrl-C or SIGTERM; ``port_base``: blogs on fixed ports from it.
    """
    # heavy: Scrapy and Twisted (~0.5 s), loaded when the demo crawls, not when the CLI starts
    from crawler.runner import crawl_summary
    from linktrail.crawl import run_crawl  # heavy: as above

    started = monotonic()
    remove_db(db)
    with SampleWeb(port_base=port_base) as web:
        config = demo_config(web, db)
        echo(f"Serving the sample web: {len(web.bases)} blogs on 127.0.0.1 (ports "
             f"{min(b.rsplit(':', 1)[1] for b in web.bases.values())}-"
             f"{max(b.rsplit(':', 1)[1] for b in web.bases.values())}).")
        echo(f"Crawling from {DEMO_SEED_NOTE}: {config.seeds.urls[0]} (niche: {config.niche.name}) ...")
        stats = run_crawl(config, str(db), list(config.seeds.urls), AUTOTHROTTLE_ENABLED=False)
        echo(crawl_summary(stats, str(db)))
        store = open_db(db)
        plan = build_plan(store, config.plan, clock.today(),
                          threshold=config.niche.threshold, niche=config.niche.name)
        echo(render_text(plan).rstrip("\n"))
        sites = store["sites"].count
        store.conn.close()
        # From serving to the plan: Python's start-up and the imports before it are not in this figure.
        echo(f"Served, crawled and planned in {monotonic() - started:.1f} s: {sites} sites in {db}.")
        echo("Next: `linktrail --db " + str(db) + " report --format json`, or open it with "
             "`sqlite-utils tables " + str(db) + " --counts`; "
             "then `linktrail init` to set up your own niche and seeds.")
        if keep_serving:
            serve_until_signal(web, echo)
