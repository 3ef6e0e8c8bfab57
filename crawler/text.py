"""Page-derived text made safe for a terminal, a text file or a CSV cell: the one cleaning rule."""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 control characters (ESC starts terminal escape sequences) and the bidi overrides:
# page-derived text must not steer a terminal or reorder what a person reads.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")


def clean(text: Any) -> str:
    """Page-derived text on one line: control characters become spaces, runs of spaces collapse."""
    if text is None:
        return ""
    return " ".join(_CONTROL.sub(" ", str(text)).split())
