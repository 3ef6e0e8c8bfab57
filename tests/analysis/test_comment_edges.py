"""The comment rules at their edges, with literal values: state precedence, rel by majority, auto-close windows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crawler.analysis import analyse

from .pages import TODAY


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def test_login_notice_wins_over_closed_notice() -> None:
    # both notices in one comment area, either order: "login_required" is decided before "closed"
    for inner in ("<p>Comments are closed.</p><p>You must be logged in to post a comment.</p>",
                  "<p>You must be logged in to post a comment.</p><p>Comments are closed.</p>"):
        page = ('<html><body><article><p>Post text.</p></article><div id="comments" class="comments-area">'
                f'<div id="respond" class="comment-respond">{inner}</div></div></body></html>')
        c = analyse("https://blog.example/a-post/", page, today=TODAY).comments
        assert c.state == "login_required"
        assert ("login:en_must_be_logged_in" in c.rules, "closed:en_comments_are_closed" in c.rules) == (True, True)


def _comment(i: int, rel: str, day: str = "2026-11-01") -> str:
    return (f'<li id="comment-{i}" class="comment"><article class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><b class="fn"><a href="https://site{i}.example/" class="url" '
            f'rel="{rel}">Name {i}</a></b></div><div class="comment-metadata"><a href="/p/#comment-{i}">'
            f'<time datetime="{day}T10:00:00+00:00">{day}</time></a></div></footer>'
            f'<div class="comment-content"><p>Comment number {i} on this post.</p></div></article></li>')


FORM = ('<div id="respond" class="comment-respond"><form action="https://blog.example/wp-comments-post.php" '
        'method="post" id="commentform" class="comment-form"><textarea id="comment" name="comment"></textarea>'
        '<input id="author" name="author" type="text"><input id="email" name="email" type="email"></form></div>')


def _post(published: str, comments: list[str]) -> str:
    return ('<html><head><meta property="article:published_time" content="' + published + 'T08:00:00+00:00">'
            '</head><body><article><h1 class="entry-title">A post</h1><div class="entry-content"><p>Text.</p>'
            '</div></article><div id="comments" class="comments-area"><ol class="comment-list">'
            + "".join(comments) + "</ol>" + FORM + "</div></body></html>")


@pytest.mark.parametrize(("rels", "expected"), [
    (["nofollow", "nofollow", "external"], ("nofollow",)),  # 2 of 3: most
    (["nofollow", "external", "external"], ()),  # 1 of 3: some, not most
    (["ugc nofollow", "external"], ()),  # 1 of 2: half is not more than half
    (["ugc nofollow", "ugc", "nofollow", "ugc"], ("ugc",)),  # ugc 3 of 4 yes, nofollow 2 of 4 no
])
def test_commenter_rel_is_what_most_links_carry(rels: list[str], expected: tuple[str, ...]) -> None:
    page = _post(ago(100), [_comment(i, rel) for i, rel in enumerate(rels)])
    c = analyse("https://blog.example/p/", page, today=TODAY).comments
    assert (c.count, c.rel) == (len(rels), expected)


# (post age in days, newest comment age in days or None, the auto-close rule or None)
AUTOCLOSE_EDGES = [
    (30, 20, "autoclose:no_comment_within_14d"),  # exactly 30 days old has not crossed the 30-day window
    (31, 20, None),  # 31 days old has crossed it, and a comment came within 30 days
    (31, 30, None),  # a comment exactly 30 days ago is within the 30-day window
    (31, 31, "autoclose:no_comment_within_30d"),  # 31 days ago is not
    (22, 1, None),  # 8 days short of the 30-day window: not near yet
    (23, 1, "autoclose:near_30d"),  # 7 days short: near
    (30, 1, "autoclose:near_30d"),  # on the day itself: still near, not crossed
    (14, None, "autoclose:near_14d"),  # 14 days old, silent: on the 14-day window
    (15, None, "autoclose:no_comment_within_14d"),
]


@pytest.mark.parametrize(("age", "newest", "rule"), AUTOCLOSE_EDGES)
def test_autoclose_window_edges(age: int, newest: int | None, rule: str | None) -> None:
    comments = [_comment(1, "ugc", ago(newest))] if newest is not None else []
    c = analyse("https://blog.example/p/", _post(ago(age), comments), today=TODAY).comments
    fired = [r for r in c.rules if r.startswith("autoclose:")]
    assert (c.state, fired, c.autoclose_risk) == ("open", [rule] if rule else [], rule is not None)
