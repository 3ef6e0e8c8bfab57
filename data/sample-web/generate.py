"""Write the bundled demo web (static blogs, feeds, sitemaps, robots.txt) and truth.json."""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from content import NICHES, SITES, Comment, GuestPage, Post, Site

HERE = Path(__file__).resolve().parent
SITES_DIR = HERE / "sites"
TRUTH = HERE / "truth.json"
SEED = "crumb-and-crust"
DEMO_NICHE = "sourdough"
WP_VERSION = "6.4.2"
STALE_DAYS = 3 * 365  # older than this is "stale"
TOKEN_RE = re.compile(r"\{\{(.*?)\}\}")
VALID_TOKEN_RE = re.compile(r"^(site:[a-z0-9-]+|date:-\d+(:(day|human|rfc822))?)$")
BY_SLUG: dict[str, Site] = {s.slug: s for s in SITES}


# ---------------------------------------------------------------------------------------------
# tokens and small helpers
# ---------------------------------------------------------------------------------------------


def base(slug: str) -> str:
    """The token for a blog's base URL (no trailing slash)."""
    return "{{site:" + slug + "}}"


def date(days: int, fmt: str = "") -> str:
    """The token for the date `days` before the serving day, in one of the documented formats."""
    return "{{date:-" + str(days) + (":" + fmt if fmt else "") + "}}"


def plain(text: str) -> str:
    """Text without tags or entities (for feeds, JSON-LD and meta descriptions)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def attr(text: str) -> str:
    """Text made safe for a double-quoted attribute."""
    return html.escape(plain(text), quote=True)


def xml_text(text: str) -> str:
    """Text made safe for XML character data."""
    return html.escape(plain(text), quote=False)


def gravatar(name: str, size: int) -> str:
    """A Gravatar URL like WordPress prints (never fetched by the crawler)."""
    digest = hashlib.md5(name.lower().encode()).hexdigest()
    return f"https://secure.gravatar.com/avatar/{digest}?s={size}&#038;d=mm&#038;r=g"


def post_id(site: Site, post: Post) -> int:
    """A stable WordPress-like post ID."""
    posts = list(site.posts) + ([site.private] if site.private else [])
    return 100 + 17 * [p.slug for p in posts].index(post.slug) + 3 * SITES.index(site)


def comment_count(comments: tuple[Comment, ...]) -> int:
    """Comments including replies."""
    return sum(1 + comment_count(c.replies) for c in comments)


def flat_comments(comments: tuple[Comment, ...]) -> list[Comment]:
    """Comments including replies, depth first."""
    out: list[Comment] = []
    for c in comments:
        out.append(c)
        out.extend(flat_comments(c.replies))
    return out


def paragraphs(body: tuple[str, ...]) -> str:
    """Body paragraphs as HTML."""
    return "\n".join(f"<p>{p}</p>" for p in body)


def word_count(post: Post) -> int:
    """Words in a post body."""
    return len(plain(" ".join(post.body)).split())


def nav_items(site: Site) -> list[tuple[str, str]]:
    """(label, href) of a site's navigation menu."""
    fr = site.lang == "fr"
    items = [("Accueil" if fr else "Home", "/"), ("À propos" if fr else "About", "/about/")]
    if site.contact_email:
        items.append(("Contact", "/contact/"))
    if site.guest:
        items.append(
            (
                plain(site.guest.title).split(" –")[0] if site.guest.accepts else plain(site.guest.title),
                f"/{site.guest.slug}/",
            )
        )
    return items


@dataclass
class Page:
    """One served HTML page and what truth.json says about it."""

    path: str  # as served, "" for home, "slug/" otherwise
    html: str
    truth: dict[str, object]


@dataclass
class Labels:
    """Interface strings of a WordPress locale."""

    leave: str = "Leave a comment"
    notes: str = "Your email address will not be published."
    required: str = "Required fields are marked"
    comment: str = "Comment"
    name: str = "Name"
    email: str = "Email"
    website: str = "Website"
    cookies: str = "Save my name, email, and website in this browser for the next time I comment."
    submit: str = "Post Comment"
    closed: str = "Comments are closed."
    says: str = "says:"
    reply: str = "Reply"
    reply_to: str = "Reply to"
    published: str = "Published"
    by: str = "By"
    categorized: str = "Categorized as"
    login: tuple[str, str, str] = ("You must be", "logged in", "to post a comment.")
    one: str = "1 comment"
    many: str = "{n} comments"
    date_fmt: str = "human"
    extra: dict[str, str] = field(default_factory=dict)


EN = Labels()
FR = Labels(
    leave="Laisser un commentaire",
    notes="Votre adresse e-mail ne sera pas publiée.",
    required="Les champs obligatoires sont indiqués avec",
    comment="Commentaire",
    name="Nom",
    email="E-mail",
    website="Site web",
    cookies="Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain commentaire.",
    submit="Laisser un commentaire",
    closed="Les commentaires sont fermés.",
    says="dit :",
    reply="Répondre",
    reply_to="Répondre à",
    published="Publié",
    by="Par",
    categorized="Catégorisé comme",
    login=("Vous devez", "vous connecter", "pour publier un commentaire."),
    one="1 commentaire",
    many="{n} commentaires",
    date_fmt="day",
)


def labels(site: Site) -> Labels:
    """The interface strings for a site's language."""
    return FR if site.lang == "fr" else EN


# ---------------------------------------------------------------------------------------------
# WordPress: comment lists (core html5 walker and theme walkers) and the respond block
# ---------------------------------------------------------------------------------------------


class CommentIds:
    """Hands out WordPress-like comment IDs per site, deterministically."""

    def __init__(self, start: int) -> None:
        self.next = start

    def take(self) -> int:
        """The next ID."""
        self.next += 1
        return self.next


def author_link(site: Site, c: Comment, rel: str, cls: str = "url") -> str:
    """The commenter's name, linked to their blog when they left a URL."""
    if c.site is None:
        return c.author
    rel_attr = f' rel="{rel}"' if rel else ""
    return f'<a href="{base(c.site)}/" class="{cls}"{rel_attr}>{c.author}</a>'


def li_classes(site: Site, c: Comment, depth: int, alt: int, thread: int) -> str:
    """WordPress comment_class() output."""
    parts = ["comment"]
    if c.author == site.author:
        parts += ["byuser", "comment-author-" + site.author.split()[0].lower(), "bypostauthor"]
    parts.append("odd alt" if alt % 2 else "even")
    if depth == 1:
        parts.append("thread-odd thread-alt" if thread % 2 else "thread-even")
    parts.append(f"depth-{depth}")
    return " ".join(parts)


def reply_link(cid: int, pid: int, c: Comment, lab: Labels) -> str:
    """The comment reply link WordPress prints while comments are open."""
    return (
        f"<a rel='nofollow' class='comment-reply-link' href='#comment-{cid}' "
        f'data-commentid="{cid}" data-postid="{pid}" data-belowelement="div-comment-{cid}" '
        f'data-respondelement="respond" data-replyto="{lab.reply_to} {c.author}" '
        f"aria-label='{lab.reply_to} {c.author}'>{lab.reply}</a>"
    )


def wp_comment_list(site: Site, post: Post, ids: CommentIds, style: str, open_: bool) -> str:
    """The <ol> of comments as the given theme family prints it."""
    lab = labels(site)
    pid = post_id(site, post)
    permalink = f"{base(site.slug)}/{post.slug}/"
    counter = [0, 0]

    def one(c: Comment, depth: int) -> str:
        cid = ids.take()
        alt, thread = counter
        counter[0] += 1
        if depth == 1:
            counter[1] += 1
        when = date(c.age, lab.date_fmt)
        iso = date(c.age)
        children = ""
        if c.replies:
            kids = "\n".join(one(r, depth + 1) for r in c.replies)
            children = (
                f'\n<ol class="children">\n{kids}\n</ol>'
                if style != "block"
                else (f'\n<ol class="children wp-block-comment-template">\n{kids}\n</ol>')
            )
        reply = reply_link(cid, pid, c, lab) if open_ else ""
        cls = li_classes(site, c, depth, alt, thread)
        if style == "core":
            size = 60 if site.theme == "twentytwentyone" else 42
            return (
                f'<li id="comment-{cid}" class="{cls}">\n'
                f'<article id="div-comment-{cid}" class="comment-body">\n'
                f'<footer class="comment-meta">\n<div class="comment-author vcard">\n'
                f"<img alt='' src='{gravatar(c.author, size)}' class='avatar avatar-{size} photo' "
                f"height='{size}' width='{size}' loading='lazy' decoding='async'/>"
                f'<b class="fn">{author_link(site, c, site.comment_rel)}</b> '
                f'<span class="says">{lab.says}</span>\t\t\t\t\t</div><!-- .comment-author -->\n'
                f'<div class="comment-metadata">\n<a href="{permalink}#comment-{cid}">'
                f'<time datetime="{iso}">{when}</time></a>\t\t\t\t\t</div><!-- .comment-metadata -->\n'
                f"</footer><!-- .comment-meta -->\n"
                f'<div class="comment-content">\n<p>{c.text}</p>\n</div><!-- .comment-content -->\n'
                + (f'<div class="reply">{reply}</div>\n' if reply else "")
                + f"</article><!-- .comment-body -->{children}\n</li><!-- #comment-## -->"
            )
        if style == "twentytwenty":
            name = f'<span class="fn">{c.author}</span><span class="screen-reader-text says">says:</span>'
            avatar = (
                f"<img alt='' src='{gravatar(c.author, 120)}' class='avatar avatar-120 photo' "
                "height='120' width='120' loading='lazy' decoding='async'/>"
            )
            if c.site:
                who = f'<a href="{base(c.site)}/" rel="{site.comment_rel}" class="url">{avatar}{name}</a>'
            else:
                who = f"{avatar}{name}"
            return (
                f'<div id="comment-{cid}" class="{cls}">\n'
                f'<article id="div-comment-{cid}" class="comment-body">\n'
                f'<footer class="comment-meta">\n<div class="comment-author vcard">\n{who}\n</div>'
                f'<!-- .comment-author -->\n<div class="comment-metadata">\n'
                f'<a href="{permalink}#comment-{cid}"><time datetime="{iso}" title="{when}">'
                f"{when}</time></a>\n</div><!-- .comment-metadata -->\n</footer><!-- .comment-meta -->\n"
                f'<div class="comment-content entry-content">\n<p>{c.text}</p>\n</div>'
                f"<!-- .comment-content -->\n"
                + (
                    f'<footer class="comment-footer-meta">\n<span class="comment-reply">{reply}</span>\n</footer>\n'
                    if reply
                    else ""
                )
                + f"</article><!-- .comment-body -->{children.replace('ol', 'div')}\n</div>"
                "<!-- #comment-## -->"
            )
        if style == "astra":
            return (
                f'<li class="{cls}" id="li-comment-{cid}">\n'
                f'<article id="comment-{cid}" class="ast-comment">\n'
                f'<div class= "ast-comment-info">\n<div class="ast-comment-avatar-wrap">'
                f"<img alt='' src='{gravatar(c.author, 50)}' class='avatar avatar-50 photo' "
                f"height='50' width='50' loading='lazy' decoding='async'/></div>"
                f'<div class="ast-comment-data-wrap"><div class="ast-comment-meta-wrap">'
                f'<header class="ast-comment-meta ast-row ast-comment-author capitalize">'
                f'<div class="ast-comment-cite-wrap ast-col-lg-12"><cite><b class="fn">'
                f"{author_link(site, c, site.comment_rel)}</b></cite></div>"
                f'<div class="ast-comment-time ast-col-lg-12"><span class="timendate">'
                f'<a href="{permalink}#comment-{cid}"><time datetime="{iso}">{when}</time></a>'
                f"</span></div></header></div></div></div>\n"
                f'<section class="ast-comment-content comment">\n<p>{c.text}</p>\n'
                + (
                    f'<div class="ast-comment-edit-reply-wrap"><span class="ast-reply-link">{reply}</span></div>\n'
                    if reply
                    else ""
                )
                + f"</section>\n</article>{children}\n</li>"
            )
        # block theme (core/comments block)
        rel_attr = f' rel="{site.comment_rel}"' if site.comment_rel else ""
        who = f'<a{rel_attr} href="{base(c.site)}/" target="_self" >{c.author}</a>' if c.site else c.author
        return (
            f'<li id="comment-{cid}" class="{cls}">\n'
            '<div class="wp-block-columns is-layout-flex wp-container-core-columns-is-layout-1">\n'
            '<div class="wp-block-column is-layout-flow" style="flex-basis:40px">'
            f'<div class="wp-block-avatar"><img alt="{c.author} Avatar" '
            f'src="{gravatar(c.author, 40)}" class="avatar avatar-40 photo wp-block-avatar__image" '
            'width="40" height="40" style="border-radius:20px;"/></div></div>\n'
            '<div class="wp-block-column is-layout-flow">\n'
            f'<div class="wp-block-comment-author-name has-small-font-size">{who}</div>\n'
            '<div class="wp-block-group is-layout-flex" style="margin-top:0px;margin-bottom:0px">'
            f'<div class="wp-block-comment-date has-small-font-size"><time datetime="{iso}">'
            f'<a href="{permalink}#comment-{cid}">{when}</a></time></div></div>\n'
            f'<div class="wp-block-comment-content"><p>{c.text}</p>\n</div>\n'
            + (f'<div class="wp-block-comment-reply-link has-small-font-size">{reply}</div>\n' if reply else "")
            + f"</div>\n</div>{children}\n</li>"
        )

    items = "\n".join(one(c, 1) for c in post.comments)
    if style == "twentytwenty":
        return items
    if style == "astra":
        return f'<ol class="ast-comment-list">\n{items}\n</ol><!-- .ast-comment-list -->'
    if style == "block":
        return f'<ol class="wp-block-comment-template">\n{items}\n</ol>'
    return f'<ol class="comment-list">\n{items}\n</ol><!-- .comment-list -->'


