"""What keeps a page offline and inert: escaping of text and JSON, the Content-Security-Policy of
its inline scripts, the check that nothing remote is referenced, and the inlined assets."""

from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import re
from functools import cache
from pathlib import Path

from graphfraud.errors import OutputError

ASSETS = Path(__file__).with_name("assets")


def esc(value) -> str:
    """Text for HTML element content or a quoted attribute."""
    return _html.escape("" if value is None else str(value), quote=True)


_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>``, ``&``, U+2028/9 escaped,
    so a value such as ``</script><script>…`` cannot close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_UNSAFE[m.group(0)], text)


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def csp(scripts: list[str]) -> str:
    """The page's Content-Security-Policy: its own inline scripts (by hash) and styles, nothing remote."""
    hashes = " ".join(dict.fromkeys(script_hash(s) for s in scripts))
    return ("default-src 'none'; script-src " + hashes + "; style-src 'unsafe-inline'; img-src data:; "
            "font-src data:; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
            "worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'")


_REMOTE_ATTR = re.compile(
    r"""<[^>]*?\s(?:src|href|action|formaction|poster|background|data|xlink:href|srcset|ping)\s*=\s*["']?\s*"""
    r"""(?:[a-z][a-z0-9+.-]*:)?//""", re.IGNORECASE)
_REMOTE_TAG = re.compile(r"<\s*(?:link|iframe|frame|object|embed|base|meta\s+http-"
                         r"equiv\s*=\s*[\"']?refresh)\b",
                         re.IGNORECASE)
_REMOTE_CSS = re.compile(r"""@import|url\(\s*["']?\s*(?:https?:|//)""", re.IGNORECASE)


def assert_offline(page: str) -> None:
    """Refuse a page that would load anything from a host: remote src/href, link/iframe/object tags,
    CSS imports or remote url(), or a script without the page's CSP."""
    m = _REMOTE_ATTR.search(page) or _REMOTE_TAG.search(page) or _REMOTE_CSS.search(page)
    if m:
        raise OutputError("internal error: the page would reference a remote resource near "
                          f"{m.group(0)[:80]!r}")
    if "Content-Security-Policy" not in page:
        raise OutputError("internal error: the page has no Content-Security-Policy")


@cache
def _vis_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("pyvis")   # where the package is, without importing it (and IPython)
    if spec is None or not spec.submodule_search_locations:
        raise OutputError("pyvis is not installed; it supplies the vis-network library of graph pages")
    d = Path(spec.submodule_search_locations[0]) / "templates" / "lib" / "vis-9.1.2"
    if not (d / "vis-network.min.js").is_file():
        raise OutputError(f"pyvis is installed without its vis-network library ({d}); reinstall pyvis")
    return d


@cache
def asset(name: str) -> str:
    """An inlined asset: ``vis-network.min.js`` / ``vis-network.css`` (from pyvis) or ours."""
    path = _vis_dir() / name if name.startswith("vis-network") else ASSETS / name
    text = path.read_text(encoding="utf-8")
    low = text.lower()
    if "</script" in low or "</style" in low or "<!--" in low:
        raise OutputError(f"asset {name} cannot be inlined safely")
    return text
