"""What the comment analysis reads where, stated literally: the notice after the area, the words around a plain
form, website labels, comment dates, and the system of a closed area."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.analysis import analyse
from crawler.analysis.facts import CommentFacts, Evidence

from .pages import TODAY

URL = "https://blog.example/a-post/"


def comments(inner: str, head: str = "") -> CommentFacts:
    page = f"<html><head>{head}</head><body><article><p>Post text here.</p></article>{inner}</body></html>"
    facts = analyse(URL, page, today=TODAY)
    assert facts.warnings == ()
    return facts.comments


def area(inner: str, after: str = "") -> str:
    return f'<div id="comments" class="comments-area">{inner}</div>{after}'


CLOSED = ("closed", ("closed:en_comments_are_closed",),
          (Evidence("closed:en_comments_are_closed", "comments are closed"),))
NONE: tuple[str, tuple[str, ...], tuple[Evidence, ...]] = ("none", (), ())
NOTICE = "Comments are closed."


@pytest.mark.parametrize(("after", "expected"), [
    ("\n  <p>Comments are closed.</p>", CLOSED),  # the first element after the area, past white space
    ("<p><em>Comments are closed.</em></p>", CLOSED),  # its text at any depth
    ("<p><span>Comments are</span><span>closed.</span></p>", CLOSED),  # one space between its parts
    ("<div>Comments are closed.</div>", NONE),  # a paragraph only
    ("<p>Post navigation</p><p>Comments are closed.</p>", NONE),  # only the first element
    (f"<p>{NOTICE} {'a' * (199 - len(NOTICE))}</p>", CLOSED),  # 200 characters
    (f"<p>{NOTICE} {'a' * (200 - len(NOTICE))}</p>", NONE),  # 201: a paragraph of the page, not a notice
])
def test_a_notice_just_after_the_comment_area(after: str, expected: tuple[object, ...]) -> None:
    c = comments(area("<h2>Discussion</h2>", after))
    assert (c.state, c.rules, c.evidence) == expected


@pytest.mark.parametrize(("generator", "items", "system"), [
    ("Ghost 5.0", "", "ghost"),
    ("Blogger", "", "blogger"),
    ("WordPress 6.4", "", "wordpress"),
    ("Joomla! - Open Source Content Management", "", "other"),
    ("", '<article class="comment"><p>An older comment.</p></article>', "drupal"),  # no platform: the items say
    ("Hugo 0.1", '<article class="comment"><p>An older comment.</p></article>', "other"),  # another platform's
    ("", '<ol class="comment-list"><li><p>An older comment.</p></li></ol>', "other"),  # generic items
])
def test_the_system_of_a_closed_area(generator: str, items: str, system: str) -> None:
    head = f'<meta name="generator" content="{generator}">' if generator else ""
    c = comments(area(items + "<p>Comments are closed.</p>"), head)
    assert (c.state, c.system) == ("closed", system)


def plain_form(text: str = "", attrs: str = "", submit: str = '<input type="submit" value="Send">') -> str:
    """A form with no comment class, id or field name: only the words around it can say it is for comments."""
    return f'<form{attrs}>{text}<textarea name="msg"></textarea><input name="author">{submit}</form>'


OPEN = ("open", "other", ("form:structural",))
NO_FORM: tuple[str, None, tuple[str, ...]] = ("none", None, ())


@pytest.mark.parametrize(("html", "expected"), [
    (plain_form(), NO_FORM),  # nothing says comments
    (plain_form("<label>Name</label><label>Comment</label>"), OPEN),  # its own labels, one space apart
    (plain_form("<p><b>Leave a reply</b></p>"), OPEN),  # at any depth
    (plain_form(f"<p>{'a' * 594} reply</p>"), OPEN),  # within the first 600 characters of its text
    (plain_form(f"<p>{'a' * 595} reply</p>"), NO_FORM),  # cut at the 600th
    (plain_form(submit='<input type="submit" value="Post Comment">'), OPEN),  # the submit button
    (plain_form(attrs=' id="reply"'), OPEN),  # its id, class, action or name
    (plain_form(attrs=' class="antwort"'), OPEN),
    (plain_form(attrs=' action="/reageer"'), OPEN),
    (plain_form(attrs=' name="kommentare"'), OPEN),
    ("<h3>Leave a Reply</h3>" + plain_form(), OPEN),  # the heading just before
    ("<h3><span>Comments</span></h3>" + plain_form(), OPEN),
    ("<div><span>Leave a</span><span>comment</span></div>" + plain_form(), OPEN),
    ("<h3>Comments</h3><p>a</p><p>b</p><p>c</p>" + plain_form(), OPEN),  # the fourth element before
    ("<h3>Comments</h3><p>a</p><p>b</p><p>c</p><p>d</p>" + plain_form(), NO_FORM),  # not the fifth
    ("<h3>Comments</h3><div><div>" + plain_form() + "</div></div>", OPEN),  # before its box's box
    ("<h3>Comments</h3><div><div><div>" + plain_form() + "</div></div></div>", NO_FORM),  # three boxes up: no
    ("Leave a comment" + plain_form(), NO_FORM),  # bare text, no element
    ("<h3>Comments " + "a" * 291 + "</h3>" + plain_form(), OPEN),  # the heading's last 300 characters
    ("<h3>Comments " + "a" * 292 + "</h3>" + plain_form(), NO_FORM),
])
def test_the_words_that_make_a_plain_form_a_comment_form(html: str, expected: tuple[object, ...]) -> None:
    c = comments(html)
    assert (c.state, c.system, c.rules) == expected


@pytest.mark.parametrize("attrs", [' id="newsletter"', ' name="contact"', ' action="/search"'])
def test_a_form_named_for_something_else_is_not_a_comment_form(attrs: str) -> None:
    c = comments("<h3>Comments</h3>" + plain_form(attrs=attrs))
    assert (c.state, c.system, c.rules) == NO_FORM


def reply_form(fields: str) -> str:
    return ('<div id="comments" class="comments-area"><h3>Leave a Reply</h3><form id="commentform" action="/post">'
            f'<textarea name="comment"></textarea><input id="author" name="author">{fields}'
            '<input type="submit" value="Post"></form></div>')


@pytest.mark.parametrize(("fields", "evidence"), [
    ('<label for="u">Your website</label><input id="u" name="f3">', "label: website"),
    ('<label for="u">网站</label><input id="u" name="f3">', "label: 网站"),
    ('<label>Site <input name="f3"></label>', "label: Site"),
    ('<input name="f3" placeholder="https://your-blog.example/">', "placeholder: https://your-blog.example/"),
    ('<input name="f3" placeholder="www.your-blog.example">', "placeholder: www.your-blog.example"),
    ('<input name="f3" placeholder="Website">', "placeholder: Website"),
    ('<input name="f3" placeholder="https://a-very-long-address-for-your-own-blog.example/">',
     "placeholder: https://a-very-long-address-for-your-own"),  # 40 characters of it
    ('<input name="f3" placeholder="Your city">', None),
    ('<input name="f3">', None),
])
def test_a_website_field_named_by_its_label_or_placeholder(fields: str, evidence: str | None) -> None:
    c = comments(reply_form(fields))
    named = (Evidence("website:label", evidence),) if evidence else ()
    assert (c.state, c.website_field, c.evidence) == (
        "open", evidence is not None, (Evidence("form:wordpress_commentform", "form#commentform"), *named))


def test_evidence_of_a_script_rule_is_its_own_line() -> None:
    head = ('<script src="/theme.js"></script><script src="https://www.google.com/recaptcha/api.js?hl=de"></script>'
            '<link rel="stylesheet" href="/style.css">')
    c = comments(reply_form("") + '<a href="/about/">About</a>', head)
    assert (c.captcha, c.evidence[1]) == (
        "recaptcha", Evidence("captcha:recaptcha_js", "https://www.google.com/recaptcha/api.js?hl=de"))


@pytest.mark.parametrize("before", ["", '<a href="/x/">x</a>\n'])
def test_evidence_of_a_link_rule_on_the_last_line(before: str) -> None:
    c = comments(before + '<iframe src="https://changyan.sohu.com/embed/a"></iframe>', '<script src="/a.js"></script>')
    assert (c.state, c.system, c.evidence) == (
        "embed", "changyan", (Evidence("embed:changyan_js", "https://changyan.sohu.com/embed/a"),))


PLAIN = ('<div id="comments"><h3>Leave a Reply</h3><form action="/post"><textarea name="msg"></textarea>'
         '<input name="author"><input type="submit" value="Send"></form></div>')


def test_a_widget_elsewhere_on_the_page_leaves_a_plain_form_its_own() -> None:
    c = comments(PLAIN + '<div id="disqus_thread"></div>')
    assert (c.state, c.system, c.rules) == ("open", "other", ("form:structural",))
    inside = comments(f'<div id="disqus_thread">{PLAIN}</div>')
    assert (inside.state, inside.system, inside.rules) == ("embed", "disqus", ("embed:disqus_thread",))


def test_a_captcha_box_in_another_form_owns_the_page_captcha_script() -> None:
    newsletter = '<form class="newsletter"><input type="email" name="email"><div class="g-recaptcha"></div></form>'
    page = ('<!DOCTYPE html><html><head><script src="https://www.google.com/recaptcha/api.js"></script></head>'
            f"<body><p>Post.</p>{PLAIN}{newsletter}</body></html>")
    assert analyse(URL, page, today=TODAY).comments.captcha == "none"
    alone = page.replace(newsletter, "")
    assert analyse(URL, alone, today=TODAY).comments.captcha == "recaptcha"


def dated(meta: str, extra: str = "") -> str:
    return ('<div id="comments" class="comments-area"><ol class="commentlist"><li class="comment" id="comment-1">'
            '<div class="comment-author"><a href="https://s1.example/" rel="nofollow">Ann</a></div>'
            f'{meta}<div class="comment-content"><p>Comment text number one here.</p></div></li></ol>{extra}'
            "<p>Comments are closed.</p></div>")


@pytest.mark.parametrize(("meta", "extra", "newest"), [
    ('<span class="comment-date" title="2026-10-05">a while ago</span>', "", "2026-10-05"),  # its title
    ('<span class="comment-date" datetime="2026-10-07" title="2026-10-05">x</span>', "", "2026-10-07"),  # datetime first
    ('<span class="comment-date">2026-11-22</span>', "", "2026-11-22"),  # its text
    ('<span class="comment-date">2026-11-29</span>', "", None),  # after tomorrow (2026-11-24): not a date
    ('<span class="comment-date">-</span>' * 2 + '<span class="comment-date">2026-10-01</span>', "", "2026-10-01"),
    ('<span class="comment-date">-</span>' * 3 + '<span class="comment-date">2026-10-01</span>', "", None),  # 3 read
    # a <time datetime> anywhere in the comment area wins over the items' own dates
    ('<span class="comment-date">2026-10-01</span>', '<time datetime="2026-11-10T08:00:00+00:00">10 Nov</time>',
     "2026-11-10"),
    ('<span class="comment-date">2026-10-01</span>', '<time datetime="2026-11-30T08:00:00+00:00">30 Nov</time>',
     "2026-10-01"),  # unless it is after tomorrow
    ('<span class="comment-date">2026-10-01</span>', '<time datetime="">x</time>', "2026-10-01"),
])
def test_the_newest_comment_date(meta: str, extra: str, newest: str | None) -> None:
    c = comments(dated(meta, extra))
    assert (c.state, c.count, c.newest, c.rel) == ("closed", 1, newest, ("nofollow",))


def test_each_comment_date_text_is_read_once_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts the comments share (a reply link's "Reply") are parsed once, and each comment still gets its date."""
    import crawler.analysis.comments as comment_rules

    read: list[str] = []
    parse = comment_rules.parse_date

    def counted(text: str, today: date) -> date | None:
        read.append(text)
        return parse(text, today)

    monkeypatch.setattr(comment_rules, "parse_date", counted)
    items = "".join(f'<li class="comment"><div class="comment-meta"><a href="#r{i}">Reply</a>'
                    f'<span class="comment-date">2026-10-0{i}</span></div><p>Comment text number {i}.</p></li>'
                    for i in (1, 3, 2))
    c = comments(f'<div id="comments"><ol class="commentlist">{items}</ol></div>')
    assert (c.count, c.newest) == (3, "2026-10-03")
    assert sorted(read) == ["2026-10-01", "2026-10-02", "2026-10-03", "Reply"]


