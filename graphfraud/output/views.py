"""How each command's result is shown: JSON as is, tables and CSV as flat rows."""

from __future__ import annotations

import sys

from graphfraud.output.cli_text import STRINGS, tr, type_name
from graphfraud.output.evidence_text import where_all
from graphfraud.output.tabular import emit, print_table, to_json
from graphfraud.textfmt import fmt_money, fmt_num


def _ev(evidence: list[dict], lang: str = "en") -> str:
    return where_all(evidence, lang, limit=3)


def print_load_report(report: dict, fmt: str, lang: str = "en") -> None:
    from graphfraud.output.error_text import translate_error

    people = lang if fmt == "table" else "en"
    rows = [{"file": f["file"], "sheet": s["sheet"],
             "kind": type_name(s["kind"], people, "source") if s["kind"] else s["kind"],
             "status": tr(f"status.{s['status']}", people) if f"status.{s['status']}" in STRINGS
             else s["status"],
             "rows": s["rows"], "nodes added": s["nodes_added"], "edges added": s["edges_added"],
             "rejects": s["rejects"], "note": translate_error(s["note"] or "", people)}
            for f in report["files"] for s in f["sheets"]]
    emit(report, fmt, rows, title=tr("load.title", lang), lang=lang)
    if fmt == "table":
        for f in report["files"]:
            for s in f["sheets"]:
                if s["mapping"]:
                    pairs = [f"{h} → {fl}" for h, fl in s["mapping"]["columns"].items()]
                    pairs += [f"{h} → {c['field']} {c['value']}"
                              for h, c in s["mapping"].get("above_the_table", {}).items()]
                    cols = ", ".join(pairs)
                    print(f"  {f['file']}{' [' + s['sheet'] + ']' if s['sheet'] else ''}: {cols}",
                          file=sys.stderr)
    if report["rejects"]:
        print(tr("load.rejects", lang, n=report["rejects"], path=report["rejects_report"]), file=sys.stderr)


def print_stats(stats: dict, fmt: str, lang: str = "en") -> None:
    table = fmt == "table"
    rows = [{"what": tr("what.node", lang) if table else "node", "type": type_name(t, lang) if table else t,
             "count": n} for t, n in stats["nodes"].items()]
    rows += [{"what": tr("what.edge", lang) if table else "edge",
              "type": type_name(t, lang, "edge") if table else t, "count": n} for t, n in stats["edges"].items()]
    title = tr("stats.title", lang, nodes=stats["total_nodes"], edges=stats["total_edges"], files=stats["files"],
               rejects=stats["rejects"])
    emit(stats, fmt, rows, title=title, lang=lang)


def print_find(result: dict, fmt: str, lang: str = "en") -> None:
    table = fmt == "table"
    rows = []
    for m in result["matches"]:
        for n in m["neighbours"]:
            rows.append({"match": f"{m['type']}:{m['value']}", "hops": n["hops"],
                         "neighbour type": type_name(n["type"], lang) if table else n["type"],
                         "neighbour": n["value"],
                         "edge": type_name(n["edge"]["type"], lang, "edge") if table else n["edge"]["type"],
                         "time": n["edge"].get("time"), "amount": n["edge"].get("amount"),
                         "evidence": _ev(n["evidence"], lang if table else "en")})
    if table:
        for m in result["matches"]:
            extra = tr("find.bank", lang, bank=m["bank"]) if m.get("bank") else ""
            print(tr("find.match", lang, what=type_name(m["type"], lang), value=m["value"], bank=extra,
                     degree=m["degree"], where=_ev(m["evidence"], lang)), file=sys.stderr)
            if len(m.get("people") or ()) > 1:
                print(tr("find.person", lang, n=len(m["people"]), people=", ".join(m["people"]),
                         aliases=", ".join(m["aliases"])), file=sys.stderr)
            if m["truncated"]:
                print(tr("find.truncated", lang, n=m["truncated"]), file=sys.stderr)
    emit(result, fmt, rows, title=tr("find.title", lang, query=result["query"]), lang=lang, money=("amount",),
         times=("time",))


