"""The HTML plan and results opened in a real headless Chromium: targets shown, links right, text escaped."""

from __future__ import annotations

import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT, Runner, write_config
from tests.report_db import ReportDB

pytestmark = [pytest.mark.e2e, pytest.mark.services]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = '<script>alert(1)</script>" onmouseover="alert(2)'
PHONE = (412, 915)


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with everything that could reach the network off, and no proxy but a dead
    loopback port, so that nothing outside 127.0.0.0/8 can be contacted even by mistake."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run installs it)")
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-default-browser-check", "--mute-audio",
        "--hide-scrollbars", "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}", *args,
    ]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


class DOM(HTMLParser):
    """The rendered DOM as Chromium serialised it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    w, h = struct.unpack(">II", head[16:24])
    return int(w), int(h)


@pytest.fixture
def html_plan(linktrail: Runner) -> tuple[Path, dict[str, str]]:
    r = ReportDB(linktrail.cwd / "linktrail.db")
    targets = {
        "https://crumb.example/rye-starter/": "Crumb & Crust",
        "https://levain.example/autolyse/?ref=x&y=1": HOSTILE,
        "https://hearth.example/cold-proof/": "Hearth — 日本語 blog",
    }
    for i, (url, blog) in enumerate(targets.items()):
        r.page(url, value=90 - i, blog=blog, title=f"Post {i}" if i != 1 else HOSTILE)
    r.page("https://guest.example/write-for-us/", kind="guest_post", value=95, blog="Guest Blog",
           guidelines_url="https://guest.example/guidelines/")
    targets["https://guest.example/write-for-us/"] = "Guest Blog"
    r.own_posts("https://me.example/feed.xml", ["2026-11-18T08:00:00+00:00"])
    r.db.conn.close()
    write_config(linktrail.cwd / "linktrail.toml", niche={"name": "sourdough"},
                 you={"feed": "https://me.example/feed.xml", "site": "https://me.example/"})
    out = linktrail.cwd / "plan.html"
    linktrail("report", "--date", "2026-11-23", "--format", "html", "-o", str(out))
    return out, targets


def test_plan_in_chromium(html_plan: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    page, targets = html_plan
    dumped = chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    dom = DOM()
    dom.feed(dumped)
    tags = [t for t, _ in dom.tags]
    assert "script" not in tags, "page text became a script"
    assert not [k for _, a in dom.tags for k in a if k.startswith("on")], "page text became an event handler"
    cards = [a for t, a in dom.tags if t == "li" and "task" in (a.get("class") or "")]
    assert len(cards) == 5  # publish, pitch, three comments
    links = {a["href"]: a for t, a in dom.tags if t == "a"}
    assert set(links) == set(targets) | {"https://me.example/"}
    assert all(a["target"] == "_blank" and a["rel"] == "noopener noreferrer" for a in links.values())
    text = "".join(dom.text)
    assert HOSTILE in text and "Crumb & Crust" in text and "日本語" in text
    assert "guidelines at https://guest.example/guidelines/" in text
    assert "newest comment 3 days ago" in text and "1 in the last 7 days" in text


def test_plan_screenshot_on_a_phone(html_plan: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    page, _ = html_plan
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "plan-phone.png"
    shot.unlink(missing_ok=True)
    chromium(tmp_path / "profile", f"--screenshot={shot}", f"--window-size={PHONE[0]},{PHONE[1]}",
             "--force-device-scale-factor=1", page.as_uri())
    assert png_size(shot) == PHONE
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one


def test_results_page_in_chromium(html_plan: tuple[Path, dict[str, str]], linktrail: Runner, tmp_path: Path) -> None:
    linktrail("mark", "https://crumb.example/rye-starter/", "done", "--date", "2026-11-17")
    linktrail("mark", "https://crumb.example/rye-starter/", "live", "--date", "2026-11-20")
    out = linktrail.cwd / "results.html"
    linktrail("report", "--results", "--weeks", "4", "--date", "2026-11-23", "--format", "html", "-o", str(out))
    dom = DOM()
    dom.feed(chromium(tmp_path / "profile", "--dump-dom", out.as_uri()).stdout)
    tags = [t for t, _ in dom.tags]
    # the first activity is W47 (the plan, the comment done): W45 and W46 of the four weeks asked are left out
    assert "svg" in tags and tags.count("rect") >= 6 and "script" not in tags
    assert "2026-W47" in "".join(dom.text) and "2026-W46" not in "".join(dom.text)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "results-phone.png"
    chromium(tmp_path / "profile2", f"--screenshot={shot}", f"--window-size={PHONE[0]},{PHONE[1]}",
             "--force-device-scale-factor=1", out.as_uri())
    assert png_size(shot) == PHONE
