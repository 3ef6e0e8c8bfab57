"""A queued request's JSON written by orjson (crawler/scale/serializer.py): the json module's values, read by either."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import pytest
import redis
from hypothesis import given
from hypothesis import strategies as st
from scrapy import Request, Spider

from crawler.scale import serializer
from crawler.scale.queue import ClaimingPriorityQueue
from crawler.scale.serializer import _encode, json_serializer
from crawler.sitestate import Candidate


def json_module(obj: Any) -> bytes:
    """What json_serializer.dumps wrote before orjson (the json module; workers of the version before)."""
    return json.dumps(_encode(obj), separators=(",", ":"), sort_keys=True).encode("utf-8")


class _Discover(Spider):
    name = "discover"

    def parse(self, response: Any) -> None: ...

    def on_error(self, failure: Any) -> None: ...


def test_a_discover_request_is_written_by_orjson_with_the_json_modules_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The discover spider's requests (a Candidate in meta, a Referer, a conditional request's list) never reach
    the json module, and come out as the bytes it wrote (computed first, with it): workers before and after read
    the same requests."""
    spider = _Discover()
    candidate = Candidate("http://127.0.0.1:1/p/", "127.0.0.1:1", 1, "post", "http://127.0.0.1:1/", 5)
    request = Request(candidate.url, callback=spider.parse, errback=spider.on_error, priority=5, dont_filter=True,
                      meta={"lt": candidate, "download_slot": candidate.site, "handle_httpstatus_list": [304]},
                      headers={"Referer": candidate.found_from, "If-None-Match": '"e1"'})
    queue = ClaimingPriorityQueue(redis.Redis(port=1), spider, "t:requests", json_serializer,  # never connects
                                  busy_key="t:busy", worker="w1", busy_ttl=60)
    before = queue._encode_request(request)

    def refused(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("the json module wrote a discover request")

    monkeypatch.setattr(serializer.json, "dumps", refused)
    assert queue._encode_request(request) == before
    back = json_serializer.loads(before)
    assert type(back["meta"]["lt"]) is Candidate and back["meta"]["lt"] == candidate


@dataclasses.dataclass(frozen=True)
class _Thing:
    name: str
    data: bytes


# What a request's meta may hold: the JSON types, bytes, tuples, keys that are not text, the dataclasses of this
# package, and what orjson writes otherwise than the json module (NaN, the infinities, integers past 64 bits, lone
# surrogates): each of those written by the json module, as before. (No key of the format's own, "__b" and the like:
# a dict of those reads back as what it names, either way.)
_KEYS = st.text(max_size=6).filter(lambda k: not k.startswith("__"))
_SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**70), max_value=2**70)
            | st.floats() | st.text() | st.binary(max_size=8))
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                   | st.dictionaries(_KEYS, inner, max_size=4)
                   | st.dictionaries(st.integers(0, 9), inner, max_size=2)
                   | st.builds(Candidate, st.text(max_size=8), st.text(max_size=8), st.integers(), st.text(max_size=4),
                               st.none() | st.text(max_size=8), st.integers())),
    max_leaves=12,
)


@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_what_orjson_writes_reads_back_as_what_the_json_module_wrote(meta: dict[str, Any]) -> None:
    """Either way's JSON reads back to the same values (written again by the json module: the same bytes)."""
    data = json_serializer.dumps(meta)
    assert json_module(json_serializer.loads(data)) == json_module(meta)


def test_what_only_the_json_module_writes_is_written_by_it() -> None:
    for meta in ({"f": math.nan}, {"f": [1.0, -math.inf]}, {"n": 2**64}, {"s": "\ud800"}, {"k": {3: "x"}},
                 {"none": None}):
        assert json_serializer.dumps(meta) == json_module(meta)
    with pytest.raises(TypeError):  # as before: a value neither writes as JSON
        json_serializer.dumps({"x": object()})
    thing = _Thing("a", b"\x00")  # not of this package: written, and read back as the dict it was written as
    assert json.loads(json_serializer.dumps({"t": thing})) == json.loads(json_module({"t": thing}))
