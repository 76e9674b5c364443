"""How each command's result is shown: JSON as is, tables and CSV as flat rows."""

from __future__ import annotations

import sys

from graphfraud.output.tabular import emit, print_table, to_json


def _ev(evidence: list[dict]) -> str:
    return "; ".join(f"{e['file']}" + (f"[{e['sheet']}]" if e.get("sheet") else "") + f" row {e['row']}"
                     for e in evidence[:3]) + (" …" if len(evidence) > 3 else "")


def print_load_report(report: dict, fmt: str) -> None:
    rows = [{"file": f["file"], "sheet": s["sheet"], "kind": s["kind"], "status": s["status"], "rows": s["rows"],
             "nodes added": s["nodes_added"], "edges added": s["edges_added"], "rejects": s["rejects"],
             "note": s["note"]} for f in report["files"] for s in f["sheets"]]
    emit(report, fmt, rows, title="Load")
    if fmt == "table":
        for f in report["files"]:
            for s in f["sheets"]:
                if s["mapping"]:
                    cols = ", ".join(f"{h} → {fl}" for h, fl in s["mapping"]["columns"].items())
                    print(f"  {f['file']}{' [' + s['sheet'] + ']' if s['sheet'] else ''}: {cols}",
                          file=sys.stderr)
    if report["rejects"]:
        print(f"{report['rejects']} value(s) rejected; the rows' other values were loaded. "
              f"Rejects report: {report['rejects_report']}", file=sys.stderr)


def print_stats(stats: dict, fmt: str) -> None:
    rows = [{"what": "node", "type": t, "count": n} for t, n in stats["nodes"].items()]
    rows += [{"what": "edge", "type": t, "count": n} for t, n in stats["edges"].items()]
    emit(stats, fmt, rows, title=f"{stats['total_nodes']:,} nodes, {stats['total_edges']:,} edges, "
                                 f"{stats['files']} files, {stats['rejects']} rejects")


def print_find(result: dict, fmt: str) -> None:
    rows = []
    for m in result["matches"]:
        for n in m["neighbours"]:
            rows.append({"match": f"{m['type']}:{m['value']}", "hops": n["hops"], "neighbour type": n["type"],
                         "neighbour": n["value"], "edge": n["edge"]["type"], "time": n["edge"].get("time"),
                         "amount": n["edge"].get("amount"), "evidence": _ev(n["evidence"])})
    if fmt == "table":
        for m in result["matches"]:
            extra = f" bank {m['bank']}" if m.get("bank") else ""
            print(f"{m['type']} {m['value']}{extra}: {m['degree']} edges; seen in {_ev(m['evidence'])}",
                  file=sys.stderr)
            if m["truncated"]:
                print(f"  ({m['truncated']} more neighbours not listed; raise --limit)", file=sys.stderr)
    emit(result, fmt, rows, title=f"Neighbours of {result['query']}")


def print_path(result: dict, fmt: str) -> None:
    rows = [{"hop": i + 1, "from": f"{h['from']['type']}:{h['from']['value']}",
             "edge": h["edge"]["type"] + ("" if h["direction"] == "forward" else " (reverse)"),
             "to": f"{h['to']['type']}:{h['to']['value']}", "time": h["edge"].get("time"),
             "amount": h["edge"].get("amount"), "evidence": _ev(h["evidence"])}
            for i, h in enumerate(result["hops"])]
    emit(result, fmt, rows, title=f"Path of {result['length']} hops")


def print_fields(data: dict, fmt: str) -> None:
    rows = [{"kind": k, "field": f, "headers recognised": ", ".join(a[:6]) + (" …" if len(a) > 6 else "")}
            for k, fs in data.items() for f, a in fs.items()]
    emit(data, fmt, rows, title="Source kinds and fields")


