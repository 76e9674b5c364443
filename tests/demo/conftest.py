"""Fixtures for the demo-generator tests: one generated case per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:          # make graphfraud importable without installing
    sys.path.insert(0, str(ROOT))

from graphfraud.demo import generate  # noqa: E402


@pytest.fixture(scope="session")
def demo_case(tmp_path_factory):
    """The default demo (seed 7, default size)."""
    return generate(tmp_path_factory.mktemp("demo_seed7"), seed=7)
