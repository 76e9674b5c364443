"""Identifiers and amounts are kept as the file states them, and nothing loads or answers silently
wrong: alphanumeric account ids, an IBM AMLworld-layout export, currencies, banks abroad,
out-of-plan foreign phones, repeated rows and reused transaction ids, --map / --kind mistakes and
read commands on a store that does not exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.errors import UnknownKindError, UsageError
from graphfraud.load import load_files
from graphfraud.output.error_text import translate_error
from tests.conftest import write_csv

AML = Path(__file__).parent / "data" / "amlworld_layout.csv"


def transfers(store, account):
    return {(e.src[1], e.dst[1], e.amount): e.props for e in store.incident([("account", account)])
            if e.type == "transfer"}


# -- an IBM AMLworld-layout export ------------------------------------------------------------------

def test_amlworld_layout_loads_every_row_without_rejects(store):
    rep = load_files(store, [AML])  # no --kind: detected from the headers
    sheet = rep.files[0].sheets[0]
    n_rows = len(AML.read_text().splitlines()) - 1
    assert (sheet.kind, sheet.status, sheet.rows, sheet.rejects) == ("transactions", "loaded", n_rows, 0)
    assert store.rejects() == []
    cols = sheet.mapping["columns"]
    assert cols["Account (column 3)"] == "from_account" and cols["Account (column 5)"] == "to_account"
    assert cols["Amount Paid"] == "amount" and cols["Payment Currency"] == "currency"
    assert sheet.mapping["ignored"] == ["Is Laundering"]
    assert store.stats()["edges"]["transfer"] == n_rows  # every row is a transfer (the file has no repeats)


def test_amlworld_values_are_kept_as_written(store):
    load_files(store, [AML])
    assert store.nodes([("account", "8000EBD30")])[("account", "8000EBD30")]["bank"] == "010"
    assert store.nodes([("account", "80021DAD0")])[("account", "80021DAD0")]["bank"] == "3402"
    btc = transfers(store, "80021DAD0")
    assert btc[("80021DAD0", "80021DAD0", "0.00008")]["currency"] == "BTC"
    assert btc[("80021DAD0", "8000F4670", "0.00008")]["currency"] == "BTC"  # written 8e-05
    # "1.234" in a column whose cells show "." as the decimal point is 1.234, not 1234
    assert ("8000F4670", "800E36A70", "1.234") in transfers(store, "8000F4670")
    usd = transfers(store, "8000EBD30")[("8000EBD30", "8000EBD30", "3697.34")]
    assert usd["currency"] == "USD" and usd["channel"] == "Reinvestment"
    assert usd["extra"] == {"Amount Received": "3697.34", "Receiving Currency": "US Dollar"}
    for props in transfers(store, "812D22980").values():
        assert "Is Laundering" not in json.dumps(props)  # the simulator's label is read as nothing
    t = transfers(store, "812D22980")
    assert t[("80A1E2340", "812D22980", "14675.57")]["currency"] == "EUR"
    assert t[("812D22980", "8011A8C40", "97516.5")]["currency"] == "CNY"


def test_amlworld_layout_from_the_command_line(tmp_path):
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "g.db"), "load", str(AML), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["rejects"] == 0 and out["rows"] == len(AML.read_text().splitlines()) - 1


def test_amlworld_file_saved_again_by_pandas_loads_the_same(store, tmp_path):
    """pandas writes the second ``Account`` header back as ``Account.1`` (and a column it did not
    read as text loses its leading zeros): still the receiver's account, every row a transfer."""
    lines = AML.read_text().splitlines()
    header = lines[0].split(",")
    header[4] = "Account.1"
    again = tmp_path / "HI-Small_Trans_sample.csv"
    again.write_text("\n".join([",".join(header), *lines[1:]]) + "\n", encoding="utf-8")
    sheet = load_files(store, [again]).files[0].sheets[0]
    assert (sheet.kind, sheet.rows, sheet.rejects) == ("transactions", len(lines) - 1, 0)
    cols = sheet.mapping["columns"]
    assert cols["Account"] == "from_account" and cols["Account.1"] == "to_account"
    assert ("80A1E2340", "812D22980", "14675.57") in transfers(store, "812D22980")


