"""`linktrail schedule`: the crontab line and systemd units it prints and installs, with absolute paths."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from linktrail.schedule import Entry, ScheduleError, cron_lines, parse_at, systemd_quote, systemd_units
from tests.conftest import Runner, write_config

# A stand-in crontab: a real program behind a real process boundary, keeping "the" crontab in a file.
FAKE_CRONTAB = """#!/bin/sh
store="$(dirname "$0")/crontab.txt"
case "$1" in
  -l) if [ -f "$store" ]; then cat "$store"; else echo "no crontab for $(id -un)" >&2; exit 1; fi ;;
  -) cat > "$store" ;;
  *) echo "usage" >&2; exit 2 ;;
esac
"""
# A stand-in systemctl that records its arguments.
FAKE_SYSTEMCTL = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/systemctl.log"
"""


def _script(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o755)
    return path


@pytest.fixture
def project(linktrail: Runner) -> Runner:
    write_config(linktrail.cwd / "linktrail.toml", seeds={"urls": ["http://127.0.0.1:9/"]})
    return linktrail


def test_parse_at() -> None:
    assert parse_at("03:30") == (3, 30)
    assert parse_at("4:05") == (4, 5)
    for bad in ("24:00", "3.30", "03:60", "noon", ""):
        with pytest.raises(ScheduleError, match="--at"):
            parse_at(bad)


def test_cron_line_quotes_and_escapes_percent() -> None:
    entry = Entry(argv=("/v env/bin/linktrail", "--config", "/a/100%/linktrail.toml"), workdir=Path("/a/100%"),
                  config=Path("/a/100%/linktrail.toml"), hour=4, minute=5)
    marker, line = cron_lines(entry)
    assert marker == "# linktrail nightly (/a/100%/linktrail.toml)"
    # cron turns an unescaped % into a newline and drops the backslash of \%.
    assert line == "5 4 * * * cd /a/100\\% && '/v env/bin/linktrail' --config /a/100\\%/linktrail.toml"
    assert "%" not in line.replace("\\%", "")


def test_systemd_quoting() -> None:
    assert systemd_quote("/usr/bin/linktrail") == "/usr/bin/linktrail"
    assert systemd_quote("/my dir/x") == '"/my dir/x"'
    assert systemd_quote("/a/50%") == "/a/50%%"
    assert systemd_quote('a"b\\c') == '"a\\"b\\\\c"'


def test_printed_cron_line_runs_this_linktrail_with_absolute_paths(project: Runner) -> None:
    out = project("schedule", "--cron", "--at", "04:15").stdout.splitlines()
    cwd = project.cwd.resolve()
    assert out[0] == f"# linktrail nightly ({cwd / 'linktrail.toml'})"
    fields = out[1].split(" ", 5)
    assert fields[:5] == ["15", "4", "*", "*", "*"]
    words = shlex.split(fields[5])
    assert words[:3] == ["cd", str(cwd), "&&"]
    argv = words[3:]
    exe = Path(argv[0])
    assert exe.is_absolute() and os.access(exe, os.X_OK)
    assert argv[1:] == ["--config", str(cwd / "linktrail.toml"), "--db", str(cwd / "linktrail.db"),
                        "nightly", "--log-file", str(cwd / "linktrail.log")]
    # The command it names is a working linktrail.
    assert subprocess.run([*argv[:1], "nightly", "--help"], check=False, capture_output=True).returncode == 0


