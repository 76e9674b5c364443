"""The library face of every command: one function per CLI command.

Each takes a :class:`~graphfraud.config.Config`, opens the store it names,
does its work and returns plain data (dicts and lists, JSON-ready). The CLI
only parses arguments, calls one of these and prints the result.

>>> from graphfraud.config import load_config
>>> cfg = load_config({"store": ":memory:"}, env={})
>>> stats(cfg)["nodes"]
{}
"""

from __future__ import annotations

from graphfraud.config import Config
from graphfraud.errors import NotFound, UsageError
from graphfraud.store import open_store


def load(config: Config, paths, kind=None, maps=(), profile=None, case_id=None, progress=None) -> dict:
    from graphfraud.load import load_files

    if not paths:
        raise UsageError("name at least one file to load")
    with open_store(config) as store:
        return load_files(store, paths, kind=kind, maps=tuple(maps), profile=profile, case_id=case_id,
                          progress=progress).as_json()


def stats(config: Config) -> dict:
    with open_store(config) as store:
        return store.stats()


def find(config: Config, text: str, hops: int = 1, limit: int = 200) -> dict:
    from graphfraud.analysis.find import find as _find

    if hops < 1:
        raise UsageError("--hops must be at least 1")
    with open_store(config) as store:
        return _find(store, text, hops=hops, limit=limit)


def path(config: Config, a: str, b: str, max_hops: int = 6) -> dict:
    from graphfraud.analysis.paths import path_json
    from graphfraud.resolve import resolve

    if max_hops < 1:
        raise UsageError("--max-hops must be at least 1")
    with open_store(config) as store:
        starts, ends = resolve(store, a), resolve(store, b)
        best = None
        for s in starts:
            for e in ends:
                p = store.shortest_path(s, e, max_hops)
                if p is not None and (best is None or len(p) < len(best[1])):
                    best = (s, p)
        if best is None:
            raise NotFound(f"no path between {a!r} and {b!r} within {max_hops} hops")
        return {"from": a, "to": b, **path_json(store, best[0], best[1])}


def fields() -> dict:
    from graphfraud.loaders.fields import ALIASES, KINDS

    return {k: {f: list(ALIASES.get(f, ())) for f in fs} for k, fs in KINDS.items()}


def demo(config: Config, out_dir, seed: int = 7, progress=None) -> dict:
    from graphfraud.demo.run import run_demo

    return run_demo(config, out_dir, seed=seed, progress=progress)