@pytest.mark.parametrize(("headers", "read"), [
    (["From Bank", "Account", "To Bank", "Account.1"], ["From Bank", "Account", "To Bank", "Account"]),
    (["Account.1", "Account"], ["Account.1", "Account"]),            # no earlier "Account": as written
    (["Amount", "Version 2.1", "Amount.2"], ["Amount", "Version 2.1", "Amount"]),
])
def test_headers_pandas_renamed_are_read_as_written(headers, read):
    from loaders.detect import unmangled

    assert unmangled(headers) == read


def test_a_samld_layout_export_keeps_time_currency_and_bank_locations(store, tmp_path):
    """The SAML-D layout (Oztas et al.'s synthetic AML data): ``Time`` before ``Date``, currencies named
    in words ("UK pounds"), where each bank is (a country, not a bank), and two label columns."""
    f = tmp_path / "SAML-D.csv"
    f.write_text(
        "Time,Date,Sender_account,Receiver_account,Amount,Payment_currency,Received_currency,"
        "Sender_bank_location,Receiver_bank_location,Payment_type,Is_laundering,Laundering_type\n"
        "10:35:19,2022-10-07,8724731955,2769355426,1459.15,UK pounds,UK pounds,UK,UK,Cash Deposit,0,Normal_Cash_Deposits\n"
        "10:35:20,2022-10-07,1491989064,8401255335,6019.64,UK pounds,Dirham,UK,UAE,Cross-border,1,Layered_Fan_Out\n"
        "23:59:59,2022-10-08,287305149,4404767002,14.11,Turkish lira,Turkish lira,Turkey,Turkey,Debit card,0,Normal_Fan_Out\n",
        encoding="utf-8")
    sheet = load_files(store, [f]).files[0].sheets[0]
    assert (sheet.kind, sheet.rows, sheet.rejects) == ("transactions", 3, 0)
    cols = sheet.mapping["columns"]
    assert cols["Date"] == "timestamp" and cols["Time"] == "time_of_day"
    assert "Sender_bank_location" not in cols and "Receiver_bank_location" not in cols
    assert sheet.mapping["ignored"] == ["Is_laundering", "Laundering_type"]
    got = transfers(store, "1491989064")[("1491989064", "8401255335", "6019.64")]
    assert got["currency"] == "GBP" and got["channel"] == "Cross-border"
    assert got["extra"] == {"Time": "10:35:20", "Received_currency": "Dirham", "Sender_bank_location": "UK",
                            "Receiver_bank_location": "UAE"}
    assert "bank" not in store.nodes([("account", "1491989064")])[("account", "1491989064")]
    late = next(e for e in store.incident([("account", "287305149")]))
    assert late.props["currency"] == "TRY"
    assert late.ts == 1665248399   # 08/10/2022 23:59:59 in Vietnam (the default zone)


# -- currencies --------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["Currency", "Payment Currency", "Loại tiền", "Đơn vị tiền tệ", "CCY"])
def test_currency_headers_and_names(store, tmp_path, header):
    p = write_csv(tmp_path / "tx.csv", ["Debit Account", "Credit Account", "Amount", header], [
        ["001", "002", "100000", "VNĐ"], ["001", "003", "12.50", "US Dollar"], ["001", "004", "8e-05", "Bitcoin"],
        ["001", "005", "100000", "đồng"], ["001", "006", "100000", ""]])
    rep = load_files(store, [p])
    assert rep.total_rejects == 0
    got = {dst: (amount, props["currency"]) for (_, dst, amount), props in transfers(store, "001").items()}
    assert got == {"002": ("100000", "VND"), "003": ("12.5", "USD"), "004": ("0.00008", "BTC"),
                   "005": ("100000", "VND"), "006": ("100000", "VND")}


