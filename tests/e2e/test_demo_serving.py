"""`linktrail demo --keep-serving --port-base N` as a user runs it: fixed ports, and Ctrl-C or SIGTERM stops it
cleanly (servers closed, no traceback, exit 0), waited on through what the process prints and its exit."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest

from linktrail.demo import SAMPLE_WEB
from tests.conftest import LINKTRAIL, NETGUARD_SITE, ROOT

pytestmark = pytest.mark.e2e

BLOGS = sum(1 for p in (SAMPLE_WEB / "sites").iterdir() if p.is_dir())


def free_run(count: int) -> int:
    """A base port whose ``count`` ports from it are free now (each bound and released).

    The search starts at a random place: two suites running at once on one machine would otherwise both find the
    first free run and race for it between this check and the demo binding it."""
    bases = list(range(21000, 60000, 97))
    start = random.randrange(len(bases))
    for base in bases[start:] + bases[:start]:
        socks: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no run of free ports")


def refused(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def start_serving(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], int, str]:
    """The demo serving on a free run of ports, and what it printed up to "Serving until".

    Another process may take a port between `free_run` and the demo binding it; the demo then refuses with exit 2
    and "Address already in use" (tested below), and this tries another run, at most three times."""
    for _ in range(3):
        base = free_run(BLOGS)
        proc = subprocess.Popen([*LINKTRAIL, "demo", "--db", "demo.db", "--keep-serving", "--port-base", str(base)],
                                cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL)
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:  # blocks until the demo says it serves (or exits)
            lines.append(line)
            if line.startswith("Serving until"):
                return proc, base, "".join(lines)
        rest, err = proc.communicate(timeout=60)
        if proc.returncode == 2 and "Address already in use" in err:
            continue
        raise AssertionError(f"the demo exited {proc.returncode} before serving:\n{''.join(lines)}{rest}{err}")
    raise AssertionError("three runs of free ports were taken before the demo could bind them")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_keep_serving_stops_cleanly_on_a_signal(tmp_path: Path, signum: int) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(NETGUARD_SITE), str(ROOT)]),
           "LINKTRAIL_NETGUARD_LOG": str(tmp_path / "netguard.log"), "COLUMNS": "200"}
    proc, base, out = start_serving(tmp_path, env)
    try:
        assert f"(ports {base}-{base + BLOGS - 1})" in out, out
        with urllib.request.urlopen(f"http://127.0.0.1:{base}/", timeout=10) as answer:
            assert answer.status == 200
        proc.send_signal(signum)
        rest, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Traceback" not in rest
    assert "Stopped serving the sample web." in rest
    assert all(refused(port) for port in range(base, base + BLOGS))


def test_port_base_out_of_range_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(NETGUARD_SITE), str(ROOT)]),
           "LINKTRAIL_NETGUARD_LOG": str(tmp_path / "netguard.log")}
    proc = subprocess.run([*LINKTRAIL, "demo", "--port-base", "65530"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert f"--port-base 65530: the sample web needs {BLOGS} ports" in proc.stderr
    base = free_run(BLOGS)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", base + 2))
        taken.listen()
        proc = subprocess.run([*LINKTRAIL, "demo", "--port-base", str(base)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"--port-base {base}: port {base + 2} on 127.0.0.1: Address already in use" in proc.stderr
