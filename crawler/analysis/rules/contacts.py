"""Contact addresses: the local parts that name a role (editor@, submissions@, ...)."""

from __future__ import annotations

# Cloudflare's e-mail protection: the address, encoded, in this attribute of an element.
CF_EMAIL_SELECTOR = "[data-cfemail]"

# Contacts
ROLE_LOCAL_PARTS = frozenset({
    "editor", "editors", "editorial", "submissions", "submission", "submit", "contact",
    "contacts", "info", "hello", "hi", "admin", "webmaster", "team", "press", "media", "pitch",
    "pitches", "guestpost", "guestposts", "guest", "guests", "write", "writers", "writeforus",
    "contribute", "contributors", "contributions", "marketing", "partnerships", "partners",
    "ads", "advertising", "advertise", "sponsor", "sponsorship", "support", "office", "mail",
    "blog", "news", "tips", "redaktion", "kontakt", "redaction", "redacción", "redaccion",
    "contacto", "outreach", "collab", "collaborations", "business",
})