def captcha_markup(site: Site) -> tuple[str, str]:
    """(script for <head>, widget inside the form) for the site's captcha plugin."""
    if site.captcha == "recaptcha":
        key = "6LcX4b0pAAAAAJ" + hashlib.sha1(site.slug.encode()).hexdigest()[:26]
        return (
            (
                '<script src="https://www.google.com/recaptcha/api.js?onload=anr_onloadCallback&#038;'
                'render=explicit&#038;ver=1.0" id="anr-google-recaptcha-script-js" async defer>'
                "</script>"
            ),
            (
                f'<div class="anr_captcha_field"><div id="anr_captcha_field_1" '
                f'class="anr_captcha_field_div"><div class="g-recaptcha" data-sitekey="{key}" '
                'data-theme="light" data-size="normal"></div></div></div>'
            ),
        )
    if site.captcha == "hcaptcha":
        key = "0f3e5a12-" + hashlib.sha1(site.slug.encode()).hexdigest()[:27]
        return (
            (
                '<script src="https://js.hcaptcha.com/1/api.js?onload=hCaptchaOnLoad&#038;render=explicit"'
                ' id="hcaptcha-js" async defer></script>'
            ),
            (
                f'<h-captcha class="h-captcha" data-sitekey="{key}" data-theme="light" '
                'data-size="normal" data-auto="false" data-force="false"></h-captcha>'
                '<input type="hidden" id="hcaptcha-widget-id" name="hcaptcha-widget-id" value="">'
                '<input type="hidden" id="hcap_comment_nonce" name="hcap_comment_nonce" value="8a3f1c2b9d">'
            ),
        )
    return "", ""


def wp_form(site: Site, post: Post, style: str) -> str:
    """The open WordPress comment form (core comment_form(), as themes print it)."""
    lab = labels(site)
    pid = post_id(site, post)
    req = '<span class="required">*</span>'
    _, widget = captcha_markup(site)
    if style == "astra":
        fields = (
            '<div class="ast-row comment-textarea"><fieldset class="comment-form-comment">'
            '<legend class ="comment-form-legend"></legend><div class="comment-form-textarea '
            'ast-col-lg-12"><label for="comment" class="screen-reader-text">Type here..</label>'
            '<textarea id="comment" name="comment" placeholder="Type here.." cols="45" rows="8" '
            'aria-required="true"></textarea></div></fieldset></div>'
            '<div class="ast-comment-formwrap ast-row">'
            '<p class="comment-form-author ast-col-xs-12 ast-col-sm-12 ast-col-md-4 ast-col-lg-4">'
            '<label for="author" class="screen-reader-text">Name*</label><input id="author" '
            'name="author" type="text" value="" placeholder="Name*" size="30" '
            "aria-required='true' autocomplete=\"name\" /></p>\n"
            '<p class="comment-form-email ast-col-xs-12 ast-col-sm-12 ast-col-md-4 ast-col-lg-4">'
            '<label for="email" class="screen-reader-text">Email*</label><input id="email" '
            'name="email" type="text" value="" placeholder="Email*" size="30" '
            "aria-required='true' autocomplete=\"email\" /></p>\n"
            + (
                '<p class="comment-form-url ast-col-xs-12 ast-col-sm-12 ast-col-md-4 ast-col-lg-4">'
                '<label for="url"><label for="url" class="screen-reader-text">Website</label>'
                '<input id="url" name="url" type="text" value="" placeholder="Website" size="30" '
                'autocomplete="url" /></label></p>\n'
                if site.website_field
                else ""
            )
            + "</div>\n"
            '<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" '
            'name="wp-comment-cookies-consent" type="checkbox" value="yes" /> '
            f'<label for="wp-comment-cookies-consent">{lab.cookies}</label></p>\n'
        )
        form_id, form_class, submit_value, title_tag = "ast-commentform", "comment-form", "Post Comment &raquo;", "h3"
        title = "Leave a Comment"
    else:
        fields = (
            f'<p class="comment-notes"><span id="email-notes">{lab.notes}</span> '
            f'<span class="required-field-message">{lab.required} {req}</span></p>'
            f'<p class="comment-form-comment"><label for="comment">{lab.comment} {req}</label> '
            '<textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" '
            "required></textarea></p>"
            f'<p class="comment-form-author"><label for="author">{lab.name} {req}</label> '
            '<input id="author" name="author" type="text" value="" size="30" maxlength="245" '
            'autocomplete="name" required /></p>\n'
            f'<p class="comment-form-email"><label for="email">{lab.email} {req}</label> '
            '<input id="email" name="email" type="email" value="" size="30" maxlength="100" '
            'aria-describedby="email-notes" autocomplete="email" required /></p>\n'
            + (
                f'<p class="comment-form-url"><label for="url">{lab.website}</label> '
                '<input id="url" name="url" type="url" value="" size="30" maxlength="200" '
                'autocomplete="url" /></p>\n'
                if site.website_field
                else ""
            )
            + '<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" '
            'name="wp-comment-cookies-consent" type="checkbox" value="yes" /> '
            f'<label for="wp-comment-cookies-consent">{lab.cookies}</label></p>\n'
        )
        form_id = "commentform"
        form_class = "section-inner thin max-percentage" if style == "twentytwenty" else "comment-form"
        submit_value = lab.submit
        title_tag = "h3" if style in ("block", "core16") else "h2"
        title = "Leave a Reply" if style in ("twentytwenty", "block", "core16") else lab.leave
    return (
        f'<div id="respond" class="comment-respond">\n'
        f'<{title_tag} id="reply-title" class="comment-reply-title">{title} <small>'
        f'<a rel="nofollow" id="cancel-comment-reply-link" href="/{post.slug}/#respond" '
        f'style="display:none;">Cancel reply</a></small></{title_tag}>'
        f'<form action="{base(site.slug)}/wp-comments-post.php" method="post" id="{form_id}" '
        f'class="{form_class}" novalidate>'
        f"{fields}{widget}"
        f'<p class="form-submit"><input name="submit" type="submit" id="submit" '
        f"class=\"submit\" value=\"{submit_value}\" /> <input type='hidden' name='comment_post_ID' "
        f"value='{pid}' id='comment_post_ID' />\n"
        "<input type='hidden' name='comment_parent' id='comment_parent' value='0' />\n</p>"
        "</form>\t</div><!-- #respond -->"
    )


def wp_login_respond(site: Site, post: Post, style: str) -> str:
    """The respond block of a site where only registered users may comment."""
    lab = labels(site)
    tag = "h3" if style in ("block", "core16") else "h2"
    a, b, c = lab.login
    return (
        '<div id="respond" class="comment-respond">\n'
        f'<{tag} id="reply-title" class="comment-reply-title">{"Leave a Reply" if tag == "h3" else lab.leave}'
        f' <small><a rel="nofollow" id="cancel-comment-reply-link" href="/{post.slug}/#respond" '
        f'style="display:none;">Cancel reply</a></small></{tag}>'
        f'<p class="must-log-in">{a} <a href="{base(site.slug)}/wp-login.php?redirect_to='
        f'%2F{post.slug}%2F">{b}</a> {c}</p>\t</div><!-- #respond -->'
    )


def wp_comments(site: Site, post: Post, ids: CommentIds) -> str:
    """The whole comments area of a WordPress post."""
    style = {
        "twentytwenty": "twentytwenty",
        "astra": "astra",
        "twentytwentythree": "block",
        "twentysixteen": "core16",
    }.get(site.theme, "core")
    lab = labels(site)
    n = comment_count(post.comments)
    open_ = post.state == "open"
    listing = wp_comment_list(site, post, ids, "core" if style == "core16" else style, open_) if n else ""
    if open_:
        respond = wp_form(site, post, style)
    elif post.state == "login":
        respond = wp_login_respond(site, post, style)
    else:
        respond = ""
    if style == "block":
        title = (
            f"One response to &ldquo;{post.title}&rdquo;" if n == 1 else f"{n} responses to &ldquo;{post.title}&rdquo;"
        )
        head = f'<h2 class="wp-block-comments-title">{title}</h2>\n' if n else ""
        form = f'<div class="wp-block-post-comments-form">{respond}</div>' if respond else ""
        return f'<div class="wp-block-comments wp-block-comments-query-loop">\n{head}{listing}\n{form}\n</div>'
    if style == "twentytwenty":
        title = f"One reply on &ldquo;{post.title}&rdquo;" if n == 1 else f"{n} replies on &ldquo;{post.title}&rdquo;"
        parts = ['<div class="comments-wrapper section-inner">']
        if n:
            parts.append(
                '<div class="comments" id="comments">\n'
                '<div class="comments-header section-inner small max-percentage">\n'
                f'<h2 class="comment-reply-title">{title}</h2><!-- .comments-title -->\n</div>'
                '<!-- .comments-header -->\n<div class="comments-inner section-inner thin '
                f'max-percentage">\n{listing}\n</div><!-- .comments-inner -->\n</div><!-- comments -->'
            )
        if respond:
            parts.append('<hr class="styled-separator is-style-wide" aria-hidden="true" />')
            parts.append(respond)
        elif post.state.startswith("closed"):
            parts.append(
                '<div class="comment-respond" id="respond">\n'
                f'<p class="comments-closed">{lab.closed}</p>\n</div><!-- #respond -->'
            )
        parts.append("</div><!-- .comments-wrapper -->")
        return "\n".join(parts)
    if style == "astra":
        title = f"{n} thought{'s' if n != 1 else ''} on &ldquo;{post.title}&rdquo;"
        head = f'<h3 class="comments-title">{title}</h3> <!-- .comments-title -->\n' if n else ""
        closed = f'<p class="no-comments">{lab.closed}</p>\n' if post.state == "closed_notice" else ""
        return (
            f'<div id="comments" class="comments-area comment-form-position-below ">\n{head}'
            f"{listing}\n{closed}{respond}\n</div><!-- #comments -->"
        )
    if style == "core16":
        title = (
            f"One thought on &ldquo;{post.title}&rdquo;" if n == 1 else f"{n} thoughts on &ldquo;{post.title}&rdquo;"
        )
    else:
        title = lab.one if n == 1 else lab.many.format(n=n)
    head = f'<h2 class="comments-title">\n{title}\t\t</h2><!-- .comments-title -->\n' if n else ""
    closed = f'<p class="no-comments">{lab.closed}</p>\n' if post.state == "closed_notice" else ""
    extra = " default-max-width show-avatars" if site.theme == "twentytwentyone" else ""
    return (
        f'<div id="comments" class="comments-area{extra}">\n{head}{listing}\n{closed}'
        f"{respond}\n</div><!-- #comments -->"
    )


# ---------------------------------------------------------------------------------------------
# WordPress: page shell
# ---------------------------------------------------------------------------------------------


def blogroll_slugs(site: Site) -> list[str]:
    """The blogroll, in order."""
    return list(site.blogroll)


def wp_blogroll_widget(site: Site) -> str:
    """The classic Links widget (widget_links), as WordPress prints it."""
    if not site.blogroll:
        return ""
    title = "Blogroll" if site.lang == "en" else "Liens amis"
    items = "\n".join(
        f'<li><a href="{base(s)}/" title="{attr(BY_SLUG[s].tagline)}">{BY_SLUG[s].name}</a></li>' for s in site.blogroll
    )
    return (
        f'<section id="linkcat-2" class="widget widget_links"><h2 class="widget-title">{title}'
        f"</h2>\n\t<ul class='xoxo blogroll'>\n{items}\n\t</ul>\n</section>"
    )


def wp_recent_widget(site: Site) -> str:
    """The Recent Posts widget."""
    title = "Recent Posts" if site.lang == "en" else "Articles récents"
    items = "\n".join(
        f'<li><a href="{base(site.slug)}/{p.slug}/">{p.title}</a></li>' for p in sorted(site.posts, key=lambda p: p.age)
    )
    return (
        f'<section id="recent-posts-2" class="widget widget_recent_entries">\n'
        f'<h2 class="widget-title">{title}</h2><nav aria-label="{title}">\n<ul>\n{items}\n</ul>\n'
        "</nav></section>"
    )


