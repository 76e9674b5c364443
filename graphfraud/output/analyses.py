"""The detection analyses an export or report shows, computed once per output.

Scores and reasons of the mule and organiser detectors and the clusters of
community detection annotate nodes (size, colour, reasons). Each analysis is
optional: when its module is not installed the outputs simply lack it.
"""

from __future__ import annotations

import importlib

from graphfraud.analysis.reason_text import reason_texts
from graphfraud.errors import UsageError
from graphfraud.progress import stage

ORGANISERS_PER_CLUSTER = 5

# the detection analyses written by others; used when present (see Analyses)
_ANALYSES = {
    "mules": ("graphfraud.analysis.mules", "mules"),
    "organizers": ("graphfraud.analysis.organizers", "organizers"),
    "communities": ("graphfraud.analysis.communities", "communities"),
    "trace": ("graphfraud.analysis.trace", "trace"),
    "link_cases": ("graphfraud.analysis.linking", "link_cases"),
}


def analysis_function(name: str):
    """The analysis function ``name`` (see ``_ANALYSES``), or None when that module is not installed."""
    module, func = _ANALYSES[name]
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise
    return getattr(mod, func, None)


def require_analysis(name: str):
    fn = analysis_function(name)
    if fn is None:
        raise UsageError(f"this build of graphfraud has no {_ANALYSES[name][0]} ({name} is not available)")
    return fn


# ----------------------------------------------------------------------------- analyses
class Analyses:
    """Scores, reasons and clusters of the detection analyses, computed once per output.

    Each is optional: when its module is not installed (or ``enabled`` is
    False) the outputs simply lack that column/colour/size.
    """

    def __init__(self, store, enabled: bool = True, community_algorithm: str | None = None,
                 seed: int | None = None, lang: str | None = None, progress=None, resume: str | None = None):
        self.store = store
        self.progress = progress   # told the steps of the analyses that take it (see graphfraud.progress)
        self.resume = resume       # the caller's step, named again once an analysis has run
        self.lang = lang   # the language of the reasons' sentences (None: as the analysis wrote them)
        self.enabled = enabled
        self.algorithm = community_algorithm
        self.seed = seed
        self._cache: dict = {}

    @staticmethod
    def _accepts(fn, name: str) -> bool:
        import inspect

        try:
            return name in inspect.signature(fn).parameters
        except (TypeError, ValueError):
            return False

    def _kw(self, fn) -> dict:
        """Share one read of the whole graph between analyses that accept ``view``; hand the progress
        reporter to those that accept ``progress``."""
        told = {"progress": self.progress} if self.progress is not None and self._accepts(fn, "progress") else {}
        if not self._accepts(fn, "view"):
            return told
        if "view" not in self._cache:
            from graphfraud.analysis.graphview import GraphView

            self._cache["view"] = GraphView.from_store(self.store)
        return {"view": self._cache["view"], **told}

    def _get(self, name, compute):
        if name not in self._cache:
            self._cache[name] = compute() if self.enabled else None
            if self.resume and self.enabled:
                stage(self.progress, self.resume)
        return self._cache[name]

    def mules(self) -> dict:
        """(type, value) -> {score, reasons, bank}."""
        def go():
            fn = analysis_function("mules")
            if fn is None:
                return {}
            return {(r["type"], r["value"]): r for r in fn(self.store, explain=True, **self._kw(fn))}
        return self._get("mules", go) or {}

    def organisers(self) -> dict:
        def go():
            fn = analysis_function("organizers")
            if fn is None:
                return {}
            kw = self._kw(fn)
            if self._accepts(fn, "communities") and analysis_function("communities") is not None:
                kw["communities"] = self.communities()  # computed once, shared
            return {(r["type"], r["value"]): r for r in fn(self.store, top=ORGANISERS_PER_CLUSTER, **kw)}
        return self._get("organisers", go) or {}

    def communities(self) -> list[dict]:
        def go():
            fn = analysis_function("communities")
            if fn is None:
                return []
            kw = {} if self.seed is None else {"seed": self.seed}
            if self.algorithm:
                kw["algorithm"] = self.algorithm
            return list(fn(self.store, **kw, **self._kw(fn)))
        return self._get("communities", go) or []

    def membership(self) -> dict:
        """(type, value) -> community id (as text)."""
        def go():
            out = {}
            for c in self.communities():
                for m in c.get("members", []):
                    out[(m["type"], m["value"])] = str(c["id"])
            return out
        return self._get("membership", go) or {}

    def annotate(self, key: tuple[str, str]) -> dict:
        out: dict = {}
        m = self.mules().get(key)
        if m:
            out["mule_score"] = float(m.get("score") or 0)
            out["mule_reasons"] = reason_texts(m.get("reasons"), self.lang)
        o = self.organisers().get(key)
        if o:
            out["organiser_score"] = float(o.get("score") or 0)
            out["organiser_reasons"] = reason_texts(o.get("reasons"), self.lang)
        c = self.membership().get(key)
        if c is not None:
            out["community"] = c
        return out

    def flagged(self) -> set:
        return set(self.mules()) | set(self.organisers())