def print_path(result: dict, fmt: str, lang: str = "en") -> None:
    table = fmt == "table"
    rows = [{"hop": i + 1, "from": f"{h['from']['type']}:{h['from']['value']}",
             "edge": (type_name(h["edge"]["type"], lang, "edge") if table else h["edge"]["type"])
             + ("" if h["direction"] == "forward" else tr("path.reverse", lang if table else "en")),
             "to": f"{h['to']['type']}:{h['to']['value']}", "time": h["edge"].get("time"),
             "amount": h["edge"].get("amount"), "evidence": _ev(h["evidence"], lang if table else "en")}
            for i, h in enumerate(result["hops"])]
    emit(result, fmt, rows, title=tr("path.title", lang, n=result["length"]), lang=lang, money=("amount",),
         times=("time",))


def print_fields(data: dict, fmt: str, lang: str = "en") -> None:
    rows = [{"kind": k, "field": f, "headers recognised": ", ".join(a[:6]) + (" …" if len(a) > 6 else "")}
            for k, fs in data.items() for f, a in fs.items()]
    emit(data, fmt, rows, title=tr("fields.title", lang), lang=lang)


def print_demo(result: dict, fmt: str, lang: str = "en") -> None:
    if fmt == "json":
        sys.stdout.write(to_json(result) + "\n")
        return
    print(tr("demo.data", lang, out=result["out_dir"], seed=result["seed"], store=result["store"]))
    print_table([{"kind": type_name(k, lang, "source"), "files": len(v)} for k, v in result["files"].items()],
                title=tr("demo.files", lang), lang=lang)
    s = result["stats"]
    print_table([{"type": type_name(t, lang), "nodes": n} for t, n in s["nodes"].items()],
                title=tr("demo.graph", lang, nodes=s["total_nodes"], edges=s["total_edges"],
                         rejects=s["rejects"]), lang=lang)
    for section in result.get("sections", []):
        print_table(section["rows"], title=section["title"], lang=lang,
                    money=("money in", "total loss", "amount", "traced", "loss"))
    for line in result.get("notes", []):
        print(line)


def _trace_rows(result: dict, table: bool, lang: str) -> list[dict]:
    rows = []
    for i, r in enumerate(result["routes"], start=1):
        for j, h in enumerate(r["hops"], start=1):
            end = ""
            if j == len(r["hops"]):
                kind = type_name(r["end"]["kind"], lang, "end") if table else r["end"]["kind"]
                end = f"{kind} ({fmt_money(r['amount'], lang) if table else r['amount']})"
            rows.append({"route": i, "hop": j, "from": h["from"]["value"], "to": h["to"]["value"],
                         "to bank": h["to"].get("bank"), "traced": h["amount"], "transfer": h["transfer_amount"],
                         "time": h["time"], "txn": h.get("txn_id"), "description": h.get("description"),
                         "evidence": _ev(h["evidence"], lang if table else "en"), "end": end})
    return rows


def print_trace(result: dict, fmt: str, lang: str = "en") -> None:
    src = result["source"]
    rows = _trace_rows(result, fmt == "table", lang)
    if fmt != "table":
        emit(result, fmt, rows)
        return
    print(tr(f"trace.head.{'backward' if result['direction'] == 'backward' else 'forward'}", lang,
             account=src["value"], bank=src.get("bank") or tr("trace.bank_unknown", lang),
             traced=result["traced_amount"], routes=result["summary"]["routes"]), file=sys.stderr)
    ends = [{"end": f"{e['type']}:{e['value']}", "bank": e.get("bank"), "kind": type_name(e["kind"], lang, "end"),
             "amount": e["amount"], "routes": e["routes"],
             "cases": ", ".join(f"{c['case']} ({type_name(c['role'], lang, 'role')})" for c in e.get("cases", []))}
            for e in result["endpoints"]]
    print_table(ends, title=tr("trace.endpoints", lang), lang=lang, money=("amount",))
    print_table(rows, title=tr("trace.routes", lang, n=result["summary"]["routes_shown"]), lang=lang,
                money=("traced", "transfer"), times=("time",))
    s = result["summary"]
    if s["truncated"] or s["routes_shown"] < s["routes"]:
        print(tr("trace.hidden", lang, n=s["routes"] - s["routes_shown"],
                 cut=tr("trace.cut", lang) if s["truncated"] else ""), file=sys.stderr)


