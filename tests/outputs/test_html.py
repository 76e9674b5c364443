"""The HTML graph page, statically: escaping, CSP, nothing remote, caps and placeholders."""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from graphfraud.analysis.annotations import Analyses
from graphfraud.analysis.subgraph import Selection, build_graph
from graphfraud.errors import OutputError
from graphfraud.output import html as H
from graphfraud.output.exports import export
from tests.outputs.conftest import EVIL_CLOSE, EVIL_HEADER, EVIL_IMG, EVIL_SCRIPT

URL_ATTRS = {"src", "href", "action", "formaction", "poster", "background", "data", "xlink:href", "srcset",
             "ping", "cite", "longdesc", "manifest", "icon", "codebase", "archive", "profile", "usemap"}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []          # (tag, attrs)
        self.scripts = []       # text of each script element
        self._in = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = []

    def handle_endtag(self, tag):
        if tag == "script" and self._in is not None:
            self.scripts.append(("".join(self._in), self.tags[-1][1] if self.tags else {}))
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._in.append(data)


def parse(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    return p


def check_page_is_offline_and_locked(page: str) -> Tags:
    """No remote reference anywhere, a CSP that allows exactly the inline scripts present."""
    tags = parse(page)
    for tag, attrs in tags.tags:
        assert tag not in ("link", "iframe", "frame", "object", "embed", "base", "img", "audio", "video"), tag
        for name, value in attrs.items():
            if name in URL_ATTRS:
                assert value is not None and not re.match(r"\s*([a-z][a-z0-9+.-"
                                                          r"]*:)?//", value, re.IGNORECASE), (tag, name, value)
                scheme = value.strip().lower()
                assert not scheme.startswith(("javascript:", "http:", "https:")), (tag, name, value)
            assert not name.startswith("on"), (tag, name)   # no inline event handlers at all
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "bootstrap" not in page.lower()
    assert "@import" not in page and not re.search(r"url\(\s*['\"]?\s*(https?:|//)", page, re.IGNORECASE)
    metas = [a for t, a in tags.tags
             if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(metas) == 1
    policy = metas[0]["content"]
    # the CSP comes before every style and script
    head = page[:page.index("<style")]
    assert "Content-Security-Policy" in head and "<script" not in head
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    assert directives["img-src"] == "data:"
    executable = [s for s, attrs in tags.scripts if attrs.get("type") in (None, "", "text/javascript")]
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
              for s in executable}
    assert hashes == set(directives["script-src"].split())
    assert not [t for t, a in tags.tags if t == "script" and a.get("src")]
    return tags


def test_json_for_script_cannot_break_out():
    data = {"a": EVIL_CLOSE, "b": "<!-- x --> & \u2028\u2029", "c": "</SCRIPT >"}
    text = H.json_for_script(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == data


def test_esc_escapes_markup_and_quotes():
    assert H.esc(EVIL_IMG) == "&lt;img src=x onerror=alert(1)&gt;"
    assert H.esc('"\'') == "&quot;&#x27;"


def test_assert_offline_refuses_remote_references():
    for bad in ['<script src="https://cdn.example/x.js"></script>', '<link rel="stylesheet" href="x.css">',
                '<img src="//evil/x.png">', '<style>@import "x.css";</style>',
                '<div style="background:url(http://x)">',
                '<iframe src="x"></iframe>']:
        with pytest.raises(OutputError):
            H.assert_offline('<meta http-equiv="Content-Security-Policy" content="x">' + bad)
    with pytest.raises(OutputError):
        H.assert_offline("<p>no policy</p>")


def test_vis_network_is_inlined_from_pyvis():
    import pyvis

    page = H.page("t", "<p>x</p>", "en")
    vis = (H._vis_dir() / "vis-network.min.js").read_text(encoding="utf-8")
    assert vis in page
    assert str(H._vis_dir()).startswith(str(__import__("pathlib").Path(pyvis.__file__).parent))


def test_evil_values_are_escaped_in_the_graph_page(evil_store, tmp_path):
    for sel in (Selection(), Selection(case="VV-EVIL-1"), Selection(around="0912345678", hops=2)):
        out = tmp_path / f"g-{sel.kind}.html"
        export(evil_store, "html", out, sel, lang="en", command="graphfraud export html x.html --around "
                                                                "'<b>x</b>'")
        page = out.read_text(encoding="utf-8")
        tags = check_page_is_offline_and_locked(page)
        for raw in (EVIL_IMG, EVIL_SCRIPT, EVIL_CLOSE, EVIL_HEADER, "<b>An</b>", "<b>x</b>"):
            assert raw not in page, raw
        # the data is there, escaped in the JSON block
        data = [json.loads(s) for s, a in tags.scripts if a.get("type") == "application/json"]
        assert len(data) == 1
        text = json.dumps(data[0], ensure_ascii=False)
        if sel.kind == "all":
            assert "<img src=x onerror=alert(1)>" in text  # holder name, as data, shown with textContent
        # no element or handler came from the data
        assert not [t for t, a in tags.tags if t in ("img", "b", "i")]


def test_page_title_and_heading_are_escaped(evil_store, tmp_path):
    g = build_graph(evil_store, Selection(case="VV-EVIL-2"), Analyses(evil_store, enabled=False))
    g.graph["selection"] = {"kind": "around", "around": EVIL_SCRIPT, "hops": 1}
    page = H.graph_page(g, "en", command=EVIL_CLOSE)
    assert EVIL_SCRIPT not in page and EVIL_CLOSE not in page
    assert "<title>Around &lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt; (1 hops)" in page
    check_page_is_offline_and_locked(page)


def test_tooltips_are_built_as_text_not_html():
    js = H.asset("graph.js")
    assert "innerHTML" not in js and "outerHTML" not in js and "insertAdjacentHTML" not in js
    assert "document.write" not in js and "eval(" not in js and "new Function" not in js
    assert "textContent" in js


def busiest(store, node_type: str = "account") -> str:
    """The value of the node of that type with the most links (demo data may change; this does not)."""
    from graphfraud.analysis.graphview import GraphView

    gv = GraphView.from_store(store)
    idx = gv.nodes_of_type(node_type)
    deg = gv.distinct_degree()[idx]
    return gv.values[int(idx[deg.argmax()])]


def first_case(store) -> str:
    from graphfraud.analysis.graphview import GraphView

    gv = GraphView.from_store(store)
    return min(gv.values[i] for i in gv.nodes_of_type("case"))


def test_node_cap_leaves_placeholders(demo_store, tmp_path):
    an = Analyses(demo_store, enabled=False)
    g = build_graph(demo_store, Selection(around="account:" + busiest(demo_store), hops=2, max_nodes=40), an)
    assert g.number_of_nodes() == 40
    assert g.graph["omitted_nodes"] > 0
    hidden = sum(d.get("hidden_neighbours", 0) for _, d in g.nodes(data=True))
    assert hidden >= g.graph["omitted_nodes"]
    payload = H.graph_payload(g, "vi")
    more = [n for n in payload["nodes"] if n["gf"]["t"] == "more"]
    assert more and all(n["label"].startswith("+") for n in more)
    assert payload["counts"]["omitted"] == g.graph["omitted_nodes"]


def test_whole_graph_is_capped_with_a_precomputed_layout(demo_store):
    an = Analyses(demo_store, enabled=False)
    g = build_graph(demo_store, Selection(max_nodes=500), an)
    assert g.number_of_nodes() == 500 and g.graph["nodes_total"] > 2000
    payload = H.graph_payload(g, "en")
    assert payload["physics"] is False and payload["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in payload["nodes"])
    assert payload["options"]["layout"]["improvedLayout"] is False


def test_small_graph_uses_physics_and_type_styles(evil_store):
    g = build_graph(evil_store, Selection(), Analyses(evil_store, enabled=False))
    payload = H.graph_payload(g, "en")
    assert payload["physics"] is True
    by_type = {n["gf"]["t"]: n for n in payload["nodes"]}
    for t in ("account", "phone", "case", "social", "person"):
        assert by_type[t]["shape"] == H.TYPE_STYLE[t][1]
        assert by_type[t]["color"]["background"] == H.TYPE_STYLE[t][0]
    legend = {x[0] for x in payload["legend"]["types"]}
    assert {"account", "phone", "case"} <= legend


def test_scores_size_nodes_and_clusters_colour_borders(demo_store):
    an = Analyses(demo_store)
    g = build_graph(demo_store, Selection(case=first_case(demo_store)), an)
    if not an.mules():
        pytest.fail("graphfraud.analysis.mules returned nothing on the demo")
    payload = H.graph_payload(g, "en")
    scored = [n for n in payload["nodes"] if n["gf"].get("r")]
    plain = [n for n in payload["nodes"] if not n["gf"].get("r") and n["gf"]["t"] == "account"]
    assert scored and plain
    assert max(n["size"] for n in scored) > max(n["size"] for n in plain)
    assert any("Mule" in r["title"] for n in scored for r in n["gf"]["r"])
    if an.communities():
        assert payload["legend"]["clusters"]
        assert any(n["gf"].get("cc") for n in payload["nodes"])
