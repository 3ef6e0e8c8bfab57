"""The two ends click would give exit 1, the code of "found what you asked about": Ctrl-C in a command that
does not crawl, and a reader that closed the pipe. Each gets its own code and no traceback."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linktrail.cli import main
from tests.conftest import LINKTRAIL


def _wait_until_it_reads(pid: int) -> None:
    """Until the process sleeps reading the pipe (Linux: /proc/PID/wchan). A Ctrl-C that comes between its open()
    of the FIFO and that read is seen by Python only after the read returns, which it never does while we hold the
    FIFO open: CPython runs signal handlers between bytecodes, and a person would press Ctrl-C again; the test
    waits instead (it hung 1 run in 5 under load)."""
    wchan = Path(f"/proc/{pid}/wchan")
    deadline = time.monotonic() + 30
    while wchan.exists() and time.monotonic() < deadline:
        try:
            if "pipe_read" in wchan.read_text() or "pipe_wait" in wchan.read_text():
                return
        except OSError:
            return
        time.sleep(0.01)


def test_ctrl_c_in_a_command_that_does_not_crawl_is_one_line_and_130(tmp_path: Path) -> None:
    """`backlinks import` reads its CSV from a FIFO: once the command has opened it (our open for writing
    returns), it waits for rows; Ctrl-C then must end it with 130 and one line, not click's "Aborted!" and 1."""
    fifo = tmp_path / "links.csv"
    os.mkfifo(fifo)
    proc = subprocess.Popen([*LINKTRAIL, "--db", str(tmp_path / "l.db"), "backlinks", "import", str(fifo)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with open(fifo, "w") as writer:  # returns once the command opened the file to read it
            writer.write("source_url,target_url\n")
            writer.flush()
            _wait_until_it_reads(proc.pid)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (proc.returncode, out, err.strip()) == (
        130, "", "linktrail backlinks import interrupted (Ctrl-C): run the same command again")


def test_a_reader_that_closed_the_pipe_is_141_without_a_traceback(tmp_path: Path) -> None:
    """`linktrail report | head -0`: the read end is closed before the command writes its first line."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([*LINKTRAIL, "--db", str(tmp_path / "l.db"), "report"], cwd=tmp_path, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (141, "")


def test_the_same_command_with_its_reader_there_prints_and_exits_0(tmp_path: Path) -> None:
    """The other half of the case above: what `report` writes when its reader stays."""
    proc = subprocess.run([*LINKTRAIL, "--db", str(tmp_path / "l.db"), "report"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert (proc.returncode, proc.stdout.splitlines()[0]) == (
        0, "Nothing crawled yet: run `linktrail crawl URL` (or `linktrail demo`) first.")


def test_the_console_script_collects_once_and_freezes_on_its_way_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """main() ends every command with one collection and the collector frozen (the interpreter's shutdown then
    walks no object again); the command's exit code passes through unchanged."""
    monkeypatch.setattr(sys, "argv", ["linktrail", "no-such-command"])
    try:
        with pytest.raises(SystemExit) as ended:
            main()
        assert ended.value.code == 2 and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
