"""Banks: codes, BINs, common and full names, folded spellings, unknown names kept."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize import bank
from graphfraud.normalize.bank import BANKS, normalize
from graphfraud.normalize.foreign_bank import FOREIGN_BANKS

VCB_PROPS = {"name": "Vietcombank", "bin": "970436", "full_name": "Ngân hàng TMCP Ngoại Thương Việt Nam"}


@pytest.mark.parametrize("raw", [
    "Vietcombank", "VCB", "vcb", "970436", "Ngân hàng TMCP Ngoại Thương Việt Nam", "NH Ngoại thương",
    "vietcom bank", "NGAN HANG TMCP NGOAI THUONG VIET NAM", "Ngan hang Ngoai thuong", "VIETCOMBANK",
    "Vietcombank - CN Hà Nội", "Vietcombank chi nhánh Sở giao dịch", "VCB - Ngân hàng TMCP Ngoại thương Việt Nam",
    "Vietcombank (VCB)", "NHTMCP Ngoại thương VN", "  vietcombank\u00a0", "ＶＣＢ", "970436.0",
    "Ngân hàng Ngoại thương Việt Nam (Vietcombank)", "Vietcom",
])
def test_vietcombank_spellings(raw):
    assert normalize(raw) == bank.Normalized("VCB", VCB_PROPS)


@pytest.mark.parametrize("raw, code", [
    ("VietinBank", "CTG"), ("970415", "CTG"), ("ICB", "CTG"), ("Ngân hàng Công thương", "CTG"),
    ("Vietinbank CN Hà Nội", "CTG"), ("BIDV", "BIDV"), ("970418", "BIDV"),
    ("Ngân hàng TMCP Đầu tư và Phát triển Việt Nam", "BIDV"), ("Đầu tư & Phát triển", "BIDV"),
    ("Agribank", "VBA"), ("970405", "VBA"), ("NHNo&PTNT", "VBA"), ("NHNo &amp; PTNT", "VBA"),
    ("VIETINBANK      VNM", "CTG"), ("Ngân hàng Nông nghiệp", "VBA"),
    ("Agribank chi nhánh Hà Tây", "VBA"), ("Techcombank", "TCB"), ("970407", "TCB"), ("NH TMCP Kỹ Thương", "TCB"),
    ("MB", "MBB"), ("MBBank", "MBB"), ("MB Bank", "MBB"), ("970422", "MBB"), ("Ngân hàng Quân Đội", "MBB"),
    ("ACB", "ACB"), ("970416", "ACB"), ("Á Châu", "ACB"), ("VPBank", "VPB"), ("970432", "VPB"),
    ("Sacombank", "STB"), ("970403", "STB"), ("TPBank", "TPB"), ("970423", "TPB"), ("Tiên Phong bank", "TPB"),
    ("HDBank", "HDB"), ("970437", "HDB"), ("TMCP Phát triển TP.HCM", "HDB"), ("VIB", "VIB"), ("970441", "VIB"),
    ("SHB", "SHB"), ("970443", "SHB"), ("Ngân hàng TMCP Sài Gòn Hà Nội", "SHB"), ("Eximbank", "EIB"),
    ("970431", "EIB"), ("MSB", "MSB"), ("970426", "MSB"), ("Maritime Bank", "MSB"), ("OCB", "OCB"),
    ("970448", "OCB"), ("SeABank", "SSB"), ("SEAB", "SSB"), ("970440", "SSB"), ("Đông Nam Á", "SSB"),
    ("LienVietPostBank", "LPB"), ("LPBank", "LPB"), ("970449", "LPB"), ("Bưu điện Liên Việt", "LPB"),
    ("Nam A Bank", "NAB"), ("970428", "NAB"), ("Bac A Bank", "BAB"), ("970409", "BAB"), ("ABBank", "ABB"),
    ("970425", "ABB"), ("VietABank", "VAB"), ("970427", "VAB"), ("BaoViet Bank", "BVB"), ("BVB", "BVB"),
    ("970438", "BVB"), ("Bảo Việt", "BVB"), ("BVBank", "VCCB"), ("BV Bank", "VCCB"), ("Viet Capital Bank", "VCCB"),
    ("Bản Việt", "VCCB"), ("970454", "VCCB"), ("PVcomBank", "PVCB"), ("970412", "PVCB"),
    ("Kienlongbank", "KLB"), ("970452", "KLB"), ("NCB", "NCB"), ("970419", "NCB"), ("OceanBank", "OCEANBANK"),
    ("970414", "OCEANBANK"), ("GPBank", "GPB"), ("970408", "GPB"), ("CBBank", "CBB"), ("970444", "CBB"),
    ("DongA Bank", "DOB"), ("970406", "DOB"), ("Saigonbank", "SGB"), ("970400", "SGB"), ("SCB", "SCB"),
    ("970429", "SCB"), ("Ngân hàng TMCP Sài Gòn", "SCB"), ("VietBank", "VIETBANK"), ("970433", "VIETBANK"),
    ("PGBank", "PGB"), ("970430", "PGB"), ("Co-opBank", "COOPBANK"), ("970446", "COOPBANK"),
    ("Shinhan", "SHBVN"), ("970424", "SHBVN"), ("Shinhan Bank Vietnam", "SHBVN"), ("Woori", "WVN"),
    ("970457", "WVN"), ("UOB", "UOB"), ("970458", "UOB"), ("Public Bank", "PBVN"), ("970439", "PBVN"),
    ("Hong Leong", "HLBVN"), ("970442", "HLBVN"), ("Standard Chartered", "SCVN"), ("970410", "SCVN"),
    ("HSBC", "HSBC"), ("458761", "HSBC"), ("HSBC Việt Nam", "HSBC"), ("CIMB", "CIMB"), ("422589", "CIMB"),
    ("Cake", "CAKE"), ("Timo", "TIMO"), ("Ubank", "UBANK"), ("Kookmin HN", "KBHN"),
    ("Ngân hàng Kookmin - Chi nhánh Thành phố Hồ Chí Minh", "KBHCM"),
])
def test_known_banks(raw, code):
    result = normalize(raw)
    assert result.value == code
    assert set(result.props) >= {"name", "bin", "full_name"} and "known" not in result.props


def test_brand_has_parent():
    assert normalize("Cake by VPBank").props["parent"] == "VPB"
    assert "parent" not in normalize("VPBank").props


@pytest.mark.parametrize("b", BANKS, ids=lambda b: b.code)
def test_every_table_spelling_finds_its_bank(b):
    for text in (b.code, b.name, b.bin, b.full_name, *b.aliases):
        assert normalize(text).value == b.code, text
    assert normalize(b.code).props["bin"] == b.bin


def test_table_is_consistent():
    codes = [b.code for b in BANKS]
    bins = [b.bin for b in BANKS]
    assert len(set(codes)) == len(codes) and len(set(bins)) == len(bins)
    assert all(len(b) == 6 and b.isdigit() for b in bins)
    assert len(BANKS) >= 40
    # the only ambiguous keys are banks with one BIN per branch
    assert {frozenset(pair) for _, *pair in bank._CONFLICTS} == {
        frozenset({"KBHN", "KBHCM"}), frozenset({"KEBHANAHN", "KEBHANAHCM"}), frozenset({"IBKHN", "IBKHCM"})}


@pytest.mark.parametrize("raw, value", [
    ("Ngân hàng ABC Xyz", "ABC XYZ"),
    ("NH ABC XYZ", "ABC XYZ"),
    ("abc xyz bank", "ABC XYZ"),
    ("Kookmin", "KOOKMIN"),                 # two branches, two BINs: ambiguous
    ("970999", "970999"),
    ("Ngân hàng", "NGAN HANG"),
    ("3402", "3402"),                       # numeric bank ids of other systems, as given
    ("011", "011"),
])
def test_unknown_banks_are_kept(raw, value):
    assert normalize(raw) == bank.Normalized(value, {"known": False})
    assert normalize(value).value == value
    assert bank.is_foreign(raw) is None and bank.is_foreign(value) is None  # unknown is not abroad


@pytest.mark.parametrize("raw, value, country", [
    ("Bank of China", "BANK OF CHINA", "CN"),
    ("Industrial and Commercial Bank of China", "INDUSTRIAL AND COMMERCIAL BANK OF CHINA", "CN"),
    ("ACLEDA Bank Plc.", "ACLEDA", "KH"),
    ("Wing Bank", "WING", "KH"),
    ("GCash", "GCASH", "PH"),
    ("BPI", "BPI", "PH"),
    ("Lao Development Bank", "LAO DEVELOPMENT", "LA"),
])
def test_banks_abroad_are_kept_as_written_and_flagged(raw, value, country):
    n = normalize(raw)
    assert n.value == value and n.props["known"] is False
    assert n.props["foreign"] is True and n.props["country"] == country
    assert bank.is_foreign(raw) is True and bank.is_foreign(value) is True  # the stored value too


def test_every_foreign_exit_bank_of_the_demo_is_abroad():
    from graphfraud.demo import _vocab as V

    for _country, spellings in V.FOREIGN_BANKS.values():
        for text in spellings:
            assert bank.is_foreign(text) is True and bank.is_foreign(normalize(text).value) is True, text


def test_vietnamese_banks_are_not_abroad():
    for b in BANKS:
        for text in (b.code, b.name, b.bin, b.full_name):
            assert bank.is_foreign(text) is False, text
            assert bank.is_foreign(normalize(text).value) is False, text
    assert bank.is_foreign("") is None and bank.is_foreign(None) is None
    assert bank.is_foreign("3402", {"foreign": True}) is True  # the normaliser's flag, when given


@pytest.mark.parametrize("raw, reason", [("", "empty"), (None, "empty"), ("---", "no letters or digits")])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


def _strip_marks(text: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).replace(
        "đ", "d").replace("Đ", "D")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BANKS), st.data())
def test_spelling_variants_of_names(b, data):
    text = data.draw(st.sampled_from([b.name, b.full_name, *b.aliases]))
    if data.draw(st.booleans()):
        text = _strip_marks(text)
    text = data.draw(st.sampled_from([str.upper, str.lower, str.title, lambda t: t]))(text)
    if not b.full_name.lower().startswith("ngân hàng") or text in (b.name, b.code):
        prefix = ""
    else:
        prefix = data.draw(st.sampled_from(["", "Ngân hàng ", "NH ", "Ngan hang TMCP ", "NH TMCP "]))
    suffix = "" if "Chi nhánh" in b.full_name else data.draw(
        st.sampled_from(["", " - CN Hà Nội", " chi nhánh Sài Gòn", " PGD Cầu Giấy", " (Hội sở)"]))
    spaced = data.draw(st.sampled_from(["{}", "  {}  ", "{}."]))
    assert normalize(spaced.format(prefix + text + suffix)).value == b.code


@given(st.text(min_size=1, max_size=30))
def test_result_is_a_fixed_point(text):
    try:
        first = normalize(text)
    except InvalidValue:
        return
    assert normalize(first.value) == first


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([t for b in FOREIGN_BANKS for t in (b.code, b.name) + b.aliases]),
       st.sampled_from(["{}", "{} Bank", "Ngân hàng {}", "{} (x)", "{} / {}", "{} - Cambodia", " {}. "]))
def test_the_foreign_flag_and_the_kept_value_agree(text, template):
    n = normalize(template.format(text, text))
    assert n.props.get("foreign") == bank.is_foreign(n.value)  # True or None for the value analyses see
    assert normalize(n.value) == n
