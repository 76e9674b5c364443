"""Demo stores shared by the trace / linking / evaluate tests: generated and loaded once per session."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:          # make graphfraud importable without installing
    sys.path.insert(0, str(ROOT))

_BUILT: dict[int, tuple[Path, dict]] = {}


def demo_store(tmp_path_factory, seed: int) -> tuple[Path, dict]:
    """(store path, ground truth) of the default-size demo with ``seed``, built on first use."""
    if seed not in _BUILT:
        from graphfraud.demo.generator import generate
        from graphfraud.load import load_files
        from graphfraud.store.sqlite import SQLiteStore

        d = tmp_path_factory.mktemp(f"analysis_demo_seed{seed}")
        m = generate(d / "data", seed=seed)
        db = d / "graphfraud.db"
        with SQLiteStore(db) as st:
            load_files(st, m.all_files())
        _BUILT[seed] = (db, json.loads(Path(m.ground_truth).read_text(encoding="utf-8")))
    return _BUILT[seed]


def open_ro(db: Path):
    from graphfraud.store.sqlite import SQLiteStore

    return SQLiteStore(db, readonly=True)
