"""GraphML, GEXF, JSON and CSV exports: values kept exactly for machines, formulas neutralised for
spreadsheets."""

import csv
import io
import json
import zipfile

import networkx as nx
import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.analysis.subgraph import Selection
from graphfraud.errors import NotFound, OutputError, UsageError
from graphfraud.output.exports import export
from graphfraud.output.writers import csv_tables
from tests.outputs.conftest import EVIL_HEADER, FORMULA_DESC, PHONE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _edge_values(g, name):
    return {d.get(name) for _, _, d in g.edges(data=True)}


def test_graphml_keeps_values_exact(evil_store, tmp_path):
    out = tmp_path / "g.graphml"
    r = export(evil_store, "graphml", out)
    assert r["nodes"] > 5 and r["out"] == [str(out)]
    g = nx.read_graphml(out)
    assert f"phone:{PHONE}" in g.nodes
    assert g.nodes[f"phone:{PHONE}"]["value"] == PHONE            # no apostrophe in machine formats
    assert FORMULA_DESC in _edge_values(g, "description")
    assert "+SUM(1)" in _edge_values(g, "txn_id")
    assert "transfer" in _edge_values(g, "type")
    acct = g.nodes["account:9999888877"]
    assert acct["holder_name"] == "<img src=x onerror=alert(1)>" and acct["bank"] == "MBB"
    ev = next(d["evidence"] for _, _, d in g.edges(data=True) if d.get("txn_id") == "+SUM(1)")
    assert "tx.csv, row 2" in ev


def test_gexf_reads_back_with_types_and_values(evil_store, tmp_path):
    out = tmp_path / "g.gexf"
    export(evil_store, "gexf", out)
    g = nx.read_gexf(out)
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert PHONE in labels
    assert "transfer" in _edge_values(g, "edge_type")
    assert FORMULA_DESC in _edge_values(g, "description")


def test_json_is_node_link_with_nested_props(evil_store, tmp_path):
    out = tmp_path / "g.json"
    export(evil_store, "json", out, Selection(case="VV-EVIL-1"))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["generator"].startswith("graphfraud")
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[f"phone:{PHONE}"]["value"] == PHONE
    case = nodes["case:VV-EVIL-1"]
    assert case["props"]["extra"][EVIL_HEADER] == "=cmd|' /C calc'!A0"
    assert case["focus"] is True
    assert data["graph"]["selection"] == {"case": "VV-EVIL-1", "kind": "case"}
    g = nx.node_link_graph(data, edges="edges")
    assert g.number_of_nodes() == len(data["nodes"])


