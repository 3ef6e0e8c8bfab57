"""Can a visitor comment on the page now, with which system, and what does a comment earn."""

from __future__ import annotations

from datetime import date

from selectolax.lexbor import LexborNode

from .dates import parse_date
from .document import Document, collapse
from .facts import CommentFacts, Evidence
from .rules import (
    AUTHOR_SELECTOR,
    AUTOCLOSE_WINDOWS_DAYS,
    BODY_CLASSES,
    BODY_SELECTOR,
    CAPTCHA_RULES,
    CLOSED_CSS_RULES,
    CLOSED_PHRASES,
    COMMENT_DATE_SELECTOR,
    COMMENT_ITEM_RULES,
    COMMENT_WORDS,
    DISABLED_LOGIN,
    FORM_RULES,
    IDENTITY_FIELDS,
    LOGIN_CSS_RULES,
    LOGIN_FALLBACK_RULES,
    LOGIN_LINK,
    LOGIN_PHRASES,
    NOT_COMMENT_FORM,
    SCREEN,
    SPAM_AUTHOR_WORDS,
    SPAM_LINKS_PER_COMMENT,
    STRUCTURAL,
    SUBMIT,
    TEXT_INPUTS,
    WEBSITE_FIELD_RULES,
    WEBSITE_LABEL,
    Rule,
    phrases,
    regex,
)
from .rules.base import guarded_forms
from .subtree import has_ancestor_in, unique
from .widgets import Widgets

LOGIN_TEXT_RULES = phrases("login_required", "text", LOGIN_PHRASES)
CLOSED_TEXT_RULES = phrases("closed", "text", CLOSED_PHRASES)
LINK_EQUITY_TOKENS = ("nofollow", "ugc", "sponsored")
MAX_ITEMS = 500  # comments read for dates and spam; the count still covers them all
ITEM_SELECTOR = ", ".join(r.pattern for r in COMMENT_ITEM_RULES)
MAX_SPAM_ITEMS = 100  # comments read for spam signs
NEAR_WINDOW_DAYS = 7  # a post this close to an auto-close window is about to lose its form
MAX_FORMS = 30  # forms read by the structural rule


def _comment_form(doc: Document, widgets: Widgets) -> tuple[LexborNode | None, Rule | None, LexborNode | None]:
    """The first open native comment form, the rule that found it, and a form that is shut (a disabled
    text area: a log-in box) if that is all there is. Forms inside a widget's markup are the widget's."""
    shut: LexborNode | None = None
    if not doc.form_textareas:  # STRUCTURAL.pattern's: every form the rules accept holds a text area
        return None, None, None
    for rule in FORM_RULES:
        for node in SCREEN.selected(doc.tree, rule.pattern, doc.screened()):
            form = node if node.tag == "form" else _ancestor_form(node)
            if form is None or form.css_first("textarea") is None:
                continue
            if not _writable(form):
                shut = shut or form
                continue
            # A generic form must also ask who writes, and not be a feedback or contact box.
            # (A widget renders its own generic form; WordPress's own form is never a widget's.)
            if (rule.value != "wordpress" and widgets.holds(form)) or rule.value == "other" and (
                    form.css_first(IDENTITY_FIELDS) is None or _not_for_comments(form)):
                continue
            return form, rule, None
    form = _structural_form(doc, widgets)
    if form is not None:
        return form, STRUCTURAL, None
    return None, None, shut


def _writable(form: LexborNode) -> bool:
    return any(not _shut(t) for t in form.css("textarea"))


def _shut(area: LexborNode) -> bool:
    attrs = area.attributes
    return "disabled" in attrs or "readonly" in attrs


def _structural_form(doc: Document, widgets: Widgets) -> LexborNode | None:
    """A form judged by what it is: free text, who writes, a submit, under words that say comments."""
    seen: set[int] = set()
    for area in doc.form_textareas[:MAX_FORMS]:
        form = _ancestor_form(area)
        if form is None or form.mem_id in seen or _shut(area):
            continue
        seen.add(form.mem_id)
        if (form.css_first(IDENTITY_FIELDS) is None or form.css_first(SUBMIT) is None
                or _not_for_comments(form) or widgets.holds(form)):
            continue
        if COMMENT_WORDS.search(_around(form)) is not None:
            return form
    return None


