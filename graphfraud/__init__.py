"""graphfraud: link analysis for fraud investigations.

Case files (CSV, XLSX, JSON) become one graph of identifiers — phones, bank
accounts, IPs, devices, social accounts, emails, URLs, people and cases — with
the provenance of every fact. The library answers who is linked to whom, which
accounts are mules, which clusters belong together, where money went and which
cases are one campaign; ``graphfraud.cli`` is its thin command-line face.
"""

from __future__ import annotations

import os as _os

__version__ = "0.1.0"

# In a source checkout, loaders/, cypher/ and cli.py sit beside this folder; an
# installed wheel has them inside it. Adding the checkout root to the package
# path makes `graphfraud.loaders`, `graphfraud.cypher` and `graphfraud.cli`
# resolve the same way in both.
_root = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))
if _os.path.isfile(_os.path.join(_root, "cli.py")) and _os.path.isdir(_os.path.join(_root, "loaders")):
    __path__.append(_root)  # type: ignore[name-defined]  # noqa: F821
