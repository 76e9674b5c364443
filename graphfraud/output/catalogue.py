"""The message catalogues, kept as data files in the package.

``catalogues/<name>.json`` maps each key to its text in both languages,
``{"key": {"en": "...", "vi": "..."}}``; ``pages.json`` holds what the HTML pages and reports show
(:mod:`graphfraud.output.i18n`), ``cli.json`` the command line's titles and notes
(:mod:`graphfraud.output.cli_text`). A translator edits the JSON; the code looks texts up by key.

>>> load_catalogue("pages")["yes"]
('yes', 'có')
"""

from __future__ import annotations

import json
from importlib import resources


def load_catalogue(name: str) -> dict[str, tuple[str, str]]:
    """The catalogue ``name`` (``pages``, ``cli``) as key -> (English, Vietnamese), in file order."""
    text = (resources.files("graphfraud.output") / "catalogues" / f"{name}.json").read_text(encoding="utf-8")
    return {key: (texts["en"], texts["vi"]) for key, texts in json.loads(text).items()}
