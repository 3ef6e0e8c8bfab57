"""`linktrail classify`: the analysis of one saved page or live URL, as a dict."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from crawler.analysis import analyse
from crawler.fetch import FetchError, fetch_once
from crawler.robots import UNREACHABLE, disallows_all, parse, robots_url
from crawler.runner import user_agent
from crawler.text import clean
from crawler.urls import is_http_url, site_of
from crawler.words import plural

MAX_BYTES = 10 * 1024 * 1024
ACCEPT = "text/html,*/*;q=0.5"
_URL_LIKE = re.compile(r"https?://", re.IGNORECASE)  # meant as a URL, even when it is not a valid one


class ClassifyError(Exception):
    """An input that cannot be classified; the message says which and why."""


def _robots_refusal(url: str, agent: str) -> str | None:
    """Why robots.txt forbids fetching ``url`` (crawler/robots.py's rule, the crawl's), or None when it allows it."""
    robots = robots_url(url)
    status: int | None = 200  # fetch_once returns 2xx answers only
    try:
        _, body, _ = fetch_once(robots, agent=agent, accept=ACCEPT, max_bytes=MAX_BYTES)
    except FetchError as exc:
        status, body = exc.status, exc.body
        if disallows_all(status):
            return f"{robots}: {f'HTTP {status}' if status else exc.reason}; not fetching it ({UNREACHABLE})"
    if not parse(body).allowed(url, agent):
        return "robots.txt disallows fetching it"
    return None


def classify_source(source: str, *, base_url: str | None = None, contact_url: str,
                    max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """Analyse a saved file or a live http(s) URL (at most ``max_bytes`` of either); ``source`` is kept as given.

    Raises:
        ClassifyError: the file cannot be read, the URL cannot be fetched or robots.txt forbids it.
    """
    headers: dict[str, str] = {}
    if is_http_url(source, require_host=False):
        agent = user_agent(contact_url)
        refusal = _robots_refusal(source, agent)
        if refusal is not None:
            raise ClassifyError(f"{source}: {refusal}")
        try:
            url, body, headers = fetch_once(source, agent=agent, accept=ACCEPT, max_bytes=max_bytes)
        except FetchError as exc:
            if exc.status:
                raise ClassifyError(f"{source}: HTTP {exc.status} {exc.reason}") from None
            raise ClassifyError(f"{source}: cannot fetch ({exc.reason})") from None
        ctype = headers.get("content-type", "")
        if ctype and "html" not in ctype.lower() and "xml" not in ctype.lower():
            raise ClassifyError(f"{source}: not an HTML page ({ctype})")
    elif _URL_LIKE.match(source):
        raise ClassifyError(f"{source}: not a valid http(s) URL")
    else:
        path = Path(source)
        try:
            with path.open("rb") as file:  # a device or a pipe may never end: read the cap, no more
                body = file.read(max_bytes)
        except OSError as exc:
            raise ClassifyError(f"{source}: cannot read ({exc.strerror})") from None
        url = base_url or path.resolve().as_uri()
    facts = analyse(base_url or url, body, headers, site_of=site_of)
    return {"source": source, **facts.to_dict()}


def describe_page(result: dict[str, Any]) -> str:
    """A few lines a person reads; every page-derived value cleaned of control characters (crawler/text.py)."""
    c, g, p = result["comments"], result["guest_post"], result["post"]
    lines = [f"{clean(result['source'])}", f"  platform: {clean(result['platform'])}"]
    comment = f"  comments: {clean(c['state'])}"
    if c["system"]:
        comment += f" ({clean(c['system'])})"
    if c["state"] == "open":
        comment += ", website field" if c["website_field"] else ", no website field"
    if c["captcha"] not in (None, "none"):
        comment += f", {clean(c['captcha'])} captcha"
    if c["rel"]:
        comment += f", commenter links rel={clean(' '.join(c['rel']))}"
    if c["count"]:
        comment += f", {plural(c['count'], 'comment')}"
    lines.append(comment)
    if p.get("title"):
        lines.append(f"  title: {clean(p['title'])}")
    if p.get("published"):
        lines.append(f"  published: {clean(p['published'])}")
    if g["is_guest_post_page"]:
        accepts = {True: "accepts", False: "does NOT accept", None: "unclear"}[g["accepts"]]
        guest = f"  guest posts: {accepts} ({g['confidence']} confidence)"
        if g["submit_email"]:
            guest += f", pitch to {clean(g['submit_email'])}"
        lines.append(guest)
    for w in result.get("warnings", []):
        lines.append(f"  warning: {clean(w)}")
    return "\n".join(lines)
