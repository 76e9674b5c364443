"""The named query files: parsing, parameter checks, placeholders, typed --param values."""

from __future__ import annotations

import pytest

from graphfraud import queries
from graphfraud.errors import QueryError, UsageError

pytestmark = pytest.mark.neo4j


def test_every_package_query_loads_and_declares_what_it_uses():
    qs = queries.load_queries()
    assert {"upsert_nodes", "merge_edges", "shortest_path", "incident", "constraint_entity_key",
            "neighbours"} <= set(qs)
    for q in qs.values():
        assert q.file.startswith("cypher/") and q.line >= 1
        assert set(q.params) == set(queries.used_params(q.text)), q.name
        assert q.doc, q.name


def test_undeclared_parameter_names_file_and_line(tmp_path):
    p = tmp_path / "mine.cypher"
    p.write_text("// name: ok\n// params: $a\nRETURN $a\n\n// name: bad\n// doc: x\n// params: $a\n"
                 "MATCH (n)\nWHERE n.x = $a AND n.y = $b\nRETURN n\n", encoding="utf-8")
    with pytest.raises(QueryError) as err:
        queries.load_file(p)
    assert f"{p}:9:" in str(err.value) and "$b" in str(err.value) and "'bad'" in str(err.value)


def test_unused_declared_parameter_names_file_and_line(tmp_path):
    p = tmp_path / "mine.cypher"
    p.write_text("// name: bad\n// params: $a, $unused\nRETURN $a\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"mine\.cypher:2: .*\$unused"):
        queries.load_file(p)


def test_parameters_in_strings_and_comments_do_not_count():
    text = "// name: q\n// params: $a\nRETURN $a, 'costs $5' AS s // not $b\n/* $c */"
    q = queries.parse_text(text, "f")[0]
    assert q.params == ("a",)


def test_headerless_file_takes_the_parameters_it_uses(tmp_path):
    p = tmp_path / "top.cypher"
    p.write_text("MATCH (n:Entity {key: $key})\nRETURN n.key AS key LIMIT $n;\n", encoding="utf-8")
    (q,) = queries.load_file(p)
    assert q.name == "top" and q.params == ("key", "n")


def test_placeholders_only_take_the_models_allow_list():
    q = queries.get("upsert_nodes")
    assert "MERGE (n:Phone {value: r.value})" in q.render(label="phone")
    assert "MERGE (n:Account" in q.render(label="Account")
    for bad in ("Phone) DETACH DELETE (x", "Load", None, "phone`"):
        with pytest.raises(QueryError):
            q.render(label=bad)
    with pytest.raises(QueryError):
        queries.get("merge_edges").render(rel="KNOWS")
    sp = queries.get("shortest_path")
    assert "*..4]" in sp.render(max_hops=4)
    with pytest.raises(QueryError):
        sp.render(max_hops="4; MATCH (n) DETACH DELETE n")


def test_unknown_placeholder_and_two_statements_are_refused():
    with pytest.raises(QueryError, match=r"f:3: .*\{who\}"):
        queries.parse_text("// name: q\n// params: none\nMATCH (n:{who}) RETURN n", "f")
    with pytest.raises(QueryError, match="more than one statement"):
        queries.parse_text("// name: q\n// params: none\nRETURN 1; RETURN 2", "f")


def test_defaults_and_typed_params():
    q = queries.get("neighbours")
    assert q.defaults == {"limit": 100}
    got = queries.parse_param_args(["a=1", "b:int=2", "c:float=2.5", "d:json={\"x\": [1]}", "e:bool=no"])
    assert got == {"a": "1", "b": 2, "c": 2.5, "d": {"x": [1]}, "e": False}
    with pytest.raises(UsageError):
        queries.parse_param_args(["b:int=two"])
    with pytest.raises(UsageError):
        queries.parse_param_args(["novalue"])
