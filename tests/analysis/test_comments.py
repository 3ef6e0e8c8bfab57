"""Comment state, system, website field, captcha and existing comments over saved real pages."""

from __future__ import annotations

import pytest

from crawler.analysis import CAPTCHAS, COMMENT_STATES, COMMENT_SYSTEMS, analyse

from .pages import TODAY, facts, wordpress_truth

# name, state, system, website_field, captcha, count, rel, newest
COMMENT_CASES = [
    ("wordpress-open-website-de.html", "open", "wordpress", True, "none", 0, (), None),
    ("wordpress-open-website-2.html", "open", "wordpress", True, "recaptcha", 0, (), None),
    # reCAPTCHA v3 loaded for a contact form elsewhere is not the comment form's captcha
    ("wordpress-open-website-at.html", "open", "wordpress", True, "none", 0, (), None),
    ("wordpress-login-required-de.html", "login_required", "wordpress", None, "none", 0, (), None),
    ("wordpress-closed-de.html", "closed", "wordpress", None, "none", 0, (), None),
    ("wordpress-closed-with-comments-de.html", "closed", "wordpress", None, "none", 3, ("nofollow",), "2014-07-22"),
    ("wordpress-com-closed-de.html", "closed", "wordpress", None, "none", 0, (), None),
    # "Kommentare sind geschlossen" sits inside an HTML comment: nothing a reader sees
    ("wordpress-closed-plugin-de.html", "none", None, None, "none", 0, (), None),
    ("wordpress-jetpack-comments.html", "embed", "jetpack", None, "none", 2, ("nofollow",), "2016-09-18"),
    ("wordpress-disqus.html", "embed", "disqus", None, "none", 0, (), None),
    ("wordpress-facebook-comments.html", "embed", "facebook", None, "none", 0, (), None),
    ("wordpress-footer-write-for-us.html", "embed", "facebook", None, "none", 0, (), None),
    ("octopress-disqus.html", "embed", "disqus", None, "none", 0, (), None),
    ("blogger-comment-iframe.html", "embed", "blogger", None, "none", 0, (), None),
    ("blogger-comment-iframe-with-comments.html", "embed", "blogger", None, "none", 1, ("nofollow",), "2017-05-10"),
    ("blogger-no-comment-form.html", "none", None, None, "none", 0, (), None),
    ("drupal-comment-form.html", "open", "drupal", False, "image", 0, (), None),
    ("drupal-login-required-es.html", "login_required", "drupal", None, "none", 0, (), None),
    ("drupal-closed-fr.html", "closed", "drupal", None, "none", 6, (), None),
    ("ghost-commento.html", "embed", "commento", None, "none", 0, (), None),
    ("coral-comments.html", "embed", "coral", None, "none", 0, (), None),
    ("vuukle-comments.html", "embed", "vuukle", None, "none", 0, (), None),
    ("utterances-homepage.html", "embed", "utterances", None, "none", 0, (), None),
    # a rating box with a "comment" text area is not a comment form
    ("feedback-form-not-comments.html", "none", None, None, "none", 0, (), None),
    # taz's box posts to its community, which needs an account: no open form for a visitor
    ("news-own-comment-form-de.html", "none", None, None, "none", 0, (), None),
    ("medium-post.html", "none", None, None, "none", 0, (), None),
    ("squarespace-post.html", "none", None, None, "none", 0, (), None),
    ("wix-post.html", "none", None, None, "none", 0, (), None),
    ("hugo-post.html", "none", None, None, "none", 0, (), None),
    ("jekyll-post.html", "none", None, None, "none", 0, (), None),
    ("joomla-article.html", "none", None, None, "none", 0, (), None),
    ("spip-article.html", "none", None, None, "none", 0, (), None),
    ("typo3-article.html", "none", None, None, "none", 0, (), None),
    ("nginx-default-page.html", "none", None, None, "none", 0, (), None),
    ("parked-godaddy-lander.html", "none", None, None, "none", 0, (), None),
    ("wordpress-soft-404.html", "none", None, None, "none", 0, (), None),
]


@pytest.mark.parametrize(
    ("name", "state", "system", "website_field", "captcha", "count", "rel", "newest"), COMMENT_CASES
)
def test_comments(name: str, state: str, system: str | None, website_field: bool | None,
                  captcha: str, count: int, rel: tuple[str, ...], newest: str | None) -> None:
    c = facts(name).comments
    assert (c.state, c.system, c.website_field, c.captcha, c.count, c.rel, c.newest) == (
        state, system, website_field, captcha, count, rel, newest)
    assert c.state in COMMENT_STATES
    assert c.system is None or c.system in COMMENT_SYSTEMS
    assert c.captcha in CAPTCHAS
    assert (c.system is None) == (c.state == "none")


