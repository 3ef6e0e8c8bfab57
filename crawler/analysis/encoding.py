"""The one decoding rule for fetched bytes: BOM, declared charset, then detection only on failure."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

# File signatures of formats that are not HTML (name, leading bytes).
BINARY_MAGIC: tuple[tuple[str, bytes], ...] = (
    ("pdf", b"%PDF-"),
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("gif", b"GIF8"),
    ("jpeg", b"\xff\xd8\xff"),
    ("zip", b"PK\x03\x04"),
    ("gzip", b"\x1f\x8b"),
    ("webp_or_wav", b"RIFF"),
    ("mp3", b"ID3"),
    ("ogg", b"OggS"),
    ("7z", b"7z\xbc\xaf'\x1c"),
    ("rar", b"Rar!"),
    ("exe", b"MZ"),
    ("elf", b"\x7fELF"),
    ("bzip2", b"BZh"),
    ("xz", b"\xfd7zXZ"),
    ("woff", b"wOFF"),
    ("woff2", b"wOF2"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# <meta charset="x"> or <meta http-equiv=Content-Type content="text/html; charset=x">
META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
# Bytes decoded at a time to check that a page is UTF-8 (`is_utf8`).
UTF8_CHUNK = 32_768
# Labels that browsers read as windows-1252 (WHATWG encoding standard).
AS_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii",
                             "us-ascii", "iso-ir-100", "cp819", "ibm819", "windows-1252", "cp1252"})


def binary_kind(data: bytes) -> str | None:
    """The name of a non-HTML format that `data` starts with, or "nul" for NUL-filled bytes."""
    head = data[:1024]
    for name, magic in BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text carries NULs
    if head.count(b"\x00") > 8:
        return "nul"
    return None


@lru_cache(maxsize=256)
def _codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(headers: Mapping[str, str]) -> str | None:
    """The charset named by a Content-Type header, if any (header names lower-cased)."""
    value = headers.get("content-type", "")
    match = HEADER_CHARSET.search(value)
    return match.group(1) if match else None


def decode_text(data: bytes) -> str:
    """A plain UTF-8 text file (robots.txt, a seeds list): BOM dropped, bytes that are not UTF-8 replaced."""
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def _declared(data: bytes, headers: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """(where, label) of each charset to try in turn; the meta tag is looked for only if the header's fails."""
    declared = header_charset(headers)
    if declared:
        yield "header", declared
    meta = META_CHARSET.search(data[:4096])
    if meta:
        yield "meta", meta.group(1).decode("ascii", "replace")
    yield "default", "utf-8"


def decode(data: bytes, headers: Mapping[str, str]) -> tuple[str, list[str]]:
    """Decode HTML bytes; return the text and warnings about how it was decoded."""
    text, warnings, _ = decode_source(data, headers)
    assert text is not None  # decoded: not lazily
    return text, warnings


def decode_source(data: bytes, headers: Mapping[str, str],
                  *, lazily: bool = False) -> tuple[str | None, list[str], bool]:
    """`decode`, and whether the text is the bytes read as strict UTF-8: then ``text.encode() == data``
    (Python's UTF-8 codec decodes strictly only what it encodes back the same), and the bytes can stand
    in for the text's encoding. `lazily`: such bytes are only checked (`is_utf8`) and their text is None, for a
    caller that reads the bytes to decode only if and when it needs the text (a 1.4 MB page with one emoji is a
    text of 4 bytes a character, 5.6 MB: 3-5 ms to make where the check costs 0.3)."""
    warnings: list[str] = []
    for bom, name in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), warnings, False
    for source, label in _declared(data, headers):
        codec = _codec(label)
        if codec is None:
            warnings.append(f"charset_unknown:{source}:{label[:40]}")
            continue
        if codec.startswith("utf-16") and source != "header":
            codec = "utf-8"  # a meta tag read as ASCII cannot be UTF-16 (WHATWG)
        try:
            if lazily and codec == "utf-8":
                if is_utf8(data):
                    return None, warnings, True
                raise UnicodeDecodeError("utf-8", data, 0, len(data), "not UTF-8")
            return data.decode(codec), warnings, codec == "utf-8"
        except UnicodeDecodeError:
            warnings.append(f"charset_mismatch:{source}:{label[:40]}")
    return (*_detect(data, warnings), False)


def is_utf8(data: bytes) -> bool:
    """Whether ``data.decode()`` succeeds: decoded a chunk at a time and dropped, so that no text of the whole is
    made (the chunks' texts stay in the cache; a whole one is written to fresh memory)."""
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), UTF8_CHUNK):
            decoder.decode(view[start:start + UTF8_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _detect(data: bytes, warnings: list[str]) -> tuple[str, list[str]]:
    """Cold path: guess the encoding of bytes that did not decode as declared."""
    try:
        from bs4.dammit import UnicodeDammit  # heavy: BeautifulSoup, only for the rare page that needs a guess

        dammit = UnicodeDammit(data[:2_000_000], ["utf-8", "windows-1252"], is_html=True)
        if dammit.original_encoding and len(data) <= 2_000_000:
            text = dammit.unicode_markup
            if text is not None:
                warnings.append(f"charset_detected:{dammit.original_encoding}")
                return text, warnings
        if dammit.original_encoding:
            codec = _codec(dammit.original_encoding) or "utf-8"
            warnings.append(f"charset_detected:{dammit.original_encoding}")
            return data.decode(codec, errors="replace"), warnings
    except Exception as exc:  # noqa: BLE001 - detection on hostile bytes must not raise; we fall back
        warnings.append(f"charset_detection_failed:{type(exc).__name__}")
    warnings.append("charset_fallback:utf-8-replace")
    return data.decode("utf-8", errors="replace"), warnings