def _read_csv(text: str):
    assert text.startswith("\ufeff") or not text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_neutralises_formulas_in_every_cell(evil_store, tmp_path):
    out = tmp_path / "csv"
    r = export(evil_store, "csv", out)
    assert sorted(p.rsplit("/", 1)[-1] for p in r["out"]) == ["edges.csv", "nodes.csv"]
    raw = (out / "nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read Vietnamese right
    texts = {name: (out / name).read_text(encoding="utf-8-sig") for name in ("nodes.csv", "edges.csv")}
    for name, text in texts.items():
        for row in _read_csv(text):
            for cell in row:
                assert not cell.startswith(FORMULA_START), (name, cell)
    nodes = _read_csv(texts["nodes.csv"])
    assert ["'" + PHONE] == [r[2] for r in nodes if r[0] == f"phone:{PHONE}"]
    edges = _read_csv(texts["edges.csv"])
    assert any(c == "'" + FORMULA_DESC for r in edges for c in r)
    assert any(c == "'+SUM(1)" for r in edges for c in r)
    assert nodes[0][:3] == ["id", "type", "value"]


def test_csv_zip(evil_store, tmp_path):
    out = tmp_path / "g.zip"
    export(evil_store, "csv", out)
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"]
        text = z.read("nodes.csv").decode("utf-8-sig")
    assert "'" + PHONE in text


def test_csv_tables_neutralise_tab_and_cr():
    g = nx.MultiDiGraph()
    g.add_node("person:x", type="person", value="x", label="\tcmd", props={"name": "\r=1+1", "n": "-5"})
    text = csv_tables(g)["nodes.csv"]
    rows = _read_csv(text)
    assert rows[1][3] == "'\tcmd"
    assert not any(c.startswith(FORMULA_START) for r in rows for c in r)


def test_existing_outputs_need_force(evil_store, tmp_path):
    out = tmp_path / "g.json"
    out.write_text("old")
    with pytest.raises(OutputError, match="--force"):
        export(evil_store, "json", out)
    assert out.read_text() == "old"
    export(evil_store, "json", out, force=True)
    assert json.loads(out.read_text())["nodes"]
    folder = tmp_path / "c"
    export(evil_store, "csv", folder)
    with pytest.raises(OutputError, match="--force"):
        export(evil_store, "csv", folder)


def test_selection_errors(evil_store, tmp_path):
    with pytest.raises(UsageError):
        Selection(around="x", case="y")
    with pytest.raises(UsageError):
        Selection(hops=0)
    with pytest.raises(NotFound):
        export(evil_store, "json", tmp_path / "x.json", Selection(case="NO-SUCH-CASE"))
    with pytest.raises(UsageError):
        export(evil_store, "pdf", tmp_path / "x.pdf")


def test_trace_selection_keeps_the_routes(evil_store, tmp_path):
    out = tmp_path / "t.json"
    export(evil_store, "json", out, Selection(trace="1111222233"))
    data = json.loads(out.read_text())
    ids = {n["id"] for n in data["nodes"]}
    assert {"account:1111222233", "account:9999888877", "account:5555666677"} <= ids
    assert all(e["type"] == "transfer" for e in data["edges"])
    assert any(e.get("traced_amount") for e in data["edges"])


def test_cli_export_and_errors(evil_db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "g.html"
    r = runner.invoke(cli, ["--store", str(evil_db), "export", "html", str(out), "--around", "0912 345 678",
                            "--hops", "2", "--lang", "en"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "Wrote" in r.stderr and out.exists()
    r = runner.invoke(cli, ["--store", str(evil_db), "export", "html", str(out), "--around", "0912345678"])
    assert r.exit_code == 1 and "already exists" in r.stderr and "Traceback" not in r.output
    r = runner.invoke(cli, ["--store", str(evil_db), "export", "html", str(out), "--around", "0912345678",
                            "--force"])
    assert r.exit_code == 0, r.output
    climbing = str(tmp_path / "a" / ".." / ".." / "x")
    r = runner.invoke(cli, ["--store", str(evil_db), "export", "graphml", climbing])
    assert r.exit_code == 1 and "'..'" in r.stderr
    r = runner.invoke(cli, ["--store", str(evil_db), "export", "json", str(tmp_path / "x.json"),
                            "--case", "A", "--around", "B"])
    assert r.exit_code == 2
    r = runner.invoke(cli, ["--store", str(evil_db), "export", "csv", str(tmp_path / "c.zip"),
                            "--case", "VV-EVIL-2"], catch_exceptions=False)
    assert r.exit_code == 0 and (tmp_path / "c.zip").exists()


def test_community_selection_is_the_cluster(demo_store, tmp_path):
    from graphfraud.analysis.annotations import Analyses

    comms = Analyses(demo_store).communities()
    assert comms, "community detection found no cluster on the demo"
    c = comms[0]
    out = tmp_path / "c.json"
    r = export(demo_store, "json", out, Selection(community=str(c["id"])))
    data = json.loads(out.read_text(encoding="utf-8"))
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {f"{m['type']}:{m['value']}" for m in c["members"]}
    assert r["nodes"] == c["size"]
    assert all(n.get("community") == str(c["id"]) for n in data["nodes"])
    assert data["graph"]["community"]["id"] == c["id"]
    with pytest.raises(NotFound):
        export(demo_store, "json", tmp_path / "none.json", Selection(community="99999"))
