"""Mule flags scored on labelled transfer files that others wrote.

Public anti-money-laundering data sets label each transfer, not each account: IBM's AMLworld
(``Is Laundering``), SAML-D (``Is_laundering``), PaySim and AMLSim's transactions (``isFraud``,
``isSAR``). ``graphfraud evaluate --labelled FILE`` loads such a file as any transfers export is
loaded (the label column, one of ``LABEL_HEADERS`` in :mod:`graphfraud.loaders.fields`, is read
as nothing there), then reads the labels here, apart from the load: an account is
a positive when it sends or receives at least one labelled transfer, a negative otherwise. The
mule scores are measured against them as on AMLSim (:func:`graphfraud.analysis.evaluate.scored_against_labels`).

The labels mark the transfers of laundering patterns, so the positives include accounts that
only paid into or were paid from a pattern once: a stricter class than mules alone, and one the
transfer structure cannot always tell apart.
"""

from __future__ import annotations

from pathlib import Path

from graphfraud.analysis.evaluate_files import account_key, tables_as
from graphfraud.loaders.fields import LABEL_HEADERS
from graphfraud.normalize.base import fold

__all__ = ["evaluate_labelled", "labelled_accounts"]

_LABELS = frozenset(fold(h) for h in LABEL_HEADERS)
_TRUE = frozenset(("1", "1.0", "true", "yes", "y", "t"))


def labelled_accounts(path: Path) -> tuple[set, set]:
    """(accounts of at least one labelled transfer, the file's other accounts), as graphfraud keys
    them. The sender and receiver columns are found as ``load`` finds them; a file without a label
    column is refused."""
    from graphfraud.errors import UsageError

    positives: set = set()
    seen: set = set()
    for table, cols in tables_as(path, "transactions"):
        label = next((i for i, h in enumerate(table.headers) if fold(h) in _LABELS), None)
        if label is None:
            raise UsageError(f"{path}: no label column ({', '.join(LABEL_HEADERS)})")
        frame = table.rows
        for sender, receiver, flag in zip(frame[cols["from_account"]], frame[cols["to_account"]], frame[label]):
            ends = {k for k in (account_key(sender), account_key(receiver)) if k is not None}
            seen |= ends
            if str(flag).strip().lower() in _TRUE:
                positives |= ends
    return positives, seen - positives


def evaluate_labelled(path: Path, workdir: Path, progress=None, labels: tuple[set, set] | None = None) -> dict:
    """Load one labelled transfers file (kind and columns detected as ``load`` detects them) and
    score the mule flags against its labels (see the module doc; ``labels``: what
    :func:`labelled_accounts` gave for it, if read already)."""
    from graphfraud.analysis.evaluate import scored_against_labels

    path = Path(path)
    positives, negatives = labels if labels is not None else labelled_accounts(path)
    return scored_against_labels(f"labelled/{path.name}", [path], positives, negatives,
                                 Path(workdir) / f"labelled-{path.stem}" / "graphfraud.db", progress,
                                 kind="transactions")
