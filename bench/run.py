"""graphfraud benchmark: one run, one markdown table.

    python bench/run.py --sizes 100000,1000000 [--out bench/out] [--pairs 100]

For each size it generates the demo data set with the project's generator
(cached in OUT/N/data), then measures every command as a whole process (wall
seconds, peak RSS and CPU seconds, through /usr/bin/time): load (rows/s), stats,
find, path (p50/p95 over random pairs), the neighbourhood commands (trace and
``export --around/--case/--trace`` in several formats, run before any whole-graph
command, with a check that none of them read the whole graph), communities, mules,
organizers, link-cases, ``export --around --with-scores`` (the detectors run once and
their results kept) and the same export reading them back, report. Beside it, a plain reference pipeline — pandas read +
networkx graph + networkx Louvain and shortest paths — on the same transfers,
and the ratios (skipped above ``--reference-max`` transfers, where networkx
Louvain alone runs for most of an hour). The machine is described in the output.
A command that is not available, or was not run, prints "n/a". The measures of each size are
also kept in OUT/N/results.json as they are taken. Every command runs with ``--timings``: below
the table, the steps of the load and of each whole-graph command that took at least 5 % of its
time say where that time went. graphfraud's modules are byte-compiled first, as an installed
wheel's are.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def timed(cmd: list[str], cwd=None) -> tuple[float, float, int, str, float, list]:
    """(wall seconds, peak RSS MiB, exit code, stdout, CPU seconds user + system, steps) of one whole
    process; ``steps`` are the ``[seconds, step]`` lines its ``--timings`` wrote on stderr. On a
    machine shared with other work the wall time grows with the load; the CPU time much less."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", tf.name, *cmd], capture_output=True,
                           text=True, cwd=cwd, check=False)
        wall = time.perf_counter() - t
        try:
            rss_kb, user, system = Path(tf.name).read_text().strip().splitlines()[-1].split()
            rss, cpu = int(rss_kb) / 1024, float(user) + float(system)
        except (ValueError, IndexError):
            rss = cpu = float("nan")
    return wall, rss, p.returncode, p.stdout, cpu, steps_of(p.stderr)


def steps_of(stderr: str) -> list:
    """The ``--timings`` lines (``   12.31 s  Reading the graph: 1,036,114 rows``) as [seconds, step]."""
    lines = stderr.splitlines()
    start = next((k for k, line in enumerate(lines) if line.startswith("Time per step (")), None)
    if start is None:
        return []
    out = []
    for line in lines[start + 1:]:
        secs, _sep, step = line.strip().partition(" s  ")
        try:
            out.append([float(secs.replace(",", "")), step])
        except ValueError:
            break
    return out


def gf(store: Path, *args: str) -> list[str]:
    """A graphfraud command on ``store``, in English, writing its step times (``--timings``) on stderr."""
    return [PY, "-m", "graphfraud", "--store", str(store), "--lang", "en", "--timings", *args]


def byte_compile() -> None:
    """Compile graphfraud's modules once, as installing a wheel does: with PYTHONDONTWRITEBYTECODE set
    (or a read-only checkout) every command would otherwise compile them from source again."""
    root = Path(__file__).resolve().parents[1]
    subprocess.run([PY, "-m", "compileall", "-q", str(root / "graphfraud"), str(root / "loaders"),
                    str(root / "cli.py")], check=False, capture_output=True)


def dataset(out: Path, n: int, seed: int = 1):
    data = out / "data"
    gt = data / "ground_truth.json"
    if not gt.exists():
        if data.exists():
            shutil.rmtree(data)
        subprocess.run([PY, "-m", "graphfraud.demo.generator", str(data), "--seed", str(seed),
                        "--transfers", str(n)], check=True, capture_output=True)
    files = sorted(p for p in data.iterdir() if p.name != "ground_truth.json")
    return files, json.loads(gt.read_text(encoding="utf-8"))


def count_rows(path: Path) -> int:
    if path.suffix == ".csv":
        with open(path, "rb") as fh:
            return sum(1 for _ in fh) - 1
    return 0


