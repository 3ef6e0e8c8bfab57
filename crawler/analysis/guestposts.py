"""Does the page invite guest posts (or point to a page that does), and how to submit one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from operator import attrgetter
from urllib.parse import urlsplit

from .contacts import emails_in_text, is_role
from .document import Document, collapse
from .facts import Contact, GuestPostFacts, Link
from .rules import (
    GUEST_LINK_ANCHOR,
    GUEST_NEGATIVE_PHRASES,
    GUEST_SLUG_PHRASES,
    GUEST_TEXT_PHRASES,
    GUEST_TITLE_PHRASES,
    SUBMIT_FORM_RULES,
    Literals,
    Rule,
    phrases,
)
from .rules.base import _split_top, guarded_forms

# Points per kind of evidence: a slug or a title says what the page is about; a subheading or
# a phrase in the text is weaker. Links say nothing about this page (they name another one).
SLUG_RULES = phrases("slug", "text", GUEST_SLUG_PHRASES, weight=3)
TITLE_RULES = phrases("title", "text", GUEST_TITLE_PHRASES, weight=3)
SUBHEADING_RULES = tuple(
    Rule(r.name.replace("title:", "subheading:"), "subheading", "text", r.pattern, 1)
    for r in TITLE_RULES
)
TEXT_RULES = phrases("text", "text", GUEST_TEXT_PHRASES, weight=2)
NEGATIVE_RULES = phrases("negative", "text", GUEST_NEGATIVE_PHRASES)
# Every invitation in TEXT_RULES, and every refusal in NEGATIVE_RULES, says one of its gate's
# words (tests/analysis/test_guestposts.py generates matches of each rule to hold this): a text
# with none of them is not read by that table's ~20 regexes, a handful of substring scans instead.
TEXT_GATE = ("guest", "accept", "send", "pitch", "gastbeitr", "proposer", "soumettre", "envía", "envia",
             "aceptamos")
NEGATIVE_GATE = ("guest", "accept", "sponsored", "paid", "submission", "gastbeitr", "invitad")
CONFIDENCE = ((6, "high"), (3, "medium"), (1, "low"))
MAX_SUBHEADINGS = 30
TEXT_WINDOW = 8000  # guest-post invitations and refusals are said early in the text


def fired_gated(doc: Document, rules: tuple[Rule, ...], gate: tuple[str, ...], text: str) -> list[Rule]:
    """The text rules of a table that match `text`, read only if it has one of the table's gate words."""
    low = text.lower()
    if not any(word in low for word in gate):
        return []
    return doc.fired(rules, text=low)


def _heading_texts(doc: Document, tags: tuple[str, ...], limit: int) -> str:
    """The texts of the first `limit` headings of those tags (h1-h4), in page order: from the walk by tag."""
    return "\n".join(collapse(n.text()) for n in doc.headings(tags)[:limit])


def _slug(url: str) -> str:
    """The lower-cased path of a URL (links are absolute; this runs for every link of every page)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        try:
            return urlsplit(url).path.lower()
        except ValueError:
            return ""
    slash = rest.find("/")
    if slash < 0:
        return ""
    return rest[slash:].partition("?")[0].partition("#")[0].lower()


# Any slug rule, as one regex, for the links of a page.
ANY_SLUG = re.compile("|".join(f"(?:{r.pattern})" for r in SLUG_RULES))


def needed_literals(patterns: Iterable[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of one of the (lower-case) patterns holds: for each of a pattern's
    literal-led forms (rules.base.guarded_forms), the longer of its lead and its needed literal. A pattern that is
    one sequence led by a plain character ("/(pitch|pitch-us)...") has it before each of its rest's leads. None
    when some form holds no literal of MIN_LEAD characters (then nothing can be screened)."""
    found: list[str] = []
    for pattern in patterns:
        head = pattern[:1] if (pattern[:1] == "/" or pattern[:1].isalnum()) and pattern[1:2] not in "?*+{" and len(
            _split_top(pattern)) == 1 else ""
        for lead, need, _ in guarded_forms(pattern[len(head):]):
            literal = max(head + lead if lead else "", need, key=len)
            if not literal:
                return None
            found.append(literal)
    return tuple(dict.fromkeys(found))


# What a page's links must hold for one of them to name a guest-post page, looked for in all of them at once
# (~90 same-site links a page, 0.2 ms checked one by one; a page with none of these strings is most pages).
ANCHOR_LITERALS = needed_literals([GUEST_LINK_ANCHOR.pattern])
_SLUG_NEEDS = needed_literals(r.pattern for r in SLUG_RULES)
SLUG_LITERALS = Literals(set(_SLUG_NEEDS)) if _SLUG_NEEDS is not None else None
ANCHOR, URL = attrgetter("anchor"), attrgetter("url")


# A site's menus and sidebars repeat on each of its pages: each anchor and URL is read once.
@lru_cache(maxsize=8192)
def _anchor_names_guest_page(anchor: str) -> bool:
    return GUEST_LINK_ANCHOR.search(anchor.lower()) is not None


