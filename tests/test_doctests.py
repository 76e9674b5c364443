"""Every doctest of graphfraud/ and loaders/ runs here and passes; a doctest the finder cannot see
(in a nested function, or in a string that is no docstring) fails the count."""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROMPT = re.compile(r"^\s*>>> ", re.MULTILINE)


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "loaders":  # graphfraud.loaders in a checkout and in the wheel
        parts.insert(0, "graphfraud")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _with_doctests() -> list[tuple[str, int]]:
    files = sorted([*ROOT.joinpath("graphfraud").rglob("*.py"), *ROOT.joinpath("loaders").rglob("*.py")])
    return [(_module_name(f), len(PROMPT.findall(text))) for f in files
            if f.name != "__main__.py" and (text := f.read_text(encoding="utf-8")) and PROMPT.search(text)]


MODULES = _with_doctests()


def test_the_modules_with_examples_are_found():
    names = {m for m, _ in MODULES}
    assert {"graphfraud.config", "graphfraud.api", "graphfraud.audit", "graphfraud.normalize.phone",
            "graphfraud.analysis.igraph_random"} <= names


@pytest.mark.parametrize("name, prompts", MODULES, ids=[m for m, _ in MODULES])
def test_doctests(name, prompts):
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder().find(module)
    examples = sum(len(t.examples) for t in tests)
    assert examples == prompts, f"{name}: {prompts} examples written, {examples} seen by doctest"
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted == examples
