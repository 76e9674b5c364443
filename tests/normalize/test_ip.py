"""IP addresses: canonical text, scope, offline country, file country."""

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.ip import country_of, normalize, parse_country


@pytest.mark.parametrize("raw, value, version, scope", [
    ("14.160.0.1", "14.160.0.1", 4, "public"),
    (" 14.160.0.1 ", "14.160.0.1", 4, "public"),
    ("'113.161.78.12", "113.161.78.12", 4, "public"),
    ("113.161.078.012", "113.161.78.12", 4, "public"),       # zero-padded parts read as decimal
    ("::ffff:1.2.3.4", "1.2.3.4", 4, "public"),
    ("::FFFF:14.160.0.1", "14.160.0.1", 4, "public"),
    ("::ffff:0102:0304", "1.2.3.4", 4, "public"),
    ("1.2.3.4:8080", "1.2.3.4", 4, "public"),
    ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1", 6, "reserved"),
    ("2001:4860:4860::8888", "2001:4860:4860::8888", 6, "public"),
    ("[2001:4860::8888]:443", "2001:4860::8888", 6, "public"),
    ("2001:4860:4860:0:0:0:0:8888", "2001:4860:4860::8888", 6, "public"),
    ("10.1.2.3", "10.1.2.3", 4, "private"),
    ("172.16.0.1", "172.16.0.1", 4, "private"),
    ("172.31.255.255", "172.31.255.255", 4, "private"),
    ("172.32.0.1", "172.32.0.1", 4, "public"),
    ("192.168.1.10", "192.168.1.10", 4, "private"),
    ("fd12:3456::1", "fd12:3456::1", 6, "private"),
    ("100.64.0.9", "100.64.0.9", 4, "cgnat"),
    ("100.127.255.255", "100.127.255.255", 4, "cgnat"),
    ("100.128.0.1", "100.128.0.1", 4, "public"),
    ("127.0.0.1", "127.0.0.1", 4, "loopback"),
    ("::1", "::1", 6, "loopback"),
    ("169.254.10.1", "169.254.10.1", 4, "link_local"),
    ("fe80::1%eth0", "fe80::1", 6, "link_local"),
    ("224.0.0.251", "224.0.0.251", 4, "multicast"),
    ("ff02::1", "ff02::1", 6, "multicast"),
    ("0.0.0.0", "0.0.0.0", 4, "unspecified"),
    ("::", "::", 6, "unspecified"),
    ("192.0.2.1", "192.0.2.1", 4, "reserved"),
    ("240.0.0.1", "240.0.0.1", 4, "reserved"),
    ("255.255.255.255", "255.255.255.255", 4, "reserved"),
])
def test_accepted(raw, value, version, scope):
    result = normalize(raw)
    assert (result.value, result.props["version"], result.props["scope"]) == (value, version, scope)
    assert normalize(value).value == value
    if scope != "public":
        assert result.props["foreign"] is False and "country" not in result.props


def test_port_is_kept_in_props():
    assert normalize("1.2.3.4:8080").props["port"] == 8080
    assert "port" not in normalize("1.2.3.4").props


def test_offline_country_database():
    code, source = country_of("14.160.0.1")
    assert code == "VN"
    assert "GeoLite2-Country" in source and any(ch.isdigit() for ch in source)
    vn = normalize("14.160.0.1").props
    assert vn["country"] == "VN" and vn["foreign"] is False and vn["country_source"] == source
    us = normalize("8.8.8.8").props
    assert us["country"] == "US" and us["foreign"] is True and us["country_source"] == source


def test_no_country_for_addresses_the_database_does_not_know():
    assert country_of("2001:4860:4860::8888")[0] is None  # the shipped database is IPv4 only
    props = normalize("2001:4860:4860::8888").props
    assert "country" not in props and props["foreign"] is False


@pytest.mark.parametrize("ip, country, expected, foreign", [
    ("8.8.8.8", "VN", "VN", False),
    ("14.160.0.1", "KH", "KH", True),
    ("14.160.0.1", "Campuchia", "KH", True),
    ("14.160.0.1", "cambodia", "KH", True),
    ("14.160.0.1", "Việt Nam", "VN", False),
    ("14.160.0.1", "vn", "VN", False),
    ("10.0.0.1", "KH", "KH", False),        # a private address is never foreign
    ("2001:4860::1", "SG", "SG", True),
])
def test_file_country_wins(ip, country, expected, foreign):
    props = normalize(ip, country=country).props
    assert props["country"] == expected and props["country_source"] == "file" and props["foreign"] is foreign


@pytest.mark.parametrize("country", [None, "", "  ", float("nan")])
def test_empty_file_country_falls_back_to_database(country):
    assert normalize("8.8.8.8", country=country).props["country_source"] != "file"


def test_parse_country():
    assert [parse_country(x) for x in ("VN", "Trung Quốc", "USA", "Hoa Kỳ", "Atlantis", None)] == [
        "VN", "CN", "US", "US", "ATLANTIS", None]


@pytest.mark.parametrize("raw, reason", [
    ("999.1.1.1", "above 255"),
    ("256.0.0.1", "above 255"),
    ("abc", "not an IP address"),
    ("1.2.3", "not an IP address"),
    ("1.2.3.4.5", "not an IP address"),
    ("1.2.3.4/24", "not an IP address"),
    ("2001:db8::g", "not an IP address"),
    ("1.2.3.4, 5.6.7.8", "not an IP address"),
    ("", "empty"),
    (None, "empty"),
])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


@settings(max_examples=300, deadline=None)
@given(st.ip_addresses(v=4), st.sampled_from(["{}", " {} ", "::ffff:{}", "::FFFF:{}", "{}:443", "'{}"]))
def test_ipv4_spellings(addr, style):
    result = normalize(style.format(addr))
    assert result.value == str(addr)
    assert result.props["version"] == 4
    assert normalize(result.value).value == result.value


@settings(max_examples=300, deadline=None)
@given(st.ip_addresses(v=6), st.booleans(), st.booleans())
def test_ipv6_spellings(addr, exploded, upper):
    text = addr.exploded if exploded else str(addr)
    text = text.upper() if upper else text
    result = normalize(text)
    expected = str(addr.ipv4_mapped) if addr.ipv4_mapped else str(addr)
    assert result.value == expected
    assert normalize(result.value).value == expected
    if addr.ipv4_mapped is None:
        assert result.value == result.value.lower() and ipaddress.ip_address(result.value) == addr


@settings(max_examples=200, deadline=None)
@given(st.ip_addresses())
def test_non_public_is_never_foreign(addr):
    props = normalize(str(addr), country="US").props
    if props["scope"] != "public":
        assert props["foreign"] is False
    else:
        assert props["foreign"] is True
