"""Loading every kind into the embedded store: facts, provenance, idempotence, rejects."""

import json
from pathlib import Path

import pytest

from graphfraud.errors import EncodingError, UnknownKindError
from graphfraud.load import load_files
from tests.conftest import write_csv, write_json, write_xlsx

TX_HEADER = ["Mã giao dịch", "Thời gian", "Tài khoản ghi nợ", "Ngân hàng chuyển", "Tài khoản ghi có",
             "Ngân hàng nhận", "Số tiền", "Địa chỉ IP", "Mã thiết bị", "Chi nhánh"]
TX_ROWS = [
    ["FT001", "01/02/2024 09:15", "0011 2233 44", "Vietcombank", "1903-5566-7788", "TCB", "1.500.000",
     "113.160.1.1", "DEV-A1", "Hà Nội"],
    ["FT002", "01/02/2024 09:20", "1903 5566 7788", "Techcombank", "0555666777", "970422", "1,470,000 VND",
     "", "", "HCM"],
    ["FT003", "02/02/2024 10:00", "0555666777", "MB", "0011223344", "VCB", "abc", "999.1.1.1", "", ""],
]


def _tx(tmp_path, name="tx.csv", rows=TX_ROWS):
    return write_csv(tmp_path / name, TX_HEADER, rows)


def test_transactions_load_with_provenance_and_kept_columns(store, tmp_path):
    rep = load_files(store, [_tx(tmp_path)])
    sheet = rep.files[0].sheets[0]
    assert sheet.kind == "transactions" and sheet.rows == 3 and sheet.status == "loaded"
    s = store.stats()
    assert s["nodes"]["account"] == 3
    assert s["edges"]["transfer"] == 3
    nodes = store.nodes([("account", "0011223344")])
    assert nodes[("account", "0011223344")]["bank"] == "VCB"
    edges = [e for e in store.incident([("account", "0011223344")]) if e.type == "transfer"]
    first = next(e for e in edges if e.props.get("txn_id") == "FT001")
    assert first.amount == "1500000"
    assert first.props["extra"] == {"Chi nhánh": "Hà Nội"}
    prov = store.provenance([first.id])[first.id]
    assert prov[0]["file"] == "tx.csv" and prov[0]["row"] == 2 and len(prov[0]["sha256"]) == 64
    assert "Tài khoản ghi nợ" not in prov[0]["columns"]  # columns are named by field


def test_rejects_keep_the_rest_of_the_row(store, tmp_path):
    rep = load_files(store, [_tx(tmp_path)])
    rejects = store.rejects()
    got = {(r["row"], r["column"], r["value"]) for r in rejects}
    assert (4, "Số tiền", "abc") in got
    assert (4, "Địa chỉ IP", "999.1.1.1") in got
    assert all(r["reason"] for r in rejects)
    # the transfer of row 4 still loads, without an amount
    e = [e for e in store.incident([("account", "0555666777")]) if e.props.get("txn_id") == "FT003"]
    assert len(e) == 1 and e[0].amount is None
    text = Path(rep.rejects_path).read_text(encoding="utf-8-sig")
    assert "999.1.1.1" in text and "tx.csv" in text


def test_same_file_twice_changes_nothing(store, tmp_path):
    p = _tx(tmp_path)
    load_files(store, [p])
    before = store.stats()
    rep = load_files(store, [p])
    assert rep.files[0].sheets[0].status == "already loaded"
    assert store.stats() == before


def test_same_rows_in_another_file_change_no_counts(store, tmp_path):
    load_files(store, [_tx(tmp_path, "a.csv")])
    before = store.stats()
    rep = load_files(store, [_tx(tmp_path, "copy-of-a.csv", rows=TX_ROWS[::-1])])  # other bytes, same facts
    after = store.stats()
    assert after["nodes"] == before["nodes"] and after["edges"] == before["edges"]
    assert rep.files[0].sheets[0].status == "already loaded"
    # the second file is now part of the provenance of the same edge
    e = next(e for e in store.incident([("account", "0011223344")]) if e.props.get("txn_id") == "FT001")
    assert {p["file"] for p in store.provenance([e.id])[e.id]} == {"a.csv", "copy-of-a.csv"}