def reference(tx_csv: Path, pairs: int, seed: int) -> dict:
    """pandas + networkx, as an analyst's script would do it."""
    code = f"""
import time, random, json
import pandas as pd, networkx as nx
t=time.perf_counter()
df=pd.read_csv({str(tx_csv)!r}, dtype=str, keep_default_na=False)
t_read=time.perf_counter()-t
src=[c for c in df.columns if 'ghi nợ' in c.lower() or 'debit' in c.lower()][0]
dst=[c for c in df.columns if 'ghi có' in c.lower() or 'credit' in c.lower()][0]
t=time.perf_counter()
G=nx.Graph(); G.add_edges_from(zip(df[src], df[dst]))
t_graph=time.perf_counter()-t
t=time.perf_counter()
comms=nx.community.louvain_communities(G, seed=1)
t_louvain=time.perf_counter()-t
nodes=list(G.nodes); rng=random.Random({seed}); lat=[]
for _ in range({pairs}):
    a,b=rng.choice(nodes),rng.choice(nodes); s=time.perf_counter()
    try: nx.shortest_path_length(G,a,b)
    except nx.NetworkXNoPath: pass
    lat.append(time.perf_counter()-s)
print(json.dumps(dict(read=t_read, graph=t_graph, louvain=t_louvain, path_mean=sum(lat)/len(lat))))
"""
    wall, rss, rc, out, _cpu, _steps = timed([PY, "-c", code])
    if rc != 0:
        return {"error": True}
    d = json.loads(out.strip().splitlines()[-1])
    d.update(wall=wall, rss=rss)
    return d


