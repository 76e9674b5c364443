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

  /* a label drawn in bold by vis-network's "html" label mode (canvas text: only <b> is read, and the
     label's own "&" and "<" are written as entities so that they stay text) */
  function boldLabel(text) {
    return "<b>" + String(text == null ? "" : text).replace(/&/g, "&amp;").replace(/</g, "&lt;") + "</b>";
  }

  /* a typed day ("24/03/2024" under vi, "2024-03-24" under en) as epoch seconds at the start or end of that
     day in the data's time zone; undefined when nothing is typed, NaN when it is not a day */
  function dayBound(value, lang, tz, end) {
    var s = String(value == null ? "" : value).trim();
    if (!s) { return undefined; }
    var m = lang === "vi" ? /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(s) : /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
    if (!m) { return NaN; }
    var y = lang === "vi" ? m[3] : m[1], mo = +m[2], d = lang === "vi" ? +m[1] : +m[3];
    var iso = y + "-" + (mo < 10 ? "0" : "") + mo + "-" + (d < 10 ? "0" : "") + d;
    tz = tz || "+07:00";
    var ms = Date.parse(iso + (end ? "T23:59:59" : "T00:00:00") + tz);
    var off = /^([+-])(\d{2}):(\d{2})$/.exec(tz);
    var local = new Date(ms + (off ? (off[1] === "-" ? -1 : 1) * (+off[2] * 60 + +off[3]) * 60000 : 0));
    if (isNaN(ms) || local.getUTCDate() !== d || local.getUTCMonth() + 1 !== mo) { return NaN; }  /* 31/02 */
    return Math.floor(ms / 1000);
  }

  /* whether a drawn link has a fact between lo and hi (links without time are always shown) */
  function inRange(gf, lo, hi) {
    if (gf.t0 == null) { return true; }
    if (gf.ts) {
      for (var i = 0; i < gf.ts.length; i++) { if (gf.ts[i] >= lo && gf.ts[i] <= hi) { return true; } }
      return false;
    }
    return gf.t1 >= lo && gf.t0 <= hi;
  }

  function init(block, index) {
    var holder = block.querySelector("script.gf-data");
    var canvas = block.querySelector(".gf-canvas");
    if (!holder || !canvas || typeof vis === "undefined") { return; }
    var data = JSON.parse(holder.textContent);
    var strings = data.strings || {};
    var focusIds = data.focus || [];
    data.nodes.forEach(function (n) {
      var gf = n.gf || {};
      n.title = describe(gf, strings, false);
      n._s = fold([n.label, gf.v, gf.tn].concat((gf.f || []).map(function (f) { return f[1]; }), gf.s || [])
        .join(" "));
      if (gf.focus) {
        n.label = boldLabel(n.label);
        n.font = Object.assign({}, n.font || {}, { multi: "html", bold: { color: "#111827" } });
      }
    });
    data.edges.forEach(function (e, i) {
      e.id = "e" + i;
      e.title = describe(e.gf || {}, strings, false);
    });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var options = data.options || {};
    if (focusIds.length && options.physics && options.physics.stabilization) {
      options.physics.stabilization.fit = false;   /* the view goes to the focus instead */
    }
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, options);
    block.gfNetwork = network;

    var panel = block.querySelector(".gf-details");
    function show(gf) {
      if (!panel) { return; }
      while (panel.firstChild) { panel.removeChild(panel.firstChild); }
      panel.appendChild(el("h3", null, strings.details));
      panel.appendChild(describe(gf, strings, true));
    }

    /* the searched identifier (--around, --case, a trace's source): selected, its details shown, the view
       centred on it (zoomed to at least 1:1); a money flow is shown whole, the source on its left */
    function centreOnFocus() {
      if (!focusIds.length) { return; }
      network.fit({ animation: false });
      if (data.layout !== "flow") {
        if (focusIds.length === 1) {
          network.moveTo({ position: network.getPosition(focusIds[0]), scale: Math.max(network.getScale(), 1.0),
                           animation: false });
        } else {
          network.fit({ nodes: focusIds, animation: false });
        }
      }
      network.selectNodes(focusIds, false);
      show(nodes.get(focusIds[0]).gf || {});
      block.setAttribute("data-gf-focus", String((nodes.get(focusIds[0]).gf || {}).k));
      block.setAttribute("data-gf-centred", "1");
    }
    var centred = !focusIds.length;
    function settle() {
      if (!centred) { centred = true; centreOnFocus(); }
    }
    if (data.physics) {
      network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); settle(); });
    }
    network.on("afterDrawing", function () {
      if (!data.physics) { settle(); }
      if (!centred || block.getAttribute("data-rendered")) { return; }
      block.setAttribute("data-rendered", "1");
      var done = document.querySelectorAll('.gf-graph[data-rendered="1"]').length;
      document.documentElement.setAttribute("data-gf-rendered", String(done));
    });
    var focusGo = block.querySelector(".gf-focus-go");
    if (focusGo) { focusGo.addEventListener("click", centreOnFocus); }
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
      /* the only match, or the one that matches best (its value is what was typed; else a search key of a
         phone, account or person: the phone rather than the Zalo handle holding it): centred and zoomed to
         at least 1:1, its details shown */
      var best = 9, bestIds = [];
      ids.forEach(function (id) {
        var gf = nodes.get(id).gf || {};
        var r = fold(gf.v) === q ? 0 : ((gf.s || []).indexOf(q) < 0 ? 9
          : (gf.t === "phone" || gf.t === "account" || gf.t === "person" ? 1 : 2));
        if (r < best) { best = r; bestIds = [id]; } else if (r === best) { bestIds.push(id); }
      });
      var one = ids.length === 1 ? ids[0] : (best < 9 && bestIds.length === 1 ? bestIds[0] : null);
      block.setAttribute("data-gf-found", one != null ? String((nodes.get(one).gf || {}).k) : "");
      if (one != null) {
        network.moveTo({ position: network.getPosition(one), scale: Math.max(network.getScale(), 1.0),
                         animation: false });
        show(nodes.get(one).gf || {});
      } else if (ids.length) {
        network.fit({ nodes: ids.slice(0, 500), animation: false });
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

    /* what is hidden: the identifier types switched off in the legend, and the links outside the time
       filter's dates with the identifiers they leave without a shown link (never the focus) */
    var hiddenTypes = {};
    var range = null;
    var hiddenCount = block.querySelector(".gf-hidden-count");
    function refresh() {
      var shownDeg = {}, timed = {}, hiddenEdges = 0, hiddenNodes = 0;
      edges.update(data.edges.map(function (e) {
        var gf = e.gf || {};
        var on = !range || inRange(gf, range[0], range[1]);
        if (!on) { hiddenEdges++; timed[e.from] = timed[e.to] = true; }
        else { shownDeg[e.from] = shownDeg[e.to] = true; }
        return { id: e.id, hidden: !on };
      }));
      nodes.update(data.nodes.map(function (n) {
        var gf = n.gf || {};
        var byTime = !!range && timed[n.id] && !shownDeg[n.id] && !gf.focus;
        if (byTime) { hiddenNodes++; }
        return { id: n.id, hidden: !!hiddenTypes[gf.t] || byTime };
      }));
      block.setAttribute("data-gf-hidden-edges", String(hiddenEdges));
      block.setAttribute("data-gf-hidden-nodes", String(hiddenNodes));
      if (hiddenCount) {
        hiddenCount.textContent = range ? fmt(strings.time_hidden, { edges: group(hiddenEdges), nodes: group(hiddenNodes) }) : "";
      }
    }
    function group(n) {
      return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, data.lang === "vi" ? "." : ",");
    }
    var from = block.querySelector(".gf-from");
    var to = block.querySelector(".gf-to");
    /* a day that cannot be read is marked (aria-invalid) and that end of the range left open */
    function bound(input, end) {
      if (!input) { return undefined; }
      var b = dayBound(input.value, data.lang, data.time ? data.time.tz : null, end);
      input.setAttribute("aria-invalid", isNaN(b) && b !== undefined ? "true" : "false");
      return isNaN(b) ? undefined : b;
    }
    function applyTime() {
      var lo = bound(from, false), hi = bound(to, true);
      var t = data.time || {};
      range = (lo === undefined || lo <= t.min) && (hi === undefined || hi >= t.max) ? null
        : [lo === undefined ? -Infinity : lo, hi === undefined ? Infinity : hi];
      refresh();
    }
    [from, to].forEach(function (input) {
      if (input) {
        input.addEventListener("change", applyTime);
        input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { applyTime(); } });
      }
    });
    var clear = block.querySelector(".gf-time-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        [from, to].forEach(function (input) { if (input) { input.value = input.getAttribute("data-default"); } });
        applyTime();
      });
    }

    block.querySelectorAll(".gf-type").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var on = btn.getAttribute("aria-pressed") !== "true";
        btn.setAttribute("aria-pressed", on ? "true" : "false");
        hiddenTypes[btn.getAttribute("data-type")] = !on;
        refresh();
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