def wp_head(site: Site, title: str, canonical: str, post: Post | None, description: str) -> str:
    """<head> of a WordPress page (core output plus a Yoast-like SEO block)."""
    me = base(site.slug)
    theme = site.theme
    ver = {
        "twentytwentyone": "2.0",
        "twentytwenty": "2.4",
        "twentysixteen": "3.1",
        "astra": "4.5.2",
        "twentytwentythree": "1.3",
    }[theme]
    lang = "fr_FR" if site.lang == "fr" else "en_US"
    seo = [
        "<!-- This site is optimized with the Yoast SEO plugin v21.7 - https://yoast.com/wordpress/plugins/seo/ -->",
        f'<meta name="description" content="{attr(description)}" />',
        f'<link rel="canonical" href="{canonical}" />',
        f'<meta property="og:locale" content="{lang}" />',
        f'<meta property="og:type" content="{"article" if post else "website"}" />',
        f'<meta property="og:title" content="{attr(title)}" />',
        f'<meta property="og:url" content="{canonical}" />',
        f'<meta property="og:site_name" content="{attr(site.name)}" />',
    ]
    if post:
        seo.append(f'<meta property="article:published_time" content="{date(post.age)}" />')
        graph = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "Article",
                    "@id": f"{canonical}#article",
                    "isPartOf": {"@id": canonical},
                    "author": {"name": site.author, "@id": f"{me}/#/schema/person/1"},
                    "headline": plain(post.title),
                    "datePublished": date(post.age),
                    "dateModified": date(post.age),
                    "mainEntityOfPage": {"@id": canonical},
                    "wordCount": word_count(post),
                    "commentCount": comment_count(post.comments),
                    "articleSection": [plain(post.category)],
                    "inLanguage": lang.replace("_", "-"),
                },
                {
                    "@type": "WebSite",
                    "@id": f"{me}/#website",
                    "url": f"{me}/",
                    "name": plain(site.name),
                    "description": plain(site.tagline),
                },
            ],
        }
        # Not every site runs the SEO plugin's schema output: the Astra and TT1 sites do.
        if theme in ("twentytwentyone", "astra") and site.lang == "en":
            seo.append(
                '<script type="application/ld+json" class="yoast-schema-graph">'
                + json.dumps(graph, ensure_ascii=False)
                + "</script>"
            )
    seo.append("<!-- / Yoast SEO plugin. -->")
    if theme == "twentytwentythree":  # block themes rarely carry an SEO plugin here
        seo = [f'<link rel="canonical" href="{canonical}" />']
    captcha_head, _ = captcha_markup(site) if post and post.state == "open" else ("", "")
    feed_title = f"{attr(site.name)} &raquo; Feed"
    if theme == "twentytwentythree":
        styles = (
            f"<link rel='stylesheet' id='wp-block-library-css' href='{me}/wp-includes/css/dist/"
            f"block-library/style.min.css?ver={WP_VERSION}' media='all' />\n"
            f"<style id='global-styles-inline-css'>body{{--wp--preset--color--base: #ffffff;}}</style>"
        )
    else:
        styles = (
            f"<link rel='stylesheet' id='{theme}-style-css' href='{me}/wp-content/themes/"
            f"{theme}/style.css?ver={ver}' media='all' />"
        )
    shortlink = f"<link rel='shortlink' href='{me}/?p={post_id(site, post)}' />\n" if post else ""
    full_title = f"{site.name} &#8211; {title}" if title == site.tagline else f"{title} &#8211; {site.name}"
    return (
        "<head>\n"
        '<meta charset="UTF-8" />\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        "<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, "
        "max-video-preview:-1' />\n"
        f"<title>{full_title}</title>\n" + "\n".join(seo) + "\n"
        f"<link rel='dns-prefetch' href='//fonts.googleapis.com' />\n"
        f'<link rel="alternate" type="application/rss+xml" title="{feed_title}" href="{me}/feed.xml" />\n'
        f"{styles}\n"
        f'<link rel="https://api.w.org/" href="{me}/wp-json/" />'
        f'<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{me}/xmlrpc.php?rsd" />\n'
        f'<meta name="generator" content="WordPress {WP_VERSION}" />\n'
        f"{shortlink}"
        f"{captcha_head}\n"
        "</head>"
    )


def wp_nav(site: Site) -> str:
    """Primary menu."""
    me = base(site.slug)
    items = "\n".join(
        f'<li id="menu-item-{20 + i}" class="menu-item menu-item-type-post_type '
        f'menu-item-object-page menu-item-{20 + i}"><a href="{me}{href}">{label}</a></li>'
        for i, (label, href) in enumerate(nav_items(site))
    )
    return items


def wp_article_meta(site: Site, post: Post) -> str:
    """The theme's byline/date block for a post."""
    lab = labels(site)
    me = base(site.slug)
    iso, shown = date(post.age), date(post.age, lab.date_fmt)
    if site.theme == "twentytwenty":
        return (
            '<div class="post-meta-wrapper post-meta-single post-meta-single-top">\n'
            '<ul class="post-meta">\n'
            '<li class="post-author meta-wrapper"><span class="meta-icon"><span '
            f'class="screen-reader-text">Post author</span></span><span class="meta-text">By '
            f"{site.author}</span></li>\n"
            '<li class="post-date meta-wrapper"><span class="meta-icon"><span '
            'class="screen-reader-text">Post date</span></span><span class="meta-text">'
            f'<a href="{me}/{post.slug}/">{shown}</a></span></li>\n</ul><!-- .post-meta -->\n</div>'
        )
    if site.theme == "astra":
        return (
            '<div class="entry-meta"><span class="posted-on"><span class="published" '
            f'itemprop="datePublished"> {shown} </span></span> / By <span class="posted-by vcard '
            'author" itemtype="https://schema.org/Person" itemscope="itemscope" itemprop="author">'
            f'<span class="author-name" itemprop="name">{site.author}</span></span></div>'
        )
    if site.theme == "twentysixteen":
        return (
            '<footer class="entry-footer"><span class="byline"><span class="author vcard">'
            f'<span class="screen-reader-text">Author </span>{site.author}</span></span>'
            '<span class="posted-on"><span class="screen-reader-text">Posted on </span>'
            f'<a href="{me}/{post.slug}/" rel="bookmark"><time class="entry-date published updated" '
            f'datetime="{iso}">{shown}</time></a></span><span class="cat-links">'
            f'<span class="screen-reader-text">Categories </span>{post.category}</span></footer>'
        )
    if site.theme == "twentytwentythree":
        return (
            '<div class="wp-block-group is-layout-flex" style="margin-top:var(--wp--preset--spacing--70)">'
            f'<div class="wp-block-post-date"><time datetime="{iso}">{shown}</time></div>\n'
            f'<div class="taxonomy-category wp-block-post-terms"><span class="wp-block-post-terms__prefix">'
            f"in </span>{post.category}</div></div>"
        )
    return (
        '<footer class="entry-footer default-max-width">'
        f'<div class="posted-by"><span class="posted-on">{lab.published} <time class="entry-date '
        f'published updated" datetime="{iso}">{shown}</time></span><span class="byline">{lab.by} '
        f"{site.author}</span></div>"
        f'<div class="post-taxonomies"><span class="cat-links">{lab.categorized} {post.category}'
        "</span></div></footer><!-- .entry-footer -->"
    )


def wp_page(
    site: Site,
    *,
    title: str,
    path: str,
    main: str,
    post: Post | None = None,
    body_class: str = "page-template-default page",
    description: str = "",
    footer_extra: str = "",
) -> str:
    """A full WordPress page in the site's theme."""
    me = base(site.slug)
    canonical = f"{me}/{path}"
    head = wp_head(site, title, canonical, post, description or site.tagline)
    lang = "fr-FR" if site.lang == "fr" else "en-US"
    widgets = wp_blogroll_widget(site) + "\n" + wp_recent_widget(site)
    if site.theme == "twentytwentythree":
        nav = "\n".join(
            f'<li class="wp-block-navigation-item wp-block-navigation-link"><a '
            f'class="wp-block-navigation-item__content" href="{me}{href}"><span '
            f'class="wp-block-navigation-item__label">{label}</span></a></li>'
            for label, href in nav_items(site)
        )
        roll = "\n".join(f'<li><a href="{base(s)}/">{BY_SLUG[s].name}</a></li>' for s in site.blogroll)
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}">\n{head}\n'
            f'<body class="{body_class} wp-embed-responsive">\n'
            '<div class="wp-site-blocks"><header class="wp-block-template-part">\n'
            '<div class="wp-block-group is-layout-constrained"><div class="wp-block-group alignwide '
            'is-content-justification-space-between is-layout-flex">'
            f'<p class="wp-block-site-title"><a href="{me}" target="_self" rel="home">{site.name}</a>'
            f'</p>\n<nav class="is-responsive items-justified-right wp-block-navigation is-layout-flex" '
            f'aria-label="Header navigation"><ul class="wp-block-navigation__container">\n{nav}\n'
            "</ul></nav></div></div>\n</header>\n\n"
            f'<main class="wp-block-group is-layout-constrained">\n{main}\n</main>\n\n'
            '<footer class="wp-block-template-part">\n<div class="wp-block-group is-layout-constrained">'
            '<div class="wp-block-group alignwide is-layout-flow">'
            '<h2 class="wp-block-heading has-small-font-size">Friends of the Lab</h2>\n'
            f'<ul class="wp-block-list">\n{roll}\n</ul>{footer_extra}</div></div>\n</footer></div>\n'
            "</body>\n</html>\n"
        )
    if site.theme == "twentytwenty":
        return (
            f'<!DOCTYPE html>\n<html class="no-js" lang="{lang}">\n{head}\n'
            f'<body class="{body_class} wp-embed-responsive singular enable-search-modal '
            'has-no-pagination showing-comments show-avatars footer-top-visible">\n'
            '<a class="skip-link screen-reader-text" href="#site-content">Skip to the content</a>'
            '<header id="site-header" class="header-footer-group">\n<div class="header-inner '
            'section-inner">\n<div class="header-titles-wrapper"><div class="header-titles">'
            f'<div class="site-title faux-heading"><a href="{me}/">{site.name}</a></div>'
            f'<div class="site-description">{site.tagline}</div></div></div>\n'
            '<div class="header-navigation-wrapper"><nav class="primary-menu-wrapper" '
            'aria-label="Horizontal"><ul class="primary-menu reset-list-style">\n'
            f"{wp_nav(site)}\n</ul></nav></div>\n</div></header>\n"
            f'<main id="site-content">\n{main}\n</main><!-- #site-content -->\n'
            '<div class="footer-nav-widgets-wrapper header-footer-group"><div '
            'class="footer-inner section-inner"><aside class="footer-widgets-outer-wrapper">'
            '<div class="footer-widgets-wrapper"><div class="footer-widgets column-one grid-item">'
            f"\n{widgets}\n</div></div></aside></div></div>\n"
            '<footer id="site-footer" class="header-footer-group"><div class="section-inner">'
            f'<div class="footer-credits"><p class="footer-copyright">&copy; <a href="{me}/">'
            f"{site.name}</a></p>{footer_extra}</div></div></footer>\n</body>\n</html>\n"
        )
    if site.theme == "astra":
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}">\n{head}\n'
            f"<body itemtype='https://schema.org/Blog' itemscope='itemscope' class=\"{body_class} "
            'ast-desktop ast-separate-container ast-right-sidebar astra-4.5.2">\n'
            '<a class="skip-link screen-reader-text" href="#content" role="link" title="Skip to '
            'content">Skip to content</a>\n<div class="hfeed site" id="page">\n'
            '<header class="site-header header-main-layout-1 ast-primary-menu-enabled '
            "ast-logo-title-inline ast-hide-custom-menu-mobile ast-builder-menu-toggle-icon "
            'ast-mobile-header-inline" id="masthead" itemtype="https://schema.org/WPHeader" '
            'itemscope="itemscope" itemid="#masthead">\n<div class="ast-builder-grid-row">'
            '<div class="site-branding ast-site-identity" itemtype="https://schema.org/Organization" '
            'itemscope="itemscope"><div class="ast-site-title-wrap"><span class="site-title" '
            f'itemprop="name"><a href="{me}/" rel="home" itemprop="url">{site.name}</a></span>'
            f'<p class="site-description" itemprop="description">{site.tagline}</p></div></div>\n'
            '<div class="ast-builder-menu-1 ast-builder-menu"><nav class="site-navigation '
            'ast-flex-grow-1 navigation-accessibility site-header-focus-item" id="primary-site-'
            'navigation-desktop" aria-label="Site Navigation" itemtype="https://schema.org/'
            'SiteNavigationElement" itemscope="itemscope"><div class="main-navigation '
            'ast-inline-flex"><ul id="ast-hf-menu-1" class="main-header-menu ast-menu-shadow '
            f'ast-nav-menu ast-flex submenu-with-border">\n{wp_nav(site)}\n</ul></div></nav></div>'
            "</div>\n</header><!-- #masthead -->\n"
            '<div id="content" class="site-content"><div class="ast-container">\n'
            f'<div id="primary" class="content-area primary"><main id="main" class="site-main">\n'
            f"{main}\n</main><!-- #main --></div><!-- #primary -->\n"
            '<div class="widget-area secondary" id="secondary" itemtype="https://schema.org/'
            'WPSideBar" itemscope="itemscope"><div class="sidebar-main">\n'
            f"{widgets}\n</div></div><!-- #secondary -->\n</div></div><!-- #content -->\n"
            '<footer class="site-footer" id="colophon" itemtype="https://schema.org/WPFooter" '
            'itemscope="itemscope" itemid="#colophon"><div class="ast-small-footer-section '
            f'ast-small-footer-section-1">Copyright &copy; {site.name}{footer_extra}</div></footer>\n'
            "</div><!-- #page -->\n</body>\n</html>\n"
        )
    if site.theme == "twentysixteen":
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}" class="no-js">\n{head}\n'
            f'<body class="{body_class}">\n<div id="page" class="site">\n<div class="site-inner">\n'
            '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n'
            '<header id="masthead" class="site-header"><div class="site-header-main">'
            f'<div class="site-branding"><p class="site-title"><a href="{me}/" rel="home">'
            f'{site.name}</a></p><p class="site-description">{site.tagline}</p></div>\n'
            '<div id="site-header-menu" class="site-header-menu"><nav id="site-navigation" '
            'class="main-navigation" aria-label="Primary Menu"><div class="menu-main-container">'
            f'<ul id="menu-main" class="primary-menu">\n{wp_nav(site)}\n</ul></div></nav></div>'
            "</div></header><!-- .site-header -->\n"
            '<div id="content" class="site-content">\n<div id="primary" class="content-area">'
            f'<main id="main" class="site-main">\n{main}\n</main><!-- .site-main --></div>'
            '<!-- .content-area -->\n<aside id="secondary" class="sidebar widget-area">\n'
            f"{widgets}\n</aside><!-- .sidebar .widget-area -->\n</div><!-- .site-content -->\n"
            '<footer id="colophon" class="site-footer"><div class="site-info">'
            f'<span class="site-title"><a href="{me}/" rel="home">{site.name}</a></span>'
            f"{footer_extra}</div></footer>\n</div></div>\n</body>\n</html>\n"
        )
    # twentytwentyone
    return (
        f'<!doctype html>\n<html lang="{lang}" >\n{head}\n'
        f'<body class="{body_class} wp-embed-responsive is-light-theme no-js singular '
        'has-main-navigation">\n<div id="page" class="site">\n'
        '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n'
        '<header id="masthead" class="site-header has-title-and-tagline has-menu">\n'
        f'<div class="site-branding">\n<p class="site-title"><a href="{me}/" rel="home">{site.name}'
        f'</a></p>\n<p class="site-description">\n{site.tagline}</p>\n</div><!-- .site-branding -->\n'
        '<nav id="site-navigation" class="primary-navigation" aria-label="Primary menu">\n'
        '<div class="primary-menu-container"><ul id="primary-menu-list" class="menu-wrapper">\n'
        f"{wp_nav(site)}\n</ul></div>\t</nav><!-- #site-navigation -->\n</header><!-- #masthead -->\n"
        '<div id="content" class="site-content">\n<div id="primary" class="content-area">\n'
        f'<main id="main" class="site-main">\n{main}\n</main><!-- #main -->\n</div><!-- #primary -->\n'
        "</div><!-- #content -->\n"
        f'<aside class="widget-area">\n{widgets}\n</aside><!-- .widget-area -->\n'
        '<footer id="colophon" class="site-footer">\n<div class="site-info">\n'
        f'<div class="site-name"><a href="{me}/">{site.name}</a></div>{footer_extra}\n'
        "</div><!-- .site-info -->\n</footer><!-- #colophon -->\n</div><!-- #page -->\n"
        "</body>\n</html>\n"
    )


