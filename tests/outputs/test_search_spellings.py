"""Search as officers type: any spelling of a phone, any case of a case id, names without accents or case,
for ``find``, ``path``, ``export --around`` and the keys the HTML page searches on."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli import cli
from graphfraud.normalize.base import fold
from graphfraud.output.search_keys import search_keys
from graphfraud.resolve import resolve


def spellings(phone: str) -> list[str]:
    """``+84361760419`` as officers write it: 0361 760 419, 0361760419, 84361760419, +84 361 760 419."""
    national = phone[3:]
    local = "0" + national
    return [f"{local[:4]} {local[4:7]} {local[7:]}", local, phone[1:],
            f"+84 {national[:3]} {national[3:6]} {national[6:]}", f"{local[:4]}.{local[4:7]}.{local[7:]}"]


def demo_facts(store):
    """A Vietnamese phone, a case id and an accented person name of the demo store."""
    from graphfraud.analysis.graphview import GraphView

    gv = GraphView.from_store(store)
    phone = min(gv.values[i] for i in gv.nodes_of_type("phone") if gv.values[i].startswith("+84"))
    case = min(gv.values[i] for i in gv.nodes_of_type("case"))
    people = sorted(((gv.props_of(int(i)) or {}).get("name", ""), gv.values[i]) for i in gv.nodes_of_type("person"))
    name, person = next((n, v) for n, v in people if n and not n.isascii())
    return phone, case, name, person


def test_every_spelling_of_a_phone_a_case_id_and_a_name_resolves(demo_store):
    phone, case, name, person = demo_facts(demo_store)
    for text in spellings(phone):
        assert ("phone", phone) in resolve(demo_store, text), text
    for text in (case.lower(), case.upper(), case.title()):
        assert resolve(demo_store, text)[0] == ("case", case), text
    for text in (fold(name), fold(name).upper(), name.upper(), f"  {name.lower()}  "):
        assert ("person", person) in resolve(demo_store, text), text


def test_a_victims_name_without_accents_finds_her_report(demo_store):
    from graphfraud.analysis.graphview import GraphView

    gv = GraphView.from_store(demo_store)
    named = sorted(((gv.props_of(int(i)) or {}).get("victim_name"), gv.values[i]) for i in gv.nodes_of_type("case")
                   if (gv.props_of(int(i)) or {}).get("victim_name"))
    victim, case = next((n, c) for n, c in named if not n.isascii())
    assert ("case", case) in resolve(demo_store, fold(victim))


def test_find_path_and_export_around_take_any_spelling(demo_db, tmp_path):
    from graphfraud.store.sqlite import SQLiteStore

    with SQLiteStore(demo_db) as s:
        phone, case, name, person = demo_facts(s)

    def run(*args):
        r = CliRunner().invoke(cli, ["--store", str(demo_db), *args], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return r

    local = spellings(phone)[0]
    found = json.loads(run("find", local, "--format", "json").stdout)
    assert found["matches"][0]["value"] == phone
    found = json.loads(run("find", fold(name), "--format", "json").stdout)
    assert ("person", person) in {(m["type"], m["value"]) for m in found["matches"]}
    p = json.loads(run("path", case.lower(), fold(name).upper(), "--format", "json").stdout)
    assert p["length"] >= 1
    out = tmp_path / "around.json"
    r = run("export", "json", str(out), "--around", local)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert any(n.get("value") == phone for n in data["nodes"]), r.stderr


def test_search_keys_hold_the_local_phone_and_the_folded_name():
    assert search_keys("phone", "+84361760419", {}) == ["+84361760419", "84361760419", "0361760419"]
    keys = search_keys("person", "001092012345", {"name": "Hồ Quang Khánh", "national_id": "001092012345"})
    assert "ho quang khanh" in keys and "001092012345" in keys
    assert "tran thi dung" in search_keys("account", "0011", {"holder_name": "TRẦN THỊ DŨNG"})
    assert search_keys("case", "VV-2024-0001", {"victim_name": "Đỗ Văn Đạt"}) == ["vv-2024-0001", "do van dat"]
    assert "0912345678" in search_keys("social", "zalo:+84912345678", {})