def spam_share(bodies: list[str], authors: list[str] | None = None, body_class: str = "comment-content") -> float:
    names = authors or ["Ann Smith"] * len(bodies)
    items = "".join(
        f'<li class="comment" id="comment-{i}"><div class="comment-author"><b class="fn">{name}</b></div>'
        + (f'<div class="{body_class}">{body}</div>' if body_class else body) + "</li>"
        for i, (body, name) in enumerate(zip(bodies, names, strict=True)))
    c = comments(f'<div id="comments" class="comments-area"><ol class="commentlist">{items}</ol>'
                 "<p>Comments are closed.</p></div>")
    assert (c.state, c.count) == ("closed", len(bodies))
    return c.spam_share


@pytest.mark.parametrize(("bodies", "share"), [
    (['<p><a href="/a">a</a> <a href="/b">b</a> <a href="/c">c</a></p>', '<p><a href="/a">a</a> <a href="/b">b</a></p>'],
     0.5),  # three links in a comment's text: spam; two: not
    (["<p>Nice post</p><p>thank you!</p>"] * 2, 0.5),  # the same text again (20 characters, parts one space apart)
    (["<p>Nice post</p><p>thank you</p>"] * 2, 0.0),  # 19 characters: too short to tell
    (["<p>Thanks!</p>"] * 2, 0.0),
    (["<p>Die Straße ist schön hier, danke!</p>", "<p>Die STRASSE ist schön hier, danke!</p>"], 0.0),  # lower case
    (["<p>Great recipe, I will try it today!</p>", "<p>GREAT RECIPE, I will try it today!</p>"], 0.5),
    (["<p>[…] quoted text from the other post […]</p>"] * 2, 0.0),  # pingback excerpts repeat by nature
    (["<p>[...] quoted text from the other post [...]</p>"] * 2, 0.0),
    (["<p>[&amp;#8230;] quoted text from the other post</p>"] * 2, 0.0),
])
def test_spam_signs_in_the_comment_text(bodies: list[str], share: float) -> None:
    assert spam_share(bodies) == share