def test_no_currency_column_means_vnd(store, tmp_path):
    p = write_csv(tmp_path / "tx.csv", ["Debit Account", "Credit Account", "Amount"],
                  [["001", "002", "1.500.000"], ["001", "003", "50 USD"]])
    load_files(store, [p])
    got = {dst: (amount, props["currency"]) for (_, dst, amount), props in transfers(store, "001").items()}
    assert got == {"002": ("1500000", "VND"), "003": ("50", "USD")}


def test_amounts_in_scientific_notation_are_kept_marked_and_contradictions_rejected(store, tmp_path):
    p = write_csv(tmp_path / "tx.csv", ["Debit Account", "Credit Account", "Amount", "Loại tiền"], [
        ["001", "002", "1.5E+6", "VND"],      # a VND amount as a spreadsheet or a Java exporter writes it
        ["001", "003", "2.314390494E7", ""],  # no currency: VND
        ["001", "004", "50 USD", "VND"],      # the amount and its currency column disagree
        ["001", "005", "100", "xx1"],         # not a currency
        ["001", "006", "8e-05", "BTC"],
        ["001", "007", "1.500.000", "VND"]])
    sheet = load_files(store, [p]).files[0].sheets[0]
    rj = {(r["row"], r["column"]): r["reason"] for r in store.rejects()}
    assert "currency column says VND" in rj[(4, "Amount")]
    assert "not a currency" in rj[(5, "Loại tiền")]
    assert len(rj) == 2
    got = {dst: (amount, props.get("amount_notation")) for (_, dst, amount), props in transfers(store, "001").items()}
    assert got == {"002": ("1500000", "scientific"), "003": ("23143904.94", "scientific"), "004": (None, None),
                   "005": (None, None), "006": ("0.00008", "scientific"), "007": ("1500000", None)}
    assert sheet.scientific_amounts == 3
    assert sheet.note.startswith("3 amounts are written in scientific notation (1.0E7): read as written")
    assert translate_error(sheet.note, "vi").startswith("3 số tiền được ghi dạng số mũ (1.0E7): đọc đúng như ghi")


def test_a_paysim_layout_log_loads_with_its_steps_and_big_amounts(store, tmp_path):
    """PaySim's (and AMLSim's raw) transaction log: ``step``, ``nameOrig`` / ``nameDest``, balances
    beside each side, Java's ``1.0E7`` for large amounts and two label columns."""
    f = tmp_path / "PS_log.csv"
    f.write_text(
        "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,"
        "isFraud,isFlaggedFraud\n"
        "1,PAYMENT,9839.64,C1231006815,170136.0,160296.36,M1979787155,0.0,0.0,0,0\n"
        "212,TRANSFER,1.0E7,C1000000001,1.994628795E7,9946287.95,C2000000002,0.0,0.0,1,0\n"
        "212,CASH_OUT,1.0E7,C2000000002,1.0E7,0.0,C3000000003,0.0,1.0E7,1,0\n", encoding="utf-8")
    sheet = load_files(store, [f]).files[0].sheets[0]
    assert (sheet.kind, sheet.rows, sheet.rejects, sheet.scientific_amounts) == ("transactions", 3, 0, 2)
    cols = sheet.mapping["columns"]
    assert (cols["nameOrig"], cols["nameDest"], cols["step"]) == ("from_account", "to_account", "timestamp")
    assert sheet.mapping["ignored"] == ["isFraud", "isFlaggedFraud"]
    hop = transfers(store, "C2000000002")
    assert set(hop) == {("C1000000001", "C2000000002", "10000000"), ("C2000000002", "C3000000003", "10000000")}
    first = next(e for e in store.incident([("account", "C1231006815")]))
    assert first.ts == 86400 and first.props["extra"]["oldbalanceOrg"] == "170136.0"   # step 1: a day after 0
    assert "isFraud" not in first.props["extra"]


# -- account ids and banks ---------------------------------------------------------------------------

