"""Page-derived text made safe for a terminal, a text file or a CSV cell: the one cleaning rule."""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 control characters (ESC starts terminal escape sequences) and the bidi overrides:
# page-derived text must not steer a terminal or reorder what a person reads.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")
# Of those, the ones json.dumps(ensure_ascii=False) writes as they are (it escapes C0 itself).
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: Any) -> str:
    """Page-derived text on one line: control characters become spaces, runs of spaces collapse."""
    if text is None:
        return ""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def escape_controls(json_text: str) -> str:
    r"""JSON text with the characters json.dumps leaves raw (C1 controls, DEL, bidi overrides) escaped as \uXXXX.

    They can only stand inside JSON strings, so the document means the same and shows inert in a terminal.
    """
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
