"""Seeds: URLs from the command line, seed files and the config, validated at the edge."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeedProblem:
    """A seed that cannot be used: where it came from and why."""

    where: str
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}: {self.text!r}"


def check_seed(text: str) -> str | None:
    """The seed as an absolute http(s) URL, or None when it is not one."""
    text = text.strip()
    if "://" not in text and "." in text.split("/")[0] and " " not in text:
        text = "http://" + text  # "example.com/blog" is a URL people type
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        return None
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return None
    return text


def read_seed_lines(lines: Iterable[str], where: str) -> tuple[list[str], list[SeedProblem]]:
    """URLs from seed-file lines (blank lines and # comments skipped), and the lines that are not URLs."""
    urls: list[str] = []
    problems: list[SeedProblem] = []
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("http") else raw.strip()
        if not line or line.startswith("#"):
            continue
        url = check_seed(line)
        if url is None:
            problems.append(SeedProblem(f"{where}:{n}", line, "not an http(s) URL"))
        else:
            urls.append(url)
    return urls, problems


def collect_seeds(
    urls: Iterable[str] = (), files: Iterable[str | Path] = ()
) -> tuple[list[str], list[SeedProblem]]:
    """All seeds from arguments and files, deduplicated in order, and the problems found."""
    found: list[str] = []
    problems: list[SeedProblem] = []
    for i, text in enumerate(urls, 1):
        url = check_seed(text)
        if url is None:
            problems.append(SeedProblem(f"seed #{i}", text, "not an http(s) URL"))
        else:
            found.append(url)
    for f in files:
        path = Path(f)
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            problems.append(SeedProblem(str(path), "", f"cannot read seeds file ({exc.strerror})"))
            continue
        got, bad = read_seed_lines(lines, str(path))
        found.extend(got)
        problems.extend(bad)
    return list(dict.fromkeys(found)), problems
