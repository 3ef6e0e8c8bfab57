"""The frontier's journal in the job directory, and how a killed crawl's frontier is rebuilt from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from crawler.frontier import Frontier


class Journal:
    """The frontier's write-ahead log in the job directory: a crawl killed with SIGKILL resumes from it.

    One tab-separated line per event, appended and flushed to the OS after each callback (the
    OS keeps what a killed process wrote): ``S`` job start, ``A`` admitted (priority, site depth,
    kind, site, url, found_from), ``H`` handed out, ``D`` done (1 when a page item was stored),
    ``B`` site stopped by the circuit breaker. Scrapy's own JOBDIR is not used: its disk queues
    write their headers only on a clean close.
    """

    NAME = "frontier.log"

    def __init__(self, directory: str | Path) -> None:
        self.dir = Path(directory)
        self.path = self.dir / self.NAME
        self.started: str | None = None
        self._buffer: list[str] = []
        self._file: IO[str] | None = None

    def exists(self) -> bool:
        return self.path.exists() and self.path.stat().st_size > 0

    def open(self, started: str) -> None:
        """Open for appending; a new journal records ``started``."""
        self.dir.mkdir(parents=True, exist_ok=True)
        fresh = not self.exists()
        self._file = self.path.open("a", encoding="utf-8")
        if fresh:
            self.started = started
            self._file.write(f"S\t{started}\n")
            self._file.flush()

    def admitted(self, url: str, site: str, priority: int, site_depth: int, kind: str, found_from: str | None) -> None:
        self._buffer.append(f"A\t{priority}\t{site_depth}\t{kind}\t{site}\t{url}\t{found_from or ''}\n")

    def handed(self, url: str, site: str) -> None:
        self._buffer.append(f"H\t{site}\t{url}\n")

    def done(self, url: str, stored: bool, final: str | None = None) -> None:
        self._buffer.append(f"D\t{int(stored)}\t{url}\t{final or ''}\n")

    def broken(self, site: str) -> None:
        self._buffer.append(f"B\t{site}\n")

    def flush(self) -> None:
        if self._buffer and self._file is not None:
            self._file.write("".join(self._buffer))
            self._file.flush()
        self._buffer.clear()

    def close(self) -> None:
        self.flush()
        if self._file is not None:
            self._file.close()
            self._file = None

    def replay(self) -> Replay:
        """What an interrupted run left: admitted, handed and done URLs (a torn last line is ignored)."""
        out = Replay()
        with self.path.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                if not line.endswith("\n"):
                    break  # the write the kill interrupted
                parts = line[:-1].split("\t")
                tag = parts[0]
                try:
                    if tag == "A":
                        out.admitted[parts[5]] = (int(parts[1]), int(parts[2]), parts[3], parts[4], parts[6] or None)
                    elif tag == "H":
                        out.handed[parts[2]] = parts[1]
                    elif tag == "D":
                        out.done[parts[2]] = parts[1] == "1"
                        if len(parts) > 3 and parts[3]:
                            out.finals[parts[2]] = parts[3]
                    elif tag == "B":
                        out.broken.add(parts[1])
                    elif tag == "S":
                        out.started = parts[1]
                except (IndexError, ValueError):
                    out.bad_lines += 1
        self.started = out.started
        return out


@dataclass
class Replay:
    """The state an interrupted run of a job left in its journal."""

    started: str | None = None
    admitted: dict[str, tuple[int, int, str, str, str | None]] = field(default_factory=dict)
    handed: dict[str, str] = field(default_factory=dict)
    done: dict[str, bool] = field(default_factory=dict)
    finals: dict[str, str] = field(default_factory=dict)  # URL -> where it redirected
    broken: set[str] = field(default_factory=set)
    bad_lines: int = 0


@dataclass(frozen=True)
class Resumed:
    """What rebuilding a frontier from a journal did."""

    restored: int  # pages fetched, analysed and stored before the kill (what the page caps count)
    requeued: int  # pages handed out but not done: fetched again


def resume(frontier: Frontier, replay: Replay, stored: set[str]) -> Resumed:
    """Rebuild the frontier of an interrupted run from its journal's ``replay`` and the URLs it ``stored``."""
    restored = requeued = 0
    for url, site in replay.handed.items():
        done = replay.done.get(url)
        if done is not None and (not done or url in stored or replay.finals.get(url) in stored):
            frontier.restore(url, site, seed=replay.admitted.get(url, (0, 0, "", "", None))[2] == "seed", page=done)
            restored += done
    for site in replay.broken:
        frontier.drop_site(site)
    for url, (priority, depth, kind, site, found_from) in replay.admitted.items():
        if url not in frontier.seen:
            frontier.readmit(url, site, priority, depth, kind, found_from)
            requeued += url in replay.handed
    return Resumed(restored, requeued)