def test_a_comment_text_is_its_most_specific_element_else_the_whole_item() -> None:
    same = '<div class="comment-content"><p>Same words in the comment here</p></div>'
    bodies = [f'<div class="comment-body"><p>By {who}</p>{same}</div>' for who in ("Ann", "Bob")]
    assert spam_share(bodies, body_class="") == 0.5  # .comment-content, not .comment-body with its author line
    assert spam_share(["<p>Same words, over twenty chars</p>"] * 2, body_class="") == 0.5  # no class: the item


@pytest.mark.parametrize(("author", "share"), [
    ("Cheap Casino", 1.0),  # two spam words
    ("Best Pizza Oven", 1.0),  # one in a name of three words
    ("Best Pizza", 0.0),  # one in a name of two
    ("Anna Maria Smith", 0.0),  # none
])
def test_spam_signs_in_the_author_name(author: str, share: float) -> None:
    assert spam_share(["<p>One.</p>"], [author]) == share


def test_only_the_comment_area_is_read_for_a_notice_when_the_page_has_one() -> None:
    c = comments('<div id="comments"><h3>Discussion</h3></div><p>Related posts</p><p>Comments are closed.</p>')
    assert (c.state, c.rules) == ("none", ())
    c = comments('<p>Related posts</p><p>Comments are closed.</p>')  # no area: the page's text
    assert (c.state, c.rules) == CLOSED[:2]
    c = comments('<div id="comments"><p><span>Comments are</span><span>closed</span></p></div>')
    assert (c.state, c.rules) == CLOSED[:2]


