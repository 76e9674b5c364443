"""Layers only look down: no module imports a higher layer, nor a private name of another package.

The layers, lowest first (docs/architecture.md draws them):

    normalize -> loaders -> facts -> store -> demo data -> analysis -> output -> api -> cli

and beside them the foundations (errors, model, config, the package's ``__init__``), which every
layer may import and which import nothing but each other. A module may import its own layer and any
layer below it; the demo data generator may import only the foundations and itself, so that the
files it writes test the loaders instead of being shaped by them.

Every ``import`` counts, wherever it stands: at the top of a module, inside a function (a lazy
import is still a dependency), under ``if TYPE_CHECKING``. Imports built at run time from strings
(``importlib.import_module``) are not seen; the one there is (normalize's registry) looks at its
own layer.

:func:`check` takes sources as text, so the tests below can plant an upward import and see it caught.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LAYERS = ("normalize", "loaders", "facts", "store", "demo", "analysis", "output", "api", "cli")
FOUNDATION = "foundation"
# a layer that may import only these (besides the foundations), whatever its rank
ONLY = {"demo": {"demo"}}

# module (or package: the module and everything under it) -> layer; the longest match wins.
# "graphfraud" itself names only the package's __init__ (the version), not what lies under it.
PLACES = {
    "graphfraud": FOUNDATION,
    "graphfraud.errors": FOUNDATION,         # the error classes; imports nothing of graphfraud
    "graphfraud.model": FOUNDATION,          # node and edge types, Neo4j labels; imports nothing
    "graphfraud.config": FOUNDATION,         # settings; read by the store (open_store), api, cli, demo
    "graphfraud.textfmt": FOUNDATION,        # numbers, money and durations for people (vi/en) and machines
    "graphfraud.progress": FOUNDATION,       # how long work reports how far it got (a reporter it is handed)
    "graphfraud.normalize": "normalize",
    "graphfraud.loaders": "loaders",         # loaders/ in a checkout
    "graphfraud.facts": "facts",
    "graphfraud.facts_batch": "facts",       # what facts are made into, and the key of a fact
    "graphfraud.facts_columns": "facts",     # column helpers of the fact builder
    "graphfraud.facts_kinds": "facts",       # the facts of each kind of source
    "graphfraud.facts_statements": "facts",  # the facts of one account's statement
    "graphfraud.facts_subscriber": "facts",  # one subscriber's list of calls
    "graphfraud.facts_multi": "facts",       # cells naming several identifiers, read once per value
    "graphfraud.facts_money": "facts",
    "graphfraud.facts_checks": "facts",
    "graphfraud.facts_worker": "facts",      # reads a file (loaders) and builds facts in a second process
    "graphfraud.duplicates": "facts",
    "graphfraud.handle_links": "facts",
    "graphfraud.person_links": "facts",
    "graphfraud.store": "store",
    "graphfraud.queries": "store",           # the named Cypher the Neo4j store runs
    "graphfraud.load": "store",              # the write path: files -> facts -> Store.write_file
    "graphfraud.push": "store",              # an embedded store copied into Neo4j
    "graphfraud.push_bulk": "store",         # an empty Neo4j database filled by the offline importer
    "graphfraud.demo": "demo",               # the seeded case-file generator and its ground truth
    "graphfraud.demo.run": "api",            # the `demo` command: generate, then summarise the analyses
    "graphfraud.resolve": "analysis",        # what an analyst types -> the store's nodes
    "graphfraud.analysis": "analysis",
    "graphfraud.analysis.communities_store": "analysis",  # a store's own clusters -> the communities JSON
    "graphfraud.analysis.report_campaigns": "analysis",    # the case-linking report's data (output/ renders it)
    "graphfraud.analysis.report_identifiers": "analysis",  # a campaign's cases, key identifiers, mules, organisers
    "graphfraud.privacy": "output",          # redaction of what is written out
    "graphfraud.privacy_text": "output",     # identifiers and names found in free text, for redaction
    "graphfraud.output": "output",
    "graphfraud.audit": "api",               # the log of every command
    "graphfraud.audit_head": "api",          # the audit chain's head kept in the store
    "graphfraud.api": "api",
    "graphfraud.cli": "cli",                 # cli.py in a checkout
    "graphfraud.cli_context": "cli",         # each command's configuration, language and error handling
    "graphfraud.cli_options": "cli",         # the options several commands share
    "graphfraud.cli_help": "cli",            # --help written in the command's language
    "graphfraud.__main__": "cli",
}

# Imports that break the rule on purpose, each with the reason it stays: (file, imported module).
# Empty: every one found was fixed. An entry no longer needed makes the test fail.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def module_name(path: str) -> str:
    """``graphfraud/store/base.py`` -> ``graphfraud.store.base``; loaders/ and cli.py sit in the
    ``graphfraud`` namespace (see graphfraud/__init__.py)."""
    parts = list(Path(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    if parts[0] in ("loaders", "cli"):
        parts.insert(0, "graphfraud")
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    for n in range(len(parts), 1, -1):
        found = PLACES.get(".".join(parts[:n]))
        if found:
            return found
    return PLACES.get(module) if module == "graphfraud" else None


def _ours(module: str) -> str | None:
    """The module in the graphfraud namespace, or None for the standard library and third parties."""
    top = module.split(".")[0]
    if top == "graphfraud":
        return module
    if top in ("loaders", "cli"):
        return "graphfraud." + module
    return None


def _imports(tree: ast.AST, module: str, is_package: bool, modules: set[str]):
    """(line, imported module, [names taken from it]) for every import of the graphfraud namespace."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _ours(alias.name)
                if target:
                    yield node.lineno, target, []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = _ours(node.module or "")
            if not source:
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in modules:                  # `from graphfraud import api`: the module api
                    yield node.lineno, sub, []
                else:
                    yield node.lineno, source, [alias.name]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_parts(target: str, names: list[str], packages: set[str]):
    """(private name, the module that holds it, that module's package) for each private part of an
    import: ``from graphfraud.store.sqlite import _edge_order`` -> (_edge_order, graphfraud.store.sqlite,
    graphfraud.store)."""
    parts = target.split(".") + names
    for i, part in enumerate(parts):
        if i and _private(part):
            holder = ".".join(parts[:i])
            yield part, holder, holder if holder in packages else holder.rpartition(".")[0]