WORDPRESS_CASES = sorted(wordpress_truth())


@pytest.mark.parametrize("name", WORDPRESS_CASES)
def test_comments_on_real_wordpress(name: str) -> None:
    """Pages saved from a real WordPress 6.1 (tests/fixtures/wordpress/truth.json)."""
    expected = wordpress_truth()[name]["expected"]
    assert isinstance(expected, dict)
    c = facts(name).comments
    got = {"state": c.state, "system": c.system, "website_field": c.website_field,
           "rel": list(c.rel), "count": c.count}
    assert got == {key: expected[key] for key in got}


def test_comment_reply_script_is_no_sign_of_openness() -> None:
    for name in WORDPRESS_CASES:
        if "closed_with_comments" in name:
            assert facts(name).comments.state == "closed"


# --- notices in four languages, as WordPress and Drupal print them ---------------------------
def _respond(inner: str) -> str:
    return ('<html><body><article><p>Post text.</p></article><div id="comments" class="comments-area">'
            f'<div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3>{inner}'
            "</div></div></body></html>")


NOTICE_CASES = [
    ('<p>You must be <a href="/wp-login.php">logged in</a> to post a comment.</p>', "login_required", "login:en_must_be_logged_in"),
    ('<p>Du musst <a href="/wp-login.php">angemeldet</a> sein, um einen Kommentar abzugeben.</p>', "login_required", "login:de_angemeldet"),
    ('<p>Sie müssen <a href="/wp-login.php">angemeldet</a> sein, um einen Kommentar abzugeben.</p>', "login_required", "login:de_angemeldet"),
    ('<p>Vous devez <a href="/wp-login.php">vous connecter</a> pour publier un commentaire.</p>', "login_required", "login:fr_connecter"),
    ('<p>Vous devez être connecté pour publier un commentaire.</p>', "login_required", "login:fr_connecte"),
    ('<p>Lo siento, debes estar <a href="/wp-login.php">conectado</a> para publicar un comentario.</p>', "login_required", "login:es_conectado"),
    ('<p>Debes <a href="/wp-login.php">iniciar sesión</a> para publicar un comentario.</p>', "login_required", "login:es_iniciar_sesion"),
    ('<p><a href="/user/login">Log in</a> or <a href="/user/register">register</a> to post comments</p>', "login_required", "login:en_log_in_or_register"),
    ("<p>Comments are closed.</p>", "closed", "closed:en_comments_are_closed"),
    ("<p>Kommentare sind geschlossen.</p>", "closed", "closed:de_geschlossen"),
    ("<p>Die Kommentarfunktion ist geschlossen.</p>", "closed", "closed:de_geschlossen"),
    ("<p>Les commentaires sont fermés.</p>", "closed", "closed:fr_fermes"),
    ("<p>Los comentarios están cerrados.</p>", "closed", "closed:es_cerrados"),
    ("<p>Comentarios cerrados.</p>", "closed", "closed:es_cerrados"),
]


@pytest.mark.parametrize(("inner", "state", "rule"), NOTICE_CASES)
def test_notices(inner: str, state: str, rule: str) -> None:
    c = analyse("https://blog.example/a-post/", _respond(inner), today=TODAY).comments
    assert (c.state, rule in c.rules) == (state, True)


FORM = ('<form action="https://blog.example/wp-comments-post.php" method="post" id="commentform" '
        'class="comment-form"><textarea id="comment" name="comment"></textarea>'
        '<input id="author" name="author" type="text"><input id="email" name="email" type="email">'
        "{extra}</form>")


@pytest.mark.parametrize(("extra", "website_field", "captcha"), [
    ('<input id="url" name="url" type="url">', True, "none"),
    ('<input id="url" name="url" type="text">', True, "none"),
    ('<input name="website" type="text">', True, "none"),
    ('<input name="homepage" type="text">', True, "none"),
    ('<input type="hidden" name="url" value="x">', False, "none"),
    ("", False, "none"),
    ('<div class="g-recaptcha" data-sitekey="k"></div>', False, "recaptcha"),
    ('<div class="h-captcha" data-sitekey="k"></div>', False, "hcaptcha"),
    ('<div class="cf-turnstile" data-sitekey="k"></div>', False, "turnstile"),
    ('<img src="/captcha.php?id=3"><input name="captcha_code">', False, "image"),
])
def test_form_fields(extra: str, website_field: bool, captcha: str) -> None:
    # inline CSS naming .comment-form-url (twentytwentythree prints it on every page) is no field
    page = ("<html><head><style>.comment-form-url{display:block}</style></head><body>"
            + _respond(FORM.format(extra=extra)) + "</body></html>")
    c = analyse("https://blog.example/a-post/", page, today=TODAY).comments
    assert (c.state, c.website_field, c.captcha) == ("open", website_field, captcha)


