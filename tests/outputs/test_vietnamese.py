"""Every word in Vietnamese: the demo's tables, notes, reasons, report and page under ``--lang vi`` hold
none of the English words of the reasons' sentences, and JSON keeps machine values whatever the language.

The English words are taken from the catalogues themselves (every English reason template and
transfer-shape sentence: its words of five letters or more that are not fields, not in backticks and
not in the Vietnamese templates), less the words that stand in the case files the demo wrote (names,
narratives, handles are data, shown as written), the command words a page reproduces
(``graphfraud --store ... report``) and the node types of identifiers written ``type:value``.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from click.testing import CliRunner

from cli import cli

COMMAND_WORDS = {"store", "report", "export", "organizers", "communities", "format", "force"}


def english_reason_words() -> set[str]:
    from graphfraud.analysis.reason_text import REASONS
    from graphfraud.analysis.structure import SIGNAL_TEXT

    pairs = list(REASONS.values()) + list(SIGNAL_TEXT.values())
    en = re.sub(r"\{[^}]*\}|`[^`]*`", " ", " ".join(p[0] for p in pairs))
    vi = " ".join(p[1] for p in pairs).lower()
    words = {w.lower().removesuffix("'s").strip("'") for w in re.findall(r"[A-Za-z']{5,}", en)}
    return {w for w in words if len(w) >= 5 and w not in vi}


def data_words(folder) -> set[str]:
    """Words of five letters or more in the case files the demo wrote (and so in its store)."""
    import openpyxl

    words: set[str] = set()
    for f in sorted((folder / "data").glob("*")):
        if f.name == "ground_truth.json":   # the generator's answers, not a case file
            continue
        if f.suffix in (".csv", ".json", ".txt"):
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{5,}", f.read_text(encoding="utf-8", errors="ignore"))}
        elif f.suffix == ".xlsx":
            wb = openpyxl.load_workbook(f, read_only=True)
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    words |= {w.lower() for c in row if c is not None for w in re.findall(r"[A-Za-z]{5,}", str(c))}
    return words


@pytest.fixture(scope="module")
def words(demo_db) -> set[str]:
    from graphfraud.model import NODE_TYPES

    # node types name identifiers as an analyst types them (social:zalo:..., account:...): not prose
    found = english_reason_words() - data_words(demo_db.parent) - COMMAND_WORDS - set(NODE_TYPES)
    assert {"received", "inflow", "suspicious", "layering", "victims"} <= found   # the list is not empty by mistake
    return found


def english_in(text: str, words: set[str]) -> dict[str, str]:
    low = text.lower()
    out = {}
    for w in sorted(words):
        m = re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low)
        if m:
            out[w] = text[max(0, m.start() - 60): m.end() + 40]
    return out


def page_text(path) -> str:
    """What a page shows: its text outside scripts and styles, and the texts its graphs' data put in
    tooltips and the details panel (types, facts, scores, reasons, hints, the page's strings)."""
    raw = path.read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>|<style.*?</style>", " ", raw,
                                                            flags=re.DOTALL)))
    extra = []
    for blob in re.findall(r'<script type="application/json" class="gf-data">(\{.*?)</script>', raw, re.DOTALL):
        data = json.loads(blob)
        for n in data.get("nodes", []):
            gf = n.get("gf", {})
            extra += [gf.get("tn") or "", gf.get("hint") or ""] + [f"{a} {b}" for a, b in gf.get("f", [])]
            for r in gf.get("r", []):
                extra += [r["title"], *r.get("items", [])]
        extra += [str(v) for v in (data.get("strings") or {}).values()]
    return shown + "\n" + "\n".join(extra)