@pytest.mark.parametrize(("before", "state"), [(9, "closed"), (10, "none")])
def test_the_first_ten_comment_areas_are_read(before: int, state: str) -> None:
    areas = "".join(f'<div class="comments-area"><p>Area {i}</p></div><hr>' for i in range(before))
    assert comments(areas + '<div class="comments-area"><p>Comments are closed.</p></div>').state == state


FIELDS = '<input name="author"><input type="submit" value="Send">'


@pytest.mark.parametrize(("html", "state"), [
    ('<form id="commentform"><textarea name="comment" readonly></textarea><input name="author"></form>', "none"),
    ('<form id="commentform"><textarea name="comment" disabled></textarea><input name="author"></form>', "none"),
    (f'<h3>Comments</h3><form action="/post"><textarea name="msg" readonly></textarea>{FIELDS}</form>', "none"),
    # a form that is not the comment form before one that is: the second is found
    (f'<h3>Comments</h3><form action="/x"><textarea name="q" readonly></textarea>{FIELDS}</form>'
     f'<form action="/post"><textarea name="msg"></textarea>{FIELDS}</form>', "open"),
    ('<h3>Comments</h3><form action="/x"><textarea name="q"></textarea><input type="submit" value="Go"></form>'
     f'<form action="/post"><textarea name="msg"></textarea>{FIELDS}</form>', "open"),
])
def test_a_shut_text_area_is_no_open_form(html: str, state: str) -> None:
    assert comments(html).state == state


