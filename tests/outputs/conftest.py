"""Fixtures for the output tests: a small store full of hostile case-file values, and the demo store."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

EVIL_IMG = "<img src=x onerror=alert(1)>"
EVIL_SCRIPT = "<script>document.title='pwned'</script>"
EVIL_CLOSE = "</script><script>window.__pwned=1</script>"
EVIL_HEADER = "<b onmouseover=alert(3)>Ghi chú</b>"
FORMULA_DESC = '=HYPERLINK("http://evil.example","x")'
PHONE = "+84912345678"


def _write(path: Path, rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_evil_files(folder: Path) -> list[Path]:
    """Case files whose names, handles, narratives and headers are HTML/JS and spreadsheet formulas."""
    reports = _write(folder / "don_to_giac.csv", [
        ["case_id", "report_date", "victim_name", "victim_phone", "victim_account", "victim_bank",
         "suspect_phone", "suspect_account", "suspect_bank", "suspect_social", "amount_lost", "scam_type",
         "narrative", EVIL_HEADER],
        ["VV-EVIL-1", "15/03/2024", EVIL_SCRIPT, "0901111111", "1111222233", "VCB", "0912345678",
         "9999888877", "MB", "https://t.me/evil_handle", "5000000", EVIL_IMG,
         f"{EVIL_CLOSE} {EVIL_IMG} {FORMULA_DESC}", "=cmd|' /C calc'!A0"],
        ["VV-EVIL-2", "16/03/2024", "Nguyễn Văn <b>An</b>", "0902222222", "2222333344", "ACB", "0912 345 678",
         "9999888877", "MB", "", "7000000", "lừa đảo", f"-2+3 {EVIL_SCRIPT}", "@SUM(1)"],
    ])
    kyc = _write(folder / "kyc.csv", [
        ["account", "bank", "holder_name", "phone", "email"],
        ["9999888877", "MB", EVIL_IMG, PHONE, "evil@example.com"],
        ["1111222233", "VCB", "Trần Thị <i>B</i>", "0901111111", ""],
    ])
    social = _write(folder / "social.csv", [
        ["social_account", "platform", "phone", "display_name"],
        ["https://t.me/evil_handle", "telegram", "0912345678", EVIL_IMG + EVIL_SCRIPT],
    ])
    tx = _write(folder / "tx.csv", [
        ["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount",
         "description"],
        ["+SUM(1)", "15/03/2024 10:00", "1111222233", "VCB", "9999888877", "MB", "5000000", FORMULA_DESC],
        ["T2", "16/03/2024 11:00", "2222333344", "ACB", "9999888877", "MB", "7000000", EVIL_SCRIPT],
        ["T3", "16/03/2024 11:20", "9999888877", "MB", "5555666677", "TCB", "11900000", "chuyen tien"],
    ])
    return [reports, kyc, social, tx]


@pytest.fixture(scope="session")
def evil_db(tmp_path_factory) -> Path:
    """A loaded store (path) built from the hostile files."""
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    folder = tmp_path_factory.mktemp("evil")
    files = write_evil_files(folder)
    db = folder / "g.db"
    with SQLiteStore(db) as s:
        load_files(s, files)
    return db


@pytest.fixture
def evil_store(evil_db):
    from graphfraud.store.sqlite import SQLiteStore

    s = SQLiteStore(evil_db)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The seeded demo (``graphfraud demo``), loaded once for the session."""
    from graphfraud import api
    from graphfraud.config import load_config

    out = tmp_path_factory.mktemp("demo")
    cfg = load_config({"store": str(out / "graphfraud.db")}, env={})
    api.demo(cfg, out, seed=7)
    return out / "graphfraud.db"


@pytest.fixture
def demo_store(demo_db):
    from graphfraud.store.sqlite import SQLiteStore

    s = SQLiteStore(demo_db)
    yield s
    s.close()


def config_for(db: Path):
    from graphfraud.config import load_config

    return load_config({"store": str(db)}, env={})


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module, network blocked (tests/outputs/chromium.py); the test
    fails, not skips, without Chromium."""
    from tests.outputs.chromium import INSTALL_HINT, Browser, find_chromium

    if find_chromium() is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    with Browser(1400, 900) as b:
        yield b
