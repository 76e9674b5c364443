"""The chunks of a file share their normalised cells (graphfraud.facts.build_facts' ``cache``): a
cell normalised, or rejected, in an earlier chunk is taken from the cache. The store must be the
same as when every chunk normalises its cells itself."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from graphfraud.loaders import read

from graphfraud import facts, facts_worker
from tests.conftest import write_csv
from tests.test_facts_worker import TX, _content, _load, _rows


@pytest.mark.parametrize("worker", [False, pytest.param(True, marks=pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the second process is forked (POSIX)"))])
def test_a_store_loaded_with_the_shared_cache_is_the_one_without(tmp_path, monkeypatch, worker):
    monkeypatch.setattr(read, "CHUNK_ROWS", 250)  # many chunks, the same cells in each
    if worker:  # every CSV through the second process, even on a one-core machine
        monkeypatch.setattr(facts_worker, "MIN_BYTES", 0)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    rows = _rows(2000)
    a = write_csv(tmp_path / "a.csv", TX, rows)
    report = _load(tmp_path / "shared.db", [a], worker)
    assert report.total_rejects > 0  # rejected cells come from the cache in later chunks too
    monkeypatch.setattr(facts, "CACHE_MAX", -1)  # every chunk starts with an empty cache
    _load(tmp_path / "alone.db", [a], worker)
    assert _content(tmp_path / "shared.db") == _content(tmp_path / "alone.db")
