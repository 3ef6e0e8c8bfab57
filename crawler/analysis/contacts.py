"""E-mail addresses on a page, plain, mailto:, obfuscated ("name [at] site [dot] com") or cf-protected."""

from __future__ import annotations

import re
from urllib.parse import unquote

from .document import Document, within_budget
from .facts import Contact
from .rules import CF_EMAIL_SELECTOR, ROLE_LOCAL_PARTS, SCREEN

EMAIL = re.compile(r"(?<![\w.+-])([a-z0-9][a-z0-9._%+-]{0,63})@([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?"
                   r"(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*\.[a-z]{2,24})(?![\w-])", re.IGNORECASE)
LOCAL_TAIL = re.compile(r"(?<![a-z0-9._%+-])[a-z0-9][a-z0-9._%+-]{0,63}$")
DOMAIN_HEAD = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*"
                         r"\.[a-z]{2,24}(?![a-z0-9-])")
AT_HINT = re.compile(r"at\s*[\]\)\}>]")  # cheap test before the obfuscated-address scan
_AT = r"\s*[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]\s*"
_DOT = r"\s*(?:[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]|\.)\s*"
# name [at] domain [dot] com, name(at)domain.com, name {at} domain {dot} co {dot} uk
OBFUSCATED = re.compile(r"(?<![\w.+-])([a-z0-9][a-z0-9._+-]{0,63})" + _AT
                        + r"([a-z0-9-]{1,63}(?:" + _DOT + r"[a-z0-9-]{1,63})*" + _DOT + r"[a-z]{2,24})\b",
                        re.IGNORECASE)
# name at domain dot com (bare words: both "at" and "dot" must be there)
SPELLED = re.compile(r"(?<![\w.+-])([a-z0-9][a-z0-9._+-]{0,63}) at ([a-z0-9-]{1,63}(?: dot [a-z0-9-]{1,63})*"
                     r" dot (?:com|net|org|info|io|co|de|fr|es|uk|eu|blog|me|us|ca|au|nl|it|ch|at))\b",
                     re.IGNORECASE)
DOT_WORD = re.compile(r"\s*(?:[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]|\.|\s+dot\s+)\s*", re.IGNORECASE)
NOT_TLDS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "svg", "css", "js", "avif", "ico"})
MAX_CONTACTS = 50


def clean_email(local: str, domain: str) -> str | None:
    """A lower-cased address, or None when it is not one (an image name, a placeholder)."""
    domain = DOT_WORD.sub(".", domain.strip()).strip(".").lower()
    local = local.strip().strip(".").lower()
    if not local or "." not in domain or ".." in domain:
        return None
    if domain.rsplit(".", 1)[1] in NOT_TLDS:
        return None
    return f"{local}@{domain}"


def is_role(email: str) -> bool:
    """editor@, submissions@, contact@ and the like: an address for a role, not a person."""
    local = email.split("@", 1)[0]
    return local in ROLE_LOCAL_PARTS or local.replace("-", "").replace("_", "") in ROLE_LOCAL_PARTS


def cf_decode(hex_data: str) -> str | None:
    """Decode Cloudflare's e-mail protection (data-cfemail: a key byte, then XORed bytes)."""
    try:
        raw = bytes.fromhex(hex_data)
    except ValueError:
        return None
    if len(raw) < 2:
        return None
    key = raw[0]
    try:
        return bytes(b ^ key for b in raw[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None


def emails_in_text(text: str) -> list[str]:
    """Addresses written in text, plain or obfuscated, in order of appearance."""
    text = text.lower()
    found: list[tuple[int, str]] = []
    # Plain addresses: look around each "@" only (a regex scan of the whole text is slow).
    at = text.find("@")
    while at != -1 and len(found) < MAX_CONTACTS * 4:
        local = LOCAL_TAIL.search(text, max(at - 64, 0), at)
        domain = DOMAIN_HEAD.match(text, at + 1)
        if local and domain and (email := clean_email(local.group(), domain.group())):
            found.append((local.start(), email))
        at = text.find("@", at + 1)
    if AT_HINT.search(text):
        found += [(m.start(), e) for m in OBFUSCATED.finditer(text)
                  if (e := clean_email(m.group(1), m.group(2)))]
    if " dot " in text:
        found += [(m.start(), e) for m in SPELLED.finditer(text)
                  if (e := clean_email(m.group(1), m.group(2)))]
    return list(dict.fromkeys(email for _, email in sorted(found)))


def mailto_hrefs(doc: Document) -> list[str]:
    """The hrefs ``a[href^="mailto:" i]`` selects, from the walk by tag (lower() folds no other character
    into these ASCII ones). Each href is looked up alone (``attrs``), not read with all the anchor's attributes
    into a dict (``attributes``): 0.7x the time on the saved real pages' 5,000 anchors. Once an analyser has read
    ``href_text`` (every anchor's href, lower-cased: the comment and parked-page rules), a page whose hrefs hold no
    "mailto:" has none that starts with it, and its anchors are not read again (on 1,800 crawled real pages: 55%
    of them; 1-2 ms on a page of 2,000 anchors)."""
    if "href_text" in doc.__dict__ and "mailto:" not in doc.href_text:
        return []
    return [href for n in doc.tagged("a") if (href := n.attrs.get("href") or "")[:7].lower() == "mailto:"]


def mailto_emails(doc: Document) -> list[str]:
    """Addresses from mailto: links and Cloudflare-protected addresses."""
    found: list[str] = []
    for href in mailto_hrefs(doc):
        target = unquote(href[7:]).split("?", 1)[0]
        for part in target.split(","):
            local, at, domain = part.strip().partition("@")
            if at and (email := clean_email(local, domain)):
                found.append(email)
    for node in SCREEN.selected(doc.tree, CF_EMAIL_SELECTOR, doc.screened()):
        decoded = cf_decode(node.attributes.get("data-cfemail") or "")
        match = EMAIL.fullmatch(decoded.strip()) if decoded else None
        if match and (email := clean_email(match.group(1), match.group(2))):
            found.append(email)
    return found


def find_contacts(doc: Document) -> tuple[Contact, ...]:
    """Every address on the page, role addresses first, each once."""
    emails = list(dict.fromkeys(mailto_emails(doc) + emails_in_text(within_budget(doc.body_text_raw))))
    contacts = [Contact(email=e, found_on=doc.url, role=is_role(e)) for e in emails]
    contacts.sort(key=lambda c: not c.role)  # stable: order of appearance within each group
    return tuple(contacts[:MAX_CONTACTS])
