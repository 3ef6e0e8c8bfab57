"""Post title, dates, language and text over saved real pages."""

from __future__ import annotations

import random
from datetime import date

import pytest

from crawler.analysis import analyse, htmldate_dates
from crawler.analysis import post as post_module
from crawler.analysis.dates import parse_date, url_date
from crawler.analysis.document import MAIN_TEXT_CAP

from .pages import TODAY, facts

# name, title, published, modified, language, rule that found the date
POST_CASES = [
    ("blogger-comment-iframe.html", "SibenLab privacy policy", "2018-06-05", None, "fr", "date:time_element"),
    ("blogger-no-comment-form.html", "Irland Roadtrip", "2018-08-01", None, "de", "date:url"),
    ("coral-comments.html", None, "2020-02-19", None, "en-US", "date:meta"),
    ("drupal-closed-fr.html", "Glyphosate: radiographie d’une intoxication collective", "2019-05-15", "2019-10-03", "fr", "date:json_ld"),
    ("drupal-comment-form.html", "Aydan Özoğuz wird Vizepräsidentin", "2021-10-26", "2021-10-26", "de", "date:meta"),
    ("drupal-login-required-es.html", None, "2020-12-06", None, "es", "date:meta"),
    ("ghost-commento.html", "Japan und die HPV-Impfungen", "2023-07-30", "2023-08-03", "de", "date:json_ld"),
    ("hugo-post.html", "Managing Python Environments", "2020-01-10", "2020-01-10", "en-US", "date:meta"),
    ("jekyll-post.html", "Faster Docker builds with pipenv, poetry, or pip-tools", "2019-06-17", "2020-06-04", "en-US", "date:json_ld"),
    ("medium-post.html", "Host your Node app on Dokku & DigitalOcean", "2016-03-28", "2018-04-27", "en", "date:json_ld"),
    ("news-own-comment-form-de.html", "Kaeser verarscht Neubauer", "2020-01-13", "2020-01-14", "de", "date:meta"),
    ("octopress-disqus.html", "Why you should be using pathlib", "2018-12-21", None, "en", "date:time_element"),
    ("spip-article.html", "Sur la PMA avec les juristes Marie Mesnil et Laurence Brunet", "2019-06-27", None, "fr", "date:time_element"),
    ("squarespace-post.html", "Zu Besuch bei Véronique Lacaze", "2022-11-21", "2022-11-21", "de-DE", "date:json_ld"),
    ("typo3-article.html", "Bundespräsident würdigte das ehrenamtliche Engagement", "2020-01-23", None, "de", "date:meta"),
    ("wix-post.html", "Das Dating-Dilemma erfolgreicher Frauen", "2022-10-02", "2022-10-02", "de", "date:json_ld"),
    # /2011/12/ names the month; the byline ("Samstag, 3. Dezember 2011") the day
    ("wordpress-closed-de.html", "Kein Cyberterrorismus (diesmal)", "2011-12-03", None, "de-DE", "date:byline"),
    # not article-shaped (no <article>, no og:type): the byline is read ("am Dienstag 6. Mai 2014"), htmldate not asked
    ("wordpress-closed-plugin-de.html", "Podcasts in Plex einbinden", "2014-05-06", "2014-05-06", None, "date:byline"),
    ("wordpress-closed-with-comments-de.html", "Gefällt mir", "2011-09-11", None, "de-DE", "date:url"),
    ("wordpress-com-blogroll-de.html", "Nach viel zu langer Zeit mal wieder", "2019-10-31", "2019-10-31", "de-DE", "date:meta"),
    ("wordpress-com-closed-de.html", "Monstergespräche #1", "2009-12-23", "2009-12-23", "de-DE", "date:meta"),
    ("wordpress-disqus.html", None, "2023-11-06", "2023-11-06", "de-DE", "date:json_ld"),
    ("wordpress-facebook-comments.html", None, "2017-08-03", "2017-08-03", "de-DE", "date:json_ld"),
    ("wordpress-footer-write-for-us.html", "Scientists Confirm 2023 as Hottest Year Ever in the Making", "2023-11-08", "2023-11-08", "en-US", "date:json_ld"),
    ("wordpress-jetpack-comments.html", "Create Patch Files From Multiple Commits In Git", "2013-09-21", "2016-09-18", "en-US", "date:meta"),
    # no date in the tree: the article-shaped page goes to htmldate, which finds one
    ("wordpress-login-required-de.html", "Viviane Obenauf – Staatsanwaltschaft hat Beweise vorgelegt", "2022-02-02", "2022-02-02", "de-DE", "date:htmldate"),
    ("wordpress-open-website-2.html", "Interning of Small Integers in Python", "2019-10-21", None, None, "date:url"),
    ("wordpress-open-website-at.html", "Publikumsvoting beim Wiener Content Award gestartet", "2011-09-17", None, "de-DE", "date:url"),
    ("wordpress-open-website-de.html", "Nummer zwei: Leo", "2015-08-03", "2015-08-03", None, "date:byline"),
    ("wordpress-soft-404.html", "Page not found", None, None, "en-US", None),
    ("nginx-default-page.html", "Welcome to nginx!", None, None, None, None),
    ("twentytwentyone-write_for_us.html", "Write for us", None, None, "en-US", None),
]