def _around(form: LexborNode) -> str:
    """The form's own text and labels, and the text of the elements just before it (its heading)."""
    texts = [form.text(deep=True, separator=" ")[:600]]
    texts += [n.attributes.get("value") or "" for n in form.css("input[type=submit]")]
    node: LexborNode | None = form
    for _ in range(3):  # up to three levels: the heading is a sibling of the form or of its box
        if node is None:
            break
        prev = node.prev
        for _ in range(4):
            if prev is None:
                break
            if prev.tag != "-text":
                texts.append(prev.text(deep=True, separator=" ")[-300:])
            prev = prev.prev
        node = node.parent
    attrs = form.attributes
    texts += [attrs.get(k) or "" for k in ("id", "class", "action", "name")]
    return " ".join(texts)


def _website_label(form: LexborNode) -> str | None:
    """The label or placeholder that names a visible text input as a website field, if any."""
    boxes = {n.attributes.get("id"): n for n in form.css(TEXT_INPUTS) if n.attributes.get("id")}
    for label in form.css("label"):
        target = label.attributes.get("for")
        if (target in boxes or label.css_first(TEXT_INPUTS) is not None) and (
                (found := WEBSITE_LABEL.search(collapse(label.text()))) is not None):
            return f"label: {found[0]}"
    for box in form.css(TEXT_INPUTS):
        hint = box.attributes.get("placeholder") or ""
        if (found := WEBSITE_LABEL.match(hint.strip())) is not None or hint.startswith(("http", "www.")):
            return f"placeholder: {hint[:40]}"
    return None


def _node_text(node: LexborNode) -> str:
    attrs = node.attributes
    ident = f"#{attrs['id']}" if attrs.get("id") else ""
    cls = ".".join((attrs.get("class") or "").split()[:3])
    return f"{node.tag}{ident}{'.' + cls if cls else ''}"


def _evidence(doc: Document, rule: Rule, *, node: LexborNode | None = None, text: str = "") -> Evidence:
    """What a fired rule matched: the element a selector picked, or the text a pattern found."""
    where, matched = rule.where, ""
    if where == "css":
        found = (node or doc.tree).css_first(rule.pattern)
        matched = _node_text(found) if found is not None else rule.pattern
    elif where == "text":
        low = text.lower()
        # the first form that matches, each tried only where the text holds its lead and its needed literal
        hit = next((m for lead, need, f in guarded_forms(rule.pattern)
                    if lead in low and need in low and (m := f.search(low))), None)
        matched = hit[0] if hit else ""
    elif where in ("asset", "href"):
        hit = regex(rule.pattern).search(doc.asset_text if where == "asset" else doc.href_text)
        matched = doc_line(doc.href_text, hit.start()) if hit else ""
    elif where == "script":
        matched = rule.pattern
    return Evidence(rule.name, matched[:200])


def doc_line(text: str, at: int) -> str:
    """The line of ``text`` around position ``at``."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start:end if end >= 0 else len(text)]


def _ancestor_form(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    for _ in range(50):
        if parent is None:
            return None
        if parent.tag == "form":
            return parent
        parent = parent.parent
    return None


def _not_for_comments(form: LexborNode) -> bool:
    attrs = form.attributes
    ident = " ".join(attrs.get(k) or "" for k in ("id", "class", "name", "action")).lower()
    return NOT_COMMENT_FORM.search(ident) is not None


def _area_text(doc: Document) -> str:
    """Text of the comment area(s); the body text when the page has none."""
    areas = doc.comment_areas
    if not areas:
        return doc.body_text
    return " \n".join(collapse(a.text(deep=True, separator=" ") + _notice_after(a)) for a in areas[:10])


def _notice_after(area: LexborNode) -> str:
    """A short notice a theme prints just after the comment area (a <p> "Comments are closed")."""
    node = area.next
    while node is not None and node.tag == "-text":
        node = node.next
    if node is None or node.tag != "p":
        return ""
    text = node.text(deep=True, separator=" ")
    return " " + text if len(text) <= 200 else ""


def _items(doc: Document) -> tuple[list[LexborNode], Rule | None]:
    screened = doc.screened()
    if not SCREEN.selects(doc.tree, ITEM_SELECTOR, screened):  # one walk, not six, on a page without comments
        return [], None
    for rule in COMMENT_ITEM_RULES:
        nodes = unique(SCREEN.selected(doc.tree, rule.pattern, screened))
        if nodes:
            return nodes, rule
    return [], None


def _rel_tokens(doc: Document) -> tuple[str, ...]:
    """Link-equity rel tokens that most existing commenter links carry (more than half)."""
    links = doc.commenter_links[:MAX_ITEMS]
    counts: dict[str, int] = {}
    for node in links:
        for token in set((node.attributes.get("rel") or "").lower().split()):
            counts[token] = counts.get(token, 0) + 1
    return tuple(t for t in LINK_EQUITY_TOKENS if counts.get(t, 0) * 2 > len(links))


def _newest(doc: Document, items: list[LexborNode]) -> date | None:
    """The newest comment date: <time datetime> in the comment areas, else each item's dates."""
    found = [d for area in doc.comment_areas for n in area.css("time[datetime]")
             if (d := parse_date(n.attributes.get("datetime") or "", doc.today))]
    if not found:
        # the parts of the selector the page may hold (rules/screen.py): the same nodes in the same order
        selector = SCREEN.live(COMMENT_DATE_SELECTOR, doc.screened())
        read: dict[str, date | None] = {}  # each text parsed once: comments repeat their links' texts
        found = [d for item in items[:MAX_ITEMS] if (d := _item_date(item, doc.today, selector, read))]
    return max(found, default=None)


