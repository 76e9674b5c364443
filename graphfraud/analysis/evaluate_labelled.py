"""Mule flags scored on labelled transfer files that others wrote.

Public anti-money-laundering data sets label each transfer, not each account: IBM's AMLworld
(``Is Laundering``), SAML-D (``Is_laundering``), PaySim and AMLSim's transactions (``isFraud``,
``isSAR``). ``graphfraud evaluate --labelled FILE`` loads such a file as any transfers export is
loaded (the label column is read as nothing there: see ``IGNORED_HEADERS`` in
:mod:`graphfraud.loaders.fields`), then reads the labels here, apart from the load: an account is
a positive when it sends or receives at least one labelled transfer, a negative otherwise. The
mule scores are measured against them as on AMLSim (:func:`graphfraud.analysis.evaluate.scored_against_labels`).

The labels mark the transfers of laundering patterns, so the positives include accounts that
only paid into or were paid from a pattern once: a stricter class than mules alone, and one the
transfer structure cannot always tell apart.
"""

from __future__ import annotations

from pathlib import Path

from graphfraud.normalize.base import fold

__all__ = ["LABEL_HEADERS", "evaluate_labelled", "labelled_accounts"]

LABEL_HEADERS = ("Is Laundering", "Is_laundering", "isFraud", "isSAR")
_LABELS = frozenset(fold(h) for h in LABEL_HEADERS) | {"islaundering", "is fraud", "is sar"}
_TRUE = frozenset(("1", "1.0", "true", "yes", "y", "t"))


def labelled_accounts(path: Path) -> tuple[set, set]:
    """(accounts of at least one labelled transfer, the file's other accounts), as graphfraud keys
    them. The sender and receiver columns are found as ``load`` finds them; a file without a label
    column is refused."""
    from graphfraud.errors import InvalidValue, UsageError
    from graphfraud.loaders.detect import detect, header_score
    from graphfraud.loaders.read import read_tables
    from graphfraud.normalize import normalize

    path = Path(path)
    keys: dict[str, str | None] = {}

    def key(raw: str) -> str | None:
        if raw not in keys:
            try:
                keys[raw] = normalize("account", raw).value if raw.strip() else None
            except (InvalidValue, ValueError):   # a reject at load: in no class
                keys[raw] = None
        return keys[raw]

    positives: set = set()
    seen: set = set()
    for table in read_tables(path, header_score):
        label = next((i for i, h in enumerate(table.headers) if fold(h) in _LABELS), None)
        if label is None:
            raise UsageError(f"{path}: no label column ({', '.join(LABEL_HEADERS)})")
        cols = {f: i for i, f in detect(table.headers, kind="transactions", source=path.name).columns.items()}
        frame = table.rows
        for sender, receiver, flag in zip(frame[cols["from_account"]], frame[cols["to_account"]], frame[label]):
            ends = {k for k in (key(str(sender)), key(str(receiver))) if k is not None}
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