def print_demo(result: dict, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(to_json(result) + "\n")
        return
    print(f"Demo data: {result['out_dir']} (seed {result['seed']}); store {result['store']}")
    print_table([{"kind": k, "files": len(v)} for k, v in result["files"].items()], title="Generated case files")
    s = result["stats"]
    print_table([{"type": t, "nodes": n} for t, n in s["nodes"].items()],
                title=f"Graph: {s['total_nodes']:,} nodes, {s['total_edges']:,} edges, {s['rejects']} rejects")
    for section in result.get("sections", []):
        print_table(section["rows"], title=section["title"])
    for line in result.get("notes", []):
        print(line)


def print_trace(result: dict, fmt: str) -> None:
    src = result["source"]
    rows = []
    for i, r in enumerate(result["routes"], start=1):
        for j, h in enumerate(r["hops"], start=1):
            rows.append({"route": i, "hop": j, "from": h["from"]["value"], "to": h["to"]["value"],
                         "to bank": h["to"].get("bank"), "traced": h["amount"], "transfer": h["transfer_amount"],
                         "time": h["time"], "txn": h.get("txn_id"), "description": h.get("description"),
                         "evidence": _ev(h["evidence"]),
                         "end": f"{r['end']['kind']} ({r['amount']})" if j == len(r["hops"]) else ""})
    if fmt != "table":
        emit(result, fmt, rows)
        return
    way = "came from" if result["direction"] == "backward" else "went"
    print(f"Where the money of account {src['value']} ({src.get('bank') or 'bank unknown'}) {way}: "
          f"{result['traced_amount']} traced, {result['summary']['routes']} route(s)", file=sys.stderr)
    print_table([{"end": f"{e['type']}:{e['value']}", "bank": e.get("bank"), "kind": e["kind"], "amount": e["amount"],
                  "routes": e["routes"], "cases": ", ".join(f"{c['case']} ({c['role']})" for c in e.get("cases", []))}
                 for e in result["endpoints"]], title="Endpoints")
    print_table(rows, title=f"Routes ({result['summary']['routes_shown']} shown)")
    s = result["summary"]
    if s["truncated"] or s["routes_shown"] < s["routes"]:
        print(f"({s['routes'] - s['routes_shown']} smaller routes not shown"
              f"{'; the trace hit its work limit' if s['truncated'] else ''})", file=sys.stderr)


def print_link_cases(groups: list[dict], fmt: str) -> None:
    rows = [{"group": g["group"], "cases": len(g["cases"]), "case ids": ", ".join(g["cases"]),
             "total loss": g["total_loss"], "from": g["date_range"][0], "to": g["date_range"][1],
             "evidence": "; ".join(list(dict.fromkeys(
                 f"{e['kind']} via {e['via'][0]['type']}:{e['via'][0]['value']}"
                 for e in sorted(g["evidence"], key=lambda e: -e["weight"])))[:3]),
             "bridges": ", ".join(g.get("bridges", [])),
             "related": "; ".join(f"{r['group']} ({r['kind']} via {r['via'][0]['type']}:{r['via'][0]['value']})"
                                  for r in g.get("related", [])[:3])} for g in groups]
    emit(groups, fmt, rows, title=f"{len(groups)} campaign(s) of linked cases")


def print_evaluation(result: dict, fmt: str) -> None:
    from graphfraud.analysis.evaluate import table_rows, to_markdown

    if fmt == "markdown":
        sys.stdout.write(to_markdown(result))
        return
    emit(result, fmt, table_rows(result), title="Evaluation")


def _reason_refs(reasons: list[dict], limit: int = 4) -> str:
    """file/row references of the example transfers and records behind some reasons."""
    refs = []
    for r in reasons:
        ev = r.get("evidence") or {}
        for key in ("transfers", "edges", "mentions", "records", "calls"):
            for item in ev.get(key) or []:
                f, row = item.get("file"), item.get("row")
                if f and row is not None and f"{f} row {row}" not in refs:
                    refs.append(f"{f} row {row}")
    return "; ".join(refs[:limit]) + (" …" if len(refs) > limit else "")


def print_mules(result: list[dict], fmt: str, explain: bool = False) -> None:
    rows = []
    for m in result:
        row = {"account": m["value"], "bank": m.get("bank"), "score": f"{m['score']:.3f}",
               "reasons": "; ".join(r["text"] for r in m["reasons"] if r.get("contribution", 1) > 0)}
        if explain:
            row["evidence"] = _reason_refs(m["reasons"])
        rows.append(row)
    emit(result, fmt, rows, title=f"{len(result)} account(s) scored as money mules")


def print_communities(result: list[dict], fmt: str) -> None:
    rows = [{"id": c["id"], "size": c["size"],
             "members by type": ", ".join(f"{t} {n}" for t, n in c["members_by_type"].items()),
             "money in": c["money_in"], "money out": c["money_out"],
             "cases": (", ".join(c["cases"][:6]) + (" …" if len(c["cases"]) > 6 else "")),
             "top members": ", ".join(f"{m['type']}:{m['value']}" for m in c["top_members"][:4])}
            for c in result]
    title = f"{len(result)} cluster(s)"
    if result and result[0].get("hub_cutoff") is not None:
        title += f" (identifiers with more than {result[0]['hub_cutoff']:g} neighbours treated as hubs)"
    emit(result, fmt, rows, title=title)


def print_organizers(result: list[dict], fmt: str) -> None:
    rows = [{"community": o["community"], "type": o["type"], "value": o["value"], "score": f"{o['score']:.3f}",
             "reasons": "; ".join(r["text"] for r in o["reasons"]),
             "evidence": _reason_refs(o["reasons"], 2)} for o in result]
    emit(result, fmt, rows, title=f"{len(result)} organiser candidate(s)")


def load_failure(report: dict, strict: bool) -> str | None:
    """What makes a load fail (exit code 1): files refused, or with ``strict`` values rejected; else None."""
    if report["refused"]:
        n, total = len(report["refused"]), len(report["files"])
        rest = " (the others were loaded)" if n < total else ""
        return f"{n} of {total} files refused{rest}: " + "; ".join(r["reason"] for r in report["refused"])
    if strict and report["rejects"]:
        return f"{report['rejects']} value(s) rejected (--strict); see {report['rejects_report']}"
    return None


def print_queries(rows: list[dict], fmt: str) -> None:
    emit(rows, fmt, rows, title="Named queries (graphfraud query NAME --param KEY=VALUE)")


def print_query(name: str, rows: list[dict], fmt: str) -> None:
    if fmt == "table" and not rows:
        print("(no rows)", file=sys.stderr)
        return
    emit(rows, fmt, rows, title=f"{name}: {len(rows)} row(s)")


def print_push(result: dict, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(to_json(result) + "\n")
        return
    print(f"Pushed {result['from']} to {result['to']} (database {result['database']}): "
          f"{result['loads']} loads, {result['nodes']:,} nodes ({result['nodes_added']:,} new), {result['edges']:,} edges "
          f"({result['edges_added']:,} new), {result['rejects']:,} rejects", file=sys.stderr)
    print_stats(result["stats"], fmt)


def print_exported(r: dict) -> None:
    more = f" ({r['omitted_nodes']:,} more not drawn)" if r.get("omitted_nodes") else ""
    print(f"Wrote {', '.join(r['out'])}: {r['nodes']:,} nodes, {r['edges']:,} edges{more}", file=sys.stderr)


def print_reported(r: dict) -> None:
    print(f"Wrote {r['out']}: {r['campaigns']} campaigns, {r['cases']} cases, total loss {r['total_loss']}",
          file=sys.stderr)


def print_audit_log(entries: list[dict], fmt: str) -> None:
    rows = [{"seq": e["seq"], "time": e["time"], "user": e["user"], "action": e["action"],
             "status": e["details"].get("status"), "inputs": len(e["inputs"])} for e in entries]
    emit(entries, fmt, rows)
