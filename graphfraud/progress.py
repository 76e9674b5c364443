"""How the library says how far a long piece of work has got: through a reporter it is handed.

The library never draws anything. A command that can take long takes a ``progress`` argument (as
``load`` always has) and tells it what it is doing; the command line hands it a display on the
terminal (graphfraud/output/progress.py), a program may hand its own, and ``None`` means nobody
is watching. A reporter is any callable ``progress(n)`` (``n`` more units done: rows, accounts,
cases, campaigns); it may also have

``stage(key, total=None, unit=None, detail=None)``
    a new step begins: ``key`` names it (``"mules.signals"``; the command line's catalogue holds
    its words in each language), ``total`` is how many units it will take when that is known
    beforehand (then a display can show a bar, a percentage and the time left), ``unit`` names
    what is counted (``"rows"``, ``"accounts"``, ``"steps"``), ``detail`` is a name to show beside
    the step's words (a file name), never a sentence.

A plain callable, as ``load`` has always taken, simply ignores the stages. The helpers below accept
``None``, a plain callable and a full reporter alike, so the code that reports never checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar, runtime_checkable

__all__ = ["Reporter", "advance", "counted", "stage"]

T = TypeVar("T")


@runtime_checkable
class Reporter(Protocol):
    """What a full progress reporter offers (a plain ``callable(n)`` is accepted too)."""

    def __call__(self, n: int = 1) -> None: ...

    def stage(self, key: str, total: int | None = None, unit: str | None = None,
              detail: str | None = None) -> None: ...


def stage(progress, key: str, total: int | None = None, unit: str | None = None, detail: str | None = None) -> None:
    """Tell ``progress`` that the step ``key`` begins (``total`` units of ``unit``, when known)."""
    begin = getattr(progress, "stage", None)
    if begin is not None:
        begin(key, total=None if total is None else int(total), unit=unit, detail=detail)


def advance(progress, n: int = 1) -> None:
    """Tell ``progress`` that ``n`` more units are done."""
    if progress is not None and n:
        progress(int(n))


def counted(progress, items: Iterable[T], key: str, unit: str, total: int | None = None) -> Iterator[T]:
    """``items`` one by one, as the step ``key`` counting one ``unit`` per item (the total is
    ``len(items)`` unless given)."""
    if progress is None:
        yield from items
        return
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    stage(progress, key, total=total, unit=unit)
    for item in items:
        yield item
        advance(progress, 1)