def wp_post_page(site: Site, post: Post, ids: CommentIds, private: bool = False) -> str:
    """A WordPress single post."""
    pid = post_id(site, post)
    cls = (
        f"post-{pid} post type-post status-publish format-standard hentry "
        f"category-{re.sub(r'[^a-z]+', '-', plain(post.category).lower()).strip('-')}"
    )
    comments = wp_comments(site, post, ids)
    meta = wp_article_meta(site, post)
    if site.theme == "twentytwentythree":
        main = (
            '<div class="wp-block-group is-layout-constrained">'
            f'<h1 style="margin-bottom:var(--wp--preset--spacing--40);" class="wp-block-post-title">'
            f"{post.title}</h1></div>\n"
            f'<div class="entry-content wp-block-post-content is-layout-constrained">\n'
            f"{paragraphs(post.body)}\n</div>\n"
            f'<div class="wp-block-group is-layout-constrained">{meta}</div>\n'
            f'<div class="wp-block-group is-layout-constrained">{comments}</div>'
        )
    elif site.theme == "twentytwenty":
        main = (
            f'<article class="{cls}" id="post-{pid}">\n<header class="entry-header '
            'has-text-align-center header-footer-group"><div class="entry-header-inner section-inner '
            f'medium"><div class="entry-categories"><span class="screen-reader-text">Categories'
            f'</span><div class="entry-categories-inner">{post.category}</div></div>'
            f'<h1 class="entry-title">{post.title}</h1>\n{meta}\n</div></header>\n'
            f'<div class="post-inner thin "><div class="entry-content">\n{paragraphs(post.body)}\n'
            f"</div><!-- .entry-content --></div><!-- .post-inner -->\n{comments}\n</article>"
        )
    elif site.theme == "astra":
        main = (
            f'<article class="{cls} ast-article-single" id="post-{pid}" itemtype="https://schema.org/'
            'CreativeWork" itemscope="itemscope">\n<div class="ast-post-format- single-layout-1">'
            '<header class="entry-header">'
            f'<h1 class="entry-title" itemprop="headline">{post.title}</h1>{meta}</header>\n'
            f'<div class="entry-content clear" itemprop="text">\n{paragraphs(post.body)}\n</div>\n'
            f"</div>\n</article>\n{comments}"
        )
    elif site.theme == "twentysixteen":
        main = (
            f'<article id="post-{pid}" class="{cls}">\n<header class="entry-header">'
            f'<h1 class="entry-title">{post.title}</h1></header>\n'
            f'<div class="entry-content">\n{paragraphs(post.body)}\n</div>\n{meta}\n</article>\n'
            f"{comments}"
        )
    else:
        main = (
            f'<article id="post-{pid}" class="{cls} entry">\n<header class="entry-header '
            f'alignwide">\n<h1 class="entry-title">{post.title}</h1>\t</header><!-- .entry-header -->\n'
            f'<div class="entry-content">\n{paragraphs(post.body)}\n</div><!-- .entry-content -->\n'
            f"{meta}\n</article><!-- #post-{pid} -->\n{comments}"
        )
    body_class = f"post-template-default single single-post postid-{pid} single-format-standard"
    return wp_page(
        site,
        title=post.title,
        path=f"{post.slug}/" if not private else f"private/{post.slug}/",
        main=main,
        post=post,
        body_class=body_class,
        description=post.excerpt or plain(post.body[0])[:150],
    )


def wp_home(site: Site) -> str:
    """A WordPress blog index listing posts newest first."""
    me = base(site.slug)
    lab = labels(site)
    arts = []
    for p in sorted(site.posts, key=lambda p: p.age):
        pid = post_id(site, p)
        link = f"{me}/{p.slug}/"
        if site.theme == "twentytwenty":
            arts.append(
                f'<article class="post-{pid} post type-post status-publish format-standard hentry" '
                f'id="post-{pid}">\n<header class="entry-header has-text-align-center"><div '
                f'class="entry-header-inner section-inner medium"><h2 class="entry-title heading-size-1">'
                f'<a href="{link}">{p.title}</a></h2>\n{wp_article_meta(site, p)}\n</div></header>\n'
                f'<div class="post-inner thin "><div class="entry-content"><p>{p.excerpt}</p>'
                f'<div class="read-more-button-wrap"><a href="{link}" class="more-link"><span '
                f'class="faux-button">Continue reading</span></a></div></div></div>\n</article>'
            )
        elif site.theme == "astra":
            arts.append(
                f'<article class="post-{pid} post type-post status-publish format-standard hentry '
                f'ast-article-post" id="post-{pid}" itemtype="https://schema.org/CreativeWork" '
                'itemscope="itemscope"><div class="ast-post-format- blog-layout-1 ast-no-date-box">'
                '<div class="post-content ast-grid-common-col"><header class="entry-header">'
                f'<h2 class="entry-title" itemprop="headline"><a href="{link}" rel="bookmark">'
                f"{p.title}</a></h2>{wp_article_meta(site, p)}</header>"
                f'<div class="ast-excerpt-container ast-blog-single-element"><p>{p.excerpt}</p></div>'
                f'<p class="read-more"><a class="" href="{link}">Read More &raquo;</a></p>'
                "</div></div></article>"
            )
        elif site.theme == "twentytwentythree":
            arts.append(
                f'<li class="wp-block-post post-{pid} post type-post status-publish format-standard '
                f'hentry"><h2 class="wp-block-post-title"><a href="{link}" target="_self">{p.title}'
                f'</a></h2><div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">'
                f'{p.excerpt}</p></div><div class="wp-block-post-date"><time datetime="{date(p.age)}">'
                f"{date(p.age, 'human')}</time></div></li>"
            )
        else:
            arts.append(
                f'<article id="post-{pid}" class="post-{pid} post type-post status-publish '
                'format-standard hentry entry">\n<header class="entry-header">\n'
                f'<h2 class="entry-title default-max-width"><a href="{link}">{p.title}</a></h2>'
                '</header><!-- .entry-header -->\n<div class="entry-content">\n'
                f"<p>{p.excerpt}</p>\n</div><!-- .entry-content -->\n"
                + (
                    f'<footer class="entry-footer default-max-width"><span class="posted-on">'
                    f'{lab.published} <time class="entry-date published updated" '
                    f'datetime="{date(p.age)}">{date(p.age, lab.date_fmt)}</time></span></footer>'
                    if site.theme != "twentysixteen"
                    else wp_article_meta(site, p)
                )
                + "\n</article>"
            )
    if site.theme == "twentytwentythree":
        main = (
            '<div class="wp-block-query is-layout-constrained"><ul class="wp-block-post-template '
            'is-layout-flow">\n' + "\n".join(arts) + "\n</ul></div>"
        )
    else:
        main = "\n".join(arts)
    extra = ""
    if site.private and site.private_link_from == "home":
        extra = f' <a href="{me}/private/{site.private.slug}/">Private</a>'
    return wp_page(
        site,
        title=site.tagline,
        path="",
        main=main,
        body_class="home blog",
        description=site.tagline,
        footer_extra=extra,
    )


def wp_static(site: Site, slug: str, title: str, body: str, page_no: int) -> str:
    """A WordPress page (About, Contact, Write for us)."""
    pid = 40 + page_no
    if site.theme == "twentytwentythree":
        main = (
            f'<h1 class="wp-block-post-title">{title}</h1>\n'
            f'<div class="entry-content wp-block-post-content is-layout-constrained">\n{body}\n'
            "</div>"
        )
    else:
        main = (
            f'<article id="post-{pid}" class="post-{pid} page type-page status-publish '
            f'hentry entry">\n<header class="entry-header alignwide">\n<h1 class="entry-title">'
            f'{title}</h1></header>\n<div class="entry-content">\n{body}\n</div>\n</article>'
        )
    return wp_page(
        site,
        title=title,
        path=f"{slug}/",
        main=main,
        body_class=f"page-template-default page page-id-{pid}",
        description=plain(body)[:150],
    )


def contact_body(site: Site) -> str:
    """A Contact Form 7 form plus the address in clear text."""
    fr = site.lang == "fr"
    intro = "Pour toute question, écrivez-moi à" if fr else "The quickest way to reach me is by email at"
    email = site.contact_email or ""
    return (
        f'<p>{intro} <a href="mailto:{email}">{email}</a>.</p>\n'
        '<div class="wpcf7 no-js" id="wpcf7-f45-p12-o1" lang="en-US" dir="ltr">\n'
        '<div class="screen-reader-response"><p role="status" aria-live="polite" '
        'aria-atomic="true"></p> <ul></ul></div>\n'
        '<form action="/contact/#wpcf7-f45-p12-o1" method="post" class="wpcf7-form init" '
        'aria-label="Contact form" novalidate="novalidate" data-status="init">\n'
        '<div style="display: none;"><input type="hidden" name="_wpcf7" value="45" />'
        '<input type="hidden" name="_wpcf7_version" value="5.8.4" /></div>\n'
        '<p><label> Your name<br /><span class="wpcf7-form-control-wrap" data-name="your-name">'
        '<input size="40" class="wpcf7-form-control wpcf7-text wpcf7-validates-as-required" '
        'aria-required="true" value="" type="text" name="your-name" /></span> </label></p>\n'
        '<p><label> Your email<br /><span class="wpcf7-form-control-wrap" data-name="your-email">'
        '<input size="40" class="wpcf7-form-control wpcf7-email wpcf7-validates-as-required '
        'wpcf7-text wpcf7-validates-as-email" aria-required="true" value="" type="email" '
        'name="your-email" /></span> </label></p>\n'
        '<p><label> Your message (optional)<br /><span class="wpcf7-form-control-wrap" '
        'data-name="your-message"><textarea cols="40" rows="10" class="wpcf7-form-control '
        'wpcf7-textarea" name="your-message"></textarea></span> </label></p>\n'
        '<p><input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" '
        'value="Submit" /></p><div class="wpcf7-response-output" aria-hidden="true"></div>\n'
        "</form>\n</div>"
    )


# ---------------------------------------------------------------------------------------------
# Blogger
# ---------------------------------------------------------------------------------------------


def blogger_id(site: Site) -> int:
    """A Blogger-like blog ID."""
    return 7000000000000000000 + int(hashlib.sha1(site.slug.encode()).hexdigest()[:12], 16)