class SavedResults(dict):
    """The measures of one size, rewritten to OUT/N/results.json after each one: a long run (10^7
    transfers takes hours) that stops half-way still leaves what it measured."""

    def __init__(self, path: Path, **kw):
        super().__init__(**kw)
        self.path = path

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.path.write_text(json.dumps(self, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def bench_size(n: int, out: Path, pairs: int, seed: int, reference_max: int) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    files, truth = dataset(out, n, seed)
    store = out / "graphfraud.db"
    for p in out.glob("graphfraud.db*"):  # the store, its rejects report and its graph snapshot
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    res: dict = SavedResults(out / "results.json", n=n)
    helps = sorted(timed([PY, "-m", "graphfraud", "--help"])[0] for _ in range(5))
    res["help"] = helps[2]
    tx = next(f for f in files if f.name.startswith("sao_ke"))
    rows_tx = count_rows(tx)
    wall, rss, rc, _, _cpu, steps = timed(gf(store, "load", str(tx)))
    res["load_tx"] = (wall, rss, rc, rows_tx)
    res["load_tx_steps"] = steps
    others = [str(f) for f in files if f != tx]
    rest = timed(gf(store, "load", *others))
    res["load_rest"] = rest[:3]
    res["load_rest_steps"] = rest[5]
    t = time.perf_counter()
    import pandas as pd
    pd.read_csv(tx, dtype=str, keep_default_na=False)
    res["read_csv"] = time.perf_counter() - t
    res["stats"] = timed(gf(store, "stats", "--format", "json"))
    rng = random.Random(seed)
    accounts = sorted({v["account"] for v in truth["victims"]} | set(truth["mules"]) | set(truth["cashout"]))
    victim, case = truth["victims"][0]["account"], truth["victims"][0]["case_id"]
    res["find"] = timed(gf(store, "find", rng.choice(accounts), "--format", "json"))
    res["find --hops 2"] = timed(gf(store, "find", victim, "--hops", "2", "--format", "json"))
    lat = []
    for _ in range(pairs):
        a, b = rng.choice(accounts), rng.choice(accounts)
        lat.append(timed(gf(store, "path", a, b, "--format", "json"))[0])
    lat.sort()
    res["path"] = (statistics.median(lat), lat[int(0.95 * (len(lat) - 1))])
    # neighbourhood work: none of it reads the whole graph (no such step in their --timings)
    res["neighbourhood"] = neighbourhood(store, out, victim, case)
    res["graph_read_by_neighbourhood"] = any(_whole_graph(v[5]) for v in res["neighbourhood"].values())
    # the first whole-graph command after the loads maps the snapshot the loads wrote
    first = timed(gf(store, "communities", "--format", "json"))
    res["first_read"] = first[:3]
    res["first_read_steps"] = first[5]
    for name, args in (("communities", ("communities", "--format", "json")),
                       ("mules", ("mules", "--format", "json")),
                       ("organizers", ("organizers", "--format", "json")),
                       ("link-cases", ("link-cases", "--format", "json"))):
        res[name] = timed(gf(store, *args))
    # the detectors' scores on a neighbourhood: computed once over the whole graph, then read back
    around = ("export", "html", str(out / "graph.html"), "--around", victim, "--hops", "2", "--force")
    res["export --with-scores"] = timed(gf(store, *around, "--with-scores"))
    res["export, scores kept"] = timed(gf(store, *around))
    res["report"] = timed(gf(store, "report", str(out / "report.html"), "--force"))
    res["reference"] = reference(tx, min(pairs, 100), seed) if n <= reference_max else {"skipped": True}
    return res


NEIGHBOURHOOD = {   # name -> the command's arguments after the store (VICTIM, CASE, OUT filled in)
    "trace": ("trace", "VICTIM", "--format", "json"),
    "export html --around (1 hop)": ("export", "html", "OUT/around1.html", "--around", "VICTIM", "--force"),
    "export html --around --hops 2": ("export", "html", "OUT/around2.html", "--around", "VICTIM", "--hops", "2",
                                      "--force"),
    "export json --around": ("export", "json", "OUT/around1.json", "--around", "VICTIM", "--force"),
    "export html --case": ("export", "html", "OUT/case.html", "--case", "CASE", "--force"),
    "export graphml --trace": ("export", "graphml", "OUT/trace.graphml", "--trace", "VICTIM", "--force"),
}


def neighbourhood(store: Path, out: Path, victim: str, case: str) -> dict:
    """Every neighbourhood command (target: at most 1 s per whole process), timed as a whole process."""
    fill = {"VICTIM": victim, "CASE": case}
    found = {}
    for name, args in NEIGHBOURHOOD.items():
        cmd = [fill.get(a, a.replace("OUT/", str(out) + "/")) for a in args]
        found[name] = timed(gf(store, *cmd))
    return found


_SNAPSHOT_STEPS = ("Building the graph snapshot", "Updating the graph snapshot")


def _whole_graph(steps) -> bool:
    """Whether a command's ``--timings`` name a whole-graph read (or a snapshot build)."""
    return any(step.startswith(("Reading the graph", *_SNAPSHOT_STEPS)) for _, step in steps or ())


def _snapshot_secs(steps) -> str:
    """Seconds a load spent on the graph snapshot (its snapshot steps), as a table cell."""
    if not steps:
        return "n/a"
    return f"{sum(secs for secs, step in steps if step.startswith(_SNAPSHOT_STEPS)):.2f} s"


def fmt(x, unit="s"):
    if x is None:
        return "n/a"
    wall, rss, rc = x[:3]
    if rc != 0:
        return "n/a"
    cpu = f", {x[4]:.2f} {unit} CPU" if len(x) > 4 else ""
    return f"{wall:.2f} {unit} ({rss:.0f} MiB{cpu})"


def table(results: list[dict]) -> str:
    sizes = [r["n"] for r in results]
    lines = [f"Machine: {machine()}.", "", "| measure | " + " | ".join(f"{n:,} transfers" for n in sizes) + " |",
             "|---|" + "---|" * len(sizes)]

    def row(label, cells):
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("load transactions CSV: wall s (peak RSS)", [fmt(r["load_tx"]) for r in results])
    row("load: rows/s end to end", [f"{r['load_tx'][3] / r['load_tx'][0]:,.0f}" if r["load_tx"][2] == 0 else "n/a"
                                    for r in results])
    row("bare pandas.read_csv(dtype=str): s", [f"{r['read_csv']:.2f}" for r in results])
    row("load ÷ read_csv", [f"{r['load_tx'][0] / r['read_csv']:.1f}×" for r in results])
    row("of which: writing the graph snapshot at the end of the load", [
        _snapshot_secs(r.get("load_tx_steps")) for r in results])
    row("load the other five kinds (the snapshot updated with what they added)", [fmt(r["load_rest"]) for r in results])
    row("of which: updating the graph snapshot", [_snapshot_secs(r.get("load_rest_steps")) for r in results])
    row("graphfraud --help (whole process, median of 5)", [f"{r['help']:.2f} s" for r in results])
    for k in ("stats", "find", "find --hops 2"):
        row(f"{k} (whole process)", [fmt(r.get(k)) for r in results])
    row("path p50 / p95 (whole process)", [f"{r['path'][0]:.2f} / {r['path'][1]:.2f} s" for r in results])
    for k in NEIGHBOURHOOD:
        row(f"{k} (whole process, no whole-graph read)", [fmt(r["neighbourhood"].get(k)) for r in results])
    row("whole graph read by the neighbourhood commands", [
        "yes" if r["graph_read_by_neighbourhood"] else "no" for r in results])
    row("first whole-graph command after the loads: communities (maps the snapshot the loads wrote)",
        [fmt(r.get("first_read")) for r in results])
    for k in ("communities", "mules", "organizers", "link-cases", "report"):
        row(k, [fmt(r.get(k)) for r in results])
    row("export html --around --hops 2 --with-scores (detectors run over the whole graph, kept)",
        [fmt(r.get("export --with-scores")) for r in results])
    row("export html --around --hops 2 with the scores kept", [fmt(r.get("export, scores kept")) for r in results])
    row("highest peak RSS of any graphfraud command", [
        f"{max(v[1] for v in [*r.values(), *r['neighbourhood'].values()] if isinstance(v, tuple) and len(v) >= 3):.0f}"
        " MiB" for r in results])
    row("reference: pandas + networkx graph build", [
        f"{r['reference'].get('read', 0) + r['reference'].get('graph', 0):.2f} s" if "read" in r["reference"]
        else "n/a" for r in results])
    row("reference: networkx Louvain", [f"{r['reference']['louvain']:.2f} s" if "louvain" in r["reference"]
                                        else "n/a" for r in results])
    row("communities vs networkx Louvain", [
        f"{r['reference']['louvain'] / r['communities'][0]:.1f}× faster"
        if "louvain" in r["reference"] and r["communities"][2] == 0 else "n/a" for r in results])
    row("reference: networkx shortest path, mean (in memory)", [
        f"{r['reference']['path_mean'] * 1000:.1f} ms" if "path_mean" in r["reference"] else "n/a"
        for r in results])
    row("reference: whole script peak RSS", [f"{r['reference']['rss']:.0f} MiB" if "rss" in r["reference"] else "n/a"
                                              for r in results])
    lines += ["", "Where the time went (each command's `--timings`; steps of at least 5% of its time):", ""]
    for r in results:
        for label, steps in _step_lists(r):
            total = sum(s for s, _ in steps) or 1.0
            shown = []
            for secs, step in steps:
                if secs >= 0.05 * total:
                    name, _, peak = step.partition(" · peak ")
                    shown.append(f"{name} {secs:.1f} s" + (f" (peak {peak})" if peak else ""))
            lines.append(f"* {r['n']:,} transfers, {label}: " + " · ".join(shown))
    return "\n".join(lines)


def _step_lists(r: dict) -> list:
    """(command, its [seconds, step] lines) of one size's whole-graph commands and load."""
    found = [("load transactions", r.get("load_tx_steps")),
             ("load the other five kinds", r.get("load_rest_steps")),
             ("first whole-graph command (communities)", r.get("first_read_steps"))]
    for k in ("communities", "mules", "organizers", "link-cases", "report", "export --with-scores"):
        x = r.get(k)
        found.append((k, x[5] if isinstance(x, (list, tuple)) and len(x) > 5 else None))
    return [(label, steps) for label, steps in found if steps]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--out", default="bench/out")
    ap.add_argument("--pairs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reference-max", type=int, default=1_000_000,
                    help="run the networkx reference only up to this many transfers (its Louvain is slow)")
    ap.add_argument("--from-results", action="store_true",
                    help="measure nothing: print the table of the sizes' OUT/N/results.json (a run that stopped "
                         "half-way prints what it measured)")
    args = ap.parse_args()
    sizes = [int(float(x)) for x in args.sizes.split(",")]
    if args.from_results:
        print(table([saved(Path(args.out) / str(n) / "results.json", n) for n in sizes]))
        return
    byte_compile()
    results = []
    for n in sizes:
        print(f"benchmarking {n:,} transfers...", file=sys.stderr)
        results.append(bench_size(n, Path(args.out) / str(n), args.pairs, args.seed, args.reference_max))
    print(table(results))


def saved(path: Path, n: int) -> dict:
    """The measures kept in ``path``; what was not measured reads as not run (n/a)."""
    res = {"n": n, "neighbourhood": {}, "reference": {}, "graph_read_by_neighbourhood": False,
           **json.loads(path.read_text(encoding="utf-8"))}
    res.setdefault("help", float("nan"))
    res.setdefault("read_csv", float("nan"))
    res.setdefault("path", [float("nan"), float("nan")])

    def measure(v):   # a measure was a tuple (wall, RSS, exit code, ...) before JSON made it a list
        return tuple(v) if isinstance(v, list) and v and isinstance(v[0], (int, float)) else v
    res["neighbourhood"] = {k: measure(v) for k, v in res["neighbourhood"].items()}
    return {k: measure(v) for k, v in res.items()}


if __name__ == "__main__":
    main()