def _via(kind: str, via: dict, lang: str) -> str:
    return tr("link.via", lang, kind=type_name(kind, lang, "link.kind"), via=f"{via['type']}:{via['value']}")


def print_link_cases(groups: list[dict], fmt: str, lang: str = "en") -> None:
    from graphfraud.output.i18n import fmt_date

    table = fmt == "table"
    lang_t = lang if table else "en"
    rows = [{"group": g["group"], "cases": len(g["cases"]), "case ids": ", ".join(g["cases"]),
             "total loss": g["total_loss"],
             "from": fmt_date(g["date_range"][0], lang) if table else g["date_range"][0],
             "to": fmt_date(g["date_range"][1], lang) if table else g["date_range"][1],
             "evidence": "; ".join(list(dict.fromkeys(_via(e["kind"], e["via"][0], lang_t)
                                                      for e in sorted(g["evidence"], key=lambda e: -e["weight"])))[:3]),
             "bridges": ", ".join(g.get("bridges", [])),
             "related": "; ".join(f"{r['group']} ({_via(r['kind'], r['via'][0], lang_t)})"
                                  for r in g.get("related", [])[:3])} for g in groups]
    emit(groups, fmt, rows, title=tr("link.title", lang, n=len(groups)), lang=lang, money=("total loss",),
         times=())


def print_evaluation(result: dict, fmt: str, lang: str = "en", amlsim_wanted: bool = True) -> None:
    """The evaluation tables; a line on stderr when AMLSim was wanted but no AMLSim output was found."""
    from graphfraud.analysis.evaluate import table_rows, to_markdown

    if amlsim_wanted and not result.get("amlsim_dir"):
        print(tr("evaluate.no_amlsim", lang), file=sys.stderr)
    if fmt == "markdown":
        sys.stdout.write(to_markdown(result))
        return
    emit(result, fmt, table_rows(result), title=tr("evaluation.title", lang), lang=lang)


def _reason_refs(reasons: list[dict], limit: int = 4, lang: str = "en") -> str:
    """file/row references of the example transfers and records behind some reasons."""
    refs = []
    row = tr("row", lang)
    for r in reasons:
        ev = r.get("evidence") or {}
        for key in ("transfers", "edges", "mentions", "records", "calls"):
            for item in ev.get(key) or []:
                f, n = item.get("file"), item.get("row")
                if f and n is not None and f"{f} {row} {n}" not in refs:
                    refs.append(f"{f} {row} {n}")
    return "; ".join(refs[:limit]) + (" …" if len(refs) > limit else "")


def print_mules(result: list[dict], fmt: str, explain: bool = False, lang: str = "en") -> None:
    rows = []
    num_lang = lang if fmt == "table" else "en"
    for m in result:
        row = {"account": m["value"], "bank": m.get("bank"), "score": fmt_num(m["score"], num_lang, 3)}
        if explain:  # equal scores are ordered by the strength of the evidence: show it
            row["strength"] = fmt_num(m.get("strength", 0.0), num_lang, 2)
        row["reasons"] = "; ".join(r["text"] for r in m["reasons"] if r.get("contribution", 1) > 0)
        if explain:
            row["evidence"] = _reason_refs(m["reasons"], lang=num_lang)
        rows.append(row)
    emit(result, fmt, rows, title=tr("mules.title", lang, n=len(result)), lang=lang)
    if explain and fmt == "table" and result:
        print(tr("mules.order", lang), file=sys.stderr)


def print_communities(result: list[dict], fmt: str, lang: str = "en", limit: int | None = None,
                      with_cases: bool = False) -> None:
    """Clusters; a table shows the first ``limit`` (default 20) and says how many were left out."""
    table = fmt == "table"
    total = len(result)
    if limit is None and table:
        limit = 20
    shown = result if limit is None else result[:max(0, limit)]
    rows = [{"id": c["id"], "size": c["size"],
             "members by type": ", ".join(f"{type_name(t, lang) if table else t} {n}"
                                          for t, n in c["members_by_type"].items()),
             "money in": c["money_in"], "money out": c["money_out"],
             "cases": (", ".join(c["cases"][:6]) + (" …" if len(c["cases"]) > 6 else "")),
             "top members": ", ".join(f"{m['type']}:{m['value']}" for m in c["top_members"][:4])}
            for c in shown]
    title = tr("communities.title_cases" if with_cases else "communities.title", lang, n=total)
    if result and result[0].get("hub_cutoff") is not None:
        title += tr("communities.hubs", lang, n=result[0]["hub_cutoff"])
    emit(shown, fmt, rows, title=title, lang=lang,
         money=("money in", "money out"))
    if table and len(shown) < total:
        print(tr("communities.left_out", lang, n=total - len(shown), total=total), file=sys.stderr)


