"""Output paths that stay where the user said, written atomically.

Every file graphfraud writes for a person (HTML graphs, exports, reports) goes
through :func:`safe_output_path` and :func:`atomic_open`:

* an existing file is kept unless ``force`` (``--force``) is given;
* ``..`` may only lead a relative path (``../reports/x.html`` names a folder
  above the current one); a ``..`` after a folder name climbs back out of the
  folder the user named (``reports/../../etc/x``) and is refused;
* a path that passes through a symbolic link (a link as a folder on the way,
  or as the file itself) is refused: the link could point anywhere, and
  replacing the file would follow or clobber it. The message names the real
  folder so a person can retry with it;
* the file is written to a temporary file in the same folder and renamed over
  the target only when complete, so a crash or a full disk never leaves a
  half-written report where the old one was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from graphfraud.errors import OutputError

__all__ = ["safe_output_path", "atomic_open", "write_atomic"]


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old


def safe_output_path(path, force: bool = False, directory: bool = False) -> Path:
    """Check an output path and return it absolute (lexically normalised).

    ``directory``: the output is a folder of files (CSV export); it may exist
    (its files are then checked one by one with :func:`atomic_open`).
    Raises :class:`~graphfraud.errors.OutputError` with a one-line reason.
    """
    raw = os.fspath(path) if path is not None else ""
    if not str(raw).strip():
        raise OutputError("no output path given")
    if "\x00" in str(raw):
        raise OutputError("the output path contains a NUL character")
    p = Path(raw).expanduser()
    parts = p.parts
    anchor_len = 1 if p.is_absolute() else 0
    named = False
    for part in parts[anchor_len:]:
        if part == "..":
            if named:
                raise OutputError(f"{raw}: '..' climbs out of the folder the path names; "
                                  "name the folder you mean directly")
        elif part != ".":
            named = True
    if not named or parts[-1] in ("..", "."):
        raise OutputError(f"{raw}: names no {'folder' if directory else 'file'}")
    # walk the path component by component; any symbolic link on the way is refused
    cur = Path(parts[0]) if anchor_len else Path(".")
    for i, part in enumerate(parts[anchor_len:], start=anchor_len):
        cur = cur / part
        if part in ("..", "."):
            continue
        if os.path.islink(cur):
            last = i == len(parts) - 1
            real = os.path.realpath(cur)
            what = "is a symbolic link" if last else "passes through a symbolic link"
            raise OutputError(f"{raw} {what} ({cur} -> {real}); "
                              f"graphfraud does not write through links: name the real "
                              f"{'file' if last and not directory else 'folder'} instead")
        if not os.path.lexists(cur):
            break  # the rest does not exist yet: no links below
        if i < len(parts) - 1 and not cur.is_dir():
            raise OutputError(f"{raw}: {cur} is not a folder")
    out = Path(os.path.abspath(p))
    if directory:
        if out.exists() and not out.is_dir():
            raise OutputError(f"{raw} exists and is not a folder")
        return out
    if out.is_dir():
        raise OutputError(f"{raw} is a folder; give a file name")
    if out.exists() and not force:
        raise OutputError(f"{raw} already exists; use --force to overwrite it")
    return out


@contextlib.contextmanager
def atomic_open(path, force: bool = False, mode: str = "w", encoding: str | None = "utf-8",
                newline: str | None = None, redactor=None):
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    ``path`` should come from :func:`safe_output_path` (checked again here, so a
    file or link that appeared meanwhile is not clobbered without ``force``).
    """
    target = safe_output_path(path, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    binary = "b" in mode
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": encoding, "newline": newline})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _redact_file(tmp, redactor)
        os.chmod(tmp, 0o666 & ~_umask())
        if os.path.islink(target) or (os.path.exists(target) and not force):
            raise OutputError(f"{target} appeared while writing; not overwritten (use --force)")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _redact_file(tmp: str, redactor) -> None:
    """Under ``--redact`` (a ``redactor``), the last pass over a written file: no raw identifier may remain."""
    if redactor is None:
        return
    from graphfraud.output.scrub import scrub_file

    scrub_file(tmp, redactor)


def write_atomic(path, data, force: bool = False, redactor=None) -> Path:
    """Write ``data`` (str as UTF-8, or bytes) to ``path`` atomically; return the absolute path.
    Under ``--redact`` the :class:`~graphfraud.privacy.Redactor` given scrubs the file last."""
    target = safe_output_path(path, force=force)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_open(target, force=force, mode="wb", redactor=redactor) as fh:
        fh.write(data)
    return target
