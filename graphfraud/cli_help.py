"""``--help`` in the command's language: click command and group classes that write their help (the
description, the options, click's own words) in Vietnamese or English when it is shown.

The language is the one every command uses (``--lang``, GRAPHFRAUD_LANG, the locale; see
graphfraud/cli_context.py), known before help is written: ``graphfraud --lang vi load --help`` has
read ``--lang`` before ``load`` reads ``--help``, and the group's ``--lang`` is eager so that
``graphfraud --lang vi --help`` has too. The English texts stay in cli.py; the Vietnamese ones are in
graphfraud/output/help_text.py, looked up while the help is written and put back afterwards.
"""

from __future__ import annotations

import contextlib
import re

import click
from click.utils import make_default_short_help

from graphfraud.config import default_lang
from graphfraud.output.help_text import command_help, option_help, word

__all__ = ["HelpCommand", "HelpGroup", "help_lang"]

_EXTRA = re.compile(r"\s\s\[(?P<inside>[^\[\]]*)\]$")


def help_lang(ctx: click.Context | None) -> str:
    """The language help is written in: ``--lang`` of the group (read already), else the default."""
    if ctx is None:
        return default_lang()
    root = ctx.find_root()
    return root.params.get("lang") or (root.obj or {}).get("lang") or default_lang()


def _key(ctx: click.Context) -> str:
    """The command's name below the program: ``"audit verify"``; the group itself is ``""``."""
    return " ".join(ctx.command_path.split()[1:])


@contextlib.contextmanager
def _translated(command: click.Command, ctx: click.Context, lang: str):
    """The command's description and its options' help in ``lang`` while the help is written."""
    params = command.get_params(ctx)
    saved = (command.help, [p.help if isinstance(p, click.Option) else None for p in params])
    command.help = command_help(_key(ctx), command.help, lang)
    for p in params:
        if isinstance(p, click.Option):
            p.help = option_help(p.help, lang)
    try:
        yield
    finally:
        command.help = saved[0]
        for p, h in zip(params, saved[1]):
            if isinstance(p, click.Option):
                p.help = h


def _extras(text: str, lang: str) -> str:
    """``… [default: 7; required]`` with click's words in ``lang``."""
    m = _EXTRA.search(text or "")
    if lang != "vi" or not m:
        return text
    inside = m.group("inside")
    for w in ("default", "required", "env var"):
        inside = re.sub(rf"\b{w}\b", word(w, lang), inside)
    return text[:m.start("inside")] + inside + "]"


class _InLanguage:
    """What the command and the group share: help written in the command's language."""

    def format_help(self, ctx, formatter):
        lang = help_lang(ctx)
        if lang == "en":
            return super().format_help(ctx, formatter)
        with _translated(self, ctx, lang):
            return super().format_help(ctx, formatter)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=word("Usage:", help_lang(ctx)) + " ")

    def format_options(self, ctx, formatter):
        lang = help_lang(ctx)
        rows = [(a, _extras(b, lang)) for a, b in filter(None, (p.get_help_record(ctx) for p in self.get_params(ctx)))]
        if rows:
            with formatter.section(word("Options", lang)):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class HelpCommand(_InLanguage, click.Command):
    """A command whose ``--help`` is in the command's language."""


class HelpGroup(_InLanguage, click.Group):
    """A group whose ``--help`` (and whose commands' one-line descriptions) are in the command's language;
    its commands and groups are made with these classes too."""

    command_class = HelpCommand
    group_class = type

    def format_commands(self, ctx, formatter):
        lang = help_lang(ctx)
        commands = [(n, c) for n in self.list_commands(ctx) if (c := self.get_command(ctx, n)) and not c.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(n) for n, _ in commands)
        rows = []
        for name, cmd in commands:
            text = command_help(" ".join([*_key(ctx).split(), name]), cmd.help, lang)
            rows.append((name, cmd.short_help or (make_default_short_help(text, limit).strip() if text else "")))
        with formatter.section(word("Commands", lang)):
            formatter.write_dl(rows)
