"""The best-first frontier: caps per site and per run, the order of priorities, the journal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from crawler.frontier import Frontier
from crawler.journal import Journal
from crawler.niche import NicheProfile

PROFILE = NicheProfile.from_keywords(["sourdough", "starter"])


def drain(f: Frontier, failing: tuple[str, ...] = ()) -> list[str]:
    """Hand out everything; each request is a page fetched and analysed unless its URL is in ``failing``."""
    out = []
    while (c := f.next()) is not None:
        out.append(c.url)
        f.done(c.site, hub=c.hub, page=c.url not in failing)
    return out


def test_seen_urls_are_refused_without_counting() -> None:
    f = Frontier(PROFILE)
    assert f.add("http://a.example/", "a.example", seed=True) is None
    assert f.add("http://a.example/", "a.example") == "seen"
    assert f.pending == 1 and f.refused == {}


def test_caps() -> None:
    f = Frontier(PROFILE, max_pages=4, max_pages_per_site=2, max_depth=1, max_new_sites=2)
    assert f.add("http://a.example/1", "a.example", seed=True) is None
    assert f.add("http://a.example/2", "a.example", site_depth=1) is None
    assert f.add("http://a.example/3", "a.example", site_depth=1) is None  # pending; the cap is on fetches
    assert f.add("http://b.example/1", "b.example", site_depth=2) == "max_depth"
    assert f.add("http://b.example/2", "b.example") is None
    assert f.add("http://c.example/", "c.example") is None
    assert f.add("http://d.example/", "d.example") == "max_new_sites"
    got = drain(f)
    assert len([u for u in got if "a.example" in u]) == 2  # max_pages_per_site
    assert len(got) == 4 and f.exhausted  # max_pages
    assert f.add("http://a.example/4", "a.example", site_depth=1) == "max_pages_per_site"
    assert f.refused["max_depth"] == 1 and f.refused["max_new_sites"] == 1


def test_one_busy_site_does_not_block_the_others() -> None:
    f = Frontier(PROFILE, site_inflight=1)
    for i in range(3):
        f.add(f"http://a.example/sourdough-{i}", "a.example", site_depth=1)
    f.add("http://b.example/x", "b.example", site_depth=1)
    first, second = f.next(), f.next()
    assert first is not None and second is not None
    assert (first.site, second.site) == ("a.example", "b.example")
    assert f.next() is None  # both sites have a request out
    f.done("a.example")
    third = f.next()
    assert third is not None and third.site == "a.example"


def test_off_niche_sites_sink_once_read() -> None:
    f = Frontier(PROFILE, site_inflight=5)
    f.add("http://on.example/a", "on.example", site_depth=1)
    f.add("http://off.example/a", "off.example", site_depth=1, page_relevance=0.9)
    f.note_relevance("off.example", 0.0)
    f.note_relevance("on.example", 0.9)
    assert [c.site for c in (f.next(), f.next()) if c] == ["on.example", "off.example"]


def test_memory_is_bounded_per_site() -> None:
    f = Frontier(PROFILE, max_pages_per_site=5, pending_per_site=10)
    for i in range(1000):
        f.add(f"http://a.example/{i}", "a.example", site_depth=1)
    assert f.pending <= 20 and len(f.seen) <= 20
    assert f.refused["pruned"] >= 980


def test_broken_site_drops_its_pending_urls() -> None:
    f = Frontier(PROFILE)
    for i in range(5):
        f.add(f"http://a.example/{i}", "a.example", site_depth=1)
    assert f.drop_site("a.example") == 5
    assert f.next() is None and f.pending == 0
    assert f.add("http://a.example/new", "a.example", site_depth=1) == "site_broken"


def test_priorities_prefer_discovery_links_and_niche_words() -> None:
    f = Frontier(PROFILE)

    def p(url: str, anchor: str, kind: str, new: bool = False, rel: float | None = 0.5, depth: int = 1) -> int:
        return f.priority(url, anchor, kind, new_site=new, page_relevance=rel, site_depth=depth)

    assert p("http://b.example/", "Bread Bob", "blogroll", new=True) > p("http://a.example/x", "x", "content")
    assert p("http://b.example/", "Bob", "commenter", new=True) > p("http://a.example/about", "About", "nav")
    assert p("http://a.example/sourdough-starter/", "x", "content") > p("http://a.example/kittens/", "x", "content")
    assert p("http://a.example/x", "x", "content", rel=0.9) > p("http://a.example/x", "x", "content", rel=0.1)
    assert p("http://a.example/x", "x", "content", depth=1) > p("http://a.example/x", "x", "content", depth=3)
    # Guest-post and contact pages go first, on relevant sites only.
    assert p("http://a.example/write-for-us/", "Write", "nav") > p("http://a.example/x/", "x", "content")
    assert p("http://a.example/write-for-us/", "Write", "nav", rel=0.0) < p("http://a.example/x/", "x", "content", rel=0.0)


def test_journal_replays_what_a_killed_run_wrote(tmp_path: Path) -> None:
    j = Journal(tmp_path / "job")
    j.open("2026-11-23T00:00:00+00:00")
    j.admitted("http://a.example/", "a.example", 1000, 0, "seed", None)
    j.admitted("http://a.example/p", "a.example", 140, 1, "content", "http://a.example/")
    j.handed("http://a.example/", "a.example")
    j.done("http://a.example/", True, None)
    j.broken("b.example")
    j.flush()
    with j.path.open("a") as f:
        f.write("A\t1\t2\tcontent\ta.example\thttp://a.example/torn")  # no newline: the kill
    replay = Journal(tmp_path / "job").replay()
    assert replay.started == "2026-11-23T00:00:00+00:00"
    assert set(replay.admitted) == {"http://a.example/", "http://a.example/p"}
    assert replay.admitted["http://a.example/p"] == (140, 1, "content", "a.example", "http://a.example/")
    assert replay.handed == {"http://a.example/": "a.example"} and replay.done == {"http://a.example/": True}
    assert replay.broken == {"b.example"}


def test_off_niche_sites_get_only_a_few_pages() -> None:
    f = Frontier(PROFILE, site_inflight=5, off_niche_pages=2)
    for i in range(10):
        f.add(f"http://off.example/{i}", "off.example", site_depth=1)
    first = f.next()
    f.note_relevance("off.example", 0.0)
    second = f.next()
    assert first is not None and second is not None
    assert f.next() is None and f.pending == 8  # two pages out: the cap is reached if both are pages
    f.done("off.example", page=True)
    f.done("off.example", page=True)
    assert f.next() is None and f.pending == 0
    assert f.add("http://off.example/new", "off.example", site_depth=1) == "off_niche"


def test_over_long_urls_are_refused() -> None:
    f = Frontier(PROFILE, max_url_length=40)
    assert f.add("http://a.example/" + "p" * 23, "a.example", seed=True) is None  # 40 characters
    assert f.add("http://a.example/" + "p" * 24, "a.example") == "url_too_long"
    assert f.refused == {"url_too_long": 1} and f.pending == 1


def _home(f: Frontier, site: str, via: str, anchor: str, rel: float = 0.5) -> None:
    assert f.add(f"http://{site}/", site, kind="home", via=via, anchor=anchor, page_relevance=rel,
                 found_from="http://seed.example/post/") is None


def test_commenters_sites_are_ranked_on_merit() -> None:
    f = Frontier(PROFILE, site_inflight=5)
    _home(f, "roll.example", "blogroll", "Bob's bakery")
    _home(f, "bob.example", "commenter", "Bob")
    _home(f, "sam.example", "commenter", "Sourdough Sam")
    _home(f, "ann.blog", "commenter", "Ann")
    _home(f, "votes.example", "commenter", "Val")
    for k in range(4):  # four on-niche pages link to it; an off-niche one does not count
        f.vote("votes.example", f"http://seed.example/p{k}/", 0.6)
    f.vote("votes.example", "http://off.example/", 0.0)
    got = [(c.site, c.priority) for c in iter(f.next, None)]
    assert got == [("roll.example", 575), ("votes.example", 555), ("sam.example", 475), ("ann.blog", 435),
                   ("bob.example", 375)]


def test_an_off_niche_home_page_stops_its_site() -> None:
    f = Frontier(PROFILE, site_inflight=5)  # the default: its home page, then nothing
    _home(f, "shop.example", "commenter", "Shop")
    for i in range(5):
        f.add(f"http://shop.example/p{i}", "shop.example", site_depth=1)
    home = f.next()
    assert home is not None and home.url == "http://shop.example/"
    f.note_relevance("shop.example", 0.05)
    f.done("shop.example", page=True)
    assert f.next() is None and f.pending == 0
    assert f.add("http://shop.example/p9", "shop.example", site_depth=1) == "off_niche"


def test_feeds_first_then_posts_newest_first_and_failures_cost_nothing() -> None:
    f = Frontier(PROFILE, max_pages=4, max_pages_per_site=3, site_inflight=2)
    f.add("http://a.example/", "a.example", seed=True)
    assert drain(f) == ["http://a.example/"]
    f.add("http://a.example/old-sourdough-starter/", "a.example", site_depth=1, anchor="sourdough starter")
    f.add("http://a.example/feed/", "a.example", kind="feed", site_depth=1)
    f.add("http://a.example/feed2/", "a.example", kind="feed", site_depth=1)
    assert f.add("http://a.example/feed3/", "a.example", kind="feed", site_depth=1) == "max_feeds_per_site"
    f.note_relevance("a.example", 0.8)
    feed = f.next()
    assert feed is not None and feed.hub and feed.url == "http://a.example/feed/"
    assert f.next() is not None  # the second feed; the pages wait for both
    assert f.next() is None
    f.done("a.example", hub=True)
    f.done("a.example", hub=True)
    for rank, slug in enumerate(["new", "newer-still", "old-sourdough-starter"]):
        f.add(f"http://a.example/{slug}/", "a.example", kind="post", site_depth=1, rank=rank)
    assert drain(f, failing=("http://a.example/new/",)) == [
        "http://a.example/new/", "http://a.example/newer-still/", "http://a.example/old-sourdough-starter/"]
    assert (f.pages, f.handed) == (3, 6)  # the feeds and the failed page cost no page of the budget


def test_an_off_niche_sites_feed_is_refused_not_left_pending() -> None:
    f = Frontier(PROFILE)
    f.add("http://off.example/", "off.example", kind="home", via="commenter")
    f.note_relevance("off.example", 0.0)
    assert f.add("http://off.example/feed/", "off.example", kind="feed") == "off_niche"
    assert f.pending == 1  # the home page only


def test_a_late_answer_after_an_idle_reset_sticks_no_count() -> None:
    f = Frontier(PROFILE, site_inflight=2)
    f.add("http://a.example/", "a.example", seed=True)
    assert drain(f) == ["http://a.example/"]
    f.add("http://a.example/feed/", "a.example", kind="feed", site_depth=1)
    f.add("http://a.example/p/", "a.example", site_depth=1)
    f.note_relevance("a.example", 0.9)
    feed = f.next()
    assert feed is not None and feed.hub
    f.reset_inflight()  # idle: the feed's request was dropped (another worker had it)
    f.done("a.example", hub=True)  # ... and its answer comes late
    page = f.next()
    assert page is not None and page.url == "http://a.example/p/" and f.pending == 0


def test_posts_merge_by_date_and_those_past_the_age_gate_wait_below_everything() -> None:
    f = Frontier(PROFILE, site_inflight=1, max_post_age_days=180, today=date(2026, 12, 2))
    f.add("http://a.example/", "a.example", seed=True)
    assert drain(f) == ["http://a.example/"]
    old = "http://a.example/2025/sourdough-starter/"
    f.add(old, "a.example", site_depth=1, anchor="sourdough starter")  # linked from the home page first
    f.add("http://a.example/about-us", "a.example", kind="nav", site_depth=1, anchor="About")
    feed = [("feed-new", date(2026, 11, 30)), ("feed-mid", date(2026, 11, 1))]
    sitemap = [("map-newer", date(2026, 11, 20)), (old, date(2025, 1, 5)), ("map-old", date(2026, 1, 1))]
    for rank, (url, day) in [*enumerate(feed), *enumerate(sitemap)]:
        url = url if url.startswith("http") else f"http://a.example/{url}/"
        f.add(url, "a.example", kind="post", site_depth=1, rank=rank, published=day)
    assert drain(f) == ["http://a.example/feed-new/", "http://a.example/map-newer/", "http://a.example/feed-mid/",
                        "http://a.example/about-us", old, "http://a.example/map-old/"]


def test_the_last_pages_of_the_budget_wait_for_better_ones_on_a_busy_site() -> None:
    f = Frontier(PROFILE, max_pages=4, site_inflight=1)
    f.add("http://on.example/", "on.example", seed=True)
    f.add("http://off.example/", "off.example", kind="home", via="commenter", anchor="Cheap deals")
    assert sorted(drain(f)) == ["http://off.example/", "http://on.example/"] and f.pages == 2
    f.note_relevance("on.example", 0.9)
    for i in range(3):
        f.add(f"http://on.example/sourdough-{i}/", "on.example", site_depth=1, anchor="sourdough starter")
    f.add("http://other.example/", "other.example", kind="home", via="commenter", anchor="Bob")
    first = f.next()  # on.example's best; it has one request out now, and two pages left in the budget
    assert first is not None and first.site == "on.example"
    assert f.next() is None  # other.example would take the last page on.example's second-best needs
    f.done("on.example", page=True)
    assert drain(f) == ["http://on.example/sourdough-1/"] and f.pages == 4


def test_a_new_sites_other_pages_wait_for_its_home_pages_verdict() -> None:
    """Its home page goes first and alone, whatever ranks higher: the off-niche stop must not depend on which
    answer comes back first (two of its pages out at once, an on-niche post read first would open the site)."""
    f = Frontier(PROFILE, site_inflight=5)
    _home(f, "shop.example", "commenter", "Shop")
    f.add("http://shop.example/sourdough-starter/", "shop.example", kind="commenter", anchor="sourdough starter",
          site_depth=1)
    assert [c.url for c in iter(f.next, None)] == ["http://shop.example/"]  # the post ranks higher, and waits
    f.add("http://shop.example/p1", "shop.example", site_depth=1)  # linked while the home page is out: waits too
    assert f.next() is None
    f.note_relevance("shop.example", 0.05)
    f.done("shop.example", page=True)
    assert f.next() is None and f.pending == 0  # off-niche: it stopped at its home page


def test_a_new_sites_pages_go_once_its_home_page_ended_without_a_verdict() -> None:
    f = Frontier(PROFILE, site_inflight=5)
    _home(f, "gone.example", "blogroll", "Gone")
    for i in range(2):
        f.add(f"http://gone.example/p{i}", "gone.example", site_depth=1)
    assert [c.url for c in iter(f.next, None)] == ["http://gone.example/"]
    f.done("gone.example")  # a 404, a refused connection: no page, no verdict
    assert sorted(c.url for c in iter(f.next, None)) == ["http://gone.example/p0", "http://gone.example/p1"]


def test_an_on_niche_home_page_lets_its_sites_pages_go_together() -> None:
    f = Frontier(PROFILE, site_inflight=2)
    _home(f, "bake.example", "blogroll", "Bake")
    for i in range(3):
        f.add(f"http://bake.example/p{i}", "bake.example", site_depth=1)
    assert [c.url for c in iter(f.next, None)] == ["http://bake.example/"]
    f.note_relevance("bake.example", 0.9)
    f.done("bake.example", page=True)
    assert len([c for c in iter(f.next, None)]) == 2 and f.pending == 1  # two out at a time, as before


def test_outranked_counts_as_the_plain_sum_did() -> None:
    # _outranked counts better pending pages in C and stops once enough are found; the verdict is the one of
    # the plain count over every pending page (the code before), on random frontiers near their budget's end.
    import random

    def plain(f: Frontier, site: str, key: int) -> bool:
        left = f.max_pages - f.pages - f.reserved
        busy = [b for b in f._busy if b != site]
        if sum(len(f.sites[b].queued) for b in busy) < left:
            return False
        better = 0
        for b in busy:
            state, bar = f.sites[b], f.site_bonus(b) + key
            room = f.max_pages_per_site - state.pages - state.reserved
            better += min(sum(-p < bar for p in state.queued.values()), max(room, 0))
            if better >= left:
                return True
        return False

    rng = random.Random(18)
    verdicts = set()
    for _ in range(300):
        f = Frontier(PROFILE, max_pages=rng.randint(5, 40), max_pages_per_site=rng.randint(2, 12))
        for s in range(rng.randint(2, 6)):
            site = f"s{s}.example"
            f.add(f"http://{site}/", site, seed=True)
            for i in range(rng.randint(0, 30)):
                f.add(f"http://{site}/{'sourdough-' * rng.randint(0, 2)}{i}/", site, kind=rng.choice(["content", "post"]),
                      site_depth=1, page_relevance=rng.random())
            f.note_relevance(site, rng.random())
        for _ in range(rng.randint(0, 8)):
            if f.next() is None:
                break
        for site in f.sites:
            key = rng.randint(-300, 300)
            verdicts.add(f._outranked(site, key))
            assert f._outranked(site, key) == plain(f, site, key)
    assert verdicts == {True, False}
