"""`linktrail init`: write a linktrail.toml that documents itself, from answers or flags."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from crawler.config import DEFAULT_CONTACT_URL, SECTIONS, Config, ConfigError, iter_settings
from crawler.configload import config_from_dict
from crawler.urls import is_http_url

HEADER = """\
# linktrail.toml: what linktrail crawls for, and how much of your day it plans.
# Written by `linktrail init`; every setting below has its default unless you gave another.
# Edit freely: paths are relative to this file. Check it with `linktrail report --dry-run`.
"""


class InitError(ValueError):
    """A bad answer or flag, or a file that would be overwritten; the message says which."""


@dataclass(frozen=True)
class Answers:
    """What the user told `linktrail init` (empty means: keep the default)."""

    niche: str = ""
    keywords: tuple[str, ...] = ()
    seeds: tuple[str, ...] = ()
    site: str = ""
    feed: str = ""
    contact_url: str = ""
    comments: int | None = None
    guest_posts: int | None = None
    budget_minutes: int | None = None
    max_pages: int | None = None
    max_pages_per_site: int | None = None
    database: str = ""

    def values(self) -> dict[tuple[str, str], Any]:
        """(section, key) -> value for every answer given."""
        out: dict[tuple[str, str], Any] = {}
        pairs: list[tuple[str, str, Any]] = [
            ("niche", "name", self.niche), ("niche", "keywords", self.keywords), ("seeds", "urls", self.seeds),
            ("you", "site", self.site), ("you", "feed", self.feed),
            ("you", "contact_url", self.contact_url or self.site),
            ("plan", "comments", self.comments), ("plan", "guest_posts", self.guest_posts),
            ("plan", "budget_minutes", self.budget_minutes), ("crawl", "max_pages", self.max_pages),
            ("crawl", "max_pages_per_site", self.max_pages_per_site),
        ]
        for section, key, value in pairs:
            if value not in (None, "", ()):
                out[(section, key)] = value
        return out


def split_list(text: str) -> tuple[str, ...]:
    """'a, b c,' -> ('a', 'b c'): commas separate items, since a keyword may hold spaces."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def check_url(value: str, what: str) -> str:
    """An http(s) URL with a host, stripped; '' stays ''.

    Raises:
        InitError: anything else.
    """
    value = value.strip()
    if not value:
        return ""
    if not is_http_url(value):
        raise InitError(f"{what}: {value!r} is not an http(s) URL like https://example.com/")
    return value


def check_seeds(values: Iterable[str]) -> tuple[str, ...]:
    """Seed URLs, split on commas and spaces, each checked."""
    out: list[str] = []
    for value in values:
        for part in value.replace(",", " ").split():
            out.append(check_url(part, "seed"))
    return tuple(out)


# The number flags of `linktrail init` and the settings they write.
NUMBER_FLAGS: dict[str, tuple[str, str]] = {
    "--comments": ("plan", "comments"), "--guest-posts": ("plan", "guest_posts"),
    "--minutes": ("plan", "budget_minutes"), "--max-pages": ("crawl", "max_pages"),
    "--max-pages-per-site": ("crawl", "max_pages_per_site"),
}


def check_number(flag: str, value: int | None) -> int | None:
    """A number flag's value, checked by the config loader's own rules for its setting (None: not given).

    Raises:
        InitError: out of the setting's range, e.g. "--comments: plan.comments: expected a whole number >= 0, got -1".
    """
    if value is None:
        return None
    section, key = NUMBER_FLAGS[flag]
    try:
        config_from_dict({section: {key: value}}, flag)
    except ConfigError as exc:
        raise InitError(str(exc)) from None
    return value


def toml_value(value: Any) -> str:
    """A TOML literal for a setting's value (strings, numbers, booleans, lists of strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        items = [toml_value(v) for v in value]
        one_line = "[" + ", ".join(items) + "]"
        if len(one_line) <= 80:
            return one_line
        return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
    # JSON strings are TOML basic strings (the same escapes).
    return json.dumps(str(value), ensure_ascii=False)


def _comment(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()] or ["#"]


def render_config(answers: Answers) -> str:
    """The whole commented file: each setting's help text above it, the user's values filled in."""
    given = answers.values()
    lines = [HEADER]
    database_help = next(f.metadata.get("help", "") for f in dataclasses.fields(Config) if f.name == "database")
    lines += _comment(database_help)
    lines.append(f"database = {toml_value(answers.database or Config().database)}")
    current = ""
    for section, key, default, help_text in iter_settings():
        if section != current:
            current = section
            doc = (SECTIONS[section].__doc__ or "").strip()
            lines += ["", f"[{section}]"] + (_comment(doc) if doc else [])
        value = given.get((section, key), default)
        lines += _comment(help_text)
        lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def write_config(path: Path, answers: Answers, *, force: bool = False) -> Path:
    """Write the file (atomically); refuse to replace one that exists unless ``force``.

    Raises:
        InitError: the file exists and ``force`` is false, or it cannot be written.
    """
    if path.exists() and not force:
        raise InitError(f"{path}: already exists; give --force to overwrite it, or --config OTHER.toml")
    if path.is_dir():
        raise InitError(f"{path}: is a folder; give a file name with --config")
    text = render_config(answers)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InitError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path


def ask(prompt: Callable[..., Any]) -> Answers:
    """The questions a person answers on a terminal; ``prompt`` is click.prompt."""

    def url(what: str) -> Callable[[str], str]:
        def proc(value: str) -> str:
            try:
                return check_url(value, what)
            except InitError as exc:
                raise click.UsageError(str(exc)) from None

        return proc

    def seeds(value: str) -> tuple[str, ...]:
        try:
            found = check_seeds([value])
        except InitError as exc:
            raise click.UsageError(str(exc)) from None
        if not found:
            raise click.UsageError("give at least one seed URL: a blog in your niche, its feed or a blogroll")
        return found

    niche = prompt("Your niche, in a few words (e.g. sourdough baking)", default="", show_default=False)
    keywords = prompt("Keywords of the niche, comma-separated (word:2 doubles a weight)",
                      default=niche, show_default=False, value_proc=split_list)
    seed_urls = prompt("Seed URLs to start from: blogs, feeds or blogrolls (space or comma separated)",
                       value_proc=seeds)
    site = prompt("Your site's home URL (empty if none)", default="", show_default=False, value_proc=url("site"))
    feed = prompt("Your blog's RSS/Atom feed (empty if none)", default="", show_default=False, value_proc=url("feed"))
    contact = prompt("A URL site owners can read about your crawler at (goes in the user agent)",
                     default=site or DEFAULT_CONTACT_URL, value_proc=url("contact URL"))
    comments = prompt("Comments to plan per day", default=5, type=int)
    pitches = prompt("Guest-post pitches per day", default=1, type=int)
    budget = prompt("Minutes per day for all of it", default=180, type=int)
    return Answers(
        niche=niche.strip(), keywords=split_list(keywords) if isinstance(keywords, str) else tuple(keywords),
        seeds=tuple(seed_urls) if not isinstance(seed_urls, str) else check_seeds([seed_urls]),
        site=site, feed=feed, contact_url=contact,
        comments=max(comments, 0), guest_posts=max(pitches, 0), budget_minutes=max(budget, 0),
    )