def vi(db, *args):
    r = CliRunner().invoke(cli, ["--store", str(db), "--lang", "vi", *args], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.stdout + "\n" + r.stderr


def a_phone(db) -> str:
    from graphfraud.analysis.graphview import GraphView
    from graphfraud.store.sqlite import SQLiteStore

    with SQLiteStore(db) as s:
        gv = GraphView.from_store(s)
        return min(gv.values[i] for i in gv.nodes_of_type("phone") if gv.values[i].startswith("+84"))


def test_vietnamese_outputs_of_the_demo_hold_no_english_reason_words(demo_db, words, tmp_path):
    from graphfraud.analysis.mules import mules
    from graphfraud.store.sqlite import SQLiteStore

    with SQLiteStore(demo_db) as s:
        top = mules(s, explain=False)[0]["value"]
    tables = {
        "mules": vi(demo_db, "mules"),
        "mules --explain": vi(demo_db, "mules", "--explain"),
        "organizers": vi(demo_db, "organizers"),
        "communities": vi(demo_db, "communities"),
        "link-cases": vi(demo_db, "link-cases"),
        "find": vi(demo_db, "find", a_phone(demo_db)),
        "trace": vi(demo_db, "trace", top),
    }
    vi(demo_db, "report", str(tmp_path / "r.html"))
    vi(demo_db, "report", str(tmp_path / "r.md"))
    vi(demo_db, "export", "html", str(tmp_path / "around.html"), "--around", top, "--hops", "2")
    vi(demo_db, "export", "html", str(tmp_path / "all.html"))
    outputs = {**tables, "report html": page_text(tmp_path / "r.html"),
               "report md": (tmp_path / "r.md").read_text(encoding="utf-8"),
               "export html --around": page_text(tmp_path / "around.html"),
               "export html": page_text(tmp_path / "all.html")}
    found = {name: english_in(text, words) for name, text in outputs.items()}
    assert not any(found.values()), {k: v for k, v in found.items() if v}
    # ... and they are in Vietnamese: reasons, headers, money as people write it
    assert "Lý do" in tables["mules"] and "Lý do" in tables["organizers"]
    assert "Bằng chứng" in tables["mules --explain"] and " dòng " in tables["mules --explain"]
    assert "bị hại đã trình báo" in vi(demo_db, "mules", "--format", "csv")   # a table wraps its lines
    assert "tài khoản trung gian" in vi(demo_db, "organizers", "--format", "csv")
    assert re.search(r"\d{1,3}(\.\d{3})+ ₫", tables["communities"])
    assert "Kho dữ liệu:" in tables["find"]
    for name in ("report html", "report md", "export html"):
        assert "bị hại đã trình báo" in outputs[name], name


def test_english_stays_english_and_json_keeps_machine_values(demo_db):
    r = CliRunner().invoke(cli, ["--store", str(demo_db), "--lang", "en", "mules", "--format", "json"])
    en = json.loads(r.stdout)
    r = CliRunner().invoke(cli, ["--store", str(demo_db), "--lang", "vi", "mules", "--format", "json"])
    vi_ = json.loads(r.stdout)
    assert [m["value"] for m in en] == [m["value"] for m in vi_]
    for a, b in zip(en, vi_):
        for ra, rb in zip(a["reasons"], b["reasons"]):
            assert (ra["key"], ra["params"]) == (rb["key"], rb["params"])   # the machine part is the same
            assert ra["text"] != rb["text"] or not ra["params"]
    amounts = []
    for m in vi_:
        for r in m["reasons"]:
            amounts += [v for k, v in r["params"].items() if k in ("amount", "traced") and v is not None]
            ev = r.get("evidence") or {}
            amounts += list((ev.get("amounts") or {}).values())
            amounts += [t["amount"] for t in ev.get("transfers") or [] if t.get("amount") is not None]
    assert amounts and all(isinstance(a, str) and re.fullmatch(r"-?\d+(\.\d+)?", a) for a in amounts), \
        [a for a in amounts if not (isinstance(a, str) and re.fullmatch(r"-?\d+(\.\d+)?", a))][:5]
    assert any("₫" in r["text"] for m in vi_ for r in m["reasons"])
    assert any("VND" in r["text"] for m in en for r in m["reasons"])


def test_communities_with_cases_are_few_sorted_and_say_what_was_left_out(demo_db):
    from decimal import Decimal

    r = CliRunner().invoke(cli, ["--store", str(demo_db), "communities", "--with-cases", "--format", "json"])
    found = json.loads(r.stdout)
    every = json.loads(CliRunner().invoke(cli, ["--store", str(demo_db), "communities", "--format",
                                                "json"]).stdout)
    assert found and all(c["cases"] for c in found)
    assert {c["id"] for c in found} == {c["id"] for c in every if c["cases"]}
    money = [sum(Decimal(c[k]) for k in ("money_in", "money_out", "money_internal")) for c in found]
    assert money == sorted(money, reverse=True)
    table = vi(demo_db, "communities", "--with-cases", "--limit", "1")
    assert f"Còn {len(found) - 1} cụm chưa hiển thị (trên tổng {len(found)})" in table
    assert table.count(f"│ {found[0]['id']} ") >= 1
    table = CliRunner().invoke(cli, ["--store", str(demo_db), "--lang", "en", "communities", "--limit", "2"])
    assert f"{len(every) - 2} more cluster(s) not shown (of {len(every)})" in table.stderr
