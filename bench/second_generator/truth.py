"""The ground truth of a seed, written beside its case files as ``truth.json``: the knobs and
formats drawn, the mule and cash-out accounts that received money (with each mule's kind and layer),
the organisations with their accounts, cases, phones, devices, IPs and social accounts, the
campaigns (cases of one organisation), the victims, and the confounder accounts by kind."""

import json


def build_truth(w, counts):
    """The truth dict; ``counts`` holds the rows written (n_calls, n_logins, n_kyc, n_reports)."""
    kinds = {k: sorted(set(v)) for k, v in w.kinds.items() if k != "phone_shipper_telesales"}
    kinds["ordinary"] = sorted(a for a in kinds["ordinary"] if not w.acc[a].get("is_victim"))
    kinds["victim"] = sorted({x["account"] for x in w.victims})
    return {
        "seed": w.seed, "params": w.K, "formats": w.F, "period": [w.start.isoformat(), w.end.isoformat()],
        "n_transfers": len(w.tx), "n_calls": counts["n_calls"], "n_logins": counts["n_logins"],
        "n_kyc": counts["n_kyc"], "n_reports": counts["n_reports"],
        "mules": sorted(m for m in w.mules if m in w.got_money),
        "cashout": sorted(c for c in w.cashouts if c in w.got_money),
        "unused_mules": sorted(m for m in w.mules + w.cashouts if m not in w.got_money),
        "mule_types": {m: w.acc[m]["mtype"] for m in w.mules},
        "mule_layer": {m: w.acc[m]["layer"] for m in w.mules},
        "organisations": [_organisation(w, o) for o in w.orgs],
        "campaigns": [o["cases"] for o in w.orgs if o["cases"]],
        "victims": [{"case": x["case"], "account": x["account"], "org": x["org"],
                     "reached_cashout": sorted(w.reached.get(x["vid"], ()))}
                    for x in w.victims if x["case"]],
        "unreported_victims": [{"account": x["account"], "org": x["org"]}
                               for x in w.victims if not x["case"]],
        "confounders": kinds,
        "shipper_phones": w.kinds.get("phone_shipper_telesales", []),
    }


def _organisation(w, o):
    return {"id": o["id"], "mules": [m for row in o["layer"] for m in row if m in w.got_money],
                "cashout": [c for c in o["cashout"] if c in w.got_money],
                "cases": o["cases"], "phones": o["phones"] + o["handler_phones"],
                "devices": o["devices"] + o["cash_devices"], "ips": o["ips"] + o["vn_proxy"],
                "socials": o["socials"], "layers": o["layers"], "delay_med_min": round(o["delay_med_min"], 1),
                "scam_types": o["types"]}


def write_truth(w, d, counts):
    truth = build_truth(w, counts)
    with open(f"{d}/truth.json", "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, default=str)
    return truth
