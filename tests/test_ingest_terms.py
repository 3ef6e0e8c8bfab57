"""A worker's page message carries the page's terms as it scored them (`sent_terms`: one space-joined string), and
`linktrail ingest` hands them to its settle (`TermsMemo.keep_sent`), which then tokenizes no page again (issue 23);
the stored rows and scores are those of an ingest without them, and a message of the format before (no terms,
queued by workers of the earlier linktrail) is stored as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipelines.relevance
from crawler.configload import config_from_dict
from crawler.niche import MAX_TERM_CHARS, TermsMemo, page_terms, sent_terms, text_check
from pipelines.ingest import IngestResult, write_batch
from pipelines.redisqueue import page_message
from pipelines.relevance import SHARE_PAGES, settle
from pipelines.store import open_db
from tests.conftest import count_tokenizing
from tests.test_ingest_rows import direct, dump, items

# The keys of a page message as linktrail before the terms (a76eb64) sent it.
EARLIER_KEYS = {"v", "type", "row", "links", "site_name"}


def earlier_message(message: str) -> bytes:
    """A page message as the workers before the terms sent it: the same, without ``terms``."""
    data = orjson.loads(message)
    data.pop("terms", None)
    assert set(data) == EARLIER_KEYS
    return orjson.dumps(data)


def test_a_page_message_carries_the_terms_the_worker_scored() -> None:
    for item in items():
        text = item.facts.post.text
        sent = orjson.loads(page_message(item)).get("terms")
        if not page_terms(text):
            assert sent is None
            continue
        assert sent == [len(text), text_check(text), " ".join(page_terms(text))]
        memo = TermsMemo(1)
        memo.keep_sent(item.url, *sent)
        assert memo.take(item.url, text) == page_terms(text) and not memo.kept


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 'é-\t\n\u00a0\u2028\u3000\u200bİ1_.ﬁ"), max_size=60))
def test_sent_terms_split_back_into_the_terms(text: str) -> None:
    """No term holds a space, whatever the page's whitespace: the joined string splits back into the same terms
    (no terms, or one empty one, is not sent: the split could not tell the two apart)."""
    sent = sent_terms(text)
    if sent is None:
        assert page_terms(text) in ((), ("",))
        return
    memo = TermsMemo(1)
    memo.keep_sent("http://a.example/", *sent)
    assert memo.take("http://a.example/", text) == page_terms(text)


def test_sent_terms_serve_only_the_same_text() -> None:
    text = "Levain crumb " * 700  # longer than the part tokenized
    memo = TermsMemo(3)
    for url in ("http://a.example/", "http://b.example/", "http://c.example/"):
        memo.keep_sent(url, *sent_terms(text))  # type: ignore[misc]
    other = "Banneton" + text[8:]  # the same length, another start
    assert memo.take("http://a.example/", other) == page_terms(other) != page_terms(text)
    assert memo.take("http://b.example/", text + "x") == page_terms(text + "x")  # another length
    # past the part the terms are read from, a change changes no term: the sent ones serve
    later = text[:MAX_TERM_CHARS] + "y" + text[MAX_TERM_CHARS + 1 :]
    assert memo.take("http://c.example/", later) == page_terms(text) and not memo.kept


def test_the_ingest_keeps_the_sent_terms_and_writes_the_same_rows(tmp_path: Path) -> None:
    pages = items()
    one = direct(tmp_path / "one.db", pages)
    memo = TermsMemo(SHARE_PAGES)
    db = open_db(tmp_path / "now.db")
    result = IngestResult()
    write_batch(db, [page_message(p).encode() for p in pages], result, memo=memo)
    assert dump(db) == one and (result.pages, result.bad) == (len(pages), 0)
    with_terms = {p.url for p in pages if page_terms(p.facts.post.text)}
    assert set(memo.kept) == with_terms and len(with_terms) > len(pages) // 2
    # what the workers of the earlier linktrail queued (no terms), read by this ingest: the same rows, no terms
    earlier, memo = open_db(tmp_path / "earlier.db"), TermsMemo(SHARE_PAGES)
    write_batch(earlier, [earlier_message(page_message(p)) for p in pages], result, memo=memo)
    assert dump(earlier) == one and not memo.kept


@pytest.mark.parametrize("processes", [1, 2])
def test_a_settle_given_the_ingests_terms_tokenizes_no_page_and_scores_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int) -> None:
    """Real pages ingested with their terms, and as the earlier workers sent them (no terms, so the settle
    tokenizes every page): the same stored pages, sites and scores; with the terms, no page tokenized here."""
    pages = items()
    config = config_from_dict({"niche": {"keywords": ["comment", "blog"], "learn": True},
                               "seeds": {"urls": [pages[0].url, pages[3].url]}})
    day = date(2026, 11, 23)
    memo = TermsMemo(SHARE_PAGES)
    given, earlier = open_db(tmp_path / "given.db"), open_db(tmp_path / "earlier.db")
    write_batch(given, [page_message(p).encode() for p in pages], IngestResult(), memo=memo)
    write_batch(earlier, [earlier_message(page_message(p)) for p in pages], IngestResult(), memo=TermsMemo(0))
    monkeypatch.setattr(pipelines.relevance, "PARALLEL_PAGES", 4)
    expected = settle(earlier, config, day, processes=processes)
    tokenized = count_tokenizing(monkeypatch)
    got = settle(given, config, day, processes=processes, memo=memo)
    # only the pages whose terms were not sent (those of no terms) are tokenized
    assert all(not page_terms(text) for text in tokenized)
    assert got == expected and got.pages == len(pages) and got.learned_terms and got.rewritten

    def tables(db: Any) -> dict[str, list[dict[str, Any]]]:
        return {t: list(db.query(f"select * from {t} order by rowid")) for t in ("pages", "sites", "links")}

    assert tables(given) == tables(earlier)


def test_a_page_message_queued_by_the_earlier_workers_is_stored_as_one_process_stores_the_page(
        tmp_path: Path) -> None:
    """A message linktrail a76eb64's page_message wrote (saved as it was), queued before an upgrade: stored, every
    column as one process writes the page, and no terms kept (the settle tokenizes the page)."""
    raw = (Path(__file__).parent / "fixtures" / "messages" / "page-a76eb64.json").read_bytes()
    assert set(orjson.loads(raw)) == EARLIER_KEYS
    item = next(p for p in items() if p.url == orjson.loads(raw)["row"]["url"])
    memo, db, result = TermsMemo(SHARE_PAGES), open_db(tmp_path / "x.db"), IngestResult()
    write_batch(db, [raw], result, memo=memo)
    assert (result.pages, result.bad) == (1, 0) and not memo.kept
    assert dump(db) == direct(tmp_path / "one.db", (item,))


def test_passed_on_sent_terms_stay_one_string_for_the_next_pass() -> None:
    """The learning pass hands the scoring pass the sent terms as they came (one string: cheap to pickle back from
    a forked child), the terms it tokenized as tuples; a text of other terms is tokenized, not passed on stale."""
    text, other = "Levain crumb banneton", "Levain crust banneton"
    memo, later = TermsMemo(3), TermsMemo(3)
    memo.keep_sent("http://a.example/", *sent_terms(text))  # type: ignore[misc]
    memo.keep_sent("http://b.example/", *sent_terms(text))  # type: ignore[misc]
    assert memo.pass_on("http://a.example/", text, later) == page_terms(text)
    assert memo.pass_on("http://b.example/", other, later) == page_terms(other)
    assert memo.pass_on("http://c.example/", text, later) == page_terms(text) and not memo.kept
    assert later.kept["http://a.example/"] == sent_terms(text)
    assert later.kept["http://b.example/"] == (len(other), hash(other), page_terms(other))
    assert [later.take(u, t) for u, t in [("http://a.example/", text), ("http://b.example/", other),
                                          ("http://c.example/", text)]] == [page_terms(text), page_terms(other),
                                                                            page_terms(text)]
    full = TermsMemo(0)
    assert memo.pass_on("http://d.example/", text, full) == page_terms(text) and not full.kept