def print_organizers(result: list[dict], fmt: str, lang: str = "en") -> None:
    rows = [{"community": o["community"], "type": type_name(o["type"], lang) if fmt == "table" else o["type"],
             "value": o["value"], "score": fmt_num(o["score"], lang if fmt == "table" else "en", 3),
             "reasons": "; ".join(r["text"] for r in o["reasons"]),
             "evidence": _reason_refs(o["reasons"], 2, lang if fmt == "table" else "en")} for o in result]
    emit(result, fmt, rows, title=tr("organizers.title", lang, n=len(result)), lang=lang)


def load_failure(report: dict, strict: bool) -> str | None:
    """What makes a load fail (exit code 1): files refused, or with ``strict`` values rejected; else None."""
    if report["refused"]:
        n, total = len(report["refused"]), len(report["files"])
        rest = " (the others were loaded)" if n < total else ""
        return f"{n} of {total} files refused{rest}: " + "; ".join(r["reason"] for r in report["refused"])
    if strict and report["rejects"]:
        return f"{report['rejects']} value(s) rejected (--strict); see {report['rejects_report']}"
    return None


def print_queries(rows: list[dict], fmt: str, lang: str = "en") -> None:
    emit(rows, fmt, rows, title=tr("queries.title", lang), lang=lang)


def print_query(name: str, rows: list[dict], fmt: str, lang: str = "en") -> None:
    if fmt == "table" and not rows:
        print(tr("query.none", lang), file=sys.stderr)
        return
    emit(rows, fmt, rows, title=tr("query.title", lang, name=name, n=len(rows)), lang=lang)


def print_push(result: dict, fmt: str, lang: str = "en") -> None:
    if fmt == "json":
        sys.stdout.write(to_json(result) + "\n")
        return
    if "importer_options" in result:
        print(tr("pushed.bulk_files", lang, nodes=result["nodes"], edges=result["edges"], out=result["files"]),
              file=sys.stderr)
        return
    if result.get("bulk"):
        print(tr("pushed.bulk", lang, csv=result["csv_seconds"], imp=result["import_seconds"],
                 schema=result["schema_seconds"]), file=sys.stderr)
    print(tr("pushed", lang, src=result["from"], dst=result["to"], db=result["database"], loads=result["loads"],
             nodes=result["nodes"], nodes_new=result["nodes_added"], edges=result["edges"],
             edges_new=result["edges_added"], rejects=result["rejects"]), file=sys.stderr)
    print_stats(result["stats"], fmt, lang)


def print_exported(r: dict, lang: str = "en") -> None:
    more = tr("exported.more", lang, n=r["omitted_nodes"]) if r.get("omitted_nodes") else ""
    print(tr("exported", lang, out=", ".join(r["out"]), nodes=r["nodes"], edges=r.get("edges_total", r["edges"]),
             more=more),
          file=sys.stderr)
    if r.get("scores_not_shown"):
        print(tr("exported.no_scores", lang), file=sys.stderr)


def print_reported(r: dict, lang: str = "en") -> None:
    print(tr("reported", lang, out=r["out"], campaigns=r["campaigns"], cases=r["cases"], loss=r["total_loss"]),
          file=sys.stderr)
    if r.get("pages"):
        print(tr("reported.pages", lang, n=r["pages_written"], folder=r["pages"]), file=sys.stderr)


def print_audit_log(entries: list[dict], fmt: str, lang: str = "en") -> None:
    rows = [{"seq": e["seq"], "time": e["time"], "user": e["user"], "action": e["action"],
             "status": e["details"].get("status"), "inputs": len(e["inputs"])} for e in entries]
    emit(entries, fmt, rows, lang=lang, times=("time",))
