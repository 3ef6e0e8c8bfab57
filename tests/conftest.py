"""Suite-wide fixtures: the loopback-only network guard, the sample web, and the CLI runner."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))
import days_ahead
import netguard_core

from tests.services.wordpress_fixture import wordpress  # noqa: F401 - a session fixture for every test

ROOT = Path(__file__).resolve().parent.parent
NETGUARD_SITE = Path(__file__).parent / "netguard"
_SCRIPT = Path(sys.executable).parent / "linktrail"
# The installed console script, as a user runs it; `python -m linktrail.cli` in a bare checkout.
LINKTRAIL = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "linktrail.cli"]

netguard_core.install()
days_ahead.install()

# A suite started in the background by a shell without job control (`nohup .ci/run &`, cron) inherits Ctrl-C
# ignored, and so would every command a test starts: the tests of what Ctrl-C does would see nothing happen.
# Python's own handler here means the children start with Ctrl-C as a terminal gives it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Hypothesis draws the same examples on every run and every machine (no example database, a derandomised
# seed), so a red build is reproducible; HYPOTHESIS_PROFILE=explore draws fresh ones when hunting for bugs.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _no_network_outside_loopback() -> Iterator[None]:
    """Fail any test during which this process tried to reach an address outside 127.0.0.0/8."""
    before = len(netguard_core.violations)
    yield
    new = netguard_core.violations[before:]
    if new:
        pytest.fail("\n".join(new))


@pytest.fixture(scope="session")
def sample_web() -> Iterator[Any]:
    """The bundled sample web, served on 127.0.0.1 for the whole session."""
    from linktrail.demo import SampleWeb

    with SampleWeb() as web:
        yield web


class Runner:
    """Run `linktrail` as a subprocess with the network guard, in a working directory."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.guard_log = cwd / "netguard.log"

    def __call__(self, *args: str, check: bool = True, timeout: float = 240, input: str | None = None,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(NETGUARD_SITE), str(ROOT)]),
            "LINKTRAIL_NETGUARD_LOG": str(self.guard_log),
            "COLUMNS": "200",
            **(env or {}),
        }
        proc = subprocess.run(
            [*LINKTRAIL, *args], cwd=self.cwd, env=full_env, capture_output=True, text=True,
            timeout=timeout, input=input, stdin=None if input is not None else subprocess.DEVNULL,
        )
        if self.guard_log.exists() and self.guard_log.read_text().strip():
            pytest.fail("linktrail tried to leave loopback:\n" + self.guard_log.read_text())
        if check and proc.returncode != 0:
            raise AssertionError(
                f"linktrail {' '.join(args)} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
            )
        return proc


@pytest.fixture
def linktrail(tmp_path: Path) -> Runner:
    """Run the linktrail command in a fresh directory."""
    return Runner(tmp_path)


def write_config(path: Path, **sections: dict[str, Any]) -> Path:
    """Write a linktrail.toml from nested dicts (strings, numbers, booleans and lists)."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(str(v))

    lines = []
    for name, body in sections.items():
        if not isinstance(body, dict):
            lines.append(f"{name} = {value(body)}")
    for name, body in sections.items():
        if isinstance(body, dict):
            lines.append(f"[{name}]")
            lines += [f"{k} = {value(v)}" for k, v in body.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count_tokenizing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From here on in a test, each text `crawler.niche.page_terms` tokenizes (it still does) is appended to the list
    returned: which pages a settle or rescore read again rather than took from a `TermsMemo`."""
    import crawler.niche

    tokenized: list[str] = []
    real = crawler.niche.page_terms

    def counted(text: str) -> tuple[str, ...]:
        tokenized.append(text)
        return real(text)

    monkeypatch.setattr(crawler.niche, "page_terms", counted)
    return tokenized