def _item_date(item: LexborNode, today: date, selector: str, read: dict[str, date | None]) -> date | None:
    if not selector:
        return None
    for node in item.css(selector)[:3]:
        attrs = node.attributes
        text = attrs.get("datetime") or attrs.get("title") or node.text()
        found = read[text] if text in read else read.setdefault(text, parse_date(text, today))
        if found is not None:
            return found
    return None


def _body(item: LexborNode, selector: str = BODY_SELECTOR) -> LexborNode:
    """A comment's own text element, by BODY_CLASSES priority; the whole item if none (`selector`: the parts of
    BODY_SELECTOR the page may hold)."""
    found: dict[str, LexborNode] = {}
    for node in item.css(selector) if selector else ():
        for name in (node.attributes.get("class") or "").split():
            found.setdefault(name, node)
    return next((found[name] for name in BODY_CLASSES if name in found), item)


def _is_spam(item: LexborNode, seen_texts: set[str], body_selector: str = BODY_SELECTOR,
             author_selector: str = AUTHOR_SELECTOR) -> bool:
    """Does the comment look like spam (the selectors: the parts of BODY_SELECTOR and AUTHOR_SELECTOR the page
    may hold)."""
    body = _body(item, body_selector)
    if body is not None:
        if len(body.css("a[href]")) >= SPAM_LINKS_PER_COMMENT:
            return True
        text = collapse(body.text(deep=True, separator=" ")).lower()
        # Pingback excerpts ("[…] quoted text […]") repeat by nature: not spam.
        if len(text) >= 20 and not text.startswith(("[…]", "[...]", "[&#8230;]")):
            if text in seen_texts:
                return True
            seen_texts.add(text)
    author = item.css_first(author_selector) if author_selector else None
    if author is not None:
        name = collapse(author.text())
        hits = len(SPAM_AUTHOR_WORDS.findall(name))
        if hits >= 2 or (hits >= 1 and len(name.split()) >= 3):
            return True
    return False


def _autoclose(published: str | None, newest: date | None, today: date) -> str | None:
    """The rule name of an auto-close risk, if any.

    A WordPress site may close comments N days after publication (14/30/60/90/180 are common).
    Past the largest such window the post has crossed, an open form with no comment newer
    than that window may be stale; a post a few days short of a window may close soon.
    """
    if not published:
        return None
    try:
        age = (today - date.fromisoformat(published)).days
    except ValueError:
        return None
    crossed = [w for w in AUTOCLOSE_WINDOWS_DAYS if age > w]
    if crossed:
        window = crossed[-1]
        if newest is None or (today - newest).days > window:
            return f"autoclose:no_comment_within_{window}d"
    for window in AUTOCLOSE_WINDOWS_DAYS:
        if 0 <= window - age <= NEAR_WINDOW_DAYS:
            return f"autoclose:near_{window}d"
    return None


