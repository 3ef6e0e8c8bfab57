"""Requests as JSON for a Redis shared between machines: bytes as base64, dataclasses by name, never pickles."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

from scrapy.utils.misc import load_object

# Dataclasses a request's meta may carry (the discover spider's Candidate), rebuilt on decode.
# Only classes of this package are rebuilt: what comes out of Redis never names code to run.
DATACLASS_PREFIX = "crawler."


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = f"{type(value).__module__}.{type(value).__qualname__}"
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__dc": name, "f": fields}
    if isinstance(value, bytes):
        return {"__b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"__d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__b"}:
            return base64.b64decode(value["__b"])
        if set(value) == {"__d"}:
            return {_decode(k): _decode(v) for k, v in value["__d"]}
        if set(value) == {"__dc", "f"} and str(value["__dc"]).startswith(DATACLASS_PREFIX):
            return load_object(value["__dc"])(**{k: _decode(v) for k, v in value["f"].items()})
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


class json_serializer:
    """Requests as JSON (bytes as base64), never pickles: Redis may be shared between machines."""

    @staticmethod
    def dumps(obj: Any) -> bytes:
        return json.dumps(_encode(obj), separators=(",", ":"), sort_keys=True).encode("utf-8")

    @staticmethod
    def loads(data: bytes | str) -> Any:
        return _decode(json.loads(data))