def check(sources: dict[str, str]) -> list[Violation]:
    """Every import of ``sources`` (relative path -> text) that looks up a layer, imports a private
    name of another package (or of another layer), or comes from a module with no layer."""
    modules = {module_name(p): p for p in sources}
    packages = {module_name(p) for p in sources if p.endswith("__init__.py")}
    out: list[Violation] = []
    for path in sorted(sources):
        me = module_name(path)
        mine = layer_of(me)
        if mine is None:
            out.append(Violation(path, 1, f"{me} has no layer: place it in PLACES (tests/test_layers.py)"))
            continue
        is_package = path.endswith("__init__.py")
        home = me if is_package else me.rpartition(".")[0]
        tree = ast.parse(sources[path], filename=path)
        for line, target, names in _imports(tree, me, is_package, set(modules)):
            theirs = layer_of(target)
            if theirs is None:
                out.append(Violation(path, line, f"imports {target}, which has no layer"))
                continue
            if theirs != FOUNDATION and not _may_import(mine, theirs):
                out.append(Violation(path, line, f"{mine} imports {target} of the {theirs} layer, "
                                                 f"which {mine} may not look at"))
            for name, holder, package in _private_parts(target, names, packages):
                if package != home or layer_of(holder) != mine:
                    out.append(Violation(path, line, f"{mine} imports the private name {name} of {holder} "
                                                     f"({layer_of(holder)}, another package or layer)"))
    return out


def _may_import(mine: str, theirs: str) -> bool:
    if mine == FOUNDATION:
        return theirs == FOUNDATION
    if mine in ONLY:
        return theirs in ONLY[mine]
    return LAYERS.index(theirs) <= LAYERS.index(mine)


def read_sources(root: Path) -> dict[str, str]:
    """Every module of graphfraud/, loaders/ and cli.py under ``root``, by relative path."""
    files = sorted([*root.joinpath("graphfraud").rglob("*.py"), *root.joinpath("loaders").rglob("*.py"),
                    root / "cli.py"])
    return {f.relative_to(root).as_posix(): f.read_text(encoding="utf-8") for f in files}


def _unallowed(found: list[Violation]) -> list[Violation]:
    return [v for v in found if not any(v.path == p and f" {m} " in f" {v.text} " for p, m in ALLOWED)]


# ----------------------------------------------------------------------------- the tree itself
def test_layers_only_look_down():
    found = check(read_sources(ROOT))
    assert not _unallowed(found), "\n".join(map(str, _unallowed(found)))
    stale = [k for k in ALLOWED if not any(v.path == k[0] and f" {k[1]} " in f" {v.text} " for v in found)]
    assert not stale, f"allowed imports no longer there, remove them from ALLOWED: {stale}"


def test_every_layer_is_populated():
    placed = {layer_of(module_name(p)) for p in read_sources(ROOT)}
    assert placed == {*LAYERS, FOUNDATION}


# ----------------------------------------------------------------------------- the checker catches
def test_planted_lazy_upward_import_in_a_copy_of_the_tree_is_named(tmp_path):
    for name in ("graphfraud", "loaders"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "assets"))
    shutil.copy(ROOT / "cli.py", tmp_path / "cli.py")
    base = tmp_path / "graphfraud" / "store" / "base.py"
    text = base.read_text(encoding="utf-8")
    base.write_text(text + "\n\ndef planted(store):\n    from graphfraud.analysis.mules import mules\n"
                    "    return mules(store)\n", encoding="utf-8")
    line = text.count("\n") + 4
    found = [str(v) for v in check(read_sources(tmp_path))]
    assert found == [(f"graphfraud/store/base.py:{line}: store imports graphfraud.analysis.mules of the "
                      "analysis layer, which store may not look at")]


