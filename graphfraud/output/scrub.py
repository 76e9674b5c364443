"""Under ``--redact``, the last pass over every file graphfraud writes for a person.

Whatever a format made of the redacted graph or report (HTML, JSON, GraphML,
GEXF, CSV, Markdown, a zip of CSV files), :func:`scrub_file` reads the written
temporary file back and hands its text to :meth:`graphfraud.privacy.Redactor.scrub`,
which replaces every value the redactor pseudonymised, in any of its usual
spellings (names in any case and accents), wherever it still stands. A zip is
opened and each of its text members scrubbed the same way, so ``export csv
all.zip --redact`` gets exactly what the folder ``export csv DIR --redact`` gets.

Selections are redacted too: :func:`shown_selection` is what the page title and
the reproducing command say about ``--around`` / ``--trace`` (the pseudonyms of
the nodes the value named, never the value as typed).
"""

from __future__ import annotations

import io
import os
import shlex
import zipfile

_TEXT_MEMBERS = (".csv", ".json", ".txt", ".md", ".html", ".graphml", ".gexf", ".xml")


def _read(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def _write(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def scrub_bytes(r, raw: bytes) -> bytes:
    """A written file's bytes after the last pass (UTF-8 text, with or without a BOM, or a zip)."""
    if raw.startswith(b"PK\x03\x04"):
        return _scrub_zip(r, raw)
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig" if bom else "utf-8")
    out = r.scrub(text, digit_runs=False)  # free text was scrubbed field by field; numbers stay intact
    return raw if out == text else (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8")


def _scrub_zip(r, raw: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.lower().endswith(_TEXT_MEMBERS):
                data = scrub_bytes(r, data)
            name = r.scrub(info.filename, digit_runs=False)
            out = zipfile.ZipInfo(name, date_time=info.date_time)
            out.compress_type = info.compress_type
            out.external_attr = info.external_attr
            zout.writestr(out, data)
    return buf.getvalue()


def scrub_file(path: str, redactor) -> None:
    """The last pass of ``redactor`` (``--redact``) over the temporary file ``path`` (ours, never
    followed if it became a link)."""
    raw = _read(path)
    out = scrub_bytes(redactor, raw)
    if out != raw:
        _write(path, out)


def shown_selection(sel, focus, r=None) -> str | None:
    """What outputs say the selection ``sel`` was about: under ``--redact`` (a redactor ``r``) the
    pseudonymised keys of the nodes ``--around`` / ``--trace`` named (``focus``), else the value as given."""
    if r is None or sel.kind not in ("around", "trace"):
        return sel.value
    return ", ".join(r.key(f"{t}:{v}") for t, v in focus) or r.value("query", str(sel.value))


def shown_command(command: str | None, sel, shown: str | None) -> str | None:
    """The reproducing command with the selection's value as :func:`shown_selection` gives it."""
    if not command or sel.kind == "all" or shown == sel.value:
        return command
    return command.replace(shlex.quote(str(sel.value)), shlex.quote(str(shown)))
