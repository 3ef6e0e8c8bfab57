#!/usr/bin/env python3
"""Save the pages of the loopback test WordPress as fixtures for the page analyser.

Reads env.json written by ``tests/services/wordpress.sh start``, fetches every page in it (loopback
only, stdlib urllib, no proxies) and writes:

* ``tests/fixtures/wordpress/<theme>-<case>.html``: the HTML exactly as served;
* ``tests/fixtures/wordpress/truth.json``: for each file, its URL, theme, case and the ``expected``
  analysis (same dicts as env.json), plus ``note`` and ``guest_post`` where env.json has them;
* ``tests/fixtures/wordpress/README.md``: where the pages come from and how to regenerate them.

Usage::

    tests/services/wordpress.sh install start
    python tests/services/save_wordpress_pages.py [--env /tmp/linktrail-wp/env.json] [--out DIR]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "tests" / "fixtures" / "wordpress"
DEFAULT_ENV = Path(os.environ.get("LINKTRAIL_WP_DIR", "/tmp/linktrail-wp")) / "env.json"

# Commenter link: WordPress writes rel="external nofollow ugc"; twentytwentyone's walker single-quotes it.
REL = re.compile(r"""rel=(["'])external nofollow ugc\1""")

# Markers (plain strings or regexes) that must be in the served HTML for a page to be saved: catches a broken site (PHP
# error page, redirect loop, wrong theme) before it becomes a fixture. Keyed by case.
MUST_CONTAIN = {
    "open_with_website": ['id="commentform"', 'name="url"', REL],
    "open_no_website": ['id="commentform"'],
    "closed_with_comments": [REL],
    "auto_closed_old": [REL],
    "login_required": ["must-log-in", REL],
    "closed_no_comments": [],
    "write_for_us": ["mailto:editor@"],
}
MUST_NOT_CONTAIN = {
    "open_no_website": ['name="url"'],
    "closed_with_comments": ['id="commentform"'],
    "auto_closed_old": ['id="commentform"'],
    "closed_no_comments": ['id="commentform"', 'class="comment-list"', 'class="wp-block-comment-template"'],
    "login_required": ['id="commentform"'],
    "write_for_us": ['id="commentform"'],
}

# Direct connections only: a proxy from the environment must never see these requests.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _check_loopback(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        ok = ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = host == "localhost"
    if not ok:
        raise SystemExit(f"refusing to fetch a non-loopback URL: {url}")


def _found(marker: str | re.Pattern[str], html: str) -> bool:
    return bool(marker.search(html)) if isinstance(marker, re.Pattern) else marker in html


def fetch(url: str) -> str:
    _check_loopback(url)
    req = urllib.request.Request(url, headers={"User-Agent": "linktrail-fixture-saver"})
    with _OPENER.open(req, timeout=30) as resp:
        if resp.status != 200 or resp.geturl() != url:
            raise SystemExit(f"{url}: status {resp.status}, final URL {resp.geturl()}")
        return resp.read().decode("utf-8")


def package_version(name: str) -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True, check=False)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--env", type=Path, default=DEFAULT_ENV, help="env.json (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixture dir (default: %(default)s)")
    args = ap.parse_args(argv)

    env = json.loads(args.env.read_text())
    args.out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, dict] = {}
    problems: list[str] = []
    for page in env["pages"]:
        name = f"{page['theme']}-{page['case']}.html"
        html = fetch(page["url"])
        for marker in MUST_CONTAIN.get(page["case"], []):
            if not _found(marker, html):
                problems.append(f"{name}: missing {getattr(marker, 'pattern', marker)!r}")
        for marker in MUST_NOT_CONTAIN.get(page["case"], []):
            if _found(marker, html):
                problems.append(f"{name}: unexpected {getattr(marker, 'pattern', marker)!r}")
        (args.out / name).write_text(html, encoding="utf-8")
        entry = {k: page[k] for k in ("url", "theme", "theme_type", "case", "title", "expected") if k in page}
        for k in ("guest_post", "note"):
            if k in page:
                entry[k] = page[k]
        truth[name] = entry
        print(f"saved {name} ({len(html)} bytes) from {page['url']}")

    (args.out / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    write_readme(args.out, env, truth)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return 0


def write_readme(out: Path, env: dict, truth: dict[str, dict]) -> None:
    wp = package_version("wordpress")
    themes = {t: package_version(f"wordpress-theme-{t}") for t in sorted({p["theme"] for p in truth.values()})}
    rows = "\n".join(
        f"| `{name}` | {t['theme']} ({t.get('theme_type', '?')}) | {t['case']} | {t['expected']['state']} | {t['expected']['count']} |"
        for name, t in sorted(truth.items())
    )
    sites = "\n".join(
        f"- `{s['base']}`: {s['theme']}, {s['kind']}"
        + (", comment_registration=1" if s.get("comment_registration") else "")
        + (
            f", close_comments_for_old_posts=1 ({s['close_comments_days_old']} days)"
            if s.get("close_comments_for_old_posts")
            else ""
        )
        for s in env["sites"]
    )
    text = f"""# Saved pages of a real WordPress

These HTML files are pages served by a real WordPress, not hand-written markup:
Debian 12's `wordpress` package {wp} (WordPress {env["sites"][0].get("wordpress", "?")}), with the
themes from Debian's packages {", ".join(f"`wordpress-theme-{t}` {v}" for t, v in themes.items())},
run on loopback by `tests/services/wordpress.sh` (MariaDB + php-fpm + nginx) and populated with a
small sourdough-baking blog by `tests/services/wordpress_php/populate.php`.

Sites (one WordPress per port, since comment_registration and close_comments_for_old_posts are
site-wide options):

{sites}

`truth.json` gives, for each file, the page's URL, theme, case and the `expected` comment analysis
(`state`, `system`, `website_field`, `rel`, `count`, as in `crawler/analysis/facts.py`
`CommentFacts`), with a `note` on what the markup does and does not show, and `guest_post` for
the write-for-us page. `expected` is what a careful reader of the HTML can know, which is not
always the truth in the database: a closed post without comments prints nothing (`none`), an
auto-closed old post looks exactly like a closed one.

Markup traps preserved on purpose (they are WordPress's, do not "fix" the files):

- a closed post with no comments shows nothing about comments (both themes);
- twentytwentythree (block theme) shows no "Comments are closed" notice even when comments exist
  (twentytwentyone prints `<p class="no-comments">Comments are closed.</p>`);
- twentytwentythree's inline CSS names `.comment-form-url` on every page, form or not;
- twentytwentythree loads comment-reply.min.js on closed posts that have comments;
- twentytwentyone writes commenter links with single quotes: `rel='external nofollow ugc' class='url'`;
- twentytwentyone's footer "Recent Comments" widget, on every page, links the commenters of OTHER
  posts with no rel at all: they are not this page's comments (nor its rel);
- every `#respond` holds a hidden `<a rel="nofollow" id="cancel-comment-reply-link">`: a nofollow
  link that is not a commenter link;
- login-required keeps `#respond` (with its "Leave a Reply" title) and `p.must-log-in`, no form;
- an auto-closed old post looks exactly like a closed one (its comment_status is still "open").

| file | theme | case | expected state | count |
| --- | --- | --- | --- | --- |
{rows}

Regenerate (root, Debian 12):

```sh
tests/services/wordpress.sh install start
python tests/services/save_wordpress_pages.py
```

Dates in the pages are relative to the day they were generated ({env.get("generated", "?")[:10]}), so
a regenerated file differs mainly in its dates.
"""
    (out / "README.md").write_text(text)


if __name__ == "__main__":
    sys.exit(main())
