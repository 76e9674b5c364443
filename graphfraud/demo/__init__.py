"""Seeded demo data: realistic, messy Vietnamese fraud-case files with ground truth.

    from graphfraud.demo import generate
    manifest = generate(Path("demo_case"), seed=7)

See :mod:`graphfraud.demo.generator` and ``docs/demo-data.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Manifest", "generate"]

if TYPE_CHECKING:  # pragma: no cover
    from graphfraud.demo.generator import Manifest, generate


def __getattr__(name: str):
    # Imported lazily so that ``python -m graphfraud.demo.generator`` runs cleanly.
    if name in __all__:
        from graphfraud.demo import generator

        return getattr(generator, name)
    raise AttributeError(name)
