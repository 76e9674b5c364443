"""The registry, lazy imports, doctests in every module, and per-call speed."""

import doctest
import importlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

import graphfraud.normalize as norm
from graphfraud.errors import InvalidValue
from graphfraud.normalize import NORMALIZERS, TYPES, Normalized, normalize

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["base", "phone", "account", "bank", "ip", "device", "social", "email", "url", "national_id", "amount",
           "timestamp", "person"]


def test_registry_has_every_type():
    assert set(NORMALIZERS) == {"phone", "account", "bank", "ip", "device", "social", "email", "url",
                                "national_id", "amount", "timestamp", "person"} == set(TYPES)


@pytest.mark.parametrize("type_name, raw, kw, value", [
    ("phone", "0912 345 678", {}, "+84912345678"),
    ("phone", "012 345 678", {"default_region": "KH"}, "+85512345678"),
    ("account", "0071 0001 23456", {}, "0071000123456"),
    ("bank", "vietcom bank", {}, "VCB"),
    ("ip", "::ffff:1.2.3.4", {}, "1.2.3.4"),
    ("ip", "8.8.8.8", {"country": "KH"}, "8.8.8.8"),
    ("device", "35-209900-176148-1", {}, "352099001761481"),
    ("social", "@abc", {"platform": "tg"}, "telegram:abc"),
    ("email", "A@B.VN", {}, "a@b.vn"),
    ("url", "https://Hotro-Vietcombank.com.vn/login", {}, "hotro-vietcombank.com.vn"),
    ("national_id", "001 090 012 345", {}, "001090012345"),
    ("amount", "1.500.000 đ", {}, "1500000"),
    ("timestamp", "01/02/2024 13:45", {}, "2024-02-01T13:45:00+07:00"),
    ("person", " NGUYỄN  VĂN A ", {}, "NGUYỄN VĂN A"),
])
def test_normalize_by_name(type_name, raw, kw, value):
    result = normalize(type_name, raw, **kw)
    assert isinstance(result, Normalized) and result.value == value
    assert NORMALIZERS[type_name](raw, **kw) == result


def test_unknown_type_and_rejects():
    with pytest.raises(KeyError, match="unknown value type"):
        normalize("colour", "red")
    for name in TYPES:
        with pytest.raises(InvalidValue):
            NORMALIZERS[name]("")
        with pytest.raises(InvalidValue):
            NORMALIZERS[name](None)


def test_invalid_value_is_a_value_error():
    with pytest.raises(ValueError):
        normalize("phone", "abc")


def test_import_is_light():
    code = ("import sys, time; t = time.process_time(); import graphfraud.normalize; "
            "d = time.process_time() - t; "
            "heavy = [m for m in ('pandas', 'numpy', 'phonenumbers', 'geoip2fast', 'publicsuffixlist') "
            "if m in sys.modules]; print(heavy, d)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    heavy, seconds = out.stdout.rsplit(" ", 1)
    assert heavy == "[]", out.stdout
    assert float(seconds) < 0.3


def test_nothing_touches_the_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for name in ("ip", "url"):  # modules that load bundled data
        importlib.reload(importlib.import_module(f"graphfraud.normalize.{name}"))
    assert normalize("ip", "8.8.8.8").props["country"] == "US"
    assert normalize("url", "a.b.com.vn").value == "b.com.vn"


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name):
    module = importlib.import_module(f"graphfraud.normalize.{name}")
    assert module.__doc__ and ">>>" in module.__doc__, f"{name} needs a docstring with examples"
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_package_doctests():
    result = doctest.testmod(norm)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("type_name, raw, budget_us", [
    ("phone", "0912 345 678", 150), ("account", "0071 0001 23456", 30), ("bank", "Ngân hàng TMCP Kỹ Thương", 150),
    ("ip", "14.160.0.1", 100), ("device", "35-209900-176148-1", 60), ("social", "https://m.facebook.com/a.b/", 80),
    ("email", "a.b@gmail.com", 40), ("url", "https://a.b.com.vn/x", 150), ("national_id", "001090012345", 40),
    ("amount", "1.500.000,50 đ", 80), ("timestamp", "01/02/2024 13:45:10", 80), ("person", "Nguyễn Văn A", 60),
])
def test_per_value_speed(type_name, raw, budget_us):
    fn = NORMALIZERS[type_name]
    fn(raw)  # load the module and its tables
    n = 2000
    best = min(_timed(fn, raw, n) for _ in range(3))
    assert best / n * 1e6 < budget_us  # generous: ~5x the measured cost on a 2-core machine


def _timed(fn, raw, n):  # CPU time of this process: other work on the machine does not count
    start = time.process_time()
    for _ in range(n):
        fn(raw)
    return time.process_time() - start
