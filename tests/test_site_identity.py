"""A site's name and platform come from all its stored pages: the same whatever order the pages were written in."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import sqlite_utils

from crawler.analysis.facts import PageFacts, PostFacts
from crawler.items import PageItem
from pipelines.store import PageWriter, migrations, open_db, page_row


def page(url: str, *, name: str = "", platform: str = "unknown", title: str = "A post",
         fetched_at: str = "2026-11-01T10:00:00+00:00") -> PageItem:
    facts = PageFacts(url=url, platform=platform, post=PostFacts(title=title, site_name=name))
    return PageItem(url=url, site=url.split("/")[2], fetched_url=url, status=200, fetched_at=fetched_at, depth=1,
                    facts=facts, found_via="content", relevance=0.5, relevance_reasons=[])


# A blog whose pages disagree, as a theme's og:site_name per section or a mixed benchmark web does.
CRUMB = (
    page("http://crumb.example/rye/", name="Crumb: Rye Notes", platform="ghost"),
    page("http://crumb.example/", name="Crumb Kitchen", platform="wordpress", title="Crumb Kitchen – bread"),
    page("http://crumb.example/about/", name="About Crumb", platform="ghost"),
    page("http://crumb.example/2026/10/levain/", platform="ghost"),
)


def identity(db: sqlite_utils.Database, domain: str) -> tuple[str, str]:
    row = db.table("sites").get(domain)
    return row["name"], row["platform"]


def home(db: sqlite_utils.Database, domain: str) -> str:
    return str(db.table("sites").get(domain)["home_url"])


def write(db: sqlite_utils.Database, items: tuple[PageItem, ...] | list[PageItem], batch: int) -> None:
    writer = PageWriter(db, batch)
    for item in items:
        writer.add(item)
    writer.flush()


@pytest.mark.parametrize("batch", [1, 2, 200])
def test_every_order_of_the_pages_gives_the_same_site_row(tmp_path: Path, batch: int) -> None:
    """One process and N workers + ingest write the same pages in different orders and batches (issue 23)."""
    rows = set()
    for n, order in enumerate(itertools.permutations(CRUMB)):
        db = open_db(tmp_path / f"{n}.db")
        write(db, order, batch)
        rows.add((*identity(db, "crumb.example"), home(db, "crumb.example")))
        db.close()
    # The home page decides both, though most pages say ghost and the others name the blog otherwise; and it is
    # the home, whichever page was written first.
    assert rows == {("Crumb Kitchen", "wordpress", "http://crumb.example/")}


def test_without_a_home_page_the_nearest_page_names_and_most_pages_decide_the_platform(tmp_path: Path) -> None:
    pages = [page("http://loaf.example/2026/10/spelt/", name="Loaf deep", platform="wordpress"),
             page("http://loaf.example/b/", name="Loaf B", platform="ghost"),
             page("http://loaf.example/a/", name="Loaf A", platform="wordpress"),
             page("http://loaf.example/c/")]
    for n, order in enumerate((pages, pages[::-1])):
        db = open_db(tmp_path / f"{n}.db")
        write(db, order, 1)
        # /a/ and /b/ are as near the home: the first URL names and starts the site; two pages of three known
        # say wordpress.
        assert identity(db, "loaf.example") == ("Loaf A", "wordpress")
        assert home(db, "loaf.example") == "http://loaf.example/a/"
        # The home page comes later (a nightly reaches it): it is the home from then on.
        write(db, [page("http://loaf.example/")], 1)
        assert home(db, "loaf.example") == "http://loaf.example/"


def test_a_site_that_names_itself_nowhere_is_its_home_title_else_its_domain(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    write(db, [page("http://rye.example/x/"), page("http://rye.example/", title="Rye Days")], 1)
    write(db, [page("http://spelt.example/x/", title="Spelt post")], 1)
    assert identity(db, "rye.example") == ("Rye Days", "unknown")
    assert identity(db, "spelt.example") == ("spelt.example", "unknown")


def test_a_recrawl_renames_from_the_home_page_not_from_a_deeper_page(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    write(db, CRUMB, 200)
    later = "2026-11-20T10:00:00+00:00"
    write(db, [page("http://crumb.example/rye/", name="Rye Notes by Crumb", platform="ghost", fetched_at=later)], 1)
    assert identity(db, "crumb.example") == ("Crumb Kitchen", "wordpress")
    write(db, [page("http://crumb.example/", name="Crumb & Co", platform="wordpress", fetched_at=later)], 1)
    assert identity(db, "crumb.example") == ("Crumb & Co", "wordpress")
    # The home page stops naming itself: the page nearest it that does names the site.
    write(db, [page("http://crumb.example/", platform="wordpress", title="", fetched_at=later)], 1)
    assert identity(db, "crumb.example") == ("About Crumb", "wordpress")


def test_rows_from_worker_messages_name_the_site_as_pages_do(tmp_path: Path) -> None:
    """`linktrail ingest` writes ready-made rows with the name apart (`add_rows`): the same site row as `add`."""
    db = open_db(tmp_path / "lt.db")
    writer = PageWriter(db, 1)
    for item in reversed(CRUMB):
        writer.add_rows(page_row(item), [], item.facts.post.site_name or None)
    writer.flush()
    assert identity(db, "crumb.example") == ("Crumb Kitchen", "wordpress")


def test_the_migration_reads_the_names_back_from_the_stored_facts(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    names = [m.name for m in migrations._migrations]
    migrations.apply(old, stop_before="m007_site_identity")
    old.table("sites").insert({"domain": "crumb.example", "name": "Crumb: Rye Notes", "platform": "ghost"})
    for item in CRUMB:  # as the writer stored pages before the column
        row = page_row(item)
        old.table("pages").insert(row)
    old.conn.close()

    db = open_db(path)
    assert [m.name for m in migrations.applied(db)] == names
    stored = {r["url"]: r["claimed_site_name"] for r in db.query("select url, claimed_site_name from pages")}
    assert stored == {item.url: item.facts.post.site_name or None for item in CRUMB}
    assert json.loads(db.table("pages").get("http://crumb.example/")["facts"])["post"]["site_name"] == "Crumb Kitchen"
    assert identity(db, "crumb.example") == ("Crumb Kitchen", "wordpress")


def test_the_refresh_looks_pages_up_in_indexes_not_by_reading_every_page_of_the_site(tmp_path: Path) -> None:
    """Each flush refreshes its sites: without the indexes that read all their stored pages four times."""
    from pipelines.store.sites import SITE_IDENTITY

    db = open_db(tmp_path / "lt.db")
    write(db, CRUMB, 200)
    plan = [r["detail"] for r in db.query(f"explain query plan update sites set {SITE_IDENTITY} where domain = ?",
                                          ["crumb.example"])]
    used = {d.split(" INDEX ")[1].split(" ")[0] for d in plan if " INDEX " in d and d.startswith("SEARCH pages")}
    assert used >= {"idx_pages_site_home", "idx_pages_site_named", "idx_pages_site_platform"}, plan


def test_the_migration_decides_the_home_of_sites_stored_before(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m008_site_home")
    write(old, CRUMB, 200)
    # As the writer left it before: the first page written that had three slashes, here a section.
    old.execute("update sites set home_url = 'http://crumb.example/rye/'")
    old.conn.commit()
    old.conn.close()

    db = open_db(path)
    assert home(db, "crumb.example") == "http://crumb.example/"
