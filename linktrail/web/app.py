"""Datasette started in-process over the linktrail database: metadata with the canned queries, the plugin."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
import webbrowser
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.plugins import pm

from crawler.config import Config
from linktrail.web import plugin
from linktrail.web.queries import canned_queries

PLUGIN_NAME = "linktrail"
DEFAULT_PORT = 8001
TODAY_PATH = "/-/today"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def metadata(db_path: str, config: Config, config_path: str | None) -> dict[str, Any]:
    """Datasette metadata: the title, the canned queries of this database, and the plugin's settings."""
    name = Path(db_path).stem
    niche = f" — {config.niche.name}" if config.niche.name else ""
    return {
        "title": f"linktrail{niche}",
        "description": "Today's plan is at /-/today; the canned queries below list everything found.",
        "databases": {name: {"queries": canned_queries(config)}},
        "plugins": {PLUGIN_NAME: {"db_path": str(Path(db_path).resolve()), "config_path": config_path,
                                  "database": name}},
    }


def register_plugin() -> None:
    """Register linktrail's hooks with Datasette's plugin manager (once per process)."""
    if not pm.is_registered(plugin):
        pm.register(plugin, name=PLUGIN_NAME)


def build_datasette(db_path: str, config: Config, config_path: str | None) -> Datasette:
    """A Datasette instance over ``db_path``, opened read-only (mode=ro); writes go through linktrail's code."""
    register_plugin()
    # files=: a mutable database, which Datasette reads through `file:...?mode=ro` connections and
    # never writes unless asked to (nothing here asks); `immutable` would cache what the Today page changes.
    return Datasette(files=[str(db_path)], metadata=metadata(db_path, config, config_path),
                     settings={"default_allow_sql": True})


def _open_when_listening(url: str, host: str, port: int) -> None:
    """Open the browser once the server accepts connections (gives up after ~30 s)."""
    for _ in range(300):
        try:
            with socket.create_connection((host, port), timeout=0.1):
                break
        except OSError:
            threading.Event().wait(0.1)
    webbrowser.open(url)


def run(ds: Datasette, host: str, port: int, *, open_browser: bool = False) -> None:
    """Serve until interrupted (uvicorn, as `datasette serve` does)."""
    import uvicorn  # heavy: the ASGI server, loaded only by `linktrail serve`

    asyncio.run(ds.invoke_startup())
    if open_browser:
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}{TODAY_PATH}"
        threading.Thread(target=_open_when_listening, args=(url, host, port), daemon=True).start()
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
