"""Ctrl-C outside the crawl's reactor, in the console script: one line saying where the command was, exit 130."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

# As the console script: argv[0] named linktrail, the package imported (its start-up handler installed), then the
# crawl's stage reached; the process signals itself and must not reach the print.
SCRIPT = """
import os, signal, sys
sys.argv[0] = "linktrail"
sys.argv[1:] = ["crawl", "http://127.0.0.1:9/"]
import linktrail.startup as startup
startup.install()
{stage}
print("not interrupted")
"""
CTRL_C = "os.kill(os.getpid(), signal.SIGINT)"


@pytest.mark.parametrize(("stage", "line"), [
    (CTRL_C, "crawl interrupted while starting: nothing was fetched; run the same command again"),
    (f"with startup.settling():\n    {CTRL_C}", "crawl interrupted after its pages were stored, while their scores "
                                               "were settled: the next crawl settles them"),
    (f"with startup.settling():\n    pass\n{CTRL_C}",  # the line of before, after the settle
     "crawl interrupted while starting: nothing was fetched; run the same command again"),
])
def test_ctrl_c_says_where_the_crawl_was(stage: str, line: str) -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(stage=stage)], capture_output=True, text=True,
                          timeout=60)
    assert (proc.returncode, proc.stderr, proc.stdout) == (130, line + "\n", "")


def test_a_command_that_released_ctrl_c_has_it_back_after_the_settle() -> None:
    """The demo crawls too: after its settle, Ctrl-C is Python's own again, not the settle's line."""
    stage = f"startup.release()\nwith startup.settling():\n    pass\n{CTRL_C}"
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(stage=stage)], capture_output=True, text=True,
                          timeout=60)
    assert (proc.returncode, proc.stderr.splitlines()[-1], proc.stdout) == (-signal.SIGINT, "KeyboardInterrupt", "")


def test_a_program_importing_linktrail_keeps_its_own_ctrl_c() -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT.replace('sys.argv[0] = "linktrail"', "").format(stage=CTRL_C)],
                          capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr.splitlines()[-1], proc.stdout) == (-signal.SIGINT, "KeyboardInterrupt", ""), proc.stderr