def test_alphanumeric_ids_and_ibans_in_a_kyc_file(store, tmp_path):
    p = write_csv(tmp_path / "kyc.csv", ["Số tài khoản", "Ngân hàng", "Chủ tài khoản"], [
        ["8000ebd30", "3402", "A"], ["GB82 WEST 1234 5698 7654 32", "HSBC", "B"],
        ["GB83 WEST 1234 5698 7654 32", "HSBC", "C"], ["1.23457E+15", "VCB", "D"]])
    load_files(store, [p])
    nodes = store.nodes([("account", "8000EBD30"), ("account", "GB82WEST12345698765432"),
                         ("account", "GB83WEST12345698765432")])
    assert nodes[("account", "8000EBD30")]["bank"] == "3402"
    assert nodes[("account", "GB82WEST12345698765432")]["iban_valid"] is True
    assert nodes[("account", "GB83WEST12345698765432")]["iban_valid"] is False
    assert [r["value"] for r in store.rejects()] == ["1.23457E+15"]


def test_bank_abroad_known_and_unknown(store, tmp_path):
    from graphfraud.normalize.bank import is_foreign

    p = write_csv(tmp_path / "tx.csv", ["Debit Account", "Ngân hàng chuyển", "Credit Account", "Ngân hàng nhận"],
                  [["001", "VCB", "002", "ACLEDA BANK CAMBODIA"], ["001", "VCB", "003", "3402"]])
    load_files(store, [p])
    banks = {v: p["bank"] for (_, v), p in store.nodes([("account", x) for x in ("001", "002", "003")]).items()}
    assert [is_foreign(banks[x]) for x in ("001", "002", "003")] == [False, True, None]


# -- phones outside the plan ---------------------------------------------------------------------------

def test_out_of_plan_foreign_phone_is_kept_and_found(tmp_path):
    p = write_csv(tmp_path / "calls.csv", ["Số gọi", "Số bị gọi", "Thời gian gọi"],
                  [["+631983597882", "0912345678", "01/02/2024 10:00"]])
    db = str(tmp_path / "g.db")
    run = CliRunner().invoke
    assert run(cli, ["--store", db, "load", str(p), "--format", "json"]).exit_code == 0
    r = run(cli, ["--store", db, "find", "+63 198 359 7882", "--format", "json"])
    assert r.exit_code == 0, r.output
    match = json.loads(r.stdout)["matches"][0]
    assert (match["value"], match["props"]["plan"]) == ("+631983597882", "not_in_plan")


# -- repeated rows and transaction ids ---------------------------------------------------------------------

ROW = ["0011223344", "0011223355", "100000", "01/02/2024 10:00"]
TX = ["Debit Account", "Credit Account", "Amount", "Transaction Time"]


@pytest.mark.parametrize("keep, transfers_stored", [(False, 2), (True, 4)])
def test_repeated_rows_are_counted_once_and_reported(store, tmp_path, keep, transfers_stored):
    p = write_csv(tmp_path / "tx.csv", TX, [ROW, ROW, ROW, ["0011223366", "0011223355", "5", "01/02/2024 10:00"]])
    rep = load_files(store, [p], keep_duplicates=keep)
    sheet = rep.files[0].sheets[0]
    assert (sheet.rows, sheet.duplicates) == (4, 2)
    assert "2 rows repeat an earlier row" in sheet.note
    assert store.stats()["edges"]["transfer"] == transfers_stored
    assert rep.as_json()["files"][0]["sheets"][0]["duplicates"] == 2


def test_dates_without_a_time_are_kept_marked_and_reported(tmp_path):
    # a statement that gives the day of each transfer: kept at 00:00, marked, and said in the load's note
    p = write_csv(tmp_path / "sao_ke.csv", TX, [["0011223344", "0011223355", "100000", "01/02/2024"],
                                                 ["0011223344", "0011223366", "200000", "02/02/2024"],
                                                 ["0011223344", "0011223377", "300000", "02/02/2024 10:05"]])
    db = str(tmp_path / "g.db")
    r = CliRunner().invoke(cli, ["--store", db, "load", str(p), "--format", "json"])
    assert r.exit_code == 0, r.output
    sheet = json.loads(r.stdout)["files"][0]["sheets"][0]
    assert sheet["dated_by_day"] == 2
    assert "2 rows give a date without a time of day: kept at 00:00 with time_precision day" in sheet["note"]
    from graphfraud.store.sqlite import SQLiteStore

    with SQLiteStore(db, readonly=True) as st:
        got = {e.dst[1]: (e.props.get("time_precision"), e.ts)
               for e in st.incident([("account", "0011223344")], types=("transfer",))}
    assert got["0011223355"][0] == "day" and got["0011223366"][0] == "day" and got["0011223377"][0] is None
    assert got["0011223366"][1] + 10 * 3600 + 5 * 60 == got["0011223377"][1]     # 00:00 that day
    from graphfraud.output.error_text import translate_error

    assert translate_error(sheet["note"], "vi") == \
        "2 dòng chỉ ghi ngày, không có giờ: giữ lúc 00:00, đánh dấu time_precision day"


