"""Normalisers: one raw cell → one canonical value (or a reject with a reason).

Each identifier type has its module (``phone``, ``account``, ``bank``, ``ip``,
``device``, ``social``, ``email``, ``url``, ``national_id``, ``amount``,
``timestamp``, ``person``). :data:`NORMALIZERS` maps a type name to its
``normalize`` function and :func:`normalize` calls one by name. Importing this
package is light: a type's module (and phonenumbers, the GeoIP database,
pandas...) is loaded the first time that type is used.

>>> normalize("phone", "0912 345 678").value
'+84912345678'
>>> normalize("bank", "vietcom bank").value
'VCB'
>>> sorted(NORMALIZERS) == sorted(TYPES)
True
>>> normalize("colour", "red")
Traceback (most recent call last):
...
KeyError: "unknown value type 'colour'; known: phone, account, bank, ip, device, social, email, url, national_id, amount, timestamp, person"
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from graphfraud.normalize.base import Normalized, clean_text, fold, is_missing

__all__ = ["Normalized", "NORMALIZERS", "TYPES", "normalize", "clean_text", "fold", "is_missing"]

TYPES: tuple[str, ...] = ("phone", "account", "bank", "ip", "device", "social", "email", "url",
                          "national_id", "amount", "timestamp", "person")


class _Lazy:
    """A module's ``normalize`` function, imported on first call."""

    __slots__ = ("module", "func")

    def __init__(self, module: str) -> None:
        self.module = module
        self.func: Callable[..., Normalized] | None = None

    def __call__(self, raw: Any, **kw: Any) -> Normalized:
        func = self.func
        if func is None:
            func = self.func = importlib.import_module(f"graphfraud.normalize.{self.module}").normalize
        return func(raw, **kw)

    def __repr__(self) -> str:
        return f"<normalizer {self.module}>"


NORMALIZERS: dict[str, Callable[..., Normalized]] = {name: _Lazy(name) for name in TYPES}


def normalize(type_name: str, raw: Any, **kw: Any) -> Normalized:
    """Normalise ``raw`` as a value of ``type_name`` (keyword options go to that type's normaliser).

    Raises :class:`~graphfraud.errors.InvalidValue` for a value that cannot be
    normalised and ``KeyError`` for an unknown type name.
    """
    try:
        func = NORMALIZERS[type_name]
    except KeyError:
        raise KeyError(f"unknown value type {type_name!r}; known: {', '.join(TYPES)}") from None
    return func(raw, **kw)
