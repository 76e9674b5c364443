"""The README's screenshots: taken from the demo's pages by the shared harness (tests/outputs/screenshots.py,
also run by scripts/screenshots), small palette PNGs, and every one the READMEs show exists.

Set ``GRAPHFRAUD_SCREENSHOTS=docs/screenshots`` to have the browser test write them there.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from tests.outputs.screenshots import LANGS, palette_png, read_png_header, take_screenshots

ROOT = Path(__file__).resolve().parents[2]
MAX_BYTES = 300_000
NAMES = ("graph", "trace", "report", "report-identifiers")


def decode_palette_png(data: bytes) -> np.ndarray:
    """The RGB pixels of a palette PNG whose rows are all unfiltered (as palette_png writes them)."""
    head = read_png_header(data)
    pos, plte, idat = 8, b"", b""
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"PLTE":
            plte = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    rows = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(head["height"], head["width"] + 1)
    assert not rows[:, 0].any()
    palette = np.frombuffer(plte, dtype=np.uint8).reshape(-1, 3)
    return palette[rows[:, 1:]]


def test_palette_png_keeps_the_frequent_colours_exactly_and_the_rest_close():
    rng = np.random.default_rng(1)
    base = rng.integers(0, 256, size=(64, 3))
    img = base[rng.integers(0, 64, size=(120, 200))]          # 64 colours, each frequent
    noisy = img.copy()
    spots = rng.random((120, 200)) < 0.05                      # a few thousand rare, near-by colours
    noisy[spots] = np.clip(noisy[spots] + rng.integers(-6, 7, size=(spots.sum(), 3)), 0, 255)
    for picture in (img, noisy):
        data = palette_png(picture.astype(np.uint8))
        assert read_png_header(data) == {"width": 200, "height": 120, "depth": 8, "colour_type": 3}
        back = decode_palette_png(data).astype(int)
        assert (back[~spots] == picture[~spots]).all()
        assert np.abs(back - picture).mean() < 0.5


def test_every_screenshot_the_readmes_show_exists():
    shown = set()
    for doc in ("README.md", "README.vi.md", "docs/outputs.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        for ref in re.findall(r"\(((?:docs/)?screenshots/[\w.-]+\.png)\)", text):
            path = (ROOT / doc).parent / ref
            assert path.is_file(), f"{doc} shows {ref}, which is missing"
            assert path.stat().st_size < MAX_BYTES, path
            shown.add(path.name)
    assert {f"{name}-{lang}.png" for name in ("graph", "trace", "report") for lang in LANGS} <= shown


@pytest.mark.browser
def test_the_screenshots_are_taken_from_the_pages(demo_db, tmp_path):
    folder = Path(os.environ.get("GRAPHFRAUD_SCREENSHOTS") or tmp_path)
    written = take_screenshots(demo_db, folder)
    assert sorted(p.name for p in written) == sorted(f"{n}-{lang}.png" for n in NAMES for lang in LANGS)
    for p in written:
        data = p.read_bytes()
        assert read_png_header(data) == {"width": 1280, "height": 800, "depth": 8, "colour_type": 3}
        assert 10_000 < len(data) < MAX_BYTES, (p, len(data))
        pixels = decode_palette_png(data)
        assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 32, p     # a page, not a blank window
