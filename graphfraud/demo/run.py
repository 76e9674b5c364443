"""`graphfraud demo`: generate demo case files, load them, and show what graphfraud finds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from graphfraud.config import Config


def prepare_demo(config: Config, out_dir, seed: int = 7):
    """Generate the seeded demo files in ``out_dir``; return ``(files, manifest, config)`` where the
    config names ``out_dir/graphfraud.db`` (or the Neo4j server the given config names).

    The files are then loaded by :func:`graphfraud.api.load`, which records the load in the audit log
    like a ``load`` command's, and summarised by :func:`demo_summary`."""
    from graphfraud.demo.generator import generate

    out = Path(out_dir)
    manifest = generate(out / "data", seed=seed)
    if not config.uses_neo4j:
        config = replace(config, store=str(out / "graphfraud.db"))
    files = [str(p) for paths in manifest.files.values() for p in paths]
    return files, manifest, config


def demo_summary(config: Config, out_dir, seed: int, manifest, load_report: dict, lang: str = "en") -> dict:
    """What the analyses find on the loaded demo store, with the load's report (titles, notes and reasons
    in ``lang``)."""
    from graphfraud.store import open_store

    notes: list[str] = []
    with open_store(config) as store:
        stats = store.stats()
        sections = _findings(config, store, manifest, notes, lang)
    return {
        "out_dir": str(Path(out_dir)), "seed": seed,
        "store": config.neo4j_uri if config.uses_neo4j else config.store,
        "files": {k: [str(p) for p in v] for k, v in manifest.files.items()},
        "load": load_report, "stats": stats, "sections": sections, "notes": notes,
    }


def _findings(config, store, manifest, notes, lang: str = "en") -> list[dict]:
    """What the analyses find on the demo graph (each section is a small table)."""
    import json

    from graphfraud.analysis.paths import path_json
    from graphfraud.output.cli_text import tr

    truth = json.loads(Path(manifest.ground_truth).read_text(encoding="utf-8"))
    sections = []
    victims = [v for v in truth.get("victims", []) if v.get("account") and v.get("cashout_reached")]
    rows = []
    for v in victims[:3]:
        a, b = ("account", v["account"]), ("account", v["cashout_reached"][0])
        p = store.shortest_path(a, b, 8)
        if p is None:
            continue
        pj = path_json(store, a, p)
        rows.append({"case": v["case_id"], "victim account": v["account"], "cash-out account": b[1],
                     "hops": pj["length"],
                     "route": " → ".join(n["value"] for n in pj["nodes"]),
                     "first evidence": (lambda e: f"{e['file']} {tr('row', lang)} {e['row']}" if e else "")(
                         (pj["hops"][0]["evidence"] or [None])[0])})
    sections.append({"title": tr("demo.paths", lang), "rows": rows})
    from graphfraud.analysis.linking import link_cases
    from graphfraud.analysis.trace import trace
    from graphfraud.output.summary_rows import campaign_rows, route_rows

    sections.append({"title": tr("demo.campaigns", lang), "rows": campaign_rows(link_cases(store), lang)})
    if truth.get("victims"):
        first = truth["victims"][0]
        sections.append({"title": tr("demo.first_victim", lang, case=first["case_id"], account=first["account"]),
                         "rows": route_rows(trace(store, first["account"]), lang)})
    sections.extend(_detection_sections(store, lang))
    notes.append(tr("demo.try", lang, store=config.store))
    notes.append(f"     graphfraud --store {config.store} report report.html --lang {'en' if lang == 'vi' else 'vi'}")
    return sections


def _detection_sections(store, lang: str = "en") -> list[dict]:
    """Mule accounts and organisation clusters, as two small tables."""
    from graphfraud.analysis.communities import communities
    from graphfraud.analysis.graphview import GraphView
    from graphfraud.analysis.mules import mules
    from graphfraud.analysis.reason_text import localize
    from graphfraud.output.cli_text import tr
    from graphfraud.textfmt import fmt_num

    view = GraphView.from_store(store)
    flagged = mules(store, view=view, explain=False)
    rows = [{"account": m["value"], "bank": m.get("bank"), "score": fmt_num(m["score"], lang, 3),
             "main reasons": "; ".join(localize(r, lang)["text"] for r in m["reasons"][:2])} for m in flagged[:10]]
    out = [{"title": tr("demo.mules", lang, n=len(flagged)), "rows": rows}]
    mule_set = {m["value"] for m in flagged}
    clusters = [c for c in communities(store, view=view) if c["cases"]]
    rows = [{"cluster": c["id"], "size": c["size"],
             "mule accounts": sum(1 for m in c["members"] if m["type"] == "account" and m["value"] in mule_set),
             "cases": len(c["cases"]), "money in": c["money_in"],
             "key members": ", ".join(f"{m['type']}:{m['value']}" for m in c["top_members"][:3])}
            for c in sorted(clusters, key=lambda c: (-len(c["cases"]), c["id"]))[:8]]
    out.append({"title": tr("demo.clusters", lang), "rows": rows})
    return out
