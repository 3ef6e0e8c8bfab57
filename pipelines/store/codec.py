"""The JSON codec of the store's JSON columns: compact text out, frozen facts dataclasses back in."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, get_type_hints

import orjson

from crawler.analysis.facts import PageFacts


def compact_json(value: Any) -> str:
    """JSON without spaces, non-ASCII kept as is: how the store writes every JSON column.

    orjson writes the facts dataclasses as they are (no ``asdict`` copy first) and is ~3x faster
    than the json module on a page's facts (benchmarks/bench_store.py), with the same text. What
    it refuses (a lone surrogate, an integer past 64 bits, a key that is not a string) goes
    through the json module, as before.
    """
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=plain)


def _from_plain(cls: Any, data: Any) -> Any:
    """A frozen facts dataclass from its JSON form; keys it does not know are skipped, lists become tuples."""
    if not isinstance(data, dict):
        return cls()
    values: dict[str, Any] = {}
    for name, nested, inner in _plan(cls):
        if name not in data:
            continue
        value = data[name]
        if nested is not None:
            value = _from_plain(nested, value)
        elif isinstance(value, list):
            value = tuple([_from_plain(inner, v) for v in value] if inner is not None else value)
        values[name] = value
    return cls(**values)


# Per dataclass, once: each field's name, its type when that is a dataclass, and the item type of a tuple of
# dataclasses. Reading the fields and type hints of every object of every stored page cost more than the
# JSON itself (the end-of-crawl settle reads back every page's facts).
_PLANS: dict[Any, tuple[tuple[str, Any, Any], ...]] = {}


def _plan(cls: Any) -> tuple[tuple[str, Any, Any], ...]:
    plan = _PLANS.get(cls)
    if plan is None:
        hints = get_type_hints(cls)
        steps = []
        for f in dataclasses.fields(cls):
            hint = hints[f.name]
            inner = getattr(hint, "__args__", (None,))[0]
            steps.append((f.name, hint if dataclasses.is_dataclass(hint) else None,
                          inner if dataclasses.is_dataclass(inner) else None))
        plan = _PLANS[cls] = tuple(steps)
    return plan


def facts_from_json(text: str | None, url: str) -> PageFacts:
    """The PageFacts stored in a pages row's `facts` column (an empty PageFacts if it is missing or unreadable).

    orjson, 2-3x faster than the json module (the end-of-crawl settle reads back every page's facts); what it
    refuses (a lone surrogate's escape, NaN) through the json module, as `compact_json` wrote it. orjson reads an
    integer past 64 bits as a float where the json module keeps it exact: the facts hold none (counts, scores).
    """
    data: Any = {}
    if text:
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            try:
                data = json.loads(text)
            except ValueError:
                data = {}
    return facts_from_plain(data, url)


def facts_from_plain(data: Any, url: str) -> PageFacts:
    """The PageFacts of their JSON form already parsed (a dict; anything else: an empty PageFacts)."""
    if not isinstance(data, dict):
        data = {}
    data.setdefault("url", url)
    return _from_plain(PageFacts, data)  # type: ignore[no-any-return]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


_LEAVES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A facts dataclass as JSON-ready dicts and lists: `asdict` without its deep copies (~5x faster)."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is tuple or kind is list:
        return [v if type(v) in _LEAVES else plain(v) for v in value]
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return value
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    out = {}
    for name in names:
        v = getattr(value, name)
        out[name] = v if type(v) in _LEAVES else plain(v)
    return out