@pytest.mark.parametrize(("form", "named"), [
    ('<form action="https://b.example/wp-comments-post.php" class="comment-form big wide tall">',
     "form.comment-form.big.wide"),  # three classes at most
    ('<form action="https://b.example/wp-comments-post.php">', "form"),
    ('<form action="https://b.example/wp-comments-post.php" id="respond-form" class="big">', "form#respond-form.big"),
])
def test_the_evidence_names_the_form_found(form: str, named: str) -> None:
    c = comments(form + '<textarea name="comment"></textarea></form>')
    assert (c.state, c.evidence) == ("open", (Evidence("form:wordpress_action", named),))


def test_evidence_is_cut_at_200_characters() -> None:
    src = "https://www.google.com/recaptcha/api.js?hl=de&amp;x=" + "a" * 250
    c = comments(reply_form(""), f'<script src="{src}"></script>')
    assert c.evidence[1] == Evidence("captcha:recaptcha_js", src.replace("&amp;", "&")[:200])


WP_ACTION = 'action="https://b.example/wp-comments-post.php"'


@pytest.mark.parametrize(("html", "expected"), [
    # a comment text area names the form around it
    ('<form action="/send"><textarea name="comment"></textarea><input name="author"></form>',
     ("open", "other", ("form:generic_comment_textarea",))),
    # a matching form without a text area, or with a shut one, is passed over for the next that matches
    (f'<form {WP_ACTION}><input name="s"></form><form {WP_ACTION}><textarea name="msg"></textarea></form>',
     ("open", "wordpress", ("form:wordpress_action",))),
    (f'<form {WP_ACTION}><textarea name="msg" readonly></textarea></form>'
     f'<form {WP_ACTION}><textarea name="msg"></textarea></form>', ("open", "wordpress", ("form:wordpress_action",))),
    # WordPress's own form is never a widget's, even inside a widget's element
    ('<div id="disqus_thread"><form id="commentform"><textarea name="comment"></textarea><input name="author">'
     "</form></div>", ("open", "wordpress", ("form:wordpress_commentform",))),
    # a generic comment form must ask who writes: the first does not, the second does
    ('<form class="comment-box"><textarea name="msg"></textarea></form>'
     '<form class="comment-box"><textarea name="msg"></textarea><input name="author"></form>',
     ("open", "other", ("form:generic_comment_class",))),
])
def test_which_form_is_the_comment_form(html: str, expected: tuple[object, ...]) -> None:
    c = comments(html)
    assert (c.state, c.system, c.rules) == expected


