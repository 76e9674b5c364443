"""Command line: ``generate`` seed folders, ``evaluate`` graphfraud on them.

    python -m bench.second_generator generate --seeds 1-12 --out DIR
    python -m bench.second_generator evaluate DIR [--no-load] [--seeds 1-3]
"""

import argparse
import sys
import time

from .evaluate import evaluate_dir
from .generate import generate_seed


def parse_seeds(text):
    """Seeds written "1-12", "1,3,5" or "1-3,7", as a list of ints."""
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


def _generate(args):
    for s in parse_seeds(args.seeds):
        t0 = time.perf_counter()
        w, _ = generate_seed(s, args.out)
        print(f"seed {s}: tx={len(w.tx)} calls={len(w.calls)} logins={len(w.logins)} "
              f"reports={len(w.reports)} "
              f"orgs={w.K['n_orgs']} mules={len(w.mules)} cashout={len(w.cashouts)} "
              f"fmt={w.F['tx_file']},{w.F['lang']},{w.F['date_style']},{w.F['amount_style']} "
              f"({time.perf_counter() - t0:.1f} s)", flush=True)
    return 0


def _evaluate(args):
    seeds = parse_seeds(args.seeds) if args.seeds else None
    evaluate_dir(args.dir, seeds=seeds, load=not args.no_load)
    return 0


def build_parser():
    p = argparse.ArgumentParser(
        prog="python -m bench.second_generator",
        description="Synthetic fraud case folders written independently of graphfraud's demo, and "
                    "graphfraud's detection measured on them.")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write DIR/seed_<N>/ case files and truth.json for each seed")
    g.add_argument("--seeds", required=True, help='seeds: "1-12", "1,3,5" or "1-3,7"')
    g.add_argument("--out", required=True, help="folder to write the seed folders into")
    g.set_defaults(func=_generate)
    e = sub.add_parser("evaluate", help="load each DIR/seed_<N>/ into graphfraud and score its outputs")
    e.add_argument("dir", help="folder holding the seed_<N> folders")
    e.add_argument("--no-load", action="store_true", help="score the outputs already in the seed folders")
    e.add_argument("--seeds", help="only these seeds (default: every seed_<N> folder)")
    e.set_defaults(func=_evaluate)
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
