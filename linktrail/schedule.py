"""`linktrail schedule`: a crontab line or a systemd user timer that runs `linktrail nightly`.

Everything in the entry is an absolute path (the virtualenv's linktrail, the config, the database,
the log), because cron and systemd start it from another folder with a bare environment.
The crontab command is $LINKTRAIL_CRONTAB (default `crontab`) and systemctl is
$LINKTRAIL_SYSTEMCTL (default `systemctl`), so both can be pointed elsewhere.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

UNIT = "linktrail-nightly"
DEFAULT_AT = "03:30"
MARKER = "# linktrail nightly"  # the comment line above our crontab entry
_AT = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_SYSTEMD_PLAIN = re.compile(r"^[A-Za-z0-9_@%+=:,./-]+$")


class ScheduleError(Exception):
    """The entry cannot be made or installed; the message says why and what to do."""


@dataclass(frozen=True)
class Entry:
    """What the scheduled job runs, all paths absolute."""

    argv: tuple[str, ...]  # linktrail (or python -m linktrail.cli) and its arguments
    workdir: Path
    config: Path
    hour: int
    minute: int


def parse_at(value: str) -> tuple[int, int]:
    """HH:MM -> (hour, minute).

    Raises:
        ScheduleError: not a time of day like 03:30.
    """
    m = _AT.match(value.strip())
    if not m:
        raise ScheduleError(f"--at: {value!r} is not a time like 03:30 (24-hour HH:MM)")
    return int(m.group(1)), int(m.group(2))


def linktrail_command() -> list[str]:
    """The absolute command that runs this linktrail: the console script of this virtualenv."""
    argv0 = Path(sys.argv[0])
    if argv0.name == "linktrail" and argv0.exists():
        return [str(argv0.resolve())]
    # sys.executable is not resolved: in a virtualenv it is a symlink whose location matters.
    script = Path(os.path.abspath(sys.executable)).parent / "linktrail"
    if script.exists():
        return [str(script)]
    found = shutil.which("linktrail")
    if found:
        return [str(Path(found).resolve())]
    return [os.path.abspath(sys.executable), "-m", "linktrail.cli"]


def make_entry(config: str | None, db: str, log_file: Path, at: str) -> Entry:
    """The nightly command for this config, database and log.

    Raises:
        ScheduleError: no config file (a scheduled run would have no seeds), or a bad --at.
    """
    hour, minute = parse_at(at)
    if not config:
        raise ScheduleError(
            "no linktrail.toml here: write one with `linktrail init` or give --config; "
            "a scheduled run needs the config's seeds"
        )
    cfg = Path(config).resolve()
    argv = (*linktrail_command(), "--config", str(cfg), "--db", str(Path(db).resolve()),
            "nightly", "--log-file", str(log_file.resolve()))
    return Entry(argv=argv, workdir=cfg.parent, config=cfg, hour=hour, minute=minute)


# --- cron --------------------------------------------------------------------------------------


def cron_lines(entry: Entry) -> list[str]:
    """The marker comment and the crontab line (% escaped: cron reads it as a newline)."""
    command = f"cd {shlex.quote(str(entry.workdir))} && " + " ".join(shlex.quote(a) for a in entry.argv)
    return [f"{MARKER} ({entry.config})", f"{entry.minute} {entry.hour} * * * {command.replace('%', chr(92) + '%')}"]


def crontab_command() -> list[str]:
    """$LINKTRAIL_CRONTAB split like a shell would, else `crontab`; must exist."""
    argv = shlex.split(os.environ.get("LINKTRAIL_CRONTAB") or "crontab")
    if not argv or shutil.which(argv[0]) is None:
        raise ScheduleError(
            f"{argv[0] if argv else 'crontab'}: not found; install cron (Debian: apt-get install cron) "
            "or use --systemd"
        )
    return argv


def read_crontab(argv: list[str]) -> list[str]:
    """The current user's crontab lines (none when the user has no crontab yet)."""
    proc = subprocess.run([*argv, "-l"], check=False, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        if "no crontab" in proc.stderr.lower():
            return []
        raise ScheduleError(f"`{' '.join(argv)} -l` failed: {proc.stderr.strip() or f'exit {proc.returncode}'}")
    return proc.stdout.splitlines()


def without_entry(lines: list[str], config: Path) -> list[str]:
    """The crontab without our marker for this config and the line after it."""
    out, skip = [], False
    for line in lines:
        if skip:
            skip = False
            continue
        if line.strip() == f"{MARKER} ({config})":
            skip = True
            continue
        out.append(line)
    return out


def write_crontab(argv: list[str], lines: list[str]) -> None:
    text = "\n".join(lines) + "\n" if lines else ""
    proc = subprocess.run([*argv, "-"], check=False, input=text, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ScheduleError(f"`{' '.join(argv)} -` failed: {proc.stderr.strip() or f'exit {proc.returncode}'}")


def install_cron(entry: Entry) -> str:
    """Add (or replace) this config's line in the user's crontab; say what was done."""
    argv = crontab_command()
    lines = without_entry(read_crontab(argv), entry.config)
    write_crontab(argv, lines + cron_lines(entry))
    return f"installed in the crontab: runs daily at {entry.hour:02d}:{entry.minute:02d}"


def uninstall_cron(config: Path) -> str:
    """Remove this config's line from the user's crontab."""
    argv = crontab_command()
    before = read_crontab(argv)
    after = without_entry(before, config)
    if after == before:
        return "nothing to remove: no linktrail nightly line for this config in the crontab"
    write_crontab(argv, after)
    return "removed the linktrail nightly line from the crontab"


# --- systemd -----------------------------------------------------------------------------------


def systemd_quote(arg: str) -> str:
    """One ExecStart word: plain if safe, else double-quoted with C escapes; % doubled (specifiers)."""
    arg = arg.replace("%", "%%")
    if _SYSTEMD_PLAIN.match(arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unit_dir() -> Path:
    """$XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user (HOME decides ~)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path(os.environ.get("HOME") or Path.home()) / ".config")
    return Path(base) / "systemd" / "user"


def systemd_units(entry: Entry) -> dict[str, str]:
    """The service and timer files' names and text."""
    service = f"""[Unit]
Description=linktrail nightly: crawl, backlink checks and the day's plan
Documentation=https://github.com/linktrail/linktrail

[Service]
Type=oneshot
WorkingDirectory={systemd_quote(str(entry.workdir))}
ExecStart={' '.join(systemd_quote(a) for a in entry.argv)}
# Exit codes: 0 ok, 1 lost backlinks (with fail_on_lost), 2 config or input error,
# 3 another run holds the lock, 4 a step failed. Details in the --log-file.
Nice=10
IOSchedulingClass=idle
"""
    timer = f"""[Unit]
Description=Run linktrail nightly every day at {entry.hour:02d}:{entry.minute:02d}

[Timer]
OnCalendar=*-*-* {entry.hour:02d}:{entry.minute:02d}:00
Persistent=true
Unit={UNIT}.service

[Install]
WantedBy=timers.target
"""
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def _systemctl(*args: str) -> str | None:
    """Run `systemctl --user ARGS`; None if it worked, else why not."""
    argv = shlex.split(os.environ.get("LINKTRAIL_SYSTEMCTL") or "systemctl")
    if not argv or shutil.which(argv[0]) is None:
        return f"{argv[0] if argv else 'systemctl'} not found"
    proc = subprocess.run([*argv, "--user", *args], check=False, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        return proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"
    return None


def install_systemd(entry: Entry) -> list[str]:
    """Write the units, reload and enable the timer; lines saying what was done (or what to run)."""
    folder = unit_dir()
    folder.mkdir(parents=True, exist_ok=True)
    said = []
    for name, text in systemd_units(entry).items():
        (folder / name).write_text(text, encoding="utf-8")
        said.append(f"wrote {folder / name}")
    problem = _systemctl("daemon-reload") or _systemctl("enable", "--now", f"{UNIT}.timer")
    if problem:
        said.append(f"could not enable the timer ({problem}); run: systemctl --user daemon-reload && "
                    f"systemctl --user enable --now {UNIT}.timer")
    else:
        said.append(f"enabled {UNIT}.timer: runs daily at {entry.hour:02d}:{entry.minute:02d}")
    return said


def uninstall_systemd() -> list[str]:
    """Disable the timer and remove the units."""
    folder = unit_dir()
    files = [folder / f"{UNIT}.timer", folder / f"{UNIT}.service"]
    if not any(f.exists() for f in files):
        return [f"nothing to remove: no {UNIT} units in {folder}"]
    said = []
    problem = _systemctl("disable", "--now", f"{UNIT}.timer")
    if problem:
        said.append(f"could not disable the timer ({problem}); run: systemctl --user disable --now {UNIT}.timer")
    for f in files:
        if f.exists():
            f.unlink()
            said.append(f"removed {f}")
    _systemctl("daemon-reload")
    return said