def blogger_shell(site: Site, title: str, path: str, inner: str, kind: str, post: Post | None = None) -> str:
    """A Blogger (Simple/Contempo-like) page."""
    me = base(site.slug)
    bid = blogger_id(site)
    roll = "\n".join(
        f"<li style='display: block;'><div class='blog-icon'></div><div class='blog-content'>"
        f"<div class='blog-title'><a href='{base(s)}/' target='_blank'>{BY_SLUG[s].name}</a>"
        f"</div></div><div style='clear: both;'></div></li>"
        for s in site.blogroll
    )
    pages = "\n".join(f"<li><a href='{me}{href}'>{label}</a></li>" for label, href in nav_items(site))
    desc = f"<meta content='{attr(post.excerpt)}' name='description'/>\n" if post else ""
    return (
        "<!DOCTYPE html>\n<html class='v2' dir='ltr' lang='en' xmlns='http://www.w3.org/1999/xhtml' "
        "xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' "
        "xmlns:expr='http://www.google.com/2005/gml/expr'>\n<head>\n"
        "<meta content='width=1100' name='viewport'/>\n"
        "<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>\n"
        "<meta content='blogger' name='generator'/>\n"
        f"<link href='{me}/favicon.ico' rel='icon' type='image/x-icon'/>\n"
        f"<link href='{me}/{path}' rel='canonical'/>\n"
        f'<link rel="alternate" type="application/atom+xml" title="{attr(site.name)} - Atom" '
        f'href="{me}/feed.xml" />\n'
        f"{desc}"
        f"<title>{site.name}{': ' + title if title else ''}</title>\n"
        "<link type='text/css' rel='stylesheet' href='https://www.blogger.com/static/v1/widgets/"
        "2975350028-css_bundle_v2.css' />\n"
        "</head>\n"
        f"<body class='loading variant-simplysimple'>\n<div class='content'><div class='content-outer'>"
        "<header><div class='header-outer'><div class='header section' id='header' name='Header'>"
        "<div class='widget Header' data-version='1' id='Header1'><div id='header-inner'>"
        f"<div class='titlewrapper'><h1 class='title'><a href='{me}/'>{site.name}</a></h1></div>"
        f"<div class='descriptionwrapper'><p class='description'><span>{site.tagline}</span></p>"
        "</div></div></div></div></div></header>\n"
        "<div class='tabs-outer'><div class='tabs section' id='crosscol'><div class='widget PageList' "
        "data-version='1' id='PageList1'><div class='widget-content'><ul>\n"
        f"{pages}\n</ul></div></div></div></div>\n"
        "<div class='main-outer'><div class='main-inner'><div class='columns fauxcolumns'>"
        "<div class='column-center-outer'><div class='column-center-inner'>"
        "<div class='main section' id='main' name='Main'>\n"
        f"<div class='widget {kind}' data-version='1' id='{kind}1'>\n{inner}\n</div>\n"
        "</div></div></div>\n"
        "<div class='column-right-outer'><div class='column-right-inner'><aside>"
        "<div class='sidebar section' id='sidebar-right-1'>\n"
        "<div class='widget BlogList' data-version='1' id='BlogList1'>\n"
        "<h2 class='title'>My Blog List</h2>\n<div class='widget-content'>"
        "<div class='blog-list-container' id='BlogList1_container'><ul id='BlogList1_blogs'>\n"
        f"{roll}\n</ul></div></div></div>\n"
        "<div class='widget Profile' data-version='1' id='Profile1'><h2>About Me</h2>"
        f"<div class='widget-content'><dl class='profile-datablock'><dt class='profile-data'>"
        f"{site.author}</dt></dl></div></div>\n"
        "</div></aside></div></div>\n"
        "</div></div></div>\n"
        "<footer><div class='footer-outer'><div class='foot section' id='footer-3'>"
        "<div class='widget Attribution' data-version='1' id='Attribution1'><div class='widget-content' "
        "style='text-align: center;'>Powered by Blogger.</div></div></div></div></footer>\n"
        "</div></div>\n"
        "<script type='text/javascript'>window['__wavt'] = 'AOuZoY4'; _WidgetManager._Init("
        f"'//www.blogger.com/rearrange?blogID={bid}', '//{site.slug}.blogspot.com/', '{bid}');"
        "</script>\n</body>\n</html>\n"
    )


def blogger_post(site: Site, post: Post, ids: CommentIds) -> str:
    """A Blogger post with server-rendered threaded comments and the comment iframe."""
    me = base(site.slug)
    bid = blogger_id(site)
    pid = 5000000000000000000 + post_id(site, post) * 7919
    items = []
    for c in flat_comments(post.comments):
        cid = 1700000000000 + ids.take() * 977
        who = f"<a href='{base(c.site)}/' rel='{site.comment_rel}'>{c.author}</a>" if c.site else c.author
        items.append(
            f"<li class='comment' id='c{cid}'><div class='avatar-image-container'>"
            "<img src='//resources.blogblog.com/img/blank.gif' alt=''/></div>"
            f"<div class='comment-block'><div class='comment-header'><cite class='user'>{who}</cite>"
            "<span class='icon user '></span><span class='datetime secondary-text'>"
            f"<a rel='nofollow' href='{me}/{post.slug}/?showComment={cid}#c{cid}'>"
            f"{date(c.age, 'human')}</a></span></div><p class='comment-content'>{c.text}</p>"
            "<span class='comment-actions secondary-text'><a class='comment-reply' target='_self' "
            f"data-comment-id='{cid}'>Reply</a></span></div><div class='comment-replies'></div>"
            f"<div class='comment-replybox-single' id='c{cid}-ce'></div></li>"
        )
    n = len(items)
    thread = (
        (
            "<div class='comment-thread toplevel-thread'><ol id='top-ra'>\n"
            + "\n".join(items)
            + "\n</ol><div id='top-continue' class='continue'><a class='comment-reply' "
            "target='_self'>Add comment</a></div><div class='comment-replybox-thread' "
            "id='top-ce'></div></div>"
        )
        if n
        else ""
    )
    frame = (
        f"https://www.blogger.com/comment/frame/{bid}?po={pid}&amp;hl=en&amp;saa=85391&amp;origin={me}&amp;skin=simple"
    )
    inner = (
        "<div class='blog-posts hfeed container'>\n<div class='date-outer'>\n"
        f"<h2 class='date-header'><span>{date(post.age, 'human')}</span></h2>\n"
        "<div class='date-posts'><div class='post-outer'>\n"
        "<div class='post hentry uncustomized-post-template' itemprop='blogPost' "
        "itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>\n"
        f"<meta content='{bid}' itemprop='blogId'/><meta content='{pid}' itemprop='postId'/>\n"
        f"<a name='{pid}'></a>\n<h3 class='post-title entry-title' itemprop='name'>{post.title}</h3>\n"
        "<div class='post-header'><div class='post-header-line-1'></div></div>\n"
        f"<div class='post-body entry-content' id='post-body-{pid}' itemprop='description articleBody'>"
        f"\n{paragraphs(post.body)}\n<div style='clear: both;'></div></div>\n"
        "<div class='post-footer'><div class='post-footer-line post-footer-line-1'>"
        "<span class='post-author vcard'>Posted by <span class='fn' itemprop='author' "
        "itemscope='itemscope' itemtype='http://schema.org/Person'><span itemprop='name'>"
        f"{site.author}</span></span></span> <span class='post-timestamp'>at "
        f"<meta content='{me}/{post.slug}/' itemprop='url'/><a class='timestamp-link' "
        f"href='{me}/{post.slug}/' rel='bookmark' title='permanent link'><abbr class='published' "
        f"itemprop='datePublished' title='{date(post.age)}'>{date(post.age, 'human')}</abbr></a>"
        "</span> <span class='post-comment-link'></span></div>"
        f"<div class='post-footer-line post-footer-line-2'><span class='post-labels'>Labels: "
        f"{post.category}</span></div></div>\n</div>\n"
        "<div class='comments threaded' id='comments'>\n<a name='comments'></a>\n"
        f"<h4>{n} comment{'s' if n != 1 else ''}:</h4>\n"
        "<div class='comments-content'>\n<div id='comment-holder'>\n"
        f"{thread}\n</div>\n</div>\n"
        "<p class='comment-footer'>\n<div class='comment-form'>\n<a name='comment-form'></a>\n"
        "<h4 id='comment-post-message'>Post a Comment</h4>\n<p></p>\n"
        "<iframe allowtransparency='allowtransparency' class='blogger-iframe-colorize "
        "blogger-comment-from-post' frameborder='0' height='410px' id='comment-editor' "
        f"name='comment-editor' src='{frame}' width='100%' data-resizable='true'></iframe>\n"
        "<script src='https://www.blogger.com/static/v1/jsbin/2830521187-comment_from_post_iframe.js' "
        "type='text/javascript'></script>\n<script type='text/javascript'>\n"
        "      BLOG_CMT_createIframe('https://www.blogger.com/rpc_relay.html');\n    </script>\n"
        "</div>\n</p>\n</div>\n"
        "</div></div></div>\n</div>"
    )
    return blogger_shell(site, post.title, f"{post.slug}/", inner, "Blog", post)


def blogger_home(site: Site) -> str:
    """A Blogger home page with post summaries."""
    me = base(site.slug)
    outs = []
    for p in sorted(site.posts, key=lambda p: p.age):
        n = comment_count(p.comments)
        outs.append(
            f"<div class='date-outer'><h2 class='date-header'><span>{date(p.age, 'human')}</span>"
            "</h2><div class='date-posts'><div class='post-outer'><div class='post hentry "
            "uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' "
            "itemtype='http://schema.org/BlogPosting'>"
            f"<h3 class='post-title entry-title' itemprop='name'><a href='{me}/{p.slug}/'>{p.title}"
            f"</a></h3><div class='post-body entry-content' itemprop='description articleBody'>"
            f"{p.excerpt}</div><div class='post-footer'><span class='post-timestamp'>at "
            f"<a class='timestamp-link' href='{me}/{p.slug}/' rel='bookmark'><abbr class='published' "
            f"itemprop='datePublished' title='{date(p.age)}'>{date(p.age, 'human')}</abbr></a>"
            f"</span> <span class='post-comment-link'><a class='comment-link' "
            f"href='{me}/{p.slug}/#comment-form'>{n} comments</a></span></div></div></div></div></div>"
        )
    inner = "<div class='blog-posts hfeed container'>\n" + "\n".join(outs) + "\n</div>"
    return blogger_shell(site, "", "", inner, "Blog")


def blogger_static(site: Site, slug: str, title: str, body: str) -> str:
    """A Blogger static page."""
    inner = (
        f"<div class='post hentry'><h3 class='post-title entry-title'>{title}</h3>"
        f"<div class='post-body entry-content'>\n{body}\n</div></div>"
    )
    return blogger_shell(site, title, f"{slug}/", inner, "Blog")


# ---------------------------------------------------------------------------------------------
# Jekyll (minima + Disqus), Hugo (PaperMod), Ghost (Casper)
# ---------------------------------------------------------------------------------------------

DISQUS = """<div id="disqus_thread"></div>
  <script>
    var disqus_config = function () {
      this.page.url = '__URL__';
      this.page.identifier = '__URL__';
    };

    (function() {
      var d = document, s = d.createElement('script');

      s.src = 'https://__SHORT__.disqus.com/embed.js';

      s.setAttribute('data-timestamp', +new Date());
      (d.head || d.body).appendChild(s);
    })();
  </script>
  <noscript>Please enable JavaScript to view the <a href="https://disqus.com/?ref_noscript" rel="nofollow">comments powered by Disqus.</a></noscript>"""  # noqa: E501 - Disqus's own embed, kept verbatim


def jekyll_page(site: Site, title: str, path: str, main: str, post: Post | None = None) -> str:
    """A Jekyll minima page."""
    me = base(site.slug)
    url = f"{me}/{path}"
    desc = attr(post.excerpt if post else site.tagline)
    seo = [
        "<!-- Begin Jekyll SEO tag v2.8.0 -->",
        f"<title>{title} | {site.name}</title>" if title else f"<title>{site.name} | {site.tagline}</title>",
        '<meta name="generator" content="Jekyll v4.3.2" />',
        f'<meta property="og:title" content="{attr(title or site.name)}" />',
        f'<meta name="author" content="{site.author}" />',
        '<meta property="og:locale" content="en_US" />',
        f'<meta name="description" content="{desc}" />',
        f'<link rel="canonical" href="{url}" />',
        f'<meta property="og:url" content="{url}" />',
        f'<meta property="og:site_name" content="{attr(site.name)}" />',
    ]
    if post:
        seo += [
            '<meta property="og:type" content="article" />',
            f'<meta property="article:published_time" content="{date(post.age)}" />',
        ]
        ld = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "author": {"@type": "Person", "name": site.author},
            "dateModified": date(post.age),
            "datePublished": date(post.age),
            "description": plain(post.excerpt),
            "headline": plain(post.title),
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
        }
    else:
        seo.append('<meta property="og:type" content="website" />')
        ld = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "author": {"@type": "Person", "name": site.author},
            "headline": plain(site.name),
            "name": plain(site.name),
            "url": url,
        }
    seo.append(f'<script type="application/ld+json">\n{json.dumps(ld)}</script>')
    seo.append("<!-- End Jekyll SEO tag -->")
    nav = "".join(f'<a class="page-link" href="{href}">{label}</a>' for label, href in nav_items(site) if href != "/")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n' + "\n".join(seo) + "\n"
        '<link rel="stylesheet" href="/assets/main.css">'
        f'<link type="application/atom+xml" rel="alternate" href="{me}/feed.xml" '
        f'title="{attr(site.name)}" /></head>\n<body>'
        '<header class="site-header" role="banner">\n<div class="wrapper">'
        f'<a class="site-title" rel="author" href="/">{site.name}</a>'
        '<nav class="site-nav"><input type="checkbox" id="nav-trigger" class="nav-trigger" />'
        f'<div class="trigger">{nav}</div></nav></div>\n</header>\n'
        f'<main class="page-content" aria-label="Content">\n<div class="wrapper">\n{main}\n</div>\n'
        "</main>"
        '<footer class="site-footer h-card">\n<data class="u-url" href="/"></data>\n'
        '<div class="wrapper">\n<h2 class="footer-heading">' + site.name + "</h2>\n"
        '<div class="footer-col-wrapper"><div class="footer-col footer-col-1">'
        f'<ul class="contact-list"><li class="p-name">{site.author}</li></ul></div>'
        f'<div class="footer-col footer-col-3"><p>{site.tagline}</p></div></div>\n</div>\n'
        "</footer>\n</body>\n</html>\n"
    )