def test_repeats_are_found_across_chunks_and_in_the_second_process(tmp_path, monkeypatch):
    from graphfraud.loaders import read

    from graphfraud import facts_worker
    from graphfraud.store.sqlite import SQLiteStore

    monkeypatch.setattr(read, "CHUNK_ROWS", 7)
    rows = [[f"00{i % 10:08d}", "0011223355", str(1000 + i % 10), "01/02/2024 10:00"] for i in range(40)]
    p = write_csv(tmp_path / "tx.csv", TX, rows)
    for worker in (False, True):
        monkeypatch.setattr(facts_worker, "MIN_BYTES", 0 if worker else 1 << 40)
        s = SQLiteStore(tmp_path / f"g{worker}.db")
        try:
            sheet = load_files(s, [p]).files[0].sheets[0]
            assert (sheet.rows, sheet.duplicates) == (40, 30), worker
            assert s.stats()["edges"]["transfer"] == 10
        finally:
            s.close()


def test_a_transaction_id_with_another_amount_is_a_reject(store, tmp_path):
    p = write_csv(tmp_path / "tx.csv", ["Transaction ID"] + TX, [
        ["T1"] + ROW, ["T1", *ROW[:2], "100.000", ROW[3]],  # the same amount, spelled otherwise: a repeat
        ["T1", *ROW[:2], "200000", ROW[3]], ["T2", "0011223366", "0011223355", "5", ROW[3]]])
    rep = load_files(store, [p])
    assert rep.files[0].sheets[0].duplicates == 1
    (rj,) = store.rejects()
    assert (rj["row"], rj["column"], rj["value"]) == (4, "Transaction ID", "T1")
    assert "already on row 2" in rj["reason"]
    assert {a for (_, _, a) in transfers(store, "0011223344")} == {"100000"}  # the contradicting row is not


# -- no silent misdirection ------------------------------------------------------------------------------

def test_map_naming_a_missing_column_names_the_closest_header(store, tmp_path):
    p = write_csv(tmp_path / "tx.csv", TX, [ROW])
    with pytest.raises(UsageError) as exc:
        load_files(store, [p], maps=("Ammount=amount",))
    assert "does not have" in str(exc.value) and "closest header is 'Amount'" in str(exc.value)
    assert store.stats()["total_edges"] == 0


def test_kind_given_names_the_missing_field_and_the_headers(store, tmp_path):
    p = write_csv(tmp_path / "x.csv", ["Số gọi", "Thời gian"], [["0912345678", "01/02/2024"]])
    with pytest.raises(UnknownKindError) as exc:
        load_files(store, [p], kind="calls")
    msg = str(exc.value)
    assert "a calls file needs" in msg and "no column maps to callee" in msg and "'Số gọi'" in msg


@pytest.mark.parametrize("command", [["stats"], ["find", "0912345678"], ["path", "0912345678", "0987654321"],
                                     ["mules"]])
def test_read_commands_refuse_a_store_that_does_not_exist(tmp_path, command):
    db = tmp_path / "nope" / "g.db"
    r = CliRunner().invoke(cli, ["--store", str(db), *command])
    assert r.exit_code == 1 and f"no store at {db}" in r.stderr
    assert not db.exists() and not db.parent.exists()


