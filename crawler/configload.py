"""Reading linktrail.toml into the config types: each value checked against its setting's type and
bounds, every error naming the file, the line and the key."""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from crawler.config import (
    DEFAULT_CONFIG_NAME,
    SECTIONS,
    TOP_LEVEL,
    Bounds,
    Config,
    ConfigError,
)
from crawler.weights import WEIGHTS


class _Reader:
    """Validates one document, and makes errors that name the file and the line of the key they are about."""

    def __init__(self, path: str, lines: Mapping[str, int]) -> None:
        self.path = path
        self.lines = lines

    def error(self, message: str, section: str | None = None, key: str | None = None, *,
              at: str | None = None) -> ConfigError:
        """An error labelled ``section.key``, at the line of the TOML key ``at`` (default: the label)."""
        name = at or ".".join(part for part in (section, key) if part)
        line = None
        while name and line is None:  # a key without a line of its own: its table's line
            line = self.lines.get(name)
            name = name.rpartition(".")[0]
        return ConfigError(message, path=self.path, line=line, section=section, key=key)

    def value(self, value: Any, hint: Any, spec: dataclasses.Field[Any] | None, section: str | None,
              key: str) -> Any:
        """``value`` as type ``hint`` (str, bool, int, float, tuple[str, ...]), within the field's range."""
        meta = spec.metadata if spec is not None else {}
        bounds: Bounds = meta.get("bounds") or Bounds()
        if get_origin(hint) is tuple:
            if isinstance(value, str):
                value = [value]
            item = get_args(hint)[0]
            if not isinstance(value, list) or not all(isinstance(v, item) for v in value):
                raise self.error(f"expected a list of {_PLURALS[item]}, got {value!r}", section, key)
            bad = [v for v in value if meta.get("choices") and v not in meta["choices"]]
            if bad:
                raise self.error(f"unknown {key.removesuffix('s')} {bad[0]!r} ({', '.join(meta['choices'])})",
                                 section, key)
            return tuple(value)
        if hint is bool:
            if not isinstance(value, bool):
                raise self.error(f"expected true or false, got {value!r}", section, key)
            if meta.get("choices") and str(value).lower() not in meta["choices"]:
                raise self.error(f"{str(value).lower()} is not allowed: {meta['help']}", section, key)
            return value
        if hint is int:
            if isinstance(value, bool) or not isinstance(value, int) or not bounds.holds(value):
                raise self.error(_expected("a whole number", bounds, value), section, key)
            return value
        if hint is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not bounds.holds(value):
                raise self.error(_expected("a number", bounds, value), section, key)
            return float(value)
        if hint is str:
            if not isinstance(value, str):
                raise self.error(f"expected a string, got {value!r}", section, key)
            return value
        raise TypeError(f"{section}.{key}: no reader for settings of type {hint!r}")

    def table(self, cls: type, data: dict[str, Any], section: str) -> Any:
        """One [section] into its dataclass; unknown keys refused."""
        hints = get_type_hints(cls)
        specs = {f.name: f for f in dataclasses.fields(cls)}
        values = {}
        for key, value in data.items():
            if key not in specs:
                raise self.error(f"unknown key {key!r} (known: {', '.join(sorted(specs))})", section,
                                 at=f"{section}.{key}")
            values[key] = self.value(value, hints[key], specs[key], section, key)
        return cls(**values)

    def weights(self, value: Any) -> dict[str, float]:
        """[weights]: opportunity rule names (crawler/weights.py WEIGHTS) to points, any sign but finite."""
        if not isinstance(value, dict):
            raise self.error("[weights] must be a table of rule = number", "weights")
        out: dict[str, float] = {}
        for name, points in value.items():
            if name not in WEIGHTS:
                raise self.error(f"unknown rule {name!r} (known: {', '.join(sorted(WEIGHTS))})", "weights",
                                 at=f"weights.{name}")
            if isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points):
                raise self.error(f"expected a number of points, got {points!r}", "weights", name)
            out[name] = float(points)
        return out

    def document(self, data: dict[str, Any]) -> Config:
        """The whole parsed file."""
        hints = get_type_hints(Config)
        specs = {f.name: f for f in dataclasses.fields(Config)}
        parts: dict[str, Any] = {}
        for key, value in data.items():
            if key in SECTIONS:
                if not isinstance(value, dict):
                    raise self.error(f"[{key}] must be a table", at=key)
                parts[key] = self.table(SECTIONS[key], value, key)
            elif key == "weights":
                parts[key] = self.weights(value)
            elif key in TOP_LEVEL:
                parts[key] = self.value(value, hints[key], specs[key], None, key)
            else:
                raise self.error(f"unknown section or key {key!r}", at=key)
        return Config(**parts, source=self.path)


_PLURALS: dict[Any, str] = {str: "strings"}


def _expected(what: str, bounds: Bounds, value: Any) -> str:
    return f"expected {what} {bounds}, got {value!r}" if str(bounds) else f"expected {what}, got {value!r}"


def config_from_dict(data: dict[str, Any], source: str = "<config>", lines: Mapping[str, int] | None = None) -> Config:
    """Validate a parsed TOML document into a Config; ``lines`` (from key_lines) puts lines in the errors.

    Raises:
        ConfigError: an unknown section or key, or a value of the wrong type or out of its range.
    """
    return _Reader(source, lines or {}).document(data)


_BARE = r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'"""
_DOTTED = rf"(?:{_BARE})(?:\s*\.\s*(?:{_BARE}))*"
_TABLE = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_BARE)


def key_lines(text: str) -> dict[str, int]:
    """Each dotted key of a TOML text (``plan``, ``plan.comments``, ``database``) to the 1-based line it is first on.

    tomllib keeps no lines, so the file's text is read once more, line by line: a ``[table]`` header
    sets the table, a ``key =`` line names a key in it. Tables and dotted keys also give their parents a line.
    """
    found: dict[str, int] = {}
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        header = _TABLE.match(line)
        assigned = None if header else _KEY.match(line)
        if header:
            table = [p.strip("\"'") for p in _PART.findall(header.group(1))]
            names = table
        elif assigned:
            names = table + [p.strip("\"'") for p in _PART.findall(assigned.group(1))]
        else:
            continue
        for end in range(1, len(names) + 1):
            found.setdefault(".".join(names[:end]), number)
    return found


_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")


def _toml_line(message: str) -> int | None:
    """The line in tomllib's own message: before Python 3.14 its exceptions carry no ``lineno``."""
    at = _TOML_AT.search(message)
    return int(at.group(1)) if at else None


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
        raise ConfigError("no such file (write one with `linktrail init`)", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = getattr(exc, "lineno", None) or _toml_line(str(exc))
        raise ConfigError(f"not valid TOML: {exc}", path=str(path), line=at) from None
    config = config_from_dict(data, str(path), key_lines(text))
    # Relative paths in the file are relative to the file.
    base = path.resolve().parent
    files = tuple(str((base / f).resolve()) for f in config.seeds.files)
    db = config.database if Path(config.database).is_absolute() else str(base / config.database)
    return dataclasses.replace(config, seeds=dataclasses.replace(config.seeds, files=files), database=db)