def analyse_comments(doc: Document, published: str | None = None,
                     platform: str = "unknown") -> CommentFacts:
    """CommentFacts for the page (`published` is the post's ISO date, for auto-close)."""
    rules: list[str] = []
    evidence: list[Evidence] = []
    widgets = Widgets(doc)
    form, form_rule, shut = _comment_form(doc, widgets)
    embeds: list[Rule] = []
    login: list[Rule] = []
    closed: list[Rule] = []
    area_text = ""
    if form is None:  # an open native form decides the state; the rest is read only without
        embeds = widgets.embeds()
        if not embeds:
            area_text = _area_text(doc)
            login = doc.fired(LOGIN_CSS_RULES) + doc.fired(LOGIN_TEXT_RULES, text=area_text)
            login = login or doc.fired(LOGIN_FALLBACK_RULES)
            if shut is not None and not login:
                shut_text = collapse(shut.text(deep=True, separator=" "))
                said = doc.fired(LOGIN_TEXT_RULES, text=shut_text)
                if said or shut.css_first(LOGIN_LINK) is not None:
                    login = [DISABLED_LOGIN, *said]
                    area_text = shut_text
            closed = doc.fired(CLOSED_CSS_RULES) + doc.fired(CLOSED_TEXT_RULES, text=area_text)
    items, item_rule = _items(doc)
    if item_rule is not None:
        rules.append(item_rule.name)

    state, system = "none", None
    if form is not None and form_rule is not None:
        state, system = "open", form_rule.value
        if system == "other" and platform in ("wordpress", "drupal", "blogger"):
            system = platform
        rules.append(form_rule.name)
        evidence.append(Evidence(form_rule.name, _node_text(form)))
    elif embeds:
        state, system = "embed", embeds[0].value
        evidence.append(_evidence(doc, embeds[0]))
    elif login:
        state = "login_required"
        evidence.append(_evidence(doc, login[0], node=shut if login[0] is DISABLED_LOGIN else None, text=area_text))
    elif closed:
        state = "closed"
        evidence.append(_evidence(doc, closed[0], text=area_text))
    elif items:
        state = "closed"
        rules.append("closed:comments_without_form")
        evidence.append(Evidence("closed:comments_without_form", f"{len(items)} comments"))
    rules += [r.name for r in embeds + login + closed]
    if state in ("login_required", "closed") and system is None:
        system = _system_from(item_rule, platform)

    website_field: bool | None = None
    captcha = "none"
    if form is not None and state == "open":
        fired = doc.fired(WEBSITE_FIELD_RULES, node=form)
        label = None if fired else _website_label(form)
        website_field = bool(fired) or label is not None
        rules += [r.name for r in fired]
        if fired:
            evidence.append(_evidence(doc, fired[0], node=form))
        elif label is not None:
            rules.append("website:label")
            evidence.append(Evidence("website:label", label))
        in_form = [r for r in CAPTCHA_RULES if r.where == "css" and doc.fires(r, node=form)]
        page_wide = [] if in_form else [r for r in CAPTCHA_RULES if r.where != "css" and doc.fires(r)]
        # A script-drawn reCAPTCHA box elsewhere (share, newsletter, contact) owns the page's api.js.
        if page_wide and _captcha_elsewhere(doc, form):
            page_wide = []
        found = in_form or page_wide
        if found:
            captcha = found[0].value
            rules.append(found[0].name)
            evidence.append(_evidence(doc, found[0], node=form if in_form else None))

    newest = _newest(doc, items) if items else None
    seen_texts: set[str] = set()
    read = min(len(items), MAX_SPAM_ITEMS)
    screened = doc.screened()
    body_selector, author_selector = SCREEN.live(BODY_SELECTOR, screened), SCREEN.live(AUTHOR_SELECTOR, screened)
    spam = sum(_is_spam(item, seen_texts, body_selector, author_selector) for item in items[:read])

    autoclose = None
    if state in ("open", "embed"):
        autoclose = _autoclose(published, newest, doc.today)
        if autoclose:
            rules.append(autoclose)
    return CommentFacts(
        state=state,
        system=system,
        website_field=website_field,
        captcha=captcha,
        rel=_rel_tokens(doc) if items else (),
        count=len(items),
        newest=newest.isoformat() if newest else None,
        spam_share=round(spam / read, 3) if read else 0.0,
        autoclose_risk=autoclose is not None,
        rules=tuple(dict.fromkeys(rules)),
        evidence=tuple(evidence),
    )


def _captcha_elsewhere(doc: Document, form: LexborNode) -> bool:
    """Is there a captcha box on the page outside the comment form (whose script the page loads)."""
    boxes = doc.tree.css(".g-recaptcha, .h-captcha, .cf-turnstile, [data-sitekey]")
    return any(not has_ancestor_in(box, {form.mem_id}) for box in boxes)


def _system_from(item_rule: Rule | None, platform: str) -> str:
    """The comment system of a closed or login-only area: the platform's own, else other."""
    if platform in ("wordpress", "drupal", "blogger", "ghost"):
        return platform
    if platform in ("unknown", "other") and item_rule is not None and item_rule.value != "other":
        return item_rule.value
    return "other"