def jekyll_post(site: Site, post: Post) -> str:
    """A Jekyll minima post with the Disqus include."""
    url = f"{base(site.slug)}/{post.slug}/"
    disqus = DISQUS.replace("__URL__", url).replace("__SHORT__", site.slug)
    main = (
        '<article class="post h-entry" itemscope itemtype="http://schema.org/BlogPosting">\n'
        '<header class="post-header">\n'
        f'<h1 class="post-title p-name" itemprop="name headline">{post.title}</h1>\n'
        f'<p class="post-meta"><time class="dt-published" datetime="{date(post.age)}" '
        f'itemprop="datePublished">{date(post.age, "human")}\n</time>• <span itemprop="author" '
        f'itemscope itemtype="http://schema.org/Person"><span class="p-author h-card" '
        f'itemprop="name">{site.author}</span></span></p>\n</header>\n'
        f'<div class="post-content e-content" itemprop="articleBody">\n{paragraphs(post.body)}\n'
        f"</div>{disqus}\n"
        f'<a class="u-url" href="/{post.slug}/" hidden></a>\n</article>'
    )
    return jekyll_page(site, post.title, f"{post.slug}/", main, post)


def jekyll_home(site: Site) -> str:
    """A Jekyll minima home page (post list plus a blogroll the author added)."""
    items = "\n".join(
        f'<li><span class="post-meta">{date(p.age, "human")}</span>\n<h3>\n'
        f'<a class="post-link" href="/{p.slug}/">\n{p.title}\n</a>\n</h3><p>{p.excerpt}</p></li>'
        for p in sorted(site.posts, key=lambda p: p.age)
    )
    roll = "\n".join(f'<li><a href="{base(s)}/">{BY_SLUG[s].name}</a></li>' for s in site.blogroll)
    main = (
        f'<div class="home"><h2 class="post-list-heading">Posts</h2>\n'
        f'<ul class="post-list">{items}</ul>\n'
        f'<h2 class="post-list-heading">Other birders worth reading</h2>\n<ul>{roll}</ul>\n'
        f'<p class="rss-subscribe">subscribe <a href="/feed.xml">via RSS</a></p></div>'
    )
    return jekyll_page(site, "", "", main)


def hugo_page(site: Site, title: str, path: str, main: str, post: Post | None = None) -> str:
    """A Hugo PaperMod page."""
    me = base(site.slug)
    url = f"{me}/{path}"
    menu = "\n".join(
        f'<li><a href="{me}{href}" title="{label}"><span>{label}</span></a></li>'
        for label, href in nav_items(site)
        if href != "/"
    )
    meta = ""
    if post:
        ld = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": plain(post.title),
            "name": plain(post.title),
            "description": plain(post.excerpt),
            "wordCount": str(word_count(post)),
            "datePublished": date(post.age),
            "dateModified": date(post.age),
            "author": [{"@type": "Person", "name": site.author}],
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        }
        meta = (
            f'<meta property="og:type" content="article" />\n'
            f'<meta property="article:section" content="posts" />\n'
            f'<meta property="article:published_time" content="{date(post.age)}" />\n'
            f'<meta property="article:modified_time" content="{date(post.age)}" />\n'
            f'<script type="application/ld+json">\n{json.dumps(ld)}\n</script>\n'
        )
    return (
        f'<!DOCTYPE html>\n<html lang="en" dir="auto">\n<head><meta charset="utf-8">\n'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">\n'
        '<meta name="robots" content="index, follow">\n'
        f"<title>{title + ' | ' if title else ''}{site.name}</title>\n"
        f'<meta name="description" content="{attr(post.excerpt if post else site.tagline)}">\n'
        f'<meta name="author" content="{site.author}">\n'
        f'<link rel="canonical" href="{url}">\n'
        '<link crossorigin="anonymous" href="/assets/css/stylesheet.b609c58d5c11bb90b1a54e04005d74ad.css" '
        'rel="preload stylesheet" as="style">\n'
        f'<link rel="alternate" type="application/rss+xml" href="{me}/feed.xml">\n'
        '<meta name="generator" content="Hugo 0.120.0">\n'
        f"{meta}</head>\n\n"
        '<body class="" id="top">\n<header class="header">\n<nav class="nav">\n<div class="logo">\n'
        f'<a href="{me}/" accesskey="h" title="{attr(site.name)} (Alt + H)">{site.name}</a>\n</div>\n'
        f'<ul id="menu">\n{menu}\n</ul>\n</nav>\n</header>\n'
        f'<main class="main">\n{main}\n</main>\n\n'
        f'<footer class="footer">\n<span>{site.name}</span> &middot; <span>Powered by Hugo &amp; '
        "PaperMod</span>\n</footer>\n</body>\n\n</html>\n"
    )


def hugo_post(site: Site, post: Post) -> str:
    """A Hugo PaperMod single page (no comments section)."""
    minutes = max(1, word_count(post) // 200)
    main = (
        '<article class="post-single">\n<header class="post-header">\n'
        f'<div class="breadcrumbs"><a href="{base(site.slug)}/">Home</a></div>\n'
        f'<h1 class="post-title entry-hint-parent">\n{post.title}\n</h1>\n'
        f'<div class="post-description">\n{post.excerpt}\n</div>\n'
        f"<div class=\"post-meta\"><span title='{date(post.age)}'>{date(post.age, 'human')}</span>"
        f"&nbsp;·&nbsp;{minutes} min&nbsp;·&nbsp;{site.author}\n</div>\n</header>\n"
        f'<div class="post-content">{paragraphs(post.body)}</div>\n'
        f'<footer class="post-footer">\n<ul class="post-tags"><li>{post.category}</li></ul>\n'
        "</footer>\n</article>"
    )
    return hugo_page(site, post.title, f"{post.slug}/", main, post)


def hugo_home(site: Site) -> str:
    """A Hugo PaperMod list page, with the blogroll the author keeps on the home page."""
    entries = "\n".join(
        '<article class="post-entry">\n<header class="entry-header">\n'
        f'<h2 class="entry-hint-parent">{p.title}\n</h2>\n</header>\n'
        f'<div class="entry-content">\n<p>{p.excerpt}</p>\n</div>\n'
        f"<footer class=\"entry-footer\"><span title='{date(p.age)}'>{date(p.age, 'human')}</span>"
        f"&nbsp;·&nbsp;{site.author}</footer>\n"
        f'<a class="entry-link" aria-label="post link to {attr(p.title)}" '
        f'href="{base(site.slug)}/{p.slug}/"></a>\n</article>'
        for p in sorted(site.posts, key=lambda p: p.age)
    )
    roll = "\n".join(f'<li><a href="{base(s)}/">{BY_SLUG[s].name}</a></li>' for s in site.blogroll)
    main = (
        f'<article class="first-entry home-info">\n<header class="entry-header"><h1>{site.name}'
        f'</h1></header>\n<div class="entry-content">{site.tagline}</div>\n</article>\n{entries}\n'
        f'<aside class="blogroll"><h2>Runners I read</h2>\n<ul>\n{roll}\n</ul></aside>'
    )
    return hugo_page(site, "", "", main)


def hugo_static(site: Site, slug: str, title: str, body: str) -> str:
    """A Hugo PaperMod standalone page."""
    main = (
        f'<article class="post-single">\n<header class="post-header">\n<h1 class="post-title">'
        f'{title}</h1>\n</header>\n<div class="post-content">{body}</div>\n</article>'
    )
    return hugo_page(site, title, f"{slug}/", main)


def ghost_page(site: Site, title: str, path: str, main: str, body_class: str, post: Post | None = None) -> str:
    """A Ghost (Casper) page."""
    me = base(site.slug)
    url = f"{me}/{path}"
    nav = "\n".join(
        f'<li class="nav-{label.lower().replace(" ", "-")}"><a href="{me}{href}">{label}</a></li>'
        for label, href in nav_items(site)
    )
    roll = "\n".join(f'<li><a href="{base(s)}/">{BY_SLUG[s].name}</a></li>' for s in site.blogroll)
    meta = ""
    if post:
        ld = {
            "@context": "https://schema.org",
            "@type": "Article",
            "publisher": {"@type": "Organization", "name": plain(site.name), "url": f"{me}/"},
            "author": {"@type": "Person", "name": site.author},
            "headline": plain(post.title),
            "url": url,
            "datePublished": date(post.age),
            "dateModified": date(post.age),
            "description": plain(post.excerpt),
            "mainEntityOfPage": url,
        }
        meta = (
            f'<meta property="og:type" content="article">\n'
            f'<meta property="article:published_time" content="{date(post.age)}">\n'
            f'<meta property="article:modified_time" content="{date(post.age)}">\n'
            f'<script type="application/ld+json">\n{json.dumps(ld, indent=4)}\n</script>\n'
        )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title or site.name}</title>\n"
        '<link rel="stylesheet" type="text/css" href="/assets/built/screen.css?v=a2d0e7e4c1">\n'
        f'<meta name="description" content="{attr(post.excerpt if post else site.tagline)}">\n'
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="referrer" content="no-referrer-when-downgrade">\n'
        f'<meta property="og:site_name" content="{attr(site.name)}">\n{meta}'
        '<meta name="generator" content="Ghost 5.75">\n'
        f'<link rel="alternate" type="application/rss+xml" title="{attr(site.name)}" '
        f'href="{me}/feed.xml">\n'
        '<script defer src="https://cdn.jsdelivr.net/ghost/portal@~2.37/umd/portal.min.js" '
        f'data-i18n="false" data-ghost="{me}/" data-key="3c1e0d5a7b9f2e4d6c8a0b1e2f" '
        f'data-api="{me}/ghost/api/content/" crossorigin="anonymous"></script>\n'
        "</head>\n"
        f'<body class="{body_class} is-head-left-logo">\n<div class="viewport">\n'
        '<header id="gh-head" class="gh-head outer">\n<div class="gh-head-inner inner">\n'
        f'<div class="gh-head-brand"><a class="gh-head-logo no-image" href="{me}">{site.name}</a></div>\n'
        f'<nav class="gh-head-menu"><ul class="nav">\n{nav}\n</ul></nav>\n'
        '<div class="gh-head-actions"><div class="gh-head-members">'
        '<a class="gh-head-link" href="#/portal/signin" data-portal="signin">Sign in</a>'
        '<a class="gh-head-button" href="#/portal/signup" data-portal="signup">Subscribe</a>'
        "</div></div>\n</div>\n</header>\n"
        f'<div class="site-content">\n{main}\n</div>\n'
        '<footer class="site-footer outer"><div class="inner">'
        f'<section class="copyright"><a href="{me}">{site.name}</a></section>'
        f'<nav class="site-footer-nav"><ul class="nav">\n{roll}\n</ul></nav>'
        "</div></footer>\n</div>\n</body>\n</html>\n"
    )


