"""Signatures as named data (platforms, comment systems, captchas, phrases, footprints), one module per concern."""

from __future__ import annotations

from .base import (
    WHERE,
    Literals,
    Rule,
    fast_forms,
    matches,
    phrases,
    regex,
    table_leads,
)
from .comments import (
    AUTHOR_SELECTOR,
    AUTOCLOSE_WINDOWS_DAYS,
    BODY_CLASSES,
    BODY_SELECTOR,
    CAPTCHA_RULES,
    CLOSED_CSS_RULES,
    CLOSED_PHRASES,
    COMMENT_AREA_SELECTOR,
    COMMENT_DATE_SELECTOR,
    COMMENT_ITEM_RULES,
    COMMENT_WORDS,
    COMMENTER_LINK_SELECTOR,
    DISABLED_LOGIN,
    EMBED_RULES,
    FORM_RULES,
    IDENTITY_FIELDS,
    LOGIN_CSS_RULES,
    LOGIN_FALLBACK_RULES,
    LOGIN_LINK,
    LOGIN_PHRASES,
    NOT_COMMENT_FORM,
    SPAM_AUTHOR_WORDS,
    SPAM_LINKS_PER_COMMENT,
    STRUCTURAL,
    SUBMIT,
    TEXT_INPUTS,
    WEBSITE_FIELD_RULES,
    WEBSITE_LABEL,
)
from .contacts import (
    CF_EMAIL_SELECTOR,
    ROLE_LOCAL_PARTS,
)
from .dates import BYLINE_SELECTOR, MODIFIED_TIME, PUBLISHED_TIME
from .guestposts import (
    GUEST_LINK_ANCHOR,
    GUEST_NEGATIVE_PHRASES,
    GUEST_SLUG_PHRASES,
    GUEST_TEXT_PHRASES,
    GUEST_TITLE_PHRASES,
    SUBMIT_FORM_RULES,
)
from .health import (
    DEFAULT_PAGE_RULES,
    HEADING_TEXT_SELECTOR,
    PARKED_RULES,
    SOFT_404_RULES,
)
from .links import (
    BINARY_EXTENSIONS,
    BLOGROLL_CONTAINERS,
    BLOGROLL_HEADING,
    FEED_TYPES,
    FEED_URL,
    HEADING_CLASSES,
    HEADING_ELEMENTS,
    HEADING_SELECTOR,
    NAV_CONTAINERS,
    SITEMAP_URL,
    SKIPPED_SCHEMES,
    XFN_TOKENS,
)
from .platforms import (
    PLATFORM_RULES,
)
from .screen import Screen, split_list
from .structure import MAIN_SELECTORS, NOT_MAIN, SITE_NAME_SELECTOR, TITLE_SELECTORS

# Parts of the selectors that each walk the whole tree (or a large part of it) on every page: the article
# (tried one at a time, in order), what in it is not the article, the comment areas (and the commenter links in them:
# each of a thread's 190 links walks its ancestors once a part: 0.8 ms, the page's parts 0.5), navigation, blogrolls
# and the headings above them, the post's title (tried one at a time) and the site's name. Most name a class or id that most pages do not hold (.entry-content on a
# fifth of the saved real pages, .widget_links on 2%), so their walks are skipped where the screen says so.
# And the parts read inside each comment (its text, author and date: up to 500 walks of a comment's subtree,
# replies and all), most of which a given theme does not use. And the headings a default page is told by
# (their class parts: when the page has neither, the walk is the headings' own, Document.tagged("headings")),
# Cloudflare's encoded addresses (on 2% of the saved real pages), and the elements that date a post and its byline
# (whose words "posted", "byline", "datum", "fecha" most pages lack: 4 of its 12 parts, each a walk, 0.3 ms on a
# 490 KB page).
COMMENT_PARTS = (BODY_SELECTOR, AUTHOR_SELECTOR, COMMENT_DATE_SELECTOR)
STRUCTURAL_PARTS = tuple(dict.fromkeys(
    part
    for selector in (*MAIN_SELECTORS, NOT_MAIN, COMMENT_AREA_SELECTOR, COMMENTER_LINK_SELECTOR, NAV_CONTAINERS,
                     BLOGROLL_CONTAINERS, HEADING_SELECTOR, *TITLE_SELECTORS, SITE_NAME_SELECTOR, *COMMENT_PARTS,
                     HEADING_TEXT_SELECTOR, CF_EMAIL_SELECTOR, PUBLISHED_TIME, MODIFIED_TIME, BYLINE_SELECTOR)
    for part in split_list(selector)
))

