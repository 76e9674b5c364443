"""``--help`` in the command's language: Vietnamese under ``--lang vi``, GRAPHFRAUD_LANG=vi or a vi locale,
English under ``--lang en``."""

from __future__ import annotations

import inspect

import click
import pytest
from click.testing import CliRunner

from cli import cli


def _commands(group: click.Group, path=()):
    yield path
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*path, name))
        else:
            yield (*path, name)


COMMANDS = list(_commands(cli))


def _squeeze(text: str) -> str:
    """Text without any white space: help is wrapped (and hyphenated words broken) at the terminal width."""
    return "".join(text.split())


def _command(path) -> click.Command:
    cmd = cli
    for name in path:
        cmd = cmd.commands[name]
    return cmd


def _english(path) -> list[str]:
    """The command's own English sentences: its description's first paragraph and every option's help."""
    cmd = _command(path)
    ctx = click.Context(cmd, info_name="graphfraud")
    texts = [inspect.cleandoc(cmd.help).split("\n\n")[0]] if cmd.help else []
    texts += [p.help for p in cmd.get_params(ctx) if isinstance(p, click.Option) and p.help]
    return texts


def _help(args, env=None) -> str:
    r = CliRunner().invoke(cli, [*args, "--help"], env=env, prog_name="graphfraud")
    assert r.exit_code == 0, r.output
    return r.output


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "graphfraud")
def test_every_help_is_vietnamese_under_vi_and_english_under_en(path):
    vi = _help(["--lang", "vi", *path])
    en = _help(["--lang", "en", *path])
    texts = _english(path)
    assert texts
    for text in texts:
        assert _squeeze(text) in _squeeze(en), (path, text)       # the English help shows them ...
        assert _squeeze(text) not in _squeeze(vi), (path, text)   # ... the Vietnamese one has none left
    assert vi.startswith("Cách dùng: graphfraud") and "Tùy chọn:" in vi and "Hiện trợ giúp này rồi thoát." in vi
    assert en.startswith("Usage: graphfraud") and "Options:" in en and "Show this message and exit." in en
    for vi_word in ("Tùy chọn", "Cách dùng", "Hiện trợ giúp", "mặc định:"):
        assert vi_word not in en


def test_the_list_of_commands_is_vietnamese():
    vi = _help(["--lang", "vi"])
    assert "Lệnh:" in vi and "Commands:" not in vi
    assert "Nạp hồ sơ (CSV, XLSX, JSON) vào kho dữ liệu." in vi
    assert "Load case files" not in vi
    assert "Load case files (CSV, XLSX, JSON) into the store." in _help(["--lang", "en"])


@pytest.mark.parametrize("args,env", [
    (["load"], {"GRAPHFRAUD_LANG": "vi"}),                                          # the setting
    (["load"], {"GRAPHFRAUD_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "vi_VN.UTF-8"}),  # locale
    (["--lang", "vi", "load"], {"GRAPHFRAUD_LANG": "en"}),                          # --lang wins
    (["--lang", "vi"], {"GRAPHFRAUD_LANG": "en"}),                                  # before the group's --help
])
def test_the_language_is_chosen_before_help_is_written(args, env):
    out = _help(args, env)
    assert out.startswith("Cách dùng:") and "Hiện trợ giúp này rồi thoát." in out


def test_english_locale_and_flag_keep_english():
    out = _help(["load"], {"GRAPHFRAUD_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_GB.UTF-8"})
    assert out.startswith("Usage:") and "Load case files" in out
    out = _help(["--lang", "en", "load"], {"GRAPHFRAUD_LANG": "vi"})
    assert out.startswith("Usage:") and "Load case files" in out


def test_help_leaves_the_commands_english_texts_in_place():
    before = [(p, _english(p)) for p in COMMANDS]
    _help(["--lang", "vi", "export"])
    _help(["--lang", "vi"])
    assert [(p, _english(p)) for p in COMMANDS] == before