# -- bare @handles ------------------------------------------------------------------------------------------

SOCIAL = ["Tài khoản MXH", "Nền tảng", "Số điện thoại"]


def test_a_bare_handle_is_the_account_of_the_one_platform_the_file_has_it_on(store, tmp_path):
    p = write_csv(tmp_path / "social.csv", SOCIAL, [
        ["@ScamBot", "", "0912345678"], ["t.me/scambot", "", ""],      # one platform: telegram
        ["@abc", "", "0987654321"], ["abc", "Zalo", ""], ["abc", "TikTok", ""],  # two platforms: not said
        ["@solo", "", ""]])
    rep = load_files(store, [p])
    assert rep.total_rejects == 0
    social = {v for (t, v) in store.nodes([("social", x) for x in (
        "telegram:scambot", "unknown:scambot", "unknown:abc", "zalo:abc", "tiktok:abc", "unknown:solo")])}
    assert social == {"telegram:scambot", "unknown:abc", "zalo:abc", "tiktok:abc", "unknown:solo"}
    linked = {e.dst[1] for e in store.incident([("social", "telegram:scambot")]) if e.type == "social_link"}
    assert linked == {"+84912345678"}  # the @ScamBot row's phone is the telegram account's


def test_find_looks_for_a_bare_handle_on_every_platform_and_back(tmp_path):
    db = str(tmp_path / "g.db")
    first = write_csv(tmp_path / "a.csv", SOCIAL, [["@solo", "", "0912345678"]])
    later = write_csv(tmp_path / "b.csv", SOCIAL, [["solo", "TikTok", "0987654321"]])
    run = CliRunner().invoke
    for f in (first, later):
        assert run(cli, ["--store", db, "load", str(f), "--format", "json"]).exit_code == 0

    def found(text):
        r = run(cli, ["--store", db, "find", text, "--format", "json"])
        assert r.exit_code == 0, r.output
        return {m["value"] for m in json.loads(r.stdout)["matches"]}

    assert found("@solo") == {"unknown:solo", "tiktok:solo"}
    assert found("tiktok:solo") == {"tiktok:solo", "unknown:solo"}


# -- dates written month first ------------------------------------------------------------------------

def _us_rows(n=30):
    import random

    rnd = random.Random(7)
    rows = [["TX999999", "AC00000", "14.09", "4/11/2023 16:29", "D000380", "162.198.218.92"],
            ["TX999998", "AC00001", "376.24", "6/27/2023 16:44", "D000051", "13.149.61.4"],
            ["TX999997", "AC00002", "126.29", "7/13/2023 18:16", "D000235", "215.97.143.157"]]
    for i in range(n):
        rows.append([f"TX{i:06d}", f"AC{i % 7:05d}", "10.5", f"{rnd.randint(1, 12)}/{rnd.randint(1, 28)}/2023 09:{i:02d}",
                     f"D{i:06d}", f"10.0.0.{i}"])
    return rows


@pytest.mark.parametrize("worker", [False, True])
def test_a_column_of_month_first_dates_is_read_month_first_and_said(tmp_path, monkeypatch, worker):
    """An export made in the United States writes 4/11/2023 for 11 April: its own cells (6/27/2023)
    show it, so the whole column is read month first (the first block of rows read decides), in every
    block and in a second process."""
    from graphfraud import facts_worker

    monkeypatch.setattr(facts_worker, "MIN_BYTES", 0 if worker else 1 << 40)
    monkeypatch.setenv("GRAPHFRAUD_CHUNK_ROWS", "8")
    p = write_csv(tmp_path / "logins.csv", ["TransactionID", "AccountID", "Amount", "TransactionDate", "DeviceID",
                                             "IP Address"], _us_rows())
    db = str(tmp_path / "g.db")
    r = CliRunner().invoke(cli, ["--store", db, "--lang", "en", "load", str(p), "--format", "json"])
    assert r.exit_code == 0, r.output
    sheet = json.loads(r.stdout)["files"][0]["sheets"][0]
    assert sheet["mapping"]["month_first_dates"] == ["TransactionDate"] and sheet["rejects"] == 0
    assert sheet["note"] == "the dates of TransactionDate are written month first (6/27/2023): read so"
    r = CliRunner().invoke(cli, ["--store", db, "--lang", "en", "find", "D000380", "--format", "json"])
    assert json.loads(r.stdout)["matches"][0]["neighbours"][0]["edge"]["time"] == "2023-04-11T16:29:00+07:00"
    assert translate_error(sheet["note"], "vi") == ("ngày của TransactionDate được ghi tháng trước ngày (6/27/2023): "
                                                    "đọc theo cách đó")


