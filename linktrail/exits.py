"""The exit codes of every `linktrail` command, in one place (README: "Exit codes")."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FOUND = 1  # the job ran and found what the caller asked to hear about (e.g. --fail-on-lost)
EXIT_USAGE = 2  # bad usage, input or configuration
EXIT_LOCKED = 3  # another nightly holds the lock
EXIT_UNFINISHED = 4  # a crawl or a nightly step did not finish (or fetched nothing)
EXIT_INTERRUPTED = 130  # Ctrl-C / SIGTERM, as shells report it
EXIT_PIPE_CLOSED = 141  # the reader of the output went away (`| head`), as shells report a SIGPIPE death


def exit_code_of(returncode: int) -> int:
    """A child's exit status as a shell would show it (killed by signal N: 128 + N)."""
    return 128 - returncode if returncode < 0 else returncode