# The literals the script rules look for in a page's inline scripts: on a long text, all found in one pass
# (ahocorasick, ~0.4x the time of 18 scans with `in` on a page's 200 KB-1.1 MB of inline scripts).
SCRIPT_LITERALS = Literals({
    r.pattern for table in (EMBED_RULES, PARKED_RULES, PLATFORM_RULES, DEFAULT_PAGE_RULES, SOFT_404_RULES,
                            CAPTCHA_RULES)
    for r in table if r.where == "script"
})
# Start tags of SVG and MathML: a <script> inside one is not raw text (its character references are decoded, its
# tags parsed), so its text may hold what the source does not.
FOREIGN_STARTS = ("<svg", "<math")

# The literals of the css rules that walk the whole tree (not those read inside a form), and the leads of
# the rules on the raw page, searched for in one pass of a page's source (see screen.py). In the same pass: the
# script rules' literals (lower-cased) and the start tags of foreign content, for Document's inline scripts.
SCREEN = Screen(tuple(
    r.pattern for table in (EMBED_RULES, PLATFORM_RULES, FORM_RULES, COMMENT_ITEM_RULES, LOGIN_CSS_RULES,
                            CLOSED_CSS_RULES, LOGIN_FALLBACK_RULES)
    for r in table if r.where == "css"
) + STRUCTURAL_PARTS, tuple(r.pattern for r in PLATFORM_RULES if r.where == "html"),
    tuple(lit.lower() for lit in SCRIPT_LITERALS.all) + FOREIGN_STARTS)

# Characters of inline scripts past which the script rules' literals are found in that one pass, not one scan
# each (Document.fires): the pass costs what ~7 scans cost, and a page asks for up to 18 of them.
LONG_SCRIPTS = 16_384

__all__ = [
    "AUTHOR_SELECTOR", "BYLINE_SELECTOR", "AUTOCLOSE_WINDOWS_DAYS", "BODY_CLASSES", "BODY_SELECTOR", "COMMENT_PARTS", "BINARY_EXTENSIONS", "BLOGROLL_CONTAINERS", "BLOGROLL_HEADING", "CAPTCHA_RULES",
    "CLOSED_CSS_RULES", "CLOSED_PHRASES", "COMMENTER_LINK_SELECTOR", "COMMENT_AREA_SELECTOR",
    "COMMENT_DATE_SELECTOR", "COMMENT_ITEM_RULES", "COMMENT_WORDS", "DISABLED_LOGIN", "LOGIN_LINK", "STRUCTURAL", "SUBMIT", "TEXT_INPUTS", "DEFAULT_PAGE_RULES", "EMBED_RULES", "FEED_TYPES",
    "FEED_URL", "FORM_RULES", "MAIN_SELECTORS", "NOT_MAIN", "GUEST_LINK_ANCHOR", "GUEST_NEGATIVE_PHRASES", "GUEST_SLUG_PHRASES",
    "GUEST_TEXT_PHRASES", "GUEST_TITLE_PHRASES", "HEADING_CLASSES", "HEADING_SELECTOR", "HEADING_ELEMENTS", "IDENTITY_FIELDS", "LOGIN_CSS_RULES", "LOGIN_FALLBACK_RULES", "LOGIN_PHRASES",
    "NAV_CONTAINERS", "NOT_COMMENT_FORM", "PARKED_RULES", "PLATFORM_RULES", "ROLE_LOCAL_PARTS", "Rule", "CF_EMAIL_SELECTOR", "HEADING_TEXT_SELECTOR", "MODIFIED_TIME", "PUBLISHED_TIME",
    "FOREIGN_STARTS", "LONG_SCRIPTS", "SCREEN", "SCRIPT_LITERALS", "SITE_NAME_SELECTOR", "SITEMAP_URL", "SKIPPED_SCHEMES", "SOFT_404_RULES", "SPAM_AUTHOR_WORDS", "SPAM_LINKS_PER_COMMENT",
    "SUBMIT_FORM_RULES", "TITLE_SELECTORS", "WEBSITE_FIELD_RULES", "WEBSITE_LABEL", "WHERE", "XFN_TOKENS", "fast_forms", "matches", "phrases",
    "regex", "table_leads",
]
