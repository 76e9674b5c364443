"""Cells naming several identifiers (a victim list's "0987 654 321, 0977.111.222"): each value read, the row
counted once, each reject told once; transfers never split."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv, write_xlsx

REPORT = ["Mã vụ việc", "Ngày tiếp nhận", "Họ tên nạn nhân", "SĐT nạn nhân", "SĐT đối tượng", "STK đối tượng",
          "Số tiền thiệt hại", "Website lừa đảo"]


def _mentioned(store, case, type_):
    return {e.dst[1] for e in store.incident([("case", case)]) if e.type == "mention" and e.dst[0] == type_}


def test_a_victim_list_naming_several_suspect_numbers_links_every_one(store, tmp_path):
    f = write_csv(tmp_path / "bi_hai.csv", REPORT, [
        ["VV1", "ngày 32/13/2024", "Lê Hoa", "0912345678", "0987 654 321, 0977.111.222 (Zalo)",
         "1903456789012 / 0071001234567", "12 triệu", "https://a.com/x, https://b.vn/y"],
        ["VV2", "05/03/2024", "Trần Nam", "0911111111", "0977111222", "0071001234567", "5tr", "xyz"],
    ])
    rep = load_files(store, [f])
    sheet = rep.files[0].sheets[0]
    assert sheet.rows == 2
    assert _mentioned(store, "VV1", "phone") == {"+84912345678", "+84987654321", "+84977111222"}
    assert _mentioned(store, "VV1", "account") == {"1903456789012", "0071001234567"}
    assert _mentioned(store, "VV1", "url") == {"a.com", "b.vn"}
    # the two cases now share a phone and an account
    assert _mentioned(store, "VV1", "phone") & _mentioned(store, "VV2", "phone") == {"+84977111222"}
    assert store.nodes([("phone", "+84977111222")])[("phone", "+84977111222")]["app"] == "Zalo"
    edge = next(e for e in store.incident([("case", "VV1")]) if e.dst == ("phone", "+84987654321"))
    assert [p["row"] for p in store.provenance([edge.id])[edge.id]] == [2]
    rejects = [(r["row"], r["column"]) for r in store.rejects()]
    assert rejects.count((2, "Ngày tiếp nhận")) == 1 and (3, "Website lừa đảo") in rejects
    assert sheet.rejects == len(rejects) == 2


def test_a_cell_with_a_part_that_is_no_phone_is_read_whole_and_rejected(store, tmp_path):
    f = write_csv(tmp_path / "r.csv", REPORT[:1] + ["SĐT đối tượng"], [["VV1", "0987654321, 12ab"]])
    load_files(store, [f])
    assert not _mentioned(store, "VV1", "phone")
    assert [(r["value"], r["reason"]) for r in store.rejects()] == [
        ("0987654321, 12ab", "not a phone number: it contains letters")]


def test_transfers_are_never_split(store, tmp_path):
    f = write_csv(tmp_path / "tx.csv", ["Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền"],
                  [["0011223344, 0055667788", "0999888777", "1.000.000"]])
    load_files(store, [f])
    assert not store.stats()["edges"].get("transfer")
    assert store.rejects()


def test_a_kyc_record_with_two_phones_registers_both(store, tmp_path):
    f = write_xlsx(tmp_path / "kyc.xlsx", {"KYC": [
        ["Số tài khoản", "Chủ tài khoản", "SĐT đăng ký", "Email"],
        ["0071001234567", "NGUYEN VAN A", "0912345678; 0987654321", "a@x.vn và b@y.vn"]]})
    load_files(store, [f])
    reg = {e.dst for e in store.incident([("account", "0071001234567")]) if e.type == "registered"}
    assert reg == {("phone", "+84912345678"), ("phone", "+84987654321")}
    persons = {e.src for e in store.incident([("email", "a@x.vn"), ("email", "b@y.vn")]) if e.type == "registered"}
    assert len(persons) == 1


PHONES = st.lists(st.integers(0, 9_999_999).map(lambda n: f"098{n:07d}"), min_size=1, max_size=4, unique=True)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PHONES, st.lists(st.sampled_from([", ", "; ", " / ", "\n", " và ", " hoặc ", "|"]), min_size=3, max_size=3))
def test_every_number_of_a_list_is_read(tmp_path_factory, phones, seps):
    tmp = tmp_path_factory.mktemp("multi")
    cell = phones[0] + "".join(s + p for s, p in zip(seps, phones[1:]))
    f = write_csv(tmp / "r.csv", ["Mã vụ việc", "SĐT đối tượng"], [["VV1", cell]])
    with SQLiteStore(tmp / "g.db") as s:
        rep = load_files(s, [f])
        assert _mentioned(s, "VV1", "phone") == {"+84" + p[1:] for p in phones}
        assert not s.rejects() and rep.files[0].sheets[0].rows == 1