@pytest.mark.parametrize(("name", "title", "published", "modified", "language", "rule"), POST_CASES)
def test_post(name: str, title: str | None, published: str | None, modified: str | None,
              language: str | None, rule: str | None) -> None:
    post = facts(name).post
    if title is not None:
        assert post.title == title
    assert (post.published, post.modified, post.language) == (published, modified, language)
    assert (rule in post.rules) if rule else post.rules == ()
    assert len(post.text) <= MAIN_TEXT_CAP


def test_main_text_leaves_out_navigation_and_comments() -> None:
    post = facts("twentytwentyone-open_with_website.html").post
    assert "Leave a Reply" not in post.text and "Recent Comments" not in post.text
    assert post.word_count > 50


def test_main_text_is_capped() -> None:
    page = "<html><body><article><div class='entry-content'>" + "<p>word " * 30_000 + "</div></article></body></html>"
    post = analyse("https://blog.example/long/", page, today=TODAY).post
    assert len(post.text) == MAIN_TEXT_CAP and abs(post.word_count - 30_000) <= 30  # extrapolated


@pytest.mark.parametrize("words", [10, 1_000, 2_100, 5_000, 40_000])
def test_word_count_is_exact_in_the_head_and_close_past_it(words: int) -> None:
    rng = random.Random(words)
    text = " ".join("".join(rng.choice("abcdefghij") for _ in range(rng.randint(1, 12))) for _ in range(words))
    page = f"<html><body><article><div class='entry-content'><p>{text}</p></div></article></body></html>"
    post = analyse("https://blog.example/long/", page, today=TODAY).post
    if len(text) <= MAIN_TEXT_CAP:
        assert post.word_count == words
    else:  # extrapolated from the first MAIN_TEXT_CAP characters
        assert abs(post.word_count - words) <= 0.05 * words


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-05T10:00:00+01:00", date(2024, 3, 5)),
    ("March 5, 2024 at 3:12 pm", date(2024, 3, 5)),
    ("5th of March, 2024", date(2024, 3, 5)),
    ("5. März 2024", date(2024, 3, 5)),
    ("5 mars 2024", date(2024, 3, 5)),
    ("5 de marzo de 2024", date(2024, 3, 5)),
    ("05.03.2024 23:31", date(2024, 3, 5)),
    ("Mittwoch, Mai 10, 2017 4:14:00 PM", date(2017, 5, 10)),
    ("2031-01-01", None),  # after today
    ("1990-01-01", None),  # before blogs
    ("no date here", None),
])
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://b.example/2024/03/05/a-post/", date(2024, 3, 5)),
    ("https://b.example/2024/03/a-post.html", date(2024, 3, 1)),
    ("https://b.example/2024/13/a-post/", None),
    ("https://b.example/a-post/", None),
])
def test_url_date(url: str, expected: date | None) -> None:
    assert url_date(url, TODAY) == expected


