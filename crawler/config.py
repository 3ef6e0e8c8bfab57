"""linktrail.toml loaded into frozen dataclasses; every setting carries its own help."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

DEFAULT_CONFIG_NAME = "linktrail.toml"
DEFAULT_CONTACT_URL = "https://github.com/linktrail/linktrail"


class ConfigError(ValueError):
    """linktrail.toml cannot be used; the message names the file, and the line or key."""


def setting(default: Any, help: str) -> Any:  # noqa: A002 - the datasette name
    """A config field with a default and a help text (shown by `linktrail init`)."""
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class NicheConfig:
    """What the user's blog is about."""

    name: str = setting("", "A name for the niche, shown in reports.")
    keywords: tuple[str, ...] = setting((), "Words and phrases of the niche; 'word:2' doubles a weight.")
    negative: tuple[str, ...] = setting((), "Words that mark a page as off-niche.")
    threshold: float = setting(0.25, "Relevance in [0, 1] below which a page is off-niche.")


@dataclass(frozen=True)
class YouConfig:
    """The user's own site, for backlinks and the publishing cadence."""

    site: str = setting("", "Your site's home URL (links pointing here are your backlinks).")
    feed: str = setting("", "Your blog's RSS/Atom feed, for the 'publish a post' task.")
    contact_url: str = setting(DEFAULT_CONTACT_URL, "A URL site owners can visit to learn about the crawler (in the user agent).")


@dataclass(frozen=True)
class SeedsConfig:
    """Where discovery starts."""

    urls: tuple[str, ...] = setting((), "Seed URLs: blogs, feeds, sitemaps, OPML blogrolls.")
    files: tuple[str, ...] = setting((), "Files with one seed URL per line (# comments allowed).")


@dataclass(frozen=True)
class CrawlConfig:
    """How much to crawl, and how politely."""

    max_pages: int = setting(2000, "Pages per crawl run, all sites together.")
    max_pages_per_site: int = setting(40, "Pages per site per run.")
    max_depth: int = setting(4, "Link hops from a seed.")
    max_new_sites: int = setting(500, "New sites a run may discover.")
    time_budget_minutes: float = setting(60.0, "A crawl stops itself after this many minutes.")
    download_delay: float = setting(2.0, "Seconds between two requests to the same site.")
    concurrent_requests: int = setting(16, "Requests in flight across all sites.")
    recheck_days: int = setting(7, "Opportunity pages are fetched again after this many days.")
    revisit_days: int = setting(30, "Other pages are fetched again after this many days.")
    obey_robots: bool = setting(True, "Obey robots.txt (discovery always does).")
    loopback_only: bool = setting(False, "Refuse any request outside 127.0.0.0/8 (demo and tests).")


@dataclass(frozen=True)
class PlanConfig:
    """The plan of the day."""

    comments: int = setting(5, "Comment targets per day.")
    comment_minutes: int = setting(10, "Minutes per comment.")
    guest_posts: int = setting(1, "Guest-post pitches per day.")
    guest_post_minutes: int = setting(30, "Minutes per guest-post pitch.")
    posts_per_week: int = setting(2, "Posts to publish on your own blog each week.")
    post_minutes: int = setting(90, "Minutes to write one post of your own.")
    budget_minutes: int = setting(180, "Time budget of one day's plan, all tasks together.")
    cooldown_days: int = setting(30, "Days before the same domain is planned again after any outreach.")
    formats: tuple[str, ...] = setting(("md", "html"), "Formats `linktrail nightly` writes the plan in.")
    plans_dir: str = setting("plans", "Where `linktrail nightly` writes dated plans.")


@dataclass(frozen=True)
class Config:
    """The whole of linktrail.toml."""

    niche: NicheConfig = field(default_factory=NicheConfig)
    you: YouConfig = field(default_factory=YouConfig)
    seeds: SeedsConfig = field(default_factory=SeedsConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    plan: PlanConfig = field(default_factory=PlanConfig)
    database: str = setting("linktrail.db", "The SQLite file.")
    source: str | None = None  # the file this came from, None for built-in defaults

    def replace(self, **changes: Any) -> Config:
        """A copy with some top-level fields changed."""
        return dataclasses.replace(self, **changes)


SECTIONS: dict[str, type] = {
    "niche": NicheConfig, "you": YouConfig, "seeds": SeedsConfig,
    "crawl": CrawlConfig, "plan": PlanConfig,
}


def _coerce(value: Any, hint: Any, where: str) -> Any:
    text = hint if isinstance(hint, str) else getattr(hint, "__name__", str(hint))
    if str(hint).startswith("tuple"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
        return tuple(value)
    if text == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if text == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{where}: expected a whole number >= 0, got {value!r}")
        return value
    if text == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"{where}: expected a number >= 0, got {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    return value


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    values = {}
    for key, value in data.items():
        if key not in names:
            known = ", ".join(sorted(names))
            raise ConfigError(f"{where}: unknown key {key!r} (known: {known})")
        values[key] = _coerce(value, hints[key], f"{where}.{key}")
    if "formats" in values:
        bad = [f for f in values["formats"] if f not in ("text", "md", "html", "csv", "json")]
        if bad:
            raise ConfigError(f"{where}.formats: unknown format {bad[0]!r} (text, md, html, csv, json)")
    return cls(**values)


def config_from_dict(data: dict[str, Any], source: str = "<config>") -> Config:
    """Validate a parsed TOML document into a Config."""
    parts: dict[str, Any] = {}
    for key, value in data.items():
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: [{key}] must be a table")
            parts[key] = _build(SECTIONS[key], value, f"{source}: {key}")
        elif key == "database":
            parts[key] = _coerce(value, "str", f"{source}: database")
        else:
            raise ConfigError(f"{source}: unknown section or key {key!r}")
    return Config(**parts, source=source)


def load_config(path: str | Path | None = None) -> Config:
    """Load linktrail.toml: the given path, else ./linktrail.toml if present, else defaults.

    Raises:
        ConfigError: the file is missing (when named), not TOML, or has a bad key or value.
    """
    if path is None:
        candidate = Path(DEFAULT_CONFIG_NAME)
        if not candidate.exists():
            return Config()
        path = candidate
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (write one with `linktrail init`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    config = config_from_dict(data, str(path))
    # Relative paths in the file are relative to the file.
    base = path.resolve().parent
    files = tuple(str((base / f).resolve()) for f in config.seeds.files)
    db = config.database if Path(config.database).is_absolute() else str(base / config.database)
    return dataclasses.replace(config, seeds=dataclasses.replace(config.seeds, files=files), database=db)


def iter_settings() -> list[tuple[str, str, Any, str]]:
    """(section, key, default, help) for every setting: for docs, init and tests."""
    rows = []
    for section, cls in SECTIONS.items():
        for f in dataclasses.fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
            rows.append((section, f.name, default, f.metadata.get("help", "")))
    return rows
