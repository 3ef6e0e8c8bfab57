"""E-mail addresses: plain, mailto:, obfuscated, Cloudflare-protected; role addresses first."""

from __future__ import annotations

import pytest

from crawler.analysis import analyse
from crawler.analysis.contacts import cf_decode, emails_in_text, is_role

from .pages import TODAY, facts


@pytest.mark.parametrize(("text", "emails"), [
    ("Write to jane.doe@blog.example today", ["jane.doe@blog.example"]),
    ("Editor: editor [at] blog [dot] example", ["editor@blog.example"]),
    ("kontakt(at)verein.de", ["kontakt@verein.de"]),
    ("hello {at} site {dot} co {dot} uk", ["hello@site.co.uk"]),
    ("Reach bob at example dot com", ["bob@example.com"]),
    ("Retina logo@2x.png is an image", []),
    ("a@b", []),
    ("First x@one.example, then y@two.example", ["x@one.example", "y@two.example"]),
])
def test_emails_in_text(text: str, emails: list[str]) -> None:
    assert emails_in_text(text) == emails


def test_mailto_with_entities_and_query() -> None:
    page = ('<html><body><a href="mailto:&#101;&#100;itor@blog.example?subject=Guest%20post">mail</a>'
            '<a href="mailto:Jane%2EDoe@Blog.Example">Jane</a>'
            '<a href="/cdn-cgi/l/email-protection" class="__cf_email__" '
            'data-cfemail="3e5b5a574a514c7e5c52515910564a4a4e">[email&#160;protected]</a></body></html>')
    contacts = analyse("https://blog.example/", page, today=TODAY).guest_post.contacts
    assert [(c.email, c.role) for c in contacts] == [
        ("editor@blog.example", True), ("editor@blog.http", True), ("jane.doe@blog.example", False),
    ]


def test_cloudflare_decoding() -> None:
    # key 0x3e, "editor@blog.http" XORed
    assert cf_decode("3e5b5a574a514c7e5c52515910564a4a4e") == "editor@blog.http"
    assert cf_decode("zz") is None


@pytest.mark.parametrize(("email", "role"), [
    ("editor@x.example", True), ("submissions@x.example", True), ("contact@x.example", True),
    ("write-for-us@x.example", True), ("redaktion@x.example", True), ("jane@x.example", False),
])
def test_role_addresses(email: str, role: bool) -> None:
    assert is_role(email) is role


def test_contacts_found_on_page_and_role_first() -> None:
    contacts = facts("twentytwentyone-write_for_us.html").guest_post.contacts
    assert contacts[0].email == "editor@crumbandcrust.example"
    assert contacts[0].role is True
    assert contacts[0].found_on == "http://127.0.0.1:8090/write-for-us/"


def test_role_addresses_are_ordered_first() -> None:
    page = "<html><body><p>jane@blog.example or editor@blog.example</p></body></html>"
    contacts = analyse("https://blog.example/", page, today=TODAY).guest_post.contacts
    assert [c.email for c in contacts] == ["editor@blog.example", "jane@blog.example"]