@pytest.mark.parametrize(("html", "evidence"), [
    ('<div id="disqus_thread"></div>', Evidence("embed:disqus_thread", "div#disqus_thread")),  # the element
    ("<script>var disqus_shortname = 'myblog';</script>", Evidence("embed:disqus_shortname", "disqus_shortname")),
    ('<form id="commentform"><textarea name="comment" disabled></textarea><p><a href="/wp-login.php">Log in</a></p>'
     "</form>", Evidence("login:disabled_textarea", "textarea")),
])
def test_the_evidence_of_an_element_or_script_rule(html: str, evidence: Evidence) -> None:
    assert comments(html).evidence == (evidence,)


@pytest.mark.parametrize(("depth", "state"), [(1, "open"), (49, "open"), (50, "none")])
def test_a_text_area_belongs_to_a_form_up_to_fifty_levels_above_it(depth: int, state: str) -> None:
    html = ('<h3>Comments</h3><form action="/post">' + "<div>" * depth + '<textarea name="msg"></textarea>'
            + "</div>" * depth + '<input name="author"><input type="submit" value="Send"></form>')
    assert comments(html).state == state


@pytest.mark.parametrize(("area", "state"), [
    ("<textarea disabled></textarea>", "login_required"),  # a shut text area with a sign-in link: a log-in box
    ('<input name="q">', "none"),  # no text area at all: not a comment form, shut or open
])
def test_a_comment_form_with_a_sign_in_link_is_a_log_in_box_only_with_a_shut_text_area(area: str, state: str) -> None:
    assert comments(f'<form id="commentform">{area}<a href="/signin">Account</a></form>').state == state


def test_comments_without_a_form_or_a_notice_are_a_closed_area() -> None:
    c = comments('<ol class="commentlist"><li class="comment"><p>One comment here.</p></li>'
                 '<li class="comment"><p>Two comment here.</p></li></ol>')
    assert (c.state, c.system, c.rules, c.evidence) == (
        "closed", "wordpress", ("items:wordpress_li", "closed:comments_without_form"),
        (Evidence("closed:comments_without_form", "2 comments"),))


@pytest.mark.parametrize(("generator", "system"), [
    ("WordPress 6.4", "wordpress"), ("Blogger", "blogger"), ("Drupal 10 (https://www.drupal.org)", "drupal"),
    ("Hugo 0.1", "other"),
])
def test_a_generic_comment_form_takes_the_system_of_its_platform(generator: str, system: str) -> None:
    c = comments('<form class="comment-box"><textarea name="msg"></textarea><input name="author"></form>',
                 f'<meta name="generator" content="{generator}">')
    assert (c.state, c.system, c.rules) == ("open", system, ("form:generic_comment_class",))


def test_a_log_in_notice_inside_a_shut_form_outside_the_comment_area() -> None:
    c = comments('<div class="comments"><h3>Discussion</h3></div><form id="commentform">'
                 '<textarea name="comment" disabled></textarea><p>You must be <b>logged in</b> to post a comment.</p>'
                 "</form>")
    assert (c.state, c.rules, c.evidence) == (
        "login_required", ("login:disabled_textarea", "login:en_must_be_logged_in"),
        (Evidence("login:disabled_textarea", "textarea"),))


