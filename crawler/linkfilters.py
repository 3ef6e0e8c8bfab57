"""Links discovery never follows: binary files, and pages no visitor reads (log-in, admin, cart, search)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.analysis.rules import BINARY_EXTENSIONS


def is_binary_url(url: str) -> bool:
    """True when the URL's path ends in an extension of a file discovery never reads."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot + 1:].lower() in BINARY_EXTENSIONS


# Pages no visitor reads and no opportunity lives on: log-in and admin screens, APIs, comment
# posting endpoints, carts, on-site search and share buttons (WordPress names first).
NON_CONTENT = re.compile(
    r"/(wp-login\.php|wp-admin/|wp-json/|xmlrpc\.php|wp-comments-post\.php|wp-includes/|wp-content/"
    r"|comments/feed/?$|trackback/?$|cdn-cgi/"
    r"|(log-?in|log-?out|sign-?in|sign-?up|register|cart|checkout|my-account)(/|$|\?))"
    r"|[?&](share|action|replytocom|s|add-to-cart)=",
    re.IGNORECASE,
)


def is_non_content(url: str) -> bool:
    """True for log-in, admin, API, cart, search and share URLs (see NON_CONTENT)."""
    return NON_CONTENT.search(url.split("#", 1)[0]) is not None


def home_of(url: str) -> str:
    """The home page of a URL's host: ``scheme://netloc/``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"
