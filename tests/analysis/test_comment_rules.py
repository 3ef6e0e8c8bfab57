"""The comment rules beyond WordPress: widgets, notices in many languages, the structural form rule, captchas, evidence."""

from __future__ import annotations

import pytest

from crawler.analysis import analyse

from .pages import TODAY

URL = "https://news.example/a-story/"


def _page(inner: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article><p>Story.</p></article>{inner}</body></html>"


WIDGET_CASES = [
    ('<div class="fyre" data-livefyre-id="7"></div>', "livefyre", "embed:livefyre"),
    ("", "livefyre", "embed:livefyre_js", '<script src="https://zor.livefyre.com/wjs/v3.0/javascripts/livefyre.js"></script>'),
    ('<div data-spotim-module="conversation" data-post-id="1"></div>', "spotim", "embed:spotim"),
    # a Spot.IM block inside a container named after Disqus is Spot.IM
    ('<div id="disqus_thread"><div data-spotim-module="conversation"></div></div>', "spotim", "embed:spotim"),
    # rendered and saved: the widget's own form and text area stay the widget's
    ('<div data-spotim-module="conversation"><form class="comment-form"><input name="name">'
     '<textarea name="comment"></textarea><button>Post</button></form></div>', "spotim", "embed:spotim"),
    ('<vf-conversations></vf-conversations>', "viafoura", "embed:viafoura"),
    ('<div class="gig-comments-container"></div>', "gigya", "embed:gigya"),
    ('<div id="SOHUCS" sid="42"></div>', "changyan", "embed:changyan"),
    ('<iframe src="https://coral.qq.com/1234567"></iframe>', "tencent", "embed:tencent"),
    ("", "coral", "embed:coral_js", '<script src="https://latimes.coral.coralproject.net/assets/js/count.js"></script>'),
    ("", "disqus", "embed:disqus_blogger",
     '<script>var disqus_shortname = "x";</script><script src="https://x.disqus.com/blogger_item.js"></script>'),
]


@pytest.mark.parametrize("case", WIDGET_CASES, ids=lambda c: c[2] + (c[0][:20]))
def test_widgets(case: tuple[str, ...]) -> None:
    inner, system, rule = case[:3]
    head = case[3] if len(case) > 3 else ""
    c = analyse(URL, _page(inner, head), today=TODAY).comments
    assert (c.state, c.system, c.evidence[0].rule) == ("embed", system, rule)


def _area(text: str) -> str:
    return _page(f'<div id="comments"><h3>Comments</h3><p>{text}</p></div>')


LOGIN_CASES = [
    ("You must login or create an account to comment.", "login:en_login_or_create"),
    ('<a href="/login">Log in</a> to comment', "login:en_to_comment_short"),
    ("Sign in to post a comment", "login:en_sign_in_to_post"),
    ("Register to add your comments", "login:en_register_to"),
    ("Bitte melden Sie sich an, um diesen Artikel zu kommentieren.", "login:de_bitte_anmelden"),
    ("Connectez-vous pour réagir.", "login:fr_connexion"),
    ("Regístrate para comentar.", "login:es_registrate"),
    ("Devi essere registrato per commentare.", "login:it_accedi"),
    ("Faça login para comentar.", "login:pt_entrar"),
    ("Je moet ingelogd zijn om te reageren.", "login:nl_inloggen"),
    ("Zaloguj się, aby dodać komentarz.", "login:pl_zaloguj"),
    ("Войдите, чтобы оставить комментарий.", "login:ru_voiti"),
    ("登录后发表评论", "login:zh_denglu"),
    ("コメントするにはログインしてください", "login:ja_login"),
]


@pytest.mark.parametrize(("text", "rule"), LOGIN_CASES)
def test_login_notices(text: str, rule: str) -> None:
    c = analyse(URL, _area(text), today=TODAY).comments
    assert (c.state, rule in c.rules) == ("login_required", True)
    assert c.evidence[0].matched


def test_disabled_textarea_with_login_text_is_login_required() -> None:
    html = _page('<form id="comment-form" action="/post"><textarea name="body" disabled>Nur für Abonnenten</textarea>'
                 '<a href="/login">Anmelden</a></form>')
    c = analyse(URL, html, today=TODAY).comments
    assert (c.state, c.evidence[0].rule) == ("login_required", "login:disabled_textarea")


FORM = ('<h2>{heading}</h2><form action="/save.php" method="post"><label for="n">Name</label><input id="n" name="name">'
        '<label for="e">E-Mail</label><input id="e" name="email"><label for="h">{site}</label><input id="h" name="h1">'
        '<textarea name="txt"></textarea><input type="submit" value="OK"></form>')


@pytest.mark.parametrize(("heading", "site", "website"), [
    ("Kommentare schreiben", "Homepage", True), ("Laisser un commentaire", "Site web", True),
    ("Deja un comentario", "Ciudad", False), ("Dodaj komentarz", "Strona www", True),
    ("Оставить отзыв", "Сайт", True),
])
def test_structural_form(heading: str, site: str, website: bool) -> None:
    c = analyse(URL, _page(FORM.format(heading=heading, site=site)), today=TODAY).comments
    assert (c.state, c.system, c.website_field, c.rules[0]) == ("open", "other", website, "form:structural")


@pytest.mark.parametrize("heading", ["Contact us", "Tell us what you think of this page"])
def test_structural_form_needs_comment_words(heading: str) -> None:
    assert analyse(URL, _page(FORM.format(heading=heading, site="Website")), today=TODAY).comments.state == "none"


def test_serendipity_and_ucoz_forms() -> None:
    s9y = _page('<form id="serendipity_comment" action="/comment.php"><input name="serendipity[name]">'
                '<input name="serendipity[email]"><input name="serendipity[url]"><textarea name="serendipity[comment]">'
                '</textarea><input type="submit"></form>')
    ucoz = _page('<form id="acform" action="/index/"><input name="name"><input name="email"><textarea name="message">'
                 '</textarea><input type="submit"></form>')
    got = [(c.state, c.system, c.website_field) for c in
           (analyse(URL, s9y, today=TODAY).comments, analyse(URL, ucoz, today=TODAY).comments)]
    assert got == [("open", "other", True), ("open", "other", False)]


def test_report_comment_form_is_not_a_comment_form() -> None:
    html = _page('<div id="comments"><h3>Comments</h3><form class="report-comment"><input name="name">'
                 '<input name="email"><textarea name="comment_reason"></textarea><button>Report</button></form></div>')
    assert analyse(URL, html, today=TODAY).comments.state == "none"


CAPTCHA_FORM = ('<form id="commentform" action="/wp-comments-post.php"><input name="author"><input name="email">'
                '<textarea name="comment"></textarea>{inside}<input type="submit"></form>')


@pytest.mark.parametrize(("inside", "outside", "captcha"), [
    ('<span class="cptch_block"><input name="cptch_number"></span>', "", "image"),
    ('<img src="/code.php"> <input name="code">', "", "image"),
    ('<div class="g-recaptcha" data-sitekey="k"></div>', "", "recaptcha"),
    # the page's reCAPTCHA belongs to a newsletter box elsewhere, not to the comment form
    ("", '<form class="newsletter"><div class="g-recaptcha" data-sitekey="k"></div></form>', "none"),
])
def test_form_captcha(inside: str, outside: str, captcha: str) -> None:
    head = '<script src="https://www.google.com/recaptcha/api.js"></script>'
    html = _page(CAPTCHA_FORM.format(inside=inside) + outside, head)
    c = analyse(URL, html, today=TODAY).comments
    assert (c.state, c.captcha) == ("open", captcha)