def test_the_evidence_of_a_log_in_box_is_its_own_text_area() -> None:
    c = comments('<form action="/notes"><textarea id="notes" readonly></textarea></form><form id="commentform">'
                 '<textarea id="comment" disabled></textarea><a href="/signin">Account</a></form>')
    assert (c.state, c.evidence) == ("login_required", (Evidence("login:disabled_textarea", "textarea#comment"),))


def test_evidence_of_a_link_rule_on_a_page_without_scripts() -> None:
    c = comments('<iframe src="https://changyan.sohu.com/embed/a"></iframe>')
    assert c.evidence == (Evidence("embed:changyan_js", "https://changyan.sohu.com/embed/a"),)


def test_no_comment_items_no_newest_date_or_rel_even_with_a_date_and_a_link_in_the_area() -> None:
    c = comments(reply_form('<div class="comment-author"><a rel="nofollow" href="https://x.example/">X</a></div>'
                            '<p>Posted <time datetime="2026-11-20">20 Nov</time></p>'))
    assert (c.count, c.rel, c.newest, c.spam_share) == (0, (), None, 0.0)


NEWSLETTER_URL = '<form class="newsletter"><input id="site-url" name="url" type="url"></form>'


def test_a_website_field_counts_only_inside_the_comment_form() -> None:
    elsewhere = comments(reply_form("") + NEWSLETTER_URL)
    assert (elsewhere.website_field, elsewhere.rules) == (False, ("form:wordpress_commentform",))
    inside = comments(NEWSLETTER_URL + reply_form('<input id="url" name="url" type="url">'))
    assert (inside.website_field, inside.rules, inside.evidence) == (
        True, ("form:wordpress_commentform", "website:name_url", "website:type_url", "website:id_url"),
        (Evidence("form:wordpress_commentform", "form#commentform"), Evidence("website:name_url", "input#url")))
    label = comments(reply_form('<label for="u">Your website</label><input id="u" name="f3">'))
    assert label.rules == ("form:wordpress_commentform", "website:label")


def test_a_captcha_counts_inside_the_comment_form_and_its_evidence_is_the_form_s() -> None:
    assert comments(reply_form("") + '<form class="newsletter"><img src="/captcha.php"></form>').captcha == "none"
    c = comments('<form class="newsletter"><div class="g-recaptcha" id="nl"></div></form>'
                 + reply_form('<div class="g-recaptcha" id="cf"></div>'))
    assert (c.captcha, c.rules, c.evidence[1]) == (
        "recaptcha", ("form:wordpress_commentform", "captcha:recaptcha"), Evidence("captcha:recaptcha", "div#cf.g-recaptcha"))
    script = comments(reply_form(""), '<script src="https://www.google.com/recaptcha/api.js"></script>')
    assert (script.captcha, script.rules) == ("recaptcha", ("form:wordpress_commentform", "captcha:recaptcha_js"))


PUBLISHED = '<meta property="article:published_time" content="2026-08-15T08:00:00+00:00">'  # 100 days before


def test_auto_close_is_judged_for_open_forms_and_widgets_only() -> None:
    embed = comments('<div id="disqus_thread"></div>', PUBLISHED)
    assert (embed.state, embed.rules, embed.autoclose_risk) == (
        "embed", ("embed:disqus_thread", "autoclose:no_comment_within_90d"), True)
    closed = comments('<div id="comments"><p>Comments are closed.</p></div>', PUBLISHED)
    assert (closed.state, closed.rules, closed.autoclose_risk) == ("closed", ("closed:en_comments_are_closed",), False)


def test_the_spam_share_has_three_decimals() -> None:
    assert spam_share(["<p>Nice post</p><p>thank you!</p>"] * 2 + ["<p>Another comment, different words.</p>"]) == 0.333


# -- where each piece of text ends: the area texts, the notice and a shut form's text (mutation survivors) -----

