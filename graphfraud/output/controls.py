"""Text made safe to show on a terminal or in a Markdown file.

A narrative, a name or a file name is stored as the file stated it, control characters included;
shown raw, an ESC sequence (``\\x1b[2J``, ``\\x1b]0;title\\x07``) would clear the analyst's screen,
retitle the window or hide lines, and a bidi override (U+202E) would show ``0011223344`` as
``4433221100``. Tables, listings and Markdown text drop them.
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, C1 controls (0x9b is a one-byte CSI), bidi embeddings,
# overrides, isolates and marks
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without terminal control characters and bidi controls."""
    return _CONTROLS.sub("", text) if not text.isascii() or not text.isprintable() else text
