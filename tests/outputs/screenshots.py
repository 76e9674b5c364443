"""The screenshots of the README and README.vi.md, taken from the demo's pages with the browser tests'
harness (:mod:`tests.outputs.chromium`: headless Chromium, every host unreachable).

``take_screenshots(db, folder)`` writes, for English and Vietnamese:

* ``graph-LANG.png``: ``export html --around "0361 760 419" --hops 2`` (the suspect phone of the first
  case that names one, typed as officers type it): the phone ringed, selected and centred, its details
  on the right;
* ``trace-LANG.png``: ``export html --trace ACCOUNT`` (a victim's account whose money went at least
  three hops): the money flowing left to right, amounts and times on the links;
* ``report-LANG.png`` and ``report-identifiers-LANG.png``: the case-linking report, its top and the key
  identifiers of the first campaign.

The pictures are stored as palette PNGs (256 colours: the 64 most frequent kept exactly, the rest by
median cut), a fraction of the size of the browser's true-colour ones. ``scripts/screenshots`` runs it
on a fresh demo into ``docs/screenshots/``; ``tests/outputs/test_screenshots.py`` runs it into a
temporary folder (or the folder named by ``GRAPHFRAUD_SCREENSHOTS``).
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import numpy as np

WIDTH, HEIGHT = 1280, 800
LANGS = ("en", "vi")
EXACT_COLOURS = 64

RAW_PIXELS = """(async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.width; c.height = img.height;
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let s = '';
  for (let i = 0; i < d.length; i += 0x8000) { s += String.fromCharCode.apply(null, d.subarray(i, i + 0x8000)); }
  return {w: c.width, h: c.height, data: btoa(s)};
})(%s)"""

SCROLL_TO = """((text) => {
  const h = Array.from(document.querySelectorAll('h3')).find(e => e.textContent.trim() === text);
  if (h) { h.scrollIntoView(); }
  return !!h;
})(%s)"""


def take_screenshots(db, folder, langs=LANGS, browser=None) -> list[Path]:
    """Export the demo's pages from the store file ``db`` and write their screenshots into ``folder``."""
    from tests.outputs.chromium import Browser

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pages = folder / ".pages"
    pages.mkdir(exist_ok=True)
    own = browser is None
    browser = browser or Browser(WIDTH, HEIGHT)
    written = []
    try:
        for lang in langs:
            for name, page, wait, scroll in _pages(db, pages, lang):
                rep = browser.open(page, wait_for=wait)
                if rep.foreign_requests or rep.errors:
                    raise RuntimeError(f"{page}: requests {rep.foreign_requests}, errors {rep.errors}")
                if scroll and not browser.evaluate(SCROLL_TO % json.dumps(scroll)):
                    raise RuntimeError(f"{page}: no heading {scroll!r}")
                if scroll:
                    browser.pump(0.3)
                written.append(save_small_png(browser, folder / f"{name}-{lang}.png"))
    finally:
        if own:
            browser.close()
        for f in pages.iterdir():
            f.unlink()
        pages.rmdir()
    return written


def _pages(db, folder: Path, lang: str) -> list[tuple]:
    """(name, page file, what to wait for, heading to scroll to) of every screenshot in ``lang``."""
    from graphfraud import api
    from graphfraud.analysis.subgraph import Selection
    from graphfraud.output.exports import export
    from graphfraud.output.i18n import t
    from graphfraud.store.sqlite import SQLiteStore
    from tests.outputs.conftest import config_for
    from tests.outputs.test_views import as_typed, suspect_phone, trace_source

    rendered = "document.documentElement.getAttribute('data-gf-rendered')"
    with SQLiteStore(db) as store:
        around = folder / f"graph-{lang}.html"
        export(store, "html", around, Selection(around=as_typed(suspect_phone(store)), hops=2), lang=lang,
               force=True)
        trace = folder / f"trace-{lang}.html"
        export(store, "html", trace, Selection(trace=trace_source(store)), lang=lang, force=True)
    report = folder / f"report-{lang}.html"
    s = api.report(config_for(Path(db)), report, fmt="html", lang=lang, force=True)
    all_drawn = f"{rendered} === '{s['campaigns']}'"
    return [("graph", around, rendered, None), ("trace", trace, rendered, None),
            ("report", report, all_drawn, None),
            ("report-identifiers", report, all_drawn, t("key_identifiers", lang))]


