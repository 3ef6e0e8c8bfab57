"""Frozen dataclasses that the page analysis returns: the contract between analysis and the rest."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Vocabularies (public: `linktrail classify --json` prints them, the store keeps them).
COMMENT_STATES = ("open", "login_required", "embed", "closed", "none")
COMMENT_SYSTEMS = (
    "wordpress", "blogger", "drupal", "disqus", "facebook", "jetpack", "hyvor", "commento",
    "discourse", "remark42", "utterances", "giscus", "isso", "vuukle", "coral", "ghost",
    "livefyre", "spotim", "viafoura", "gigya", "changyan", "tencent", "other",
)
CAPTCHAS = ("recaptcha", "hcaptcha", "turnstile", "image", "none")
PLATFORMS = (
    "wordpress", "blogger", "ghost", "drupal", "joomla", "typo3", "medium", "substack",
    "squarespace", "wix", "hugo", "jekyll", "spip", "other", "unknown",
)
LINK_KINDS = ("blogroll", "commenter", "content", "nav", "feed", "sitemap")


@dataclass(frozen=True, slots=True)
class Link:
    """One link found on a page, resolved to an absolute URL."""

    url: str
    anchor: str = ""
    rel: tuple[str, ...] = ()
    kind: str = "content"  # one of LINK_KINDS
    external: bool = False  # points to another site than the page's own

    @property
    def outbound(self) -> bool:
        """Another site's page, linked from the page itself (not its navigation): what the links
        table and the stored facts keep, and what the opportunity rules count."""
        return self.external and self.kind != "nav"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A rule that decided a comment verdict, and what it matched: a selector's element or a text."""

    rule: str
    matched: str = ""


@dataclass(frozen=True, slots=True)
class CommentFacts:
    """Can a visitor comment on this page now, and will the comment carry a link."""

    state: str = "none"  # one of COMMENT_STATES
    system: str | None = None  # one of COMMENT_SYSTEMS, None when state is "none"
    website_field: bool | None = None  # only for open forms
    captcha: str = "none"  # one of CAPTCHAS
    rel: tuple[str, ...] = ()  # rel tokens on existing commenter links (nofollow, ugc, sponsored)
    count: int = 0  # existing comments seen on the page
    newest: str | None = None  # ISO date of the newest comment
    spam_share: float = 0.0  # share of existing comments that look like spam
    autoclose_risk: bool = False
    rules: tuple[str, ...] = ()  # names of the rules that fired
    evidence: tuple[Evidence, ...] = ()  # the rules behind state, system, website field and captcha


@dataclass(frozen=True, slots=True)
class Contact:
    """An address found on a page, with where it was found."""

    email: str
    found_on: str
    role: bool = False  # editor@, submissions@, ...


@dataclass(frozen=True, slots=True)
class GuestPostFacts:
    """Does this page invite guest posts, and how to submit one."""

    is_guest_post_page: bool = False
    confidence: str = "none"  # none / low / medium / high
    accepts: bool | None = None  # False when a negative ("no longer accepting") fired
    submit_email: str | None = None
    submit_form: bool = False
    guidelines_url: str | None = None
    contacts: tuple[Contact, ...] = ()
    rules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PostFacts:
    """The article on the page, if any."""

    title: str = ""
    published: str | None = None  # ISO date
    modified: str | None = None  # ISO date
    language: str | None = None
    word_count: int = 0  # counted in the first MAIN_TEXT_CAP characters, extrapolated past them
    text: str = ""  # the first MAIN_TEXT_CAP characters of the main text, for relevance scoring
    site_name: str = ""  # the name the site gives itself (og:site_name, else the header's site title)
    rules: tuple[str, ...] = ()  # names of the date rules that fired


@dataclass(frozen=True, slots=True)
class HealthFacts:
    """Is the site alive and real."""

    parked: bool = False
    default_page: bool = False
    soft_404: bool = False
    rules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageFacts:
    """Everything the analysis says about one page."""

    url: str
    canonical: str | None = None
    platform: str = "unknown"  # one of PLATFORMS
    comments: CommentFacts = field(default_factory=CommentFacts)
    guest_post: GuestPostFacts = field(default_factory=GuestPostFacts)
    post: PostFacts = field(default_factory=PostFacts)
    health: HealthFacts = field(default_factory=HealthFacts)
    links: tuple[Link, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    platform_rules: tuple[str, ...] = ()  # names of the platform rules that fired

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (tuples become lists)."""
        return asdict(self)
