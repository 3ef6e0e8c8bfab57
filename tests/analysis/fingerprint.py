"""Fingerprints of analysis output on the fixture corpus: `python -m tests.analysis.fingerprint --write` records them."""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import orjson

from crawler.analysis import analyse
from crawler.analysis.encoding import decode
from crawler.urls import site_of

from .pages import PAGES, TODAY, URLS, WORDPRESS, wordpress_truth

EXPECTED = Path(__file__).resolve().parent / "fingerprints.json"

# Header variants each saved page is analysed under: none, the way discovery passes them (with
# site_of), a declared charset that is wrong for most pages, and one Python does not know.
HEADERS: dict[str, dict[str, str]] = {
    "plain": {},
    "utf8-header": {"Content-Type": "text/html; charset=utf-8"},
    "latin1-header": {"Content-Type": "text/html; charset=ISO-8859-1"},
    "unknown-header": {"Content-Type": "text/html; charset=x-no-such-thing"},
}
SAMPLE = "<html><head><title>Über straße</title></head><body><p>café — ½ “quoted” 日本語</p></body></html>"
# Bytes that take each branch of the decoding rule (BOM, header, meta, default, detection).
SYNTHETIC: dict[str, tuple[bytes, dict[str, str]]] = {
    "bom-utf8": (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), {}),
    "bom-utf16le": (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), {}),
    "bom-utf16be": (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), {}),
    "meta-cp1252": (b'<meta charset="windows-1252">' + SAMPLE.encode("cp1252", "replace"), {}),
    "meta-latin1-http-equiv": (b'<meta http-equiv="Content-Type" content="text/html; charset=latin1">'
                               + SAMPLE.encode("latin-1", "replace"), {}),
    "meta-utf16": (b'<meta charset="utf-16">' + SAMPLE.encode("utf-8"), {}),
    "header-utf16": (SAMPLE.encode("utf-16-le"), {"content-type": "text/html; charset=utf-16"}),
    "meta-unknown": (b'<meta charset="klingon">' + SAMPLE.encode("utf-8"), {}),
    "header-wrong-meta-right": (b'<meta charset="cp1252">' + SAMPLE.encode("cp1252", "replace"),
                                {"Content-Type": "text/html; charset=utf-8"}),
    "undeclared-cp1252": (SAMPLE.encode("cp1252", "replace"), {}),
    "undeclared-shift-jis": (SAMPLE.encode("shift_jis", "replace") * 20, {}),
    "undeclared-koi8r": (("<p>" + "Привет, мир! Это русский текст. " * 30 + "</p>").encode("koi8-r"), {}),
    "binary-pdf": (b"%PDF-1.4 ...", {}),
    "nul-bytes": (b"<p>" + b"\x00" * 20 + b"</p>", {}),
    "empty": (b"", {}),
}


def _hash(value: object) -> str:
    return hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()[:20]


def _pages() -> Iterator[tuple[str, str, bytes]]:
    for name, url in sorted(URLS.items()):
        yield name, url, (PAGES / name).read_bytes()
    for name, truth in sorted(wordpress_truth().items()):
        yield name, str(truth["url"]), (WORDPRESS / name).read_bytes()


def _facts(url: str, data: bytes | str, headers: Mapping[str, str],
           site: Callable[[str], str] | None = None) -> str:
    facts = analyse(url, data, headers, site_of=site, today=TODAY)
    return _hash(dataclasses.asdict(facts))


def compute() -> dict[str, str]:
    """name/variant -> hash of the analysis facts (or of the decoded text and its warnings)."""
    out: dict[str, str] = {}
    for name, url, data in _pages():
        for variant, headers in HEADERS.items():
            out[f"{name}/analyse/{variant}"] = _facts(url, data, headers)
            lowered = {k.lower(): v for k, v in headers.items()}
            out[f"{name}/decode/{variant}"] = _hash(list(decode(data, lowered)))
        out[f"{name}/analyse/site_of"] = _facts(url, data, {}, site_of)
    for name, (data, headers) in SYNTHETIC.items():
        out[f"synthetic/{name}/analyse"] = _facts("https://blog.example/p/", data, headers)
        lowered = {k.lower(): v for k, v in headers.items()}
        out[f"synthetic/{name}/decode"] = _hash(list(decode(data, lowered)))
    out["synthetic/text-input/analyse"] = _facts("https://blog.example/p/", SAMPLE, {})
    return out


def expected() -> dict[str, str]:
    """The fingerprints recorded from the code before the crawl modules were split (commit f2f7d8c)."""
    data: dict[str, str] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"record the current fingerprints in {EXPECTED.name}")
    args = parser.parse_args()
    found = compute()
    if args.write:
        EXPECTED.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(found)} fingerprints written to {EXPECTED}")
        return
    old = expected()
    changed = sorted(k for k in old.keys() | found.keys() if old.get(k) != found.get(k))
    print("\n".join(changed) or f"all {len(found)} fingerprints match")


if __name__ == "__main__":
    main()