def save_small_png(browser, out: Path) -> Path:
    """The browser's window as a palette PNG at ``out``."""
    png = browser.call("Page.captureScreenshot", format="png")["data"]
    raw = browser.evaluate(RAW_PIXELS % json.dumps(png))
    rgba = np.frombuffer(base64.b64decode(raw["data"]), dtype=np.uint8).reshape(raw["h"], raw["w"], 4)
    out = Path(out)
    out.write_bytes(palette_png(rgba[:, :, :3]))
    return out


def palette_png(rgb: np.ndarray) -> bytes:
    """An 8-bit palette PNG of an RGB picture: its 64 most frequent colours exactly, the others by a
    median cut weighted by how often each appears, every pixel drawn in its nearest palette colour."""
    h, w, _ = rgb.shape
    flat = rgb.reshape(-1, 3).astype(np.int64)
    keys = (flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]
    uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    colours = np.stack([(uniq >> 16) & 255, (uniq >> 8) & 255, uniq & 255], axis=1)
    if len(uniq) <= 256:
        palette, index_of_uniq = colours, np.arange(len(uniq))
    else:
        order = np.argsort(-counts, kind="stable")
        exact, rest = order[:EXACT_COLOURS], order[EXACT_COLOURS:]
        palette = np.vstack([colours[exact], _median_cut(colours[rest], counts[rest], 256 - EXACT_COLOURS)])
        index_of_uniq = _nearest(colours, palette)
    index = index_of_uniq[inverse].astype(np.uint8).reshape(h, w)
    rows = np.hstack([np.zeros((h, 1), dtype=np.uint8), index])        # filter type 0 on every row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0))
            + chunk(b"PLTE", palette.astype(np.uint8).tobytes())
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 9)) + chunk(b"IEND", b""))


def _median_cut(colours: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """``n`` colours standing for ``colours``: the box of most weight split at its weighted median
    along its widest channel, until there are ``n`` boxes; each box gives its weighted mean."""
    boxes = [np.arange(len(colours))]
    while len(boxes) < n:
        splittable = [i for i, b in enumerate(boxes) if len(b) > 1]
        if not splittable:
            break
        i = max(splittable, key=lambda j: (weights[boxes[j]].sum(), -j))
        box = boxes.pop(i)
        c = colours[box]
        axis = int(np.argmax(c.max(axis=0) - c.min(axis=0)))
        box = box[np.argsort(c[:, axis], kind="stable")]
        cum = np.cumsum(weights[box])
        cut = int(np.clip(np.searchsorted(cum, cum[-1] / 2), 1, len(box) - 1))
        boxes += [box[:cut], box[cut:]]
    return np.array([np.average(colours[b], axis=0, weights=weights[b]).round() for b in boxes])


def _nearest(colours: np.ndarray, palette: np.ndarray, chunk: int = 4096) -> np.ndarray:
    out = np.empty(len(colours), dtype=np.int64)
    p = palette.astype(np.int64)
    for s in range(0, len(colours), chunk):
        d = ((colours[s:s + chunk, None, :] - p[None, :, :]) ** 2).sum(axis=2)
        out[s:s + chunk] = d.argmin(axis=1)
    return out


def read_png_header(data: bytes) -> dict:
    """Width, height, bit depth and colour type of a PNG (for the tests)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    w, h, depth, colour = struct.unpack(">IIBB", data[16:26])
    return {"width": w, "height": h, "depth": depth, "colour_type": colour}
