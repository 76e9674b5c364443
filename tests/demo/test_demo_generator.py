"""Tests of graphfraud.demo.generator: determinism, headers, ground-truth consistency, scale."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import timedelta

import pytest

from graphfraud.demo import _vocab as V
from graphfraud.demo import generate
from graphfraud.demo.generator import (
    EXTRA_COLUMNS,
    FILE_NAMES,
    GROUND_TRUTH_NAME,
    HEADERS,
    default_orgs,
    main,
)
from tests.demo._demo_read import (
    digits,
    fold,
    load_fields,
    parse_amount,
    parse_ts,
    phone_e164,
    read_table,
    records,
)

FIELDS = load_fields()
TWO_HOURS = timedelta(hours=2)
BANK_OF_SPELLING = {s: b.key for b in V.BANKS for s in b.spellings} | {
    s: k for k, (_, sp) in V.FOREIGN_BANKS.items() for s in sp}


def gt_of(manifest) -> dict:
    return json.loads(manifest.ground_truth.read_text(encoding="utf-8"))


def transactions(manifest) -> list[dict]:
    """Both bank exports as dicts: id, t, src, src_bank, dst, dst_bank, amount."""
    out = []
    csv_path, xlsx_path = manifest.files["transactions"]
    for path, amount_col in ((csv_path, 6), (xlsx_path, 7)):
        _, rows = read_table(path)
        for r in rows:
            out.append({"id": r[0], "t": parse_ts(r[1]),
                        "src": digits(r[2]), "src_bank": BANK_OF_SPELLING[r[3]],
                        "dst": digits(r[4]), "dst_bank": BANK_OF_SPELLING[r[5]],
                        "amount": parse_amount(r[amount_col])})
    return out


@pytest.fixture(scope="module")
def gt(demo_case):
    return gt_of(demo_case)


@pytest.fixture(scope="module")
def txns(demo_case):
    return transactions(demo_case)


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_bytes(demo_case, tmp_path):
    again = generate(tmp_path / "again", seed=7)
    names = [p.name for p in demo_case.all_files()] + [GROUND_TRUTH_NAME]
    for name in names:
        assert (demo_case.out_dir / name).read_bytes() == (again.out_dir / name).read_bytes(), name


def test_different_seed_gives_different_files(demo_case, tmp_path):
    other = generate(tmp_path / "seed8", seed=8)
    for p in demo_case.all_files():
        assert p.read_bytes() != (other.out_dir / p.name).read_bytes(), p.name
    assert gt_of(other)["mules"] != gt_of(demo_case)["mules"]


# --------------------------------------------------------------------------- files and headers


def test_manifest_lists_every_kind_and_row_counts(demo_case):
    # every kind but one account's statement: the demo's money comes as bank exports (statements are
    # tested with real statement layouts in tests/loaders/test_statements.py)
    assert set(demo_case.files) == set(FIELDS.KINDS) - {"statements"}
    for kind, paths in demo_case.files.items():
        assert [p.name for p in paths] == list(FILE_NAMES[kind])
        for p in paths:
            assert p.is_file()
            _, rows = read_table(p)
            assert len(rows) == demo_case.rows[p.name], p.name
    assert demo_case.ground_truth.is_file()
    assert demo_case.n_transfers == 4000 and demo_case.n_orgs == 4


def test_file_formats(demo_case):
    csv_path, xlsx_path = demo_case.files["transactions"]
    assert csv_path.read_bytes().startswith("\ufeff".encode("utf-8"))        # UTF-8 with BOM
    assert b"\r\n" in csv_path.read_bytes()[:500]
    assert xlsx_path.read_bytes()[:2] == b"PK"
    assert json.loads(demo_case.files["logins"][0].read_text(encoding="utf-8"))[0]["account_number"]
    for p in demo_case.all_files():
        if p.suffix == ".csv":
            p.read_bytes().decode("utf-8")                                    # valid UTF-8


def _field_matches(header: str, kind: str) -> list[str]:
    h = fold(header)
    return [f for f in FIELDS.KINDS[kind] if h == fold(f) or h in FIELDS.ALIASES.get(f, ())]


def _any_field(header: str, but: str = "") -> bool:
    """The header names a field of some kind; with ``but``, a field that is not only a statement's
    (a KYC registry's "Số dư" is a statement's balance, not a field of the registry)."""
    h = fold(header)
    only_statements = set(FIELDS.KINDS["statements"]) - {f for k, fs in FIELDS.KINDS.items() if k != "statements"
                                                          for f in fs}
    return any(h == fold(f) or h in FIELDS.ALIASES.get(f, ()) for k, fs in FIELDS.KINDS.items() for f in fs
               if not (but and but != "statements" and f in only_statements))


def test_headers_map_through_fields_table(demo_case):
    for kind, paths in demo_case.files.items():
        for p in paths:
            header, _ = read_table(p)
            extras = EXTRA_COLUMNS[p.name]
            assert extras, f"{p.name} should carry at least one unmapped column"
            mapped = {}
            for h in header:
                if h in extras:
                    assert not _any_field(h, but=kind), f"{p.name}: extra column {h!r} maps to a field"
                    continue
                m = _field_matches(h, kind)
                assert len(m) == 1, f"{p.name}: header {h!r} -> {m}"
                assert m[0] not in mapped.values(), f"{p.name}: two headers map to {m[0]}"
                mapped[h] = m[0]
            fields = set(mapped.values())
            assert any(set(sig) <= fields for sig in FIELDS.KIND_SIGNATURES[kind]), p.name
            for other, sigs in FIELDS.KIND_SIGNATURES.items():
                if other == kind:
                    continue
                other_fields = {f for h in header if h not in extras for f in _field_matches(h, other)}
                assert not any(set(sig) <= other_fields for sig in sigs), f"{p.name} also looks like {other}"


def test_headers_use_vietnamese_accents_where_vietnamese(demo_case):
    header, _ = read_table(demo_case.files["transactions"][0])
    assert "Tài khoản ghi nợ" in header and "Ngân hàng nhận" in header
    header, _ = read_table(demo_case.files["transactions"][1])
    assert "Debit Account" in header and "Credit Account" in header


# --------------------------------------------------------------------------- identifier hygiene


def test_account_cells_are_8_to_16_digits(demo_case, gt, txns):
    bad_accounts = {r["value"] for r in gt["expected_rejects"] if r["field"] == "account"}
    seen = [t["src"] for t in txns] + [t["dst"] for t in txns]
    for r in records(demo_case.files["accounts"][0]):
        if r["Số tài khoản"] not in bad_accounts:
            assert isinstance(r["Số tài khoản"], str)
            seen.append(digits(r["Số tài khoản"]))
    seen += [digits(r["account_number"]) for r in records(demo_case.files["logins"][0])]
    for r in records(demo_case.files["reports"][0]):
        seen += [digits(r[c]) for c in ("STK nạn nhân", "STK đối tượng") if r[c]]
    for a in seen:
        assert a.isdigit() and 8 <= len(a) <= 16, a


def test_same_account_number_is_always_the_same_bank(txns):
    bank_of: dict[str, str] = {}
    for t in txns:
        for a, b in ((t["src"], t["src_bank"]), (t["dst"], t["dst_bank"])):
            assert bank_of.setdefault(a, b) == b, a


def test_transaction_ids_unique(txns):
    ids = [t["id"] for t in txns]
    assert len(ids) == len(set(ids))


def test_ground_truth_values_are_canonical(gt):
    for org in gt["organisations"]:
        for a in org["mule_accounts"] + org["cashout_accounts"]:
            assert re.fullmatch(r"\d{8,16}", a)
        for p in org["scam_phones"]:
            assert re.fullmatch(r"\+\d{8,15}", p)
        for d in org["devices"]:
            assert d == d.lower()
        for s in org["socials"]:
            platform, handle = s.split(":", 1)
            assert platform in ("facebook", "zalo", "telegram") and s == s.lower()
            if platform == "zalo":
                assert re.fullmatch(r"\+84\d{9}", handle)
        for u in org["urls"]:
            assert "/" not in u and not u.startswith("www.") and u == u.lower()
        assert {o["type"] for o in org["organizers"]} >= {"account", "device", "phone"}
    for v in gt["victims"]:
        assert re.fullmatch(r"\+84\d{9}", v["phone"])


# --------------------------------------------------------------------------- ground truth vs files


def test_every_mule_and_cashout_appears_in_transactions(gt, txns):
    accounts = {t["src"] for t in txns} | {t["dst"] for t in txns}
    assert gt["mules"] and gt["cashout"]
    for a in gt["mules"] + gt["cashout"]:
        assert a in accounts, a
    assert set(gt["mules"]) == {a for o in gt["organisations"] for a in o["tier1"] + o["tier2"]}


def test_every_victim_case_has_one_report(demo_case, gt):
    reports = records(demo_case.files["reports"][0])
    ids = [r["Mã vụ việc"] for r in reports]
    assert len(ids) == len(set(ids))
    assert set(ids) == {v["case_id"] for v in gt["victims"]}
    assert sorted(c for camp in gt["campaigns"] for c in camp) == sorted(ids)
    by_case = {r["Mã vụ việc"]: r for r in reports}
    for v in gt["victims"]:
        r = by_case[v["case_id"]]
        assert re.fullmatch(r"VV-2024-\d{4}", v["case_id"])
        assert digits(r["STK nạn nhân"]) == v["account"]
        assert phone_e164(r["SĐT nạn nhân"]) == v["phone"]
        assert r["SĐT đối tượng"] or r["STK đối tượng"]
        if r["STK đối tượng"]:
            org = next(o for o in gt["organisations"] if o["id"] == v["org"])
            assert digits(r["STK đối tượng"]) in org["tier1"]
        assert parse_amount(r["Số tiền thiệt hại"]) == v["amount_lost"]
        assert 5_000_000 <= v["amount_lost"] <= 500_000_000
        assert r["Thủ đoạn"].lower() in V.SCAM_TYPES


def test_money_path_victim_tier1_tier2_cashout(gt, txns):
    out = defaultdict(list)
    for t in txns:
        out[t["src"]].append(t)

    def next_hop(acct, after, targets):
        return [t for t in out[acct] if t["dst"] in targets and after < t["t"] <= after + TWO_HOURS]

    orgs = {o["id"]: o for o in gt["organisations"]}
    for v in gt["victims"]:
        org = orgs[v["org"]]
        paid = [t for t in out[v["account"]] if t["dst"] in org["tier1"]]
        assert paid, v["case_id"]
        assert sum(t["amount"] for t in paid) == v["amount_lost"]
        reached = set()
        for p in paid:
            for h1 in next_hop(p["dst"], p["t"], set(org["tier2"])):
                for h2 in next_hop(h1["dst"], h1["t"], set(org["cashout_accounts"])):
                    reached.add(h2["dst"])
        assert reached, f"no victim->tier1->tier2->cashout path for {v['case_id']}"
        assert reached & set(v["cashout_reached"]), v["case_id"]
        assert set(v["cashout_reached"]) <= set(org["cashout_accounts"])
    # cash-out accounts send money abroad or to crypto afterwards
    for org in gt["organisations"]:
        exits = {e["account"] for e in org["exit_accounts"]}
        assert any(t["dst"] in exits for c in org["cashout_accounts"] for t in out[c])


def test_confounders(gt, txns, demo_case):
    senders = defaultdict(set)
    receivers_by_day = defaultdict(lambda: defaultdict(set))
    for t in txns:
        senders[t["dst"]].add(t["src"])
        receivers_by_day[t["src"]][t["t"].date()].add(t["dst"])
    assert len(gt["merchants"]) >= 3
    for m in gt["merchants"]:
        assert len(senders[m]) > 50, m
    for p in gt["payroll"]:
        assert max(len(d) for d in receivers_by_day[p].values()) >= 30, p
    victim_accounts = {v["account"] for v in gt["victims"]}
    for h in gt["hubs"]:
        assert senders[h] & victim_accounts, "hubs are paid by victims too"
        assert len(senders[h] - victim_accounts) >= 50
    logins = records(demo_case.files["logins"][0])
    for a in gt["legit_foreign_login_accounts"]:
        assert {r["country_code"] for r in logins if digits(r["account_number"]) == a} & {"JP", "KR", "TW"}
    assert gt["family_forwarders"]
    flagged = set(gt["mules"]) | set(gt["cashout"])
    for group in ("merchants", "payroll", "legit_foreign_login_accounts", "family_forwarders", "hubs"):
        assert not set(gt[group]) & flagged


def test_mules_log_in_from_foreign_ips_on_shared_devices(demo_case, gt):
    logins = records(demo_case.files["logins"][0])
    for org in gt["organisations"]:
        mules = set(org["mule_accounts"])
        ips = set(org["ips"])
        devs = defaultdict(set)
        foreign = 0
        for r in logins:
            a = digits(r["account_number"])
            if a in mules and r["device_id"]:
                devs[r["device_id"].lower()].add(a)
                foreign += r["ip_address"] in ips
        assert foreign > 0
        assert set(devs) & set(org["devices"])
        assert max(len(v) for v in devs.values()) >= 2, "a device is shared by several mules"


def test_scam_phones_call_victims(demo_case, gt):
    header, rows = read_table(demo_case.files["calls"][0])
    junk = {r["value"] for r in gt["expected_rejects"] if r["file"] == demo_case.files["calls"][0].name}
    pairs = set()
    for r in rows:
        if r[0] in junk or r[1] in junk:
            continue
        a, b = phone_e164(r[0]), phone_e164(r[1])
        assert a and b, r
        pairs.add((a, b))
    orgs = {o["id"]: o for o in gt["organisations"]}
    for v in gt["victims"]:
        assert any((p, v["phone"]) in pairs for p in orgs[v["org"]]["scam_phones"]), v["case_id"]


def test_every_organisation_identifier_occurs_in_the_files(demo_case, gt):
    texts = []
    for p in demo_case.all_files():
        if p.suffix == ".xlsx":
            texts += [" ".join("" if c is None else str(c) for c in r) for r in read_table(p)[1]]
        else:
            texts.append(p.read_text(encoding="utf-8-sig"))
    text = "\n".join(texts).lower()
    callers = {phone_e164(r[0]) for r in read_table(demo_case.files["calls"][0])[1]}
    social_phones = set()
    for r in records(demo_case.files["social"][0]):
        if r["Nền tảng"].lower() == "zalo":
            social_phones.add(phone_e164(r["Tài khoản MXH"]))
    for org in gt["organisations"]:
        assert set(org["scam_phones"]) <= callers, org["id"]
        for v in org["devices"] + org["emails"] + org["urls"]:
            assert v in text, v
        for ip in org["ips"]:
            assert re.search(rf"(?<![\d.]){re.escape(ip)}(?![\d])", text), ip
        for s in org["socials"]:
            platform, handle = s.split(":", 1)
            assert (handle in social_phones) if platform == "zalo" else (handle in text), s


def test_expected_rejects_are_where_they_say(demo_case, gt):
    rej = gt["expected_rejects"]
    assert 3 <= sum(r["field"] in ("phone", "caller", "callee") for r in rej) <= 5
    assert {"account", "ip"} <= {r["field"] for r in rej}
    assert "9.12345678E8" in {r["value"] for r in rej} and "999.1.1.1" in {r["value"] for r in rej}
    for r in rej:
        header, rows = read_table(demo_case.out_dir / r["file"])
        assert rows[r["row"] - 1][header.index(r["column"])] == r["value"], r


def test_hard_coded_ips_geolocate_where_listed(gt):
    geo = pytest.importorskip("geoip2fast")
    g = geo.GeoIP2Fast()
    for cc, nets in V.IP_NETS.items():
        for net in nets:
            for host in (1, 100, 254):
                assert g.lookup(f"{net}.{host}").country_code == cc, (net, host)
    for org in gt["organisations"]:
        for ip in org["ips"]:
            assert g.lookup(ip).country_code in ("KH", "CN", "PH"), ip


# --------------------------------------------------------------------------- scale and CLI


@pytest.mark.slow
def test_200k_transfers(tmp_path):
    m = generate(tmp_path / "big", seed=3, n_transfers=200_000)
    gt = gt_of(m)
    assert m.n_orgs == default_orgs(200_000) > 4
    assert gt["counts"]["background_transactions"] == 200_000
    n_rows = 0
    for p in m.files["transactions"]:
        if p.suffix == ".csv":
            with open(p, "rb") as f:
                rows = sum(1 for _ in f) - 1
        else:
            rows = len(read_table(p)[1])
        assert rows == m.rows[p.name]
        n_rows += rows
    specials = sum(gt["counts"]["special_transactions"].values())
    assert n_rows == gt["counts"]["transactions"] == 200_000 + specials
    assert len(gt["organisations"]) == m.n_orgs
    assert len(gt["victims"]) == m.rows["don_to_giac.csv"]


def test_cli(tmp_path, capsys):
    assert main([str(tmp_path / "cli"), "--seed", "5", "--transfers", "500", "--orgs", "2"]) == 0
    gt = json.loads((tmp_path / "cli" / GROUND_TRUTH_NAME).read_text(encoding="utf-8"))
    assert gt["seed"] == 5 and gt["n_transfers"] == 500 and len(gt["organisations"]) == 2
    assert "generated in" in capsys.readouterr().out


def test_rejects_bad_sizes(tmp_path):
    with pytest.raises(ValueError):
        generate(tmp_path / "x", n_transfers=-1)
    with pytest.raises(ValueError):
        generate(tmp_path / "y", n_orgs=0)


def test_fold_agrees_with_the_package_fold():
    base = pytest.importorskip("graphfraud.normalize.base")
    for headers in HEADERS.values():
        for h in headers:
            assert base.fold(h) == fold(h), h
