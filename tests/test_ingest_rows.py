"""A worker's page message carries the store's rows ready-made (pipelines/redisqueue.py, version 2): `linktrail
ingest` writes exactly the rows one process writes, reads what older workers sent (version 1), and refuses a
message of another version or shape with one clear line."""

from __future__ import annotations

import dataclasses
import logging
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlite_utils

from crawler.analysis import analyse
from crawler.analysis.facts import Link
from crawler.items import PageItem
from crawler.urls import site_of
from pipelines.ingest import IngestResult, write_batch
from pipelines.redisqueue import page_message
from pipelines.store import PAGE_COLUMNS, PageWriter, compact_json, link_rows, open_db, page_row, stored_facts
from tests.analysis.pages import PAGES, TODAY, URLS

TABLES = ("pages", "links", "sites", "page_changes")


@cache
def items() -> tuple[PageItem, ...]:
    """Every saved page of the fixtures, analysed as a crawl does (outbound links known), as a crawl's items."""
    out = []
    for n, (name, url) in enumerate(sorted(URLS.items())):
        facts = analyse(url, (PAGES / name).read_bytes(), site_of=site_of, today=TODAY)
        out.append(PageItem(url=url, site=site_of(url), fetched_url=url, status=200,
                            fetched_at=f"2026-11-23T10:{n % 60:02d}:00+00:00", depth=n % 3, facts=facts,
                            found_via="content", relevance=n / 7, relevance_reasons=[f"word +{n}"],
                            opportunity="comment" if n % 2 else None, value=n * 1.5, value_reasons=["x +1"],
                            etag=f'"e{n}"' if n % 3 else None))
    return tuple(out)


def v1_message(item: PageItem) -> str:
    """A page as workers before version 2 sent it: the PageItem's fields, its facts as the store keeps them."""
    return compact_json({"v": 1, "type": "page", "item": dataclasses.replace(item, facts=stored_facts(item.facts))})


def dump(db: sqlite_utils.Database) -> dict[str, list[tuple[Any, ...]]]:
    return {t: [tuple(r.values()) for r in db.query(f"select * from {t} order by rowid")] for t in TABLES}


def direct(path: Path, pages: tuple[PageItem, ...]) -> dict[str, list[tuple[Any, ...]]]:
    db = open_db(path)
    writer = PageWriter(db, batch_size=len(pages) + 1)
    for item in pages:
        writer.add(item)
    writer.flush()
    return dump(db)


def ingested(path: Path, messages: list[str]) -> tuple[dict[str, list[tuple[Any, ...]]], IngestResult]:
    db = open_db(path)
    result = IngestResult()
    write_batch(db, [m.encode() for m in messages], result)
    return dump(db), result


def test_ingest_writes_the_rows_one_process_writes(tmp_path: Path) -> None:
    """Real pages: the pages, links and sites rows of an ingest of version 2 messages, and of version 1 messages,
    are those the store's PageWriter writes in one process, every column, byte for byte."""
    pages = items()
    assert sum(len([link for link in p.facts.links if link.outbound]) for p in pages) > 100  # links to compare
    one = direct(tmp_path / "one.db", pages)
    v2, result = ingested(tmp_path / "v2.db", [page_message(p) for p in pages])
    assert (result.pages, result.bad) == (len(pages), 0)
    v1, _ = ingested(tmp_path / "v1.db", [v1_message(p) for p in pages])
    assert v2 == one
    assert v1 == one
    assert len(one["pages"]) == len(pages) and len(one["links"]) > 100


def test_a_page_message_is_its_rows() -> None:
    """The message holds the pages row (every column, in order) and the links rows bar the page's URL and time."""
    item = max(items(), key=lambda p: len(link_rows(p)))  # the page of most outbound links
    message = orjson.loads(page_message(item))
    assert (message["v"], message["type"]) == (2, "page")
    assert tuple(message["row"]) == PAGE_COLUMNS and message["row"] == page_row(item)
    links = link_rows(item)
    assert links and [tuple(link) for link in message["links"]] == [link[1:6] for link in links]
    assert {link[0] for link in links} == {item.url} and {link[6] for link in links} == {item.fetched_at}
    assert message["site_name"] == (item.facts.post.site_name or None)


def test_a_page_message_looks_at_each_link_once_and_each_kept_link_once_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its rows are made from the page's stored facts, made once (issue 23: they were made twice, the item copied
    to hold them): every link's ``outbound`` read once, then each kept link's once more for its links row."""
    item = max(items(), key=lambda p: (bool(link_rows(p)), len(p.facts.links) - len(link_rows(p))))
    kept = len(link_rows(item))
    expected = page_message(item)
    reads: list[Link] = []
    outbound = Link.outbound.fget  # type: ignore[attr-defined]
    monkeypatch.setattr(Link, "outbound", property(lambda link: reads.append(link) or outbound(link)))
    assert page_message(item) == expected
    assert 0 < kept < len(item.facts.links) and len(reads) == len(item.facts.links) + kept


def test_re_ingest_of_the_same_messages_changes_nothing(tmp_path: Path) -> None:
    pages = items()[:5]
    messages = [m.encode() for m in map(page_message, pages)]
    db = open_db(tmp_path / "x.db")
    write_batch(db, messages, IngestResult())
    first = dump(db)
    write_batch(db, messages, IngestResult())
    assert dump(db) == first and not first["page_changes"]


@pytest.mark.parametrize(("change", "said"), [
    (lambda m: {**m, "v": 3}, "message version 3, this linktrail reads versions 1, 2"),
    (lambda m: {**m, "row": {k: v for k, v in m["row"].items() if k != "title"}}, "a pages row of other columns"),
    (lambda m: {**m, "row": {**m["row"], "extra": 1}}, "a pages row of other columns"),
    (lambda m: {**m, "links": [[*link, "more"] for link in m["links"]]}, "a links row of other columns"),
    (lambda m: {**m, "links": [*m["links"], m["links"][0][:4]]}, "a links row of other columns"),
])
def test_a_message_of_another_version_is_skipped_with_one_clear_line(tmp_path: Path, change: Any, said: str,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    good, other = sorted(items(), key=lambda p: len(link_rows(p)))[-2:]
    assert link_rows(other)
    bad = orjson.dumps(change(orjson.loads(page_message(other))))
    db = open_db(tmp_path / "x.db")
    result = IngestResult()
    with caplog.at_level(logging.WARNING, logger="pipelines.ingest"):
        write_batch(db, [page_message(good).encode(), bad], result)
    assert (result.pages, result.bad) == (1, 1)
    assert [r["url"] for r in db.query("select url from pages")] == [good.url]
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and said in lines[0] and "\n" not in lines[0]
