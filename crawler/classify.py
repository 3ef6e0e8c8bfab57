"""`linktrail classify`: the analysis of one saved page or live URL, as a dict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.analysis import analyse
from crawler.fetch import FetchError, fetch_once
from crawler.robots import UNREACHABLE, disallows_all, parse, robots_url
from crawler.runner import user_agent
from crawler.urls import is_http_url, site_of
from crawler.words import plural

MAX_BYTES = 10 * 1024 * 1024
ACCEPT = "text/html,*/*;q=0.5"


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


def classify_source(source: str, *, base_url: str | None = None, contact_url: str) -> dict[str, Any]:
    """Analyse a saved file or a live http(s) URL; ``source`` is kept as given in the result.

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
            url, body, headers = fetch_once(source, agent=agent, accept=ACCEPT, max_bytes=MAX_BYTES)
        except FetchError as exc:
            if exc.status:
                raise ClassifyError(f"{source}: HTTP {exc.status} {exc.reason}") from None
            raise ClassifyError(f"{source}: cannot fetch ({exc.reason})") from None
        ctype = headers.get("content-type", "")
        if ctype and "html" not in ctype.lower() and "xml" not in ctype.lower():
            raise ClassifyError(f"{source}: not an HTML page ({ctype})")
    else:
        path = Path(source)
        try:
            body = path.read_bytes()[:MAX_BYTES]
        except OSError as exc:
            raise ClassifyError(f"{source}: cannot read ({exc.strerror})") from None
        url = base_url or path.resolve().as_uri()
    facts = analyse(base_url or url, body, headers, site_of=site_of)
    return {"source": source, **facts.to_dict()}


def describe_page(result: dict[str, Any]) -> str:
    """A few lines a person reads."""
    c, g, p = result["comments"], result["guest_post"], result["post"]
    lines = [f"{result['source']}", f"  platform: {result['platform']}"]
    comment = f"  comments: {c['state']}"
    if c["system"]:
        comment += f" ({c['system']})"
    if c["state"] == "open":
        comment += ", website field" if c["website_field"] else ", no website field"
    if c["captcha"] not in (None, "none"):
        comment += f", {c['captcha']} captcha"
    if c["rel"]:
        comment += f", commenter links rel={' '.join(c['rel'])}"
    if c["count"]:
        comment += f", {plural(c['count'], 'comment')}"
    lines.append(comment)
    if p.get("title"):
        lines.append(f"  title: {p['title']}")
    if p.get("published"):
        lines.append(f"  published: {p['published']}")
    if g["is_guest_post_page"]:
        accepts = {True: "accepts", False: "does NOT accept", None: "unclear"}[g["accepts"]]
        guest = f"  guest posts: {accepts} ({g['confidence']} confidence)"
        if g["submit_email"]:
            guest += f", pitch to {g['submit_email']}"
        lines.append(guest)
    for w in result.get("warnings", []):
        lines.append(f"  warning: {w}")
    return "\n".join(lines)