def test_one_month_first_looking_date_in_a_day_first_column_stays_a_reject(store, tmp_path):
    p = write_csv(tmp_path / "tx.csv", ["Debit Account", "Credit Account", "Amount", "Ngày giao dịch"], [
        ["001", "002", "100000", "01/03/2024"], ["001", "003", "100000", "02/03/2024"],
        ["001", "004", "100000", "05/13/2024"], ["001", "005", "100000", "11/03/2024"]])
    sheet = load_files(store, [p]).files[0].sheets[0]
    assert "month_first_dates" not in sheet.mapping and sheet.mapping_notes == ""
    assert [(r["row"], r["value"]) for r in store.rejects()] == [(4, "05/13/2024")]
    times = {e.dst[1]: e.ts for e in store.incident([("account", "001")])}
    assert times["005"] == 1710090000   # 11 March 2024, day first


# -- times a file writes without a zone -----------------------------------------------------------------

@pytest.mark.parametrize("worker", [False, True])
def test_load_timezone_reads_times_without_a_zone_in_that_zone(tmp_path, monkeypatch, worker):
    """A server's log kept in UTC: ``--timezone UTC`` reads its times so; a time that writes its own
    offset and a date without a time of day are read as before. The mapping and the note say it."""
    from graphfraud import facts_worker

    monkeypatch.setattr(facts_worker, "MIN_BYTES", 0 if worker else 1 << 40)
    p = write_csv(tmp_path / "logins.csv", ["Số tài khoản", "Địa chỉ IP", "Thời gian đăng nhập"], [
        ["0011223344", "1.2.3.4", "01/03/2024 03:00:00"], ["0011223344", "1.2.3.5", "2024-03-01T03:00:00+07:00"],
        ["0011223344", "1.2.3.6", "01/03/2024"], ["0011223344", "1.2.3.7", "1709262000"]])
    db = str(tmp_path / "g.db")
    r = CliRunner().invoke(cli, ["--store", db, "--lang", "en", "load", str(p), "--timezone", "UTC",
                                 "--format", "json"])
    assert r.exit_code == 0, r.output
    sheet = json.loads(r.stdout)["files"][0]["sheets"][0]
    assert sheet["mapping"]["timezone"] == "UTC"
    assert sheet["note"].endswith("times written without a time zone are read as UTC (--timezone)")
    assert translate_error("times written without a time zone are read as UTC (--timezone)", "vi") == (
        "các thời điểm ghi không kèm múi giờ được đọc theo múi giờ UTC (--timezone)")
    from graphfraud.store.sqlite import SQLiteStore

    with SQLiteStore(db) as st:
        times = {e.dst[1]: e.ts for e in st.incident([("account", "0011223344")]) if e.type == "login"}
    assert times == {"1.2.3.4": 1709262000,   # 03:00 UTC = 10:00 in Vietnam
                     "1.2.3.5": 1709236800, "1.2.3.6": 1709226000, "1.2.3.7": 1709262000}


@pytest.mark.parametrize("zone", ["Mars/Base", "+15:00", "yesterday"])
def test_load_timezone_that_names_no_zone_is_refused(tmp_path, zone):
    p = write_csv(tmp_path / "l.csv", ["Số tài khoản", "Địa chỉ IP"], [["0011223344", "1.2.3.4"]])
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "g.db"), "--lang", "en", "load", str(p), "--timezone", zone])
    assert r.exit_code != 0 and "--timezone" in r.output and "time zone" in r.output