def ghost_post(site: Site, post: Post) -> str:
    """A Ghost post with native (members-only) comments loaded by comments-ui."""
    me = base(site.slug)
    tag = post.category.lower().replace(" ", "-")
    minutes = max(1, word_count(post) // 200)
    gid = hashlib.sha1((site.slug + post.slug).encode()).hexdigest()[:24]
    main = (
        '<main id="site-main" class="site-main">\n'
        f'<article class="article post tag-{tag} no-image">\n'
        '<header class="article-header gh-canvas">\n<div class="article-tag post-card-tags">'
        f'<span class="post-card-primary-tag">{post.category}</span></div>\n'
        f'<h1 class="article-title">{post.title}</h1>\n'
        f'<p class="article-excerpt">{post.excerpt}</p>\n'
        '<div class="article-byline"><section class="article-byline-content">'
        '<div class="article-byline-meta">'
        f'<h4 class="author-name">{site.author}</h4><div class="byline-meta-content">'
        f'<time class="byline-meta-date" datetime="{date(post.age, "day")}">{date(post.age, "human")}'
        f'</time><span class="byline-reading-time"><span class="bull">&bull;</span> {minutes} min '
        "read</span></div></div></section></div>\n</header>\n"
        f'<section class="gh-content gh-canvas">\n{paragraphs(post.body)}\n</section>\n'
        '<section class="article-comments gh-canvas">\n'
        '<script defer src="https://cdn.jsdelivr.net/ghost/comments-ui@~0.12/umd/comments-ui.min.js" '
        f'data-ghost-comments="{me}/" data-api="{me}/ghost/api/content/" data-admin="{me}/ghost/" '
        'data-key="3c1e0d5a7b9f2e4d6c8a0b1e2f" data-title="" data-count="true" '
        f'data-post-id="{gid}" data-color-scheme="auto" data-avatar-saturation="60" '
        'data-accent-color="#FF6B35" data-comments-enabled="all" data-publication="'
        f'{attr(site.name)}" crossorigin="anonymous"></script>\n</section>\n'
        "</article>\n</main>"
    )
    return ghost_page(site, post.title, f"{post.slug}/", main, f"post-template tag-{tag}", post)


def ghost_home(site: Site) -> str:
    """A Ghost (Casper) home feed."""
    cards = "\n".join(
        f'<article class="post-card post tag-{p.category.lower()} keep-ratio">\n'
        f'<div class="post-card-content"><a class="post-card-content-link" href="{base(site.slug)}/'
        f'{p.slug}/"><header class="post-card-header"><h2 class="post-card-title">{p.title}</h2>'
        f'</header><div class="post-card-excerpt">{p.excerpt}</div></a>'
        f'<footer class="post-card-meta"><time class="post-card-meta-date" '
        f'datetime="{date(p.age, "day")}">{date(p.age, "human")}</time></footer></div>\n</article>'
        for p in sorted(site.posts, key=lambda p: p.age)
    )
    main = (
        f'<main id="site-main" class="site-main outer">\n<div class="inner posts">\n'
        f'<div class="post-feed">\n{cards}\n</div>\n</div>\n</main>'
    )
    return ghost_page(site, "", "", main, "home-template")


def ghost_static(site: Site, slug: str, title: str, body: str) -> str:
    """A Ghost page."""
    main = (
        f'<main id="site-main" class="site-main"><article class="article page">'
        f'<header class="article-header gh-canvas"><h1 class="article-title">{title}</h1>'
        f'</header><section class="gh-content gh-canvas">\n{body}\n</section></article></main>'
    )
    return ghost_page(site, title, f"{slug}/", main, "page-template")


# ---------------------------------------------------------------------------------------------
# parked domains
# ---------------------------------------------------------------------------------------------


def parked_page(site: Site) -> str:
    """A domain-parking lander: no content, a sale notice and ad-style related searches."""
    domain = site.extra["domain"]
    related = "\n".join(
        f'<li><a href="#" class="related-link" rel="nofollow">{r}</a></li>' for r in site.extra["related"].split("|")
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{domain} - This domain may be for sale!</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, follow">\n'
        f'<meta name="description" content="{domain} may be for sale. Related searches and offers.">\n'
        "<style>body{font-family:Arial,sans-serif;background:#f4f4f4;margin:0}.container{max-width:"
        "800px;margin:40px auto;background:#fff;padding:30px}.button{background:#e8590c;color:#fff;"
        "padding:12px 24px}</style>\n</head>\n<body>\n"
        '<div class="container" id="parking-lander">\n'
        f'<div class="header"><h1 class="domain-name">{domain}</h1>\n'
        '<p class="domain-status">This domain may be for sale!</p></div>\n'
        '<div class="buy-box"><p>Interested in this domain? Make an offer or buy it now for a fixed '
        'price through our secure transfer service.</p><span class="button">Buy this domain</span>'
        "</div>\n"
        '<div class="related"><h2>Related Searches</h2>\n<ul class="related-searches">\n'
        f"{related}\n</ul></div>\n"
        '<div class="footer">Copyright &copy; ' + domain + ". All rights reserved. "
        '<span class="privacy">Privacy Policy</span> | The sponsored listings displayed above are '
        "served automatically by a third party. Neither the service provider nor the domain owner "
        "maintain any relationship with the advertisers.</div>\n</div>\n"
        "<script>window.park = 'eyJ1dWlkIjoiNmM5ZGQ4MDAifQ==';</script>\n"
        "</body>\n</html>\n"
    )


# ---------------------------------------------------------------------------------------------
# feeds, sitemaps, robots.txt
# ---------------------------------------------------------------------------------------------


def rss_feed(site: Site) -> str:
    """An RSS 2.0 feed (WordPress flavour for WordPress, plain otherwise)."""
    me = base(site.slug)
    posts = sorted(site.posts, key=lambda p: p.age)
    gen = {
        "wordpress": f"https://wordpress.org/?v={WP_VERSION}",
        "ghost": "Ghost 5.75",
        "hugo": "Hugo -- gohugo.io",
    }.get(site.platform, "")
    items = []
    for p in posts:
        guid = (
            f'<guid isPermaLink="false">{me}/?p={post_id(site, p)}</guid>'
            if site.platform == "wordpress"
            else f'<guid isPermaLink="true">{me}/{p.slug}/</guid>'
        )
        extra = ""
        if site.platform == "wordpress":
            extra = (
                f"\t\t<comments>{me}/{p.slug}/#comments</comments>\n"
                f"\t\t<dc:creator><![CDATA[{site.author}]]></dc:creator>\n"
                f"\t\t<category><![CDATA[{plain(p.category)}]]></category>\n"
                f"\t\t<slash:comments>{comment_count(p.comments)}</slash:comments>\n"
            )
        items.append(
            "\t<item>\n"
            f"\t\t<title>{xml_text(p.title)}</title>\n"
            f"\t\t<link>{me}/{p.slug}/</link>\n"
            f"\t\t<pubDate>{date(p.age, 'rfc822')}</pubDate>\n"
            f"{extra}\t\t{guid}\n"
            f"\t\t<description><![CDATA[{plain(p.excerpt)}]]></description>\n"
            "\t</item>"
        )
    lang = "fr-FR" if site.lang == "fr" else "en-US"
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n'
        f"\t<title>{xml_text(site.name)}</title>\n"
        f'\t<atom:link href="{me}/feed.xml" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{me}</link>\n"
        f"\t<description>{xml_text(site.tagline)}</description>\n"
        f"\t<lastBuildDate>{date(posts[0].age, 'rfc822')}</lastBuildDate>\n"
        f"\t<language>{lang}</language>\n"
        + (f"\t<generator>{gen}</generator>\n" if gen else "")
        + "\n".join(items)
        + "\n\t</channel>\n</rss>\n"
    )


def atom_feed(site: Site) -> str:
    """An Atom feed (Blogger or jekyll-feed flavour)."""
    me = base(site.slug)
    posts = sorted(site.posts, key=lambda p: p.age)
    gen = (
        "<generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>"
        if site.platform == "blogger"
        else '<generator uri="https://jekyllrb.com/" version="4.3.2">Jekyll</generator>'
    )
    entries = "\n".join(
        "<entry>"
        f"<id>{me}/{p.slug}/</id>"
        f"<published>{date(p.age)}</published><updated>{date(p.age)}</updated>"
        f'<title type="html">{xml_text(p.title)}</title>'
        f'<link href="{me}/{p.slug}/" rel="alternate" type="text/html" title="{attr(p.title)}" />'
        f"<author><name>{site.author}</name></author>"
        f'<summary type="html">{xml_text(p.excerpt)}</summary>'
        "</entry>"
        for p in posts
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<feed xmlns="http://www.w3.org/2005/Atom">{gen}'
        f'<link href="{me}/feed.xml" rel="self" type="application/atom+xml" />'
        f'<link href="{me}/" rel="alternate" type="text/html" />'
        f"<updated>{date(posts[0].age)}</updated><id>{me}/feed.xml</id>"
        f'<title type="html">{xml_text(site.name)}</title>'
        f"<subtitle>{xml_text(site.tagline)}</subtitle>"
        f"<author><name>{site.author}</name></author>\n{entries}\n</feed>\n"
    )


def sitemap(site: Site, paths: list[tuple[str, int | None]]) -> str:
    """A sitemap of the public pages (path, age of last change or None)."""
    me = base(site.slug)
    urls = []
    for path, age in paths:
        lastmod = f"<lastmod>{date(age)}</lastmod>" if age is not None else ""
        urls.append(f"<url><loc>{me}/{path}</loc>{lastmod}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(urls) + "\n</urlset>\n"
    )


def robots(site: Site) -> str:
    """robots.txt in the platform's default shape, plus the site's own disallows."""
    me = base(site.slug)
    own = "".join(f"Disallow: {d}\n" for d in site.disallow)
    if site.platform == "wordpress":
        return (
            f"User-agent: *\nDisallow: /wp-admin/\n{own}Allow: /wp-admin/admin-ajax.php\n\nSitemap: {me}/sitemap.xml\n"
        )
    if site.platform == "blogger":
        return (
            f"User-agent: Mediapartners-Google\nDisallow: \n\nUser-agent: *\nDisallow: /search\n"
            f"{own}Allow: /\n\nSitemap: {me}/sitemap.xml\n"
        )
    if site.platform == "ghost":
        return (
            f"User-agent: *\nSitemap: {me}/sitemap.xml\nDisallow: /ghost/\nDisallow: /email/\n"
            f"Disallow: /members/api/comments/counts/\n{own}"
        )
    return f"User-agent: *\n{own}Allow: /\n\nSitemap: {me}/sitemap.xml\n"


# ---------------------------------------------------------------------------------------------
# truth
# ---------------------------------------------------------------------------------------------

STATE = {
    "open": "open",
    "closed_notice": "closed",
    "closed_silent": "closed",
    "login": "login_required",
    "embed": "embed",
    "none": "none",
}
SYSTEM = {"wordpress": "wordpress", "blogger": "blogger", "jekyll": "disqus", "ghost": "ghost"}


def rel_tokens(site: Site, comments: tuple[Comment, ...]) -> list[str]:
    """rel tokens on the commenter links printed on the page."""
    if not any(c.site for c in flat_comments(comments)):
        return []
    return site.comment_rel.split()


def post_truth(site: Site, post: Post, private: bool = False) -> dict[str, object]:
    """truth.json entry of a post."""
    state = STATE[post.state]
    open_ = state == "open"
    shown = post.state != "embed" or site.platform == "blogger"
    count = comment_count(post.comments) if shown else 0
    comments = {
        "state": state,
        "system": SYSTEM.get(site.platform) if state != "none" else None,
        "website_field": site.website_field if open_ else None,
        "captcha": site.captcha if open_ else "none",
        "rel": rel_tokens(site, post.comments) if count else [],
        "count": count,
    }
    case: list[str] = []
    if not private:
        if open_:
            case.append("open_with_website" if site.website_field else "open_without_website")
            if site.captcha != "none":
                case.append("captcha")
            if post.age > STALE_DAYS:
                case.append("stale")
        case += {
            "login": ["login_required"],
            "closed_notice": ["closed_with_notice"],
            "closed_silent": ["closed_no_notice"],
            "embed": ["embed"],
        }.get(post.state, [])
        if post.state == "closed_notice" and site.lang != "en":
            case.append("non_english_notice")
        case += site_cases(site)
    out: dict[str, object] = {
        "kind": "private" if private else "post",
        "comments": comments,
        "age_days": post.age,
        "case": case,
    }
    if private:
        out["robots_disallowed"] = True
    return out


def site_cases(site: Site) -> list[str]:
    """Cases that every page of a site demonstrates."""
    out = []
    if site.status == "abandoned":
        out.append("abandoned")
    if site.niche == "off-niche":
        out.append("off_niche")
    return out


NO_COMMENTS: dict[str, object] = {
    "state": "none",
    "system": None,
    "website_field": None,
    "captcha": "none",
    "rel": [],
    "count": 0,
}


def plain_truth(site: Site, kind: str) -> dict[str, object]:
    """truth.json entry of a page without comments."""
    return {
        "kind": kind,
        "comments": dict(NO_COMMENTS),
        "age_days": None,
        "case": site_cases(site) + (["parked"] if kind == "parked" else []),
    }


def guest_truth(site: Site, g: GuestPage) -> dict[str, object]:
    """truth.json entry of a guest-post page."""
    t = plain_truth(site, "guest_post" if g.accepts else "guest_post_closed")
    t["case"] = ["guest_post" if g.accepts else "guest_post_closed"] + site_cases(site)
    t["guest_post"] = {"is_guest_post_page": True, "accepts": g.accepts, "submit_email": g.email}
    return t


# ---------------------------------------------------------------------------------------------
# building a site
# ---------------------------------------------------------------------------------------------


