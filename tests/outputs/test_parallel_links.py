"""Many edges of one type between the same two nodes (an account logging in thousands of times from one
device) on a graph page: a few read and drawn, one link whose count and time range count them all;
data exports keep every edge."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.analysis.subgraph import Selection, build_graph
from graphfraud.load import load_files
from graphfraud.output.exports import HTML_PER_LINK, export
from graphfraud.output.graph_payload import graph_payload
from graphfraud.store.base import Store
from graphfraud.store.parallel import cap_parallel
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv, write_json

ACCT, DEVICE = "0011223344", "DEV-A1"
DEVICE_KEY = "device:dev-a1"   # as stored
N = HTML_PER_LINK + 25


def _logins(tmp_path):
    rows = [{"STK": ACCT, "Ngân hàng": "VCB", "Thiết bị": DEVICE, "Địa chỉ IP": "1.2.3.4",
             "Thời gian": f"0{1 + i // 24}/02/2024 {i % 24:02d}:05"} for i in range(N)]
    return write_json(tmp_path / "logins.json", rows)


def test_thousands_of_logins_from_one_device_are_one_link_that_counts_them_all(tmp_path):
    f = _logins(tmp_path)
    with SQLiteStore(tmp_path / "g.db") as st_:
        load_files(st_, [f])
        g = build_graph(st_, Selection(around=ACCT), per_link=HTML_PER_LINK)
        whole = build_graph(st_, Selection(around=ACCT))
        summary = export(st_, "html", tmp_path / "page.html", Selection(around=ACCT), lang="en")
    drawn = [d for u, v, d in g.edges(data=True) if v == DEVICE_KEY]
    every = [d for u, v, d in whole.edges(data=True) if v == DEVICE_KEY]
    assert len(every) == N and len(drawn) == HTML_PER_LINK
    times = sorted(d["ts"] for d in every)
    assert sorted(d["ts"] for d in drawn) == times[:HTML_PER_LINK]   # the earliest (no amounts)
    assert all(d["parallel"] == {"n": N, "shown": HTML_PER_LINK, "amount": None, "first": times[0],
                                 "last": times[-1]} for d in drawn)
    assert not any("parallel" in d for *_, d in whole.edges(data=True))
    links = {(u, v, d["type"]) for u, v, d in whole.edges(data=True)}   # account-device, account-ip, ...
    assert g.graph["edges_total"] == whole.number_of_edges() == len(links) * N
    assert summary["edges_total"] == len(links) * N and summary["edges"] == len(links) * HTML_PER_LINK
    link = [e for e in graph_payload(g, "en")["edges"] if e["gf"]["ends"] == [f"account:{ACCT}", DEVICE_KEY]]
    assert len(link) == 1
    facts = dict(link[0]["gf"]["f"])
    assert f"{N} links" in link[0]["gf"]["f"][0][0]
    assert facts["Rows shown"] == f"the {HTML_PER_LINK} earliest of {N} (the times count them all)"
    assert "Total amount" not in facts
    assert (link[0]["gf"]["t0"], link[0]["gf"]["t1"]) == (times[0], times[-1])


def test_the_vietnamese_page_says_how_many_rows_it_shows(tmp_path):
    f = _logins(tmp_path)
    with SQLiteStore(tmp_path / "g.db") as st_:
        load_files(st_, [f])
        g = build_graph(st_, Selection(around=ACCT), per_link=HTML_PER_LINK)
    link = next(e for e in graph_payload(g, "vi")["edges"] if e["gf"]["ends"] == [f"account:{ACCT}", DEVICE_KEY])
    assert dict(link["gf"]["f"])["Số dòng hiển thị"] == \
        f"{HTML_PER_LINK} lần sớm nhất trong {N} (thời gian tính tất cả)"


def test_transfers_between_two_accounts_keep_the_largest_and_total_every_amount(tmp_path):
    other = "0099887766"
    amounts = [(i * 7919) % 97 * 10_000 + 10_000 for i in range(N)]
    rows = [[f"T{i}", f"01/03/2024 {8 + i // 60:02d}:{i % 60:02d}", ACCT, other, str(a), "CK"]
            for i, a in enumerate(amounts)]
    f = write_csv(tmp_path / "tx.csv", ["Mã GD", "Thời gian", "Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền",
                                        "Nội dung"], rows)
    with SQLiteStore(tmp_path / "g.db") as st_:
        load_files(st_, [f])
        g = build_graph(st_, Selection(around=ACCT), per_link=HTML_PER_LINK)
    drawn = [d for *_, d in g.edges(data=True) if d["type"] == "transfer"]
    assert len(drawn) == HTML_PER_LINK
    assert sorted((Decimal(d["amount"]) for d in drawn), reverse=True) == \
        [Decimal(a) for a in sorted(amounts, reverse=True)[:HTML_PER_LINK]]
    assert Decimal(drawn[0]["parallel"]["amount"]) == sum(Decimal(a) for a in amounts)
    link = next(e for e in graph_payload(g, "en")["edges"] if e["gf"]["t"] == "transfer")
    assert dict(link["gf"]["f"])["Rows shown"] == \
        f"the {HTML_PER_LINK} largest of {N} (the amount and times count them all)"


# --------------------------------------------------------------------------- the stores agree
def _random_rows(draw_seed: int, n: int):
    rnd = random.Random(draw_seed)
    nodes = [("account", f"A{i}") for i in range(4)] + [("device", "D0")]
    rows = []
    for i in range(n):
        a, b = rnd.choice(nodes[:4]), rnd.choice(nodes)
        etype = rnd.choice(["transfer", "login", "withdrawal"]) if a != b else rnd.choice(["withdrawal", "deposit"])
        amount = None if etype == "login" else str(rnd.choice([1, 5, 5, 20, 10**20 + 1]) * 1000)
        rows.append((str(i + 1), etype, a, b, rnd.choice([None, 100, 200, 300]), amount))
    return rows


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(0, 60), shown=st.one_of(st.none(), st.integers(1, 6)))
def test_a_group_keeps_its_first_rows_and_totals_them_all(seed, n, shown):
    rows = _random_rows(seed, n)
    keep, totals = cap_parallel(rows, shown)
    groups: dict = {}
    for r in rows:
        groups.setdefault((r[2], r[3], r[1]), []).append(r)
    for key, group in groups.items():
        kept = [r for r in group if r[0] in keep]
        own = key[0] == key[1] and key[2] in ("withdrawal", "deposit")
        limit = min(shown or 20, 20) if own else shown
        assert len(kept) == (len(group) if limit is None else min(len(group), limit))
        if key in totals:
            t = totals[key]
            assert t["n"] == len(group) and t["shown"] == len(kept)
            amounts = [Decimal(r[5]) for r in group if r[5] is not None]
            assert t["amount"] == (str(sum(amounts, Decimal(0))) if amounts else None)
            left = [Decimal(r[5] or 0) for r in group if r[0] not in keep]
            assert all(Decimal(r[5] or 0) >= max(left, default=Decimal(0)) for r in kept)   # the largest kept
        else:
            assert not own and len(kept) == len(group)


def test_the_embedded_store_reads_the_same_links_as_the_generic_path(tmp_path):
    rows = []
    for i in range(60):
        rows.append([f"T{i}", f"0{1 + i % 5}/03/2024 10:{i % 60:02d}", ACCT if i % 3 else "0099887766",
                     "0099887766" if i % 3 else ACCT, str(1000 * (1 + i % 7)), "CK"])
    f = write_csv(tmp_path / "tx.csv", ["Mã GD", "Thời gian", "Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền",
                                        "Nội dung"], rows)
    with SQLiteStore(tmp_path / "g.db") as st_:
        load_files(st_, [f, _logins(tmp_path)])
        keys = [("account", ACCT), ("account", "0099887766"), ("device", "dev-a1"), ("ip", "1.2.3.4")]
        rows = Store.among_ends(st_, keys)   # derived from incident, one edge at a time
        assert sorted(st_.among_ends(keys)) == sorted(rows)
        for shown in (None, 1, 3, HTML_PER_LINK):
            keep, totals = cap_parallel(rows, shown)
            want = [e.as_json() for e in Store.edges_among(st_, keys) if e.id in keep]
            fast, fast_totals = st_.links_among(keys, shown)
            assert [e.as_json() for e in fast] == want and fast_totals == totals
