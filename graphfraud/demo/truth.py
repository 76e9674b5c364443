"""The ground truth of a generated demo case folder (``ground_truth.json``)."""

from __future__ import annotations

from graphfraud.demo.layout import BASE, FILE_NAMES


def ground_truth(G, n: int, k: int, rows: dict[str, int], rejects: list[dict], n_xlsx_bg: int) -> dict:
    """What was planted, as written to ``ground_truth.json`` (see ``docs/demo-data.md``)."""
    orgs = []
    victims = []
    for org in G.orgs:
        foreign = [p for p in org.foreign_phones]
        orgs.append({
            "id": org.id,
            "scam_type": org.scam_type,
            "mule_accounts": [a.number for a in org.tier1 + org.tier2],
            "tier1": [a.number for a in org.tier1],
            "tier2": [a.number for a in org.tier2],
            "cashout_accounts": [a.number for a in org.cashout],
            "exit_accounts": [{"account": a.number, "bank": a.bank,
                               "kind": "foreign" if a.role == "exit" else "crypto_p2p"} for a in org.exits],
            "scam_phones": org.foreign_phones + org.prepaid_phones,
            "devices": list(org.devices),
            "ips": [ip for ip, _ in org.ips],
            "socials": list(org.socials),
            "urls": list(org.urls),
            "emails": list(org.emails),
            "cases": sorted({v["case_id"] for v in org.victims if v.get("case_id")}),
            "txn_ids": [x.txn_id for x in sorted(org.txns, key=lambda x: (x.t, x.txn_id))],
            "organizers": ([{"type": "account", "value": a.number} for a in org.cashout]
                           + [{"type": "device", "value": d} for d in org.devices]
                           + [{"type": "phone", "value": p} for p in foreign]
                           + [{"type": "social", "value": s} for s in org.socials]),
        })
        for v in org.victims:
            victims.append({"case_id": v["case_id"], "org": org.id, "account": v["acct"].number,
                            "bank": v["acct"].bank, "phone": v["phone"], "amount_lost": v["loss"],
                            "txn_ids": [x.txn_id for x in v["txns"]], "cashout_reached": v["reached"],
                            "reported": v["reported"]})
    victims.sort(key=lambda v: (v["case_id"] is None, v["case_id"] or "", v["org"]))
    by_tag: dict[str, int] = {}
    for x in G.txns:
        by_tag[x.tag] = by_tag.get(x.tag, 0) + 1
    return {
        "seed": G.seed,
        "n_transfers": n,
        "n_orgs": k,
        "base_date": BASE.strftime("%Y-%m-%d"),
        "timezone": "Asia/Ho_Chi_Minh (UTC+07:00); naive timestamps are local time",
        "counts": {"rows": rows,
                   "transactions": sum(rows[name] for name in FILE_NAMES["transactions"]),
                   "background_transactions": n, "background_in_xlsx": n_xlsx_bg,
                   "special_transactions": by_tag, "population_accounts": G.n_bg},
        "organisations": orgs,
        "mules": [a for o in orgs for a in o["mule_accounts"]],
        "cashout": [a for o in orgs for a in o["cashout_accounts"]],
        **{kind: [a.number for a in accts] for kind, accts in G.lookalikes.items()},
        "campaigns": [o["cases"] for o in orgs],
        "victims": victims,
        "expected_rejects": rejects,
    }
