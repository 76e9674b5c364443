"""Hostile and mangled inputs: each has a documented outcome (docs/bad-input.md) —
value kept, value rejected with its reason, or a clear error naming the file —
and none gives a traceback or a silent drop."""

import unicodedata

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.errors import InputError
from graphfraud.load import load_files
from tests.conftest import cli_error, write_csv, write_xlsx

KYC = ["Số tài khoản", "Ngân hàng", "Chủ tài khoản", "SĐT"]
TX = ["Debit Account", "Credit Account", "Amount", "Transaction Time", "IP Address"]


def rejects_by_value(store):
    return {r["value"]: r["reason"] for r in store.rejects()}


def test_spreadsheet_mangled_accounts_are_rejected_not_guessed(store, tmp_path):
    p = write_csv(tmp_path / "kyc.csv", KYC, [
        ["9.12345678E8", "VCB", "A", "0912345678"],
        ["912345678.0", "VCB", "B", "0912345679"],
        ["0011223344", "VCB", "C", "0912345670"],
    ])
    load_files(store, [p])
    rj = rejects_by_value(store)
    assert "spreadsheet" in rj["9.12345678E8"] and "spreadsheet" in rj["912345678.0"]
    assert store.nodes([("account", "0011223344")])
    # the rest of each rejected row still loads: its phone and holder are there
    assert store.nodes([("phone", "+84912345678")]) and store.nodes([("person", "acct:0011223344")])


def test_sixteen_digit_account_typed_as_a_number_in_xlsx_is_rejected(store, tmp_path):
    p = write_xlsx(tmp_path / "kyc.xlsx", {"KYC": [KYC, [1234567890123000, "VCB", "A", "0912345678"],
                                                   ["1234567890123456", "VCB", "B", "0912345679"]]})
    load_files(store, [p])
    assert any("spreadsheet" in r["reason"] for r in store.rejects())
    assert store.nodes([("account", "1234567890123456")])  # typed as text: kept exactly
    assert not store.nodes([("account", "1234567890123000")])


def test_na_and_null_are_names_not_missing_values(store, tmp_path):
    p = write_csv(tmp_path / "kyc.csv", KYC, [["0011223344", "VCB", "NA", ""], ["0011223355", "VCB", "NULL", ""]])
    load_files(store, [p])
    assert store.nodes([("account", "0011223344")])[("account", "0011223344")]["holder_name"] == "NA"
    assert store.nodes([("person", "acct:0011223355")])[("person", "acct:0011223355")]["name"] == "NULL"


def test_nfc_and_nfd_names_are_one_name(store, tmp_path):
    name = "Nguyễn Thị Ánh"
    p = write_csv(tmp_path / "kyc.csv", KYC + ["CCCD"], [
        ["0011223344", "VCB", unicodedata.normalize("NFD", name), "", "001099012345"],
        ["0011223355", "VCB", unicodedata.normalize("NFC", name), "", "001099012345"],
    ])
    load_files(store, [p])
    person = store.nodes([("person", "001099012345")])[("person", "001099012345")]
    assert person["name"] == unicodedata.normalize("NFC", name)
    assert store.stats()["nodes"]["person"] == 1


def test_garbage_phones_and_ips_are_rejected_with_reasons(store, tmp_path):
    p = write_csv(tmp_path / "kyc.csv", KYC, [
        ["0011223344", "VCB", "A", "abc"], ["0011223355", "VCB", "B", "113"],
        ["0011223366", "VCB", "C", "0912345678/0987654321"]])
    q = write_csv(tmp_path / "tx.csv", TX, [["0011223344", "0011223355", "100000", "01/02/2024 10:00", "999.1.1.1"]])
    c = write_csv(tmp_path / "cdr.csv", ["Số gọi", "Số bị gọi", "Thời gian gọi"],
                  [["0911111111", "0912345678/0987654321", "01/02/2024 10:00"]])
    load_files(store, [p, q, c])
    rj = rejects_by_value(store)
    assert {"abc", "113", "0912345678/0987654321", "999.1.1.1"} <= set(rj)
    assert "several" in rj["0912345678/0987654321"]  # a call has one callee: not split
    assert store.stats()["edges"]["transfer"] == 1  # the transfer of the bad-IP row still loads
    # a KYC record naming two phones registers both (graphfraud/facts_multi.py)
    reg = {e.dst[1] for e in store.incident([("account", "0011223366")]) if e.type == "registered"}
    assert reg == {"+84912345678", "+84987654321"}


