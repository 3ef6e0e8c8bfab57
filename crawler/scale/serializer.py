"""Requests as JSON for a Redis shared between machines: bytes as base64, dataclasses by name, never pickles."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

import orjson
from scrapy.utils.misc import load_object

# Dataclasses a request's meta may carry (the discover spider's Candidate), rebuilt on decode.
# Only classes of this package are rebuilt: what comes out of Redis never names code to run.
DATACLASS_PREFIX = "crawler."


# Values JSON writes as they are: most of a request's (a queued request is ~25 values), returned before the checks
# below (a dataclass check first cost a worker more than the JSON itself, issue 23). Exact types: a subclass (an
# IntEnum, a str subclass) takes the checks, as before.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:  # a plain dict with str keys (a request's meta, headers, cb_kwargs): the common case
        out = {}
        for k, v in value.items():
            if type(k) is not str:
                return _encode_dict(value)
            out[k] = v if type(v) in _PLAIN else _encode(v)
        return out
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else _encode(v) for v in value]
    return _encode_other(value)


def _encode_dict(value: dict[Any, Any]) -> Any:
    if all(isinstance(k, str) for k in value):
        return {k: _encode(v) for k, v in value.items()}
    return {"__d": [[_encode(k), _encode(v)] for k, v in value.items()]}


# Each dataclass written to Redis: its name there and its fields' names, looked up once (the discover spider's
# Candidate in every request; ``dataclasses.fields`` and the name's f-string were a third of its encoding).
_written: dict[type, tuple[str, tuple[str, ...]]] = {}


def _dataclass_shape(value: Any) -> tuple[str, tuple[str, ...]] | None:
    """``value``'s name in Redis and its fields' names when it is a dataclass instance (``_written``), else None."""
    kind = type(value)
    known = _written.get(kind)
    if known is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        known = _written[kind] = (f"{kind.__module__}.{kind.__qualname__}",
                                  tuple(f.name for f in dataclasses.fields(value)))
    return known


def _encode_other(value: Any) -> Any:
    known = _dataclass_shape(value)
    if known is not None:
        name, names = known
        return {"__dc": name, "f": {n: _encode(getattr(value, n)) for n in names}}
    if isinstance(value, bytes):
        return {"__b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return _encode_dict(value)
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


class json_serializer:
    """Requests as JSON (bytes as base64), never pickles: Redis may be shared between machines.

    Written by orjson when it writes what the json module writes (a queued request, 8 us instead of 18), else by
    the json module, as before; read by the json module (orjson reads an integer past 64 bits as a float, and
    with the walk that revives the objects it read no faster: issue 23).
    """

    @staticmethod
    def dumps(obj: Any) -> bytes:
        try:
            data = orjson.dumps(obj, default=_orjson_default, option=_ORJSON_OPTIONS)
        except TypeError:  # what orjson does not write as the json module would (see _orjson_default)
            pass
        else:
            # orjson writes NaN and the infinities as null, the json module as NaN and Infinity: a null is
            # rare in a request (none in the discover spider's), and then the json module writes it all.
            if b"null" not in data:
                return data
        return json.dumps(_encode(obj), separators=(",", ":"), sort_keys=True).encode("utf-8")

    @staticmethod
    def loads(data: bytes | str) -> Any:
        return json.loads(data, object_hook=_revive)


# Keys sorted (as the json module's sort_keys): the same request, the same JSON. Dataclasses and datetimes go to
# _orjson_default (orjson writes them itself otherwise: a dataclass as a plain object, a datetime as text).
_ORJSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def _orjson_default(value: Any) -> Any:
    """What orjson leaves to its caller, as ``_encode`` writes it: bytes, a dataclass; anything else raises
    TypeError, and the json module writes the whole object (a dict with keys that are not text, which orjson
    refuses too, or a value the json module refuses as before)."""
    if type(value) is bytes:
        return {"__b": base64.b64encode(value).decode("ascii")}
    known = _dataclass_shape(value)
    if known is None:
        raise TypeError(f"{type(value).__name__}: for the json module")
    name, names = known
    return {"__dc": name, "f": {n: getattr(value, n) for n in names}}


def _revive(value: dict[str, Any]) -> Any:
    """``_encode`` undone on one JSON object, called by json.loads for each, innermost first (their values are
    revived already): a walk over every value after the parse cost more than the parse (issue 23)."""
    if len(value) == 1:
        if "__b" in value:
            return base64.b64decode(value["__b"])
        if "__d" in value:
            return {k: v for k, v in value["__d"]}
    elif len(value) == 2 and "__dc" in value and "f" in value:
        cls = _dataclass(str(value["__dc"]))
        if cls is not None:
            return cls(**value["f"])
    return value


# Each dataclass named in Redis, looked up once (Scrapy's load_object imports and looks it up each time).
_classes: dict[str, type] = {}


def _dataclass(name: str) -> type | None:
    """The dataclass of this package that ``name`` names, or None. Only such a class is built: a name under
    ``crawler.`` could also name a function (``crawler.scale.connection.connect``), which must not run."""
    cls = _classes.get(name)
    if cls is None and name.startswith(DATACLASS_PREFIX):
        try:
            found = load_object(name)
        except (ImportError, NameError, ValueError, AttributeError):
            return None
        if isinstance(found, type) and dataclasses.is_dataclass(found):
            cls = _classes[name] = found
    return cls