def _comment(i: int, author: str, text: str, day: str, links: int = 0) -> str:
    body = text + "".join(f' <a href="https://spam{i}-{k}.example/">x</a>' for k in range(links))
    return (f'<li id="comment-{i}" class="comment"><article class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><b class="fn"><a href="https://site{i}.example/" class="url" '
            f'rel="ugc external nofollow">{author}</a></b></div><div class="comment-metadata">'
            f'<a href="/a-post/#comment-{i}"><time datetime="{day}T10:00:00+00:00">{day}</time></a></div>'
            f'</footer><div class="comment-content"><p>{body}</p></div></article></li>')


def _post(published: str, comments: list[str], form: bool = True) -> str:
    return ('<html><head><meta property="article:published_time" content="' + published + 'T08:00:00+00:00">'
            '</head><body><article><h1 class="entry-title">A post</h1><div class="entry-content"><p>Text.</p>'
            '</div></article><div id="comments" class="comments-area"><ol class="comment-list">'
            + "".join(comments) + "</ol>"
            + ('<div id="respond" class="comment-respond">' + FORM.format(extra="") + "</div>" if form else "")
            + "</div></body></html>")


def test_spam_share_counts_links_keyword_names_and_duplicates() -> None:
    comments = [
        _comment(1, "Jane", "I tried this with rye and it worked well.", "2026-11-01"),
        _comment(2, "Best Cheap Loans Online", "Great post!", "2026-11-02"),
        _comment(3, "Bob", "Visit my sites", "2026-11-03", links=4),
        _comment(4, "Ann", "Thanks for sharing this, very helpful.", "2026-11-04"),
        _comment(5, "Ann2", "Thanks for sharing this, very helpful.", "2026-11-05"),
    ]
    c = analyse("https://blog.example/a-post/", _post("2026-10-30", comments), today=TODAY).comments
    assert (c.count, c.newest, c.rel) == (5, "2026-11-05", ("nofollow", "ugc"))
    assert c.spam_share == 0.6


@pytest.mark.parametrize(("published", "newest", "risk"), [
    ("2026-11-20", "2026-11-21", False),  # 3 days old
    ("2026-11-10", None, True),  # 13 days: one day short of the 14-day window
    ("2026-08-20", "2026-11-20", False),  # past 90 days, but commented 3 days ago
    ("2026-08-20", "2026-08-21", True),  # past 90 days, silent for 94
    ("2020-01-01", "2026-10-01", False),  # years old, commented within 180 days
    ("2020-01-01", "2021-01-01", True),
])
def test_autoclose_risk(published: str, newest: str | None, risk: bool) -> None:
    comments = [_comment(1, "Jane", "Nice.", newest)] if newest else []
    c = analyse("https://blog.example/a-post/", _post(published, comments), today=TODAY).comments
    assert (c.state, c.autoclose_risk) == ("open", risk)


def test_closed_when_comments_but_no_form() -> None:
    page = _post("2026-01-01", [_comment(1, "Jane", "Nice.", "2026-01-02")], form=False)
    c = analyse("https://blog.example/a-post/", page, today=TODAY).comments
    assert (c.state, c.count, "closed:comments_without_form" in c.rules) == ("closed", 1, True)


# Embed codes as each service documents them (no saved public page was found for these).
EMBED_SNIPPETS = [
    ('<script src="https://giscus.app/client.js" data-repo="o/r" data-repo-id="R" data-category="General" '
     'data-category-id="C" data-mapping="pathname" crossorigin="anonymous" async></script>', "giscus"),
    ('<div id="hyvor-talk-view"></div><script async src="https://talk.hyvor.com/web-api/embed.js"></script>', "hyvor"),
    ("<div id='discourse-comments'></div><script>DiscourseEmbed = { discourseUrl: 'https://forum.example/',"
     " discourseEmbedUrl: 'https://blog.example/p/' };</script>", "discourse"),
    ('<div id="remark42"></div><script>var remark_config = { host: "https://remark.example", site_id: "b" };</script>', "remark42"),
    ('<script data-isso="//comments.example/" src="//comments.example/isso/js/embed.min.js"></script>'
     '<section id="isso-thread"></section>', "isso"),
    ('<div id="disqus_thread"></div>', "disqus"),
    ('<div class="fb-comments" data-href="https://blog.example/p/" data-numposts="5"></div>', "facebook"),
]


@pytest.mark.parametrize(("snippet", "system"), EMBED_SNIPPETS)
def test_embed_snippets(snippet: str, system: str) -> None:
    page = f"<html><body><article><p>Text.</p></article>{snippet}</body></html>"
    c = analyse("https://blog.example/p/", page, today=TODAY).comments
    assert (c.state, c.system) == ("embed", system)