def test_cron_install_pipes_exactly_the_printed_line_and_uninstall_removes_it(project: Runner, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    crontab = _script(bin_dir / "crontab", FAKE_CRONTAB)
    store = bin_dir / "crontab.txt"
    env = {"LINKTRAIL_CRONTAB": str(crontab)}
    printed = project("schedule", "--cron", "--at", "02:00").stdout
    project("schedule", "--cron", "--at", "02:00", "--install", env=env)
    assert store.read_text() == printed  # no crontab before: exactly our two lines
    store.write_text("MAILTO=me@example.com\n" + store.read_text() + "0 * * * * other-job\n")
    project("schedule", "--cron", "--at", "05:45", "--install", env=env)  # replaces, never duplicates
    lines = store.read_text().splitlines()
    assert lines[0] == "MAILTO=me@example.com" and "0 * * * * other-job" in lines
    assert sum(1 for line in lines if "nightly --log-file" in line) == 1
    assert any(line.startswith("45 5 * * * ") for line in lines)
    project("schedule", "--cron", "--uninstall", env=env)
    assert store.read_text().splitlines() == ["MAILTO=me@example.com", "0 * * * * other-job"]


def test_cron_without_a_crontab_binary_is_a_clear_error(project: Runner, tmp_path: Path) -> None:
    proc = project("schedule", "--cron", "--install", check=False,
                   env={"LINKTRAIL_CRONTAB": str(tmp_path / "no-such-crontab")})
    assert proc.returncode == 2
    assert "not found" in proc.stderr and "--systemd" in proc.stderr


@pytest.mark.parametrize("args", [["--cron", "--at", "25:00"], ["--at", "03:00"]])
def test_bad_usage_exits_2(project: Runner, args: list[str]) -> None:
    proc = project("schedule", *args, check=False)
    assert proc.returncode == 2 and proc.stderr.strip()


def test_no_config_file_exits_2(linktrail: Runner) -> None:
    proc = linktrail("schedule", "--cron", check=False)
    assert proc.returncode == 2 and "linktrail init" in proc.stderr


def test_systemd_units(project: Runner) -> None:
    entry = Entry(argv=("/venv/bin/linktrail", "--config", "/p/linktrail.toml", "nightly"), workdir=Path("/p"),
                  config=Path("/p/linktrail.toml"), hour=3, minute=7)
    units = systemd_units(entry)
    service, timer = units["linktrail-nightly.service"], units["linktrail-nightly.timer"]
    assert "Type=oneshot" in service and "WorkingDirectory=/p" in service
    assert "ExecStart=/venv/bin/linktrail --config /p/linktrail.toml nightly" in service
    assert "OnCalendar=*-*-* 03:07:00" in timer and "Persistent=true" in timer
    assert "WantedBy=timers.target" in timer


def test_systemd_install_into_xdg_config_home_and_uninstall(project: Runner, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    systemctl = _script(bin_dir / "systemctl", FAKE_SYSTEMCTL)
    xdg = tmp_path / "xdg"
    env = {"XDG_CONFIG_HOME": str(xdg), "LINKTRAIL_SYSTEMCTL": str(systemctl)}
    out = project("schedule", "--systemd", "--at", "01:20", "--install", env=env).stdout
    units = xdg / "systemd" / "user"
    service, timer = units / "linktrail-nightly.service", units / "linktrail-nightly.timer"
    assert service.exists() and timer.exists() and "enabled" in out
    exec_start = next(line for line in service.read_text().splitlines() if line.startswith("ExecStart="))
    argv = exec_start.removeprefix("ExecStart=").split()
    assert Path(argv[0]).is_absolute() and os.access(argv[0], os.X_OK)
    assert str(project.cwd.resolve() / "linktrail.toml") in argv and "nightly" in argv
    assert "OnCalendar=*-*-* 01:20:00" in timer.read_text()
    calls = (bin_dir / "systemctl.log").read_text().splitlines()
    assert calls == ["--user daemon-reload", "--user enable --now linktrail-nightly.timer"]
    project("schedule", "--systemd", "--uninstall", env=env)
    assert not service.exists() and not timer.exists()
    assert "--user disable --now linktrail-nightly.timer" in (bin_dir / "systemctl.log").read_text()


def test_systemd_units_go_under_home_without_xdg_config_home(project: Runner, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": "", "LINKTRAIL_SYSTEMCTL": str(tmp_path / "no-systemctl")}
    out = project("schedule", "--systemd", "--install", env=env).stdout
    assert (home / ".config" / "systemd" / "user" / "linktrail-nightly.timer").exists()
    assert "systemctl --user enable --now linktrail-nightly.timer" in out  # what to run by hand


def test_units_pass_systemd_analyze_verify(project: Runner, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here (Debian: apt-get install systemd)")
    xdg = tmp_path / "xdg"
    project("schedule", "--systemd", "--install",
            env={"XDG_CONFIG_HOME": str(xdg), "LINKTRAIL_SYSTEMCTL": str(tmp_path / "no-systemctl")})
    units = xdg / "systemd" / "user"
    proc = subprocess.run([analyze, "verify", str(units / "linktrail-nightly.service"),
                           str(units / "linktrail-nightly.timer")], check=False, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "linktrail-nightly" not in proc.stderr, proc.stderr  # no warnings about our files either