def test_every_kind_loads(store, tmp_path):
    files = [
        write_csv(tmp_path / "cdr.csv", ["Số gọi", "Số bị gọi", "Thời gian", "Thời lượng (giây)", "Loại cuộc gọi"],
                  [["+855 12 345 678", "0912 345 678", "01/02/2024 08:00:00", "120", "OTT"]]),
        write_json(tmp_path / "logins.json", [{"STK": "0011223344", "Ngân hàng": "VCB", "Địa chỉ IP": "1.2.3.4",
                                               "Thiết bị": "DEV-A1", "Thời gian": "01/02/2024 07:00",
                                               "Quốc gia": "KH"}]),
        write_xlsx(tmp_path / "kyc.xlsx", {"KYC": [
            ["Số tài khoản", "Ngân hàng", "Chủ tài khoản", "CCCD", "SĐT", "Email", "Sinh trắc học", "Ngày mở"],
            ["0011223344", "Vietcombank", "Lê Văn C", "001099012345", "0166 234 5678", "LVC@Mail.com", "Không",
             "15/01/2024"]]}),
        write_csv(tmp_path / "reports.csv", ["Mã vụ việc", "Ngày trình báo", "Họ tên nạn nhân", "SĐT nạn nhân",
                                             "STK nạn nhân", "SĐT đối tượng", "STK đối tượng", "Số tiền bị lừa",
                                             "Loại lừa đảo"],
                  [["VV-2024-0001", "03/02/2024", "Phạm Thị D", "0987654321", "1903556677788", "+855 12 345 678",
                    "0011223344", "50.000.000", "giả danh công an"]]),
        write_csv(tmp_path / "social.csv", ["Tài khoản MXH", "Nền tảng", "SĐT", "Tên hiển thị"],
                  [["https://www.facebook.com/profile.php?id=100012345678901", "Facebook", "+855 12 345 678",
                    "Cán bộ Minh"]]),
    ]
    rep = load_files(store, files)
    kinds = [s.kind for f in rep.files for s in f.sheets]
    assert kinds == ["calls", "logins", "accounts", "reports", "social"]
    s = store.stats()
    for t in ("phone", "account", "ip", "device", "social", "email", "person", "case"):
        assert s["nodes"].get(t), t
    for t in ("call", "login", "owns", "registered", "social_link", "mention"):
        assert s["edges"].get(t), t
    # the old 11-digit number in the KYC file is the modern one
    assert store.nodes([("phone", "+84362345678")])
    # the scam phone from the CDR, the report and the social file is one node
    assert len(store.incident([("phone", "+85512345678")])) >= 3
    case = store.nodes([("case", "VV-2024-0001")])[("case", "VV-2024-0001")]
    assert case["amount_lost"] == "50000000" and case["scam_type"] == "giả danh công an"


def test_unknown_kind_is_refused_with_its_headers(store, tmp_path):
    p = write_csv(tmp_path / "x.csv", ["foo", "bar"], [["1", "2"]])
    with pytest.raises(UnknownKindError, match="foo"):
        load_files(store, [p])
    assert store.stats()["total_nodes"] == 0


def test_map_and_kind_options(store, tmp_path):
    p = write_csv(tmp_path / "aml.csv", ["sourceNodeId", "targetNodeId", "value", "time"],
                  [["1001", "2002", "500.5", "3"]])
    rep = load_files(store, [p], kind="transactions", maps=("value=amount", "time=timestamp"))
    assert rep.files[0].sheets[0].rows == 1
    e = store.incident([("account", "1001")])[0]
    assert e.amount == "500.5" and e.ts == 3 * 86400


def test_case_option_tags_rows(store, tmp_path):
    load_files(store, [_tx(tmp_path)], case_id="VV-9")
    assert store.nodes([("case", "VV-9")])
    assert store.stats()["edges"]["mention"] >= 2


def test_interrupted_load_leaves_nothing(store, tmp_path, monkeypatch):
    from graphfraud.loaders import read

    monkeypatch.setattr(read, "CHUNK_ROWS", 1000)
    p = tmp_path / "big.csv"
    # valid UTF-8 well past the 1 MiB the encoding is detected from, then a bad byte
    good = "\n".join(f"{i:010d},0099887766,{i % 97}000" for i in range(60000))
    p.write_bytes(("Debit Account,Credit Account,Amount\n" + good + "\n").encode() + b"\x81\x8d\x8f\x90,1,2\n")
    with pytest.raises(EncodingError, match="big.csv"):
        load_files(store, [p])
    assert store.stats()["total_nodes"] == 0 and store.loads() == []


def test_stats_json_shape(store, tmp_path):
    load_files(store, [_tx(tmp_path)])
    s = json.loads(json.dumps(store.stats()))
    assert set(s) >= {"nodes", "edges"}
    assert all(isinstance(v, int) for v in s["nodes"].values())


def test_a_json_record_holding_no_value_is_rejected_not_dropped(tmp_path):
    """A JSON record whose values are all null or empty is a row of the file (it is counted): it is
    named in the rejects report, never counted and dropped without a word (found by the fuzz test)."""
    import json

    from graphfraud.facts_checks import EMPTY_ROW
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    f = tmp_path / "logins.json"
    f.write_text(json.dumps([{"Tài khoản ghi nợ": None, "Địa chỉ IP": "", "STK": ""},
                             {"Tài khoản ghi nợ": "0011223344", "Địa chỉ IP": "1.2.3.4", "STK": ""}],
                            ensure_ascii=False), encoding="utf-8")
    with SQLiteStore(tmp_path / "g.db") as st:
        rep = load_files(st, [f])
        assert sum(s.rows for s in rep.files[0].sheets) == 2
        assert [(r["row"], r["column"], r["reason"]) for r in st.rejects()] == [(1, "*", EMPTY_ROW)]
        assert {r[0] for r in st.db.execute("SELECT row FROM edge_src UNION SELECT row FROM node_src")} == {2}


def test_a_row_naming_no_identifier_is_rejected_not_dropped(tmp_path):
    """A logins file's row whose only value is in a column that names no identifier (no account, no
    IP) stores nothing: it is named in the rejects report, never dropped without a word."""
    from graphfraud.facts_checks import NOTHING_STORED
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    f = tmp_path / "logins.csv"
    f.write_text("Tài khoản ghi nợ,Địa chỉ IP,STK\n0\n,1.2.3.4,0011223344\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "g.db") as st:
        rep = load_files(st, [f])
        assert [s.kind for s in rep.files[0].sheets] == ["logins"]
        assert [(r["row"], r["column"], r["reason"]) for r in st.rejects()] == [(2, "*", NOTHING_STORED)]
        assert {r[0] for r in st.db.execute("SELECT row FROM edge_src")} == {3}