def _dateless(url: str, body_class: str, byline: str = "") -> str:
    """A dateless ~100 KB blog page: an article of 600 words, a sidebar of 250 dated post links."""
    words = " ".join(random.Random(7).choice(["soil", "compost", "the", "of", "garden", "and", "we"])
                     for _ in range(600))
    sidebar = "".join(f'<li><a href="/2023/01/post-{i}/">An older post about beds and soil, number {i}</a></li>'
                      for i in range(250))
    filler = "<p>" + "Seeds, tools and the weather, said in the sidebar. " * 40 + "</p>"
    return (f'<html lang="en"><head><title>Garden Blog</title><meta property="og:type" content="article"></head>'
            f'<body class="{body_class}"><article><h1 class="entry-title">A page</h1>{byline}'
            f'<div class="entry-content"><p>{words}</p></div></article>'
            f'<aside class="sidebar"><ul>{sidebar}</ul>{filler * 40}</aside></body></html>')


@pytest.mark.parametrize(("url", "body_class"), [
    ("http://127.0.0.1:8000/about/", ""),  # the path says it
    ("http://127.0.0.1:8000/contact-us", ""),
    ("http://127.0.0.1:8000/", ""),
    ("http://127.0.0.1:8000/tag/soil/", ""),
    ("http://127.0.0.1:8000/our-story/", "page-template-default page page-id-2"),  # WordPress says it
    ("http://127.0.0.1:8000/our-story/", "page-template"),  # Ghost says it
])
def test_a_dateless_page_that_is_not_a_post_gets_no_date_guess(url: str, body_class: str) -> None:
    # htmldate's guess here was 2023-01-01 (a sidebar link's /2023/01/), at 40-50 ms a page
    page = _dateless(url, body_class)
    assert len(page) > 90_000
    post = analyse(url, page, today=TODAY).post
    assert (post.published, post.rules) == (None, ())


def test_a_post_dated_only_in_its_byline_is_dated_from_the_tree() -> None:
    # tests/fixtures/pages/wordpress-login-required-de.html's byline markup, in the post this time
    byline = '<div class="vw-post-meta"><a class="vw-post-date updated" href="#">2. Februar 2022</a></div>'
    url = "http://127.0.0.1:8000/a-post-about-soil/"
    post = analyse(url, _dateless(url, "single single-post", byline), today=TODAY).post
    assert (post.published, post.modified, post.rules) == ("2022-02-02", "2022-02-02", ("date:byline",))


def _article_words(byline: str) -> str:
    """A page that may be one post but is not article-shaped: no <article>, no og:type, a byline and 600 words."""
    words = " ".join(["compost"] * 600)
    return (f'<html lang="en"><head><title>Garden Blog</title></head><body><div class="main"><h1>A page</h1>'
            f'{byline}<p>{words}</p></div></body></html>')


