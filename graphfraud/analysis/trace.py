"""Follow money through time-respecting transfers: where did it go (or where did it come from)?

``trace(store, "0011 2233 44")`` starts at one account and follows its outgoing
transfers. Each piece of traced money (a *parcel*: an amount sitting in an
account since a time) moves on only through a transfer **out of that account at
or after the time the money arrived** and within the dwell window
(``max_dwell``, default 72 hours). A transfer made before the money arrived is
never followed.

How a parcel moves on (amount ``A`` arrived at time ``t``):

* the candidate transfers are the account's outgoing transfers in
  ``[t, t + max_dwell]``, in time order;
* the parcel leaves through the *first* of them that together carry at least
  ``A`` (less ``fee_tolerance``, default 5%: a fee or a rounding keeps a route
  whole); if they never add up to that, through all of them;
* ``A`` is allocated over those transfers in proportion to their amounts and
  capped by each transfer's amount (a split: one in, several out). What they do
  not carry stays in the account and ends a route there;
* a transfer's amount is a capacity shared by every parcel of one trace: two
  parcels arriving separately and leaving in one transfer (a merge) never carry
  more than that transfer did.

Parcels are processed in time order. A route ends where there is no qualifying
outgoing transfer, after ``max_hops`` transfers, or when the money comes back to
an account already on the route. The end's ``kind`` says how the money left:

* ``abroad``: the receiving account is at a bank known to be abroad
  (:func:`graphfraud.normalize.bank.is_foreign`; a bank code graphfraud does not
  know is not taken for one), or the last transfer's
  description says an international transfer;
* ``cashout``: the last transfer's description or channel says a withdrawal, an
  ATM, or a crypto purchase (``rút tiền``, ``ATM``, ``USDT``, ``P2P``...);
* ``unknown``: the money stops in that account (no transfer out within the dwell
  window, or only part of it went on);
* ``busy``: the account has more than ``max_degree`` edges (default 5,000: a payment
  aggregator, a big merchant or utility); money paid into it mixes with everybody
  else's, and it is not read;
* ``max_hops`` and ``cycle``.

Descriptions never hide money that is seen moving on: a victim's payment
described ``nạp USDT`` to an account that forwards it within minutes is followed
(the description is what the victim was told, the transfers are what happened).

``backward=True`` asks where the money came from: the same rules with time
reversed (incoming transfers at or before the time the money left, latest
first). Ends are ``abroad`` (sent from a foreign bank), ``cashin`` (a cash
deposit) or ``unknown`` (the money entered the graph there).

Parcels below ``min_amount_share`` of the traced total are dropped (reported as
``untraced``), so the trace stays small on big graphs. The trace reads only the
transfers of the accounts it visits (``store.incident`` on the frontier), never
the whole graph.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

from graphfraud.analysis.trace_result import build_result, route_rows, trace_keys
from graphfraud.analysis.tracer import (
    DEFAULT_FEE_TOLERANCE,
    DEFAULT_MAX_DEGREE,
    DEFAULT_MAX_DWELL,
    DEFAULT_MAX_HOPS,
    DEFAULT_MIN_SHARE,
    MAX_PARCELS,
    Tracer,
    fmt_amount,
    hop_kind,
    is_foreign_bank,
    positive_amount,
    run_trace,
)
from graphfraud.errors import InvalidValue, NotFound, UsageError

__all__ = [
    "trace", "parse_duration", "parse_time", "DEFAULT_MAX_ROUTES",
    # the tracer and the result, importable from here too
    "DEFAULT_FEE_TOLERANCE", "DEFAULT_MAX_DEGREE", "DEFAULT_MAX_DWELL", "DEFAULT_MAX_HOPS",
    "DEFAULT_MIN_SHARE", "MAX_PARCELS", "Tracer", "fmt_amount", "hop_kind", "is_foreign_bank",
    "positive_amount", "run_trace", "build_result", "route_rows", "trace_keys",
]

DEFAULT_MAX_ROUTES = 200


def parse_duration(value) -> int:
    """Seconds of a duration: ``48h``, ``90m``, ``2d``, ``1d12h``, ``3600`` (seconds), a timedelta."""
    if value is None:
        return DEFAULT_MAX_DWELL
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value <= 0:
            raise UsageError(f"a duration must be positive, not {value}")
        return int(value)
    text = str(value).strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return parse_duration(float(text))
    units = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
    parts = re.findall(r"(\d+(?:\.\d+)?)(w|d|h|min|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise UsageError(f"not a duration: {value!r} (write e.g. 48h, 90m, 2d, 1d12h)")
    total = sum(float(n) * units[u[0]] for n, u in parts)
    if total <= 0:
        raise UsageError(f"a duration must be positive, not {value!r}")
    return int(total)


def parse_time(value) -> int | None:
    """Epoch seconds of any timestamp spelling graphfraud reads (``01/03/2024``, ISO, epoch...)."""
    if value is None or value == "":
        return None
    from graphfraud.normalize.timestamp import normalize, to_epoch

    if isinstance(value, datetime):
        return to_epoch(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 100_000:
        return int(value)
    try:
        return int(normalize(str(value)).props["epoch"])
    except InvalidValue as exc:
        raise UsageError(f"not a time: {value!r} ({exc.reason})") from None


def _source_key(store, account_text) -> tuple[str, str]:
    from graphfraud.resolve import resolve

    if isinstance(account_text, tuple):
        key = tuple(account_text)
        if not store.nodes([key]):
            raise NotFound(f"{key[0]} {key[1]} is not in the graph")
        return key
    hits = resolve(store, str(account_text))
    accounts = [h for h in hits if h[0] == "account"]
    if not accounts:
        raise UsageError(f"{account_text!r} is not an account in the graph (found: "
                         f"{', '.join(f'{t} {v}' for t, v in hits)}); trace follows money from an account")
    return accounts[0]


def trace(store, account_text, since=None, max_hops: int = DEFAULT_MAX_HOPS, max_dwell=DEFAULT_MAX_DWELL,
          backward: bool = False, min_amount_share: float = DEFAULT_MIN_SHARE, until=None,
          fee_tolerance: float = DEFAULT_FEE_TOLERANCE, max_routes: int | None = DEFAULT_MAX_ROUTES,
          evidence: bool = True, max_degree: int | None = DEFAULT_MAX_DEGREE) -> dict:
    """Follow the money of one account forward (where it went) or backward (where it came from).

    ``since`` / ``until`` (any timestamp spelling) bound the transfers the trace
    starts with (forward: the account's outgoing transfers; backward: its
    incoming ones); backward, ``since`` also bounds every earlier hop.
    ``max_dwell``: how long money may sit in an account before it moves on
    (``48h``, ``90m``, ``2d`` or seconds). Returns ``{source, params, routes,
    endpoints, summary}``; each hop carries the traced amount, the transfer's own
    amount, its time, txn id and the file/sheet/row that states it.
    """
    if max_hops < 1:
        raise UsageError("--max-hops must be at least 1")
    if not 0 <= min_amount_share < 1:
        raise UsageError("min_amount_share must be in [0, 1)")
    dwell = parse_duration(max_dwell)
    t_since, t_until = parse_time(since), parse_time(until)
    source = _source_key(store, account_text)
    tr = Tracer(store, backward, max_hops, dwell, Decimal(str(min_amount_share)), fee_tolerance,
                t_since, t_until, max_degree=max_degree)
    tr.run(source)
    return build_result(store, tr, source, dwell, t_since, t_until, max_routes, evidence)
