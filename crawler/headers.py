"""Response headers as text: one reading of Scrapy's Headers, urllib's and plain mappings.

Header bytes are Latin-1 (RFC 9110 keeps field values to octets; Latin-1 maps each to one
character and never fails). Names come out lower-case, so callers look them up one way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class HasItems(Protocol):
    """Scrapy's ``Headers`` (bytes -> [bytes]), urllib's message (str -> str, names repeated) or a dict."""

    def items(self) -> Iterable[tuple[Any, Any]]: ...


def header_text(value: bytes | str) -> str:
    """One header name or value as text."""
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _text(value: object) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def header_lists(headers: HasItems | None) -> dict[str, list[str]]:
    """Lower-case name -> every value it was sent with, as text, in the order received."""
    result: dict[str, list[str]] = {}
    if not headers:
        return result
    for name, value in headers.items():
        values = value if isinstance(value, (list, tuple)) else (value,)
        result.setdefault(_text(name).lower(), []).extend(_text(v) for v in values)
    return result


def header_values(headers: HasItems | None) -> dict[str, str]:
    """Lower-case name -> its first value as text (a name sent without a value is left out)."""
    return {name: values[0] for name, values in header_lists(headers).items() if values}


def first_header(headers: Any, name: bytes) -> str | None:
    """The first value of a Scrapy response's header ``name`` as text, None when absent or empty."""
    value = headers.get(name)
    return value.decode("latin-1") if value else None


def raw_headers(headers: Any) -> dict[str, str]:
    """A Scrapy response's headers, names as sent, each its first value as text (for page analysis)."""
    return {k.decode("latin-1"): v[0].decode("latin-1") for k, v in headers.items() if v}