def test_a_page_not_shaped_like_a_post_gets_its_bylines_date_but_never_htmldates(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_htmldate(doc: object) -> tuple[None, None]:
        raise AssertionError("htmldate asked")

    monkeypatch.setattr(post_module, "htmldate_fallback", no_htmldate)
    url = "http://127.0.0.1:8000/a-page-about-soil/"
    post = analyse(url, _article_words('<p class="date">Posted on 6. Mai 2014</p>'), today=TODAY).post
    assert (post.published, post.modified, post.rules) == ("2014-05-06", "2014-05-06", ("date:byline",))
    post = analyse(url, _article_words('<p class="date">Posted 3 weeks ago</p>'), today=TODAY).post
    assert (post.published, post.rules) == (None, ())  # a post would have asked htmldate here


@pytest.mark.parametrize(("url", "byline", "published", "rules"), [
    # the month in the URL, the day in the byline
    ("http://127.0.0.1:8000/2011/12/a-post/", "3. Dezember 2011", "2011-12-03", ("date:url", "date:byline")),
    # a byline date of another month is not this post's: the URL's month stands
    ("http://127.0.0.1:8000/2011/12/a-post/", "3. November 2011", "2011-12-01", ("date:url",)),
    # the URL names the day: the byline is not read
    ("http://127.0.0.1:8000/2011/12/05/a-post/", "3. Dezember 2011", "2011-12-05", ("date:url",)),
    # a list of the month's posts: no post's day is the page's
    ("http://127.0.0.1:8000/category/2011/12/", "3. Dezember 2011", "2011-12-01", ("date:url",)),
])
def test_a_month_only_url_date_takes_its_day_from_the_byline(url: str, byline: str, published: str,
                                                             rules: tuple[str, ...]) -> None:
    post = analyse(url, _article_words(f'<p class="date">{byline}</p>'), today=TODAY).post
    assert (post.published, post.modified, post.rules) == (published, None, rules)


def test_a_byline_the_reader_cannot_settle_still_asks_htmldate_within_its_budget() -> None:
    # 02/03/2022 is the 2nd of March or the 3rd of February: the byline reader leaves it to htmldate
    byline = '<div class="vw-post-meta"><span class="post-date">02/03/2022</span></div>'
    url = "http://127.0.0.1:8000/a-post-about-soil/"
    post = analyse(url, _dateless(url, "single single-post", byline), today=TODAY).post
    assert (post.published, post.rules) == ("2022-03-02", ("date:htmldate",))


@pytest.mark.parametrize("area", ['<div class="comments">', "<div id='comments' class=\"comments-area\">",
                                  '<ol class="comment-list wide">'])
def test_htmldate_is_not_given_the_comments_so_a_comments_date_is_not_the_posts(area: str) -> None:
    # a dateless post whose comments print their dates in <small> (tests/fixtures/corpus/htmldate-1487058344's
    # markup): htmldate, which takes any <small> for a date's place, read the first comment's date as the post's
    tag = area[1:].split()[0]
    comments = "".join(f'<div class="comment"><div class="comment-author">Claire</div>'
                       f'<small class="comment-time">August 0{i}, 2019</small><p>I agree.</p></div>' for i in range(6, 9))
    url = "http://127.0.0.1:8000/a-post-about-soil/"
    page = _dateless(url, "single single-post").replace("</article>", f"</article>{area}{comments}</{tag}>")
    post = analyse(url, page, today=TODAY).post
    assert (post.published, post.rules) == (None, ())


def test_a_timestamp_in_the_themes_style_sheet_is_not_the_posts_date() -> None:
    # htmldate's patterns read the page's serialized text: in inline CSS they found the theme build's timestamp
    style = "<style>/* theme.css built 2021-03-04 10:20:30 */ .entry-title{color:#123}</style></head>"
    url = "http://127.0.0.1:8000/a-post-about-soil/"
    post = analyse(url, _dateless(url, "single single-post").replace("</head>", style), today=TODAY).post
    assert (post.published, post.modified, post.rules) == (None, None, ())


@pytest.mark.parametrize("outside", [
    # a widget of recent posts in the sidebar, each with its date (as WordPress's "Recent Posts" prints them)
    '<aside class="widget"><ul>' + "".join(f'<li><a href="/older-{i}/">An older post</a> '
                                           f'<span class="post-date">March {i}, 2021</span></li>' for i in range(3, 6))
    + "</ul></aside>",
    # breadcrumbs ending in an archive's date
    '<nav class="breadcrumbs"><ul><li><a href="/2019/">2019</a></li><li class="date">12.04.2019</li></ul></nav>',
    # a list of other articles named for navigation, not written as <nav> (tests/fixtures/corpus/htmldate-1791336003,
    # news.az: htmldate read an image path's date there, 2020-12-08, for the post's, 2020-10-13)
    '<ul class="nav row">' + "".join(f'<li><a href="/news/15551{i}"><img src="/uploads/2020/12/0{i}/news/15551{i}.jpg">'
                                     f' Another article, 2020-12-0{i}</a></li>' for i in range(6, 9)) + "</ul>",
    # a site's mega-menu in its header (the realweb's 199 KB pages), each entry with its post's date
    '<div class="header"><ul class="navResource"><li><div class="mega-menu"><ul class="menu-list">'
    + "".join(f'<li><a href="/older-{i}/">An older post</a> (2021-03-0{i})</li>' for i in range(3, 6))
    + "</ul></div></li></ul></div>",
])
def test_a_date_in_navigation_or_an_aside_is_not_the_posts(outside: str) -> None:
    # htmldate, given the whole page, took the first of these dates for the post's
    url = "http://127.0.0.1:8000/a-post-about-soil/"
    post = analyse(url, _dateless(url, "single single-post").replace("<article>", outside + "<article>"),
                   today=TODAY).post
    assert (post.published, post.modified, post.rules) == (None, None, ())


def test_htmldate_reads_a_tree_without_style_sheets_and_drawings(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []

    def spy(tree: object, url: str, max_date: str) -> tuple[None, None]:
        read.extend(element.tag for element in tree.iter("style", "svg", "script"))  # type: ignore[attr-defined]
        return None, None

    monkeypatch.setattr(htmldate_dates, "_find_dates", spy)
    head = "<style>.a{color:red}</style><script>var a = 1;</script></head>"
    icon = '<svg viewBox="0 0 9 9"><path d="M0 0h9v9z"></path></svg><p>'
    url = "http://127.0.0.1:8000/a-post-about-soil/"
    page = _dateless(url, "single single-post").replace("</head>", head).replace("<p>", icon, 1)
    analyse(url, page, today=TODAY)
    assert read == ["script"]  # scripts stay: htmldate finds right dates in them


def test_htmldates_tree_is_made_without_a_python_call_for_each_element(monkeypatch: pytest.MonkeyPatch) -> None:
    from lxml.html import HtmlElementClassLookup  # heavy: lxml.html, as htmldate imports it

    calls: list[str] = []
    real = HtmlElementClassLookup.lookup

    def counting(self: HtmlElementClassLookup, node_type: str, *rest: object) -> object:
        calls.append(node_type)
        return real(self, node_type, *rest)

    monkeypatch.setattr(HtmlElementClassLookup, "lookup", counting)
    # the byline test's page: htmldate answers it, from an element it reads, in a tree with a form in it
    byline = '<div class="vw-post-meta"><span class="post-date">02/03/2022</span></div><form><input name="s"></form>'
    url = "http://127.0.0.1:8000/a-post-about-soil/"
    post = analyse(url, _dateless(url, "single single-post", byline), today=TODAY).post
    assert (post.published, post.rules) == ("2022-03-02", ("date:htmldate",))
    assert calls == []


SITE_HEADER = '<div id="header"><h1><a href="/">Sourdough Diary</a></h1></div>'
OTHER_H1 = '<div class="top"><h1><a href="/">Sourdough Diary</a></h1></div>'


@pytest.mark.parametrize(("header", "parts_of_h1_links"), [
    (SITE_HEADER, ["#header h1 a"]),  # the link in the header's h1: the site's name
    (OTHER_H1, []),  # an h1 holding a link, inside no #header or .header: neither part can match, neither walked
    ('<div class="header"><h1>Sourdough Diary</h1></div>', []),  # an h1 without a link
])
def test_the_site_name_selectors_h1_link_parts_are_walked_only_where_they_may_match(
        header: str, parts_of_h1_links: list[str]) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from crawler.analysis.document import Document

    page = f"<html><body>{header}<article><h2>A loaf</h2><p>Crumb.</p></article></body></html>"
    doc = Document("https://blog.example/loaf/", page, LexborHTMLParser(page), {}, TODAY)
    parts = post_module._site_name_selector(doc).split(", ")
    assert [part for part in parts if part.endswith(" h1 a")] == parts_of_h1_links
    assert post_module.site_name(doc) == ("Sourdough Diary" if header == SITE_HEADER else "")