def build_site(site: Site) -> tuple[list[Page], dict[str, str]]:
    """All pages of a site, and its other files (feed, sitemap, robots.txt) by path."""
    if site.status == "parked":
        return [Page("", parked_page(site), plain_truth(site, "parked"))], {}
    ids = CommentIds(10 + 7 * SITES.index(site))
    pages: list[Page] = []
    about_body = paragraphs(site.about)
    fr = site.lang == "fr"
    if site.platform == "wordpress":
        pages.append(Page("", wp_home(site), plain_truth(site, "home")))
        for p in site.posts:
            pages.append(Page(f"{p.slug}/", wp_post_page(site, p, ids), post_truth(site, p)))
        pages.append(
            Page(
                "about/",
                wp_static(site, "about", "À propos" if fr else "About", about_body, 1),
                plain_truth(site, "about"),
            )
        )
        if site.contact_email:
            pages.append(
                Page(
                    "contact/",
                    wp_static(site, "contact", "Contact", contact_body(site), 2),
                    plain_truth(site, "contact"),
                )
            )
        if site.guest:
            pages.append(
                Page(
                    f"{site.guest.slug}/",
                    wp_static(site, site.guest.slug, site.guest.title, paragraphs(site.guest.body), 3),
                    guest_truth(site, site.guest),
                )
            )
        if site.private:
            pages.append(
                Page(
                    f"private/{site.private.slug}/",
                    wp_post_page(site, site.private, ids, private=True),
                    post_truth(site, site.private, private=True),
                )
            )
    elif site.platform == "blogger":
        pages.append(Page("", blogger_home(site), plain_truth(site, "home")))
        for p in site.posts:
            pages.append(Page(f"{p.slug}/", blogger_post(site, p, ids), post_truth(site, p)))
        pages.append(Page("about/", blogger_static(site, "about", "About", about_body), plain_truth(site, "about")))
        if site.guest:
            pages.append(
                Page(
                    f"{site.guest.slug}/",
                    blogger_static(site, site.guest.slug, site.guest.title, paragraphs(site.guest.body)),
                    guest_truth(site, site.guest),
                )
            )
    elif site.platform == "jekyll":
        pages.append(Page("", jekyll_home(site), plain_truth(site, "home")))
        for p in site.posts:
            pages.append(Page(f"{p.slug}/", jekyll_post(site, p), post_truth(site, p)))
        pages.append(
            Page(
                "about/",
                jekyll_page(
                    site,
                    "About",
                    "about/",
                    f'<article class="post"><header class="post-header">'
                    f'<h1 class="post-title">About</h1></header>'
                    f'<div class="post-content">{about_body}</div>'
                    "</article>",
                ),
                plain_truth(site, "about"),
            )
        )
    elif site.platform == "hugo":
        pages.append(Page("", hugo_home(site), plain_truth(site, "home")))
        for p in site.posts:
            pages.append(Page(f"{p.slug}/", hugo_post(site, p), post_truth(site, p)))
        pages.append(Page("about/", hugo_static(site, "about", "About", about_body), plain_truth(site, "about")))
        if site.guest:
            pages.append(
                Page(
                    f"{site.guest.slug}/",
                    hugo_static(site, site.guest.slug, site.guest.title, paragraphs(site.guest.body)),
                    guest_truth(site, site.guest),
                )
            )
    elif site.platform == "ghost":
        pages.append(Page("", ghost_home(site), plain_truth(site, "home")))
        for p in site.posts:
            pages.append(Page(f"{p.slug}/", ghost_post(site, p), post_truth(site, p)))
        pages.append(Page("about/", ghost_static(site, "about", "About", about_body), plain_truth(site, "about")))
    else:
        raise ValueError(f"no renderer for platform {site.platform!r} ({site.slug})")
    public = [p for p in pages if p.truth["kind"] != "private"]
    ages = {f"{p.slug}/": p.age for p in site.posts}
    newest = min(p.age for p in site.posts)
    files = {
        "feed.xml": atom_feed(site) if site.feed == "atom" else rss_feed(site),
        "sitemap.xml": sitemap(site, [(p.path, ages.get(p.path, newest if p.path == "" else None)) for p in public]),
        "robots.txt": robots(site),
    }
    return pages, files


# ---------------------------------------------------------------------------------------------
# links, reachability and the whole web
# ---------------------------------------------------------------------------------------------

HREF_RE = re.compile(r"""<a\s[^>]*?href=(["'])(.*?)\1""", re.DOTALL)
SITE_HREF_RE = re.compile(r"^\{\{site:([a-z0-9-]+)\}\}(.*)$")


def cross_links(site: Site) -> dict[str, set[str]]:
    """Other blogs this site links to, by kind (blogroll, commenter, content)."""
    out: dict[str, set[str]] = {"blogroll": set(site.blogroll), "commenter": set(), "content": set()}
    posts = list(site.posts)
    for p in posts:
        if site.platform in ("jekyll", "ghost"):  # comments are not in the HTML
            continue
        out["commenter"] |= {c.site for c in flat_comments(p.comments) if c.site}
        for para in p.body:
            out["content"] |= set(re.findall(r"\{\{site:([a-z0-9-]+)\}\}", para))
    for targets in out.values():
        targets.discard(site.slug)
    return out


def build_truth(pages: dict[str, list[Page]]) -> dict[str, object]:
    """The truth.json document."""
    via: dict[str, set[str]] = {s.slug: set() for s in SITES}
    for s in SITES:
        for kind, targets in cross_links(s).items():
            for t in targets:
                via[t].add(kind)
    sites = {
        s.slug: {
            "name": plain(s.name),
            "niche": s.niche,
            "platform": s.platform,
            "status": s.status,
            "accepts_guest_posts": s.accepts_guest_posts,
            "reached_via": sorted(via[s.slug]),
        }
        for s in SITES
    }
    all_pages = {f"{slug}/{p.path}": p.truth for slug, ps in pages.items() for p in ps}
    return {"seed": SEED, "demo_niche": DEMO_NICHE, "niches": NICHES, "sites": sites, "pages": all_pages}


def generate() -> dict[str, object]:
    """Write every file and return the truth document."""
    if SITES_DIR.exists():
        shutil.rmtree(SITES_DIR)
    pages: dict[str, list[Page]] = {}
    for site in SITES:
        site_pages, files = build_site(site)
        pages[site.slug] = site_pages
        root = SITES_DIR / site.slug
        for page in site_pages:
            out = root / page.path / "index.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(page.html, encoding="utf-8")
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
    truth = build_truth(pages)
    TRUTH.write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


# ---------------------------------------------------------------------------------------------
# --check
# ---------------------------------------------------------------------------------------------

SAMPLE = {
    "day": "2026-11-20",
    "human": "November 20, 2026",
    "rfc822": "Fri, 20 Nov 2026 09:30:00 +0000",
    "": "2026-11-20T09:30:00+00:00",
}


def sample_render(text: str) -> str:
    """Substitute tokens with fixed sample values (only to parse the result)."""

    def sub(m: re.Match[str]) -> str:
        tok = m.group(1)
        if tok.startswith("site:"):
            return f"http://127.0.0.1:{40000 + sorted(BY_SLUG).index(tok[5:])}"
        parts = tok.split(":")
        return SAMPLE[parts[2] if len(parts) > 2 else ""]

    return TOKEN_RE.sub(sub, text)


def check(truth: dict[str, object]) -> list[str]:
    """Problems with the generated web (an empty list means all is well)."""
    problems: list[str] = []
    files = sorted(p for p in SITES_DIR.rglob("*") if p.is_file())
    html_files = [f for f in files if f.suffix == ".html"]
    total = sum(f.stat().st_size for f in files) + TRUTH.stat().st_size
    if len(html_files) > 120:
        problems.append(f"{len(html_files)} HTML pages, more than 120")
    if total >= 2_000_000:
        problems.append(f"{total} bytes, not under 2 MB")
    served: set[str] = set()
    for f in html_files:
        rel = f.relative_to(SITES_DIR).as_posix()
        served.add(rel[: -len("index.html")])
    # tokens
    for f in files:
        text = f.read_text(encoding="utf-8")
        for tok in TOKEN_RE.findall(text):
            if not VALID_TOKEN_RE.match(tok):
                problems.append(f"{f}: malformed token {{{{{tok}}}}}")
            elif tok.startswith("site:") and tok[5:] not in BY_SLUG:
                problems.append(f"{f}: token names unknown site {tok[5:]!r}")
        stripped = TOKEN_RE.sub("", text)
        if "{{" in stripped:
            problems.append(f"{f}: stray '{{{{' outside a valid token")
        stripped = re.sub(r"<script.*?</script>", "", stripped, flags=re.DOTALL)
        if f.suffix == ".xml":
            try:
                ET.fromstring(sample_render(text).encode())
            except ET.ParseError as exc:
                problems.append(f"{f}: not well-formed XML ({exc})")
        if f.suffix == ".html" and re.search(r"&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)", stripped):
            problems.append(f"{f}: bare ampersand")
    # truth covers every page and nothing else
    pages = truth["pages"]
    assert isinstance(pages, dict)
    if set(pages) != served:
        problems.append(
            f"truth/pages mismatch: missing {sorted(served - set(pages))}, extra {sorted(set(pages) - served)}"
        )
    # links resolve to served pages (or to known platform endpoints)
    allowed_missing = ("wp-login.php", "#", "mailto:")
    graph: dict[str, set[str]] = {s.slug: set() for s in SITES}
    for f in html_files:
        rel = f.relative_to(SITES_DIR).as_posix()
        slug = rel.split("/")[0]
        for _, href in HREF_RE.findall(f.read_text(encoding="utf-8")):
            target_site, path = slug, href
            m = SITE_HREF_RE.match(href)
            if m:
                target_site, path = m.group(1), m.group(2) or "/"
            elif href.startswith(("http://", "https://", "//")):
                continue  # external text, never fetched by the demo
            if any(a in path for a in allowed_missing) or path.startswith(("#", "mailto:")):
                continue
            if not path.startswith("/"):
                problems.append(f"{rel}: relative link {href!r}")
                continue
            p = urlsplit(path).path
            if not p.endswith("/"):
                if not (SITES_DIR / target_site / p.lstrip("/")).is_file():
                    problems.append(f"{rel}: broken link {href!r}")
                continue
            if f"{target_site}{p}" not in served:
                problems.append(f"{rel}: broken link {href!r}")
            if target_site != slug and "/private/" not in p:
                graph[slug].add(target_site)
    # reachability from the seed
    seen, queue = {SEED}, deque([SEED])
    while queue:
        for nxt in graph[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    unreached = sorted(set(BY_SLUG) - seen)
    if len(unreached) > len(BY_SLUG) // 4:
        problems.append(f"seed reaches too little of the web; unreached: {unreached}")
    # robots.txt disallows every private page, and sitemaps omit them
    for key, t in pages.items():
        if isinstance(t, dict) and t.get("robots_disallowed"):
            slug, path = key.split("/", 1)
            rob = (SITES_DIR / slug / "robots.txt").read_text(encoding="utf-8")
            if not any(
                line.startswith("Disallow: /") and ("/" + path).startswith(line[10:].strip())
                for line in rob.splitlines()
                if line.strip() != "Disallow:"
            ):
                problems.append(f"{key}: private page not disallowed by robots.txt")
            if path in (SITES_DIR / slug / "sitemap.xml").read_text(encoding="utf-8"):
                problems.append(f"{key}: private page listed in the sitemap")
    # every case at least twice, and the sourdough plan is possible
    counts = Counter(c for t in pages.values() if isinstance(t, dict) for c in t["case"])
    for case in (
        "open_with_website",
        "open_without_website",
        "login_required",
        "closed_with_notice",
        "closed_no_notice",
        "embed",
        "captcha",
        "stale",
        "abandoned",
        "parked",
        "guest_post",
        "guest_post_closed",
        "off_niche",
        "non_english_notice",
    ):
        need = 8 if case == "open_with_website" else (1 if case == "non_english_notice" else 2)
        if counts[case] < need:
            problems.append(f"case {case!r} appears {counts[case]} times, need {need}")
    fresh_domains = {
        k.split("/")[0]
        for k, t in pages.items()
        if isinstance(t, dict)
        and "open_with_website" in t["case"]
        and t["comments"]["captcha"] == "none"
        and isinstance(t["age_days"], int)
        and 1 <= t["age_days"] <= 60
        and BY_SLUG[k.split("/")[0]].niche == DEMO_NICHE
    }
    if len(fresh_domains) < 5:
        problems.append(f"only {len(fresh_domains)} sourdough domains with a fresh open form")
    sites = truth["sites"]
    assert isinstance(sites, dict)
    only_commenter = [s for s, v in sites.items() if v["reached_via"] == ["commenter"]]
    only_blogroll = [s for s, v in sites.items() if v["reached_via"] == ["blogroll"]]
    if len(only_commenter) < 3:
        problems.append(f"only {only_commenter} are reached only via commenter links")
    if len(only_blogroll) < 2:
        problems.append(f"only {only_blogroll} are reached only via blogrolls")
    # post length and post dates
    for s in SITES:
        for p in s.posts:
            n = word_count(p)
            if not 150 <= n <= 400:
                problems.append(f"{s.slug}/{p.slug}: {n} words, want 150-400")
        if s.status == "abandoned" and min(p.age for p in s.posts) <= 548:
            problems.append(f"{s.slug}: abandoned but has a post younger than 18 months")
    return problems


def summary(truth: dict[str, object]) -> str:
    """A short human summary of what was generated."""
    pages = truth["pages"]
    sites = truth["sites"]
    assert isinstance(pages, dict) and isinstance(sites, dict)
    counts = Counter(c for t in pages.values() for c in t["case"])
    lines = [f"{len(sites)} sites, {len(pages)} HTML pages"]
    lines += [f"  {case}: {n}" for case, n in sorted(counts.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate the demo web; with --check, also verify it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="after generating, verify tokens, links, cases and sizes")
    args = parser.parse_args(argv)
    truth = generate()
    print(summary(truth))
    if args.check:
        problems = check(truth)
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        print("check: ok" if not problems else f"check: {len(problems)} problem(s)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
