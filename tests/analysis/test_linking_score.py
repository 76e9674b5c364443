"""Link scores by evidence family: shared infrastructure alone never links two cases, whatever its amount."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.analysis.linking import DEFAULT_THRESHOLD
from graphfraud.analysis.linking_score import CLOSE_DEPTH, INFRA_CAP, families, score
from graphfraud.store.base import Edge


def _chain(case: str, transfers: int, login: bool = False) -> list[dict]:
    """case -> victim account -> ``transfers`` accounts (-> a device): hops as the postings build them."""
    hops = [{"edge": Edge(f"m{case}", "mention", ("case", case), ("account", f"v{case}"), None, None, {}),
             "from": ("case", case), "to": ("account", f"v{case}")}]
    here = ("account", f"v{case}")
    for i in range(transfers):
        nxt = ("account", f"{case}{i}")
        hops.append({"edge": Edge(f"t{case}{i}", "transfer", here, nxt, 0, "1", {}), "from": here, "to": nxt})
        here = nxt
    if login:
        hops.append({"edge": Edge(f"l{case}", "login", here, ("device", "d"), 0, None, {}), "from": here,
                     "to": ("device", "d")})
    return hops


_weights = st.floats(0.05, 1.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_weights, st.integers(CLOSE_DEPTH + 1, 6)), max_size=6),
       st.lists(st.tuples(_weights, st.integers(0, 6)), max_size=6))
def test_infrastructure_alone_stays_below_the_threshold(deep_money, devices):
    items = {}
    for i, (w, depth) in enumerate(deep_money):
        items[("money_flow", ("account", f"x{i}"))] = (w, _chain("a", depth), _chain("b", depth), None)
    for i, (w, depth) in enumerate(devices):
        items[("device_reuse", ("device", f"d{i}"))] = (w, _chain("a", depth, True), _chain("b", 1, True),
                                                        (f"a{i}", f"b{i}"))
    assert set(families(items)) <= {"infrastructure"}
    assert score(items) <= INFRA_CAP < DEFAULT_THRESHOLD


@settings(max_examples=200, deadline=None)
@given(_weights, st.integers(1, CLOSE_DEPTH), st.lists(_weights, max_size=4))
def test_close_money_counts_once_and_infrastructure_only_adds(w, depth, deep):
    items = {("money_flow", ("account", "m")): (w, _chain("a", depth), _chain("b", depth), None)}
    items[("money_flow", ("account", "m2"))] = (w / 2, _chain("a", depth), _chain("b", 1), None)
    close = score(items)
    assert close == pytest.approx(w)     # the strongest close meeting, not a sum over the accounts downstream
    for i, dw in enumerate(deep):
        items[("device_reuse", ("device", f"d{i}"))] = (dw, _chain("a", 1, True), _chain("b", 1, True), (i, i))
    assert close <= score(items) <= 1 - (1 - w) * (1 - INFRA_CAP) + 1e-12
    # the same deep meeting counts as close when the mules upstream of it are tied
    deep_item = {("money_flow", ("account", "x")): (w, _chain("a", 4), _chain("b", 4), None)}
    assert score(deep_item) == pytest.approx(min(w, INFRA_CAP))
    assert score(deep_item, tied={("account", "x")}) == pytest.approx(w)