def test_day_first_dates_and_both_separators(store, tmp_path):
    p = write_csv(tmp_path / "tx.csv", TX, [["0011223344", "0011223355", "1.500.000,50", "01/02/2024 10:00", ""]])
    load_files(store, [p])
    e = store.incident([("account", "0011223344")])[0]
    assert e.amount == "1500000.5"  # exact decimal, canonical form
    assert e.as_json()["time"].startswith("2024-02-01T10:00")


def test_duplicate_rows_are_one_fact_with_two_sources(store, tmp_path):
    row = ["0011223344", "0011223355", "100000", "01/02/2024 10:00", ""]
    p = write_csv(tmp_path / "tx.csv", TX, [row, row])
    rep = load_files(store, [p])
    assert rep.files[0].sheets[0].rows == 2
    assert store.stats()["edges"]["transfer"] == 1
    e = store.incident([("account", "0011223344")])[0]
    assert [x["row"] for x in store.provenance([e.id])[e.id]] == [2, 3]


def test_ragged_rows_are_reported(store, tmp_path):
    p = tmp_path / "tx.csv"
    p.write_text(",".join(TX) + "\n0011223344,0011223355,100000,01/02/2024 10:00,,SURPLUS,MORE\n"
                 "0011223366,0011223355\n", encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.files[0].sheets[0].rows == 2
    rj = store.rejects()
    assert any(r["row"] == 2 and "fields" in r["reason"] for r in rj)
    assert store.stats()["edges"]["transfer"] == 2


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (",".join(TX).encode() + b"\n", "no rows"),
])
def test_empty_and_header_only_files_give_a_clear_error(store, tmp_path, content, message):
    p = tmp_path / "x.csv"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_files(store, [p])


def test_xlsx_several_sheets_and_merged_header_cells(store, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Giao dịch"
    ws.append(["SAO KÊ", None, None])
    ws.merge_cells("A1:C1")
    ws.append(["Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền"])
    ws.append(["0011223344", "0011223355", "1.000.000"])
    kyc = wb.create_sheet("KYC")
    kyc.append(KYC)
    kyc.append(["0011223344", "VCB", "Lê Văn C", "0912345678"])
    wb.create_sheet("Ghi chú").append(["chỉ là ghi chú"])
    p = tmp_path / "case.xlsx"
    wb.save(p)
    rep = load_files(store, [p])
    status = {s.sheet: (s.kind, s.status) for s in rep.files[0].sheets}
    assert status["Giao dịch"] == ("transactions", "loaded")
    assert status["KYC"] == ("accounts", "loaded")
    assert status["Ghi chú"][1] == "skipped"
    assert store.nodes([("account", "0011223344")])[("account", "0011223344")]["holder_name"] == "Lê Văn C"


def test_large_file_is_streamed_in_chunks(store, tmp_path, monkeypatch):
    import graphfraud.loaders.read as read

    monkeypatch.setattr(read, "CHUNK_ROWS", 500)
    p = tmp_path / "big.csv"
    p.write_text(",".join(TX) + "\n" + "\n".join(
        f"{1000000 + i},{2000000 + i % 50},{i}000,01/02/2024 10:{i % 60:02d}," for i in range(3000)) + "\n",
        encoding="utf-8")
    chunks = list(read.read_tables(p))
    assert len(chunks) == 6 and chunks[-1].row_number(len(chunks[-1].rows) - 1) == 3001
    rep = load_files(store, [p])
    assert rep.files[0].sheets[0].rows == 3000 and store.stats()["edges"]["transfer"] == 3000


@pytest.mark.parametrize("name,content", [
    ("latin.csv", "Debit Account,Credit Account\n\x81\x8d,1\n".encode("latin-1")),
    ("broken.xlsx", b"PK\x03\x04 not really a workbook"),
    ("broken.json", b'[{"STK": "1", '),
    ("scalar.json", b'42'),
])
def test_unreadable_files_fail_with_one_clear_line(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content)
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "g.db"), "load", str(p)])
    assert r.exit_code == 1
    assert cli_error(r.stderr).startswith("Error: ") and name in r.stderr and "Traceback" not in r.output
