"""The case-linking report's data (its JSON twin), gathered from the store and the detectors.

Per campaign of linked cases (:func:`graphfraud.analysis.linking.link_cases`): the cases, victims and
total loss, the key identifiers (scam phones, mules with their reasons, organisers, ...), the links
between cases with their evidence, and the nodes of the campaign's graph (``_nodes``, its cases
``_focus``): the cases, what they name, the evidence chains, and where the victims' money went;
then the input files as loaded. :mod:`graphfraud.output.report` draws the graphs and writes it.

``detections`` gives the detectors' results the report shows, computed once for the whole graph:
``mules()`` and ``organizers()`` (node key -> row with score and reasons) and ``membership()`` (node
key -> community id), as :class:`graphfraud.analysis.annotations.Analyses` does.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from graphfraud.analysis.report_identifiers import (
    as_int,
    case_rows,
    mule_rows,
    named_identifiers,
    organizer_rows,
    suspect_rows,
)
from graphfraud.errors import NotFound
from graphfraud.textfmt import parse_decimal

LOOKBACK_S = 30 * 86400     # the victims' payments looked at: up to 30 days before the report ...
AFTER_S = 86400             # ... and a day after it
TRACE_HOPS = 4
ROUTES_PER_ACCOUNT = 60
SUSPECT_TYPES = (("scam_phones", "phone"), ("suspect_accounts", "account"), ("social", "social"),
                 ("urls", "url"), ("emails", "email"))


def as_decimal(x) -> Decimal:
    """An amount as a Decimal; 0 for what is not a finite number."""
    d = parse_decimal(x)
    return Decimal(0) if d is None else d


def amount_text(d: Decimal) -> str:
    """An amount as exact decimal text: ``1785900000``, ``12.5``."""
    return str(d.to_integral_value()) if d == d.to_integral_value() else format(d.normalize(), "f")


def gather_report(store, detections, lang: str = "vi", k: int = 2, command: str | None = None,
                  campaign: int | None = None, progress=None) -> dict:
    """The report's data: every campaign, or with ``campaign`` only that one (by its number).
    ``progress`` (see graphfraud.progress) is told the steps and the campaigns as they are gathered.

    ``store`` should answer neighbourhood reads from memory (:class:`~graphfraud.analysis.viewstore.ViewStore`):
    the report traces every victim's money. Raises :class:`~graphfraud.errors.NotFound` for a campaign
    number the store does not have."""
    from graphfraud.analysis.linking import link_cases
    from graphfraud.progress import counted

    groups = link_cases(store, k=k, progress=progress)
    if campaign is not None:
        groups = [pick_campaign(groups, campaign)]
    found = {"mules": detections.mules(), "organizers": detections.organizers(),
             "membership": detections.membership()}
    campaigns = [gather_campaign(store, grp, found, lang)
                 for grp in counted(progress, groups, "report.campaigns", "campaigns")]
    return report_of(campaigns, store.loads(), lang, k, command, campaign)


def pick_campaign(groups: list[dict], number: int) -> dict:
    """The campaign numbered ``number``, or NotFound naming the numbers there are."""
    for grp in groups:
        if int(grp["group"]) == int(number):
            return grp
    if not groups:
        raise NotFound(f"no campaign {number}: no two reported cases are linked in this store")
    numbers = sorted(int(g["group"]) for g in groups)
    raise NotFound(f"no campaign {number}: the campaigns are numbered {numbers[0]} to {numbers[-1]}")


def report_of(campaigns: list[dict], loads: list[dict], lang: str, k: int, command: str | None,
              campaign: int | None = None) -> dict:
    """The report around its campaigns: who wrote it and when, the parameters, the summary, the inputs."""
    from graphfraud import __version__
    from graphfraud.normalize.timestamp import LOCAL_TZ

    parameters = {"k": k} if campaign is None else {"k": k, "campaign": int(campaign)}
    return {
        "report": "case-linking", "lang": lang, "generator": f"graphfraud {__version__}",
        "generated": datetime.now(LOCAL_TZ).isoformat(timespec="seconds"),
        "command": command, "parameters": parameters,
        "summary": summary(campaigns),
        "campaigns": campaigns,
        "inputs": [_input(x) for x in loads],
    }


def one_campaign(report: dict, camp: dict) -> dict:
    """The report of one of its campaigns: the same header and inputs, that campaign and its summary."""
    return {**report, "parameters": {**report["parameters"], "campaign": int(camp["group"])},
            "summary": summary([camp]), "campaigns": [camp]}


def summary(campaigns: list[dict]) -> dict:
    """Campaigns, cases, victims and total loss; a bridge case listed in two campaigns counts once."""
    distinct = {cs["id"]: cs for c in campaigns for cs in c["cases"]}
    victims = {v.get("case") for c in campaigns for v in c["victims"]}
    loss = sum((as_decimal(cs.get("amount_lost")) for cs in distinct.values()), Decimal(0))
    return {"campaigns": len(campaigns), "cases": len(distinct), "victims": len(victims),
            "total_loss": amount_text(loss)}


def _input(x: dict) -> dict:
    import os

    path = x.get("path")
    return {"file": os.path.basename(str(path)) if path else "", "path": path, "sheet": x.get("sheet") or None,
            "kind": x.get("kind"), "rows": x.get("rows"), "sha256": x.get("sha256"),
            "loaded": x.get("finished") or x.get("started")}


def gather_campaign(store, grp: dict, found: dict, lang: str) -> dict:
    """One campaign of linked cases: its cases, key identifiers, links, and the nodes of its graph."""
    cids = list(grp["cases"])
    case_keys = [("case", c) for c in cids]
    cprops = store.nodes(case_keys)
    named, prov = named_identifiers(store, case_keys)
    nodes = case_keys + list(named) + chain_nodes(grp) + money_nodes(store, grp, cprops, found["mules"])
    node_set = set(nodes)
    nprops = store.nodes(sorted(node_set))
    suspects = {name: suspect_rows(named, prov, nprops, ty) for name, ty in SUSPECT_TYPES}
    mules = mule_rows(node_set, found["mules"], named, lang)
    organisers = organizer_rows(node_set, nodes, found, lang)
    return {
        "group": grp["group"], "cases": case_rows(store, cids, cprops), "victims": grp.get("victims", []),
        "total_loss": grp.get("total_loss"), "date_range": grp.get("date_range"),
        "key_identifiers": {
            "scam_phones": suspects["scam_phones"],
            "mule_accounts": mules,
            "suspect_accounts": suspects["suspect_accounts"],
            "organizers": organisers,
            "social": suspects["social"],
            "urls": suspects["urls"],
            "emails": suspects["emails"],
        },
        "links": grp.get("evidence", []),
        "bridges": [{"case": b["case"], "campaigns": b["groups"]} for b in grp.get("bridge_evidence", [])],
        "related": [{"campaign": r["group"], "kind": r["kind"], "via": r["via"]}
                    for r in grp.get("related", [])],
        "_nodes": nodes, "_focus": case_keys,
    }


def chain_nodes(grp: dict) -> list[tuple]:
    """The identifiers on the evidence chains that link the campaign's cases."""
    out = []
    for ev in grp.get("evidence", []):
        for h in ev.get("chain", []):
            out += [(h["from"]["type"], h["from"]["value"]), (h["to"]["type"], h["to"]["value"])]
        for v in ev.get("via", []):
            out.append((v["type"], v["value"]))
    return out


