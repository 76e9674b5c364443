"""The detection analyses' results that annotate the nodes of an export or a report.

Scores and reasons of the mule and organiser detectors and the clusters of
community detection annotate nodes (size, colour, reasons). They are computed
over the whole graph: at a million transfers that takes tens of seconds, far
more than drawing the neighbourhood of one account. So:

* once computed they are kept beside the store for its current content
  (:meth:`graphfraud.store.base.Store.keep_result`), and any later export or
  report of the same content reads them instead of computing them again;
* :class:`Analyses` built with ``compute=False`` (what ``export --around`` /
  ``--case`` / ``--trace`` use) only reads kept results: what is not kept is not
  shown, and :attr:`Analyses.not_shown` names it, never a score guessed from a
  part of the graph. Mule scores propagate through the whole graph (chains,
  shared devices, victims' money traced six transfers deep) and organiser scores
  rank whole clusters, so neither can be computed exactly from a neighbourhood.
"""

from __future__ import annotations

import json

from graphfraud.analysis.reason_text import reason_texts
from graphfraud.progress import stage

ORGANIZERS_PER_CLUSTER = 5
NAMES = ("mules", "organizers", "communities")


class Analyses:
    """Scores, reasons and clusters of the detection analyses, computed (or read) once per output.

    ``enabled=False``: none (the outputs lack those columns, colours and sizes). ``compute=False``:
    only the results the store kept for its current content; the others are listed in
    :attr:`not_shown`.
    """

    def __init__(self, store, enabled: bool = True, community_algorithm: str | None = None,
                 seed: int | None = None, lang: str | None = None, compute: bool = True, progress=None,
                 resume: str | None = None):
        self.store = store
        self.progress = progress   # told the steps of the analyses computed here (see graphfraud.progress)
        self.resume = resume       # the caller's step, named again once an analysis has run
        self.lang = lang   # the language of the reasons' sentences (None: as the analysis wrote them)
        self.enabled = enabled
        self.compute = compute
        self.algorithm = community_algorithm
        self.seed = seed
        self._found: dict = {}
        self._view = None   # the whole graph (a GraphView), read once when an analysis is computed
        self._state: str | None = None
        self._missing: set[str] = set()

    # ------------------------------------------------------------------ kept or computed
    def _store_state(self) -> str | None:
        if self._state is None:
            self._state = self.store.state() or ""
        return self._state or None

    def _kept_name(self, name: str) -> str:
        if name == "mules":
            return "mules"
        suffix = f"{self.algorithm or 'default'}.{'default' if self.seed is None else int(self.seed)}"
        return f"{name}.{ORGANIZERS_PER_CLUSTER}.{suffix}" if name == "organizers" else f"{name}.{suffix}"

    def _get(self, name: str, compute):
        """The result ``name``: kept by the store for its content, else computed (and kept) when
        this gathers by computing, else None (and ``name`` is not shown)."""
        if name in self._found:
            return self._found[name]
        value = None
        if self.enabled:
            state = self._store_state()
            if state is not None:
                value = self.store.kept_result(self._kept_name(name), state)
            if value is None and self.compute:
                value = compute()
                if self.resume:
                    stage(self.progress, self.resume)
                if state is not None:
                    self.store.keep_result(self._kept_name(name), state, value)
            if value is None:
                self._missing.add(name)
        self._found[name] = value
        return value

    def _whole_view(self):
        """One read of the whole graph, shared by the analyses computed here."""
        from graphfraud.analysis.graphview import GraphView

        if self._view is None:
            self._view = GraphView.from_store(self.store)
        return self._view

    @property
    def not_shown(self) -> list[str]:
        """The analyses asked for whose results were neither kept nor computed (in :data:`NAMES` order)."""
        return [n for n in NAMES if n in self._missing]

    # ------------------------------------------------------------------ the three analyses
    # the detectors are imported where they run: a neighbourhood export that only reads kept
    # results does not load them
    def _mule_rows(self) -> list:
        def go():
            from graphfraud.analysis.mules import mules

            return mules(self.store, explain=True, view=self._whole_view(), progress=self.progress)
        return self._get("mules", go) or []

    def _organizer_rows(self) -> list:
        def go():   # the clusters organisers are ranked in: computed once, shared
            from graphfraud.analysis.organizers import organizers

            return organizers(self.store, top=ORGANIZERS_PER_CLUSTER, communities=self.communities(),
                              view=self._whole_view(), progress=self.progress)
        return self._get("organizers", go) or []

    def mules(self) -> dict:
        """(type, value) -> {score, reasons, bank}."""
        return self._keyed("mules_by_key", self._mule_rows)

    def organizers(self) -> dict:
        return self._keyed("organizers_by_key", self._organizer_rows)

    def _keyed(self, name: str, rows) -> dict:
        if name not in self._found:
            self._found[name] = self._kept_lookup(name.removesuffix("_by_key"))
            if self._found[name] is None:
                self._found[name] = {(r["type"], r["value"]): r for r in rows()}
        return self._found[name]

    def _kept_lookup(self, name: str):
        """For a reader of kept results only (``compute=False``: a neighbourhood export), the kept
        scores and reasons of ``name`` ("mules", "organizers") looked up node by node
        (:meth:`Store.keep_index`), not the whole result decoded (5 MB of JSON for the mules of
        10^6 transfers); the first such reader writes the look-up. None: read the rows."""
        if self.compute or not self.enabled or self._store_state() is None:
            return None
        index_name, state = self._kept_name(name) + ".rows", self._store_state()
        found = self.store.kept_index(index_name, state)
        if found is not None:
            return _KeptRows(found)
        rows = self._mule_rows() if name == "mules" else self._organizer_rows()
        if self._found.get(name) is not None:
            self.store.keep_index(index_name, state, (
                (r["type"], r["value"], json.dumps({"score": r.get("score"), "reasons": r.get("reasons")},
                                                   ensure_ascii=False)) for r in rows))
        return {(r["type"], r["value"]): r for r in rows}

    def communities(self) -> list[dict]:
        def go():
            from graphfraud.analysis.communities import communities

            kw = {} if self.seed is None else {"seed": self.seed}
            if self.algorithm:
                kw["algorithm"] = self.algorithm
            return list(communities(self.store, view=self._whole_view(), progress=self.progress, **kw))
        return self._get("communities", go) or []

    def membership(self):
        """(type, value) -> community id (as text); read with ``get``.

        Kept clusters get a look-up by node (:meth:`Store.keep_index`), which a neighbourhood
        export reads for its few nodes instead of every cluster's members. The first such export
        after the clusters were kept writes it (1 s for the 247,521 members at 10^6), so the
        commands that compute the clusters do not pay for it."""
        if "membership" in self._found:
            return self._found["membership"]
        name, state = self._kept_name("communities"), self._store_state() if self.enabled else None
        found = self.store.kept_index(name, state) if state is not None else None
        if found is None:
            found = {(m["type"], m["value"]): str(c["id"]) for c in self.communities() for m in c.get("members", [])}
            if not self.compute and state is not None and self._found.get("communities") is not None:
                self.store.keep_index(name, state, ((t, v, c) for (t, v), c in found.items()))
        self._found["membership"] = found
        return found

    # ------------------------------------------------------------------ per node
    def annotate(self, key: tuple[str, str]) -> dict:
        out: dict = {}
        m = self.mules().get(key)
        if m:
            out["mule_score"] = float(m.get("score") or 0)
            out["mule_reasons"] = reason_texts(m.get("reasons"), self.lang)
        o = self.organizers().get(key)
        if o:
            out["organizer_score"] = float(o.get("score") or 0)
            out["organizer_reasons"] = reason_texts(o.get("reasons"), self.lang)
        c = self.membership().get(key)
        if c is not None:
            out["community"] = c
        return out

    def flagged(self) -> set:
        return set(self.mules()) | set(self.organizers())

    def priority(self, key) -> float:
        """How much the detectors flag ``key`` (0: not at all): capped selections keep such nodes first."""
        if not self.enabled:
            return 0.0
        a = self.annotate(key)
        return a.get("organizer_score", 0) + a.get("mule_score", 0)


class _KeptRows:
    """The kept look-up of a detector's rows (:meth:`Analyses._kept_lookup`): ``get((type, value))``
    is the node's ``{"score", "reasons"}`` or None; iterating gives every node it holds."""

    def __init__(self, index):
        self._index = index

    def get(self, key, default=None):
        from graphfraud.store.jsontext import loads

        text = self._index.get(key)
        return default if text is None else loads(text)

    def __iter__(self):
        return iter(self._index.keys())
