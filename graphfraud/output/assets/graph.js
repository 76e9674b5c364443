/* graphfraud: draws the graphs of a page with vis-network, offline.
 *
 * Each <section class="gf-graph"> holds its data in <script type="application/json" class="gf-data">.
 * Every text from the data is put in the page with textContent, never parsed as markup: names, handles,
 * URLs and narratives from case files are shown as text and never run.
 */
(function () {
  "use strict";

  function fold(s) {
    return String(s == null ? "" : s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u0111\u0110]/g, "d").toLowerCase();
  }

  /* what is typed, folded like the nodes' search keys: a number loses its spaces, dots and dashes
     ("0361 760 419" -> "0361760419", "+84 361 760 419" -> "84361760419") */
  function query(text) {
    var t = String(text == null ? "" : text).trim();
    if (/^[+(]?\d[\d\s.()\-]*$/.test(t)) { return t.replace(/\D/g, ""); }
    return fold(t).replace(/\s+/g, " ");
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = String(text); }
    return e;
  }

  function fmt(s, vals) {
    return String(s).replace(/\{(\w+)\}/g, function (m, k) { return vals[k] != null ? String(vals[k]) : m; });
  }

  function cut(s, n) {
    s = String(s);
    return s.length > n ? s.slice(0, n - 1) + "\u2026" : s;
  }

  /* the content of a tooltip or of the details panel, built from DOM text nodes */
  function describe(gf, strings, full) {
    var box = el("div", full ? "gf-desc" : "gf-tip");
    var head = el("div", "gf-desc-head");
    head.appendChild(el("span", "gf-desc-type", gf.tn || gf.t || ""));
    if (gf.v != null) { head.appendChild(el("strong", "gf-desc-value", full ? gf.v : cut(gf.v, 80))); }
    box.appendChild(head);
    if (gf.focus) { box.appendChild(el("div", "gf-desc-focus", strings.focus)); }
    var facts = gf.f || [];
    if (facts.length) {
      var dl = el("dl", "gf-facts");
      var lim = full ? facts.length : Math.min(facts.length, 7);
      for (var i = 0; i < lim; i++) {
        dl.appendChild(el("dt", null, facts[i][0]));
        dl.appendChild(el("dd", null, full ? facts[i][1] : cut(facts[i][1], 160)));
      }
      box.appendChild(dl);
    }
    (gf.r || []).forEach(function (r) {
      box.appendChild(el("div", "gf-score", r.title + ": " + r.score));
      if (r.items && r.items.length) {
        var ul = el("ul", "gf-reasons");
        r.items.slice(0, full ? r.items.length : 3).forEach(function (x) { ul.appendChild(el("li", null, x)); });
        box.appendChild(ul);
      }
    });
    if (gf.hint) { box.appendChild(el("p", "gf-hint", gf.hint)); }
    if (gf.e && gf.e.length) {
      box.appendChild(el("div", "gf-ev-title", strings.evidence));
      var ev = el("ul", "gf-evidence");
      gf.e.slice(0, full ? gf.e.length : 2).forEach(function (x) { ev.appendChild(el("li", null, x)); });
      box.appendChild(ev);
    }
    return box;
  }

  function init(block, index) {
    var holder = block.querySelector("script.gf-data");
    var canvas = block.querySelector(".gf-canvas");
    if (!holder || !canvas || typeof vis === "undefined") { return; }
    var data = JSON.parse(holder.textContent);
    var strings = data.strings || {};
    var byType = {};
    data.nodes.forEach(function (n) {
      var gf = n.gf || {};
      n.title = describe(gf, strings, false);
      n._s = fold([n.label, gf.v, gf.tn].concat((gf.f || []).map(function (f) { return f[1]; }), gf.s || [])
        .join(" "));
      (byType[gf.t] = byType[gf.t] || []).push(n.id);
    });
    data.edges.forEach(function (e, i) {
      e.id = "e" + i;
      e.title = describe(e.gf || {}, strings, false);
    });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var options = data.options || {};
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, options);
    block.gfNetwork = network;
    if (data.physics) {
      network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
    }
    network.once("afterDrawing", function () {
      block.setAttribute("data-rendered", "1");
      var done = document.querySelectorAll('.gf-graph[data-rendered="1"]').length;
      document.documentElement.setAttribute("data-gf-rendered", String(done));
    });

    var panel = block.querySelector(".gf-details");
    function show(gf) {
      if (!panel) { return; }
      while (panel.firstChild) { panel.removeChild(panel.firstChild); }
      panel.appendChild(el("h3", null, strings.details));
      panel.appendChild(describe(gf, strings, true));
    }
    network.on("click", function (p) {
      if (p.nodes && p.nodes.length) {
        show(nodes.get(p.nodes[0]).gf || {});
      } else if (p.edges && p.edges.length) {
        var e = edges.get(p.edges[0]);
        var gf = Object.assign({}, e.gf || {});
        if (gf.ends) { gf.v = gf.ends[0] + " \u2192 " + gf.ends[1]; }
        show(gf);
      }
    });

    var search = block.querySelector(".gf-search");
    var count = block.querySelector(".gf-count");
    var timer = null;
    function runSearch() {
      var q = query(search.value);
      if (!q) {
        if (count) { count.textContent = ""; }
        network.unselectAll();
        return;
      }
      var ids = nodes.getIds({ filter: function (n) { return !n.hidden && n._s.indexOf(q) >= 0; } });
      if (count) { count.textContent = fmt(strings.matches, { n: ids.length }); }
      network.selectNodes(ids.slice(0, 500), false);
      if (ids.length) {
        network.fit({ nodes: ids.slice(0, 500), animation: false });
        if (ids.length === 1) { show(nodes.get(ids[0]).gf || {}); }
      }
    }
    if (search) {
      search.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(runSearch, 200);
      });
      search.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter") { clearTimeout(timer); runSearch(); }
      });
    }
    var fit = block.querySelector(".gf-fit");
    if (fit) { fit.addEventListener("click", function () { network.fit({ animation: false }); }); }

    block.querySelectorAll(".gf-type").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var on = btn.getAttribute("aria-pressed") !== "true";
        btn.setAttribute("aria-pressed", on ? "true" : "false");
        var ty = btn.getAttribute("data-type");
        nodes.update((byType[ty] || []).map(function (id) { return { id: id, hidden: !on }; }));
      });
    });

    var colour = block.querySelector(".gf-colour");
    if (colour) {
      colour.addEventListener("change", function () {
        var mode = colour.value;
        nodes.update(data.nodes.map(function (n) {
          var gf = n.gf || {};
          var fill = mode === "cluster" && gf.cc ? gf.cc : (mode === "cluster" && gf.t !== "more" ? "#d1d5db" : gf.tc);
          return { id: n.id, color: { background: fill, border: n.color.border,
                   highlight: { background: fill, border: "#111827" }, hover: { background: fill, border: "#111827" } } };
        }));
      });
    }
  }

  var blocks = document.querySelectorAll(".gf-graph");
  for (var i = 0; i < blocks.length; i++) { init(blocks[i], i); }
})();
