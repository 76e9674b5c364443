"""The options several commands share, defined once: output format, language, overwriting, redaction."""

from __future__ import annotations

import click

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True, help="Output format: a table for people, JSON or CSV for machines.")

# --- outputs: export and report (graphfraud/output/)
REDACT = click.option("--redact", is_flag=True,
                      help="Replace identifiers by keyed pseudonyms (HMAC-SHA256) for sharing.")
REDACT_KEY = click.option("--redact-key-file", type=click.Path(dir_okay=False, exists=True), default=None,
                          help="File holding the pseudonym key (else env GRAPHFRAUD_REDACT_KEY).")
KEEP_COLUMN = click.option("--keep-column", "keep_columns", multiple=True, metavar="NAME",
                           help="With --redact: keep this unmapped source column (repeatable; its text is "
                                "still redacted). The others are left out.")
LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
                    help="Language of the page or report (default: the global --lang).")
FORCE = click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
