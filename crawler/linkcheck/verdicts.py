"""The verdict of one backlink check: from the HTTP answer (blocks, errors) or from the links found."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .scan import LinkReport

# What one check of a source page says (the backlink's status may then become `lost`).
OBSERVED = (
    "live", "missing", "wrong_target", "redirected_source", "noindex", "not_found",
    "blocked", "error", "robots_blocked",
)
# Observations that say nothing about the link: they never count as a miss.
NO_VERDICT = frozenset({"blocked", "error", "robots_blocked"})
# Observations with the link present.
FOUND = frozenset({"live", "noindex", "redirected_source"})

# Challenge pages: a 403 or 503 carrying one of these is a block, not an answer.
# (name, where, pattern): where is "header" (one "name: value" line, name lower-cased) or "html".
CHALLENGE_RULES: tuple[tuple[str, str, str], ...] = (
    ("cloudflare_mitigated", "header", r"^cf-mitigated:\s*challenge"),
    ("cloudflare_challenge", "html", r"cf-chl-|/cdn-cgi/challenge-platform|cf_chl_opt|cf-browser-verification"),
    ("cloudflare_attention", "html", r"Attention Required! \| Cloudflare"),
    ("just_a_moment", "html", r"<title>\s*Just a moment"),
    ("captcha", "html", (r"g-recaptcha|h-captcha|hcaptcha\.com|challenges\.cloudflare\.com/turnstile"
                         r"|captcha-delivery\.com|px-captcha|/captcha\b")),
    ("datadome", "header", r"^(x-datadome|x-dd-b):"),
    ("ddos_guard", "html", r"DDoS[- ]Guard|DDoS protection by"),
    ("incapsula", "html", r"_Incapsula_Resource|Incapsula incident"),
    ("sucuri", "html", r"Sucuri WebSite Firewall"),
    ("akamai", "html", r"Reference&#32;&#35;[0-9a-f.]+"),
    ("human_check", "html", (r"verify (that )?you are (a )?human|are you a robot|checking your browser"
                             r"|unusual traffic from your|enable javascript and cookies to continue")),
)
_CHALLENGE = tuple((name, where, re.compile(p, re.IGNORECASE | re.MULTILINE)) for name, where, p in CHALLENGE_RULES)
CHALLENGE_SCAN_BYTES = 32_000  # challenge pages are small; their markers sit near the top


@dataclass(frozen=True, slots=True)
class Observation:
    """The verdict of one check: an OBSERVED status, with the reason a person reads."""

    status: str
    reason: str = ""
    found: bool = False


def challenge_rule(headers: Mapping[str, str | Sequence[str]], body: str) -> str | None:
    """The name of the first challenge rule that fires on a response, else None."""
    lines = []
    for name, value in headers.items():
        for v in [value] if isinstance(value, str) else value:
            lines.append(f"{name.lower()}: {v}")
    header_text = "\n".join(lines)
    head = body[:CHALLENGE_SCAN_BYTES]
    for name, where, pattern in _CHALLENGE:
        if pattern.search(header_text if where == "header" else head):
            return name
    return None


def http_verdict(status: int, headers: Mapping[str, str | Sequence[str]], body: str) -> Observation | None:
    """The verdict for a response that is no readable page (404, a block, an error); None for a 2xx."""
    if 200 <= status < 300:
        return None
    if status in (404, 410):
        return Observation("not_found", f"HTTP {status}")
    if status == 429:
        return Observation("blocked", "HTTP 429 too many requests")
    if status in (403, 503):
        rule = challenge_rule(headers, body)
        if rule:
            return Observation("blocked", f"HTTP {status} challenge page ({rule})")
        return Observation("error", f"HTTP {status}" + (" forbidden" if status == 403 else " unavailable"))
    if 300 <= status < 400:
        return Observation("error", f"HTTP {status} redirect without a usable Location")
    return Observation("error", f"HTTP {status}")


def page_verdict(report: LinkReport, *, noindex: str | None, moved_to: str | None) -> Observation:
    """The verdict for a readable source page, from the links found on it."""
    best = report.best
    if best is not None:
        if noindex:
            return Observation("noindex", f"link present but the page says noindex ({noindex})", True)
        if moved_to:
            return Observation("redirected_source", f"link present on {moved_to}", True)
        return Observation("live", "", True)
    if moved_to:
        return Observation("redirected_source", f"source moved to {moved_to}; no link there")
    if report.site_links:
        return Observation("wrong_target", f"links to {report.site_links[0].url} instead")
    return Observation("missing", "no link to the target")
