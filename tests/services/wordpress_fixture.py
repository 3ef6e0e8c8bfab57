"""pytest fixture: a real WordPress on loopback (Debian 12's package), run by tests/services/wordpress.sh.

Wire it in with, e.g., ``pytest_plugins = ["tests.services.wordpress_fixture"]`` in the root
conftest.py, or ``from tests.services.wordpress_fixture import wordpress  # noqa: F401``.

The session-scoped ``wordpress`` fixture returns the parsed env.json::

    {"sites": [{"base": "http://127.0.0.1:8089", "theme": "twentytwentythree", ...}, ...],
     "pages": [{"url": ..., "theme": ..., "case": ..., "expected": {...}, "note": ...}, ...]}

* services already up (``wordpress.sh status`` exits 0 and the first site answers): use them;
* packages installed but not running: run ``wordpress.sh start`` (a few seconds; ~6 s from an
  empty state dir) and stop the services again at the end of the session, unless
  LINKTRAIL_WP_KEEP=1 (then they stay up for the next run);
* packages absent: ``pytest.skip``.

LINKTRAIL_WP_DIR and LINKTRAIL_WP_PORT are passed through to the script.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent / "wordpress.sh"
SKIP_REASON = "WordPress not installed: run tests/services/wordpress.sh install start"
START_TIMEOUT = 300  # seconds; a start from scratch takes ~6 s, a cold disk may be slower


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _answers(base: str) -> bool:
    """True when the site's front page answers 200 (direct connection, no proxy)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(base + "/", timeout=10) as resp:
            return resp.status == 200
    except OSError:
        return False


def _load(path: str) -> dict[str, Any]:
    return json.loads(Path(path).read_text())


@pytest.fixture(scope="session")
def wordpress() -> Iterator[dict[str, Any]]:
    """The parsed env.json of the running loopback WordPress sites (see module docstring)."""
    status = _run("status")
    if "packages: installed" not in status.stdout:
        pytest.skip(SKIP_REASON)

    if status.returncode == 0:
        env_path = _run("env").stdout.strip()
        env = _load(env_path)
        if all(_answers(site["base"]) for site in env["sites"]):
            yield env
            return
        # pid files say up but a site does not answer: restart cleanly.
        _run("stop")

    started = _run("start", timeout=START_TIMEOUT)
    if started.returncode != 0:
        pytest.fail(
            f"tests/services/wordpress.sh start failed (exit {started.returncode}):\n"
            f"{started.stdout}\n{started.stderr}",
            pytrace=False,
        )
    env = _load(started.stdout.strip().splitlines()[-1])
    try:
        yield env
    finally:
        if os.environ.get("LINKTRAIL_WP_KEEP") != "1":
            _run("stop")