def test_upward_imports_of_every_form_are_named():
    found = check({
        "graphfraud/__init__.py": "",
        "graphfraud/errors.py": "class GraphFraudError(Exception): pass\n",
        "graphfraud/normalize/__init__.py": "",
        "graphfraud/normalize/phone.py": "import graphfraud.store.base\n",
        "graphfraud/store/__init__.py": "",
        "graphfraud/store/base.py": "from graphfraud import api\n",
        "graphfraud/api.py": "",
        "graphfraud/output/__init__.py": "",
        "graphfraud/output/views.py": "",
        "graphfraud/analysis/__init__.py": "",
        "graphfraud/analysis/find.py": "if True:\n    from ..output import views\n",
        "loaders/__init__.py": "",
        "loaders/read.py": "def f():\n    from graphfraud.facts import build_facts\n",
        "graphfraud/facts.py": "from graphfraud.errors import GraphFraudError\n",
        "graphfraud/errors2.py": "",
        "graphfraud/demo/__init__.py": "",
        "graphfraud/demo/generator.py": "from graphfraud.normalize import phone\n",
        "graphfraud/config.py": "from graphfraud.store import base\n",
    })
    assert [str(v) for v in found] == [
        ("graphfraud/analysis/find.py:2: analysis imports graphfraud.output.views of the output layer, "
         "which analysis may not look at"),
        ("graphfraud/config.py:1: foundation imports graphfraud.store.base of the store layer, "
         "which foundation may not look at"),
        ("graphfraud/demo/generator.py:1: demo imports graphfraud.normalize.phone of the normalize layer, "
         "which demo may not look at"),
        "graphfraud/errors2.py:1: graphfraud.errors2 has no layer: place it in PLACES (tests/test_layers.py)",
        ("graphfraud/normalize/phone.py:1: normalize imports graphfraud.store.base of the store layer, "
         "which normalize may not look at"),
        ("graphfraud/store/base.py:1: store imports graphfraud.api of the api layer, "
         "which store may not look at"),
        ("loaders/read.py:2: loaders imports graphfraud.facts of the facts layer, "
         "which loaders may not look at"),
    ]


def test_private_names_of_another_package_are_named():
    found = check({
        "graphfraud/store/__init__.py": "",
        "graphfraud/store/sqlite.py": "def _edge_order(e): pass\nfrom graphfraud.store.base import _x\n",
        "graphfraud/store/base.py": "_x = 1\n",
        "graphfraud/analysis/__init__.py": "",
        "graphfraud/analysis/viewstore.py": "from graphfraud.store.sqlite import _edge_order, Edge\n"
                                             "from graphfraud.analysis.trace import _dec\n",
        "graphfraud/analysis/trace.py": "_dec = 1\n",
        "graphfraud/analysis/find.py": "def f():\n    import graphfraud.store._hidden.x\n",
        "graphfraud/facts.py": "_obj = 1\n",
        "graphfraud/load.py": "from graphfraud.facts import _obj\n",
        "graphfraud/duplicates.py": "from graphfraud.facts import _obj\n",
    })
    assert [str(v) for v in found] == [
        ("graphfraud/analysis/find.py:2: analysis imports the private name _hidden of graphfraud.store "
         "(store, another package or layer)"),
        ("graphfraud/analysis/viewstore.py:1: analysis imports the private name _edge_order of "
         "graphfraud.store.sqlite (store, another package or layer)"),
        ("graphfraud/load.py:1: store imports the private name _obj of graphfraud.facts "
         "(facts, another package or layer)"),
    ]


def test_downward_same_layer_and_foundation_imports_pass():
    assert check({
        "graphfraud/__init__.py": "__version__ = '1'\n",
        "graphfraud/errors.py": "",
        "graphfraud/model.py": "from graphfraud.errors import X\n",
        "graphfraud/api.py": "from graphfraud import __version__\nfrom graphfraud.store import open_store\n",
        "graphfraud/store/__init__.py": "from graphfraud.store.base import Edge\n",
        "graphfraud/store/base.py": "from graphfraud.normalize.timestamp import format_epoch\n",
        "graphfraud/normalize/__init__.py": "import json, numpy\nfrom graphfraud.errors import X\n",
        "graphfraud/normalize/timestamp.py": "from . import base\nfrom .base import _private_here\n",
        "graphfraud/normalize/base.py": "",
        "graphfraud/analysis/__init__.py": "",
        "graphfraud/analysis/evaluate.py": "from graphfraud.demo.generator import generate\n",
        "graphfraud/demo/__init__.py": "from graphfraud.demo import _vocab\n",
        "graphfraud/demo/_vocab.py": "",
        "graphfraud/demo/generator.py": "from graphfraud.config import Config\n",
        "graphfraud/demo/run.py": "from graphfraud.analysis.evaluate import evaluate\n",
        "cli.py": "from graphfraud import api\nfrom graphfraud.output.views import print_find\n",
        "graphfraud/__main__.py": "from graphfraud.cli import main\n",
    }) == []