def test_each_comment_area_is_read_as_its_own_line() -> None:
    """A closing phrase at the very end of one area still ends at a word boundary: the next area's text starts
    on a line of its own."""
    c = comments('<div id="comments"><p>Comments are closed</p></div><div class="comments">Other posts</div>')
    assert (c.state, c.rules) == ("closed", ("closed:en_comments_are_closed",))


def test_the_notice_after_an_area_is_a_word_apart_from_its_last_word() -> None:
    c = comments(area("<p>Comments are closed</p>", "<p>Thanks for reading.</p>"))
    assert (c.state, c.rules) == ("closed", ("closed:en_comments_are_closed",))


SHUT_FORM = ('<form id="commentform" action="/wp-comments-post.php"><span>You must be</span><span>logged in to '
             'post a comment</span><textarea name="comment" disabled></textarea>{extra}</form>')


def test_a_shut_forms_words_are_read_apart_element_by_element() -> None:
    """A shut form outside the comment area: its text is read on its own, joined with spaces between its
    elements ("must be logged in" across two spans)."""
    c = comments(area("<h2>Discussion</h2>") + SHUT_FORM.format(extra=""))
    assert (c.state, c.rules) == ("login_required", ("login:disabled_textarea", "login:en_must_be_logged_in"))
    assert c.evidence == (Evidence("login:disabled_textarea", "textarea"),)


def test_a_shut_form_saying_closed_adds_the_closed_rule_from_its_own_text() -> None:
    """A log-in box that also says comments are closed: the state is the log-in, the closed phrase is read in the
    form's text and named too."""
    c = comments(area("<h2>Discussion</h2>") + SHUT_FORM.format(extra="<p>Comments are closed.</p>"))
    assert (c.state, c.rules) == ("login_required", ("login:disabled_textarea", "login:en_must_be_logged_in",
                                                     "closed:en_comments_are_closed"))


def test_a_page_wide_log_in_notice_is_shown_where_it_is_not_in_a_shut_form() -> None:
    page = area('<p class="must-log-in">You must be <a href="/wp-login.php">logged in</a> to post a comment.</p>'
                + '<form id="commentform"><textarea name="comment" disabled></textarea></form>')
    c = comments(page)
    assert c.state == "login_required"
    assert c.evidence == (Evidence("login:wordpress_must_log_in", "p.must-log-in"),)


def test_a_text_area_deeper_than_its_forms_reach_is_not_read_and_nothing_fails() -> None:
    """A text area more than 50 levels inside its form has no form as far as the rules look up (and a
    comment-named text area rule picked it): it is passed over."""
    deep = "<div>" * 51 + '<textarea name="comment"></textarea>' + "</div>" * 51
    c = comments(area(f'<form action="/post">{deep}<input name="author"><button>Post comment</button></form>'))
    assert (c.state, c.rules) == ("none", ())


def test_a_comment_form_without_a_text_area_is_no_log_in_box() -> None:
    """WordPress's form id on a form with no text area (a theme's search box), a log-in link in it: neither an
    open form nor a shut one; the page's only text area is a contact form's."""
    page = area('<form id="commentform"><input name="s"><a href="/login">Log in</a></form>') + \
        '<form class="contact"><textarea name="message"></textarea></form>'
    c = comments(page)
    assert (c.state, c.rules) == ("none", ())


@pytest.mark.parametrize(("items", "system"), [
    ('<article class="comment"><p>An older comment.</p></article>', "drupal"),
    ('<ol class="comment-list"><li><p>An older comment.</p></li></ol>', "other"),
])
def test_the_system_of_a_closed_area_on_another_platform_is_the_items(items: str, system: str) -> None:
    """A generator linktrail knows no platform of ("other") says nothing of the comments: their items do."""
    head = '<meta name="generator" content="Acme Pages 2.1">'
    c = comments(area(items + "<p>Comments are closed.</p>"), head)
    assert (c.state, c.system) == ("closed", system)