def money_nodes(store, grp: dict, cprops: dict, mules: dict) -> list[tuple]:
    """The accounts the victims' money reached in the weeks before their reports, on the routes
    that reach a flagged account or leave (abroad, cash-out)."""
    from graphfraud.analysis.trace import trace
    from graphfraud.errors import GraphFraudError

    out: list[tuple] = []
    for v in grp.get("victims", []):
        accts = v.get("account")
        accts = accts if isinstance(accts, list) else ([accts] if accts else [])
        rdate = as_int((cprops.get(("case", v.get("case"))) or {}).get("report_date"))
        for a in accts:
            try:
                res = trace(store, ("account", a), since=(rdate - LOOKBACK_S) if rdate else None,
                            until=(rdate + AFTER_S) if rdate else None, max_hops=TRACE_HOPS, evidence=False)
            except GraphFraudError:  # an account not in the graph or without transfers
                continue
            for r in res.get("routes", [])[:ROUTES_PER_ACCOUNT]:
                hops = [(h["to"]["type"], h["to"]["value"]) for h in r.get("hops", [])]
                # only the routes that reach a flagged account or leave (abroad, cash-out):
                # a victim's everyday payments in the same weeks are not the campaign's
                if any(key in mules for key in hops) or (r.get("end") or {}).get("kind") in ("abroad", "cashout"):
                    out += hops
    return out


def key_identifier_count(camp: dict) -> int:
    """How many distinct identifiers the campaign's key identifiers name (an account both named by a
    victim and scored as a mule counts once)."""
    return len({(r["type"], r["value"]) for rows in camp["key_identifiers"].values() for r in rows})


def campaign_index(report: dict) -> list[dict]:
    """One row per campaign for the report's index: number, cases, victims, loss, period and how many
    key identifiers (mule accounts among them) it names."""
    return [{"campaign": int(c["group"]), "cases": len(c["cases"]), "victims": len(c["victims"]),
             "total_loss": c.get("total_loss"), "date_range": c.get("date_range"),
             "key_identifiers": key_identifier_count(c),
             "mule_accounts": len(c["key_identifiers"]["mule_accounts"])} for c in report["campaigns"]]
