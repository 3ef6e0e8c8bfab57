"""Seeds: URLs from the command line, seed files, OPML blogrolls and the config, validated at the edge."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from crawler.analysis.encoding import decode_text
from crawler.feeds import looks_like, opml_links
from crawler.urls import is_http_url

logger = logging.getLogger(__name__)

_COMMENT = re.compile(r"(?:^|\s)#")
# "mailto:", "javascript:" (but not "example.org:8080", a host and port)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)


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
    if "://" not in text and not _SCHEME.match(text) and "." in text.split("/")[0] and " " not in text:
        text = "http://" + text  # "example.com/blog" is a URL people type
    if not is_http_url(text) or " " in text:
        return None
    try:
        urlsplit(text).port  # noqa: B018 - raises on a bad port
    except ValueError:
        return None
    return text


def read_seed_lines(lines: Iterable[str], where: str) -> tuple[list[str], list[SeedProblem]]:
    """URLs from seed-file lines (blank lines and # comments skipped), and the lines that are not URLs."""
    urls: list[str] = []
    problems: list[SeedProblem] = []
    for n, raw in enumerate(lines, 1):
        # "# comment" lines and trailing " # comments"; a URL's own #fragment has no space before it.
        line = _COMMENT.split(raw.lstrip("\ufeff"), maxsplit=1)[0].strip()
        if not line or line.startswith("#"):
            continue
        url = check_seed(line)
        if url is None:
            problems.append(SeedProblem(f"{where}:{n}", line, "not an http(s) URL"))
        else:
            urls.append(url)
    return urls, problems


def split_seed_argument(value: str) -> tuple[list[str], list[str]]:
    """``-a seeds=URL[,URL...]`` or ``-a seeds=path/to/seeds.txt``: (URLs, seed files that exist)."""
    urls: list[str] = []
    files: list[str] = []
    for part in value.split(","):
        part = part.strip()
        if part and "://" not in part and Path(part).exists():
            files.append(part)
        elif part:
            urls.append(part)
    return urls, files


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
        got, bad = read_seed_file(Path(f))
        found.extend(got)
        problems.extend(bad)
    return list(dict.fromkeys(found)), problems


def read_seed_file(path: Path) -> tuple[list[str], list[SeedProblem]]:
    """Seeds from a file: an OPML blogroll (each outline's site, else feed) or one URL per line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [SeedProblem(str(path), "", f"cannot read seeds file ({exc.strerror})")]
    if looks_like(data) == "opml":
        urls, problems = [], []
        for url, title in opml_links(data, path.resolve().as_uri()):
            checked = check_seed(url)
            if checked is None:
                problems.append(SeedProblem(str(path), url, f"outline {title!r} has no http(s) URL"))
            else:
                urls.append(checked)
        if not urls and not problems:
            problems.append(SeedProblem(str(path), "", "OPML file without outlines"))
        return urls, problems
    text = decode_text(data)
    return read_seed_lines(text.splitlines(), str(path))
