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