@lru_cache(maxsize=8192)
def _slug_names_guest_page(url: str) -> bool:
    return ANY_SLUG.search(_slug(url)) is not None


def _may_name(candidates: list[Link]) -> tuple[bool, bool]:
    """(may an anchor, may a slug of these links name a guest-post page): does their text, joined, hold one of
    the strings each match needs. Joined and lower-cased at once: str.lower maps each character on its own but
    a final capital sigma (to σ or ς by its neighbours), and no needed string holds either. A URL without "://"
    is read as its slug (urlsplit drops tabs and newlines from a path, so that slug may be no part of the URL)."""
    anchors = "\n".join(map(ANCHOR, candidates)).lower()
    anchor = ANCHOR_LITERALS is None or any(literal in anchors for literal in ANCHOR_LITERALS)
    if SLUG_LITERALS is None:
        return anchor, True
    urls = "\n".join([url if "://" in url else _slug(url) for url in map(URL, candidates)]).lower()
    return anchor, bool(SLUG_LITERALS.found_in(urls.encode("utf-8", "surrogatepass")))


def _guidelines_link(links: tuple[Link, ...], own_url: str) -> str | None:
    """The URL of a same-site link that names a guest-post page: by anchor first, then slug (each read only where
    the page's links hold what a match needs)."""
    candidates = [link for link in links if not link.external and link.url != own_url
                  and link.kind not in ("commenter", "blogroll")]
    if not candidates:
        return None
    by_anchor, by_slug = _may_name(candidates)
    if by_anchor:
        for link in candidates:
            if _anchor_names_guest_page(link.anchor):
                return link.url
    if by_slug:
        for link in candidates:
            if _slug_names_guest_page(link.url):
                return link.url
    return None


def analyse_guest_posts(doc: Document, links: tuple[Link, ...],
                        contacts: tuple[Contact, ...]) -> GuestPostFacts:
    """GuestPostFacts for the page."""
    title_text = "\n".join([doc.title, *doc.h1s[:3]])
    sub_text = _heading_texts(doc, ("h2", "h3"), MAX_SUBHEADINGS)
    main = doc.main_text[:TEXT_WINDOW]
    fired = (
        doc.fired(SLUG_RULES, text=_slug(doc.url))
        + doc.fired(TITLE_RULES, text=title_text)
        + doc.fired(SUBHEADING_RULES, text=sub_text)
        + fired_gated(doc, TEXT_RULES, TEXT_GATE, main)
    )
    score = sum(r.weight for r in fired)
    negatives = fired_gated(doc, NEGATIVE_RULES, NEGATIVE_GATE, f"{title_text}\n{sub_text}\n{main}")
    confidence = next((name for floor, name in CONFIDENCE if score >= floor), "none")
    is_page = score >= 3
    rules = [r.name for r in fired + negatives]

    guidelines = None
    if is_page:
        guidelines = doc.url
    else:
        guidelines = _guidelines_link(links, doc.url)
        if guidelines:
            rules.append("link:guest_post_page")

    accepts: bool | None = None
    if negatives:
        accepts = False
    elif is_page:
        accepts = True

    submit_email = None
    submit_form = False
    if is_page:
        # an address in the article first (role addresses before people), else the page's
        in_main = sorted(emails_in_text(main), key=lambda e: not is_role(e))
        submit_email = next(iter(in_main + [c.email for c in contacts]), None)
        forms = doc.fired(SUBMIT_FORM_RULES)
        submit_form = bool(forms) or _has_submission_form(doc)
        rules += [r.name for r in forms]
    return GuestPostFacts(
        is_guest_post_page=is_page,
        confidence=confidence,
        accepts=accepts,
        submit_email=submit_email,
        submit_form=submit_form,
        guidelines_url=guidelines,
        contacts=contacts,
        rules=tuple(dict.fromkeys(rules)),
    )


# Forms that are not for submissions: comments, search, and newsletter sign-ups (named so, or
# asking for an address and nothing to write in).
NOT_SUBMISSION_FORM = ("comment", "search", "subscribe", "newsletter", "signup", "sign-up", "mc4wp", "mailchimp")
NOT_A_FIELD = frozenset({"hidden", "submit", "button", "image", "reset", "checkbox", "radio"})


def _has_submission_form(doc: Document) -> bool:
    """A form that takes a message: a text area or a file, or an e-mail address with other fields."""
    for form in doc.tree.css("form"):
        attrs = form.attributes
        ident = " ".join((attrs.get("id") or "", attrs.get("class") or "", attrs.get("action") or "",
                          attrs.get("role") or "", attrs.get("name") or "")).lower()
        if any(word in ident for word in NOT_SUBMISSION_FORM):
            continue
        if form.css_first("textarea, input[type=file]") is not None:
            return True
        fields = [(node.attributes.get("type") or "text").lower() for node in form.css("input, select")]
        fields = [kind for kind in fields if kind not in NOT_A_FIELD]
        if "email" in fields and len(fields) > 1:
            return True
    return False
